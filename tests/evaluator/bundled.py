"""Copies of bundled tasks for tests that run them through generation with fake models.

Every generation samples the task's recording into frames; the real recordings (about a
dozen full-size frames each) made that most of such a test's time. A copy gets a two-frame
recording made from its own checkpoints instead: the same task, a bundle still holding
frames, a fraction of the cost.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from evaluator.tasks.loader import load_tasks
from evaluator.tasks.task import VIDEO_FILE, Task
from evaluator.tasks.video import encode_video

REPO = Path(__file__).resolve().parents[2]


def copy_bundled(task_ids: Iterable[str], root: Path) -> list[Task]:
    """``tasks/<id>`` copied under ``root`` with a two-frame recording, loaded in id order."""
    for tid in task_ids:
        shutil.copytree(REPO / "tasks" / tid, root / tid)
        shorten_recording(root / tid)
    return load_tasks(root)


def shorten_recording(folder: Path) -> None:
    """Replace ``folder/video.mp4`` (either layout) by two frames: its checkpoints 0 and 1."""
    checkpoints = folder / "checkpoints"
    shots = [(0.0, checkpoints / "step_0.png"), (1.0, checkpoints / "step_1.png")]
    encode_video(shots, folder / VIDEO_FILE, fps=1)
