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

from evaluator.judge import run_in_sandbox, stage_page
from evaluator.results import OK
from evaluator.scoring import PASSED, judge_step
from evaluator.tasks import REFERENCE_TRACE, Task
from evaluator.video import encode_video


class RecordError(RuntimeError):
    """The reference page could not be recorded; the message says which step and why."""


@dataclass(frozen=True)
class Recording:
    task_id: str
    steps: int
    frames: int
    video_seconds: float


def record_task(task: Task) -> Recording:
    """Record ``task`` in a fresh sandbox and replace its video and checkpoints.

    Raises:
        RecordError: the sandbox failed, or the reference page fails its own task.
    """
    if task.reference_page is None:
        raise RecordError(f"{task.id}: no reference page to record")
    with tempfile.TemporaryDirectory(prefix="iwr-record-") as tmp:
        work = Path(tmp)
        html = task.reference_page.read_text(encoding="utf-8")
        page = stage_page(task, html, work / "page")
        out = work / "out"
        status, reason, runner, _ = run_in_sandbox(task, page, out, mode="record")
        if status != OK:
            raise RecordError(f"{task.id}: sandbox {status}: {reason}")
        steps = {s["index"]: s for s in runner.get("steps", [])}
        for i, action in enumerate(task.actions, start=1):
            verdict, why = judge_step(action, steps.get(i))
            if verdict != PASSED:
                raise RecordError(f"{task.id}: reference fails step {i} ({verdict}): {why}")
        frames = [(float(f["t"]), out / f["file"]) for f in runner.get("frames", [])]
        if not frames:
            raise RecordError(f"{task.id}: the runner captured no frames")
        checkpoints = task.checkpoints_dir
        staged = work / "checkpoints"
        staged.mkdir()
        for i in range(len(task.actions) + 1):
            shot = steps.get(i, {}).get("screenshot")
            if not shot or not (out / shot).is_file():
                raise RecordError(f"{task.id}: no screenshot for step {i}")
            shutil.copyfile(out / shot, staged / f"step_{i}.png")
        trace = [{k: v for k, v in s.items() if k != "screenshot"} for s in runner["steps"]]
        (staged / REFERENCE_TRACE).write_text(json.dumps(trace, indent=2) + "\n", encoding="utf-8")
        seconds = encode_video(frames, work / "video.mp4")
        # Replace the old recording only once the new one is complete.
        shutil.rmtree(checkpoints, ignore_errors=True)
        shutil.move(str(staged), checkpoints)
        shutil.move(str(work / "video.mp4"), task.video)
    return Recording(task.id, len(task.actions), len(frames), seconds)
