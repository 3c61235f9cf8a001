"""Judge the description-only suites offline and print JUDGE.md's table rows.

The suites, each judged on its reference pages and on the same pages without scripts:

- ``bundled``: the 29 bundled tasks exported in the published layout and stripped of our
  ``iwr`` key (no authored hints, expectations or reference text; a Type's text and a
  Press's key stay, as published rows may carry them);
- ``described``: the 13 description-only tasks of ``tasks-described/``;
- ``heldout``: the held-out description-only tasks of ``tasks-heldout/`` (nothing may be
  tuned on them; judged only when asked, ``--suite heldout``, so the default rows stay);
- ``heldout2``: the second held-out set, ``tasks-heldout2/`` (the same rules, on pages
  neither other set uses; judged only when asked, ``--suite heldout2``);
- ``heldout3``: the third held-out set, ``tasks-heldout3/`` (the same rules, written after
  the second had been read; judged only when asked, ``--suite heldout3``);
- ``heldout4``: the fourth held-out set, ``tasks-heldout4/`` (the same rules, written after
  the third had been read, four of its pages new; judged only when asked, ``--suite heldout4``);
- ``heldout5``: the fifth held-out set, ``tasks-heldout5/`` (the same rules, written after
  the fourth had been read, all three of its pages new; judged only when asked,
  ``--suite heldout5``);
- ``heldout6``: the sixth held-out set, ``tasks-heldout6/`` (the same rules, written after
  the fifth had been read, all three of its pages new; judged only when asked,
  ``--suite heldout6``);
- ``heldout7``: the seventh held-out set, ``tasks-heldout7/`` (the same rules, written after
  the sixth had been read, all three of its pages new; judged only when asked,
  ``--suite heldout7``);
- ``heldout8``: the eighth held-out set, ``tasks-heldout8/`` (the same rules, written after
  the seventh had been read, all three of its pages new; judged only when asked,
  ``--suite heldout8``);
- ``heldout9``: the ninth held-out set, ``tasks-heldout9/`` (the same rules, written beside
  the eighth, all three of its pages new; judged only when asked, ``--suite heldout9``);
- ``heldout10`` and ``heldout11``: the tenth and eleventh, ``tasks-heldout10/`` and
  ``tasks-heldout11/`` (the same rules, written side by side while the eighth and ninth
  were still unread, all six pages new; judged only when asked);
- ``heldout12`` and ``heldout13``: the twelfth and thirteenth, ``tasks-heldout12/`` and
  ``tasks-heldout13/`` (the same rules, written side by side while the tenth and eleventh
  were still unread, all six pages new; judged only when asked);
- ``heldout14`` and ``heldout15``: the fourteenth and fifteenth, ``tasks-heldout14/`` and
  ``tasks-heldout15/`` (the same rules, written side by side while the twelfth and
  thirteenth were still unread, all six pages new; judged only when asked);
- ``heldout16`` and ``heldout17``: the sixteenth and seventeenth, ``tasks-heldout16/`` and
  ``tasks-heldout17/`` (the same rules, written side by side while the fourteenth and
  fifteenth were still unread, all six pages new; judged only when asked).

Per row: actions passed (the successful prefixes), wrong targets (executed clicks and
types whose click point is not on the element the reference's own recording acted on:
``tasks/<id>/checkpoints/reference_trace.json`` for the bundled suite,
``reference_boxes.json`` in the folder of each of the others), IFS, VFS and Final
(means over the tasks, in percent) and the wall clock of ``iwr judge``. Each run gets an
empty OCR cache unless ``--warm``.

    python -m benchmarks.judge_suite --work /tmp/iwr-suite                 # all four rows
    python -m benchmarks.judge_suite --suite described --pages reference --details
    python -m benchmarks.judge_suite --suite heldout                      # the held-out set
    python -m benchmarks.judge_suite --suite heldout2                     # the second one
    python -m benchmarks.judge_suite --suite heldout3                     # the third one
    python -m benchmarks.judge_suite --suite heldout4                     # the fourth one
    python -m benchmarks.judge_suite --suite heldout5                     # the fifth one
    python -m benchmarks.judge_suite --suite heldout6                     # the sixth one
    python -m benchmarks.judge_suite --suite heldout7                     # the seventh one
    python -m benchmarks.judge_suite --suite heldout8                     # the eighth one
    python -m benchmarks.judge_suite --suite heldout9                     # the ninth one
    python -m benchmarks.judge_suite --suite heldout10                    # the tenth one
    python -m benchmarks.judge_suite --suite heldout11                    # the eleventh
    python -m benchmarks.judge_suite --suite heldout12 --suite heldout13  # the 12th and 13th
    python -m benchmarks.judge_suite --suite heldout14 --suite heldout15  # the 14th and 15th
    python -m benchmarks.judge_suite --suite heldout16 --suite heldout17  # the newest two
    python -m benchmarks.judge_suite --pages reference --task music-player --task d-music

Runs containers and browsers: on the shared 2-core machine, under the heavy lock
(``flock /tmp/iwr-heavy.lock ...``). ``--details`` lists every step that failed on its
own (target not found, assertion failed, wrong target), for finding what to fix.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaluator.reporting.escape import terminal

REPO = Path(__file__).resolve().parents[1]
BUNDLED_TASKS = REPO / "tasks"
# The suites kept in the published layout in their own folder (make_sources.py beside).
FOLDERS = {
    "described": REPO / "tasks-described",
    "heldout": REPO / "tasks-heldout",
    "heldout2": REPO / "tasks-heldout2",
    "heldout3": REPO / "tasks-heldout3",
    "heldout4": REPO / "tasks-heldout4",
    "heldout5": REPO / "tasks-heldout5",
    "heldout6": REPO / "tasks-heldout6",
    "heldout7": REPO / "tasks-heldout7",
    "heldout8": REPO / "tasks-heldout8",
    "heldout9": REPO / "tasks-heldout9",
    "heldout10": REPO / "tasks-heldout10",
    "heldout11": REPO / "tasks-heldout11",
    "heldout12": REPO / "tasks-heldout12",
    "heldout13": REPO / "tasks-heldout13",
    "heldout14": REPO / "tasks-heldout14",
    "heldout15": REPO / "tasks-heldout15",
    "heldout16": REPO / "tasks-heldout16",
    "heldout17": REPO / "tasks-heldout17",
}
SUITES = (
    "bundled",
    "described",
    "heldout",
    "heldout2",
    "heldout3",
    "heldout4",
    "heldout5",
    "heldout6",
    "heldout7",
    "heldout8",
    "heldout9",
    "heldout10",
    "heldout11",
    "heldout12",
    "heldout13",
    "heldout14",
    "heldout15",
    "heldout16",
    "heldout17",
)
# What runs without --suite: the rows JUDGE.md has always had.
DEFAULT_SUITES = ("bundled", "described")
PAGES = ("reference", "nojs")
_SCRIPT_RE = re.compile(r"<script\b.*?</script\s*>", re.IGNORECASE | re.DOTALL)
# A click point this close to the reference's box still lands on it (rounding, borders).
_SLACK = 2.0


@dataclass
class Row:
    """One line of the table, and the steps behind it for ``--details``."""

    suite: str
    pages: str
    passed: int = 0
    total: int = 0
    wrong: int = 0
    executed: int = 0
    ifs: float = 0.0
    vfs: float = 0.0
    final: float = 0.0
    seconds: float = 0.0
    details: list[str] = field(default_factory=list)

    def markdown(self, label: str) -> str:
        pages = "reference" if self.pages == "reference" else "without scripts"
        return (
            f"| {self.suite} | {pages} | {label} | {self.passed} / {self.total} | "
            f"{self.wrong} / {self.executed} | {self.ifs:.2f} | {self.vfs:.2f} | "
            f"{self.final:.2f} | {self.seconds:.0f} s |"
        )


def _iwr(*args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run([sys.executable, "-m", "evaluator.cli", *args], check=True, cwd=REPO, env=env)


def _strip_scripts(html: str) -> str:
    return _SCRIPT_RE.sub("", html)


def _write_pages(ids_to_html: dict[str, Path], dest: Path, nojs: bool) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    for task_id, source in ids_to_html.items():
        html = source.read_text(encoding="utf-8")
        (dest / task_id).mkdir(parents=True)
        (dest / task_id / "index.html").write_text(
            _strip_scripts(html) if nojs else html, encoding="utf-8"
        )


def _folder_sources(folder: Path) -> dict[str, str]:
    """Each task's bundled task (whose page it reuses), from the folder's make_sources.py."""
    spec = importlib.util.spec_from_file_location("make_sources", folder / "make_sources.py")
    if spec is None or spec.loader is None:
        return {}
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {task_id: entry[0] for task_id, entry in module.TASKS.items()}


def _serve_original_assets(data_dir: Path, sources: dict[str, str]) -> None:
    """Put each reference page's assets under their original names beside the anonymised
    ones. The export rewrites the asset paths a page spells out ("assets/logo.png"), but
    not those its scripts build ("assets/cover" + n + ".png"); the recording was made with
    every image shown, so without this the "reference" judged is not the page recorded
    (broken images: a smaller change when an icon's picture is swapped, a lower VFS)."""
    for task_id, source in sources.items():
        original = BUNDLED_TASKS / source / "reference" / "assets"
        dest = data_dir / task_id / "assets"
        if not original.is_dir() or not dest.is_dir():
            continue
        for path in sorted(original.iterdir()):
            if path.is_file() and not (dest / path.name).exists():
                shutil.copyfile(path, dest / path.name)


def prepare(work: Path) -> dict[str, Path]:
    """The stripped export and the page folders; returns each suite's data.jsonl."""
    work.mkdir(parents=True, exist_ok=True)
    pub = work / "pub"
    if pub.exists():
        shutil.rmtree(pub)
    _iwr("tasks", "export", "--tasks", str(BUNDLED_TASKS), "--out", str(pub))
    data = pub / "data.jsonl"
    rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        row.pop("iwr", None)
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    _serve_original_assets(pub / "data", {str(r["id"]): str(r["id"]) for r in rows})
    pages = {
        "bundled": {
            str(r["id"]): pub / "data" / str(r["id"]) / "reference" / "index.html" for r in rows
        },
    }
    datas = {"bundled": data}
    # The folder suites are copied, so their assets can be completed the same way.
    for suite, folder in FOLDERS.items():
        copy = work / suite
        if copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(folder / "data", copy / "data")
        shutil.copyfile(folder / "data.jsonl", copy / "data.jsonl")
        _serve_original_assets(copy / "data", _folder_sources(folder))
        pages[suite] = {
            p.parent.parent.name: p for p in sorted(copy.glob("data/*/reference/index.html"))
        }
        datas[suite] = copy / "data.jsonl"
    for suite, folders in pages.items():
        _write_pages(folders, work / f"{suite}-reference", nojs=False)
        _write_pages(folders, work / f"{suite}-nojs", nojs=True)
    return datas


def _reference_boxes(suite: str, task_id: str) -> dict[int, list[float]]:
    if suite in FOLDERS:
        path = FOLDERS[suite] / "reference_boxes.json"
        if not path.is_file():
            return {}
        boxes = json.loads(path.read_text(encoding="utf-8")).get(task_id, {})
        return {int(k): v for k, v in boxes.items()}
    trace = BUNDLED_TASKS / task_id / "checkpoints" / "reference_trace.json"
    steps = json.loads(trace.read_text(encoding="utf-8"))
    return {
        s["index"]: s["target"]["box"]
        for s in steps
        if isinstance(s.get("target"), dict) and s["target"].get("box")
    }


def _on_box(target: dict[str, Any], box: list[float]) -> bool:
    """Whether the judged click point (else its box's centre) lies on the reference box."""
    point = target.get("point")
    if not point:
        x, y, w, h = target["box"]
        point = [x + w / 2, y + h / 2]
    bx, by, bw, bh = box
    return (
        bx - _SLACK <= point[0] <= bx + bw + _SLACK and by - _SLACK <= point[1] <= by + bh + _SLACK
    )


def score_run(results: Path, suite: str, pages: str) -> Row:
    """The row of one judged run, from its results.json."""
    data = json.loads(results.read_text(encoding="utf-8"))
    row = Row(suite, pages)
    tasks = data["tasks"]
    for task in tasks:
        row.passed += int(task.get("passed") or 0)
        row.total += int(task.get("total") or 0)
        row.ifs += float(task.get("ifs") or 0) * 100 / len(tasks)
        row.vfs += float(task.get("vfs") or 0) * 100 / len(tasks)
        row.final += float(task.get("final") or 0) * 100 / len(tasks)
        boxes = _reference_boxes(suite, str(task["id"]))
        for step in task.get("steps") or []:
            target = step.get("target") or {}
            wrong = False
            if step.get("type") in ("click", "type") and target.get("box"):
                ref = boxes.get(int(step["index"]))
                if ref:
                    row.executed += 1
                    wrong = not _on_box(target, ref)
                    row.wrong += wrong
            if step.get("status") != "passed" or wrong:
                row.details.append(_detail(task["id"], step, wrong))
    return row


def _detail(task_id: str, step: dict[str, Any], wrong: bool) -> str:
    """One step for ``--details``: its target's text, ``why`` and ``reason`` quote the judged
    page, so each is made safe for the terminal (control characters shown, cut)."""
    target = step.get("target") or {}
    found = (
        f"{terminal(target.get('found_by'))} <{terminal(target.get('tag'))}> "
        f"{terminal(repr(str(target.get('text'))[:40]))}"
        if target
        else "-"
    )
    return (
        f"{task_id} #{step['index']} {terminal(step.get('type'))} [{terminal(step.get('status'))}"
        f"{' WRONG' if wrong else ''}] {terminal(repr(step.get('description')))}\n"
        f"    target: {found}; why: {terminal(target.get('why'), 200)}\n"
        f"    reason: {terminal(step.get('reason'), 300)}"
    )


def _suite_ids(data: Path) -> list[str]:
    return [
        str(json.loads(line)["id"])
        for line in data.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def run_name(suite: str, pages: str, tasks: list[str]) -> str:
    """The run folder: a subset of tasks gets its own, so the whole suite's stays."""
    return f"{suite}-{pages}" + ("-some" if tasks else "")


def judge(
    work: Path,
    data: Path,
    suite: str,
    pages: str,
    warm: bool,
    workers: int,
    tasks: list[str] | None = None,
) -> Row:
    """Judge one suite's pages (a fresh run) and score it; ``tasks``: only these ids."""
    env = dict(os.environ)
    cache = None
    if not warm:
        cache = tempfile.mkdtemp(prefix="iwr-ocr-")
        env["IWR_OCR_CACHE"] = cache
    run_id = run_name(suite, pages, tasks or [])
    only = [arg for task_id in tasks or [] for arg in ("--task", task_id)]
    started = time.monotonic()
    try:
        _iwr(
            "judge", "--tasks", str(data), "--pages", str(work / f"{suite}-{pages}"),
            "--out", str(work / "runs"), "--run-id", run_id, "--rejudge",
            "--workers", str(workers), *only, env=env,
        )  # fmt: skip
    finally:
        if cache:
            shutil.rmtree(cache, ignore_errors=True)
    row = score_run(work / "runs" / run_id / "results.json", suite, pages)
    row.seconds = time.monotonic() - started
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/iwr-suite"))
    parser.add_argument("--suite", choices=SUITES, action="append")
    parser.add_argument("--pages", choices=PAGES, action="append")
    parser.add_argument("--label", default="now", help="the table's 'code' column")
    parser.add_argument("--warm", action="store_true", help="keep the OCR cache")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--details", action="store_true", help="list failed and wrong steps")
    parser.add_argument(
        "--score-only", action="store_true", help="re-read the last runs' results, judge nothing"
    )
    parser.add_argument(
        "--task",
        action="append",
        default=[],
        help="judge only this task id (repeatable; a suite holding none of them is skipped); "
        "its rows cover those tasks only, in runs/<suite>-<pages>-some",
    )
    args = parser.parse_args(argv)
    suites, kinds = args.suite or list(DEFAULT_SUITES), args.pages or list(PAGES)
    data = {"bundled": args.work / "pub" / "data.jsonl"}
    data.update({suite: args.work / suite / "data.jsonl" for suite in FOLDERS})
    if not args.score_only:
        data = prepare(args.work)
    rows = []
    for suite in suites:
        tasks = [t for t in args.task if t in _suite_ids(data[suite])]
        if args.task and not tasks:
            continue
        for pages in kinds:
            if args.score_only:
                results = args.work / "runs" / run_name(suite, pages, tasks) / "results.json"
                rows.append(score_run(results, suite, pages))
            else:
                rows.append(
                    judge(args.work, data[suite], suite, pages, args.warm, args.workers, tasks)
                )
    for row in rows:
        if args.details:
            print(f"## {row.suite} / {row.pages}")
            print("\n".join(row.details))
    print(
        "| tasks | pages | code | actions passed | wrong targets | IFS | VFS | Final | wall clock |"
    )
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(row.markdown(args.label))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
