"""Entry point: ``python3 -m sandbox.runner`` reads /work/in/job.json and writes /work/out.

Whatever goes wrong, the outcome is a status and reason in result.json; the exit code is 0
whenever result.json was written, so a non-zero exit always means the runner itself died.

``python3 -m sandbox.runner --pool --idle SECONDS`` is a pooled sandbox: it starts Chromium
first, says so on stdout (``READY_LINE``), waits for the host to deliver the job (the ``go``
marker after job.json and page/), then judges that one page exactly as above. Without a job
within the idle time it exits with ``IDLE_EXIT`` and writes nothing; when Chromium does not
start it exits with ``BROWSER_EXIT`` before saying it is ready.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from .browser import BrowserError, BrowserInfo
from .config import (
    BROWSER_ARG,
    BROWSER_EXIT,
    BROWSERS,
    DEFAULT_BROWSER,
    DEFAULT_IDLE_S,
    DONE_LINE,
    GO_NAME,
    GO_POLL_S,
    IDLE_ARG,
    IDLE_EXIT,
    IN_DIR,
    JOB_NAME,
    LINGER_ARG,
    OUT_DIR,
    PAGE_NAME,
    POOL_ARG,
    READY_LINE,
)
from .job import Job, JobError, parse_job
from .probe import probe
from .replay import _quit, replay, start_for
from .result import ResultFile, RunnerStatus
from .watchdog import kill_browser

Browser = tuple[Any, BrowserInfo]
# A pooled runner starts its browser for a job with the defaults (viewport, timeouts) and the
# browser it was told to start.
_DEFAULT_JOB = Job(mode="judge")
# Where the container's memory cgroup counts its OOM kills (``oom_kill N``), v2 then v1.
CGROUP_V2_EVENTS = "/sys/fs/cgroup/memory.events"
CGROUP_V1_OOM = "/sys/fs/cgroup/memory/memory.oom_control"


def _fits(job: Job, browser: str = DEFAULT_BROWSER) -> bool:
    """Whether ``browser``, started for the default job, serves ``job`` exactly as a fresh one."""
    return (
        job.mode in ("judge", "record")
        and not job.pages
        and (job.width, job.height) == (_DEFAULT_JOB.width, _DEFAULT_JOB.height)
        and job.command_timeout_s == _DEFAULT_JOB.command_timeout_s
        and job.browser == browser
    )


def _discard(browser: Browser | None) -> None:
    if browser is not None:
        with contextlib.suppress(Exception):
            _quit(browser[0])


def run(
    in_dir: Path, out_dir: Path, *, browser: Browser | None = None, exiting: bool = False
) -> ResultFile:
    """Run the job in ``in_dir``; never raises for a bad job or page (see ResultFile).

    ``browser``: started before the job arrived (a pooled sandbox); used when it fits the job
    (same viewport and timeouts as a fresh start would give), quit otherwise. ``exiting``: the
    process ends right after this job (the entry point), so a single page's browser is only
    killed (see ``replay``).
    """
    result = ResultFile(out_dir)
    result.write()
    try:
        raw = json.loads((in_dir / JOB_NAME).read_text(encoding="utf-8"))
        job = parse_job(raw)
    except (OSError, JobError, json.JSONDecodeError) as exc:
        _discard(browser)
        result.finish(RunnerStatus.JOB_ERROR, f"cannot read the job: {exc}")
        return result
    if browser is not None and not _fits(job, browser[1].browser):
        _discard(browser)
        browser = None
    if job.mode == "probe":
        # Probe results replace the replay fields: there is no browser, no step, no frame.
        result.data = {"status": RunnerStatus.RUNNING, "reason": "", **probe()}
        result.finish(RunnerStatus.OK, "")
        return result
    if not job.pages:
        replay(job, in_dir / PAGE_NAME, out_dir, result, browser=browser, exiting=exiting)
        return result
    # Batch: one fresh browser per page; the top-level result lists each page's status.
    pages: dict[str, dict[str, Any]] = {}
    result.data["pages"] = pages
    for name in job.pages:
        (out_dir / name).mkdir()
        page_result = ResultFile(out_dir / name)
        page_result.write()
        started = time.monotonic()
        browser_timing: dict[str, float] = {}
        try:
            browser_timing = replay(job, in_dir / PAGE_NAME / name, out_dir / name, page_result)
        except Exception as exc:  # one page must not stop the batch; record and go on
            traceback.print_exc()
            page_result.finish(RunnerStatus.RUNNER_ERROR, f"{type(exc).__name__}: {exc}")
        seconds = round(time.monotonic() - started, 3)
        pages[name] = {"status": page_result.data["status"], "seconds": seconds, **browser_timing}
        result.write()
    result.finish(RunnerStatus.OK, "")
    return result


def _prestart(browser: str) -> Browser | None:
    """``browser`` for a job with the defaults; None if it did not start (nothing is left)."""
    try:
        return start_for(dataclasses.replace(_DEFAULT_JOB, browser=browser))
    except BrowserError:
        traceback.print_exc()
        kill_browser()
        return None


def wait_for_job(in_dir: Path, idle_s: float) -> bool:
    """Wait for the host's ``go`` marker; False when ``idle_s`` passed without one."""
    go = in_dir / GO_NAME
    deadline = time.monotonic() + idle_s
    while not go.exists():
        if time.monotonic() >= deadline:
            return False
        time.sleep(GO_POLL_S)
    return True


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="sandbox.runner")
    parser.add_argument(POOL_ARG, dest="pool", action="store_true")
    parser.add_argument(IDLE_ARG, dest="idle", type=float, default=DEFAULT_IDLE_S)
    parser.add_argument(LINGER_ARG, dest="linger", type=float, default=0.0)
    parser.add_argument(
        BROWSER_ARG, dest="browser", choices=list(BROWSERS), default=DEFAULT_BROWSER
    )
    return parser.parse_args(argv)


