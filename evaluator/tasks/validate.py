"""``iwr tasks validate``: every problem of every task, each with its place.

Loading (evaluator.tasks.task / evaluator.tasks.published) already checks task.json field by
field; this adds what only the files can tell: the video decodes, checkpoints exist
for step 0 and every action and match the viewport, assets are plain regular files.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from evaluator.tasks.loader import load_tasks
from evaluator.tasks.task import TASK_FILE, Task, TaskError, load_task
from evaluator.tasks.video import VideoError, sample_frames

_STEP_RE = re.compile(r"^step_(\d+)\.png$")
_PLAIN_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def task_file_problems(task: Task) -> list[str]:
    """Problems with a loaded task's files; empty when it can be judged."""
    where = str(task.root)
    problems: list[str] = []
    try:
        sample_frames(task.video, max_frames=2)
    except VideoError as exc:
        problems.append(str(exc))
    steps = len(task.actions) + 1
    for i in range(steps):
        shot = task.checkpoint(i)
        if not shot.is_file():
            problems.append(f"{where}: missing checkpoint {shot.name} (one per action plus step_0)")
            continue
        try:
            with Image.open(shot) as img:
                size = img.size
        except (UnidentifiedImageError, OSError) as exc:
            problems.append(f"{shot}: unreadable image: {exc}")
            continue
        if size != (task.width, task.height):
            problems.append(
                f"{shot}: {size[0]}x{size[1]} does not match the viewport "
                f"{task.width}x{task.height}"
            )
    if task.checkpoints_dir.is_dir():
        for p in task.checkpoints_dir.iterdir():
            m = _STEP_RE.match(p.name)
            if m and int(m.group(1)) >= steps:
                problems.append(f"{p}: no action {m.group(1)} (the task has {steps - 1})")
    if task.assets_dir.is_dir():
        for p in sorted(task.assets_dir.iterdir()):
            if p.is_symlink() or not p.is_file():
                problems.append(f"{p}: assets must be regular files (no links, no folders)")
            elif not _PLAIN_RE.match(p.name):
                problems.append(f"{p}: asset names must be plain (letters, digits, . _ -)")
    return problems


def validate(path: Path) -> tuple[int, list[str]]:
    """Validate a task folder, a folder of tasks, or a data.jsonl.

    Returns (tasks checked, problems); a folder whose task.json is broken is reported
    and the others are still checked.
    """
    problems: list[str] = []
    tasks: list[Task] = []
    if path.is_dir() and not (path / TASK_FILE).is_file():
        folders = sorted(d for d in path.iterdir() if d.is_dir() and (d / TASK_FILE).is_file())
        if not folders:
            return 0, [f"{path}: no task folders (each needs a {TASK_FILE})"]
        for folder in folders:
            try:
                tasks.append(load_task(folder))
            except TaskError as exc:
                problems.extend(str(exc).splitlines())
        checked = len(folders)
    else:
        try:
            tasks = load_tasks(path)
        except TaskError as exc:
            return 1, str(exc).splitlines()
        checked = len(tasks)
    for task in tasks:
        if task.problems:  # a broken published row: its fields, not its files
            problems.extend(task.problems)
            continue
        problems.extend(input_problems(task))
        problems.extend(task_file_problems(task))
    return checked, problems


def input_problems(task: Task) -> list[str]:
    """Actions whose text to type or key to press nobody supplied: the offline profile
    cannot judge the task (task_error); the paper profile asks its judge model."""
    out = []
    for i, action in enumerate(task.actions):
        for name in action.missing_inputs():
            out.append(
                f"{task.source or task.root}.action_sequence[{i}].parameters.{name}: "
                f"null, and no {name} can be read from the description "
                f"{action.description!r} (only --profile paper can judge this task)"
            )
    return out
