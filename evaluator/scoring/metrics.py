"""Visual metrics on screenshot pairs (numpy, scikit-image); no browser, no Docker.

Four components, each in [0, 1], computed at a normalised scale so a score does not
depend on the viewport's size and costs the same for every task:

- ``ssim``: structural similarity of the grey-level images (fine structure, text
  shapes, edges);
- ``colour``: intersection of the two colour histograms (palette and the share of
  the screen each colour covers; SSIM is blind to hue);
- ``layout``: agreement of the content maps, cells of a coarse grid that hold
  something other than the page background (where blocks sit on the page);
- ``text``: 1 - normalised Levenshtein distance of the visible text, as the
  published OCR score, but read from the browser (exact, offline). When either
  side's browser text is unknown (a published-layout task has only reference
  screenshots), both sides are read by OCR (:mod:`evaluator.scoring.ocr`), so OCR's misses
  hit both alike and a page identical to the reference still scores 1. When OCR fails on
  a pair (or runs past its time) the component scores 0 and ``text_source`` says why: it
  is never left out, which would raise the score of a page that makes OCR fail. Without
  Tesseract installed, :class:`~evaluator.scoring.ocr.OcrUnavailable` is raised: the
  judge cannot score here, an infrastructure fault, not the page's.

A step's visual score is the mean of the components it has; VFS averages that over
step 0 and the flagged steps of the successful prefix.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Levenshtein
from scipy.ndimage import uniform_filter
from skimage.metrics import structural_similarity

from evaluator.scoring import images, ocr, ocr_like

NORMALISED_WIDTH = 640
COLOUR_WIDTH = 160
COLOUR_BINS = 8  # per channel: 512 colour cells
LAYOUT_CELL = 20  # pixels of the normalised image per layout cell
LAYOUT_FLAT = 0.02  # grey-level std below which a cell is flat
LAYOUT_TONE = 0.04  # grey-level distance from the background that makes a flat cell a block
# Recorded as provenance.metric_version; bumped whenever a scoring change moves a score, so a
# resumed run refuses to mix scorings. v2 (6 December 2026): OCR read against the previous
# step (ocr_like.Seen) and the offline assertions' count, said and gone checks. v3 (6 December
# 2026): the assertion's state words checked on the runner's record of the elements' states
# (states.py): a page judged again may now fail a step it passed; and a Type action's change
# must reach beyond its field where the reference's did (spread.py). v4 (6 December 2026):
# the count check takes no count from a place ("row 2") or a thing named by its value ("the
# 4 is in the corner"), and reads month and weekday names as pages abbreviate them; a probe
# makes the action's change only within 5% of it (was 10%, transitions.PROBE_SAME). v5 (6
# December 2026): the count check also finds a number beside its word by the row or column
# it stands in on the screen (layout.py), where the runner kept the texts' boxes. v6 (7
# December 2026): a bare count is no state's subject ("3 active"), a square or a cell is a
# kind, not a name; a digit placed or pointed at ("the 7 in the first column") is no count;
# and the runner reads the highlight of the control just clicked by its classes. v7 (7
# December 2026): a digit after an article and a word of size or colour ("a big 2 replaces
# the notes") is no count either; and the runner's texts with boxes carry an icon control's
# name at its box ("the bag shows 1"). v8 (7 December 2026): a stated number of 3 or more
# characters that the reference's checkpoint shows (OCR) but never beside the words it was
# counted by is asked anywhere on the page ("the rating reads 1512" beside a drawn bolt).
# v9 (7 December 2026): a quoted text or a gone item the judged page fails is read against
# the reference's own checkpoint (OCR), and not asked where the reference does not show it
# as stated; where the reference changed most of the screen, the page must change a fifth
# as much (transitions.LARGE_CHANGE); numbers written one after another are one count. v10
# (7 December 2026): stated facts settle the text transition only when one that appeared is
# new on the judged page too (else the OCR text transition is asked as well). v11
# (7 December 2026): a stated number may stand beside the quoted heading or the label it is
# said of ("Results for “printer”: 2 tickets", "All open lists 12 tickets"). v12: a
# neighbour probe labelled the same as the target whose result differs from the action's
# (each "Cancel booking" opens its own window) is noted, not failed. v13: a state said after
# an appositive ("Courier collection, £2.99, is outlined in green") is of the sentence's
# first clause, not of "is"; a text said to be shown holds on a page that runs its words
# together ("2DVenue for a gig" for "2D Venue for a gig").
METRIC_NAME = "offline-visual-v13"

_SPACE_RE = re.compile(r"\s+")


def _load(path: Path, width: int, size: tuple[int, int] | None, mode: str) -> np.ndarray:
    return images.scaled(path, [(mode, width, size)])[0]


def _gray_and_colour(
    path: Path, like: tuple[np.ndarray, np.ndarray] | None = None, keep: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Grey levels at NORMALISED_WIDTH and colours at COLOUR_WIDTH from at most one decode
    of the file (decoding a 1280x800 PNG costs more than any metric; :mod:`evaluator.scoring.images`
    keeps the scaled pixels for the transition checks of the same screenshots). ``like``:
    the reference's pair, whose sizes the candidate takes. ``keep``: a reference checkpoint,
    kept on disk too (see :mod:`evaluator.scoring.images`). Same arrays as ``load_gray`` and
    ``_load(..., "RGB")``."""
    gray_size = None if like is None else (like[0].shape[1], like[0].shape[0])
    colour_size = None if like is None else (like[1].shape[1], like[1].shape[0])
    gray, colour = images.scaled(
        path, [("L", NORMALISED_WIDTH, gray_size), ("RGB", COLOUR_WIDTH, colour_size)], keep
    )
    return gray, colour


