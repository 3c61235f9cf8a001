"""The task format: one folder per task, read and checked before anything runs.

A task folder holds ``task.json`` (id, viewport, actions), ``reference/index.html``
with its ``reference/assets/``, the screen recording ``video.mp4`` and the reference
screenshots ``checkpoints/step_N.png`` (``step_0`` is the initial state). See
docs/TASK_FORMAT.md. Loading fails with :class:`TaskError` naming the file and the
field, so a broken task is reported instead of half-judged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TASK_FILE = "task.json"
REFERENCE_DIR = "reference"
REFERENCE_PAGE = "index.html"
ASSETS_DIR = "assets"
VIDEO_FILE = "video.mp4"
CHECKPOINTS_DIR = "checkpoints"
# The recorder's per-step evidence on the reference page (visible text, targets).
REFERENCE_TRACE = "reference_trace.json"

ACTION_TYPES = ("click", "type", "press", "scroll")
TARGET_KEYS = ("selector", "text", "role", "placeholder", "label")
# The published dataset's categories; the paper breaks scores down by each.
CLASSIFICATION_KEYS = ("interaction_complexity", "visual_complexity", "domain", "sub_domain")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_MAX_VIEWPORT = 4096


class TaskError(ValueError):
    """A task folder or its task.json is malformed; the message names where."""


@dataclass(frozen=True)
class Expectation:
    """What the page must show after an action (checked on the browser's text)."""

    text_present: tuple[str, ...] = ()
    text_absent: tuple[str, ...] = ()


@dataclass(frozen=True)
class Action:
    """One user action of the recording, with hints to find its target on any page."""

    type: str
    description: str
    target: dict[str, str] = field(default_factory=dict)
    text: str | None = None
    key: str | None = None
    amount: int | None = None
    expect: Expectation = Expectation()
    visual: bool = True
    # The published dataset's natural-language logical assertion, kept for export and
    # for a judge model; the offline judge checks ``expect`` instead.
    assertion: str = ""
    # Which way a scroll moves: "y" (``amount`` > 0 is down) or "x" (> 0 is right).
    axis: str = "y"
    # Where the text, key and scroll came from (``evaluator.tasks.phrases.Source`` values:
    # "task", "parameters", "description", "default", "judge", "missing"), for the trace.
    sources: dict[str, str] = field(default_factory=dict)

    def missing_inputs(self) -> list[str]:
        """What this action needs and nobody supplied: "text" for a Type, "key" for a
        Press (a published row may leave them to the judge model)."""
        if self.type == "type" and not self.text:
            return ["text"]
        if self.type == "press" and not self.key:
            return ["key"]
        return []

    def inputs(self) -> dict[str, Any]:
        """The values this action acts with and where each came from (the step trace)."""
        out: dict[str, Any] = {}
        if self.type == "type":
            out["text"] = self.text
        elif self.type == "press":
            out["key"] = self.key
        elif self.type == "scroll":
            out["amount"] = self.amount
            out["axis"] = self.axis
        for name, source in self.sources.items():
            out[f"{name}_source"] = source
        return out

    def to_job(self) -> dict[str, Any]:
        """The action as the in-container runner reads it (no expectations: the
        runner only acts; judging happens on the host from its evidence)."""
        job: dict[str, Any] = {
            "type": self.type,
            "description": self.description,
            "target": dict(self.target) or None,
            "text": self.text,
            "key": self.key,
            "amount": self.amount,
        }
        if self.axis != "y":
            job["axis"] = self.axis
        return job


@dataclass(frozen=True)
class Task:
    """A loaded, validated task, whichever layout it was read from."""

    id: str
    title: str
    category: str
    width: int
    height: int
    actions: tuple[Action, ...]
    root: Path
    assets_dir: Path
    video: Path
    checkpoints_dir: Path
    # The original page, when the task has one (the published dataset does not).
    reference_page: Path | None = None
    # The published categories (interaction_complexity, visual_complexity, domain,
    # sub_domain), copied into every result so scores can be broken down by them.
    classification: dict[str, str] = field(default_factory=dict)
    source_website: str = ""
    # Where the task was read from ("data.jsonl:17" for a published row).
    source: str = ""
    # Why the task cannot be judged (a broken published row), one line each naming the
    # line and the field; such a task scores 0 as a task_error and the run goes on.
    problems: tuple[str, ...] = ()

    def checkpoint(self, step: int) -> Path:
        return self.checkpoints_dir / f"step_{step}.png"

    def reference_texts(self) -> dict[int, str]:
        """Visible text of the reference page per step, when the recorder saved it
        (tasks from the published layout have none)."""
        path = self.checkpoints_dir / REFERENCE_TRACE
        try:
            steps = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(steps, list):
            return {}
        return {
            s["index"]: s["text"]
            for s in steps
            if isinstance(s, dict)
            and isinstance(s.get("index"), int)
            and isinstance(s.get("text"), str)
        }

    def asset_files(self) -> list[Path]:
        """Static assets, sorted by name so bundles are deterministic."""
        if not self.assets_dir.is_dir():
            return []
        return sorted(p for p in self.assets_dir.iterdir() if p.is_file())

    def anonymised_names(self) -> dict[str, str]:
        """Original asset name -> ``assetNNN.ext`` in name order, as the published
        dataset names assets: a model sees only these names, never what a file was
        called on the original site."""
        return {
            p.name: f"asset{i:03d}{p.suffix.lower()}"
            for i, p in enumerate(self.asset_files(), start=1)
        }

    def missing_recording(self) -> list[str]:
        """Files the recorder produces that are absent (empty when judgeable)."""
        wanted = [self.video] + [self.checkpoint(i) for i in range(len(self.actions) + 1)]
        return [str(p.relative_to(self.root)) for p in wanted if not p.is_file()]


def _str_tuple(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise TaskError(f"{where}: must be a list of non-empty strings")
    return tuple(value)


def _parse_action(raw: Any, where: str, require_inputs: bool = True) -> Action:
    if not isinstance(raw, dict):
        raise TaskError(f"{where}: must be an object")
    kind = raw.get("type")
    if kind not in ACTION_TYPES:
        raise TaskError(f"{where}.type: {kind!r} is not one of {', '.join(ACTION_TYPES)}")
    description = raw.get("description")
    if not isinstance(description, str) or not description.strip():
        raise TaskError(f"{where}.description: a non-empty sentence is required")
    target = raw.get("target") or {}
    if not isinstance(target, dict):
        raise TaskError(f"{where}.target: must be an object")
    unknown = set(target) - set(TARGET_KEYS)
    if unknown:
        raise TaskError(f"{where}.target: unknown keys {sorted(unknown)}")
    if any(not isinstance(v, str) for v in target.values()):
        raise TaskError(f"{where}.target: values must be strings")
    if kind == "click" and not target:
        raise TaskError(f"{where}.target: a click needs a target")
    text = raw.get("text")
    missing_text = not isinstance(text, str) or not text
    if kind == "type" and missing_text and (require_inputs or text is not None):
        raise TaskError(f"{where}.text: a type action needs the text to type")
    key = raw.get("key")
    missing_key = not isinstance(key, str) or not key
    if kind == "press" and missing_key and (require_inputs or key is not None):
        raise TaskError(f"{where}.key: a press action needs a key name")
    amount = raw.get("amount")
    if amount is not None and (not isinstance(amount, int) or amount == 0):
        raise TaskError(f"{where}.amount: must be a non-zero integer number of pixels")
    axis = raw.get("axis", "y")
    if axis not in ("x", "y"):
        raise TaskError(f"{where}.axis: must be x or y")
    sources = raw.get("sources")
    if sources is None:
        sources = _own_sources(kind, amount)
    expect = raw.get("expect") or {}
    if not isinstance(expect, dict) or set(expect) - {"text_present", "text_absent"}:
        raise TaskError(f"{where}.expect: only text_present and text_absent are known")
    visual = raw.get("visual", True)
    if not isinstance(visual, bool):
        raise TaskError(f"{where}.visual: must be true or false")
    assertion = raw.get("assertion", "")
    if not isinstance(assertion, str):
        raise TaskError(f"{where}.assertion: must be a sentence")
    return Action(
        type=kind,
        description=description.strip(),
        target=dict(target),
        text=text,
        key=key,
        amount=amount,
        expect=Expectation(
            text_present=_str_tuple(expect.get("text_present"), f"{where}.expect.text_present"),
            text_absent=_str_tuple(expect.get("text_absent"), f"{where}.expect.text_absent"),
        ),
        visual=visual,
        assertion=assertion.strip(),
        axis=axis,
        sources=dict(sources),
    )


def _own_sources(kind: str, amount: Any) -> dict[str, str]:
    """Where a task.json action's inputs come from: the task itself, or for a scroll
    without ``amount`` the runner's default (half a page down)."""
    if kind == "type":
        return {"text": "task"}
    if kind == "press":
        return {"key": "task"}
    if kind == "scroll":
        return {"direction": "task" if amount is not None else "default"}
    return {}


def parse_actions(actions: Any, where: str, require_inputs: bool = True) -> tuple[Action, ...]:
    """Parse every action, reporting all broken ones at once. ``require_inputs=False``
    (published rows) lets a Type without text or a Press without key through: the
    judge model may supply them (:meth:`Action.missing_inputs`).

    Raises:
        TaskError: one line per problem, each naming the action.
    """
    if not isinstance(actions, list) or not actions:
        raise TaskError(f"{where}: actions must be a non-empty list")
    parsed: list[Action] = []
    problems: list[str] = []
    for i, raw in enumerate(actions):
        try:
            parsed.append(_parse_action(raw, f"{where}: actions[{i}]", require_inputs))
        except TaskError as exc:
            problems.append(str(exc))
    if problems:
        raise TaskError("\n".join(problems))
    return tuple(parsed)


def load_task(root: Path) -> Task:
    """Read and check one task folder.

    Raises:
        TaskError: the folder, task.json or a field is missing or malformed.
    """
    path = root / TASK_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise TaskError(f"{path}: no task.json in this folder") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TaskError(f"{path}: unreadable: {exc}") from exc
    if not isinstance(raw, dict):
        raise TaskError(f"{path}: must hold a JSON object")
    task_id = raw.get("id")
    if not isinstance(task_id, str) or not _ID_RE.match(task_id):
        raise TaskError(f"{path}: id {task_id!r} must be a plain lower-case name")
    if task_id != root.name:
        raise TaskError(f"{path}: id {task_id!r} differs from its folder name {root.name!r}")
    viewport = raw.get("viewport")
    if not isinstance(viewport, dict):
        raise TaskError(f"{path}: viewport must be an object with width and height")
    width = _viewport_side(viewport, "width", path)
    height = _viewport_side(viewport, "height", path)
    parsed = parse_actions(raw.get("actions"), str(path))
    classification = parse_classification(raw.get("classification"), f"{path}: classification")
    reference = root / REFERENCE_DIR / REFERENCE_PAGE
    if not reference.is_file():
        raise TaskError(f"{root}: missing {REFERENCE_DIR}/{REFERENCE_PAGE}")
    return Task(
        id=task_id,
        title=str(raw.get("title") or task_id),
        category=str(raw.get("category") or "uncategorised"),
        width=width,
        height=height,
        actions=parsed,
        root=root,
        assets_dir=root / REFERENCE_DIR / ASSETS_DIR,
        video=root / VIDEO_FILE,
        checkpoints_dir=root / CHECKPOINTS_DIR,
        reference_page=reference,
        classification=classification,
        source=f"{root.name}/{TASK_FILE}",
    )


def _viewport_side(viewport: dict[str, Any], name: str, path: Path) -> int:
    value = viewport.get(name)
    if not isinstance(value, int) or not 200 <= value <= _MAX_VIEWPORT:
        raise TaskError(f"{path}: viewport.{name} {value!r} must be 200..{_MAX_VIEWPORT}")
    return value


def parse_classification(raw: Any, where: str) -> dict[str, str]:
    """A task's classification: the published keys only, string values (null or absent
    values left out).

    Raises:
        TaskError: not an object, an unknown key, or a value that is no string.
    """
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise TaskError(f"{where}: must be an object")
    unknown = sorted(set(raw) - set(CLASSIFICATION_KEYS))
    if unknown:
        raise TaskError(
            f"{where}: unknown keys {unknown} (known: {', '.join(CLASSIFICATION_KEYS)})"
        )
    out: dict[str, str] = {}
    for key in CLASSIFICATION_KEYS:
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise TaskError(f"{where}.{key}: must be a non-empty string or null")
        out[key] = value.strip()
    return out
