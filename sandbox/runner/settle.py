"""Wait until the page is quiet, instead of sleeping a fixed time.

A DevTools screenshot costs 0.05-0.1 s even when nothing is drawn (it waits for a fresh
compositor frame, then encodes), so comparing screenshots until two in a row agree costs two or
three of them per step. The wait therefore asks cheaper questions first, all answered by the
browser in the runner's isolated world (the page's own scripts cannot patch what they read):

- **signals**: a ``MutationObserver`` on the whole document plus a capturing ``scroll``
  listener count every DOM change and scroll and note when the last one happened; the finite
  animations and transitions still running (or waiting on their delay), web fonts and images
  still loading (``BUSY_JS``). One ``Runtime.evaluate`` waits for two animation frames (the
  action's changes are drawn) and reads them.
- when that count has not moved over those two frames and nothing is busy, one full PNG
  screenshot is taken. It is the step's evidence once the count still has not moved after it
  and nothing has changed for ``QUIET_S`` (counted from the later of the wait's start and the
  last change; the capture's own time is most of it, a short sleep tops it up). Otherwise the
  wait goes on. A quiet page costs a few short calls and one capture, and a change that comes
  within ``QUIET_S`` of the last one is waited for however long the capture took.

A page whose picture can change without any of those signals (a ``<canvas>``, video, frames,
embedded objects, SVG animation elements, ``<marquee>``, GIF images, or an infinite CSS
animation) gets the screenshot comparison instead: captures until the picture has stayed the
same for at least ``QUIET_S`` over two captures or more and nothing is busy; the last capture is
the evidence.

Both are bounded by ``CAP_S``: a page that changes forever gets a fresh screenshot then, and the
step says so with ``settled: false``. A page can forge neither kind of quiet; it can only keep
the signals moving (and wait for the cap) or stop them early (and be judged on what it shows).

What it cannot see: a change that arrives after the page has looked quiet (a longer timer, a
slow request); in signal mode a change that touches neither the DOM, scrolling nor the kinds of
element above (a timer editing a style sheet through the CSSOM, say) is not waited for.

A job that names ``settle_seconds`` gets the old behaviour, a fixed sleep before one capture: the
published schedule (1.25 s) is compared that way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .cdp import Cdp

MIN_S = 0.02
# The page must be unchanged for this long: no DOM change or scroll (signal mode), the same
# picture over two captures or more (screenshot comparison).
QUIET_S = 0.1
QUIET_MS = QUIET_S * 1000
CAP_S = 2.0
INTERVAL_S = 0.02
# Signal polls never wait longer than this for two animation frames (a throttled tab).
FRAMES_TIMEOUT_MS = 100

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

# One signal poll, in the isolated world: installs the change counter on this document the first
# time (a new world or a new document gets a new random ``world`` id, so a navigation never looks
# quiet), optionally waits for two animation frames, then reports the count, what is busy and
# whether the page needs the screenshot comparison. The observer and listener live in the
# isolated world's globals, out of the page's reach.
WATCH_JS = (
    """(waitFrames, mark, timeoutMs) => new Promise((resolve) => {
const busyNow = """
    + BUSY_JS
    + """;
const SVG = "http://www.w3.org/2000/svg";
let s = globalThis.__iwrSettle;
if (!s || s.doc !== document) {
  s = { doc: document, n: 0, world: Math.random(), last: 0, mark: performance.now() };
  const changed = (k) => { s.n += k; s.last = performance.now(); };
  new MutationObserver((records) => changed(records.length)).observe(document,
    { subtree: true, childList: true, attributes: true, characterData: true });
  addEventListener("scroll", () => changed(1), { capture: true, passive: true });
  globalThis.__iwrSettle = s;
}
if (mark) s.mark = performance.now();
const pixels = () => {
  if (document.querySelector("canvas, video, iframe, frame, embed, object, marquee")) return true;
  for (const tag of ["animate", "animateMotion", "animateTransform", "set"])
    if (document.getElementsByTagNameNS(SVG, tag).length) return true;
  for (const img of document.images) if (/\\.gif($|[?#])/i.test(img.currentSrc)) return true;
  return document.getAnimations().some((a) => {
    if (a.playState !== "running") return false;
    const t = a.effect && a.effect.getComputedTiming ? a.effect.getComputedTiming() : null;
    return !!t && !Number.isFinite(t.endTime);
  });
};
let done = false;
const report = () => {
  if (done) return;
  done = true;
  const quietMs = performance.now() - Math.max(s.last, s.mark);
  resolve({ world: s.world, n: s.n, quiet_ms: quietMs, busy: busyNow(), pixels: pixels() });
};
if (!waitFrames) { report(); return; }
requestAnimationFrame(() => requestAnimationFrame(report));
setTimeout(report, timeoutMs);
})"""
)


@dataclass
class Settled:
    """How the wait ended: the evidence screenshot (None for a fixed sleep) and its cost."""

    png: bytes | None
    seconds: float
    settled: bool
    captures: int = 0
    # What ``during`` read while the wait made sure the screenshot stands (None: not read, or
    # read and then discarded because the page changed); it belongs to ``png``.
    early: Any = None


def _poll(cdp: Cdp, *, frames: bool, mark: bool = False) -> dict[str, Any]:
    """One signal poll (see ``WATCH_JS``); ``frames``: wait for two animation frames first;
    ``mark``: the quiet time counts from now at the earliest (the wait's start)."""
    state = cdp.call(WATCH_JS, frames, mark, FRAMES_TIMEOUT_MS, await_promise=True)
    return state if isinstance(state, dict) else {"pixels": True}


def _quiet_ms(state: dict[str, Any]) -> float:
    """How long the page has had no DOM change or scroll, by a poll's report."""
    return float(state.get("quiet_ms") or 0)


def _unchanged(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Same document and world, no DOM change or scroll between the polls, nothing busy."""
    return (
        not b.get("busy")
        and not b.get("pixels")
        and a.get("world") == b.get("world")
        and a.get("n") == b.get("n")
    )


def wait_quiet(
    cdp: Cdp,
    *,
    fixed_s: float | None = None,
    cap_s: float = CAP_S,
    during: Callable[[], Any] | None = None,
) -> Settled:
    """Wait for the page to be quiet; see the module's docstring.

    ``fixed_s``: sleep exactly that long instead (the published fixed schedule); the caller
    then captures the evidence itself.

    ``during``: reads the rest of the step's evidence (text, boxes, states). In signal mode,
    when the screenshot is back before the quiet time is up, the wait calls it instead of
    sleeping, then polls again: when nothing changed (no DOM change or scroll since before
    the screenshot, same document, nothing busy) until the quiet time is up, what it read is
    the page the screenshot shows and comes back as ``early``; otherwise it is dropped and
    not read again in this wait (the caller reads after the wait, as without ``during``).
    The reads change nothing in the document, so they cannot hold the wait themselves.

    Raises:
        whatever the DevTools calls raise (timeouts, a crashed tab); the caller classifies.
    """
    started = time.monotonic()
    if fixed_s is not None:
        time.sleep(fixed_s)
        return Settled(None, round(time.monotonic() - started, 3), True, 0)
    previous = _poll(cdp, frames=False, mark=True)
    captures = 0
    while not previous.get("pixels"):
        state = _poll(cdp, frames=True)
        if state.get("pixels"):
            break
        if _unchanged(previous, state):
            png = cdp.screenshot()
            captures += 1
            after = _poll(cdp, frames=False)
            early = None
            if during is not None and _unchanged(state, after) and _quiet_ms(after) < QUIET_MS:
                # The rest of the quiet time would be slept: read the evidence meanwhile.
                early, during = during(), None
                after = _poll(cdp, frames=False)
            # The screenshot stands once nothing has changed for QUIET_S (from the later of the
            # wait's start and the last change): a short sleep tops up a fast capture.
            while _unchanged(state, after) and _quiet_ms(after) < QUIET_MS:
                if time.monotonic() - started >= cap_s:
                    break
                time.sleep(max(0.005, (QUIET_MS - _quiet_ms(after)) / 1000))
                after = _poll(cdp, frames=False)
            if _unchanged(state, after) and _quiet_ms(after) >= QUIET_MS:
                return Settled(png, round(time.monotonic() - started, 3), True, captures, early)
            state = after
        if time.monotonic() - started >= cap_s:
            png = cdp.screenshot()
            return Settled(png, round(time.monotonic() - started, 3), False, captures + 1)
        previous = state
    return _wait_pixels(cdp, started, cap_s, captures)


def _wait_pixels(cdp: Cdp, started: float, cap_s: float, captures: int) -> Settled:
    """The screenshot comparison, for pages whose picture can change without a signal."""
    time.sleep(max(0.0, MIN_S - (time.monotonic() - started)))
    previous: bytes | None = None
    seen_since = 0.0  # when the current picture was first captured
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
