"""Judge and record modes: load the page, replay the actions, keep a trace and screenshots.

Every piece of evidence comes from the browser, not from the page's JavaScript (cdp.py):
screenshots from the compositor, the scroll position from the layout, the page text from
``innerText`` read in the runner's isolated world. Each step records how long finding the
target, acting, settling (settle.py) and capturing took.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import MaxRetryError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from .actions import ActionFailed, find_target, perform
from .browser import BrowserError, BrowserInfo, check_viewport, png_size, start_browser
from .cdp import Cdp, ScriptError
from .config import CHROMEDRIVER_PORT, FRAMES_NAME, HOST, MAX_TEXT_CHARS, PORT
from .job import Job
from .locate import Located, TargetNotFound
from .result import ResultFile
from .server import PageServer
from .settle import CAP_S, Settled, wait_quiet

# Read in the isolated world: the native innerText, whatever the page did to its own getters.
_TEXT_JS = "document.body ? document.body.innerText : ''"

# Exceptions that mean "the page or browser did not answer in time".
# A read timeout on a driver call surfaces as MaxRetryError (retries are off, see browser.py).
_TIMEOUTS = (TimeoutException, Urllib3Timeout, MaxRetryError, socket.timeout, TimeoutError)
# The driver stopped answering at all (killed for memory, say): the browser is gone.
_DRIVER_GONE = (Urllib3Error, ConnectionError)
# Per step, beyond its load or action limit and its settle wait: reading the evidence back.
STEP_SLACK_S = 5.0


class Watchdog:
    """Bounds a step's wall time whatever the browser does.

    Each driver command has its own timeout, but under memory pressure every command can run
    close to it without reaching it, one after another, so a page could hold the runner for
    minutes. When a step outlives its budget the watchdog kills the browser (Chromium and
    chromedriver): the command in flight fails at once, the step becomes a ``timeout`` and
    nothing more is asked of that browser.
    """

    def __init__(self, kill: Callable[[], None] | None = None) -> None:
        self._kill = kill or kill_browser
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._armed = 0  # which arming the running timer belongs to
        self.fired: float | None = None  # the budget that ran out

    def arm(self, seconds: float) -> None:
        self.disarm()
        with self._lock:
            self.fired = None
            self._armed += 1
            self._timer = threading.Timer(seconds, self._fire, args=(seconds, self._armed))
            self._timer.daemon = True
            self._timer.start()

    def disarm(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def _fire(self, seconds: float, armed: int) -> None:
        with self._lock:
            if self._timer is None or armed != self._armed:
                return  # disarmed (and perhaps armed again for a later step) meanwhile
            self._timer = None
            self.fired = seconds
        self._kill()

    def overran(self, step: dict[str, Any]) -> bool:
        """Rewrite ``step`` as a timeout if the watchdog stopped the browser during it."""
        if self.fired is None:
            return False
        step.update(
            status="timeout",
            reason=f"the step ran past its {self.fired:.0f}s budget; the browser was stopped",
        )
        return True


def _first_line(exc: BaseException) -> str:
    text = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text.strip().splitlines()[0] if text.strip() else ''}"


@dataclass
class Frames:
    """Record mode's timed screenshots; a no-op in judge mode."""

    cdp: Cdp
    out_dir: Path
    enabled: bool
    interval: float
    entries: list[dict[str, Any]] = field(default_factory=list)
    t0: float = 0.0

    def grab(self, step: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not self.entries:
            self.t0 = now
        png = self.cdp.screenshot()
        name = f"{FRAMES_NAME}/{len(self.entries):06d}.png"
        (self.out_dir / name).write_bytes(png)
        self.entries.append(
            {
                "file": name,
                "t": round(now - self.t0, 3),
                "step": step,
                "scroll_y": self.cdp.scroll_y(),
            }
        )

    def hold(self, seconds: float, step: int) -> None:
        """Take frames for ``seconds`` so a video shows this state for at least that long."""
        if not self.enabled:
            return
        end = time.monotonic() + seconds
        while True:
            started = time.monotonic()
            self.grab(step)
            if started >= end:
                return
            time.sleep(
                max(0.0, min(self.interval - (time.monotonic() - started), end - time.monotonic()))
            )


def _settle(cdp: Cdp, job: Job, timing: dict) -> Settled:
    """Wait for the page to settle (or the job's fixed time); ``timing["settle"]`` records it."""
    settled = wait_quiet(cdp, fixed_s=job.settle_seconds)
    timing["settle"] = settled.seconds
    return settled


def _observe(cdp: Cdp, job: Job, out_dir: Path, index: int, settled: Settled, timing: dict) -> dict:
    """Keep the step's screenshot, text and scroll position; ``timing["capture"]`` records it.

    The screenshot is the one the settle wait ended on when it had one, else a fresh capture.
    """
    started = time.monotonic()
    png = settled.png if settled.png is not None else cdp.screenshot()
    if png_size(png) != (job.width, job.height):
        got = png_size(png)
        raise BrowserError(f"screenshot is {got[0]}x{got[1]}, expected {job.width}x{job.height}")
    name = f"step_{index}.png"
    (out_dir / name).write_bytes(png)
    text = cdp.evaluate(_TEXT_JS)
    scroll_y = cdp.scroll_y()
    timing["capture"] = round(time.monotonic() - started, 3)
    return {
        "screenshot": name,
        "text": (text if isinstance(text, str) else "")[:MAX_TEXT_CHARS],
        "scroll_y": scroll_y,
        "settle_seconds": settled.seconds,
        "settled": settled.settled,
        "settle_captures": settled.captures,
    }


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


def _not_run(job: Job, first: int) -> list[dict[str, Any]]:
    return [
        {
            "index": i + 1,
            "type": a.type,
            "status": "not_run",
            "reason": "an earlier step failed",
            "target": None,
            "screenshot": None,
            "text": "",
            "scroll_y": None,
            "seconds": 0.0,
            "settle_seconds": None,
            "timing": {},
        }
        for i, a in enumerate(job.actions)
        if i + 1 >= first
    ]


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
) -> dict:
    """Execute action ``index`` (1-based step) and describe the outcome as a step entry."""
    action = job.actions[index - 1]
    step: dict[str, Any] = {
        "index": index,
        "type": action.type,
        "status": "ok",
        "reason": "",
        "target": None,
        "screenshot": None,
        "text": "",
        "scroll_y": None,
        "seconds": 0.0,
        "settle_seconds": None,
        "timing": {},
    }
    timing: dict[str, float] = step["timing"]
    started = time.monotonic()
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
        )
        timing["act"] = round(time.monotonic() - acting, 3)
        step["reason"] = note + (f"; target: {located.why}" if located else "")
    except TargetNotFound as exc:
        step.update(status="target_not_found", reason=str(exc))
    except ActionFailed as exc:
        step.update(status="action_failed", reason=str(exc))
    except ScriptError as exc:
        step.update(status="action_failed", reason=f"the runner's script failed: {exc}")
    except _TIMEOUTS as exc:
        step.update(status="timeout", reason=f"no answer within the time limit: {_first_line(exc)}")
    except WebDriverException as exc:
        step.update(status="action_failed", reason=_first_line(exc))
    except _DRIVER_GONE as exc:
        # Killed for memory, or by the watchdog while the action's command was in flight.
        step.update(status="crashed", reason=f"the browser died: {_first_line(exc)}")
    elapsed = time.monotonic() - started
    step["seconds"] = round(elapsed, 3)
    step["target"] = located.as_dict() if located else None
    if step["status"] == "ok" and elapsed > job.step_timeout_s:
        step.update(
            status="timeout",
            reason=f"action took {elapsed:.1f}s, over the {job.step_timeout_s}s step limit",
        )
    if step["status"] in ("timeout", "crashed"):
        return step  # the page is unresponsive; a screenshot would only hang as well
    try:
        settled = _settle(cdp, job, timing)
        away = _guard(cdp, home, origin)
        if away is not None:
            step.update(status="navigated_away", reason=f"the page left {origin} for {away[:200]}")
            return step
        step.update(_observe(cdp, job, out_dir, index, settled, timing))
    except _TIMEOUTS as exc:
        step.update(
            status="timeout", reason=f"page stopped answering after the action: {_first_line(exc)}"
        )
    except (WebDriverException, ScriptError) as exc:
        # Typically "tab crashed" after the action.
        step.update(status="action_failed", reason=_first_line(exc))
    except _DRIVER_GONE as exc:
        step.update(status="crashed", reason=f"the browser died: {_first_line(exc)}")
    return step


