"""How much of a task's video the host may decode before judging: a task's video is an
input (possibly from an untrusted dataset), and the pointer search (``pointing``) decodes
it on the host before any sandbox starts, so a long or huge video must not stall judging.

Three bounds, checked between frames (decoding is PyAV in this process, no subprocess):

- ``IWR_POINTING_SECONDS`` (default ``DEFAULT_SECONDS``): wall-clock seconds for all of a
  task's decoding and search; a safety bound well above what a task's video needs (its
  cut depends on the machine's load, so the hints a page gets would too: 30 s was cut on
  a loaded 2-core machine, 120 s is not);
- ``IWR_POINTING_FRAMES`` (default ``DEFAULT_FRAMES``): frames decoded from the start
  (10 min at 10 fps, the recorder's rate; 3 min 20 s at 30 fps);
- ``MAX_FRAME_PIXELS``: a frame larger than this (width x height; 4K) is not decoded at
  all.

When a bound cuts the video off, what was seen before the cut is still used where it is
safe and the rest gets nothing, with the reason logged (see ``pointing``).
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from enum import Enum

log = logging.getLogger(__name__)

DEFAULT_SECONDS = 120.0
DEFAULT_FRAMES = 6000
MAX_FRAME_PIXELS = 3840 * 2160


class Cut(Enum):
    """Which bound stopped the decoding."""

    SECONDS = "seconds"
    FRAMES = "frames"
    SIZE = "size"


def _env(name: str, default: float) -> float:
    """A non-negative number from the environment; the default (with a warning) when it
    is not one, so a typo does not lift the bound."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value < 0 or value != value:
        log.warning("%s=%r is not a non-negative number: using %g", name, raw, default)
        return default
    return value


@dataclass(frozen=True)
class Budget:
    """The bounds for decoding one task's video (see the module)."""

    seconds: float = DEFAULT_SECONDS
    frames: int = DEFAULT_FRAMES
    frame_pixels: int = MAX_FRAME_PIXELS

    @classmethod
    def from_env(cls) -> Budget:
        return cls(
            seconds=_env("IWR_POINTING_SECONDS", DEFAULT_SECONDS),
            frames=int(_env("IWR_POINTING_FRAMES", DEFAULT_FRAMES)),
        )

    def start(self) -> Meter:
        """A meter for one decoding, its clock started now."""
        return Meter(self)


@dataclass
class Meter:
    """The frames and seconds one task's decoding has used of its ``budget``."""

    budget: Budget
    started: float = field(default_factory=time.monotonic)
    frames: int = 0

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def size(self, width: int, height: int) -> Cut | None:
        """SIZE when a frame of ``width`` x ``height`` is too large to decode."""
        return Cut.SIZE if width * height > self.budget.frame_pixels else None

    def frame(self) -> Cut | None:
        """Counts the frame about to be decoded; the bound that forbids it, if any."""
        if self.elapsed() > self.budget.seconds:
            return Cut.SECONDS
        if self.frames >= self.budget.frames:
            return Cut.FRAMES
        self.frames += 1
        return None

    def over_time(self) -> bool:
        """Whether the wall-clock bound has passed (the second pass checks only this)."""
        return self.elapsed() > self.budget.seconds

    def reason(self, cut: Cut) -> str:
        """Why the decoding stopped, in words for the log and the action's ``why``."""
        if cut is Cut.SIZE:
            return f"frames larger than {self.budget.frame_pixels} pixels are not decoded"
        if cut is Cut.FRAMES:
            return f"the frame budget ({self.budget.frames} frames, IWR_POINTING_FRAMES) ran out"
        return (
            f"the time budget ({self.budget.seconds:g} s, IWR_POINTING_SECONDS) ran out "
            f"after {self.frames} frames"
        )
