"""One row of a published ``data.jsonl`` read as a task: its id, classification, viewport and
actions (text, key and scroll read off the description where the row leaves them out, target
hints read off it), or, when it cannot be judged, a task that carries its problems."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from evaluator.tasks.hints import derive
from evaluator.tasks.phrases import ScrollError, key_to_press, scroll_of, text_to_type
from evaluator.tasks.task import (
    CHECKPOINTS_DIR,
    CLASSIFICATION_KEYS,
    REFERENCE_DIR,
    REFERENCE_PAGE,
    VIDEO_FILE,
    Action,
    Task,
    TaskError,
    parse_actions,
    parse_classification,
)

ASSETS_DIR = "assets"
METADATA_FILE = "metadata.json"
ACTION_TYPES = ("Click", "Type", "Press", "Scroll")
_TYPES = {name.lower(): name.lower() for name in ACTION_TYPES}
_RESOLUTION_RE = re.compile(r"^\s*(\d+)\s*[xX×]\s*(\d+)\s*$")
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
# The published loader's fallback when neither the row nor metadata.json has one.
DEFAULT_RESOLUTION = (1920, 1080)
MIN_SIDE, MAX_SIDE = 200, 4096


_KIND_WORDS = {str: "a string", dict: "an object", bool: "true, false"}


def _nullable(obj: dict[str, Any], key: str, kind: type, where: str, problems: list[str]) -> Any:
    """``obj[key]`` when it is null or of ``kind``; otherwise None, with the problem noted."""
    value = obj.get(key)
    if value is not None and not isinstance(value, kind):
        problems.append(f"{where}.{key}: must be {_KIND_WORDS[kind]} or null")
        return None
    return value


def hints_from_description(
    description: str, action_type: str = "click", typed_text: str | None = None
) -> dict[str, str]:
    """Target hints a description alone gives (see :func:`evaluator.tasks.hints.derive`)."""
    return derive(description, action_type, typed_text).target


def _resolution(text: object, where: str) -> tuple[int, int]:
    """``"WIDTHxHEIGHT"`` as two integers.

    Raises:
        TaskError: not of that form, or outside what a browser window can be.
    """
    match = _RESOLUTION_RE.match(str(text))
    if not match:
        raise TaskError(f"{where}: {text!r} is not WIDTHxHEIGHT")
    width, height = int(match.group(1)), int(match.group(2))
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise TaskError(f"{where}: {text!r} is outside {MIN_SIDE}..{MAX_SIDE} pixels a side")
    return width, height


def _metadata_resolution(folder: Path) -> tuple[int, int] | None:
    """The task folder's ``metadata.json`` resolution, where it has one (as
    ``resolution``, ``recording_details.resolution`` or ``width`` and ``height``)."""
    try:
        meta = json.loads((folder / METADATA_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict):
        return None
    details = meta.get("recording_details")
    for value in (
        meta.get("resolution"),
        details.get("resolution") if isinstance(details, dict) else None,
    ):
        if isinstance(value, str):
            try:
                return _resolution(value, "metadata")
            except TaskError:
                continue
    width, height = meta.get("width"), meta.get("height")
    if (
        isinstance(width, int)
        and isinstance(height, int)
        and MIN_SIDE <= width <= MAX_SIDE
        and MIN_SIDE <= height <= MAX_SIDE
    ):
        return width, height
    return None


def _action_from_published(
    raw: Any, extra: dict[str, Any], width: int, height: int, where: str
) -> dict[str, Any]:
    """One published action as our task.json action (then parsed by the usual rules),
    its text, key and scroll read as :mod:`evaluator.tasks.phrases` says and each one's
    source recorded.

    Raises:
        TaskError: every problem of this action, one line each, naming the field.
    """
    kind, params, description, assertion, flag = _checked_action(raw, where)
    action: dict[str, Any] = {
        "type": kind,
        "visual": bool(flag),
        "assertion": assertion or "",
    }
    typed = _read_inputs(action, params, description, width, height, where)
    if not description:
        if kind == "click":
            raise TaskError(
                f"{where}.parameters.description: a Click needs a description to find its element"
            )
        # Nothing names a target: the keys go to the focused element, a scroll moves the page.
        description = {
            "type": f"Type {typed!r}" if typed else "Type",
            "press": f"Press {action.get('key') or 'a key'}",
            "scroll": "Scroll",
        }[kind]
    action["description"] = description
    action["target"] = hints_from_description(description, kind, typed)
    action.update(extra)  # our own hints win when the task was exported by us
    return action


def _checked_action(
    raw: Any, where: str
) -> tuple[str, dict[str, Any], str, str | None, bool | None]:
    """A published action's type, parameters, description, logical assertion and visual
    flag, each of the type it must have.

    Raises:
        TaskError: every problem of this action, one line each, naming the field.
    """
    if not isinstance(raw, dict):
        raise TaskError(f"{where}: must be an object")
    problems: list[str] = []
    kind = _TYPES.get(str(raw.get("type")).strip().lower())
    if kind is None:
        problems.append(
            f"{where}.type: {raw.get('type')!r} is not one of {', '.join(ACTION_TYPES)}"
        )
    params = raw.get("parameters")
    if params is None:
        params = {}
    if not isinstance(params, dict):
        problems.append(f"{where}.parameters: must be an object or null")
        params = {}
    description = _nullable(params, "description", str, f"{where}.parameters", problems)
    description = (description or "").strip()
    assertion = _nullable(raw, "logical_assertion", str, where, problems)
    flag = _nullable(raw, "visual_evaluation_flag", bool, where, problems)
    for name in ("key", "direction", "text"):
        _nullable(params, name, str, f"{where}.parameters", problems)
    if kind is None or problems:
        raise TaskError("\n".join(problems))
    return kind, params, description, assertion, flag


def _read_inputs(
    action: dict[str, Any],
    params: dict[str, Any],
    description: str,
    width: int,
    height: int,
    where: str,
) -> str | None:
    """The text, key or scroll of ``action`` (of its ``type``) read from its parameters or
    description into ``action``, with their sources; returns the text typed, if any.

    Raises:
        TaskError: a scroll whose direction or extent cannot be read.
    """
    kind = action["type"]
    typed: str | None = None
    if kind == "type":
        read = text_to_type(params.get("text"), description)
        typed = read.value
        action["text"] = read.value
        action["sources"] = {"text": read.source.value}
    elif kind == "press":
        read = key_to_press(params.get("key"), description)
        action["key"] = read.value
        action["sources"] = {"key": read.source.value}
    elif kind == "scroll":
        try:
            scroll = scroll_of(
                params.get("direction"), params.get("scroll_page"), description, width, height
            )
        except ScrollError as exc:
            raise TaskError(f"{where}.parameters: {exc}") from exc
        action["amount"] = scroll.pixels
        action["axis"] = scroll.axis
        action["sources"] = {
            "direction": scroll.direction_source.value,
            "scroll_page": scroll.pages_source.value,
        }
    return typed


def _row_id(obj: dict[str, Any], where: str) -> str:
    """The row's id as a folder name: an integer (as published) or a plain string.

    Raises:
        TaskError: missing, null, or neither an integer nor a plain name.
    """
    raw = obj.get("id")
    if isinstance(raw, bool) or raw is None:
        raise TaskError(f"{where}.id: {raw!r} must be an integer (or a plain name)")
    if isinstance(raw, int):
        if raw < 0:
            raise TaskError(f"{where}.id: {raw!r} must not be negative")
        return str(raw)
    if isinstance(raw, str) and _ID_RE.match(raw):
        return raw
    raise TaskError(f"{where}.id: {raw!r} must be an integer (or a plain name)")


def task_from_row(obj: Any, data_dir: Path, where: str, line: int) -> Task:
    """One row as a task; a row that cannot be judged comes back with its ``problems``
    (every one found, each naming the line and the field) instead of raising."""
    problems: list[str] = []
    if not isinstance(obj, dict):
        return broken_task(f"line-{line}", data_dir, where, [f"{where}: must be a JSON object"])
    try:
        task_id = _row_id(obj, where)
    except TaskError as exc:
        problems.append(str(exc))
        task_id = f"line-{line}"
    root = data_dir / task_id
    ours_all = obj.get("iwr")
    if not isinstance(ours_all, dict):
        ours_all = {}
    classification, website, (width, height) = _row_metadata(obj, root, where, problems)
    actions = _row_actions(obj, ours_all, width, height, where, problems)
    if problems:
        return broken_task(task_id, data_dir, where, problems, classification, website or "")
    reference = root / REFERENCE_DIR / REFERENCE_PAGE
    return Task(
        id=task_id,
        title=str(ours_all.get("title") or task_id),
        category=str(
            ours_all.get("category")
            or obj.get("category")
            or classification.get("domain")
            or "published"
        ),
        width=width,
        height=height,
        actions=actions,
        root=root,
        assets_dir=root / ASSETS_DIR,
        video=root / VIDEO_FILE,
        checkpoints_dir=root / CHECKPOINTS_DIR,
        reference_page=reference if reference.is_file() else None,
        classification=classification,
        source_website=website or "",
        source=_short(where),
    )


def _row_metadata(
    obj: dict[str, Any], root: Path, where: str, problems: list[str]
) -> tuple[dict[str, str], str | None, tuple[int, int]]:
    """A row's classification, source website and viewport (its recording's resolution,
    else the task folder's metadata, else the default); problems go to ``problems``."""
    classification: dict[str, str] = {}
    raw_class = obj.get("classification")
    if isinstance(raw_class, dict):
        raw_class = {k: v for k, v in raw_class.items() if k in CLASSIFICATION_KEYS}
    try:
        classification = parse_classification(raw_class, f"{where}.classification")
    except TaskError as exc:
        problems.append(str(exc))
    website = _nullable(obj, "source_website", str, where, problems)
    details = _nullable(obj, "recording_details", dict, where, problems)
    width, height = DEFAULT_RESOLUTION
    resolution = (details or {}).get("resolution")
    if resolution is not None:
        try:
            width, height = _resolution(resolution, f"{where}.recording_details.resolution")
        except TaskError as exc:
            problems.append(str(exc))
    else:
        width, height = _metadata_resolution(root) or DEFAULT_RESOLUTION
    return classification, website, (width, height)