def start_for(job: Job) -> tuple[WebDriver, BrowserInfo]:
    """The job's browser, with its viewport and WebDriver call bound (see ``start_browser``)."""
    return start_browser(
        job.width, job.height, command_timeout_s=job.command_timeout_s, browser=job.browser
    )


def replay(
    job: Job,
    page_dir: Path,
    out_dir: Path,
    result: ResultFile,
    *,
    host: str = HOST,
    port: int = PORT,
    browser: tuple[WebDriver, BrowserInfo] | None = None,
    exiting: bool = False,
) -> dict[str, float]:
    """Run a judge or record job, writing result.json after every step.

    Writing as it goes means a run killed by the wall clock still leaves the steps it finished
    (with status ``running``). Never raises for page faults; they end up in ``result``.
    ``browser``: one already started for this job (a pooled sandbox starts it before the job
    arrives, see sandbox/runner/__main__.py); it is quit afterwards like one started here.
    ``exiting``: the process ends right after this page (a single-page job), see ``_quit``.
    Returns how long starting and quitting the browser took (``start_s``, ``quit_s``): the
    parts of a page's time outside its steps, which a batch reports per page.
    """
    timing: dict[str, float] = {}
    result.data["viewport"] = {"width": job.width, "height": job.height}
    if not (page_dir / "index.html").is_file():
        result.finish("page_error", "the page has no index.html")
        return timing
    if job.mode == "record":
        (out_dir / FRAMES_NAME).mkdir(exist_ok=True)
    with PageServer(page_dir, host, port) as server:
        started = time.monotonic()
        try:
            if browser is None:
                driver, info = start_for(job)
            else:
                driver, info = browser
        except BrowserError:
            # Once more: a driver killed a moment ago (previous page, memory) may still hold on.
            time.sleep(1.0)
            try:
                driver, info = start_for(job)
            except BrowserError as exc:
                result.finish("browser_error", str(exc))
                timing["start_s"] = round(time.monotonic() - started, 3)
                return timing
        timing["start_s"] = round(time.monotonic() - started, 3)
        result.data["browser"] = info.as_dict()
        try:
            _replay_in(driver, job, out_dir, server.url, result)
        finally:
            quitting = time.monotonic()
            _quit(driver, exiting=exiting)
            timing["quit_s"] = round(time.monotonic() - quitting, 3)
    return timing


