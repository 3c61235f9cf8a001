"""Loading a task set from whichever layout it comes in: a folder of task folders, one task
folder (:mod:`evaluator.tasks.task`), or a published-layout ``data.jsonl``
(:mod:`evaluator.tasks.published`). Both layouts build the records of ``task``; this module
only chooses between them, so neither imports the other's loader."""

from __future__ import annotations

from pathlib import Path

from evaluator.tasks.published import load_published
from evaluator.tasks.task import TASK_FILE, Task, TaskError, load_task


def folders_root(path: Path) -> Path:
    """Where the task folders of ``path`` live: ``data/`` for ``data.jsonl``, else itself."""
    return path.parent / path.stem if path.suffix == ".jsonl" else path


def load_tasks(root: Path) -> list[Task]:
    """Every task under ``root``: a folder of task folders, one task folder, or a
    published-layout ``data.jsonl``.

    Raises:
        TaskError: ``root`` holds no task, or any task is malformed.
    """
    if root.suffix == ".jsonl":
        return load_published(root)
    if (root / TASK_FILE).is_file():
        return [load_task(root)]
    if not root.is_dir():
        raise TaskError(f"{root}: not a folder of tasks")
    tasks = [load_task(d) for d in sorted(root.iterdir()) if (d / TASK_FILE).is_file()]
    if not tasks:
        raise TaskError(f"{root}: no task folders (each needs a {TASK_FILE})")
    return tasks