def _exit(code: int) -> None:
    """End the process now: no interpreter teardown, no Selenium finalisers asking a killed
    driver to shut down. Everything the host reads (result.json, screenshots) is written and
    closed by then; the container's init kills whatever is left."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    args = _args(sys.argv[1:] if argv is None else argv)
    out_dir = Path(OUT_DIR)
    browser: Browser | None = None
    if args.pool:
        browser = _prestart(args.browser)
        if browser is None:
            print("iwr-runner: the browser did not start", flush=True)
            return BROWSER_EXIT
        print(READY_LINE, flush=True)
        if not wait_for_job(Path(IN_DIR), args.idle):
            _discard(browser)
            print("iwr-runner: no job within the idle time", flush=True)
            return IDLE_EXIT
    try:
        run(Path(IN_DIR), out_dir, browser=browser, exiting=True)
    except Exception as exc:  # the last line of defence: record, do not just print a traceback
        traceback.print_exc()
        try:
            ResultFile(out_dir).finish(RunnerStatus.RUNNER_ERROR, f"{type(exc).__name__}: {exc}")
        except OSError:
            traceback.print_exc()
            return 1
    if args.linger > 0:
        linger(args.linger)
    return 0


def oom_kills() -> int | None:
    """The OOM kills in this container's memory cgroup so far (v2 or v1); None: unreadable."""
    for path in (CGROUP_V2_EVENTS, CGROUP_V1_OOM):
        try:
            text = Path(path).read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError):
            continue
        for line in text.splitlines():
            name, _, value = line.partition(" ")
            if name == "oom_kill" and value.strip().isdigit():
                return int(value)
    return None


def linger(seconds: float) -> None:
    """Say the output is complete (``DONE_LINE``, see config.py), then wait to be removed.

    Everything under /work/out is written and closed by now and the browser was killed (every
    process it started), so nothing in the container changes the output any more.
    """
    kills = oom_kills()
    print(DONE_LINE + ("" if kills is None else f" oom_kill={kills}"), flush=True)
    time.sleep(seconds)


if __name__ == "__main__":
    _exit(main())
