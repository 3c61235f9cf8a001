"""The settle wait's rules with a scripted browser (no Docker, no Chromium).

Signal mode: quiet means no DOM change or scroll over a two-frame poll and nothing busy, and
still none once the one screenshot is back. Pixel mode (pages that can change without a
signal): the same picture for QUIET_S over two captures or more with nothing busy. The cap
always ends the wait. The real browser side is covered by test_evidence.py and the hostile pages.
"""

from __future__ import annotations

import time
from typing import Any

from sandbox.runner import settle
from sandbox.runner.settle import CAP_S, QUIET_S, wait_quiet


def quiet(
    n: int = 0, *, world: int = 1, busy: int = 0, pixels: bool = False, quiet_ms: float = 500.0
) -> dict[str, Any]:
    return {"world": world, "n": n, "busy": busy, "pixels": pixels, "quiet_ms": quiet_ms}


class FakeCdp:
    """Signal polls and screenshots from scripts (the last entry repeats); busy per BUSY_JS call."""

    def __init__(
        self,
        pictures: list[bytes],
        states: list[dict[str, Any] | None] | None = None,
        busy: list[int] | None = None,
    ) -> None:
        self.pictures, self.states = pictures, states or [quiet()]
        self.busy, self.shots, self.polls, self.busy_calls = busy or [], 0, [], 0

    def screenshot(self) -> bytes:
        picture = self.pictures[min(self.shots, len(self.pictures) - 1)]
        self.shots += 1
        time.sleep(0.005)
        return picture

    def call(self, function: str, *args: object, await_promise: bool = False) -> Any:
        if function == settle.WATCH_JS:
            assert await_promise
            frames, mark = bool(args[0]), bool(args[1])
            # Only the wait's first poll marks its start.
            assert mark == (not self.polls), (mark, self.polls)
            self.polls.append(frames)
            if frames:
                time.sleep(0.005)
            return self.states[min(len(self.polls) - 1, len(self.states) - 1)]
        assert function == settle.BUSY_JS
        value = self.busy[min(self.busy_calls, len(self.busy) - 1)] if self.busy else 0
        self.busy_calls += 1
        return value


# ---- signal mode ------------------------------------------------------------------------------


def test_a_quiet_page_costs_one_screenshot_between_two_unchanged_polls() -> None:
    cdp = FakeCdp([b"a"])
    done = wait_quiet(cdp)  # type: ignore[arg-type]
    assert done.settled and done.png == b"a" and done.captures == 1
    # Read at once, after two frames, and again once the screenshot is back.
    assert cdp.polls == [False, True, False]
    assert done.seconds < 0.1


def test_the_screenshot_stands_only_once_nothing_changed_for_the_quiet_time() -> None:
    # Unchanged over the two frames and the capture, but only 40 ms since the last change:
    # the wait tops the quiet time up and reads again before it trusts the screenshot.
    states = [quiet(0), quiet(0, quiet_ms=30), quiet(0, quiet_ms=40), quiet(0, quiet_ms=101)]
    cdp = FakeCdp([b"a"], states=states)
    done = wait_quiet(cdp)  # type: ignore[arg-type]
    assert done.settled and done.captures == 1
    assert cdp.polls == [False, True, False, False]
    assert done.seconds >= (QUIET_S * 1000 - 40) / 1000


def test_a_change_during_the_top_up_discards_the_screenshot() -> None:
    states = [quiet(0), quiet(0), quiet(0, quiet_ms=50), quiet(1, quiet_ms=0)]
    states += [quiet(1), quiet(1)]
    cdp = FakeCdp([b"early", b"late"], states=states)
    done = wait_quiet(cdp)  # type: ignore[arg-type]
    assert done.settled and done.png == b"late" and done.captures == 2


def test_the_evidence_is_read_instead_of_sleeping_and_stands_with_the_screenshot() -> None:
    # The screenshot is back 40 ms into the quiet time: the reads fill the rest, then a poll
    # that sees nothing changed lets both stand.
    states = [quiet(0), quiet(0, quiet_ms=30), quiet(0, quiet_ms=40), quiet(0, quiet_ms=101)]
    cdp = FakeCdp([b"a"], states=states)
    reads: list[int] = []
    done = wait_quiet(cdp, during=lambda: reads.append(cdp.shots) or "read")  # type: ignore[arg-type]
    assert done.settled and done.png == b"a" and done.early == "read"
    assert reads == [1]  # once, after the screenshot
    assert cdp.polls == [False, True, False, False]


def test_evidence_read_before_a_change_is_dropped_and_not_read_again() -> None:
    # Read during the top-up, then the count moves: screenshot and reads are dropped; the
    # next screenshot stands without early reads (the caller reads after the wait).
    states = [quiet(0), quiet(0), quiet(0, quiet_ms=50), quiet(1, quiet_ms=0)]
    states += [quiet(1), quiet(1, quiet_ms=20), quiet(1, quiet_ms=120)]
    cdp = FakeCdp([b"early", b"late"], states=states)
    calls: list[int] = []
    done = wait_quiet(cdp, during=lambda: calls.append(1) or "read")  # type: ignore[arg-type]
    assert done.settled and done.png == b"late" and done.captures == 2
    assert calls == [1] and done.early is None


