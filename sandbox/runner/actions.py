"""Execute one replayed action (click, type, press, scroll) with real input events.

Targets are found, brought into view and measured in one call in the runner's isolated world
(locate.py); clicks are trusted mouse events at the target's in-view centre
(``Input.dispatchMouseEvent``), keys and wheel turns WebDriver input actions. No step of an
action goes through the page's own JavaScript world.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
from selenium.webdriver.common.keys import Keys

from .cdp import Cdp
from .config import SCROLL_STEPS, TYPE_CHUNK_CHARS, TYPE_MAX_FRAMES
from .elements import pick
from .job import Action
from .locate import Located, TargetNotFound, focus_fallback, focused, locate


class ActionFailed(RuntimeError):
    """The target was found but the action could not be carried out (or had no effect)."""


# Common spellings that do not map onto Selenium's Keys names by case conversion alone.
_KEY_ALIASES = {
    "ESC": "ESCAPE",
    "DEL": "DELETE",
    "CTRL": "CONTROL",
    "CMD": "COMMAND",
    "OPTION": "ALT",
    "UP": "ARROW_UP",
    "DOWN": "ARROW_DOWN",
    "LEFT": "ARROW_LEFT",
    "RIGHT": "ARROW_RIGHT",
    "PAGEUP": "PAGE_UP",
    "PAGEDOWN": "PAGE_DOWN",
    "SPACEBAR": "SPACE",
    " ": "SPACE",
}


def key_code(name: str) -> str:
    """Map a key name (``Enter``, ``ArrowLeft``, ``Page Down``, ``a``) to what send_keys takes.

    Raises:
        ActionFailed: the name is neither a single character nor a Selenium Keys name.
    """
    if len(name) == 1:
        return name
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name.strip()).upper().replace(" ", "_")
    snake = _KEY_ALIASES.get(snake, snake)
    code = getattr(Keys, snake, None)
    if not isinstance(code, str):
        raise ActionFailed(f"unknown key {name!r}")
    return code


# How each action wants its target prepared in the locating call (see locate.HOLD_JS).
_PREPARE = {"click": "center", "type": "center", "press": "focus", "scroll": "nearest"}


def find_target(cdp: Cdp, action: Action) -> Located | None:
    """Resolve the action's target; press and type may use the focused element instead.

    The target comes back already in view and measured (one round trip). When the hints
    find nothing and the judge model chose an element of the numbered list
    (``target.element_index``), that element is used if the list still numbers it alike;
    a second try's element (``target.element_first``) is used before the hints.

    Raises:
        TargetNotFound: a target was required and none matched.
    """
    if action.target is not None and action.target.element_first:
        # A second try (the host's): the element it chose goes before the hints, whose
        # own choice failed this step in an earlier replay of the same state.
        chosen = _chosen(cdp, action)
        if chosen is not None:
            return chosen
    if action.target is not None:
        try:
            return locate(
                cdp,
                action.target,
                action.type,
                action.description,
                _PREPARE.get(action.type, "none"),
            )
        except TargetNotFound as exc:
            chosen = _chosen(cdp, action)
            if chosen is not None:
                return chosen
            if action.target.element_index:
                exc = TargetNotFound(
                    f"{exc}; and element [{action.target.element_index}] of the numbered list "
                    "is no longer the one the judge model chose"
                )
            # Hints that find nothing for a key action: the keys go where focus is, as a
            # person typing would (the trace says so).
            if action.type not in ("type", "press"):
                raise exc
            # A type that named a field it did not find does not go to another field.
            named = bool(action.target.placeholder or action.target.label)
            fallback = focus_fallback(
                cdp, action.type, f"hints found nothing ({exc})", continue_last=not named
            )
            if fallback is None:
                raise TargetNotFound(f"{exc}; and no editable element has focus") from exc
            return fallback
    if action.type == "type":
        # The focused field, else the one typed into last (focus_fallback says which).
        field = focus_fallback(cdp, "type", "no target named", continue_last=True)
        if field is not None:
            return field
    if action.type in ("press", "type"):
        current = focused(cdp)
        if current is None and action.type == "type":
            raise TargetNotFound("type action without a target and nothing has focus")
        return current
    if action.type == "scroll":
        return None
    raise TargetNotFound(f"{action.type} action without a target")


def _chosen(cdp: Cdp, action: Action) -> Located | None:
    """The judge model's element of the numbered list, if the action carries one."""
    target = action.target
    if target is None or not target.element_index or not target.element_index.isdigit():
        return None
    return pick(
        cdp,
        int(target.element_index),
        target.element_role or "",
        target.element_name or "",
        prepare=_PREPARE.get(action.type, "none"),
        chooser=target.element_first or "the judge model",
    )


