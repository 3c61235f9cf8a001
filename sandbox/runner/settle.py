"""Wait until the page is visually quiet, instead of sleeping a fixed time.

After loading and after each action the runner takes screenshots (``Page.captureScreenshot``,
the same full PNG the step keeps as evidence; each one waits for a fresh compositor frame)
until the picture has stayed the same for at least ``QUIET_S`` over at least two captures and,
in the runner's isolated world, no finite animation or transition is running (or waiting on
its delay), no web font is still loading and no image is still loading. The last of those
screenshots is the step's evidence, so a settled step costs no extra capture. The wait is
bounded by ``CAP_S``: an endless animation or a page that redraws forever gets its screenshot
then, and the step says so with ``settled: false``.

What it cannot see: a change that arrives after the page has looked quiet for ``QUIET_S`` (a
longer timer, a slow request); the fixed 0.3 s wait this replaces missed those after 0.3 s.

A job that names ``settle_seconds`` gets the old behaviour, a fixed sleep before one capture: the
published schedule (1.25 s) is compared that way.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .cdp import Cdp

MIN_S = 0.02
# The picture must be unchanged for this long (and over two captures at least).
QUIET_S = 0.1
CAP_S = 2.0
INTERVAL_S = 0.02

# Busy when a finite animation or transition is running (or waiting on its delay), a font face is
# loading, or an image in the document has not finished. Infinite animations never finish; they
# are left to the screenshot comparison and the cap.
BUSY_JS = """() => {
const running = document.getAnimations().filter((a) => {
  if (a.playState !== "running") return false;
  const t = a.effect && a.effect.getComputedTiming ? a.effect.getComputedTiming() : null;
  return !t || Number.isFinite(t.endTime);
}).length;
const fonts = document.fonts && document.fonts.status === "loading";
let images = 0;
for (const img of document.images) if (!img.complete) images += 1;
return running + images + (fonts ? 1 : 0);
}"""


@dataclass
class Settled:
    """How the wait ended: the evidence screenshot (None for a fixed sleep) and its cost."""

    png: bytes | None
    seconds: float
    settled: bool
    captures: int = 0


def wait_quiet(cdp: Cdp, *, fixed_s: float | None = None, cap_s: float = CAP_S) -> Settled:
    """Wait for the page to be quiet; see the module's docstring.

    ``fixed_s``: sleep exactly that long instead (the published fixed schedule); the caller
    then captures the evidence itself.

    Raises:
        whatever the DevTools calls raise (timeouts, a crashed tab); the caller classifies.
    """
    started = time.monotonic()
    if fixed_s is not None:
        time.sleep(fixed_s)
        return Settled(None, round(time.monotonic() - started, 3), True, 0)
    time.sleep(MIN_S)
    previous: bytes | None = None
    seen_since = 0.0  # when the current picture was first captured
    captures = 0
    while True:
        png = cdp.screenshot()
        now = time.monotonic()
        captures += 1
        if png != previous:
            seen_since = now
        elif now - seen_since >= QUIET_S and not cdp.call(BUSY_JS):
            return Settled(png, round(now - started, 3), True, captures)
        if now - started >= cap_s:
            return Settled(png, round(now - started, 3), False, captures)
        previous = png
        time.sleep(INTERVAL_S)
