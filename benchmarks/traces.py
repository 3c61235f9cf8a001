"""What the benchmark reads off a judged suite's run folder: each step's timing parts, the
score and metric times, settle figures, probe seconds and pixel-identical replays."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.suites import SuiteRun
from evaluator.scoring import images
from evaluator.scoring.metrics import compare
from evaluator.scoring.score import score_task
from evaluator.tasks.task import Task
from sandbox.runner.record import Step

PARTS = ("find", "act", "settle", "capture", "score")


def median(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 4) if values else None


def p90(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))], 4)


def trace_steps(suite: SuiteRun, tasks: Sequence[Task]) -> list[tuple[str, dict]]:
    """(task id, step) for every step in the suite's ``trace.json`` files, step 0 included."""
    out = []
    for task in tasks:
        trace = suite.run_dir / task.id / "trace.json"
        if not trace.is_file():
            continue
        for step in json.loads(trace.read_text(encoding="utf-8")).get("steps", []):
            out.append((task.id, step))
    return out


def probe_seconds(suite: SuiteRun, tasks: Sequence[Task]) -> list[float]:
    """Per page, the runner's counterfactual probe pass (``probe_pass.seconds`` in
    ``trace.json``; sandbox/runner/probes.py); 0 for a page judged without one."""
    out = []
    for task in tasks:
        trace = suite.run_dir / task.id / "trace.json"
        if trace.is_file():
            record = json.loads(trace.read_text(encoding="utf-8")).get("probe_pass") or {}
            out.append(float(record.get("seconds") or 0.0))
    return out


def step_parts(step: dict) -> dict[str, float]:
    """find, act, settle, capture of one executed action, from the runner's ``timing``.

    A trace without ``timing`` (an older runner) gives ``seconds`` as find + act and its
    ``settle_seconds``; its capture was not timed (0).
    """
    timing = step.get("timing") or {}
    if "act" in timing:
        return {k: float(timing.get(k) or 0.0) for k in ("find", "act", "settle", "capture")}
    return {
        "find": 0.0,
        "act": float(step.get("seconds") or 0.0),
        "settle": float(step.get("settle_seconds") or 0.0),
        "capture": 0.0,
    }


def metric_seconds(suite: SuiteRun, tasks: Sequence[Task]) -> dict[tuple[str, int], float]:
    """``evaluator.scoring.metrics.compare`` per (reference, candidate) screenshot pair, by
    (task, step), each pair decoded afresh (the in-memory pixel cache emptied first)."""
    times: dict[tuple[str, int], float] = {}
    for task in tasks:
        folder = suite.run_dir / task.id
        for shot in sorted(folder.glob("step_*.png")):
            ref = folder / f"ref_{shot.name}"
            if not ref.is_file():
                continue
            images.clear()
            started = time.perf_counter()
            compare(ref, shot, "reference text", "candidate text")
            times[(task.id, int(shot.stem.split("_")[1]))] = time.perf_counter() - started
    return times


def score_seconds(suite: SuiteRun, tasks: Sequence[Task]) -> dict[str, float]:
    """Scoring time per action, by task: ``score_task`` on the page's trace as judging runs it
    (every check and metric of every step, each screenshot decoded once; the in-memory pixel
    cache emptied first, the reference checkpoints' on-disk cache as a previous run leaves it),
    divided by the task's actions."""
    out: dict[str, float] = {}
    for task in tasks:
        trace = suite.run_dir / task.id / "trace.json"
        if not trace.is_file() or not task.actions:
            continue
        saved = json.loads(trace.read_text(encoding="utf-8")).get("steps", [])
        steps = [Step.from_json(step) for step in saved]
        images.clear()
        started = time.perf_counter()
        score_task(task, steps, suite.run_dir / task.id)
        out[task.id] = (time.perf_counter() - started) / len(task.actions)
    return out


def per_action(
    suite: SuiteRun, tasks: Sequence[Task], score: dict[str, float]
) -> tuple[list[float], dict[str, list[float]], list[dict]]:
    """(totals, parts, steps) over the suite's executed actions (step >= 1, status ok).

    A step's score is its task's scoring time per action, else the median over the tasks.
    """
    fallback = statistics.median(score.values()) if score else 0.0
    totals: list[float] = []
    parts: dict[str, list[float]] = {k: [] for k in PARTS}
    steps: list[dict] = []
    for task_id, step in trace_steps(suite, tasks):
        if step.get("index", 0) < 1 or step.get("status") != "ok":
            continue
        one = step_parts(step)
        one["score"] = score.get(task_id, fallback)
        for k in PARTS:
            parts[k].append(one[k])
        totals.append(sum(one.values()))
        steps.append(step)
    return totals, parts, steps


def settle_figures(steps: Sequence[dict]) -> dict[str, Any]:
    """Median/p90 settle, captures and how many of ``steps`` reached the cap (settled false)."""
    settle = [float(s.get("settle_seconds") or 0.0) for s in steps]
    captures = [float(s.get("settle_captures") or 0) for s in steps]
    capped = sum(1 for s in steps if s.get("settled") is False)
    return {
        "steps": len(steps),
        "median_s": median(settle),
        "p90_s": p90(settle),
        "max_s": round(max(settle), 4) if settle else None,
        "captures_median": median(captures),
        "capped_steps": capped,
        "capped_share": round(capped / len(steps), 4) if steps else None,
    }


def _pixels(path: Path) -> tuple[tuple[int, int], bytes] | None:
    from PIL import Image

    try:
        with Image.open(path) as img:
            return img.size, img.convert("RGB").tobytes()
    except OSError:
        return None


def identical_steps(a: SuiteRun, b: SuiteRun, tasks: Sequence[Task]) -> dict[str, Any]:
    """How many step screenshots of ``a`` have the same pixels in ``b`` (same task, same step)."""
    same, compared, differing = 0, 0, []
    for task in tasks:
        for shot in sorted((a.run_dir / task.id).glob("step_*.png")):
            other = b.run_dir / task.id / shot.name
            if not other.is_file():
                continue
            compared += 1
            if _pixels(shot) == _pixels(other):
                same += 1
            else:
                differing.append(f"{task.id}/{shot.name}")
    return {"identical": same, "compared": compared, "differing": differing}