def _row_actions(
    obj: dict[str, Any],
    ours_all: dict[str, Any],
    width: int,
    height: int,
    where: str,
    problems: list[str],
) -> tuple[Action, ...]:
    """A row's actions, with our own exported hints where the row has them; empty when any
    action is broken (its problems go to ``problems``)."""
    sequence = obj.get("action_sequence")
    actions: tuple[Action, ...] = ()
    if not isinstance(sequence, list) or not sequence:
        problems.append(f"{where}.action_sequence: must be a non-empty list")
    else:
        ours = ours_all.get("actions") or [{}] * len(sequence)
        if len(ours) != len(sequence):
            problems.append(f"{where}.iwr.actions: length differs from action_sequence")
            ours = [{}] * len(sequence)
        raw_actions = []
        for i, (a, e) in enumerate(zip(sequence, ours, strict=True)):
            try:
                raw_actions.append(
                    _action_from_published(a, e, width, height, f"{where}.action_sequence[{i}]")
                )
            except TaskError as exc:
                problems.extend(str(exc).splitlines())
        if not problems:
            try:
                actions = parse_actions(raw_actions, where, require_inputs=False)
            except TaskError as exc:
                problems.extend(str(exc).splitlines())
    return actions


def _short(where: str) -> str:
    """``data.jsonl:17`` for ``/any/folder/data.jsonl:17``: where a row sits, not where the
    dataset is on disk (the task set's hash must not depend on it)."""
    return Path(where).name


def broken_task(
    task_id: str,
    data_dir: Path,
    where: str,
    problems: list[str],
    classification: dict[str, str] | None = None,
    website: str = "",
) -> Task:
    """A row that cannot be judged, kept as a task so the run reports it (task_error)."""
    root = data_dir / task_id
    return Task(
        id=task_id,
        title=task_id,
        category="published",
        width=DEFAULT_RESOLUTION[0],
        height=DEFAULT_RESOLUTION[1],
        actions=(),
        root=root,
        assets_dir=root / ASSETS_DIR,
        video=root / VIDEO_FILE,
        checkpoints_dir=root / CHECKPOINTS_DIR,
        classification=classification or {},
        source_website=website,
        source=_short(where),
        problems=tuple(problems),
    )