# What the page shows on top at a point, when it is neither the target nor holds it nor is
# held by it (nor a label of it): "" when the target itself is hit.
_COVER_JS = """(x, y) => {
const t = globalThis.__iwrTarget;
const hit = document.elementFromPoint(x, y);
if (!t || !hit || hit === t || t.contains(hit)) return "";
// Held by what is hit, through shadow roots too (the hit is then their host).
for (let n = t; n; n = n.getRootNode() && n.getRootNode().host) {
  if (hit.contains(n)) return "";
}
const label = hit.closest("label");
if (label && label.control === t) return "";
const cls = typeof hit.className === "string" ? hit.className.trim().split(/\\s+/)[0] : "";
// The page's own names, cut short: they end up in the step's reason.
return (hit.tagName.toLowerCase() + (hit.id ? "#" + hit.id : cls ? "." + cls : "")).slice(0, 60);
}"""


def _click(cdp: Cdp, located: Located, *, uncovered: bool = False) -> None:
    # A real pointer click at the element's in-view centre: whatever the page shows on top
    # receives it, exactly as for a user. ``uncovered`` (record mode): a target covered
    # there fails the step, as a recording would show a click on what covers it while its
    # trace names the target.
    if located.point is None:
        raise ActionFailed("the target is not on screen after scrolling it into view")
    if uncovered:
        cover = cdp.call(_COVER_JS, *located.point)
        if cover:
            raise ActionFailed(
                f"the target is covered at {tuple(located.point)} by {cover}: a recording "
                "would click that instead"
            )
    cdp.click(*located.point)


# Sum of all scroll offsets: a page may scroll an inner container rather than the window.
# Runs in the isolated world, so the page's scrollTop or scrollY getters do not count.
_SCROLL_STATE_JS = """() => {
let s = window.scrollX + window.scrollY * 3;
for (const el of document.querySelectorAll('*')) {
  if (el.scrollTop || el.scrollLeft) s += el.scrollTop * 7 + el.scrollLeft;
}
return s;
}"""

# After a click on a field, typing goes to the field even if the click moved focus elsewhere.
_REMEMBER_TYPED_JS = """() => {
const a = document.activeElement;
if (a && a !== document.body) globalThis.__iwrLastTyped = a;
return true;
}"""

_FOCUS_TARGET_JS = """() => {
const t = globalThis.__iwrTarget;
if (!t || !t.isConnected) return false;
const a = document.activeElement;
if (a !== t && !(a && t.contains(a))) t.focus();
return true;
}"""


def _wait_scrolled(cdp: Cdp, before: float, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while True:
        if cdp.call(_SCROLL_STATE_JS) != before:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.01)  # a scroll lands within a frame or two; each increment waits for it


