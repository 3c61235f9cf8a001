"""The settle wait's rules with a scripted browser (no Docker, no Chromium): quiet means the
same picture for QUIET_S over two captures or more with nothing busy; the cap always ends it."""

from __future__ import annotations

import time

from sandbox.runner import settle
from sandbox.runner.settle import CAP_S, QUIET_S, wait_quiet


class FakeCdp:
    """Screenshots from a script of pictures (the last repeats); busy counts per call."""

    def __init__(self, pictures: list[bytes], busy: list[int] | None = None) -> None:
        self.pictures, self.busy, self.shots, self.calls = pictures, busy or [], 0, 0

    def screenshot(self) -> bytes:
        picture = self.pictures[min(self.shots, len(self.pictures) - 1)]
        self.shots += 1
        time.sleep(0.005)
        return picture

    def call(self, function: str, *args: object) -> int:
        assert function == settle.BUSY_JS
        value = self.busy[min(self.calls, len(self.busy) - 1)] if self.busy else 0
        self.calls += 1
        return value


def test_a_still_page_settles_after_the_quiet_window() -> None:
    cdp = FakeCdp([b"a"])
    done = wait_quiet(cdp)  # type: ignore[arg-type]
    assert done.settled and done.png == b"a"
    assert QUIET_S <= done.seconds < QUIET_S + 0.2
    assert done.captures >= 2


def test_a_change_restarts_the_quiet_window_and_the_last_picture_is_kept() -> None:
    cdp = FakeCdp([b"a", b"b", b"b", b"c"])
    done = wait_quiet(cdp)  # type: ignore[arg-type]
    assert done.settled and done.png == b"c"
    assert done.captures >= 5


def test_busy_animations_hold_the_wait_until_they_end() -> None:
    cdp = FakeCdp([b"a"], busy=[1, 1, 1, 0])
    done = wait_quiet(cdp)  # type: ignore[arg-type]
    assert done.settled and cdp.calls == 4


def test_a_page_that_never_stops_changing_ends_at_the_cap() -> None:
    class Moving(FakeCdp):
        def screenshot(self) -> bytes:
            self.shots += 1
            time.sleep(0.005)
            return str(self.shots).encode()

    done = wait_quiet(Moving([]), cap_s=0.3)  # type: ignore[arg-type]
    assert not done.settled and done.png is not None
    assert 0.3 <= done.seconds < 0.5
    assert CAP_S == 2.0


def test_a_named_settle_time_is_slept_without_captures() -> None:
    cdp = FakeCdp([b"a"])
    done = wait_quiet(cdp, fixed_s=0.15)  # type: ignore[arg-type]
    assert done.png is None and cdp.shots == 0 and done.captures == 0
    assert 0.15 <= done.seconds < 0.3
