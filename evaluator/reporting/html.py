"""report.html: a run a person can look at, offline, however many tasks it holds.

Built only from the run folder (results.json, the step screenshots, the reference
checkpoints the judge copied beside them), so it can be rebuilt at any time. The index
(``html_index.py``: charts, intervals, categories, a sortable task table) links to one
page per task (``html_task.py``: every step's reference, generated screenshot and
difference heat-map, made here). Both share ``html_page.py``'s frame and policy.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from PIL import Image

from evaluator.atomic import write_atomic
from evaluator.reporting.html_index import render_index
from evaluator.reporting.html_task import render_task
from evaluator.results import REFERENCE_SHOT_PREFIX, TaskResult, read_results
from evaluator.scoring import budget, images
from evaluator.scoring.metrics import NORMALISED_WIDTH

log = logging.getLogger(__name__)

REPORT_FILE = "report.html"
DIFF_PREFIX = "diff_"


_HEAT_RGB = np.array([220, 30, 30], dtype=np.float32)


def _heat_colours(ref: np.ndarray, cand: np.ndarray) -> np.ndarray:
    """The heat-map's colours of grey levels ``ref`` and ``cand`` (floats in [0, 1]):
    elementwise single-precision arithmetic, so a pixel's colour depends on its two levels
    alone."""
    ref, cand = ref.astype(np.float32), cand.astype(np.float32)
    heat = np.clip(np.abs(ref - cand) * 3, 0, 1)[..., None]
    base = ((0.35 * 255) * ref + 0.65 * 255)[..., None]
    rgb: np.ndarray = (base * (1 - heat) + _HEAT_RGB * heat).astype(np.uint8)
    return rgb


# Every pair of 8-bit levels' colour, computed once (the same arithmetic as on an image):
# a heat-map is then one table look-up per pixel instead of a dozen float passes.
_LEVELS = np.arange(256, dtype=np.float64) / 255.0
_HEAT_TABLE = _heat_colours(*np.meshgrid(_LEVELS, _LEVELS, indexing="ij")).reshape(256 * 256, 3)


def diff_heatmap(reference: Path, candidate: Path, out: Path) -> Path:
    """Where two screenshots differ, as a red heat-map over a faded reference.

    Single precision and the fastest PNG compression: a picture to look at, made for every
    step of every run (the grey levels come from the scoring's decode cache when warm).
    """
    (ref,) = images.pixels(reference, [("L", NORMALISED_WIDTH, None)])
    size = (ref.shape[1], ref.shape[0])
    (cand,) = images.pixels(candidate, [("L", NORMALISED_WIDTH, size)])
    pairs = ref.astype(np.intp) * 256 + cand
    Image.fromarray(np.take(_HEAT_TABLE, pairs, axis=0)).save(out, compress_level=1)
    return out


def _diff_image(task_dir: Path, index: int, shot: str | None) -> Path | None:
    """The step's difference image, made if missing; None without both screenshots."""
    ref = task_dir / f"{REFERENCE_SHOT_PREFIX}step_{index}.png"
    if not (shot and (task_dir / shot).is_file() and ref.is_file()):
        return None
    diff = task_dir / f"{DIFF_PREFIX}step_{index}.png"
    if not diff.is_file():
        diff_heatmap(ref, task_dir / shot, diff)
    return diff


def write_task_figures(task_dir: Path, result: TaskResult) -> None:
    """Make one judged task's difference images now, while its screenshots' pixels are still
    in the decode cache and other pages are being judged, so the report written at the end of
    a run only assembles HTML. Never raises: the report makes what is missing itself."""
    shots = [(0, (result.initial or {}).get("screenshot"))]
    shots += [(int(s["index"]), s.get("screenshot")) for s in result.steps if "index" in s]
    for index, shot in shots:
        try:
            budget.check(f"the difference image of step {index}")
            _diff_image(task_dir, index, shot)
        except budget.HostBudgetExceeded as exc:
            log.warning("difference images of %s left to the report: %s", task_dir.name, exc)
            return
        except (OSError, ValueError) as exc:
            log.warning("no difference image for %s step %s: %s", task_dir.name, index, exc)


def write_html_report(run_dir: Path) -> Path:
    """Write RUN/report.html (the index) and RUN/<task-id>/report.html for every task whose
    folder exists (and the difference images they show). A task page that cannot be made is
    logged and left out; the index is always written."""
    data = read_results(run_dir)
    pages: set[str] = set()
    for task in data["tasks"]:
        task_dir = run_dir / str(task["id"])
        if not task_dir.is_dir():
            continue
        try:
            write_atomic(task_dir / REPORT_FILE, render_task(data, task, task_dir, _diff_image))
            pages.add(str(task["id"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("no report page for task %s: %s", task["id"], exc)
    path = run_dir / REPORT_FILE
    write_atomic(path, render_index(data, pages))
    return path
