"""Reading a screenshot beside the reference checkpoint it is compared with, or beside the
same page's previous screenshot, and reading a page's screenshots ahead of its scores, side
by side (see :mod:`evaluator.scoring.ocr`).

Where a judged screenshot and its checkpoint have the same pixels they show the same text,
so only the regions that differ are read (:func:`read_like`), and a step with its
checkpoint's pixels is not read at all (:func:`same_text`). A page unlike its reference
differs from every checkpoint almost everywhere, but one step of it from the step before
only where the action changed it: :func:`read_like` given the page's previously read
screenshot (a :class:`Seen`, the chain of the page's readings) splices into that one's
reading instead when that leaves less to read. Which base is used is decided from the
pixels alone, so a reading never depends on timing or on which readings happen to be
remembered. :func:`read_many` makes the readings a page's scores will ask for first, one
Tesseract process per core at a time, so that they overlap each other (and, where cores
outnumber workers, other pages' work).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from evaluator.scoring import budget, images, ocr

# Reading a screenshot beside the reference checkpoint it is compared with: where the two
# have the same pixels they show the same text, so only the regions that differ are read.
# A pixel differs when its grey level moved this much (0-255)...
LIKE_DELTA = 24
# ...and a differing region is read with this margin (screenshot pixels) around it.
LIKE_MARGIN = 8
# Past this share of the screen differing, the whole screenshot is read.
LIKE_MAX_SHARE = 0.5
# A part read alone is given this blank border (screenshot pixels) around it...
PART_PAD = 32
# ...and a base word a changed region touches is read again with this room around it.
WORD_MARGIN = 4


@dataclass(frozen=True)
class Seen:
    """A judged screenshot, the checkpoint it is compared with, and the same page's
    screenshot read before it (None for the first): what :func:`read_like` needs to read
    a step against its page's previous step. The chain is part of the reading's identity
    (its cache key covers every file in it), so the same evidence reads the same."""

    path: Path
    reference: Path
    previous: Seen | None = None


def _overlaps(word: ocr.Word, box: tuple[int, int, int, int]) -> bool:
    left, top, right, bottom = box
    return not (
        word.left >= right
        or word.left + word.width <= left
        or word.top >= bottom
        or word.top + word.height <= top
    )


def changed_pixels(path: Path, reference: Path, checkpoint: bool = True) -> np.ndarray | None:
    """Where ``path`` differs from ``reference`` (grey levels moved more than LIKE_DELTA),
    as a read-only boolean mask; None when the two sizes differ (nothing lines up). The
    last few are kept, by the files' names, sizes and times: a step's pair is asked for by
    the read-ahead, the score and the reading. The grey levels come from the decode the
    metrics make (:func:`evaluator.scoring.images.grey`); ``checkpoint``: ``reference`` is
    a task's checkpoint, its grey levels kept on disk too."""
    stats = path.stat(), reference.stat()
    return _changed_pixels(
        str(path), str(reference), checkpoint, *((s.st_size, s.st_mtime_ns) for s in stats)
    )


@functools.lru_cache(maxsize=32)  # a 1280x800 mask is 1 MB
def _changed_pixels(
    path: str,
    reference: str,
    checkpoint: bool,
    _path_stat: tuple[int, int],
    _reference_stat: tuple[int, int],
) -> np.ndarray | None:
    page = images.grey(Path(path)).astype(np.int16)
    base = images.grey(Path(reference), keep=checkpoint).astype(np.int16)
    if page.shape != base.shape:
        return None
    changed: np.ndarray = np.abs(page - base) > LIKE_DELTA
    changed.flags.writeable = False
    return changed


def same_text(path: Path, reference: Path) -> bool:
    """Whether :func:`read_like` would give ``reference``'s own reading for ``path``
    (no pixel differs), decided without reading either: same pixels, same text.

    Raises:
        ocr.OcrUnavailable: tesseract is missing (as a reading would, so a page's outcome never
            depends on whether its screenshots happened to match).
    """
    if ocr.tesseract_path() is None:
        raise ocr.OcrUnavailable(ocr.UNAVAILABLE_REASON)
    changed = changed_pixels(path, reference)
    return changed is not None and not changed.any()