def load_gray(path: Path, size: tuple[int, int] | None = None) -> np.ndarray:
    """A screenshot as grey levels in [0, 1], resized to ``size`` (w, h) if given, else
    to NORMALISED_WIDTH keeping the aspect ratio. Decoded once per file version and kept
    (:mod:`evaluator.scoring.images`)."""
    return _load(path, NORMALISED_WIDTH, size, "L")


# SSIM as scikit-image's ``structural_similarity(x, y, data_range=1.0)`` computes it with
# its defaults (7x7 uniform window, sample covariance, K1 = 0.01, K2 = 0.03): the same
# float64 operations in the same order, so the same bits, but the five local means are
# filtered in one call and the arithmetic reuses buffers instead of allocating a fresh
# 2 MB array per operation (which cost more than the arithmetic itself).
_SSIM_WIN = 7
_SSIM_C1 = (0.01 * 1.0) ** 2
_SSIM_C2 = (0.03 * 1.0) ** 2


def _ssim(x: np.ndarray, y: np.ndarray) -> float:
    if x.shape != y.shape:
        raise ValueError(f"SSIM of images of different shapes {x.shape} and {y.shape}")
    if min(x.shape) < _SSIM_WIN:
        # Let scikit-image say what is wrong (too small for the window).
        return float(structural_similarity(x, y, data_range=1.0))  # type: ignore[no-untyped-call]
    if np.array_equal(x, y):
        # Identical images (an oracle page's step, a page that did not change): every
        # window's S is exactly 1, so the mean is 1.0. With x == y the code below computes
        # A1 = (2 ux) ux + C1 and B1 = ux ux + ux ux + C1, the same double (doubling is
        # exact), likewise A2 and B2 (uxy is uxx), so S = (A1 A2) / (B1 B2) = 1 with B1, B2
        # > 0; the filters are skipped, not the result changed (tested against scikit-image).
        return 1.0
    x = x.astype(np.float64, copy=False)
    y = y.astype(np.float64, copy=False)
    np_ = _SSIM_WIN**x.ndim
    cov_norm = np_ / (np_ - 1)
    stack = np.empty((5, *x.shape))
    stack[0], stack[1] = x, y
    np.multiply(x, x, out=stack[2])
    np.multiply(y, y, out=stack[3])
    np.multiply(x, y, out=stack[4])
    # Each 2-D slice filtered along its rows then its columns, as uniform_filter(image).
    means = uniform_filter(stack, size=(1, _SSIM_WIN, _SSIM_WIN), output=stack)
    ux, uy, uxx, uyy, uxy = means
    tmp = np.empty_like(x)
    # vx = cov_norm * (uxx - ux * ux), in place in uxx (likewise vy, vxy).
    np.multiply(ux, ux, out=tmp)
    vx = np.subtract(uxx, tmp, out=uxx)
    vx *= cov_norm
    np.multiply(uy, uy, out=tmp)
    vy = np.subtract(uyy, tmp, out=uyy)
    vy *= cov_norm
    np.multiply(ux, uy, out=tmp)
    vxy = np.subtract(uxy, tmp, out=uxy)
    vxy *= cov_norm
    # A1 = 2 * ux * uy + C1 (evaluated as (2 * ux) * uy + C1)
    a1 = np.multiply(2, ux, out=tmp)
    a1 *= uy
    a1 += _SSIM_C1
    # A2 = 2 * vxy + C2
    a2 = np.multiply(2, vxy, out=vxy)
    a2 += _SSIM_C2
    # B1 = ux**2 + uy**2 + C1
    b1 = np.multiply(ux, ux, out=ux)
    b1 += np.multiply(uy, uy, out=uy)
    b1 += _SSIM_C1
    # B2 = vx + vy + C2
    b2 = np.add(vx, vy, out=vx)
    b2 += _SSIM_C2
    # S = (A1 * A2) / (B1 * B2)
    d = np.multiply(b1, b2, out=b1)
    s = np.multiply(a1, a2, out=a1)
    s /= d
    pad = (_SSIM_WIN - 1) // 2
    return float(s[pad:-pad, pad:-pad].mean(dtype=np.float64))


