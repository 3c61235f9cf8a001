"""The published dataset layout, read as it is and written from our tasks.

Published layout: ``data.jsonl`` (one task per line: ``id``,
``recording_details.resolution`` as ``"WxH"``, ``action_sequence`` of
``{type, parameters: {description, text?, key?}, logical_assertion,
visual_evaluation_flag}``) beside a folder named like the file (``data/``) with
``<id>/video.mp4``, ``assets/``, ``stitched_assets/stitched_image*.png``,
``checkpoints/step_N.png`` and ``metadata.json``.

Published tasks carry only natural-language descriptions. Reading one, the target
hints are read off its description by :mod:`evaluator.tasks.hints` (quoted phrase, the name
before a role word, the field after "into", role words as ARIA roles). Our own hints
and expectations travel in an extra ``iwr`` key on export, so an exported task reads back as the
same task; a reader that does not know the key ignores it.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from evaluator.results import write_atomic
from evaluator.tasks.hints import derive
from evaluator.tasks.stitch import stitch_assets
from evaluator.tasks.task import (
    CHECKPOINTS_DIR,
    REFERENCE_DIR,
    REFERENCE_PAGE,
    VIDEO_FILE,
    Action,
    Task,
    TaskError,
    parse_actions,
)

ASSETS_DIR = "assets"
STITCHED_DIR = "stitched_assets"
METADATA_FILE = "metadata.json"
_TYPES = {"Click": "click", "Type": "type", "Press": "press", "Scroll": "scroll"}
_TYPE_NAMES = {v: k for k, v in _TYPES.items()}
_RESOLUTION_RE = re.compile(r"^\s*(\d+)\s*[xX×]\s*(\d+)\s*$")
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def hints_from_description(
    description: str, action_type: str = "click", typed_text: str | None = None
) -> dict[str, str]:
    """Target hints a description alone gives (see :func:`evaluator.tasks.hints.derive`)."""
    return derive(description, action_type, typed_text).target


def _action_from_published(
    raw: Any, extra: dict[str, Any], height: int, where: str
) -> dict[str, Any]:
    """One published action as our task.json action (then parsed by the usual rules)."""
    if not isinstance(raw, dict):
        raise TaskError(f"{where}: must be an object")
    kind = _TYPES.get(str(raw.get("type")))
    if kind is None:
        raise TaskError(f"{where}.type: {raw.get('type')!r} is not one of {', '.join(_TYPES)}")
    params = raw.get("parameters") or {}
    if not isinstance(params, dict):
        raise TaskError(f"{where}.parameters: must be an object")
    description = str(params.get("description") or "").strip()
    action: dict[str, Any] = {
        "type": kind,
        "description": description,
        "target": hints_from_description(description, kind, str(params.get("text") or "") or None),
        "visual": bool(raw.get("visual_evaluation_flag", False)),
        "assertion": str(raw.get("logical_assertion") or ""),
    }
    if kind == "type":
        action["text"] = params.get("text")
    if kind == "press":
        action["key"] = params.get("key")
    if kind == "scroll" and re.search(r"\bup\b", description, re.IGNORECASE):
        action["amount"] = -(height // 2)  # published scrolls move half a page
    action.update(extra)  # our own hints win when the task was exported by us
    return action


def _task_from_line(obj: Any, data_dir: Path, where: str) -> Task:
    if not isinstance(obj, dict):
        raise TaskError(f"{where}: must be a JSON object")
    task_id = str(obj.get("id", ""))
    if not _ID_RE.match(task_id):
        raise TaskError(f"{where}.id: {task_id!r} must be a plain name")
    resolution = (obj.get("recording_details") or {}).get("resolution", "")
    match = _RESOLUTION_RE.match(str(resolution))
    if not match:
        raise TaskError(f"{where}.recording_details.resolution: {resolution!r} is not WxH")
    width, height = int(match.group(1)), int(match.group(2))
    sequence = obj.get("action_sequence")
    if not isinstance(sequence, list) or not sequence:
        raise TaskError(f"{where}.action_sequence: must be a non-empty list")
    ours = (obj.get("iwr") or {}).get("actions") or [{}] * len(sequence)
    if len(ours) != len(sequence):
        raise TaskError(f"{where}.iwr.actions: length differs from action_sequence")
    raw_actions = [
        _action_from_published(a, e, height, f"{where}.action_sequence[{i}]")
        for i, (a, e) in enumerate(zip(sequence, ours, strict=True))
    ]
    actions = parse_actions(raw_actions, where)
    root = data_dir / task_id
    reference = root / REFERENCE_DIR / REFERENCE_PAGE
    return Task(
        id=task_id,
        title=str((obj.get("iwr") or {}).get("title") or task_id),
        category=str((obj.get("iwr") or {}).get("category") or obj.get("category") or "published"),
        width=width,
        height=height,
        actions=actions,
        root=root,
        assets_dir=root / ASSETS_DIR,
        video=root / VIDEO_FILE,
        checkpoints_dir=root / CHECKPOINTS_DIR,
        reference_page=reference if reference.is_file() else None,
    )


def load_published(jsonl: Path) -> list[Task]:
    """Tasks of a published ``data.jsonl``; their folders sit in ``<stem>/`` beside it.

    Raises:
        TaskError: the file is unreadable or a line is malformed (all lines reported).
    """
    try:
        lines = jsonl.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise TaskError(f"{jsonl}: unreadable: {exc}") from exc
    data_dir = jsonl.parent / jsonl.stem
    tasks: list[Task] = []
    problems: list[str] = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{jsonl}:{n}"
        try:
            tasks.append(_task_from_line(json.loads(line), data_dir, where))
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not JSON: {exc}")
        except TaskError as exc:
            problems.append(str(exc))
    if problems:
        raise TaskError("\n".join(problems))
    if not tasks:
        raise TaskError(f"{jsonl}: holds no task")
    ids = [t.id for t in tasks]
    if len(set(ids)) != len(ids):
        raise TaskError(f"{jsonl}: duplicate task ids")
    return tasks


def _assertion(action: Action) -> str:
    """A logical assertion for export: the task's own, else one read off expectations."""
    if action.assertion:
        return action.assertion
    parts = [f"the page shows {t!r}" for t in action.expect.text_present]
    parts += [f"the page no longer shows {t!r}" for t in action.expect.text_absent]
    return ("After the action, " + " and ".join(parts) + ".") if parts else ""


def _published_line(task: Task, names: dict[str, str]) -> dict[str, Any]:
    sequence, ours = [], []
    for a in task.actions:
        params: dict[str, Any] = {"description": a.description}
        if a.text is not None:
            params["text"] = a.text
        if a.key is not None:
            params["key"] = a.key
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
        "recording_details": {"resolution": f"{task.width}x{task.height}"},
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