def type_chunk(text: str) -> int:
    """Characters typed between two record-mode frames for ``text``."""
    return max(TYPE_CHUNK_CHARS, -(-len(text) // TYPE_MAX_FRAMES))


def wheel_steps(amount: int, steps: int = SCROLL_STEPS) -> list[int]:
    """``amount`` split into ``steps`` whole-pixel increments that add up to it exactly."""
    steps = max(1, min(steps, abs(amount)))
    return [amount * (i + 1) // steps - amount * i // steps for i in range(steps)]


def _scroll(
    cdp: Cdp,
    action: Action,
    located: Located | None,
    width: int,
    height: int,
    on_progress: Callable[[], None] | None = None,
) -> str:
    amount = int(action.amount if action.amount is not None else height // 2)
    horizontal = action.axis == "x"
    if located is not None:
        # A wheel origin must be on screen: the element was brought in when it was found.
        if located.point is None:
            raise ActionFailed("the scroll target is not on screen")
        origin = ScrollOrigin.from_viewport(*located.point)
    else:
        origin = ScrollOrigin.from_viewport(width // 2, height // 2)
    before = cdp.call(_SCROLL_STATE_JS)
    # The wheel turns in increments in both modes, each waited for (record mode films a frame
    # after each): a page that loads more as it is scrolled (a feed, lazy recommendations)
    # grows between increments as it does under a person's wheel, where one turn of the whole
    # amount would stop at the page's first end. An increment that moves nothing ends the
    # scroll (the page is at its end); when the first moves nothing the window is scrolled.
    turned = 0
    state = before
    for part in wheel_steps(amount):
        dx, dy = (part, 0) if horizontal else (0, part)
        ActionChains(cdp.driver).scroll_from_origin(origin, dx, dy).perform()
        if not _wait_scrolled(cdp, state, 0.5):
            break
        turned += 1
        state = cdp.call(_SCROLL_STATE_JS)
        if on_progress is not None:
            on_progress()
    way = "horizontally " if horizontal else ""
    if turned:
        return f"wheel scrolled {way}by {amount}px in {turned} turns"
    # The wheel lands on whatever is under the pointer (e.g. a fixed overlay that does not scroll);
    # fall back to scrolling the window itself, and say so.
    side = "left" if horizontal else "top"
    cdp.evaluate(f"window.scrollBy({{{side}: {amount}, behavior: 'instant'}})")
    if _wait_scrolled(cdp, before, 0.3):
        return f"wheel had no effect; window.scrollBy({side}: {amount}) scrolled"
    raise ActionFailed(
        f"scroll {way}by {amount}px did not move the page (at its end, or not scrollable)"
    )


def perform(
    cdp: Cdp,
    action: Action,
    located: Located | None,
    *,
    viewport_width: int,
    viewport_height: int,
    on_progress: Callable[[], None] | None = None,
    uncovered: bool = False,
) -> str:
    """Carry out one action on an already located target; returns a note on what was done.

    ``on_progress`` is called after every typed character or two and after every wheel
    increment (record mode takes a frame there); without it the text is typed in one input
    action. The wheel turns in the same increments either way. ``uncovered`` (record mode):
    a click's target covered by another element fails instead of clicking that element.

    Raises:
        ActionFailed: the action could not be executed or had no visible effect.
        selenium exceptions: WebDriver errors, classified by the caller.
    """
    if action.type == "click":
        assert located is not None  # find_target guarantees a target for clicks
        _click(cdp, located, uncovered=uncovered)
        return "clicked"
    if action.type == "type":
        assert located is not None
        if located.found_by != "focused":
            _click(cdp, located, uncovered=uncovered)
            if not cdp.call(_FOCUS_TARGET_JS):
                raise ActionFailed("the field went away when it was clicked")
        text = action.text
        chunk = type_chunk(text) if on_progress is not None else max(1, len(text))
        for start in range(0, len(text), chunk):
            ActionChains(cdp.driver).send_keys(text[start : start + chunk]).perform()
            if on_progress is not None:
                on_progress()
        # The field typed into, for a later type that names none (locate.FOCUS_FALLBACK_JS).
        cdp.call(_REMEMBER_TYPED_JS)
        return f"typed {len(text)} characters"
    if action.type == "press":
        parts = (
            [key_code(p) for p in action.key.split("+")] if len(action.key) > 1 else [action.key]
        )
        chain = ActionChains(cdp.driver)
        for mod in parts[:-1]:
            chain.key_down(mod)
        chain.send_keys(parts[-1])
        for mod in reversed(parts[:-1]):
            chain.key_up(mod)
        chain.perform()
        return f"pressed {action.key}"
    if action.type == "scroll":
        return _scroll(cdp, action, located, viewport_width, viewport_height, on_progress)
    raise ActionFailed(f"unknown action type {action.type!r}")
