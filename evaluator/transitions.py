"""Did the page change the way the reference did? Model-free assertions.

Besides a task's written expectations, an action must reproduce the reference's
transition: text that appeared or disappeared on the reference page should appear or
disappear on the judged page, and where the reference changed visibly the judged page
must change visibly too. Everything is read from the browser's own evidence (the
runner's text snapshots and screenshots), never from the page's JavaScript.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from evaluator.metrics import load_gray

# Share of the text transition a page must reproduce: generated pages phrase some
# things their own way, but most of what appeared (or vanished) must match.
TEXT_SHARE = 0.5
# A pixel changed when its grey level moved this much at the normalised scale...
PIXEL_DELTA = 0.08
# ...and a screen changed visibly when more than this share of pixels did (a text
# caret blinking is far below it; a checkbox tick is above it).
CHANGED_SHARE = 0.0002

_SPACE_RE = re.compile(r"\s+")


def text_lines(text: str) -> set[str]:
    """The non-empty lines of a page's visible text, case and spacing folded."""
    return {
        _SPACE_RE.sub(" ", line).strip().casefold() for line in text.splitlines() if line.strip()
    }


@dataclass(frozen=True)
class Check:
    """One check's verdict and a sentence saying what was compared."""

    ok: bool
    detail: str


def text_transition(ref_before: str, ref_after: str, gen_after: str) -> Check | None:
    """Compare what the reference's action added and removed with the page after it.

    Returns None when the reference text did not change (nothing to require).
    """
    before, after, page = text_lines(ref_before), text_lines(ref_after), text_lines(gen_after)
    appeared, vanished = after - before, before - after
    if not appeared and not vanished:
        return None
    page_text = "\n".join(page)
    shown = sum(1 for line in appeared if line in page_text)
    gone = sum(1 for line in vanished if line not in page)
    ok = (not appeared or shown >= TEXT_SHARE * len(appeared)) and (
        not vanished or gone >= TEXT_SHARE * len(vanished)
    )
    return Check(
        ok,
        f"text transition: {shown}/{len(appeared)} appeared lines shown, "
        f"{gone}/{len(vanished)} vanished lines gone",
    )


def changed_share(before: Path, after: Path) -> float:
    """Share of pixels that changed between two screenshots (normalised scale)."""
    a = load_gray(before)
    b = load_gray(after, size=(a.shape[1], a.shape[0]))
    return float(np.mean(np.abs(a - b) > PIXEL_DELTA))


def visual_transition(
    ref_before: Path, ref_after: Path, gen_before: Path, gen_after: Path
) -> Check | None:
    """Where the reference changed visibly, the page must change visibly too.

    Returns None when the reference did not change visibly.
    """
    ref = changed_share(ref_before, ref_after)
    if ref <= CHANGED_SHARE:
        return None
    gen = changed_share(gen_before, gen_after)
    return Check(
        gen > CHANGED_SHARE,
        f"visible change: page {100 * gen:.2f}% of pixels, reference {100 * ref:.2f}%",
    )
