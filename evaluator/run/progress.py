"""What long work says as it goes: one line per finished item, and on a terminal a bar.

Every command that works through many items (``iwr run``, ``iwr judge``, ``iwr demo``,
``iwr tasks record``) reports through a :class:`Reporter`:

- each finished item's line goes to ``out`` (``print``, ``click.echo``, a list's append), the
  same bytes whether or not a terminal is attached, so logs and tests read the same lines;
- with a ``bar`` stream (a terminal), one more line is kept under them and redrawn as the
  counts change and once a second: items done of the total, running, failed, time spent and
  an estimate of the time left. Each line is written after erasing the bar and the bar is
  drawn again after it, so lines never mix with the bar. Without one, nothing else is written
  (CI logs stay plain lines).

The estimate counts only items that took work (not those kept from an earlier attempt): time
since the first began, per item finished, times the items left.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

from evaluator.reporting.escape import terminal
from evaluator.results import RunResult, TaskResult

Echo = Callable[[str], None]
# Erase the terminal line the cursor is on, from its start.
_ERASE = "\r\x1b[K"


def progress_line(run: RunResult, n: int, total: int, result: TaskResult, note: str) -> str:
    # The reason may carry a page's URL or a container's log line: no escape codes reach
    # the console.
    return (
        f"[{n}/{total}] {terminal(run.model, 80)} {terminal(result.id, 80)}: {result.status} "
        f"IFS {result.ifs:.2f} VFS {result.vfs:.2f} Final {result.final:.2f}"
        + (f" ({terminal(result.reason, 120)})" if result.reason else "")
        + (f" [{terminal(note, 120)}]" if note else "")
    )


@dataclass
class Tally:
    """The counts a bar shows; times from ``time.monotonic``."""

    total: int = 0
    done: int = 0
    running: int = 0
    failed: int = 0
    # Items that took work, and when the first of them began (None: none yet).
    worked: int = 0
    first_began: float | None = None
    began: float = field(default_factory=time.monotonic)

    def eta(self, now: float) -> float | None:
        """Seconds left at the pace so far; None until an item that took work finished."""
        if self.first_began is None or self.worked == 0:
            return None
        return (now - self.first_began) / self.worked * max(0, self.total - self.done)


def clock(seconds: float) -> str:
    """``m:ss``, or ``h:mm:ss`` from an hour on."""
    s = int(round(seconds))
    h, m = divmod(s // 60, 60)
    return f"{h}:{m:02d}:{s % 60:02d}" if h else f"{m}:{s % 60:02d}"


def render_bar(label: str, tally: Tally, now: float, width: int) -> str:
    """One line of at most ``width - 1`` characters (the last column would wrap on some
    terminals): label, a bar of done over total, then the counts and times."""
    # Every count always shown, so the bar keeps its length as they change.
    counts = f" {tally.done}/{tally.total} · {tally.running} running · {tally.failed} failed"
    counts += f" · {clock(now - tally.began)}"
    eta = tally.eta(now)
    counts += f" · ETA {clock(eta)}" if eta is not None else " · ETA -:--"
    label = terminal(label, 40)
    room = width - 1 - len(label) - len(counts) - 3
    if room >= 10:
        filled = room * tally.done // tally.total if tally.total else room
        arrow = ">" if 0 < filled < room else ""
        bar = "=" * (filled - len(arrow)) + arrow + " " * (room - filled)
        return f"{label} [{bar}]{counts}"
    return f"{label}{counts}"[: max(0, width - 1)]


class Reporter:
    """Where one command's progress goes (see the module docstring).

    Safe to use from several threads: workers mark items running, the caller finishes them.
    ``refresh``: seconds between redraws while nothing happens (0: only on changes).
    """

    def __init__(
        self,
        out: Echo = print,
        err: Echo | None = None,
        bar: TextIO | None = None,
        *,
        refresh: float = 1.0,
        now: Callable[[], float] = time.monotonic,
        width: Callable[[], int] = lambda: shutil.get_terminal_size((80, 24)).columns,
    ) -> None:
        self._out, self._err, self._bar = out, err or out, bar
        self._now, self._width, self._refresh = now, width, refresh
        self._lock = threading.RLock()
        self._label = ""
        self._tally = Tally(began=now())
        self._shown = False
        self._stop: threading.Event | None = None

    @property
    def tally(self) -> Tally:
        return self._tally

    def __call__(self, line: str) -> None:
        """A line that is not an item's result (a note, a warning): printed above the bar."""
        self.say(line)

    def say(self, line: str, err: bool = False) -> None:
        with self._lock:
            self._erase()
            (self._err if err else self._out)(line)
            self._draw()

    def begin(self, total: int, label: str) -> None:
        """Start counting ``total`` items of work called ``label`` (a model, "recording")."""
        with self._lock:
            self._erase()
            self._label, self._tally = label, Tally(total=total, began=self._now())
            self._draw()
        if self._bar is not None and self._refresh > 0 and self._stop is None:
            self._stop = threading.Event()
            threading.Thread(target=self._tick, args=(self._stop,), daemon=True).start()

    @contextmanager
    def working(self) -> Iterator[None]:
        """One item being worked on, for the ``with`` block (counted as running)."""
        with self._lock:
            self._tally.running += 1
            if self._tally.first_began is None:
                self._tally.first_began = self._now()
            self._draw()
        try:
            yield
        finally:
            with self._lock:
                self._tally.running -= 1
                self._draw()

    def finished(self, line: str, failed: bool, worked: bool = True, err: bool = False) -> None:
        """An item is done: its line printed, the counts updated. ``worked``: it took work
        now (False: kept from an earlier attempt, so it says nothing of the pace)."""
        with self._lock:
            self._tally.done += 1
            self._tally.failed += bool(failed)
            self._tally.worked += bool(worked)
            self.say(line, err)

    def end(self) -> None:
        """The work is over: the bar is erased (the lines above it stay)."""
        if self._stop is not None:
            self._stop.set()
            self._stop = None
        with self._lock:
            self._erase()
            self._tally = Tally(began=self._now())  # nothing to draw until the next begin

    def _tick(self, stop: threading.Event) -> None:
        while not stop.wait(self._refresh):
            with self._lock:
                self._draw()

    def _erase(self) -> None:
        if self._bar is not None and self._shown:
            self._bar.write(_ERASE)
            self._bar.flush()
            self._shown = False

    def _draw(self) -> None:
        if self._bar is None or not self._tally.total:
            return
        text = render_bar(self._label, self._tally, self._now(), self._width())
        self._bar.write(_ERASE + text)
        self._bar.flush()
        self._shown = True


def reporter_for(progress: Echo) -> Reporter:
    """``progress`` as a Reporter: itself when it is one, else one printing plain lines to it."""
    return progress if isinstance(progress, Reporter) else Reporter(progress)


def terminal_reporter(out: Echo, err: Echo, stream: TextIO) -> Reporter:
    """A Reporter with a bar on ``stream`` when it is a terminal, plain lines otherwise."""
    isatty = getattr(stream, "isatty", None)
    return Reporter(out, err, stream if isatty is not None and isatty() else None)
