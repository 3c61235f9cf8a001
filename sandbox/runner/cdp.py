"""The judge's evidence straight from the browser, through the DevTools protocol.

A judged page runs its scripts in the page's main JavaScript world, where it can patch anything:
``innerText`` getters, ``getBoundingClientRect``, ``window.scrollY``, ``querySelectorAll``.
Nothing the judge reads goes through that world any more:

- screenshots are ``Page.captureScreenshot`` (the compositor's pixels, viewport exact, PNG);
- the scroll position is ``Page.getLayoutMetrics`` (the browser's layout viewport);
- every script the runner needs (page text, finding targets, boxes, scroll offsets, the settle
  wait's animation check and its DOM-change observer) runs in an **isolated world**
  (``Page.createIsolatedWorld``): the same DOM, but its own global object and its own copies of
  every prototype, so the page's patches do not apply there and the page cannot see or touch
  what the runner keeps in it.

All calls go through chromedriver (``execute_cdp_cmd``) over its pipe to Chromium; DevTools has
no port a page could reach.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver

WORLD_NAME = "iwr-judge"


class ScriptError(RuntimeError):
    """A runner script threw inside the isolated world (a runner bug or a broken document)."""


class Cdp:
    """DevTools commands on the judged tab, and scripts in the runner's isolated world."""

    def __init__(self, driver: WebDriver) -> None:
        self.driver = driver
        self._context: int | None = None

    def cmd(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        reply: dict[str, Any] = self.driver.execute_cdp_cmd(method, params or {})
        return reply

    def _new_world(self) -> int:
        frame = self.cmd("Page.getFrameTree")["frameTree"]["frame"]["id"]
        # grantUniveralAccess (sic, the protocol's spelling) stays off: the world has the
        # page's origin and nothing more.
        made = self.cmd(
            "Page.createIsolatedWorld",
            {"frameId": frame, "worldName": WORLD_NAME, "grantUniveralAccess": False},
        )
        self._context = int(made["executionContextId"])
        return self._context

    def context(self) -> int:
        """The isolated world's execution context id (made when there is none yet)."""
        return self._context if self._context is not None else self._new_world()

    def forget_world(self) -> None:
        """The next evaluation makes a fresh world (after a navigation, say)."""
        self._context = None

    def evaluate(self, expression: str, *, await_promise: bool = False) -> Any:
        """Evaluate ``expression`` in the isolated world; returns its value as JSON data.

        The world belongs to the current document; a navigation (a reload within the origin)
        destroys it, and it is made again once.

        Raises:
            ScriptError: the expression threw.
            WebDriverException: the browser refused the command (tab crashed, say).
        """
        for attempt in (0, 1):
            context = self._context if self._context is not None else self._new_world()
            try:
                reply = self.cmd(
                    "Runtime.evaluate",
                    {
                        "expression": expression,
                        "contextId": context,
                        "returnByValue": True,
                        "awaitPromise": await_promise,
                        "userGesture": False,
                    },
                )
            except WebDriverException as exc:
                if attempt == 0 and "context" in str(exc).lower():
                    self._context = None
                    continue
                raise
            if "exceptionDetails" in reply:
                details = reply["exceptionDetails"]
                text = (details.get("exception") or {}).get("description") or details.get("text")
                raise ScriptError(str(text).splitlines()[0] if text else "script error")
            return reply.get("result", {}).get("value")
        raise AssertionError("unreachable")

    def call(self, function: str, *args: Any, await_promise: bool = False) -> Any:
        """Call a JavaScript function expression with JSON arguments in the isolated world."""
        payload = ", ".join(json.dumps(a) for a in args)
        return self.evaluate(f"({function})({payload})", await_promise=await_promise)

    def screenshot(self, *, fmt: str = "png", quality: int | None = None) -> bytes:
        """The viewport's pixels as the compositor draws them (not the page's canvas API).

        A PNG is encoded with Chromium's fast setting: the same pixels (PNG is lossless) in
        about 0.05 s instead of 0.07 s at 1280x800, a file about 30% larger that the host also
        decodes faster; every step takes one.
        """
        params: dict[str, Any] = {
            "format": fmt,
            "fromSurface": True,
            "captureBeyondViewport": False,
        }
        if fmt == "png":
            params["optimizeForSpeed"] = True
        if quality is not None:
            params["quality"] = quality
        return base64.b64decode(self.cmd("Page.captureScreenshot", params)["data"])

    def scroll_y(self) -> float | int:
        """The layout viewport's vertical scroll offset, from the browser's layout."""
        metrics = self.cmd("Page.getLayoutMetrics")
        viewport = metrics.get("cssLayoutViewport") or metrics.get("layoutViewport") or {}
        y = float(viewport.get("pageY", 0))
        return int(y) if y.is_integer() else round(y, 2)

    def click(self, x: float, y: float) -> None:
        """A real left click (trusted mouse events) at viewport point (x, y)."""
        for kind, extra in (
            ("mouseMoved", {}),
            ("mousePressed", {"button": "left", "buttons": 1, "clickCount": 1}),
            ("mouseReleased", {"button": "left", "buttons": 0, "clickCount": 1}),
        ):
            self.cmd("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, **extra})
