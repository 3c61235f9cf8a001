"""Score a kept suite's evidence again, offline, and say what OCR it took: each step's
visual components and each page's IFS, VFS and Final, and the Tesseract runs by kind
(whole checkpoints, whole judged screenshots, parts of judged screenshots) with their
seconds. Run it with two versions of the scoring code on the same run folder to see what
a change to the readings does to the scores (``--compare``)::

    python -m benchmarks.rescore --run DIR/runs/unlike-k2 --tasks DIR/unlike-published/desc.jsonl \\
        --json after.json
    python -m benchmarks.rescore --compare before.json after.json

An OCR cache of its own, empty, unless ``--ocr-cache`` names one.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from evaluator.scoring import images, ocr, ocr_like  # noqa: E402
from evaluator.scoring.score import score_task  # noqa: E402
from evaluator.tasks.loader import load_tasks  # noqa: E402
from sandbox.runner.record import Step  # noqa: E402


def _counting(run_dir: Path) -> dict[str, list[float]]:
    """Wrap Tesseract's runs (``ocr._run``) to record each one's kind and seconds (a
    judged screenshot is under ``run_dir``; anything else read whole is a checkpoint), and
    the area of each part read (megapixels, under ``part_mpx``)."""
    runs: dict[str, list[float]] = {"checkpoint": [], "screenshot": [], "part": [], "part_mpx": []}
    lock = threading.Lock()
    real = ocr._run

    def run(exe: str, path: Path, image: Any = None) -> ocr.OcrResult:
        started = time.monotonic()
        try:
            return real(exe, path, image)
        finally:
            kind = (
                "part"
                if image is not None
                else "screenshot"
                if run_dir.resolve() in path.resolve().parents
                else "checkpoint"
            )
            with lock:
                runs[kind].append(time.monotonic() - started)
                if image is not None:
                    runs["part_mpx"].append(image.width * image.height / ocr.SCALE**2 / 1e6)

    ocr._run = run  # type: ignore[assignment]
    return runs


def rescore(run_dir: Path, tasks_file: Path) -> dict[str, Any]:
    """Every page of ``run_dir`` scored again from its trace and screenshots."""
    runs = _counting(run_dir)
    pages: dict[str, Any] = {}
    started = time.monotonic()
    for task in load_tasks(tasks_file):
        trace = run_dir / task.id / "trace.json"
        if not trace.is_file():
            continue
        saved = json.loads(trace.read_text(encoding="utf-8")).get("steps", [])
        images.clear()
        score = score_task(task, [Step.from_json(s) for s in saved], run_dir / task.id)
        pages[task.id] = {
            "ifs": score.ifs,
            "vfs": score.vfs,
            "final": score.final,
            "steps": {
                "0": score.initial,
                **{str(s.index): s.vision for s in score.steps if s.vision},
            },
        }
    return {
        "seconds": round(time.monotonic() - started, 3),
        "tesseract": {
            k: {"runs": len(v), "seconds": round(sum(v), 3)}
            for k, v in runs.items()
            if k != "part_mpx"
        },
        "part_megapixels": round(sum(runs["part_mpx"]), 3),
        "pages": pages,
    }


def compare(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Per-step text similarity and visual score, and per-page VFS and Final: the largest
    and mean absolute differences, and the steps that moved."""
    text, visual, vfs, final, moved = [], [], [], [], []
    for task_id, page in before["pages"].items():
        other = after["pages"].get(task_id)
        if other is None:
            continue
        vfs.append(abs(page["vfs"] - other["vfs"]))
        final.append(abs(page["final"] - other["final"]))
        for index, vision in page["steps"].items():
            again = other["steps"].get(index)
            if vision is None or again is None:
                continue
            d = abs((vision.get("text") or 0.0) - (again.get("text") or 0.0))
            text.append(d)
            visual.append(abs(vision["score"] - again["score"]))
            if d:
                moved.append(f"{task_id}#{index}: {vision.get('text')} -> {again.get('text')}")

    def summary(values: list[float]) -> dict[str, float | int]:
        mean = sum(values) / len(values) if values else 0.0
        return {"n": len(values), "max": round(max(values, default=0.0), 5), "mean": round(mean, 5)}

    return {
        "text_similarity": summary(text),
        "step_visual": summary(visual),
        "vfs": summary(vfs),
        "final": summary(final),
        "ifs_same": all(
            page["ifs"] == after["pages"].get(i, {}).get("ifs")
            for i, page in before["pages"].items()
        ),
        "steps_moved": moved,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", type=Path, help="a kept suite's run folder")
    parser.add_argument("--tasks", type=Path, help="the tasks it judged (folder or data.jsonl)")
    parser.add_argument("--json", type=Path, help="where to write the scores")
    parser.add_argument("--ocr-cache", type=Path, default=None)
    parser.add_argument(
        "--whole",
        action="store_true",
        help="read every judged screenshot whole (no splicing): what the readings approximate",
    )
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args(argv)
    if args.compare:
        a, b = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        print(json.dumps(compare(a, b), indent=2))
        return 0
    if not (args.run and args.tasks and args.json):
        parser.error("--run, --tasks and --json (or --compare)")
    os.environ["IWR_OCR_CACHE"] = str(args.ocr_cache or tempfile.mkdtemp(prefix="iwr-rescore-"))
    if args.whole:
        ocr_like.read_like = lambda path, reference, *_: ocr.read(path)  # type: ignore[assignment]
    figures = rescore(args.run, args.tasks)
    args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in figures.items() if k != "pages"}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
