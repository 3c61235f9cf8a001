"""Where the reference page changed across an action: a weak target hint.

The checkpoint before action i (``step_{i-1}.png``) and the one after (``step_i.png``)
are the reference's viewport screenshots; the region that changed between them often is,
or sits beside, what the action acted on (a ticked box, a card added under "+ Add a card",
a field that now shows the typed text). The runner uses it only to break ties the words
leave (see ``sandbox/runner/places.py``, CHANGED_JS).

The rule: a pixel changed when any channel differs by more than ``PIXEL_THRESHOLD`` (JPEG-ish
noise and anti-aliasing stay below it); changed pixels are grouped on a coarse grid of
``CELL`` px cells (a cell counts when at least ``MIN_CELL_PIXELS`` of its pixels changed:
a blinking caret or a one-pixel animation does not), neighbouring cells within ``GAP``
cells join into one region (so two changes far apart stay two boxes), regions smaller
than ``MIN_AREA`` CSS px^2 are dropped, and so are regions whose box spans more than
``MAX_SHARE`` of the viewport; when the changed cells cover more than ``MAX_SHARE`` of it
(a new page, a modal over everything) there is no hint: the change says nothing about
where the action was. At most ``MAX_BOXES`` boxes, the largest.
Boxes are in CSS px of the task's viewport (screenshots of a 2x display are halved).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image

from evaluator.pixeldiff import channel_difference
from evaluator.tasks import hint_cache

# Hints found are kept on disk as well (``$IWR_CHANGES_CACHE``, default
# ``~/.cache/iwr/changes``), keyed by this version, the viewport width and both
# checkpoints' contents: a new process judging the task reads them instead of decoding two
# full screenshots per action again (~80 ms an action on a busy 2-core machine, before the
# page's sandbox can start). Bump it when a rule below changes what is found.
CHANGES_VERSION = "iwr-changes-v1"
PIXEL_THRESHOLD = 24
CELL = 8
MIN_CELL_PIXELS = 4
GAP = 3
MIN_AREA = 64.0
MAX_SHARE = 0.5
MAX_BOXES = 4


@dataclass(frozen=True)
class Box:
    """A changed region in CSS px of the viewport."""

    x: float
    y: float
    width: float
    height: float

    def as_hint(self) -> str:
        return ",".join(f"{v:g}" for v in (self.x, self.y, self.width, self.height))


def _regions(cells: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Groups of marked cells (rows and columns within GAP of each other), as cell boxes
    (row0, col0, row1, col1), inclusive."""
    marked = {(int(r), int(c)) for r, c in zip(*np.nonzero(cells), strict=True)}
    out: list[tuple[int, int, int, int]] = []
    while marked:
        stack = [marked.pop()]
        r0 = r1 = stack[0][0]
        c0 = c1 = stack[0][1]
        while stack:
            r, c = stack.pop()
            r0, r1, c0, c1 = min(r0, r), max(r1, r), min(c0, c), max(c1, c)
            near = [
                (rr, cc)
                for rr in range(r - GAP, r + GAP + 1)
                for cc in range(c - GAP, c + GAP + 1)
                if (rr, cc) in marked
            ]
            for cell in near:
                marked.discard(cell)
                stack.append(cell)
        out.append((r0, c0, r1, c1))
    return out


def changed_boxes(before: np.ndarray, after: np.ndarray, css_width: int) -> list[Box]:
    """The regions that changed between two screenshots (H x W x C arrays of one size), in
    CSS px of a viewport ``css_width`` wide; [] when they differ in size, nothing changed,
    or nearly everything did (see the module's rule)."""
    if before.shape != after.shape or before.ndim != 3 or not css_width:
        return []
    changed = channel_difference(before[..., :3], after[..., :3]) > PIXEL_THRESHOLD
    diff = changed.astype(np.int32)
    height, width = diff.shape
    rows, cols = -(-height // CELL), -(-width // CELL)
    padded = np.zeros((rows * CELL, cols * CELL), dtype=np.int32)
    padded[:height, :width] = diff
    counts = padded.reshape(rows, CELL, cols, CELL).sum(axis=(1, 3))
    cells = counts >= MIN_CELL_PIXELS
    if not cells.any() or cells.mean() > MAX_SHARE:
        return []
    scale = css_width / width
    boxes = []
    for r0, c0, r1, c1 in _regions(cells):
        # The changed pixels' own extent inside the region's cells.
        ys, xs = np.nonzero(padded[r0 * CELL : (r1 + 1) * CELL, c0 * CELL : (c1 + 1) * CELL])
        x, y = c0 * CELL + xs.min(), r0 * CELL + ys.min()
        w, h = xs.max() - xs.min() + 1, ys.max() - ys.min() + 1
        box = Box(
            round(float(x) * scale, 1),
            round(float(y) * scale, 1),
            round(float(w) * scale, 1),
            round(float(h) * scale, 1),
        )
        # A region spanning most of the viewport (text reflowed everywhere) places nothing.
        area = box.width * box.height
        if MIN_AREA <= area <= MAX_SHARE * width * height * scale * scale:
            boxes.append(box)
    boxes.sort(key=lambda bx: -bx.width * bx.height)
    return boxes[:MAX_BOXES]


def _pixels(path: Path) -> np.ndarray | None:
    try:
        with Image.open(path) as img:
            return np.asarray(img.convert("RGB"), dtype=np.uint8)
    except (OSError, ValueError):
        return None


def changed_hint(before: Path, after: Path, css_width: int) -> str:
    """The ``target.changed`` hint for an action: "x,y,w,h;x,y,w,h" (CSS px), "" when a
    checkpoint is missing or unreadable or no usable change is found.

    Remembered per pair of checkpoint files (as they are on disk: path, size, mtime):
    every page judged for a task, every model and sample, sends the same hints, and
    decoding two full screenshots per action each time cost ~36 ms an action. Kept on disk
    by the files' contents as well, so a new process does not decode them again."""
    return _hint(str(before), str(after), css_width, file_stamp(before), file_stamp(after))


def file_stamp(path: Path) -> tuple[int, int] | None:
    """A file's version as the in-memory caches of task hints key it (size, mtime); None
    when it cannot be read, so a file that appears later is not mistaken for the old one."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


@lru_cache(maxsize=4096)
def _hint(
    before: str,
    after: str,
    css_width: int,
    before_stamp: tuple[int, int] | None,
    after_stamp: tuple[int, int] | None,
) -> str:
    """:func:`changed_hint` for one version of the two files (the stamps key the cache),
    from the disk cache when a process found it before."""
    if before_stamp is None or after_stamp is None:
        return ""
    paths = [Path(before), Path(after)]
    header = f"{CHANGES_VERSION}|{css_width}"
    cached = hint_cache.cache_dir("IWR_CHANGES_CACHE", "changes") / (
        f"{hint_cache.content_key(header, paths)}.json"
    )
    hint = hint_cache.read(cached)
    if isinstance(hint, str):
        return hint
    a, b = _pixels(paths[0]), _pixels(paths[1])
    if a is None or b is None:
        return ""  # unreadable now, maybe not later: not kept
    hint = ";".join(box.as_hint() for box in changed_boxes(a, b, css_width))
    hint_cache.write(cached, hint)
    return hint
