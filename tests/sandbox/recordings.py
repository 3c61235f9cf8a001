"""Test helper: a recorded task's recording (checkpoints, video, bundle files) copied into
another task folder, so that folder plays the same task in the published layout (no
reference texts: the published dataset has none)."""

from __future__ import annotations

import shutil
from pathlib import Path

from evaluator.tasks.task import REFERENCE_TRACE, Task


def copy_recording(recorded: Task, folder: Path) -> None:
    """Copy ``recorded``'s checkpoints (without the reference trace) and the files beside
    its task.json (the video) into ``folder``."""
    shutil.copytree(recorded.checkpoints_dir, folder / recorded.checkpoints_dir.name)
    (folder / recorded.checkpoints_dir.name / REFERENCE_TRACE).unlink(missing_ok=True)
    for extra in recorded.checkpoints_dir.parent.iterdir():
        if extra.is_file() and extra.name != "task.json":
            shutil.copy(extra, folder / extra.name)
