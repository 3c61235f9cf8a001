"""Bound a step's wall time, and kill every browser process the runner started.

The watchdog stops the browser when a step outlives its budget; ``kill_browser`` is how it
stops it (and how a page's browser is put down afterwards).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .record import Step
from .result import StepStatus


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

    def overran(self, step: Step) -> bool:
        """Rewrite ``step`` as a timeout if the watchdog stopped the browser during it."""
        if self.fired is None:
            return False
        step.fail(
            StepStatus.TIMEOUT,
            f"the step ran past its {self.fired:.0f}s budget; the browser was stopped",
        )
        return True


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