def _replay_in(driver: WebDriver, job: Job, out_dir: Path, url: str, result: ResultFile) -> None:
    steps: list[dict[str, Any]] = result.data["steps"]
    cdp = Cdp(driver)
    frames = Frames(cdp, out_dir, job.mode == "record", job.frame_interval_s)
    result.data["frames"] = frames.entries
    driver.set_page_load_timeout(job.page_load_timeout_s)
    driver.set_script_timeout(job.step_timeout_s)
    home = driver.current_window_handle
    step0: dict[str, Any] = {
        "index": 0,
        "status": "ok",
        "reason": "",
        "screenshot": None,
        "text": "",
        "scroll_y": None,
        "seconds": 0.0,
        "settle_seconds": None,
        "timing": {},
    }
    steps.append(step0)
    watchdog = Watchdog()
    watchdog.arm(load_budget(job))
    try:
        failed = _load(cdp, job, out_dir, url, home, step0)
    finally:
        watchdog.disarm()
    if watchdog.overran(step0):
        failed = ("page_error", f"the page used up its {watchdog.fired:.0f}s loading budget")
    if failed is not None:
        if failed[0] != "browser_error":
            steps.extend(_not_run(job, 1))
        result.finish(*failed)
        return
    frames.hold(job.hold_seconds, 0)
    result.write()
    for index in range(1, len(job.actions) + 1):
        watchdog.arm(action_budget(job))
        try:
            step = _run_action(cdp, job, index, frames, out_dir, home, url)
        finally:
            watchdog.disarm()
        watchdog.overran(step)
        steps.append(step)
        if step["status"] != "ok":
            steps.extend(_not_run(job, index + 1))
            break
        frames.hold(job.hold_seconds, index)
        result.write()
    result.finish("ok", "")


