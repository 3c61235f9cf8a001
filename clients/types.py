"""Records that cross the evaluator/model boundary.

They live on the model side so that clients and reference servers need nothing from
the evaluator; the evaluator builds them (see ``evaluator.generation.bundle``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

# Kinds of file a bundle carries; the wire contract mirrors them as FileKind.
FRAME = "frame"
ASSET = "asset"
# File name of asset sheet N (from 1), as in the published dataset's ``stitched_assets/``:
# an asset of the bundle named so is a labelled sheet of every asset, not a page file.
SHEET_NAME = "stitched_image{}.png"
_SHEET_RE = re.compile("^" + re.escape(SHEET_NAME).replace(r"\{\}", r"(\d+)") + "$")


def is_sheet(f: BundleFile) -> bool:
    """Whether a bundle file is one of the labelled asset sheets."""
    return f.kind == ASSET and _SHEET_RE.match(f.name) is not None


@dataclass(frozen=True)
class BundleFile:
    """One file of a bundle: a sampled video frame or a static asset of the page."""

    name: str
    kind: str
    media_type: str
    data: bytes


@dataclass(frozen=True)
class Bundle:
    """Everything a model sees for one task: prompt, viewport, frames and assets."""

    task_id: str
    width: int
    height: int
    prompt: str
    frames: tuple[BundleFile, ...] = ()
    assets: tuple[BundleFile, ...] = ()
    # Sampling seed asked of the model (--samples N sends 0..N-1); None: no particular one.
    # Not part of the content hash: the samples of one task share one bundle.
    seed: int | None = None

    @property
    def files(self) -> tuple[BundleFile, ...]:
        """Frames first, then assets: the order in which they are streamed."""
        return self.frames + self.assets

    def total_bytes(self) -> int:
        return len(self.prompt.encode()) + sum(len(f.data) for f in self.files)

    def sha256(self) -> str:
        """A content hash, so a result names exactly what the model saw."""
        h = hashlib.sha256()
        h.update(f"{self.task_id}\0{self.width}x{self.height}\0".encode())
        h.update(self.prompt.encode())
        for f in self.files:
            h.update(f"\0{f.kind}\0{f.name}\0{f.media_type}\0{len(f.data)}\0".encode())
            h.update(f.data)
        return h.hexdigest()


@dataclass
class Generation:
    """A model's answer: the raw text it produced and what the call cost."""

    text: str
    finish_reason: str = "stop"
    input_tokens: int = 0
    output_tokens: int = 0
    seconds: float = 0.0
    model: str = ""
    extra: dict[str, str] = field(default_factory=dict)


class ModelError(Exception):
    """The model side failed (unreachable, deadline, bad reply): the task is a model_error."""
