"""The sandbox image build as a command that needs the image shows it: short.

A build (the first one, or after the runner's sources changed) prints a few lines on the
terminal (what is built, from what, and why) and writes every line of its log (Docker's
steps, apt's output) to a file. The file is named when the build fails, with its last lines;
it is removed when the build succeeds. ``iwr sandbox build`` still streams the whole log.
"""

from __future__ import annotations

import os
import tempfile
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

# The lines sandbox/image.py writes itself (not Docker's or apt's): what and why.
HEADLINES = (
    "iwr-sandbox:latest ",  # "... is missing; building it", "... holds other runner sources"
    "building iwr-",  # "building iwr-sandbox:latest from <base> (content ...)", the base
    "built iwr-",
    "cannot pull ",
)
TAIL_LINES = 15


class BuildLog:
    """A ``log`` callable for ``sandbox.image.ensure_image``: headlines to ``echo``, every
    line to a log file made on the first line (so a build that never starts leaves none)."""

    def __init__(self, echo: Callable[[str], None], folder: Path | None = None) -> None:
        self._echo = echo
        self._folder = folder
        self._file: TextIO | None = None
        self.path: Path | None = None
        self._tail: deque[str] = deque(maxlen=TAIL_LINES)

    def __call__(self, line: str) -> None:
        if self._file is None:
            fd, name = tempfile.mkstemp(prefix="iwr-image-build-", suffix=".log", dir=self._folder)
            self._file, self.path = os.fdopen(fd, "w", encoding="utf-8"), Path(name)
        self._file.write(line + "\n")
        self._file.flush()
        self._tail.append(line)
        if line.startswith(HEADLINES):
            self._echo(line)

    def failed(self) -> str:
        """What to add to the build's error: the log's last lines and where the rest is."""
        self._close()
        if self.path is None:
            return ""
        tail = "\n".join(f"  {line}" for line in self._tail)
        return f"\nlast lines of the build log:\n{tail}\nfull build log: {self.path}"

    def succeeded(self) -> None:
        """The build worked: its log is not needed."""
        self._close()
        if self.path is not None:
            self.path.unlink(missing_ok=True)

    def _close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
