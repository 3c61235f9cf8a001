"""Job records: the parsed and validated form of /work/in/job.json."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .config import ACTION_TYPES, BROWSERS, DEFAULT_BROWSER, MODES


class JobError(ValueError):
    """The job file is malformed; reported as status ``job_error``, never as a page fault."""


@dataclass(frozen=True)
class Target:
    """How to find the element an action applies to; every field is optional."""

    selector: str | None = None
    text: str | None = None
    role: str | None = None
    placeholder: str | None = None
    label: str | None = None
    # A CSS selector tried only when the hints above found nothing (the paper profile's
    # judge model supplies it); the step trace says when it was used.
    fallback_selector: str | None = None
    # The description's content words (space-separated, "^" marks a word that weighs
    # double): tried only when every hint above found nothing (see locate.py).
    words: str | None = None
    # A place in a grid or list ("row:1 col:2", "index:4"; -1 = last, "mid" = middle),
    # read on the host off the description: a strong vote (see locate.py).
    position: str | None = None
    # A place in a table ("row:-1 col:@feb": the last filled cell of the column labelled
    # Feb; "row:4 col:6": counted among the body cells), evaluator.tasks.tables: two votes
    # when the page shows a table (tables.py); else ``position`` is counted as ever.
    table: str | None = None
    # A colour the description names ("the green button"), "r,g,b": a vote (locate.py).
    colour: str | None = None
    # Where the target sits relative to an anchor the description names, "kind|words|r,g,b"
    # ("below|score panel", "near|@last": the previous action's target): a vote (places.py).
    near: str | None = None
    # The destination of a move ("Move 'Fix login bug' to Done"): the item's control that
    # goes there is clicked (moves.py).
    move: str | None = None
    # The verb's words for a control on a named item that is no control itself ("Delete
    # the 'Old copy' card": "delete remove ×"), moves.py; and "big" for "the big red
    # button" (the largest of that colour), places.py.
    act: str | None = None
    size: str | None = None
    # The page corner a description ends on ("at the top right" -> "top-right"): half a
    # vote for the candidate nearest it (places.py).
    corner: str | None = None
    # What a click's control does or shows, from the host's vocabulary of meanings
    # (evaluator.tasks.vocabulary.MEANINGS): "name: shown tokens #drawn names; ...". A
    # route tried when no text, label or placeholder hint found anything (words.py).
    means: str | None = None
    # Where the reference's screenshot changed across this action, "x,y,w,h;..." in CSS px
    # of the viewport (evaluator.tasks.changes): a tie-breaker among equally voted
    # candidates, only while the page is unscrolled (places.py, CHANGED_JS).
    changed: str | None = None
    # Where the screen recording's pointer was when the reference acted, "x,y" in CSS px of
    # the viewport (evaluator.tasks.pointing): the recording's own evidence of the target.
    pointed: str | None = None
    # The names of the controls the assertion says the click switched, ticked, chose or
    # opened ("Private profile|Compact"), evaluator.scoring.states.acted_names: tried only
    # when every hint and the description's words found nothing (stated.py).
    stated: str | None = None
    # "1" when the description speaks of doing it once more ("again", "too"): the
    # recording's pointer still on the last target is then evidence (places.py, POINTED_JS);
    # "2" when it says the same control ("again", "another"): also the last resort.
    again: str | None = None
    # A nudge (nudges.py, evaluator.tasks.nudges): "more|bottle cage", a stepper's + or −
    # by its item's card; "next|size", the member after or before the chosen one.
    step: str | None = None
    shift: str | None = None
    # The paper profile's judge model chose this element of the numbered list (elements.py)
    # in an earlier replay of the same state: its number, role and accessible name. Tried
    # only when every hint above found nothing; not passed to the locator.
    element_index: str | None = None
    element_role: str | None = None
    element_name: str | None = None
    # Who chose that element when it goes BEFORE the hints (the offline profile's second
    # try, evaluator/judging/retries.py: the hints' own choice failed the step); None: the
    # judge model's choice, tried only after every hint.
    element_first: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "selector": self.selector,
            "text": self.text,
            "role": self.role,
            "placeholder": self.placeholder,
            "label": self.label,
            "fallback_selector": self.fallback_selector,
            "words": self.words,
            "position": self.position,
            "table": self.table,
            "colour": self.colour,
            "near": self.near,
            "move": self.move,
            "act": self.act,
            "size": self.size,
            "corner": self.corner,
            "means": self.means,
            "changed": self.changed,
            "pointed": self.pointed,
            "stated": self.stated,
            "again": self.again,
            "step": self.step,
            "shift": self.shift,
        }


@dataclass(frozen=True)
class Action:
    type: str
    description: str = ""
    target: Target | None = None
    text: str = ""
    key: str = ""
    # Scroll distance in CSS pixels (negative = up, or left on the x axis); None means half
    # the viewport height, downwards.
    amount: float | None = None
    axis: str = "y"  # "y": vertical scroll, "x": horizontal
    # Words the action's assertion names a state of ("Buy oat milk" is crossed out), read
    # on the host: after the action the runner keeps those elements' state (states.py).
    watch: tuple[str, ...] = ()
    # The assertion states a number: after the action the runner keeps the page's visible
    # texts with their boxes (lines.py), so the host reads it beside what it counts.
    lines: bool = False


@dataclass(frozen=True)
class Job:
    mode: str
    width: int = 1280
    height: int = 800
    actions: tuple[Action, ...] = field(default_factory=tuple)
    # None: wait until the page is visually quiet (settle.py); a number: sleep exactly that long
    # after loading and after each action (the published fixed schedule uses 1.25).
    settle_seconds: float | None = None
    page_load_timeout_s: float = 15.0
    step_timeout_s: float = 10.0
    hold_seconds: float = 1.0
    frame_interval_s: float = 0.1
    # Batch: replay each of these sub-folders of the page folder in turn, each with a fresh
    # browser, results in out/<name>/. Empty: the page folder itself is the page.
    pages: tuple[str, ...] = ()
    browser: str = DEFAULT_BROWSER  # a key of config.BROWSERS
    # Judge mode: walk the trajectory again with counterfactual probes (probes.py).
    probes: bool = True
    # Keep each step's numbered interactive elements (elements.py) in its entry: the
    # paper profile's judge model grounds targets on them. Off by default (it costs a script).
    elements: bool = False

    @property
    def command_timeout_s(self) -> float:
        """What bounds each WebDriver call of this job's browser: the larger limit plus 5 s."""
        return max(self.step_timeout_s, self.page_load_timeout_s) + 5.0


