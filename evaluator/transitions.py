"""Did the page change the way the reference did? Model-free assertions.

Besides a task's written expectations, an action must reproduce the reference's
transition: text that appeared or disappeared on the reference page should appear or
disappear on the judged page, and where the reference changed visibly the judged page
must change visibly too. Everything is read from the browser's own evidence (the
runner's text snapshots and screenshots), never from the page's JavaScript.

Tasks in the published layout have no reference text, only checkpoints: there the
reference's text transition is read by OCR (:mod:`evaluator.ocr`) and compared
fuzzily (:func:`ocr_text_transition`), tolerating OCR's misread characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

from evaluator import ocr
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


# Two OCR'd or browser lines say the same thing at this partial-ratio similarity...
FUZZY = 80.0
# ...and lines this short (characters, spaces excluded) must match a whole word
# exactly, since a fuzzy "15" is found inside any number.
SHORT = 4
# OCR lines with fewer letters or digits than this are noise (icons read as text).
MIN_CHARS = 3


def _fold(line: str) -> str:
    return _SPACE_RE.sub(" ", line).strip().casefold()


def _similar(a: str, b: str) -> float:
    """How well line ``a`` is found in line ``b`` (0-100)."""
    if len(a.replace(" ", "")) <= SHORT:
        return 100.0 if a in b.split() or a == b else 0.0
    return float(fuzz.partial_ratio(a, b))


# Two OCR readings are of the same text when their numbers agree and they differ by
# at most this share of characters (OCR of identical pixels rarely differs at all;
# a page's change is often one digit, which SAME_NUMBERS catches).
SAME = 90.0
_DIGITS_RE = re.compile(r"\d+")


def _same(a: str, b: str) -> bool:
    return _DIGITS_RE.findall(a) == _DIGITS_RE.findall(b) and fuzz.ratio(a, b) >= SAME


def _changed(new: list[str], old: list[str]) -> list[str]:
    """Lines of ``new`` that no line of ``old`` says (OCR noise between two readings
    of the same text is not a change; another number is)."""
    return [line for line in new if not any(_same(line, o) for o in old)]


def _shown(line: str, page: list[str], rivals: list[str]) -> bool:
    """Whether some page line says ``line`` and says it better than any rival line (the
    other screen: "a 15% tip" is not shown by a page still reading "a 0% tip")."""
    for p in page:
        score = _similar(line, p)
        if score >= FUZZY and all(score > _similar(r, p) for r in rivals):
            return True
    return False


def ocr_text_transition(ref_before: Path, ref_after: Path, gen_after: str) -> Check | None:
    """The reference's text transition read by OCR from its two checkpoints, checked
    on the judged page's browser text.

    Returns None when OCR sees no text change; a skipped Check when OCR cannot run.
    """
    try:
        before = [_fold(x) for x in ocr.read(ref_before).lines]
        after = [_fold(x) for x in ocr.read(ref_after).lines]
    except ocr.OcrUnavailable as exc:
        return Check(True, f"OCR text transition skipped: {exc}", skipped=True)
    before = [x for x in before if sum(c.isalnum() for c in x) >= MIN_CHARS]
    after = [x for x in after if sum(c.isalnum() for c in x) >= MIN_CHARS]
    appeared, vanished = _changed(after, before), _changed(before, after)
    if not appeared and not vanished:
        return None
    page = [_fold(x) for x in gen_after.splitlines() if x.strip()]
    # A page line is evidence of new text only if it is closer to it than to anything
    # on the old screen (and of old text only if closer to it than to the new screen).
    shown = [x for x in appeared if _shown(x, page, before)]
    still = [x for x in vanished if _shown(x, page, after)]
    gone = len(vanished) - len(still)
    ok = (not appeared or len(shown) >= TEXT_SHARE * len(appeared)) and (
        not vanished or gone >= TEXT_SHARE * len(vanished)
    )
    missing = [x for x in appeared if x not in shown]
    detail = (
        f"OCR text transition: {len(shown)}/{len(appeared)} appeared lines shown, "
        f"{gone}/{len(vanished)} vanished lines gone"
    )
    if missing:
        detail += f"; not shown: {', '.join(repr(x) for x in missing[:3])}"
    if still:
        detail += f"; still shown: {', '.join(repr(x) for x in still[:3])}"
    return Check(ok, detail)