def ssim_arrays(ref: np.ndarray, cand: np.ndarray) -> float:
    """SSIM of two grey-level images of the same shape, clipped to [0, 1]."""
    return float(np.clip(_ssim(ref, cand), 0.0, 1.0))


def ssim(reference: Path, candidate: Path) -> float:
    """Structural similarity at the normalised scale, in [0, 1]. The candidate is
    resized to the reference's normalised size: a page of the wrong size is compared
    (and penalised), not rejected."""
    ref = load_gray(reference)
    return ssim_arrays(ref, load_gray(candidate, size=(ref.shape[1], ref.shape[0])))


def colour_similarity(reference: Path, candidate: Path) -> float:
    """Histogram intersection of the two screenshots' colours, in [0, 1]."""
    ref = _load(reference, COLOUR_WIDTH, None, "RGB")
    return colour_arrays(ref, _load(candidate, COLOUR_WIDTH, (ref.shape[1], ref.shape[0]), "RGB"))


def colour_arrays(ref: np.ndarray, cand: np.ndarray) -> float:
    def histogram(img: np.ndarray) -> np.ndarray:
        cells = np.minimum((img * COLOUR_BINS).astype(int), COLOUR_BINS - 1)
        index = (cells[..., 0] * COLOUR_BINS + cells[..., 1]) * COLOUR_BINS + cells[..., 2]
        counts = np.bincount(index.ravel(), minlength=COLOUR_BINS**3).astype(np.float64)
        normalised: np.ndarray = counts / counts.sum()
        return normalised

    return float(np.minimum(histogram(ref), histogram(cand)).sum())


