"""Record mode's timed screenshots (the frames a video is made of)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cdp import Cdp
from .config import FRAMES_NAME


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
