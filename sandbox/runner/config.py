"""File layout and defaults shared by the runner and the host-side launcher.

The launcher imports these names too, so the contract between host and container (where the job
goes, where results come back) is written down once. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

IN_DIR = PurePosixPath("/work/in")
OUT_DIR = PurePosixPath("/work/out")
JOB_NAME = "job.json"
PAGE_NAME = "page"
RESULT_NAME = "result.json"
FRAMES_NAME = "frames"

# The page is always served from this origin, so a page's absolute links and storage keys do not
# depend on the host it was evaluated on.
HOST = "127.0.0.1"
PORT = 8000


@dataclass(frozen=True)
class BrowserKind:
    """One of the image's browsers: its binary, the name chromedriver knows it by, and the
    flags it needs to run headless."""

    binary: str
    driver_name: str
    headless_flags: tuple[str, ...] = ()


# The browsers a job may ask for, both Debian's build of the same Chromium release: the
# headless shell (Chromium's headless-only browser, the one Playwright runs headless by
# default) starts in about a third of the time and CPU of the full browser in its new headless
# mode, so it is the default; "chromium" is the full browser, for pages that need its behaviour.
# chromedriver launches the shell as such (it opens no first tab otherwise) only when the
# session asks for "chrome-headless-shell"; Debian's binary is not named as it expects.
BROWSERS = {
    "headless-shell": BrowserKind(
        "/usr/bin/chromium-headless-shell", driver_name="chrome-headless-shell"
    ),
    "chromium": BrowserKind(
        "/usr/bin/chromium", driver_name="chrome", headless_flags=("--headless=new",)
    ),
}
DEFAULT_BROWSER = "headless-shell"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Starts CHROMEDRIVER with oom_score_adj 1000 (see the Dockerfile).
CHROMEDRIVER_LAUNCHER = "/usr/local/bin/iwr-chromedriver"
# A port Chromium never lets a page talk to (on its "unsafe ports" list), so a page cannot drive
# the driver over the shared loopback. DevTools has no port at all (--remote-debugging-pipe).
CHROMEDRIVER_PORT = 6666

MODES = ("judge", "record", "probe")
ACTION_TYPES = ("click", "type", "press", "scroll")

# Cap on page text kept per step, so a page that prints megabytes cannot bloat result.json.
MAX_TEXT_CHARS = 100_000
# Characters typed between two frames in record mode: key by key, so the video shows each
# character appear (a frame each, about 0.13 s apiece at 1280x800); a text longer than
# TYPE_MAX_FRAMES characters goes a few at a time, so it takes at most that many frames
# (about 8 s, within the step time limit).
TYPE_CHUNK_CHARS = 1
TYPE_MAX_FRAMES = 60
# A scroll turns the wheel in this many increments that add up to its amount, each waited
# for, so content loaded on scroll grows the page in time for the next; record mode films a
# frame after each, so the scroll is seen moving.
SCROLL_STEPS = 6

# Pooled sandboxes: the container starts before its job exists. The runner starts Chromium, prints
# READY_LINE, then waits (at most the idle time given with POOL_ARG) for the host to deliver
# job.json and page/ into /work/in in one archive whose last member is the GO_NAME marker (the
# engine unpacks in order), so the runner never reads a half-written job. A runner that got no
# job exits with IDLE_EXIT, writing nothing; one whose browser did not start exits with
# BROWSER_EXIT before saying it is ready (the host then starts another).
POOL_ARG = "--pool"
IDLE_ARG = "--idle"
# Which browser a pooled runner starts (a key of BROWSERS); it serves only jobs asking for it.
BROWSER_ARG = "--browser"
DEFAULT_IDLE_S = 120.0
GO_NAME = "go"
READY_LINE = "iwr-runner: ready"
IDLE_EXIT = 75
BROWSER_EXIT = 76
GO_POLL_S = 0.005

# Told LINGER_ARG (the host's sandboxes always are), a runner that wrote its result prints
# DONE_LINE on stdout once everything under /work/out is written and closed and the browser is
# killed, then waits (at most the seconds given) to be removed: the host fetches the output
# from the running container instead of waiting for its exit (the engine's exit handling and a
# fresh mount of the stopped container's files, 0.1-0.2 s a page). The line may carry
# `` oom_kill=N``: the container's memory cgroup's OOM kills so far, when the runner can read
# them (the engine reports a kill only once the container has exited). Untold, the runner exits
# at once, as a plain ``docker run`` expects.
LINGER_ARG = "--linger"
DONE_LINE = "iwr-runner: done"
