"""One step of a replay: load the page (step 0) or run an action, settle, keep the evidence.

Every piece of evidence comes from the browser, not from the page's JavaScript (cdp.py):
screenshots from the compositor, the scroll position from the layout, the page text from
``innerText`` read in the runner's isolated world. Each step records how long finding the
target, acting, settling (settle.py) and capturing took.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selenium.common.exceptions import TimeoutException, WebDriverException
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import MaxRetryError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from .actions import ActionFailed, find_target, perform
from .browser import BrowserError, check_viewport, png_size
from .cdp import Cdp, ScriptError
from .config import MAX_TEXT_CHARS
from .elements import snapshot
from .frames import Frames
from .job import Job
from .lines import text_lines
from .locate import Located, TargetNotFound
from .painted import painted
from .record import Step
from .result import RunnerStatus, StepStatus
from .settle import CAP_S, Settled, wait_quiet
from .states import states

# Read in the isolated world: the native innerText, whatever the page did to its own getters.
_TEXT_JS = "document.body ? document.body.innerText : ''"

# Exceptions that mean "the page or browser did not answer in time".
# A read timeout on a driver call surfaces as MaxRetryError (retries are off, see browser.py).
_TIMEOUTS = (TimeoutException, Urllib3Timeout, MaxRetryError, socket.timeout, TimeoutError)
# The driver stopped answering at all (killed for memory, say): the browser is gone.
_DRIVER_GONE = (Urllib3Error, ConnectionError)
# Per step, beyond its load or action limit and its settle wait: reading the evidence back.
STEP_SLACK_S = 5.0


def _first_line(exc: BaseException) -> str:
    text = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text.strip().splitlines()[0] if text.strip() else ''}"


def _settle(
    cdp: Cdp, job: Job, timing: dict[str, float], during: Callable[[], Reads] | None = None
) -> Settled:
    """Wait for the page to settle (or the job's fixed time); ``timing["settle"]`` records it.

    ``during``: the step's reads, made while the wait would sleep (see ``wait_quiet``)."""
    settled = wait_quiet(cdp, fixed_s=job.settle_seconds, during=during)
    timing["settle"] = settled.seconds
    return settled


@dataclass
class Reads:
    """A step's evidence besides its screenshot, read from the browser (``_read``)."""

    text: Any
    scroll_y: float | int
    painted: dict[str, Any]
    elements: list[Any] | None
    elements_error: str | None
    lines: list[Any] | None
    states: list[dict[str, Any]] | None
    # Seconds per part: ``capture`` (text and scroll), painted, elements, lines, states.
    timing: dict[str, float] = field(default_factory=dict)


def _read(cdp: Cdp, job: Job, index: int, target: dict[str, Any] | None) -> Reads:
    """The step's text, scroll position, painted record, elements, lines and states.

    A script that fails is recorded as such; a browser that does not answer raises.
    """
    timing: dict[str, float] = {}
    started = time.monotonic()
    text = cdp.evaluate(_TEXT_JS)
    scroll_y = cdp.scroll_y()
    timing["capture"] = time.monotonic() - started
    started = time.monotonic()
    try:
        seen = painted(cdp)
    except ScriptError as exc:
        seen = {"error": str(exc)[:500]}
    timing["painted"] = round(time.monotonic() - started, 3)
    elements: list[Any] | None = None
    elements_error: str | None = None
    if job.elements:
        started = time.monotonic()
        try:
            elements = snapshot(cdp)
        except ScriptError as exc:
            elements_error = str(exc)[:500]
        timing["elements"] = round(time.monotonic() - started, 3)
    lines: list[Any] | None = None
    if index > 0 and job.actions[index - 1].lines:
        started = time.monotonic()
        try:
            lines = text_lines(cdp)
        except ScriptError:
            lines = None  # the count is then read off the page text alone
        timing["lines"] = round(time.monotonic() - started, 3)
    found: list[dict[str, Any]] | None = None
    if index > 0:
        started = time.monotonic()
        try:
            found = states(cdp, job.actions[index - 1].watch, target)
        except ScriptError as exc:
            found = [{"error": str(exc)[:500]}]
        timing["states"] = round(time.monotonic() - started, 3)
    return Reads(text, scroll_y, seen, elements, elements_error, lines, found, timing)


def _observe(cdp: Cdp, job: Job, out_dir: Path, step: Step, settled: Settled) -> None:
    """Keep the step's screenshot, text and scroll position; ``timing["capture"]`` records it.

    The screenshot is the one the settle wait ended on when it had one, else a fresh capture;
    the rest is what the wait read for that screenshot (``settled.early``), else read now.
    Nothing but the timing is written into ``step`` unless every read succeeded.
    """
    index, timing = step.index, step.timing
    started = time.monotonic()
    png = settled.png if settled.png is not None else cdp.screenshot()
    if png_size(png) != (job.width, job.height):
        got = png_size(png)
        raise BrowserError(f"screenshot is {got[0]}x{got[1]}, expected {job.width}x{job.height}")
    name = f"step_{index}.png"
    (out_dir / name).write_bytes(png)
    wrote = time.monotonic() - started
    reads = settled.early if isinstance(settled.early, Reads) else None
    if reads is None:
        reads = _read(cdp, job, index, step.target)
    timing["capture"] = round(wrote + reads.timing["capture"], 3)
    timing.update({k: v for k, v in reads.timing.items() if k != "capture"})
    step.elements, step.elements_error = reads.elements, reads.elements_error
    if "lines" in reads.timing:
        step.lines = reads.lines
    if index > 0:
        step.states = reads.states
    step.screenshot = name
    step.text = (reads.text if isinstance(reads.text, str) else "")[:MAX_TEXT_CHARS]
    step.painted = reads.painted
    step.scroll_y = reads.scroll_y
    step.settle_seconds = settled.seconds
    step.settled, step.settle_captures = settled.settled, settled.captures


def _guard(cdp: Cdp, home: str, origin: str) -> str | None:
    """Close windows the page opened, return to the judged one; the URL if it left its origin.

    Navigating within the page's own origin is fine; anything else (another host, ``file:``,
    ``chrome:``, an error page) means the page is no longer the one being judged.
    """
    driver = cdp.driver
    handles = driver.window_handles
    for handle in handles:
        if handle != home:
            driver.switch_to.window(handle)
            driver.close()
    if handles != [home]:
        driver.switch_to.window(home)
    url = driver.current_url
    return None if url.startswith(origin) else url


def _not_run(job: Job, first: int) -> list[Step]:
    return [Step.not_run(i + 1, a.type) for i, a in enumerate(job.actions) if i + 1 >= first]


def _settle_budget(job: Job) -> float:
    return CAP_S if job.settle_seconds is None else job.settle_seconds


def load_budget(job: Job) -> float:
    """Step 0's wall budget: loading, settling, reading the evidence."""
    return job.page_load_timeout_s + _settle_budget(job) + STEP_SLACK_S


def action_budget(job: Job) -> float:
    """An action step's wall budget: finding and acting, settling, reading the evidence."""
    return job.step_timeout_s + _settle_budget(job) + STEP_SLACK_S


def _run_action(
    cdp: Cdp, job: Job, index: int, frames: Frames, out_dir: Path, home: str, origin: str
) -> Step:
    """Execute action ``index`` (1-based step) and describe the outcome as a step record."""
    step = Step.action(index, job.actions[index - 1].type)
    started = time.monotonic()
    located = _act(cdp, job, index, frames, step, started)
    elapsed = time.monotonic() - started
    step.seconds = round(elapsed, 3)
    step.target = located.as_dict() if located else None
    if step.status == StepStatus.OK and elapsed > job.step_timeout_s:
        step.fail(
            StepStatus.TIMEOUT,
            f"action took {elapsed:.1f}s, over the {job.step_timeout_s}s step limit",
        )
    if step.status in (StepStatus.TIMEOUT, StepStatus.CRASHED):
        return step  # the page is unresponsive; a screenshot would only hang as well
    _after_action(cdp, job, out_dir, home, origin, step)
    return step


def _act(
    cdp: Cdp,
    job: Job,
    index: int,
    frames: Frames,
    step: Step,
    started: float,
) -> Located | None:
    """Find action ``index``'s target and act on it; a failure goes into ``step``'s status and
    reason; ``started`` is when the step began. Returns the target found (None when none was)."""
    action = job.actions[index - 1]
    timing = step.timing
    located: Located | None = None
    try:
        located = find_target(cdp, action)
        timing["find"] = round(time.monotonic() - started, 3)
        # Record mode: the page as it stands once the target was scrolled into view, before
        # the action (still the previous step's state, at its new scroll position).
        frames.grab(index - 1)
        acting = time.monotonic()
        note = perform(
            cdp,
            action,
            located,
            viewport_width=job.width,
            viewport_height=job.height,
            on_progress=(lambda: frames.grab(index)) if frames.enabled else None,
            uncovered=job.mode == "record",
        )
        timing["act"] = round(time.monotonic() - acting, 3)
        step.reason = note + (f"; target: {located.why}" if located else "")
    except TargetNotFound as exc:
        step.fail(StepStatus.TARGET_NOT_FOUND, str(exc))
    except ActionFailed as exc:
        step.fail(StepStatus.ACTION_FAILED, str(exc))
    except ScriptError as exc:
        step.fail(StepStatus.ACTION_FAILED, f"the runner's script failed: {exc}")
    except _TIMEOUTS as exc:
        step.fail(StepStatus.TIMEOUT, f"no answer within the time limit: {_first_line(exc)}")
    except WebDriverException as exc:
        step.fail(StepStatus.ACTION_FAILED, _first_line(exc))
    except _DRIVER_GONE as exc:
        # Killed for memory, or by the watchdog while the action's command was in flight.
        step.fail(StepStatus.CRASHED, f"the browser died: {_first_line(exc)}")
    return located


def _after_action(
    cdp: Cdp,
    job: Job,
    out_dir: Path,
    home: str,
    origin: str,
    step: Step,
) -> None:
    """Let the page settle after an action, check it stayed home, and keep its evidence in
    ``step`` (a failure goes into ``step``'s status and reason)."""
    try:
        settled = _settle(cdp, job, step.timing, lambda: _read(cdp, job, step.index, step.target))
        away = _guard(cdp, home, origin)
        if away is not None:
            step.fail(StepStatus.NAVIGATED_AWAY, f"the page left {origin} for {away[:200]}")
            return
        _observe(cdp, job, out_dir, step, settled)
    except _TIMEOUTS as exc:
        step.fail(
            StepStatus.TIMEOUT, f"page stopped answering after the action: {_first_line(exc)}"
        )
    except (WebDriverException, ScriptError) as exc:
        # Typically "tab crashed" after the action.
        step.fail(StepStatus.ACTION_FAILED, _first_line(exc))
    except _DRIVER_GONE as exc:
        step.fail(StepStatus.CRASHED, f"the browser died: {_first_line(exc)}")


def _load(
    cdp: Cdp, job: Job, out_dir: Path, url: str, home: str, step0: Step
) -> tuple[RunnerStatus, str] | None:
    """Step 0: load the page, let it settle, keep its evidence in ``step0``.

    Returns the page's status and reason when the page cannot be judged, None when it loaded.
    """
    timing = step0.timing
    started = time.monotonic()
    try:
        cdp.driver.get(url)
    except _TIMEOUTS as exc:
        step0.fail(StepStatus.TIMEOUT, _first_line(exc))
        step0.seconds = round(time.monotonic() - started, 3)
        return (
            RunnerStatus.PAGE_ERROR,
            f"the page did not finish loading within {job.page_load_timeout_s}s",
        )
    except WebDriverException as exc:
        step0.fail(StepStatus.ACTION_FAILED, _first_line(exc))
        return RunnerStatus.PAGE_ERROR, f"the page did not load: {_first_line(exc)}"
    except _DRIVER_GONE as exc:
        return _browser_died(step0, exc)
    timing["load"] = round(time.monotonic() - started, 3)
    try:
        settled = _settle(cdp, job, timing, lambda: _read(cdp, job, 0, None))
        away = _guard(cdp, home, url)
        if away is not None:
            step0.fail(StepStatus.NAVIGATED_AWAY, f"the page left {url} for {away[:200]}")
            return RunnerStatus.PAGE_ERROR, f"the page navigated away from {url} to {away[:200]}"
        check_viewport(cdp, job.width, job.height)
        _observe(cdp, job, out_dir, step0, settled)
    except BrowserError as exc:
        return RunnerStatus.BROWSER_ERROR, str(exc)
    except _TIMEOUTS as exc:
        step0.fail(StepStatus.TIMEOUT, _first_line(exc))
        return RunnerStatus.PAGE_ERROR, "the page stopped answering right after loading"
    except (WebDriverException, ScriptError) as exc:
        # Typically "tab crashed": the page ran its renderer out of memory.
        step0.fail(StepStatus.ACTION_FAILED, _first_line(exc))
        return RunnerStatus.PAGE_ERROR, f"the page broke the browser tab: {_first_line(exc)}"
    except _DRIVER_GONE as exc:
        return _browser_died(step0, exc)
    step0.seconds = round(time.monotonic() - started, 3)
    return None


def _browser_died(step0: Step, exc: BaseException) -> tuple[RunnerStatus, str]:
    """The driver stopped answering while the page loaded (killed for memory, say): the page's
    doing, not the runner's."""
    step0.fail(StepStatus.CRASHED, f"the browser died: {_first_line(exc)}")
    return RunnerStatus.PAGE_ERROR, f"the browser died while the page loaded: {_first_line(exc)}"