def _load(
    cdp: Cdp, job: Job, out_dir: Path, url: str, home: str, step0: dict[str, Any]
) -> tuple[str, str] | None:
    """Step 0: load the page, let it settle, keep its evidence in ``step0``.

    Returns the page's status and reason when the page cannot be judged, None when it loaded.
    """
    timing: dict[str, float] = step0["timing"]
    started = time.monotonic()
    try:
        cdp.driver.get(url)
    except _TIMEOUTS as exc:
        step0.update(
            status="timeout", seconds=round(time.monotonic() - started, 3), reason=_first_line(exc)
        )
        return "page_error", f"the page did not finish loading within {job.page_load_timeout_s}s"
    except WebDriverException as exc:
        step0.update(status="action_failed", reason=_first_line(exc))
        return "page_error", f"the page did not load: {_first_line(exc)}"
    except _DRIVER_GONE as exc:
        return _browser_died(step0, exc)
    timing["load"] = round(time.monotonic() - started, 3)
    try:
        settled = _settle(cdp, job, timing)
        away = _guard(cdp, home, url)
        if away is not None:
            step0.update(status="navigated_away", reason=f"the page left {url} for {away[:200]}")
            return "page_error", f"the page navigated away from {url} to {away[:200]}"
        check_viewport(cdp, job.width, job.height)
        step0.update(_observe(cdp, job, out_dir, 0, settled, timing))
    except BrowserError as exc:
        return "browser_error", str(exc)
    except _TIMEOUTS as exc:
        step0.update(status="timeout", reason=_first_line(exc))
        return "page_error", "the page stopped answering right after loading"
    except (WebDriverException, ScriptError) as exc:
        # Typically "tab crashed": the page ran its renderer out of memory.
        step0.update(status="action_failed", reason=_first_line(exc))
        return "page_error", f"the page broke the browser tab: {_first_line(exc)}"
    except _DRIVER_GONE as exc:
        return _browser_died(step0, exc)
    step0["seconds"] = round(time.monotonic() - started, 3)
    return None


def _browser_died(step0: dict[str, Any], exc: BaseException) -> tuple[str, str]:
    """The driver stopped answering while the page loaded (killed for memory, say): the page's
    doing, not the runner's."""
    step0.update(status="crashed", reason=f"the browser died: {_first_line(exc)}")
    return "page_error", f"the browser died while the page loaded: {_first_line(exc)}"


def _browser_processes() -> list[int]:
    """The live processes the browser is made of, from /proc (no psutil in the image).

    Everything below the runner, and Chromium processes orphaned to the container's init: a
    helper forked while its parent was being killed is re-parented there and would otherwise
    outlive its page, burning CPU and memory under the next one. Orphans count only when the
    runner is the child of init itself, as in its container (never a host's own Chromium).
    Zombies, which hold nothing and cannot be killed again, are left out.
    """
    in_container = os.getppid() == 1
    children: dict[int, list[int]] = {}
    orphans: list[int] = []
    zombies: set[int] = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        name = stat[stat.find("(") + 1 : stat.rfind(")")]
        fields = stat.rsplit(")", 1)[1].split()
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        if fields[0] == "Z":
            zombies.add(pid)
        elif in_container and ppid == 1 and name.startswith("chrom"):
            orphans.append(pid)
    found, todo = list(orphans), [os.getpid(), *orphans]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return [pid for pid in found if pid not in zombies]


def kill_browser(seconds: float = 2.0) -> None:
    """SIGKILL every process the runner started: chromedriver, Chromium and its helpers.

    Repeated until none is left, so a helper Chromium forked while the others were being
    killed (a new renderer, say, still allocating for a memory bomb) does not outlive its page.
    """
    end = time.monotonic() + seconds
    while True:
        pids = _browser_processes()
        if not pids or time.monotonic() > end:
            return
        for pid in pids:
            with contextlib.suppress(OSError):  # already gone
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.02)


def _wait_port_free(port: int, *, seconds: float) -> None:
    """Wait until nothing listens on ``port``, so the next driver can take it."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                pass
        except OSError:
            return
        time.sleep(0.1)


def _quit(driver: WebDriver, *, exiting: bool = False) -> None:
    """Stop Chromium without asking it anything: kill it, reap the driver, free the port.

    A polite ``driver.quit()`` buys nothing (the profile is thrown away), waits on a hung
    renderer, and a quit left running in a thread, like Selenium's finaliser, would send its
    shutdown to the fixed driver port after the next page's driver took it. When the process is
    ``exiting`` (a single-page job), the container's init kills whatever is left and the profile
    on the /tmp tmpfs goes with the container, so killing is all there is to do.
    """
    kill_browser()
    service = getattr(driver, "service", None)
    process = getattr(service, "process", None)
    if process is not None:
        with contextlib.suppress(Exception):  # reap it, so no zombie is left per page
            process.wait(timeout=1.0)
        service.process = None  # nothing left for Selenium to stop
    if exiting:
        return
    profile = str((driver.capabilities.get("chrome") or {}).get("userDataDir") or "")
    _wait_port_free(CHROMEDRIVER_PORT, seconds=3.0)
    # The profile lives on the /tmp tmpfs, which counts against the container's memory.
    if profile.startswith("/tmp/"):
        shutil.rmtree(profile, ignore_errors=True)