def content_map(gray: np.ndarray) -> np.ndarray:
    """Boolean grid: True where a LAYOUT_CELL square holds something other than the
    page background (the most common grey level): texture, or a block of another tone."""
    rows, cols = gray.shape[0] // LAYOUT_CELL, gray.shape[1] // LAYOUT_CELL
    cells = gray[: rows * LAYOUT_CELL, : cols * LAYOUT_CELL].reshape(
        rows, LAYOUT_CELL, cols, LAYOUT_CELL
    )
    levels = np.bincount(np.round(gray * 63).astype(int).ravel(), minlength=64)
    background = levels.argmax() / 63
    textured = cells.std(axis=(1, 3)) > LAYOUT_FLAT
    toned = np.abs(cells.mean(axis=(1, 3)) - background) > LAYOUT_TONE
    grid: np.ndarray = textured | toned
    return grid


def layout_arrays(ref: np.ndarray, cand: np.ndarray) -> float:
    if np.array_equal(ref, cand):
        return 1.0  # one content map twice: intersection = union (or both empty), as below
    a, b = content_map(ref), content_map(cand)
    union = np.logical_or(a, b).sum()
    return 1.0 if union == 0 else float(np.logical_and(a, b).sum() / union)


def layout_similarity(reference: Path, candidate: Path) -> float:
    """Intersection over union of the two content maps, in [0, 1]."""
    ref = load_gray(reference)
    return layout_arrays(ref, load_gray(candidate, size=(ref.shape[1], ref.shape[0])))


def text_similarity(reference: str, candidate: str) -> float:
    """1 - normalised Levenshtein distance of the two texts (white space collapsed)."""
    a = _SPACE_RE.sub(" ", reference).strip()
    b = _SPACE_RE.sub(" ", candidate).strip()
    if not a and not b:
        return 1.0
    return float(Levenshtein.normalized_similarity(a, b))


@dataclass(frozen=True)
class VisualScore:
    """One screenshot pair's components; ``score`` is the mean of those present."""

    ssim: float
    colour: float
    layout: float
    text: float | None = None
    # Where ``text`` was read: "browser", "ocr", or why it could not be ("none: ...", text 0).
    text_source: str | None = None

    @property
    def score(self) -> float:
        parts = [self.ssim, self.colour, self.layout]
        if self.text is not None:
            parts.append(self.text)
        return sum(parts) / len(parts)

    def to_json(self) -> dict[str, float | None]:
        return {**asdict(self), "score": self.score}


ZERO = VisualScore(ssim=0.0, colour=0.0, layout=0.0, text=0.0)


def compare(
    reference: Path,
    candidate: Path,
    reference_text: str | None = None,
    candidate_text: str | None = None,
    previous: ocr_like.Seen | None = None,
) -> VisualScore:
    """Every component for one pair of screenshots (and their texts, when known).
    ``previous``: the same page's screenshot scored before ``candidate``, which OCR may read
    ``candidate`` against (:func:`evaluator.scoring.ocr_like.read_like`).

    Raises:
        ocr.OcrUnavailable: the texts are unknown and Tesseract is not installed.
        budget.HostBudgetExceeded: the page's host time ran out during OCR.
    """
    # The reference is a task's checkpoint, the same file for every page judged on it.
    ref, ref_colour = _gray_and_colour(reference, keep=True)
    cand, cand_colour = _gray_and_colour(candidate, like=(ref, ref_colour))
    text, source = None, None
    if reference_text is not None and candidate_text is not None:
        text, source = text_similarity(reference_text, candidate_text), "browser"
    else:
        try:
            # Same pixels, same text (what read_like would return): similarity 1 unread.
            text = (
                1.0
                if ocr_like.same_text(candidate, reference)
                else text_similarity(
                    ocr.read(reference).text,
                    ocr_like.read_like(candidate, reference, previous).text,
                )
            )
            source = "ocr"
        except ocr.OcrFailed as exc:
            text, source = 0.0, f"none: {exc}"
    return VisualScore(
        ssim=ssim_arrays(ref, cand),
        colour=colour_arrays(ref_colour, cand_colour),
        layout=layout_arrays(ref, cand),
        text=text,
        text_source=source,
    )
