"""Execute one replayed action (click, type, press, scroll) with real input events."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from .config import TYPE_CHUNK_CHARS
from .job import Action
from .locate import Located, TargetNotFound, focused, locate, measure


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


def find_target(driver: WebDriver, action: Action) -> Located | None:
    """Resolve the action's target; press and type may use the focused element instead.

    Raises:
        TargetNotFound: a target was required and none matched.
    """
    if action.target is not None:
        return locate(driver, action.target, action.type, action.description)
    if action.type in ("press", "type"):
        current = focused(driver)
        if current is None and action.type == "type":
            raise TargetNotFound("type action without a target and nothing has focus")
        return current
    if action.type == "scroll":
        return None
    raise TargetNotFound(f"{action.type} action without a target")


def _scroll_into_view(driver: WebDriver, located: Located) -> None:
    driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});",
        located.element,
    )
    measure(driver, located)


def _click(driver: WebDriver, located: Located) -> None:
    _scroll_into_view(driver, located)
    # A real pointer click at the element's centre: whatever the page shows on top receives it,
    # exactly as for a user.
    ActionChains(driver).move_to_element(located.element).click().perform()


# Sum of all scroll offsets: a page may scroll an inner container rather than the window.
_SCROLL_STATE_JS = """
let s = window.scrollX + window.scrollY * 3;
for (const el of document.querySelectorAll('*')) {
  if (el.scrollTop || el.scrollLeft) s += el.scrollTop * 7 + el.scrollLeft;
}
return s;
"""


def _wait_scrolled(driver: WebDriver, before: float, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while True:
        if driver.execute_script(_SCROLL_STATE_JS) != before:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def _scroll(driver: WebDriver, action: Action, located: Located | None, height: int) -> str:
    amount = int(action.amount if action.amount is not None else height // 2)
    if located is not None:
        # A wheel origin must be on screen; bring the element in first, then measure the change.
        driver.execute_script(
            "arguments[0].scrollIntoView({block: 'nearest', behavior: 'instant'});",
            located.element,
        )
        measure(driver, located)
        origin = ScrollOrigin.from_element(located.element)
    else:
        width = driver.execute_script("return window.innerWidth;")
        origin = ScrollOrigin.from_viewport(int(width) // 2, height // 2)
    before = driver.execute_script(_SCROLL_STATE_JS)
    ActionChains(driver).scroll_from_origin(origin, 0, amount).perform()
    if _wait_scrolled(driver, before, 0.5):
        return f"wheel scrolled by {amount}px"
    # The wheel lands on whatever is under the pointer (e.g. a fixed overlay that does not scroll);
    # fall back to scrolling the window itself, and say so.
    driver.execute_script("window.scrollBy({top: arguments[0], behavior: 'instant'});", amount)
    if _wait_scrolled(driver, before, 0.3):
        return f"wheel had no effect; window.scrollBy({amount}) scrolled"
    raise ActionFailed(
        f"scroll by {amount}px did not move the page (at its end, or not scrollable)"
    )


def perform(
    driver: WebDriver,
    action: Action,
    located: Located | None,
    *,
    viewport_height: int,
    on_progress: Callable[[], None] | None = None,
) -> str:
    """Carry out one action on an already located target; returns a note on what was done.

    ``on_progress`` is called after every few typed characters (record mode takes a frame there).

    Raises:
        ActionFailed: the action could not be executed or had no visible effect.
        selenium exceptions: WebDriver errors, classified by the caller.
    """
    if action.type == "click":
        assert located is not None  # find_target guarantees a target for clicks
        _click(driver, located)
        return "clicked"
    if action.type == "type":
        assert located is not None
        if located.found_by != "focused":
            _click(driver, located)
        text = action.text
        for start in range(0, len(text), TYPE_CHUNK_CHARS):
            located.element.send_keys(text[start : start + TYPE_CHUNK_CHARS])
            if on_progress is not None:
                on_progress()
        return f"typed {len(text)} characters"
    if action.type == "press":
        parts = (
            [key_code(p) for p in action.key.split("+")] if len(action.key) > 1 else [action.key]
        )
        if located is not None and located.found_by != "focused":
            _scroll_into_view(driver, located)
            driver.execute_script("arguments[0].focus();", located.element)
        elif located is not None:
            measure(driver, located)
        chain = ActionChains(driver)
        for mod in parts[:-1]:
            chain.key_down(mod)
        chain.send_keys(parts[-1])
        for mod in reversed(parts[:-1]):
            chain.key_up(mod)
        chain.perform()
        return f"pressed {action.key}"
    if action.type == "scroll":
        return _scroll(driver, action, located, viewport_height)
    raise ActionFailed(f"unknown action type {action.type!r}")
