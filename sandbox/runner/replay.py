"""Judge and record modes: load the page, replay the actions, keep a trace and screenshots.

The step loop lives here; one step (loading, an action, its evidence) in steps.py, the
watchdog that bounds each step in watchdog.py, record mode's frames in frames.py.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import time
from pathlib import Path

from selenium.webdriver.remote.webdriver import WebDriver

from .browser import BrowserError, BrowserInfo, start_browser
from .cdp import Cdp
from .config import CHROMEDRIVER_PORT, FRAMES_NAME, HOST, PORT
from .frames import Frames
from .job import Job
from .probes import probe_pass
from .record import Step
from .result import ResultFile, RunnerStatus, StepStatus
from .server import PageServer
from .steps import _load, _not_run, _run_action, action_budget, load_budget
from .watchdog import Watchdog, kill_browser


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
        result.finish(RunnerStatus.PAGE_ERROR, "the page has no index.html")
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
                result.finish(RunnerStatus.BROWSER_ERROR, str(exc))
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
    steps = result.steps
    cdp = Cdp(driver)
    frames = Frames(cdp, out_dir, job.mode == "record", job.frame_interval_s)
    result.data["frames"] = frames.entries
    driver.set_page_load_timeout(job.page_load_timeout_s)
    driver.set_script_timeout(job.step_timeout_s)
    home = driver.current_window_handle
    step0 = Step.load()
    steps.append(step0)
    watchdog = Watchdog()
    watchdog.arm(load_budget(job))
    try:
        failed = _load(cdp, job, out_dir, url, home, step0)
    finally:
        watchdog.disarm()
    if watchdog.overran(step0):
        failed = (
            RunnerStatus.PAGE_ERROR,
            f"the page used up its {watchdog.fired:.0f}s loading budget",
        )
    if failed is not None:
        if failed[0] != RunnerStatus.BROWSER_ERROR:
            steps.extend(_not_run(job, 1))
        result.finish(*failed)
        return
    frames.hold(job.hold_seconds, 0)
    result.write()
    replay_started = time.monotonic() - step0.seconds
    for index in range(1, len(job.actions) + 1):
        watchdog.arm(action_budget(job))
        try:
            step = _run_action(cdp, job, index, frames, out_dir, home, url)
        finally:
            watchdog.disarm()
        watchdog.overran(step)
        steps.append(step)
        if step.status != StepStatus.OK:
            steps.extend(_not_run(job, index + 1))
            break
        frames.hold(job.hold_seconds, index)
        result.write()
    if job.mode == "judge" and job.probes and len(steps) > 1:
        _probe(cdp, job, out_dir, url, result, time.monotonic() - replay_started, watchdog)
    result.finish(RunnerStatus.OK, "")


def _probe(
    cdp: Cdp,
    job: Job,
    out_dir: Path,
    url: str,
    result: ResultFile,
    replay_seconds: float,
    watchdog: Watchdog,
) -> None:
    """The counterfactual probes (probes.py); whatever happens there, the replay's own
    evidence stands (a probe that could not be made is recorded as such)."""
    watchdog.arm(load_budget(job) + 2 * action_budget(job))
    try:
        record = probe_pass(cdp, job, out_dir, url, result.steps, replay_seconds)
    except Exception as exc:  # the page broke the pass: say so, keep the replay's result
        record = {"error": f"{type(exc).__name__}: {str(exc)[:300]}"}
    finally:
        watchdog.disarm()
    if watchdog.fired is not None:
        record = {"error": f"the probes ran past their {watchdog.fired:.0f}s budget"}
    result.data["probe_pass"] = record


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
    if service is not None and process is not None:
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
