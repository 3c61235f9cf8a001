"""Judging pages unlike their reference on description-only tasks, timed: the validity
suite's restyled grade (``tests/evaluator/validity/candidates.py``: the reference in
another look and structure) of the stripped export, with an empty OCR cache.

A model's page differs from the reference's checkpoints on most of the screen, so the
visual text score reads it by OCR at every flagged step; the oracle pages of the published
suite (``suites.published_suites``) are the cheap case. This is the speed a real
submission gets. Runnable alone::

    python -m benchmarks.unlike --json unlike.json --task chat-app --task coffee-shop
    python -m benchmarks.unlike --json unlike.json --first 12   # chat-app .. memory-match

``--keep DIR`` keeps the run folders (traces, screenshots, results.json) for rescoring.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.suites import (  # noqa: E402
    SuiteRun,
    default_workers,
    judge_suite,
    stripped_export,
    with_original_assets,
)
from evaluator.scoring import ocr  # noqa: E402
from evaluator.tasks.loader import load_tasks  # noqa: E402
from evaluator.tasks.task import Task  # noqa: E402
from sandbox.runner.config import DEFAULT_BROWSER  # noqa: E402
from tests.evaluator.validity.candidates import restyled  # noqa: E402


def stage_restyled_pages(tasks: Sequence[Task], dest: Path) -> Path:
    """Each task's reference page restyled and restructured as the validity suite's
    restyled grade has it, as ``dest/<task-id>/index.html``."""
    for task in tasks:
        html, _ = restyled(task)
        (dest / task.id).mkdir(parents=True, exist_ok=True)
        (dest / task.id / "index.html").write_text(html, encoding="utf-8")
    return dest


def unlike_suite(
    tasks: Sequence[Task], work: Path, workers: int, browser: str
) -> tuple[SuiteRun, int]:
    """The restyled grade of ``tasks`` exported in the published layout and stripped,
    served with their assets' original names (``suites.with_original_assets``), judged at
    ``workers`` with a warm pool and an empty OCR cache of its own (checkpoints and judged
    screenshots all read in the run), nothing remembered in memory from before; with the
    Tesseract runs and seconds of the run, and how many of those runs read parts."""
    published = with_original_assets(
        stripped_export(tasks, work / "unlike-published"), tasks, work / "unlike-assets"
    )
    pages = stage_restyled_pages(published, work / "unlike-pages")
    previous = os.environ.get("IWR_OCR_CACHE")
    cache = work / "unlike-ocr-cache"
    shutil.rmtree(cache, ignore_errors=True)
    os.environ["IWR_OCR_CACHE"] = str(cache)
    ocr._MEMORY.clear()
    before = ocr.usage()
    try:
        suite = judge_suite(
            f"unlike-k{workers}", published, pages, work / "runs",
            workers=workers, warm=True, browser=browser,
        )  # fmt: skip
    finally:
        if previous is None:
            os.environ.pop("IWR_OCR_CACHE", None)
        else:
            os.environ["IWR_OCR_CACHE"] = previous
    after = ocr.usage()
    return dataclasses.replace(
        suite,
        ocr_runs=int(after["runs"] - before["runs"]),
        ocr_seconds=round(after["seconds"] - before["seconds"], 3),
    ), int(after.get("parts", 0) - before.get("parts", 0))


def passed_actions(suite: SuiteRun) -> int:
    """Actions in the successful prefixes of the suite's pages (its results.json)."""
    data = json.loads((suite.run_dir / "results.json").read_text(encoding="utf-8"))
    return sum(int(t.get("passed") or 0) for t in data.get("tasks", []))


def unlike_figures(suite: SuiteRun, parts: int) -> dict[str, Any]:
    """``published_unlike_actions_per_s`` and what it was measured on."""
    return {
        "published_unlike_actions_per_s": suite.actions_per_s,
        "published_unlike": {
            "workers": suite.workers,
            "wall_s": suite.wall_s,
            "actions": suite.actions,
            "passed_actions": passed_actions(suite),
            "ok_tasks": suite.ok_tasks,
            "tasks": suite.tasks,
            "ocr_runs": suite.ocr_runs,
            "ocr_part_runs": parts,
            "ocr_seconds": suite.ocr_seconds,
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, required=True, help="where to write the figures")
    parser.add_argument("--task", action="append", default=[], help="task id (repeatable)")
    parser.add_argument("--first", type=int, default=0, help="the first N tasks by id")
    parser.add_argument("--tasks-dir", type=Path, default=REPO / "tasks")
    parser.add_argument("--keep", type=Path, default=None, help="keep the run folders here")
    parser.add_argument("--browser", default=DEFAULT_BROWSER)
    args = parser.parse_args(argv)
    everything = sorted(load_tasks(args.tasks_dir), key=lambda t: t.id)
    by_id = {t.id: t for t in everything}
    tasks = [by_id[i] for i in args.task] or everything[: args.first or len(everything)]
    work = args.keep or Path(tempfile.mkdtemp(prefix="iwr-unlike-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"restyled pages of {len(tasks)} stripped tasks ({sum(len(t.actions) for t in tasks)} "
          "actions), empty OCR cache ...", flush=True)  # fmt: skip
    suite, parts = unlike_suite(tasks, work, default_workers(), args.browser)
    figures = {**unlike_figures(suite, parts), "tasks": [t.id for t in tasks]}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
