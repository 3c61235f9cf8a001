"""Grounding by index: the runner's numbered element list, read as untrusted, and the
judge model's answer to "which element?" read back.

The published judge's agent shows its language model the page's interactive elements as a
numbered list (role, accessible name, text, position) and acts on the index it answers,
with a screenshot question as fallback. The runner builds the list
(``sandbox/runner/elements.py``, job flag ``elements``); everything in it is page content,
so here it is bounded (count, field lengths), checked (types, numbers) and escaped
(control characters, quotes) before it goes into any prompt. A reply names an element by
its number, or, answering the screenshot question, a point on the screenshot.

The paper profile (:func:`evaluator.judging.profiles.model_targets`) asks with it for a
target the hints and the fallback selector missed: see docs/JUDGE.md, "Targets by number".
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from typing import Any

from evaluator.judging.replies import json_objects
from evaluator.tasks.task import Task

# Bounds on what the host accepts from the runner (it promises 200 and 80).
MAX_ELEMENTS = 200
MAX_FIELD_CHARS = 80
_ROLE_RE = re.compile(r"[a-z][a-z-]{0,31}")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Element:
    """One interactive element as the judge model sees it."""

    index: int
    role: str
    name: str
    text: str
    box: tuple[int, int, int, int]  # x, y, width, height in CSS pixels of the viewport
    disabled: bool = False
    checked: bool = False

    @property
    def centre(self) -> tuple[int, int]:
        x, y, w, h = self.box
        return x + w // 2, y + h // 2


def with_elements(task: Task, chosen: dict[int, Element], first: str | None = None) -> Task:
    """``task`` with each chosen element of the numbered list in its action's target (keyed
    by action number). The runner uses it after the hints and the fallback selector (the
    paper profile's judge model), or, with ``first`` naming who chose it, before the hints
    (the offline profile's second tries)."""
    actions = list(task.actions)
    for index, element in chosen.items():
        action = actions[index - 1]
        target = {
            **(action.target or {}),
            "element_index": str(element.index),
            "element_role": element.role,
            "element_name": element.name,
        }
        if first:
            target["element_first"] = first
        actions[index - 1] = dataclasses.replace(action, target=target)
    return dataclasses.replace(task, actions=tuple(actions))


def _clean(value: Any) -> str:
    """A field as one short line with no control or direction characters."""
    if not isinstance(value, str):
        return ""
    text = _CONTROL_RE.sub(" ", value[: MAX_FIELD_CHARS * 4])
    return " ".join(text.split())[:MAX_FIELD_CHARS]


def _quoted(text: str) -> str:
    """A field between double quotes in the prompt, its own quotes escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _int(value: Any, low: int, high: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if value != value or not low <= value <= high:  # NaN, out of range
        return None
    return int(value)


def read_elements(raw: Any, width: int, height: int) -> list[Element]:
    """The runner's element list, kept only where every field checks out.

    An entry whose number is not the next one, or whose box is not a box on a
    ``width`` x ``height`` viewport (it may reach past the edges), is dropped with the rest
    of the list: numbering must be the runner's own, unbroken from 1.
    """
    if not isinstance(raw, list):
        return []
    found: list[Element] = []
    for entry in raw[:MAX_ELEMENTS]:
        if not isinstance(entry, dict):
            break
        index = _int(entry.get("index"), 1, MAX_ELEMENTS)
        x = _int(entry.get("x"), -100_000, width)
        y = _int(entry.get("y"), -100_000, height)
        w = _int(entry.get("w"), 1, 100_000)
        h = _int(entry.get("h"), 1, 100_000)
        role = entry.get("role")
        if index != len(found) + 1 or None in (x, y, w, h):
            break
        if not isinstance(role, str) or not _ROLE_RE.fullmatch(role):
            role = "generic"
        assert x is not None and y is not None and w is not None and h is not None
        found.append(
            Element(
                index=index,
                role=role,
                name=_clean(entry.get("name")),
                text=_clean(entry.get("text")),
                box=(x, y, w, h),
                disabled=entry.get("disabled") is True,
                checked=entry.get("checked") is True,
            )
        )
    return found


def serialise(elements: list[Element]) -> str:
    """One line per element, for the prompt:
    ``[3] button "Add to cart" text="Add" at (120,480 80x32) disabled``.

    The same list always gives the same text (so the question, and its cached answer,
    are the same when the page is judged again).
    """
    lines = []
    for e in elements:
        text = f" text={_quoted(e.text)}" if e.text and e.text != e.name else ""
        flags = (" disabled" if e.disabled else "") + (" checked" if e.checked else "")
        x, y, w, h = e.box
        lines.append(f"[{e.index}] {e.role} {_quoted(e.name)}{text} at ({x},{y} {w}x{h}){flags}")
    return "\n".join(lines)


_INDEX_KEYS = ("index", "element", "id", "result", "answer")
_BARE_INDEX_RE = re.compile(r"^\s*\[?\s*(\d{1,4})\s*\]?\s*\.?\s*$")
_TAGGED_INDEX_RE = re.compile(r"(?:\[(\d{1,4})\]|\b(?:element|index)\s*[:#]?\s*(\d{1,4})\b)", re.I)


def parse_index(reply: str, count: int) -> int | None:
    """The element number a reply names, if it is one of ``1..count``; else None.

    Read in order: a JSON object's ``index`` (or ``element``, ``id``, ``result``,
    ``answer``; a number or a numeric string), a bare number (``7``, ``[7]``), then the
    first ``[7]`` or ``element 7`` in prose. "None", an out-of-range number or two
    different numbers in prose are no answer.
    """
    reply = reply[:4000]
    for candidate in json_objects(reply):
        try:
            data = json.loads(candidate)
        except json.JSONDecodeError:
            continue
        if not isinstance(data, dict):
            continue
        for key in _INDEX_KEYS:
            value = data.get(key)
            if isinstance(value, str) and value.strip().lstrip("[").rstrip("]").isdigit():
                value = int(value.strip().lstrip("[").rstrip("]"))
            if isinstance(value, int) and not isinstance(value, bool):
                return value if 1 <= value <= count else None
        return None
    bare = _BARE_INDEX_RE.match(reply)
    if bare:
        value = int(bare.group(1))
        return value if 1 <= value <= count else None
    named = {int(a or b) for a, b in _TAGGED_INDEX_RE.findall(reply)}
    if len(named) == 1:
        value = named.pop()
        return value if 1 <= value <= count else None
    return None


_POINT_RE = re.compile(r"\(?\s*(\d{1,5}(?:\.\d+)?)\s*,\s*(\d{1,5}(?:\.\d+)?)\s*\)?")


def parse_point(reply: str, width: int, height: int) -> tuple[int, int] | None:
    """A point on the screenshot a reply names (JSON ``{"x": .., "y": ..}`` or ``(x, y)``),
    if it lies on the ``width`` x ``height`` viewport; else None."""
    reply = reply[:4000]
    for candidate in json_objects(reply):
        try:
            data = json.loads(candidate)
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict) and "x" in data and "y" in data:
            x, y = _int(data["x"], 0, width - 1), _int(data["y"], 0, height - 1)
            return None if x is None or y is None else (x, y)
    match = _POINT_RE.search(reply)
    if match is None:
        return None
    px, py = float(match.group(1)), float(match.group(2))
    if not (0 <= px < width and 0 <= py < height):
        return None
    return int(px), int(py)


def element_at(elements: list[Element], point: tuple[int, int]) -> Element | None:
    """The smallest listed element whose box holds ``point`` (the screenshot answer mapped
    back to the list), or None."""
    px, py = point
    holding = [
        e
        for e in elements
        if e.box[0] <= px < e.box[0] + e.box[2] and e.box[1] <= py < e.box[1] + e.box[3]
    ]
    return min(holding, key=lambda e: (e.box[2] * e.box[3], e.index), default=None)