def read_like(path: Path, reference: Path, previous: Seen | None = None) -> ocr.OcrResult:
    """Words and lines of ``path``, reading only where it differs from ``reference``, or,
    given ``previous`` (the same page's screenshot read before it), from that one when
    that leaves less to read (:func:`_to_read`: the part of the screen Tesseract would be
    given; a tie keeps the checkpoint).

    The base's words are kept where the two screenshots have the same pixels (with a
    margin, and whole words: a word touching a changed region is read again); the changed
    regions are read by Tesseract on the screenshot with everything else blanked, in one
    call. A page identical to the reference costs no OCR at all; one that differs almost
    everywhere from both bases is read whole, as :func:`evaluator.scoring.ocr.read` does.
    Deterministic and cached like it: the base is chosen from the pixels alone, and a
    reading spliced into the previous step's is cached under the content of every file of
    the chain.

    Raises:
        ocr.OcrUnavailable: tesseract is missing or failed on the image.
    """
    exe = ocr.tesseract_path()
    if exe is None:
        raise ocr.OcrUnavailable(ocr.UNAVAILABLE_REASON)
    if previous is None:
        return _read_like_reference(exe, path, reference)
    changed = changed_pixels(path, reference)
    if changed is not None and not changed.any():
        return ocr.read(reference)
    after = changed_pixels(path, previous.path, checkpoint=False)
    if after is None or _to_read(after) >= _to_read(changed):
        return _read_like_reference(exe, path, reference)
    if after.mean() > LIKE_MAX_SHARE:  # and the checkpoint's size differs: read it whole
        return ocr.read(path)
    key = hashlib.sha256(
        "|".join((_settings(), "after")).encode() + b"\0" + _chain_digest(path, reference, previous)
    ).hexdigest()

    def splice() -> ocr.OcrResult:
        base = read_like(previous.path, previous.reference, previous.previous)
        return base if not after.any() else _read_changed(exe, path, base, after)

    return ocr._once(key, splice)


def _settings() -> str:
    """What a spliced reading depends on beside the pixels (bumps the keys when it moves)."""
    return "|".join(
        (ocr.OCR_VERSION, "like", ocr._tesseract_version())
        + tuple(str(v) for v in (ocr.SCALE, ocr.POLARITY_RADIUS, ocr.PSM))
        + tuple(str(v) for v in (LIKE_DELTA, LIKE_MARGIN, LIKE_MAX_SHARE, PART_PAD, WORD_MARGIN))
    )


def _read_like_reference(exe: str, path: Path, reference: Path) -> ocr.OcrResult:
    """:func:`read_like` against the checkpoint alone."""
    ref = ocr.read(reference)
    changed = changed_pixels(path, reference)
    if changed is None:
        return ocr.read(path)
    if not changed.any():
        return ref
    if changed.mean() > LIKE_MAX_SHARE:
        return ocr.read(path)
    data = path.read_bytes() + b"\0" + reference.read_bytes()
    settings = "|".join(
        (ocr.OCR_VERSION, "like", ocr._tesseract_version())
        + tuple(str(v) for v in (ocr.SCALE, ocr.POLARITY_RADIUS, ocr.PSM))
    )
    key = hashlib.sha256(settings.encode() + b"\0" + data).hexdigest()
    return ocr._once(key, lambda: _read_changed(exe, path, ref, changed))


def _to_read(changed: np.ndarray | None) -> int:
    """How much of the screen :func:`read_like` would give Tesseract against a base whose
    changed-pixel mask is ``changed`` (None: sizes differ): the changed pixels' bounding
    box, or the whole screen where it reads the screenshot whole. Decides the base."""
    if changed is None:
        return 1 << 62
    if changed.mean() > LIKE_MAX_SHARE:
        return int(changed.size)
    rows, cols = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
    if not rows.size:
        return 0
    return int((rows[-1] - rows[0] + 1) * (cols[-1] - cols[0] + 1))


def _chain_digest(path: Path, reference: Path, previous: Seen | None) -> bytes:
    """A digest of the contents of ``path``, ``reference`` and every file of the chain
    before them, in order: what a reading spliced along the chain is a function of."""
    digest = hashlib.sha256()
    link: Seen | None = Seen(path, reference, previous)
    while link is not None:
        digest.update(_file_digest(link.path) + _file_digest(link.reference))
        link = link.previous
    return digest.digest()


