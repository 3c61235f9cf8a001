"""Did the page change the way the reference did? Model-free assertions.

Besides a task's written expectations, an action must reproduce the reference's
transition: text that appeared or disappeared on the reference page should appear or
disappear on the judged page, and where the reference changed visibly the judged page
must change visibly too. Everything is read from the browser's own evidence (the
runner's text snapshots and screenshots), never from the page's JavaScript.

Tasks in the published layout have no reference text, only checkpoints: there the
reference's text transition is read by OCR (:mod:`evaluator.scoring.ocr`) and compared
fuzzily (:func:`ocr_text_transition`), tolerating OCR's misread characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

from evaluator.pixeldiff import channel_difference
from evaluator.scoring import images, ocr
from evaluator.scoring.metrics import NORMALISED_WIDTH
from evaluator.scoring.ocr_like import LIKE_DELTA

# Share of the text transition a page must reproduce: generated pages phrase some
# things their own way, but most of what appeared (or vanished) must match.
TEXT_SHARE = 0.5
# A pixel changed when one of its colour channels moved this much at the normalised scale
# (any colour change, not brightness only: a hue change at equal brightness counts)...
PIXEL_DELTA = 0.08
# ...and a screen changed visibly when more than this share of pixels did (a text
# caret blinking is far below it; a checkbox tick is above it).
CHANGED_SHARE = 0.0002
# Where the reference changed most of the screen (a window over a dimmed page, another
# view), a page whose change is under this share of the reference's did something smaller:
# a bookmark toggled where the reference opened the book's window (h10-films #6, 1.08%
# against 94.08%), a line of text scrolled into view where it opened the return window
# (h11-boots #2, 11.06% against 70.64%). A window drawn without a dimmed page behind it
# still changes a fifth of what the dimmed one did.
LARGE_CHANGE = 0.5
LARGE_PART = 0.2

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
    # True when the check could not be made (e.g. no OCR here): it then neither passes
    # nor fails the step, and the trace says why.
    skipped: bool = False


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


def _min_step(delta: float) -> int:
    """The smallest difference of 8-bit grey levels whose levels in [0, 1] differ by more
    than ``delta``: |a - b| > delta on float levels is |a8 - b8| >= this on 8-bit ones
    (the float rounding is ~1e-16, the nearest level difference ~1e-3 away)."""
    return next(d for d in range(256) if d / 255.0 > delta)


# The same threshold on 8-bit levels: a pixel changed when a channel moved this much.
PIXEL_STEP = _min_step(PIXEL_DELTA)


def changed_share(before: Path, after: Path, reference: bool = False) -> float:
    """Share of pixels that changed between two screenshots (normalised scale).

    A pixel changed when any of its red, green or blue levels moved by more than
    ``PIXEL_DELTA``: every change of grey level is one (grey is a weighted mean of the
    channels), and so is a change of hue at the same brightness, which grey alone misses.
    Counted on the cached 8-bit levels (:mod:`evaluator.scoring.images`), without float
    conversions. ``reference``: both are task checkpoints, kept on disk too."""
    a = images.pixels(before, [("RGB", NORMALISED_WIDTH, None)], keep=reference)[0]
    size = (a.shape[1], a.shape[0])
    b = images.pixels(after, [("RGB", NORMALISED_WIDTH, size)], keep=reference)[0]
    diff = channel_difference(a, b)
    return float(np.mean(diff >= PIXEL_STEP))


def visual_transition(
    ref_before: Path, ref_after: Path, gen_before: Path, gen_after: Path
) -> Check | None:
    """Where the reference changed visibly, the page must change visibly too; where the
    reference changed most of the screen (``LARGE_CHANGE``), by at least ``LARGE_PART`` of
    that.

    Returns None when the reference did not change visibly.
    """
    ref = changed_share(ref_before, ref_after, reference=True)
    if ref <= CHANGED_SHARE:
        return None
    gen = changed_share(gen_before, gen_after)
    floor = LARGE_PART * ref if ref > LARGE_CHANGE else CHANGED_SHARE
    detail = f"visible change: page {100 * gen:.2f}% of pixels, reference {100 * ref:.2f}%"
    if ref > LARGE_CHANGE and gen <= floor:
        detail += f" (most of the screen: at least {100 * floor:.2f}% asked)"
    return Check(gen > floor, detail)


# A probe (the runner's counterfactual press, sandbox/runner/probes.py) made the action's
# change when its screenshot is this close to the action's result: it left at most this
# share of the action's own change undone. A page that advances on any press leaves none;
# two filters of one short list rightly differ by little (heldout2's h2-ledger: the
# "Groceries" chip's result 1.38% of pixels from the "Dining" chip's, whose own change was
# 17.18%), so a tenth was too loose.
PROBE_SAME = 0.05


def probe_transition(
    before: Path, after: Path, probe: Path, what: str, *, reference_changed: bool = True
) -> Check | None:
    """Whether pressing something else (an inert spot, the neighbouring control) on a fresh
    page made the change the action made; ``before``: the state both started from (the probe
    pass's, with the action's target in view). It must not: a page that advances on any press
    fails the step.

    Returns None when the action changed nothing visibly (nothing to tell apart) or the
    reference did not change either.
    """
    if not reference_changed:
        return None
    action = changed_share(before, after)
    if action <= CHANGED_SHARE:
        return None
    left = changed_share(probe, after)
    # A probe that changed nothing did not make the action's change, however small that was.
    moved = changed_share(before, probe) > CHANGED_SHARE
    same = moved and left <= max(CHANGED_SHARE, PROBE_SAME * action)
    verdict = "made the same change as the action" if same else "did not do the action's work"
    return Check(
        not same,
        f"probe: pressing {what} {verdict} ({100 * left:.2f}% of pixels from the action's "
        f"result; the action changed {100 * action:.2f}%)",
    )


# A grid or list cell's place in its label: "A1", "c4", "12", "row 3" -> one placeholder.
_PLACE_RE = re.compile(r"\b[a-z]?\d+[a-z]?\b|\b[a-z]\b")
_QUOTED_RE = re.compile(r'"([^"]*)"')


class Neighbour(Enum):
    """How a probed neighbour's label relates to the target's."""

    # Another cell of the same grid or list ("Square A1" and "square a2"), labelled alike
    # but for its place: it may rightly make the same change (opening either of two empty
    # minesweeper squares floods the same region).
    LIKE = "like"
    # The target's very label ("Cancel booking" beside each booking): it makes a like
    # change for its own item, which :func:`_probe_checks` in score.py tells apart.
    SAME = "same"


def neighbour(target_text: str, probe_what: str) -> Neighbour | None:
    """How the neighbour a probe pressed (its quoted label in ``probe_what``) is labelled
    against the target; None when unlike or unlabelled. A neighbour probe that matches
    such a control is noted, not failed; an inert spot that makes the change still fails."""
    quoted = _QUOTED_RE.search(probe_what)
    if not quoted or not target_text.strip():
        return None
    a, b = target_text.casefold().strip(), quoted.group(1).casefold().strip()
    if a == b:
        return Neighbour.SAME
    shape_a, shape_b = _PLACE_RE.sub("#", a), _PLACE_RE.sub("#", b)
    return Neighbour.LIKE if shape_a == shape_b and "#" in shape_a else None


# OCR reads lines differently from how the browser splits its text (two columns on
# one OCR line, a button's label glued to a price), and misreads or clips a word when
# the screen around it changes. So OCR transitions are compared word by word:
# numbers (with their decimals) and words of MIN_LETTERS letters or more.
MIN_LETTERS = 3
# A word misread is still the word at this similarity (words of FUZZY_LETTERS letters
# or more; numbers must match exactly, as a page's change is often one digit).
FUZZY = 80.0
FUZZY_LETTERS = 5
# OCR confidence (0-100) a word needs to count as having appeared.
CONFIDENT = 80.0
_TOKEN_RE = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+")


def tokens(text: str) -> set[str]:
    """The words and numbers of a text, case folded: what an OCR transition compares."""
    return {
        t for t in _TOKEN_RE.findall(text.casefold()) if t[0].isdigit() or len(t) >= MIN_LETTERS
    }


def _alike(a: str, b: str) -> bool:
    """Two readings of the same word: equal, one clipped from the other ("sma" of
    "small"), or, for long words, a misread character or two."""
    if a == b:
        return True
    if a[0].isdigit() or b[0].isdigit():
        return False
    if a in b or b in a:
        return True
    return min(len(a), len(b)) >= FUZZY_LETTERS and fuzz.ratio(a, b) >= FUZZY


def _new_words(new: set[str], old: set[str]) -> list[str]:
    """Words of ``new`` that are no reading of a word of ``old`` (OCR noise between
    two readings of the same text is not a change; another number is)."""
    return sorted(w for w in new if not any(_alike(w, o) for o in old))


def _on_page(word: str, page: set[str], rivals: set[str]) -> bool:
    """Whether the page shows ``word``: exactly, or a misreading of it that is not a
    word of the rival screen."""
    if word in page:
        return True
    return any(_alike(word, p) and p not in rivals for p in page if not p[0].isdigit())


def _painted_alike(ref_after: Path, shot: Path, boxes: list[ocr.Word]) -> bool:
    """Whether the judged screenshot has the checkpoint's pixels (grey levels within
    ``LIKE_DELTA``) over every box where OCR read a word: then it shows what the reference
    shows there, whatever OCR made of it (a "▶" glyph read as "9")."""
    if not boxes or not shot.is_file():
        return False
    # The grey levels of the metrics' decode (the checkpoint's kept on disk too).
    ref = images.grey(ref_after, keep=True).astype(np.int16)
    page = images.grey(shot).astype(np.int16)
    if ref.shape != page.shape:
        return False
    for w in boxes:
        box = np.s_[
            max(0, w.top - 2) : w.top + w.height + 2, max(0, w.left - 2) : w.left + w.width + 2
        ]
        if np.abs(ref[box] - page[box]).max(initial=0) > LIKE_DELTA:
            return False
    return True


def ocr_text_transition(
    ref_before: Path,
    ref_after: Path,
    gen_after: str,
    typed: str = "",
    gen_shot: Path | None = None,
    gen_before: str | None = None,
) -> Check | None:
    """The reference's text transition read by OCR from its two checkpoints, checked
    on the judged page's browser text, word by word.

    Only what *appeared* is required: OCR reads the viewport, the browser's text is the
    whole document, so text that scrolled away or was covered "vanishes" for OCR while
    it is still on the page. ``typed`` is the text typed into fields so far: OCR reads
    it in the fields, the browser's text (``innerText``) does not hold field values. A word
    the browser's text lacks still counts as shown where the page's screenshot
    (``gen_shot``) has the checkpoint's pixels over every place OCR read it: what OCR
    read there is the checkpoint's own glyph (an icon read as a digit), and the page
    paints it exactly.

    With the page's text before the action (``gen_before``), the appeared words the page
    did not already hold are asked apart: half of them must be shown too. The reference's
    checkpoints are of the viewport, so a word "appears" there when the action scrolled it
    into view; the browser's text is the whole document and held it all along, so a page
    whose action did nothing but scroll (a page without scripts) showed every such word
    without changing. What the page did not hold before is what the action must bring.

    Returns None when OCR sees nothing appear; a skipped Check when OCR cannot run.
    """
    try:
        before = tokens(ocr.read(ref_before).text)
        # New text must be read with confidence: one misread glyph is no transition.
        confident = [w for w in ocr.read(ref_after).words if w.conf >= CONFIDENT]
        after = tokens(" ".join(w.text for w in confident))
    except ocr.OcrUnavailable as exc:
        return Check(True, f"OCR text transition skipped: {exc}", skipped=True)
    appeared = _new_words(after, before)
    if not appeared:
        return None
    page = tokens(gen_after) | tokens(typed)
    shown = [w for w in appeared if _on_page(w, page, before)]
    painted = [
        w
        for w in appeared
        if w not in shown
        and gen_shot is not None
        and _painted_alike(ref_after, gen_shot, [x for x in confident if w in tokens(x.text)])
    ]
    ok = len(shown) + len(painted) >= TEXT_SHARE * len(appeared)
    missing = [w for w in appeared if w not in shown and w not in painted]
    detail = (
        f"OCR text transition: {len(shown) + len(painted)}/{len(appeared)} appeared words shown"
    )
    if painted:
        detail += f" ({' '.join(painted[:6])}: painted as on the reference)"
    if gen_before is not None:
        held = tokens(gen_before)
        fresh = [w for w in appeared if not _on_page(w, held, before)]
        brought = [w for w in fresh if w not in missing]
        if fresh:
            ok = ok and len(brought) >= TEXT_SHARE * len(fresh)
            detail += f", {len(brought)}/{len(fresh)} of those the page lacked before"
        else:
            detail += ", all of them on the page before"
    if missing:
        detail += f"; not shown: {' '.join(missing[:6])}"
    return Check(ok, detail)
