"""The task recorder: replays a task on its reference page inside the sandbox and
writes what a model and the judge need: ``video.mp4`` and ``checkpoints/step_N.png``.

Recording refuses to write anything when the reference page does not pass its own
task (an action fails or an expectation does not hold), because such a task would
judge every model against a broken answer key.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from evaluator.judging.intake import runner_steps
from evaluator.judging.judge import run_in_sandbox, stage_page
from evaluator.recording.pointer import Renderer, plan
from evaluator.results import TaskStatus, Verdict
from evaluator.scoring.metrics import ssim
from evaluator.scoring.score import judge_step
from evaluator.tasks.task import REFERENCE_TRACE, Task
from evaluator.tasks.video import RECORD_FPS, encode_frames

# Least SSIM at which a re-recorded checkpoint counts as reproduced (when not identical).
VERIFY_SSIM = 0.995


class RecordError(RuntimeError):
    """The reference page could not be recorded; the message says which step and why."""


@dataclass(frozen=True)
class Recording:
    task_id: str
    steps: int
    frames: int
    video_seconds: float


def _replay_reference(task: Task, work: Path) -> tuple[dict[str, Any], Path]:
    """Record the reference page in a fresh sandbox and check it passes its own task.

    Returns the runner's result and the folder holding its screenshots and frames.
    """
    if task.reference_page is None:
        raise RecordError(f"{task.id}: no reference page to record")
    html = task.reference_page.read_text(encoding="utf-8")
    page = stage_page(task, html, work / "page")
    out = work / "out"
    status, reason, runner, _ = run_in_sandbox(task, page, out, mode="record")
    if status != TaskStatus.OK:
        raise RecordError(f"{task.id}: sandbox {status}: {reason}")
    steps = {s.index: s for s in runner_steps(runner)}
    for i, action in enumerate(task.actions, start=1):
        verdict, why = judge_step(action, steps.get(i))
        if verdict != Verdict.PASSED:
            raise RecordError(f"{task.id}: reference fails step {i} ({verdict}): {why}")
    for i in range(len(task.actions) + 1):
        step = steps.get(i)
        shot = step.screenshot if step else None
        if not shot or not (out / shot).is_file():
            raise RecordError(f"{task.id}: no screenshot for step {i}")
    return runner, out


def _shot(runner: dict[str, Any], out: Path, index: int) -> Path:
    step = next(s for s in runner["steps"] if s.get("index") == index)
    return out / step["screenshot"]


def write_video(
    runner: dict[str, Any], out: Path, video: Path, size: tuple[int, int], fps: int = RECORD_FPS
) -> float:
    """Encode the runner's frames as a screen recording with a pointer; returns seconds."""
    renderer = Renderer(fps)
    shots = plan(runner, out, fps)
    return encode_frames((renderer.render(s) for s in shots), video, size, fps)


def record_task(task: Task) -> Recording:
    """Record ``task`` in a fresh sandbox and replace its video and checkpoints.

    Raises:
        RecordError: the sandbox failed, or the reference page fails its own task.
    """
    with tempfile.TemporaryDirectory(prefix="iwr-record-") as tmp:
        work = Path(tmp)
        runner, out = _replay_reference(task, work)
        frames = runner.get("frames", [])
        if not frames:
            raise RecordError(f"{task.id}: the runner captured no frames")
        checkpoints = task.checkpoints_dir
        staged = work / "checkpoints"
        staged.mkdir()
        for i in range(len(task.actions) + 1):
            shutil.copyfile(_shot(runner, out, i), staged / f"step_{i}.png")
        trace = [{k: v for k, v in s.items() if k != "screenshot"} for s in runner["steps"]]
        (staged / REFERENCE_TRACE).write_text(json.dumps(trace, indent=2) + "\n", encoding="utf-8")
        seconds = write_video(runner, out, work / "video.mp4", (task.width, task.height))
        # Replace the old recording only once the new one is complete.
        shutil.rmtree(checkpoints, ignore_errors=True)
        shutil.move(str(staged), checkpoints)
        shutil.move(str(work / "video.mp4"), task.video)
    return Recording(task.id, len(task.actions), len(frames), seconds)


@dataclass(frozen=True)
class StepCheck:
    """One checkpoint compared with a fresh recording of the same step."""

    index: int
    identical: bool
    ssim: float

    @property
    def ok(self) -> bool:
        return self.identical or self.ssim >= VERIFY_SSIM


def verify_task(task: Task) -> list[StepCheck]:
    """Record ``task`` again (nothing is written) and compare every checkpoint.

    A checkpoint is reproduced when the new screenshot has identical pixels, or,
    within tolerance, an SSIM of at least VERIFY_SSIM (a blinking text caret is the
    one difference seen between runs on the same image).

    Raises:
        RecordError: the sandbox failed, or the reference page fails its own task.
    """
    with tempfile.TemporaryDirectory(prefix="iwr-verify-") as tmp:
        runner, out = _replay_reference(task, Path(tmp))
        checks = []
        for i in range(len(task.actions) + 1):
            old, new = task.checkpoint(i), _shot(runner, out, i)
            if not old.is_file():
                checks.append(StepCheck(i, False, 0.0))
                continue
            with Image.open(old) as a, Image.open(new) as b:
                same = a.size == b.size and np.array_equal(
                    np.asarray(a.convert("RGB")), np.asarray(b.convert("RGB"))
                )
            checks.append(StepCheck(i, same, 1.0 if same else ssim(old, new)))
        return checks
