"""How far an action's change spread: the separate places of the screen it changed.

A field shows what was typed into it whether the page works or not: typing needs no script.
So on a page without scripts a Type action changes the screen too (the field), and every
check that reads the page's text finds the typed words there: "Put Madrid in the departure
box" / "The trip summary's route starts with Madrid" passed on the field's own value, its
visible change the field's. What the working page adds is a change *elsewhere*: the
summary, the preview, the total, a hint under the field.

The reference's checkpoints show whether it did: the pixels that changed between them,
each grown by ``GROWTH`` px, form places; a place counts with at least ``MIN_PIXELS``
changed pixels, and places whose boxes overlap are one (a focus ring around the field's
text). Where the reference's action changed two places or more, the page's must too
(:func:`spread_check`); where it changed one (the box took the text, and nothing else
moved), nothing is asked, and a page without scripts earns that step.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy import ndimage

from evaluator.pixeldiff import channel_difference
from evaluator.scoring import images
from evaluator.scoring.metrics import NORMALISED_WIDTH
from evaluator.scoring.transitions import PIXEL_STEP, Check

# At the normalised scale (NORMALISED_WIDTH px wide; 6 px is 12 CSS px of a 1280 px page):
# changed pixels this close are one place (a word's letters, a field's text and caret)...
GROWTH = 6
# ...and a place is a change with at least this many changed pixels (not a stray pixel of
# anti-aliasing).
MIN_PIXELS = 8
# Places asked of the page where the reference changed that many or more.
SPREAD = 2

Box = tuple[int, int, int, int]  # left, top, right, bottom (exclusive)


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _merge(boxes: list[Box]) -> list[Box]:
    """Boxes that overlap made one, until none do."""
    out = list(boxes)
    merged = True
    while merged:
        merged = False
        for i in range(len(out)):
            for j in range(i + 1, len(out)):
                if _overlap(out[i], out[j]):
                    a, b = out[i], out.pop(j)
                    out[i] = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
                    merged = True
                    break
            if merged:
                break
    return out


def places(before: Path, after: Path, reference: bool = False) -> int:
    """The separate places that changed between two screenshots (see the module docstring);
    0 when their sizes differ. ``reference``: both are task checkpoints, kept on disk."""
    a = images.pixels(before, [("RGB", NORMALISED_WIDTH, None)], keep=reference)[0]
    size = (a.shape[1], a.shape[0])
    b = images.pixels(after, [("RGB", NORMALISED_WIDTH, size)], keep=reference)[0]
    if a.shape != b.shape:
        return 0
    changed = channel_difference(a, b) >= PIXEL_STEP
    if not changed.any():
        return 0
    grown = ndimage.binary_dilation(changed, iterations=GROWTH)
    labels, count = ndimage.label(grown, structure=np.ones((3, 3), bool))
    sizes = ndimage.sum(changed, labels, range(1, count + 1))
    boxes: list[Box] = []
    for size_, found in zip(sizes, ndimage.find_objects(labels), strict=True):
        if found is not None and size_ >= MIN_PIXELS:
            rows, cols = found
            boxes.append((cols.start, rows.start, cols.stop, rows.stop))
    return len(_merge(boxes))


def spread_check(ref_before: Path, ref_after: Path, before: Path, after: Path) -> Check | None:
    """Where the reference's action changed ``SPREAD`` or more separate places, the page's
    must too. None when the reference changed fewer (nothing to ask)."""
    ref = places(ref_before, ref_after, reference=True)
    if ref < SPREAD:
        return None
    page = places(before, after)
    return Check(
        page >= SPREAD,
        f"change beyond the field: page changed {page} separate place(s), reference {ref} "
        f"(asked {SPREAD} or more)",
    )