def test_no_early_read_when_the_quiet_time_is_up_by_the_screenshot() -> None:
    cdp = FakeCdp([b"a"])  # quiet for 500 ms already
    done = wait_quiet(cdp, during=lambda: "read")  # type: ignore[arg-type]
    assert done.settled and done.early is None and cdp.polls == [False, True, False]


def test_dom_changes_hold_the_screenshot_until_a_poll_sees_none() -> None:
    cdp = FakeCdp([b"a"], states=[quiet(0), quiet(1), quiet(2), quiet(2), quiet(2)])
    done = wait_quiet(cdp)  # type: ignore[arg-type]
    assert done.settled and done.captures == 1
    assert cdp.polls == [False, True, True, True, False]


def test_a_change_while_the_screenshot_is_taken_discards_it() -> None:
    # Quiet over two frames, but the count moved by the time the capture came back.
    states = [quiet(0), quiet(0), quiet(1), quiet(1), quiet(1)]
    cdp = FakeCdp([b"during", b"after"], states=states)
    done = wait_quiet(cdp)  # type: ignore[arg-type]
    assert done.settled and done.png == b"after" and done.captures == 2


def test_busy_signals_hold_the_wait_until_they_end() -> None:
    states = [quiet(busy=1), quiet(busy=1), quiet(busy=1), quiet(busy=0), quiet(busy=0)]
    cdp = FakeCdp([b"a"], states=states)
    done = wait_quiet(cdp)  # type: ignore[arg-type]
    assert done.settled and done.captures == 1 and len(cdp.polls) == 5


def test_a_new_document_or_world_never_looks_quiet() -> None:
    # The same count in a fresh world (a reload) is not "unchanged".
    states = [quiet(0, world=1), quiet(0, world=2), quiet(0, world=2), quiet(0, world=2)]
    cdp = FakeCdp([b"a"], states=states)
    done = wait_quiet(cdp)  # type: ignore[arg-type]
    assert done.settled and cdp.polls == [False, True, True, False]


def test_signals_that_never_stop_end_at_the_cap_with_a_fresh_screenshot() -> None:
    class Moving(FakeCdp):
        def call(self, function: str, *args: object, await_promise: bool = False) -> Any:
            super().call(function, *args, await_promise=await_promise)
            return quiet(len(self.polls))

    cdp = Moving([b"a"])
    done = wait_quiet(cdp, cap_s=0.3)  # type: ignore[arg-type]
    assert not done.settled and done.png == b"a" and done.captures == 1
    assert 0.3 <= done.seconds < 0.5
    assert CAP_S == 2.0


# ---- pixel mode -------------------------------------------------------------------------------


def test_pages_that_change_without_signals_get_the_screenshot_comparison() -> None:
    cdp = FakeCdp([b"a"], states=[quiet(pixels=True)])
    done = wait_quiet(cdp)  # type: ignore[arg-type]
    assert done.settled and done.png == b"a"
    assert QUIET_S <= done.seconds < QUIET_S + 0.2
    assert done.captures >= 2 and cdp.polls == [False]


def test_switching_to_pixels_mid_wait_keeps_counting_captures() -> None:
    # A canvas appears after the first signal-mode screenshot was discarded.
    states = [quiet(0), quiet(0), quiet(1), quiet(1, pixels=True)]
    cdp = FakeCdp([b"a"], states=states)
    done = wait_quiet(cdp)  # type: ignore[arg-type]
    assert done.settled and done.captures >= 3


def test_an_unexpected_poll_reply_falls_back_to_pixels() -> None:
    cdp = FakeCdp([b"a"], states=[None])
    done = wait_quiet(cdp)  # type: ignore[arg-type]
    assert done.settled and done.captures >= 2


def test_a_picture_change_restarts_the_quiet_window_and_the_last_picture_is_kept() -> None:
    cdp = FakeCdp([b"a", b"b", b"b", b"c"], states=[quiet(pixels=True)])
    done = wait_quiet(cdp)  # type: ignore[arg-type]
    assert done.settled and done.png == b"c"
    assert done.captures >= 5


def test_busy_animations_hold_the_pixel_comparison_until_they_end() -> None:
    cdp = FakeCdp([b"a"], states=[quiet(pixels=True)], busy=[1, 1, 1, 0])
    done = wait_quiet(cdp)  # type: ignore[arg-type]
    assert done.settled and cdp.busy_calls == 4


def test_a_picture_that_never_stops_changing_ends_at_the_cap() -> None:
    class Moving(FakeCdp):
        def screenshot(self) -> bytes:
            self.shots += 1
            time.sleep(0.005)
            return str(self.shots).encode()

    done = wait_quiet(Moving([], states=[quiet(pixels=True)]), cap_s=0.3)  # type: ignore[arg-type]
    assert not done.settled and done.png is not None
    assert 0.3 <= done.seconds < 0.5


def test_a_named_settle_time_is_slept_without_captures_or_polls() -> None:
    cdp = FakeCdp([b"a"])
    done = wait_quiet(cdp, fixed_s=0.15)  # type: ignore[arg-type]
    assert done.png is None and cdp.shots == 0 and done.captures == 0 and cdp.polls == []
    assert 0.15 <= done.seconds < 0.3