def _opt_str(raw: dict[str, Any], key: str) -> str | None:
    value = raw.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise JobError(f"target.{key} must be a string or null, got {type(value).__name__}")
    return value


def _number(raw: dict[str, Any], key: str, default: float, *, minimum: float = 0.0) -> float:
    value = raw.get(key, default)
    if value is None:
        return default
    # bool is an int subclass; "true" seconds is a bug in the job writer, not a number.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise JobError(f"{key} must be a number, got {value!r}")
    if value < minimum:
        raise JobError(f"{key} must be >= {minimum}, got {value!r}")
    return float(value)


def _parse_target(raw: Any) -> Target | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise JobError(f"target must be an object or null, got {type(raw).__name__}")
    return Target(**{key: _opt_str(raw, key) for key in Target.__dataclass_fields__})


def _parse_action(index: int, raw: Any) -> Action:
    if not isinstance(raw, dict):
        raise JobError(f"actions[{index}] must be an object")
    kind = raw.get("type")
    if kind not in ACTION_TYPES:
        raise JobError(f"actions[{index}].type must be one of {ACTION_TYPES}, got {kind!r}")
    amount = raw.get("amount")
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int | float)):
        raise JobError(f"actions[{index}].amount must be a number, got {amount!r}")
    text = raw.get("text") or ""
    key = raw.get("key") or ""
    if not isinstance(text, str) or not isinstance(key, str):
        raise JobError(f"actions[{index}].text and .key must be strings")
    if kind == "press" and not key:
        raise JobError(f"actions[{index}] is a press without a key")
    axis = raw.get("axis") or "y"
    if axis not in ("x", "y"):
        raise JobError(f"actions[{index}].axis must be x or y, got {axis!r}")
    watch = raw.get("watch") or []
    if not isinstance(watch, list) or not all(isinstance(w, str) for w in watch):
        raise JobError(f"actions[{index}].watch must be a list of strings")
    lines = raw.get("lines", False)
    if not isinstance(lines, bool):
        raise JobError(f"actions[{index}].lines must be true or false, got {lines!r}")
    return Action(
        type=kind,
        description=str(raw.get("description") or ""),
        target=_parse_target(raw.get("target")),
        text=text,
        key=key,
        amount=None if amount is None else float(amount),
        axis=axis,
        watch=tuple(watch),
        lines=lines,
    )


_PAGE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def _parse_pages(raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
        raise JobError("pages must be a list of folder names")
    for name in raw:
        if not _PAGE_NAME.fullmatch(name):
            raise JobError(f"pages: {name!r} is not a plain folder name")
    if len(set(raw)) != len(raw):
        raise JobError("pages: a folder is named twice")
    return tuple(raw)


def parse_job(raw: Any) -> Job:
    """Validate a decoded job.json; raises JobError naming the first bad field."""
    if not isinstance(raw, dict):
        raise JobError("job must be a JSON object")
    mode = raw.get("mode")
    if mode not in MODES:
        raise JobError(f"mode must be one of {MODES}, got {mode!r}")
    viewport = raw.get("viewport") or {}
    if not isinstance(viewport, dict):
        raise JobError("viewport must be an object")
    width = _number(viewport, "width", 1280, minimum=100)
    height = _number(viewport, "height", 800, minimum=100)
    browser = raw.get("browser") or DEFAULT_BROWSER
    if not isinstance(browser, str) or browser not in BROWSERS:
        raise JobError(f"browser must be one of {tuple(BROWSERS)}, got {browser!r}")
    actions = raw.get("actions") or []
    if not isinstance(actions, list):
        raise JobError("actions must be a list")
    return Job(
        mode=mode,
        width=int(width),
        height=int(height),
        actions=tuple(_parse_action(i, a) for i, a in enumerate(actions)),
        settle_seconds=(
            None if raw.get("settle_seconds") is None else _number(raw, "settle_seconds", 0.0)
        ),
        page_load_timeout_s=_number(raw, "page_load_timeout_s", 15.0, minimum=0.5),
        step_timeout_s=_number(raw, "step_timeout_s", 10.0, minimum=0.5),
        hold_seconds=_number(raw, "hold_seconds", 1.0),
        frame_interval_s=_number(raw, "frame_interval_s", 0.1, minimum=0.02),
        pages=_parse_pages(raw.get("pages")),
        browser=browser,
        probes=bool(raw.get("probes", True)),
        elements=raw.get("elements") is True,
    )