def _file_digest(path: Path) -> bytes:
    stat = path.stat()
    return _file_digest_of(str(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _file_digest_of(path: str, _size: int, _mtime_ns: int) -> bytes:
    return hashlib.sha256(Path(path).read_bytes()).digest()


def _read_changed(exe: str, path: Path, ref: ocr.OcrResult, changed: np.ndarray) -> ocr.OcrResult:
    """:func:`read_like`'s reading of the changed regions, the reference's words elsewhere."""
    page = images.grey(path)
    # Changed regions: rows and columns of the changed mask, grown by the margin, as boxes.
    from scipy import ndimage  # here: only this reading needs it

    # A square grown by the margin, as two 1-D maxima (far cheaper than a 2-D dilation).
    grown = changed.astype(np.uint8)
    for axis in (0, 1):
        grown = ndimage.maximum_filter1d(grown, 2 * LIKE_MARGIN + 1, axis=axis)
    boxes = [
        (sl[1].start, sl[0].start, sl[1].stop, sl[0].stop)
        for sl in ndimage.find_objects(ndimage.label(grown)[0])
        if sl is not None
    ]
    # A base word touching a changed region is read again: grow the region over it, with a
    # little room (its box is Tesseract's, tight and rounded down: a glyph cut at the
    # edge loses the whole word).
    height, width = changed.shape
    m = WORD_MARGIN
    for n, box in enumerate(boxes):
        for w in ref.words:
            if _overlaps(w, box):
                box = (
                    max(0, min(box[0], w.left - m)),
                    max(0, min(box[1], w.top - m)),
                    min(width, max(box[2], w.left + w.width + m)),
                    min(height, max(box[3], w.top + w.height + m)),
                )
        boxes[n] = box
    kept = [w for w in ref.words if not any(_overlaps(w, b) for b in boxes)]
    # Read only the part of the screen that holds the changed regions, the rest of it
    # blanked: Tesseract's time grows with the picture it is given.
    x0, y0 = (
        max(0, min(b[0] for b in boxes) - LIKE_MARGIN),
        max(0, min(b[1] for b in boxes) - LIKE_MARGIN),
    )
    x1 = min(page.shape[1], max(b[2] for b in boxes) + LIKE_MARGIN)
    y1 = min(page.shape[0], max(b[3] for b in boxes) + LIKE_MARGIN)
    part = Image.fromarray(page[y0:y1, x0:x1].astype(np.uint8))
    prepared = np.asarray(ocr.prepare_gray(part)).copy()
    keep = np.zeros(prepared.shape, dtype=bool)
    for left, top, right, bottom in boxes:
        keep[
            (top - y0) * ocr.SCALE : (bottom - y0) * ocr.SCALE,
            (left - x0) * ocr.SCALE : (right - x0) * ocr.SCALE,
        ] = True
    prepared[~keep] = 255
    # A blank border: Tesseract misreads or drops text close to its picture's edge, which a
    # small part (one changed word) otherwise has.
    pad = PART_PAD * ocr.SCALE
    prepared = np.pad(prepared, pad, constant_values=255)
    fresh = ocr._run(exe, path, Image.fromarray(prepared))
    moved = [
        ocr.Word(w.text, w.left + x0 - PART_PAD, w.top + y0 - PART_PAD, w.width, w.height, w.conf)
        for w in fresh.words
    ]
    words = kept + [
        w
        for w in moved
        if any(
            b[0] <= w.left + w.width / 2 <= b[2] and b[1] <= w.top + w.height / 2 <= b[3]
            for b in boxes
        )
    ]
    words.sort(key=lambda w: (w.top, w.left))
    return ocr.OcrResult(tuple(words), ocr.group_lines(words))


# A reading to make: a screenshot alone (:func:`evaluator.scoring.ocr.read`), beside its
# reference (:func:`read_like`), or beside its reference and its page's previous screenshot.
Job = tuple[Path, Path | None] | Seen


def _read_job(job: Job) -> None:
    """One job's reading, made to be remembered; its errors are left for the caller that
    needs the reading to meet (a failed reading is simply not remembered)."""
    path, reference, previous = (
        (job.path, job.reference, job.previous) if isinstance(job, Seen) else (*job, None)
    )
    with contextlib.suppress(ocr.OcrUnavailable, budget.HostBudgetExceeded, OSError, ValueError):
        if reference is None:
            ocr.read(path)
        elif not same_text(path, reference):  # else nothing to read (see metrics)
            read_like(path, reference, previous)


# Readings made ahead of need, off the caller's path (see read_in_background).
_BACKGROUND: ThreadPoolExecutor | None = None
_BACKGROUND_LOCK = threading.Lock()


def read_in_background(jobs: Sequence[Job]) -> list[Future[None]]:
    """Start making the readings of ``jobs`` on a background pool (one thread per core,
    shared by the process) and return at once: a task's reference checkpoints, read while
    its page replays in the sandbox, so their OCR overlaps the browser's work instead of
    following it. The calls that need a reading later find it remembered, or wait for the
    one in progress (:func:`evaluator.scoring.ocr._once`): same readings, made earlier.
    Jobs run outside any page's host budget (they are the task's, not the page's).
    Cancel the returned futures when the readings are no longer wanted (a replay that
    ended early): the jobs not yet started are then dropped."""
    todo = list(dict.fromkeys(jobs))
    if not todo or ocr.tesseract_path() is None:
        return []
    global _BACKGROUND
    with _BACKGROUND_LOCK:
        if _BACKGROUND is None:
            workers = max(1, os.cpu_count() or 1)
            _BACKGROUND = ThreadPoolExecutor(workers, thread_name_prefix="iwr-ocr-ahead")
        pool = _BACKGROUND
    return [pool.submit(_read_job, job) for job in todo]


def read_many(jobs: Sequence[Job]) -> None:
    """Make the readings of ``jobs`` side by side, so the calls that need them afterwards
    find them remembered. Up to one Tesseract per core at once (see ``_PROCESSES``); each
    job runs with the caller's context (its host budget). Errors are left for those calls
    to meet: a failed reading is simply not remembered."""
    todo = list(dict.fromkeys(jobs))
    if len(todo) < 2 or ocr.tesseract_path() is None:
        return

    workers = max(1, os.cpu_count() or 1)
    with ThreadPoolExecutor(workers, thread_name_prefix="iwr-ocr") as pool:
        for _ in pool.map(lambda j: contextvars.copy_context().run(_read_job, j), todo):
            pass
