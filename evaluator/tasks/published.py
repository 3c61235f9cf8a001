"""The published dataset layout, read as it is and written from our tasks.

Published layout: ``data.jsonl`` (one task per line: ``id`` (an integer),
``classification``, ``recording_details.resolution`` as ``"WxH"``, ``source_website``,
``action_sequence`` of ``{type, parameters: {description, key, direction, scroll_page},
logical_assertion, visual_evaluation_flag}``; any field may be null) beside a folder
named like the file (``data/``) with ``<id>/video.mp4``, ``assets/``,
``stitched_assets/stitched_image*.png``, ``checkpoints/step_N.png`` and ``metadata.json``.
A Type's text and a null Press key are read off the description, a Scroll's way from
``direction``/``scroll_page`` (see :mod:`evaluator.tasks.phrases`); the resolution from
the row, else ``metadata.json``, else 1920x1080. A row that cannot be judged stays in the
list with its ``problems`` (every one, naming the line and the field).

Published tasks carry only natural-language descriptions. Reading one, the target
hints are read off its description by :mod:`evaluator.tasks.hints` (quoted phrase, the name
before a role word, the field after "into", role words as ARIA roles). Our own hints
and expectations travel in an extra ``iwr`` key on export, so an exported task reads back as the
same task; a reader that does not know the key ignores it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from evaluator.atomic import write_atomic
from evaluator.tasks.published_row import (
    ACTION_TYPES,
    ASSETS_DIR,
    METADATA_FILE,
    broken_task,
    task_from_row,
)
from evaluator.tasks.stitch import stitch_assets
from evaluator.tasks.task import (
    CHECKPOINTS_DIR,
    CLASSIFICATION_KEYS,
    REFERENCE_DIR,
    REFERENCE_PAGE,
    VIDEO_FILE,
    Action,
    Task,
    TaskError,
)

STITCHED_DIR = "stitched_assets"
_TYPE_NAMES = {name.lower(): name for name in ACTION_TYPES}


def load_published(jsonl: Path) -> list[Task]:
    """Every row of a published ``data.jsonl``; their folders sit in ``<stem>/`` beside it.

    A row that cannot be judged (not JSON, a field of the wrong type, an action of an
    unknown kind, a duplicate id) is still returned, as a task whose ``problems`` name
    the line and the field: the run scores it 0 as a ``task_error`` and judges every
    other row.

    Raises:
        TaskError: the file is unreadable or holds no row at all.
    """
    try:
        lines = jsonl.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise TaskError(f"{jsonl}: unreadable: {exc}") from exc
    data_dir = jsonl.parent / jsonl.stem
    tasks: list[Task] = []
    seen: set[str] = set()
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{jsonl}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            tasks.append(broken_task(f"line-{n}", data_dir, where, [f"{where}: not JSON: {exc}"]))
            continue
        task = task_from_row(obj, data_dir, where, n)
        if task.id in seen:
            task = broken_task(
                f"line-{n}", data_dir, where, [f"{where}.id: {task.id!r} is used by an earlier row"]
            )
        seen.add(task.id)
        tasks.append(task)
    if not tasks:
        raise TaskError(f"{jsonl}: holds no task")
    return tasks


def _assertion(action: Action) -> str:
    """A logical assertion for export: the task's own, else one read off expectations."""
    if action.assertion:
        return action.assertion
    parts = [f"the page shows {t!r}" for t in action.expect.text_present]
    parts += [f"the page no longer shows {t!r}" for t in action.expect.text_absent]
    return ("After the action, " + " and ".join(parts) + ".") if parts else ""


def _published_line(task: Task, names: dict[str, str]) -> dict[str, Any]:
    """A task as a published row: every field of the published schema (null where ours
    has no value), our own hints in the extra ``iwr`` key."""
    sequence, ours = [], []
    for a in task.actions:
        params: dict[str, Any] = {
            "description": a.description,
            "key": a.key,
            "direction": None,
            "scroll_page": None,
        }
        if a.type == "scroll" and a.amount is not None:
            span = task.width if a.axis == "x" else task.height
            params["direction"] = {
                ("y", True): "down",
                ("y", False): "up",
                ("x", True): "right",
                ("x", False): "left",
            }[(a.axis, a.amount > 0)]
            params["scroll_page"] = f"{abs(a.amount) / span:g}"
        if a.text is not None:
            params["text"] = a.text
        sequence.append(
            {
                "type": _TYPE_NAMES[a.type],
                "parameters": params,
                "logical_assertion": _assertion(a),
                "visual_evaluation_flag": a.visual,
            }
        )
        extra: dict[str, Any] = {"target": dict(a.target)}
        if a.amount is not None:
            extra["amount"] = a.amount
        if a.expect.text_present or a.expect.text_absent:
            extra["expect"] = {
                "text_present": list(a.expect.text_present),
                "text_absent": list(a.expect.text_absent),
            }
        ours.append(extra)
    return {
        "id": task.id,
        "classification": {k: task.classification.get(k) for k in CLASSIFICATION_KEYS},
        "recording_details": {"resolution": f"{task.width}x{task.height}", "environment": None},
        "source_website": task.source_website or None,
        "action_sequence": sequence,
        "iwr": {
            "title": task.title,
            "category": task.category,
            "actions": ours,
            "asset_names": names,
        },
    }


def export_published(tasks: list[Task], out_dir: Path, name: str = "data") -> Path:
    """Write ``tasks`` in the published layout under ``out_dir``; returns the jsonl path.

    Assets get anonymised names; the reference page (kept for the oracle) is rewritten
    to use them.

    Raises:
        TaskError: a task has no recording to export.
    """
    data_dir = out_dir / name
    lines = []
    for task in tasks:
        missing = task.missing_recording()
        if missing:
            raise TaskError(f"{task.id}: cannot export without {', '.join(missing)}")
        names = task.anonymised_names()
        folder = data_dir / task.id
        shutil.rmtree(folder, ignore_errors=True)
        (folder / ASSETS_DIR).mkdir(parents=True)
        for original, anon in names.items():
            shutil.copyfile(task.assets_dir / original, folder / ASSETS_DIR / anon)
        (folder / STITCHED_DIR).mkdir()
        anon_paths = sorted((folder / ASSETS_DIR).iterdir())
        for i, sheet in enumerate(stitch_assets(anon_paths), start=1):
            (folder / STITCHED_DIR / f"stitched_image{i}.png").write_bytes(sheet)
        shutil.copyfile(task.video, folder / VIDEO_FILE)
        (folder / CHECKPOINTS_DIR).mkdir()
        for i in range(len(task.actions) + 1):
            shutil.copyfile(task.checkpoint(i), folder / CHECKPOINTS_DIR / f"step_{i}.png")
        if task.reference_page is not None:
            html = task.reference_page.read_text(encoding="utf-8")
            for original, anon in names.items():
                html = html.replace(f"{ASSETS_DIR}/{original}", f"{ASSETS_DIR}/{anon}")
            (folder / REFERENCE_DIR).mkdir()
            (folder / REFERENCE_DIR / REFERENCE_PAGE).write_text(html, encoding="utf-8")
        metadata = {
            "id": task.id,
            "title": task.title,
            "category": task.category,
            "actions": len(task.actions),
        }
        (folder / METADATA_FILE).write_text(json.dumps(metadata, indent=2) + "\n")
        lines.append(json.dumps(_published_line(task, names), ensure_ascii=False))
    jsonl = out_dir / f"{name}.jsonl"
    write_atomic(jsonl, "\n".join(lines) + "\n")
    return jsonl
