"""Where the recording's pointer was when the reference clicked: the target's own evidence.

A task's ``video.mp4`` shows the screen while someone performs the actions, the pointer
included; its checkpoints (``step_i.png``) are screenshots without a pointer, before the
first action and after each one. For each click (and each type, which clicks its field
first) this module finds the point the pointer was on when the page reacted, in CSS px of
the viewport as checkpoint ``i`` shows it (the page before action ``i``, as the runner's
locator sees it), or nothing when it is not sure. Cursor-agnostic: published recordings
show the system's cursor (an arrow, a hand over links, an I-beam over text) and no click
mark; our recorder draws its own arrow and a red ring (``evaluator.recording.pointer``).
Neither shape is assumed.

The rule, in three steps:

1. When the page reacted. Every frame is reduced to ``BLOCK`` px block means (through
   4:2:0, like the checkpoints it is compared with) and compared with each checkpoint: the
   share of blocks differing by more than ``BLOCK_DIFF``. Checkpoint ``i + 1`` is first
   shown by the first frame (from where checkpoint ``i`` was first shown) within
   ``MATCH_FACTOR`` x the best share any frame reaches for it, plus ``MATCH_MARGIN`` (a
   pointer). A small change (checkpoints ``i`` and ``i + 1`` differ in fewer than
   ``SMALL_CHANGE`` blocks: a star filled, a count) would hide under the pointer's share:
   it is first shown by the first frame in which more of those blocks look like
   checkpoint ``i + 1`` than like ``i``. Under ``MIN_CHANGED`` blocks (a digit redrawn),
   the same is asked of the pixels whose luma changed by over ``TINY_DIFF`` (at least
   ``TINY_PIXELS`` of them), on each frame's full luma; fewer (a caret): nothing visible
   happened and the moment cannot be told: nothing.
2. The moment: the latest of the ``WALK_BACK`` frames before that one that is checkpoint
   ``i`` with one pointer on it (step 3), the pointer at rest: at least ``STAYS_SHARE``
   of its pixels the same (within a pixel) in the frame before or after it (a click
   happens with the pointer still; one gliding past, found because the frames after it
   failed for another reason, is no answer: nothing). Frames showing the reaction already
   fail step 3. The search goes back across one change of the page (a frame-to-frame
   change over ``CALM_AREA`` CSS px^2: the reaction itself), never two, and never across
   a scroll (our recorder scrolls the target into view before the pointer travels there:
   before the scroll the pointer is where it came from). A pointer found on a frame of
   which what was taken for the reaction is only the same picture scrolled (nothing else
   changed; a scroll of most of a screen too) gives nothing: that was a scroll before the
   action (the target brought into view), not its reaction. A reaction that scrolled the
   page as it changed it (a filter that made the page shorter, "next page" going to the
   top) keeps the point: the pointer at rest before it is where the click was, in a
   person's recording and in our recorder's (which draws the pointer on the target as it
   stood when clicked, ``evaluator.recording.pointer``).
3. The pointer in a frame: the frame is compared with checkpoint ``i`` as it shows it: in
   place, or scrolled (the rows' mean profiles propose shifts, the pixels decide; fixed bars
   along the top and bottom edges stay in place; failing that, the page scrolled back up
   under a bar is not compared with the checkpoint's bar, and a bar the pointer hovers on,
   changed in place only within a spot, stays whole; content the checkpoint does not show
   is not searched; columns that stayed while the rest scrolled, a sticky sidebar, are compared in
   place, and columns that scrolled less, a sticky panel that scrolled until it stuck, by
   their own scroll); the frame is not the checkpoint when more than ``SHIFT_MISMATCH`` of
   its pixels stay unexplained. A pixel has changed when its luma falls more than
   ``TOLERANCE`` outside the range of the checkpoint's 3 x 3 neighbourhood: H.264 keeps luma
   at full resolution and blurs edges within that range, while a cursor's black or white
   pixels fall far outside it (colour is left out: 4:2:0 smears it at every coloured edge).
   Changed pixels within ``JOIN`` px form a place; places under ``MIN_PIXELS`` are noise. Of
   several places, one that every earlier frame since the page last changed (at least
   ``STILL_FRAMES``) shows the same is the page's own difference (a badge, a row the
   checkpoint lacks), not the pointer, which travelled meanwhile; such a frame counts only
   if the one place left is at rest (else it stays ambiguous), and never in a type's frames
   before its reaction (letters appear). Exactly one place must remain, no larger than
   ``MAX_SIDE`` CSS px either way (a cursor: two places, or a hover effect that changes a
   whole button, are ambiguous: nothing). Its achromatic pixels (channels within
   ``ACHROMATIC``; a cursor is black and white, our click ring red) are the pointer; the
   hotspot is the mean column of its top ``TOP_ROWS`` rows, at its top row: the tip of an
   arrow (the top-left of its box), the fingertip of a hand (its top, left of centre); an
   I-beam (no wider than ``IBEAM_RATIO`` of its height) clicks at its middle: the centre of
   its box.

A type clicks its field, then the letters appear one by one: the frames before checkpoint
``i + 1`` show the text half typed, not checkpoint ``i``. For a type whose search from the
reaction finds nothing, the search is made again from the first frame that departed from
checkpoint ``i`` (the first letters), unless that departure was a scroll.

The point is given on checkpoint ``i``: rows the page scrolled between the checkpoint and
the frame are added back (``Pointing.scrolled``), and it is scaled by ``css_width`` /
frame width. Remembered per version of the video and checkpoint files (path, size,
mtime) in memory, and on disk by their contents (``POINTING_VERSION``): every page judged
for a task sends the same points, the video decoded once per machine (two passes: block
means of every frame, then full frames only near each reaction). The video is a task's
input, decoded on the host: within the bounds of ``video_budget`` (seconds, frames, frame
size); what a bound cuts off gives nothing (see ``changes``), and the cut is logged.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import av
import numpy as np
from PIL import Image
from scipy import ndimage

from evaluator.pixeldiff import channel_difference
from evaluator.tasks import hint_cache
from evaluator.tasks.changes import file_stamp
from evaluator.tasks.task import Task
from evaluator.tasks.video_budget import Budget, Cut, Meter

log = logging.getLogger(__name__)

# Frames and checkpoints are compared as BLOCK x BLOCK px block means, a block differing
# when some channel's mean differs by more than BLOCK_DIFF (codec noise stays under it).
BLOCK = 8
BLOCK_DIFF = 16.0
# A frame shows checkpoint j when its share of differing blocks is at most MATCH_FACTOR
# times the best share any frame reaches for j, plus MATCH_MARGIN (a pointer, a hover).
MATCH_FACTOR = 1.5
MATCH_MARGIN = 0.0005
# Checkpoints differing in fewer blocks than MIN_CHANGED show no visible change (a caret):
# the moment cannot be found. Under SMALL_CHANGE blocks the change is found by its own
# blocks (the whole frame's share would hide it under the pointer's).
MIN_CHANGED = 3
SMALL_CHANGE = 32
# Under MIN_CHANGED blocks, a change of at least TINY_PIXELS pixels whose luma moved by over
# TINY_DIFF (a digit of a count, "5 days" to "6 days", under a block's mean) is still seen:
# per frame, its pixels closer to checkpoint i + 1 than to i, on the frame's luma.
TINY_DIFF = 60
TINY_PIXELS = 12
# When a budget cut the video off (``video_budget``), a checkpoint counts as shown in the
# decoded part only when some frame differs from it in at most CUT_SHOWN blocks (a pointer;
# 2 to 7 blocks on the committed recordings): the best share is then the whole video's,
# up to a pointer, and the rule above finds the same frame.
CUT_SHOWN = 32
# Share of the pointer's pixels that must be the same in the frame before or after it.
STAYS_SHARE = 0.8
# How many frames before the reaction are searched for the moment (latest first).
WALK_BACK = 8
# A frame-to-frame change over this area (CSS px^2) is more than a pointer moving (or our
# recorder's click ring widening): the page changed.
CALM_AREA = 80 * 80
# Shifts the background search checks (the best by the rows' mean profiles), and how far
# (luma) a frame row's pixel may be from a checkpoint row's and still match it.
SHIFT_CANDIDATES = 5
ROW_TOLERANCE = 24
# A row of a fixed bar matches the checkpoint in place but for this share of its pixels.
ROW_FIXED = 0.01
# Rows of a fixed bar the pointer rests on (with the hover it causes) differ in place
# only within a spot: at most SPOT_ROWS rows whose differing pixels span at most
# SPOT_COLS columns, between rows that match; they still belong to the bar.
SPOT_ROWS = 64
SPOT_COLS = 64
# A frame is checkpoint i (in place or scrolled) when at most this share of pixels differ.
SHIFT_MISMATCH = 0.02
# Beside a sticky part (a sidebar that stays while the page scrolls): a column moved when
# over STICKY_MOVED of its pixels differ in place; both the moved and the staying columns
# are at least STICKY_MIN of the width.
STICKY_MOVED = 0.05
STICKY_MIN = 0.1
# A change is a scroll when a shift leaves at most this share of pixels unexplained.
SCROLLED_MISMATCH = 0.1
# A frame is the one before it only scrolled (nothing else changed) when a shift seen on at
# least ONLY_SCROLLED_ROWS of the height leaves at most ONLY_SCROLLED_SLACK of the pixels
# both show unexplained (neither the shifted one nor the same in place: a sticky header
# that came to the top), while in place at least ONLY_SCROLLED_MOVED of them differ.
ONLY_SCROLLED_ROWS = 1 / 8
# Frames after the reaction in which the pointer must stay put for a reaction that only
# scrolled the page to count as the click's (a pointer that travels on was on its way).
LOOK_AHEAD = 2
ONLY_SCROLLED_SLACK = 0.05
ONLY_SCROLLED_MOVED = 0.02
# The pointer search (step 3): luma beyond the checkpoint's 3 x 3 range, places joined
# within JOIN px, at least MIN_PIXELS changed pixels, at most MAX_SIDE CSS px either way.
TOLERANCE = 30
JOIN = 4
MIN_PIXELS = 12
MAX_SIDE = 48.0
# The hotspot: the top rows' mean column; an I-beam (width <= IBEAM_RATIO x height) at
# its centre; cursor pixels are achromatic (channels within ACHROMATIC of each other).
TOP_ROWS = 2
IBEAM_RATIO = 0.45
ACHROMATIC = 60
# Earlier frames of the same moment that must all show a changed place the same for it to
# count as the page's own difference, not the pointer (see _movers).
STILL_FRAMES = 2
# Points found are kept on disk as well (``$IWR_POINTING_CACHE``, default
# ``~/.cache/iwr/pointing``), keyed by this version, the viewport width and the files'
# contents: a new process judging the same task reads them instead of decoding the video
# again (about 1 s a task). Bump it when a rule above changes what is found.
POINTING_VERSION = "iwr-pointing-v8"


@dataclass(frozen=True)
class Pointing:
    """What was found for one action: the frame of the moment, the point (CSS px on
    checkpoint ``i``), the rows the page had scrolled by then (CSS px), or why not
    (``cut``: a bound of ``video_budget`` stopped the decoding before it)."""

    action: int
    frame: int | None = None
    x: float | None = None
    y: float | None = None
    scrolled: float = 0.0
    why: str = ""
    cut: Cut | None = None

    @property
    def found(self) -> bool:
        return self.x is not None and self.y is not None

    def as_hint(self) -> str:
        return f"{self.x:g},{self.y:g}" if self.found else ""


def _reduce(pixels: np.ndarray, small: tuple[int, int]) -> np.ndarray:
    """A picture's block means at ``small`` (width, height), made the way the video's
    frames are (through 4:2:0 and swscale's area average), so the two compare."""
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(pixels[..., :3]), format="rgb24")
    return _small(frame.reformat(format="yuv420p"), small)


def _small(frame: av.VideoFrame, small: tuple[int, int]) -> np.ndarray:
    """The frame's block means (swscale's area average), as int16 for cheap differences."""
    return frame.to_ndarray(
        format="rgb24", width=small[0], height=small[1], interpolation="AREA"
    ).astype(np.int16)


def _share(a: np.ndarray, b: np.ndarray) -> float:
    """Share of blocks differing by more than BLOCK_DIFF in some channel."""
    return float((channel_difference(a, b) > BLOCK_DIFF).mean())


def _load(path: Path, size: tuple[int, int]) -> np.ndarray | None:
    """A checkpoint as RGB pixels at the video's frame size (width, height)."""
    try:
        with Image.open(path) as img:
            rgb = img.convert("RGB")
            if rgb.size != size:
                rgb = rgb.resize(size, Image.Resampling.BILINEAR)
            return np.asarray(rgb, dtype=np.uint8)
    except (OSError, ValueError):
        return None


@dataclass(frozen=True)
class Timeline:
    """What the first pass over the video keeps: per frame, the share of blocks differing
    from each checkpoint (``shares[k][j]``) and from the frame before (``moved[k]``); per
    action i, the blocks where checkpoints i and i + 1 differ (``changed[i]``), and per
    frame whether more of those blocks show checkpoint i + 1 than i (``turned[k][i]``)."""

    shares: np.ndarray
    moved: np.ndarray
    size: tuple[int, int]
    changed: tuple[int, ...]
    turned: np.ndarray
    cut: Cut | None = None


def timeline(
    video: Path, checkpoints: Sequence[Path], meter: Meter | None = None
) -> tuple[Timeline, list[np.ndarray | None]]:
    """Decode the video once at block size, comparing each frame with every checkpoint;
    returns the timeline and the checkpoints' pixels at the frame size (None: unreadable).
    ``meter``: the budget's frames and seconds; the timeline ends where it cut the video
    off (``Timeline.cut`` says which bound did).

    Raises:
        av.FFmpegError, OSError: the video cannot be read.
    """
    meter = meter or Budget.from_env().start()
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        size = (stream.width, stream.height)
        cut = meter.size(*size)
        if cut is not None:
            empty = np.zeros((0, len(checkpoints)), dtype=np.float32)
            none = np.zeros((0, max(0, len(checkpoints) - 1)), dtype=bool)
            line = Timeline(empty, np.zeros(0, np.float32), size, (), none, cut)
            return line, [None for _ in checkpoints]
        small = (size[0] // BLOCK, size[1] // BLOCK)
        pictures = [_load(p, size) for p in checkpoints]
        reduced = [None if p is None else _reduce(p, small) for p in pictures]
        # Unreadable checkpoints compare as far from everything.
        stack = np.stack(
            [np.full((small[1], small[0], 3), -1000, np.int16) if r is None else r for r in reduced]
        )
        masks = channel_difference(stack[1:], stack[:-1]) > BLOCK_DIFF
        tiny = _tiny_changes(pictures, masks)
        rows: list[np.ndarray] = []
        turned: list[np.ndarray] = []
        moved: list[float] = []
        previous: np.ndarray | None = None
        for frame in container.decode(stream):
            cut = meter.frame()
            if cut is not None:
                break
            sig = _small(frame, small)
            close = channel_difference(stack, sig) <= BLOCK_DIFF
            rows.append(1.0 - close.mean(axis=(1, 2)))
            flips = (close[1:] & masks).sum(axis=(1, 2)) > (close[:-1] & masks).sum(axis=(1, 2))
            if tiny:
                # Luma of the changed pixels only: a whole frame's would cost more.
                pixels = frame.to_ndarray(format="rgb24")
                for i, (ys, xs, old, new) in tiny.items():
                    seen = _luma(pixels[ys, xs])
                    flips[i] = np.abs(seen - new).sum() < np.abs(seen - old).sum()
            turned.append(flips)
            moved.append(0.0 if previous is None else _share(sig, previous))
            previous = sig
    shares = np.array(rows, dtype=np.float32).reshape(len(rows), len(checkpoints))
    changed = tuple(
        MIN_CHANGED if i in tiny else 0 if a is None or b is None else int(m.sum())
        for i, (a, b, m) in enumerate(zip(reduced, reduced[1:], masks, strict=False))
    )
    flips = np.array(turned, dtype=bool).reshape(len(rows), len(checkpoints) - 1)
    line = Timeline(shares, np.array(moved, dtype=np.float32), size, changed, flips, cut)
    return line, pictures


def _tiny_changes(
    pictures: Sequence[np.ndarray | None], masks: np.ndarray
) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Per action i whose checkpoints differ in fewer than MIN_CHANGED blocks but in at
    least TINY_PIXELS pixels by over TINY_DIFF of luma: those pixels (rows, columns) and
    their luma before and after (see TINY_DIFF)."""
    out = {}
    for i, (a, b) in enumerate(zip(pictures, pictures[1:], strict=False)):
        if a is None or b is None or int(masks[i].sum()) >= MIN_CHANGED:
            continue
        old, new = _luma(a), _luma(b)
        ys, xs = np.nonzero(np.abs(new - old) > TINY_DIFF)
        if len(ys) >= TINY_PIXELS:
            out[i] = (ys, xs, old[ys, xs], new[ys, xs])
    return out


def changes(line: Timeline) -> list[tuple[int, int] | None]:
    """For each action i, the frames to search for its moment: (first frame after the
    previous action's change, first frame showing checkpoint i + 1), or None when the
    change cannot be seen (checkpoints i and i + 1 differ in fewer than ``MIN_CHANGED``
    blocks). See the module's rule, step 1."""
    out: list[tuple[int, int] | None] = []
    count = line.shares.shape[0]
    shown = CUT_SHOWN / max(1, (line.size[0] // BLOCK) * (line.size[1] // BLOCK))
    start = 0
    for j in range(1, line.shares.shape[1]):
        column = line.shares[start:, j]
        if not len(column) or line.changed[j - 1] < MIN_CHANGED:
            out.append(None)
            continue
        if line.changed[j - 1] < SMALL_CHANGE:
            # A small change (a star filled, a count): more of its blocks show the new
            # checkpoint than the old one (a pointer over some of them matches neither).
            hits = np.nonzero(line.turned[start:, j - 1])[0]
        else:
            best = float(column.min())
            if line.cut is not None and best > shown:
                # Cut off before checkpoint j was clearly shown: its best frame may be
                # past the cut, and so may every later change.
                break
            hits = np.nonzero(column <= best * MATCH_FACTOR + MATCH_MARGIN)[0]
        if not len(hits):
            out.append(None)
            continue
        first = start + int(hits[0])
        out.append((start, first) if 0 < first < count else None)
        start = max(start, first)
    if line.cut is None:
        return out
    # Cut off: the last change found may still be showing at the cut, where a cleaner
    # frame of it could come; only changes followed by another within the decoded part.
    out += [None] * (line.shares.shape[1] - 1 - len(out))
    found = [i for i, span in enumerate(out) if span is not None]
    last = found[-1] if found else 0
    return [span if i < last else None for i, span in enumerate(out)]


def _luma(pixels: np.ndarray) -> np.ndarray:
    """Luma (BT.601) as float32: H.264 keeps it at full resolution, unlike colour."""
    rgb = pixels[..., :3].astype(np.float32)
    return rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114


def _rows_mismatch(frame: np.ndarray, cp: np.ndarray, dy: int) -> np.ndarray:
    """Per frame row, the share of its pixels (every other one) unlike checkpoint row
    y + dy; 1 where that row is off the checkpoint."""
    height = frame.shape[0]
    out = np.ones(height, dtype=np.float32)
    lo, hi = max(0, -dy), min(height, height - dy)
    if hi > lo:
        diff = np.abs(frame[lo:hi, ::2] - cp[lo + dy : hi + dy, ::2]) > ROW_TOLERANCE
        out[lo:hi] = diff.mean(axis=1)
    return out


def _shift_candidates(frame: np.ndarray, cp: np.ndarray) -> list[int]:
    """The scrolls (rows) that best explain ``frame`` (luma) as ``cp`` scrolled, from the
    rows' mean profiles (cheap; checked on the pixels by the caller), best first."""
    height = frame.shape[0]
    pf, pc = frame.mean(axis=1), cp.mean(axis=1)
    # gap[y, y'] = |profile of frame row y - checkpoint row y'|; a scroll dy is the
    # diagonal y' = y + dy.
    gap = np.abs(pf[:, None] - pc[None, :])
    reach = (height * 3) // 4
    scores = [(float(np.diagonal(gap, dy).mean()), dy) for dy in range(-reach, reach + 1)]
    scores.sort()
    return [dy for _, dy in scores[:SHIFT_CANDIDATES]]


@dataclass(frozen=True)
class Background:
    """Checkpoint ``cp`` as a frame shows it: per frame row, its checkpoint row (``source``;
    -1: content the checkpoint does not show, scrolled into view), and the columns that
    stayed in place while the rest scrolled (``fixed``: a sticky sidebar; None: none)."""

    source: np.ndarray
    fixed: np.ndarray | None = None
    # Columns that scrolled by another amount (a sticky panel that scrolled until it stuck
    # to the top), with their checkpoint row per frame row (``stuck_source``).
    stuck: np.ndarray | None = None
    stuck_source: np.ndarray | None = None

    def ranges(self, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The checkpoint's 3 x 3 ranges (``low``, ``high``) where the frame shows them."""
        rows = np.clip(self.source, 0, len(self.source) - 1)
        lo, hi = low[rows], high[rows]
        if self.fixed is not None:
            lo[:, self.fixed], hi[:, self.fixed] = low[:, self.fixed], high[:, self.fixed]
        if self.stuck is not None and self.stuck_source is not None:
            other = np.clip(self.stuck_source, 0, len(self.source) - 1)
            lo[:, self.stuck] = low[other][:, self.stuck]
            hi[:, self.stuck] = high[other][:, self.stuck]
        return lo, hi

    def seen(self, width: int) -> np.ndarray:
        """Per pixel, whether the checkpoint shows what the frame has there."""
        shown = np.broadcast_to((self.source >= 0)[:, None], (len(self.source), width))
        if self.fixed is not None:
            shown = shown | self.fixed[None, :]
        if self.stuck is not None and self.stuck_source is not None:
            shown = np.where(self.stuck[None, :], (self.stuck_source >= 0)[:, None], shown)
        return shown

    @property
    def scrolls(self) -> bool:
        """Whether some row shows another row of the checkpoint (the page scrolled)."""
        return bool((self.source != np.arange(len(self.source))).any())

    def scrolled(self, x: int, y: int) -> int:
        """Rows the page had scrolled at frame pixel (x, y) since the checkpoint."""
        if self.fixed is not None and self.fixed[x]:
            return 0
        source = self.source
        if self.stuck is not None and self.stuck_source is not None and self.stuck[x]:
            source = self.stuck_source
        return int(source[y]) - y if source[y] >= 0 else 0


def background(frame: np.ndarray, cp: np.ndarray) -> Background | None:
    """Checkpoint ``cp`` as ``frame`` shows it, when it does (beside a pointer), both as
    luma: in place, or scrolled by the rows the page scrolled, fixed bars along the top
    and bottom edges and sticky columns (a sidebar) in place; None when the frame is not
    the checkpoint (another page, an animation)."""
    height = frame.shape[0]
    rows = np.arange(height)
    same = _rows_mismatch(frame, cp, 0)
    if float(same.mean()) <= SHIFT_MISMATCH:
        return Background(rows)
    fits = same <= ROW_FIXED
    found = _under_bars(frame, cp, same, fits)
    if found is None:
        # Once more with the bars' rows on the checkpoint holding none of the page (the
        # page scrolled back up under a header), and each bar whole: a pointer resting on
        # a bar's button (which hovers) must not cut it short.
        found = _under_bars(frame, cp, same, _spots_bridged(frame, cp, fits), bars=True)
    return found


def _under_bars(
    frame: np.ndarray, cp: np.ndarray, same: np.ndarray, fits: np.ndarray, bars: bool = False
) -> Background | None:
    """The checkpoint scrolled as the frame shows it, between fixed bars: the leading and
    trailing rows that match it in place (``fits``; a header, a footer, a toast along an
    edge); ``same``: each row's mismatch in place. ``bars``: the checkpoint's own rows
    there are bars, not the page (else blank rows matching in place may be either)."""
    height = frame.shape[0]
    top = int(np.argmin(fits)) if not fits.all() else height
    bottom = height - (int(np.argmin(fits[::-1])) if not fits.all() else height)
    best: tuple[float, np.ndarray] | None = None
    for dy in _shift_candidates(frame, cp):
        seen, source = _scroll_rows(height, dy, top, bottom, bars)
        known = source >= 0
        if known.mean() < 0.5:
            continue
        mismatch = np.where(seen, _rows_mismatch(frame, cp, dy), same)
        score = float(mismatch[known].mean())
        if best is None or score < best[0]:
            best = (score, source)
    if best is not None and best[0] <= SHIFT_MISMATCH:
        return Background(best[1])
    return _sticky(frame, cp, top, bottom, bars) or _stuck(frame, cp, top, bottom, bars)


def _spots_bridged(frame: np.ndarray, cp: np.ndarray, fits: np.ndarray) -> np.ndarray:
    """``fits`` (per row, whether it matches the checkpoint in place) with each run of
    unlike rows that only a pointer-sized spot explains (SPOT_ROWS, SPOT_COLS), between
    matching rows, counted as matching: a pointer resting on a header's button, which
    hovers, must not cut the header short (the page scrolled beneath it would then be
    compared with the header's own rows)."""
    out = fits.copy()
    height = len(fits)
    y = 0
    while y < height:
        if fits[y]:
            y += 1
            continue
        end = y
        while end < height and not fits[end]:
            end += 1
        if y > 0 and end < height and end - y <= SPOT_ROWS:
            cols = np.flatnonzero((np.abs(frame[y:end] - cp[y:end]) > ROW_TOLERANCE).any(axis=0))
            if cols.size and cols[-1] - cols[0] < SPOT_COLS:
                out[y:end] = True
        y = end
    return out


def _scroll_rows(
    height: int, dy: int, top: int, bottom: int, bars: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """For the page scrolled ``dy`` rows between fixed bars (rows above ``top`` and from
    ``bottom`` on stay in place): per frame row, whether the checkpoint shows it scrolled,
    and its checkpoint row (-1: scrolled into view, not on the checkpoint; also under the
    checkpoint's bars when ``bars``)."""
    rows = np.arange(height)
    seen = (rows + dy >= 0) & (rows + dy < height) & (rows >= top) & (rows < bottom)
    if bars:
        seen &= (rows + dy >= top) & (rows + dy < bottom)
    source = np.where(seen, rows + dy, -1)
    source[:top] = rows[:top]
    source[bottom:] = rows[bottom:]
    return seen, source


def _unlike(frame: np.ndarray, cp: np.ndarray, source: np.ndarray) -> np.ndarray:
    """Per frame pixel, whether it differs by more than ROW_TOLERANCE from checkpoint row
    ``source`` (per frame row); False on rows the checkpoint does not show (-1)."""
    shifted = cp[np.clip(source, 0, len(source) - 1)]
    return (np.abs(frame - shifted) > ROW_TOLERANCE) & (source >= 0)[:, None]


def _sticky(
    frame: np.ndarray, cp: np.ndarray, top: int, bottom: int, bars: bool = False
) -> Background | None:
    """The checkpoint with the page scrolled beside columns that stayed in place (a sticky
    sidebar or file tree): the scroll is found on the columns that changed in place, and
    each column is compared in place or scrolled, whichever explains it; None when no
    scroll explains the frame but for SHIFT_MISMATCH of its pixels."""
    height, width = frame.shape
    band = slice(top, bottom)
    if bottom - top < height // 2:
        return None
    in_place = np.abs(frame[band] - cp[band]) > ROW_TOLERANCE
    moving = in_place.mean(axis=0) > STICKY_MOVED
    share = float(moving.mean())
    if not STICKY_MIN <= share <= 1 - STICKY_MIN:
        return None
    stays = np.abs(frame - cp) > ROW_TOLERANCE
    # The scroll from the band's moving columns alone (the fixed rows and the sticky
    # columns, the same in place, would pull the rows' profiles towards no scroll).
    for dy in _shift_candidates(frame[band][:, moving], cp[band][:, moving]):
        if dy == 0:
            continue
        seen, source = _scroll_rows(height, dy, top, bottom, bars)
        if (source >= 0).mean() < 0.5:
            continue
        moved = _unlike(frame, cp, source)
        # Each column in place or scrolled, whichever leaves fewer of its pixels unlike
        # (on the rows the checkpoint shows both ways).
        fixed = stays[seen].mean(axis=0) < moved[seen].mean(axis=0)
        unlike = np.where(fixed[None, :], stays, moved)
        if float(unlike[:, ::2].mean()) <= SHIFT_MISMATCH:
            return Background(source, fixed)
    return None


def _stuck(
    frame: np.ndarray, cp: np.ndarray, top: int, bottom: int, bars: bool = False
) -> Background | None:
    """The checkpoint with the page scrolled and a sticky panel that scrolled less, until
    it stuck (an order summary beside a basket): the page's scroll from the band between
    fixed bars; the columns it leaves unexplained (STICKY_MIN / 2 to half of the width) get
    a second scroll of their own; each column is then in place, scrolled, or scrolled by
    the second amount, whichever explains it; None when that leaves over SHIFT_MISMATCH of
    the pixels unexplained."""
    height = frame.shape[0]
    if bottom - top < height // 2:
        return None
    stays = np.abs(frame - cp) > ROW_TOLERANCE
    for dy in _shift_candidates(frame[top:bottom], cp[top:bottom]):
        if dy == 0:
            continue
        seen, source = _scroll_rows(height, dy, top, bottom, bars)
        if (source >= 0).mean() < 0.5:
            continue
        moved = _unlike(frame, cp, source)
        left = moved[seen].mean(axis=0) > STICKY_MOVED
        if not STICKY_MIN / 2 <= float(left.mean()) <= 0.5:
            continue
        for dy2 in _shift_candidates(frame[:, left], cp[:, left]):
            # The panel's own scroll, with no fixed bars of its own.
            inside, other = _scroll_rows(height, dy2, 0, height)
            if dy2 in (0, dy) or inside.mean() < 0.5:
                continue
            moved2 = _unlike(frame, cp, other)
            # Per column: in place, scrolled, or scrolled the second amount, by the share
            # of unlike pixels on the rows each shows.
            costs = np.stack(
                [stays.mean(axis=0), moved[source >= 0].mean(axis=0), moved2[inside].mean(axis=0)]
            )
            pick = np.argmin(costs, axis=0)
            unlike = np.choose(pick[None, :], [stays, moved, moved2])
            if float(unlike[:, ::2].mean()) <= SHIFT_MISMATCH:
                fixed = pick == 0
                return Background(source, fixed if fixed.any() else None, pick == 2, other)
    return None


@dataclass(frozen=True)
class Hotspot:
    """The pointer found in a frame: its hotspot (frame px), the rows the page had scrolled
    there since the checkpoint, the pointer's own pixels (rows, columns), and how many
    changed places the frame had (more than one: the pointer told apart, see _movers)."""

    x: float
    y: float
    scrolled: int
    rows: np.ndarray
    cols: np.ndarray
    among: int = 1


@dataclass(frozen=True)
class Reference:
    """A checkpoint as the pointer search reads it: luma, and its 3 x 3 minimum and
    maximum (the range H.264 may blur an edge's pixel into)."""

    luma: np.ndarray
    low: np.ndarray
    high: np.ndarray

    @classmethod
    def of(cls, pixels: np.ndarray) -> Reference:
        luma = _luma(pixels)
        low = ndimage.minimum_filter(luma, size=3)
        return cls(luma, low, ndimage.maximum_filter(luma, size=3))


def _places(changed: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Changed pixels within JOIN px of each other as labelled places, and the labels of
    those with at least MIN_PIXELS changed pixels (smaller ones are noise)."""
    joined = ndimage.maximum_filter(changed.view(np.uint8), size=2 * JOIN + 1).astype(bool)
    groups, count = ndimage.label(joined)
    sizes = np.bincount(groups[changed], minlength=count + 1)
    return groups, [i for i in range(1, count + 1) if sizes[i] >= MIN_PIXELS]


def _outside(seen: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Pixels whose luma falls more than TOLERANCE outside [low, high]."""
    return (seen < low - TOLERANCE) | (seen > high + TOLERANCE)


def _several(places: int) -> str:
    """Why a frame with ``places`` changed places gives no point."""
    return f"{places} changed places in the frame"


def _movers(
    changed: np.ndarray,
    groups: np.ndarray,
    keep: list[int],
    seen: np.ndarray,
    older: Sequence[np.ndarray],
) -> list[int]:
    """Of several changed places (``keep``), those that are not the page's own: a place
    every one of ``older`` (at least STILL_FRAMES earlier frames of the moment) shows the
    same is a difference the page kept the whole time (a hover left on, a badge, a caret
    row the checkpoint lacks), while the pointer travelled there. With fewer frames, all of
    them (none told apart)."""
    if len(older) < STILL_FRAMES:
        return keep
    moving = []
    for label in keep:
        rows, cols = np.nonzero(changed & (groups == label))
        if not all(_still(rows, cols, seen, other) for other in older):
            moving.append(label)
    return moving


def locate(
    frame: np.ndarray,
    cp: Reference,
    scale: float,
    luma: np.ndarray | None = None,
    older: Sequence[np.ndarray] = (),
) -> Hotspot | str:
    """The pointer in ``frame`` (RGB; ``luma`` its luma when known) over checkpoint ``cp``
    (the frame's size), or why there is none. ``scale``: CSS px per frame px. ``older``:
    the luma of earlier frames of the same moment; with at least ``STILL_FRAMES`` of them,
    a changed place that every one of them shows the same is the page's, not the pointer's
    (see :func:`_movers`)."""
    seen = _luma(frame) if luma is None else luma
    found = background(seen, cp.luma)
    if found is None:
        return NOT_CHECKPOINT
    low, high = found.ranges(cp.low, cp.high)
    changed = _outside(seen, low, high) & found.seen(seen.shape[1])
    if not changed.any():
        return "no pointer in the frame"
    groups, keep = _places(changed)
    if not keep:
        return "no pointer in the frame"
    among = len(keep)
    if among > 1:
        keep = _movers(changed, groups, keep, seen, older)
        if len(keep) != 1:
            return _several(among)
    ys, xs = np.nonzero(changed & (groups == keep[0]))
    width, tall = (xs.max() - xs.min() + 1) * scale, (ys.max() - ys.min() + 1) * scale
    if max(width, tall) > MAX_SIDE:
        return f"the change is larger than a pointer ({width:.0f} x {tall:.0f} CSS px)"
    spread = frame[ys, xs].max(axis=1).astype(np.int16) - frame[ys, xs].min(axis=1)
    plain = spread <= ACHROMATIC
    if plain.sum() >= MIN_PIXELS // 2:
        ys, xs = ys[plain], xs[plain]
    width, tall = xs.max() - xs.min() + 1, ys.max() - ys.min() + 1
    if width <= IBEAM_RATIO * tall:
        x, y = (xs.min() + xs.max()) / 2, (ys.min() + ys.max()) / 2
    else:
        top = ys <= ys.min() + TOP_ROWS - 1
        x, y = float(xs[top].mean()), float(ys.min())
    scrolled = found.scrolled(int(round(x)), int(round(y)))
    return Hotspot(float(x), float(y), scrolled, ys, xs, among)


def find_pointings(
    video: Path,
    checkpoints: Sequence[Path],
    css_width: int,
    budget: Budget | None = None,
    typed: Collection[int] = (),
) -> list[Pointing]:
    """For each action (``len(checkpoints) - 1`` of them), where the pointer was when the
    page reacted to it, in CSS px of checkpoint i; not found (with why) when unsure.

    ``typed``: the actions that type. Their field is clicked, then typed into letter by
    letter: the frames before checkpoint i + 1 show the text half typed, not checkpoint i.
    When the search from the reaction finds nothing, it is made again from where the page
    first departed from checkpoint i (:func:`departure`), unless that was a scroll.

    Decodes within ``budget`` (default: ``Budget.from_env()``, see ``video_budget``): when
    a bound cuts the video off, the actions whose moment is not safely inside the decoded
    part get nothing (``Pointing.cut``), and the reason is logged."""
    actions = len(checkpoints) - 1
    meter = (budget or Budget.from_env()).start()
    try:
        line, pictures = timeline(video, checkpoints, meter)
    except (av.FFmpegError, OSError, IndexError) as exc:
        return [Pointing(i, why=f"video unreadable: {exc}") for i in range(actions)]
    if line.cut is Cut.SIZE:
        return _cut_off(video, meter, line.cut, {}, actions)
    if not line.shares.shape[0] or not line.size[0]:
        return [Pointing(i, why="video has no frames") for i in range(actions)]
    spans = changes(line)
    scale = css_width / line.size[0] if css_width else 1.0
    out = {
        i: Pointing(i, why="the moment of the action is not seen in the video")
        for i, span in enumerate(spans)
        if pictures[i] is None or (span is None and line.cut is None)
    }
    # The second pass: the frames before each change, a few kept at a time.
    # Action i is searched once LOOK_AHEAD frames past its reaction are in (or the last).
    due: dict[int, list[tuple[int, int]]] = {}
    last = line.shares.shape[0] - 1
    wanted: set[int] = set()
    # The moments searched: the reaction for every action, and for a type also where the
    # page first departed from its checkpoint (letters appearing), when that came earlier.
    for i, span in enumerate(spans):
        if span is None or i in out:
            continue
        starts = [span[1]]
        early = departure(line, i, span) if i in typed else None
        if early is not None:
            starts.append(early)
        for start in starts:
            due.setdefault(min(start + LOOK_AHEAD, last), []).append((i, start))
            wanted.update(range(start - WALK_BACK, min(start + LOOK_AHEAD, last) + 1))
    second: dict[int, Pointing] = {}
    # CALM_AREA as a share of the frame's blocks (1 CSS px^2 is 1 / scale^2 frame px^2).
    blocks = (line.size[0] // BLOCK) * (line.size[1] // BLOCK)
    calm = CALM_AREA / (scale * scale * BLOCK * BLOCK) / max(1, blocks)
    recent: deque[Shown] = deque(maxlen=WALK_BACK + 1 + LOOK_AHEAD)
    cut = line.cut
    try:
        with av.open(str(video)) as container:
            for n, frame in enumerate(container.decode(container.streams.video[0])):
                if meter.over_time():
                    cut = Cut.SECONDS
                    break
                if n in wanted:
                    pixels = frame.to_ndarray(format="rgb24")
                    recent.append(Shown(n, pixels, _luma(pixels)))
                for i, start in due.pop(n, []):
                    span = spans[i]
                    picture = pictures[i]
                    assert span is not None and picture is not None
                    shown = [f for f in recent if span[0] <= f.index <= start]
                    ahead = [f for f in recent if start < f.index <= n]
                    reference = Reference.of(picture)
                    if start == span[1]:
                        # A type's frames before its reaction show letters appearing,
                        # which move as a pointer does: no place is told apart there.
                        out[i] = _at_moment(
                            i, shown, line, calm, reference, scale, ahead, i not in typed
                        )
                    elif not _departed_by_scroll(shown, start):
                        second[i] = _at_moment(i, shown, line, calm, reference, scale, ahead)
                if not due:
                    break
    except (av.FFmpegError, OSError) as exc:
        return [Pointing(i, why=f"video unreadable: {exc}") for i in range(actions)]
    for i, found in second.items():
        if i in out and not out[i].found and found.found:
            out[i] = found
    if cut is not None:
        return _cut_off(video, meter, cut, out, actions)
    return [out.get(i, Pointing(i, why="the video ended first")) for i in range(actions)]


def departure(line: Timeline, action: int, span: tuple[int, int]) -> int | None:
    """The first frame after the last one (from ``span[0]``) that shows checkpoint
    ``action`` in place (within MATCH_FACTOR x the best share a frame of the span reaches
    for it, plus MATCH_MARGIN), when it comes before ``span[1]`` (the first frame showing
    checkpoint ``action + 1``); None otherwise."""
    start, first = span
    column = line.shares[start:first, action]
    if not len(column):
        return None
    shown = np.nonzero(column <= float(column.min()) * MATCH_FACTOR + MATCH_MARGIN)[0]
    if not len(shown):
        return None
    early = start + int(shown[-1]) + 1
    return early if early < first else None


def _departed_by_scroll(frames: Sequence[Shown], start: int) -> bool:
    """Whether frame ``start`` is the one before it scrolled (a target brought into view:
    the pointer before it is where it came from), or the frames are missing."""
    before = [f for f in frames if f.index == start - 1]
    after = [f for f in frames if f.index == start]
    if not before or not after:
        return True
    if _scrolled(before[0].luma, after[0].luma) or _only_scrolled(after[0].luma, before[0].luma):
        return True
    # Scrolled beside a sticky sidebar: the frame before, shifted, beside columns in place.
    shown = background(after[0].luma, before[0].luma)
    return shown is not None and shown.scrolls


def _cut_off(
    video: Path, meter: Meter, cut: Cut, done: dict[int, Pointing], actions: int
) -> list[Pointing]:
    """The points when ``cut`` stopped the decoding: those found (``done``) before it, and
    nothing (``Pointing.cut``) for the rest, logged with the reason: never a guess."""
    reason = meter.reason(cut)
    rest = [i for i in range(actions) if i not in done]
    log.warning(
        "%s: the pointer search stopped after %d frames (%.1f s): %s; %d of %d actions get "
        "no point from the recording",
        video,
        meter.frames,
        meter.elapsed(),
        reason,
        len(rest),
        actions,
    )
    why = f"the video was cut off: {reason}"
    return [done.get(i, Pointing(i, why=why, cut=cut)) for i in range(actions)]


NO_FRAME = "no frame before the change"
ONLY_SCROLLED = "the page only scrolled after it (a scroll before the action, not its reaction)"
NOT_CHECKPOINT = "the frame is not the checkpoint (animating, or another page)"


@dataclass(frozen=True)
class Shown:
    """A decoded frame kept for the pointer search: its number, RGB pixels and luma."""

    index: int
    pixels: np.ndarray
    luma: np.ndarray


def _scrolled(before: np.ndarray, after: np.ndarray) -> bool:
    """Whether ``after`` is ``before`` (luma) with the page scrolled: some shift explains
    it far better than none (fixed bars and toasts aside)."""
    same = float(_rows_mismatch(after, before, 0).mean())
    height = after.shape[0]
    for dy in _shift_candidates(after, before):
        if dy == 0:
            continue
        lo, hi = max(0, -dy), min(height, height - dy)
        if hi - lo < height // 2:
            continue
        moved = float(_rows_mismatch(after, before, dy)[lo:hi].mean())
        if moved <= SCROLLED_MISMATCH and moved < same / 2:
            return True
    return False


def _only_scrolled(after: np.ndarray, before: np.ndarray) -> bool:
    """Whether ``after`` is ``before`` (luma) with the page scrolled and nothing else
    changed: for some shift seen on at least ONLY_SCROLLED_ROWS of the height (a scroll
    of most of a screen too), every pixel but ONLY_SCROLLED_SLACK of them is the one the
    shift brings there or the same in place (a fixed bar, a sidebar, the pointer), while
    in place alone at least ONLY_SCROLLED_MOVED of them differ (something did move)."""
    height = after.shape[0]
    for dy in _shift_candidates(after, before):
        lo, hi = max(0, -dy), min(height, height - dy)
        if dy == 0 or hi - lo < height * ONLY_SCROLLED_ROWS:
            continue
        in_place = np.abs(after[lo:hi, ::2] - before[lo:hi, ::2]) > ROW_TOLERANCE
        shifted = np.abs(after[lo:hi, ::2] - before[lo + dy : hi + dy, ::2]) > ROW_TOLERANCE
        moved = float(in_place.mean())
        if moved >= ONLY_SCROLLED_MOVED and float((in_place & shifted).mean()) <= min(
            ONLY_SCROLLED_SLACK, moved / 4
        ):
            return True
    return False


def _stays(found: Hotspot, luma: np.ndarray, other: np.ndarray) -> bool:
    """Whether the pointer found in a frame (``luma``) is there in another frame too
    (``other``, the one before or after: it was at rest): its pixels within TOLERANCE of
    the other frame's 3 x 3 range there (a pixel of jitter allowed), at least STAYS_SHARE
    of them."""
    return _still(found.rows, found.cols, luma, other)


def _still(rows: np.ndarray, cols: np.ndarray, luma: np.ndarray, other: np.ndarray) -> bool:
    """Whether the pixels (``rows``, ``cols``) of a frame (``luma``) look the same in
    ``other``: within TOLERANCE of its 3 x 3 range there, at least STAYS_SHARE of them."""
    r0, r1 = max(0, int(rows.min()) - 1), int(rows.max()) + 2
    c0, c1 = max(0, int(cols.min()) - 1), int(cols.max()) + 2
    part = other[r0:r1, c0:c1]
    low = ndimage.minimum_filter(part, size=3)[rows - r0, cols - c0]
    high = ndimage.maximum_filter(part, size=3)[rows - r0, cols - c0]
    seen = luma[rows, cols]
    still = (seen >= low - TOLERANCE) & (seen <= high + TOLERANCE)
    return float(still.mean()) >= STAYS_SHARE


def _calm_since(moved: np.ndarray, n: int, calm: float) -> int:
    """The first frame of the calm stretch that frame ``n`` ends: after the last
    frame-to-frame change over ``calm`` at or before ``n``."""
    k = n
    while k > 0 and not moved[k] > calm:
        k -= 1
    return k


def _at_moment(
    action: int,
    frames: list[Shown],
    line: Timeline,
    calm: float,
    reference: Reference,
    scale: float,
    ahead: Sequence[Shown] = (),
    tell_apart: bool = True,
) -> Pointing:
    """The pointer in the latest of ``frames`` (oldest first; the last one is the first
    frame showing checkpoint ``action + 1``, searched only as the frame after the one
    before it) that is checkpoint ``action`` with one pointer on it, the pointer at rest
    (see the module's rule); a frame-to-frame change (``line.moved``) over ``calm`` is a
    change of the page. ``ahead``: the frames after that first one (up to LOOK_AHEAD).
    ``tell_apart``: where several places changed, the one that moved while the rest stayed
    (since the page last changed) is the pointer (:func:`_movers`)."""
    moved = line.moved
    why = NO_FRAME
    crossed = 0
    after: Shown | None = frames[-1] if frames else None  # the frame after this one
    for shown in reversed(frames[:-1]):
        n = shown.index
        if n + 1 < len(moved) and moved[n + 1] > calm:
            # The page changed after this frame: the action's own reaction, or else an
            # earlier event; and never back across a scroll (the pointer travels to the
            # target after the page scrolled it into view, from where it was before).
            crossed += 1
            # (The first frame showing the reaction may show the page scrolled by it.)
            scrolled = (
                after is not None and after is not frames[-1] and _scrolled(shown.luma, after.luma)
            )
            if crossed > 1 or scrolled:
                why = "the page scrolled before the action" if why == NO_FRAME else why
                break
        # The earlier frames since the page last changed (the same picture, the pointer
        # moving over it) tell the page's own differences from the pointer.
        since = _calm_since(moved, n, calm)
        older = [f.luma for f in frames if since <= f.index < n] if tell_apart else []
        found = locate(shown.pixels, reference, scale, shown.luma, older)
        if isinstance(found, str):
            why = found if why == NO_FRAME else why
            after = shown
            continue
        near = [f.luma for f in frames if f.index in (n - 1, n + 1)]
        at_rest = any(_stays(found, shown.luma, other) for other in near)
        # A pointer told apart from other changes (found.among > 1) that fails a check
        # below leaves the frame as it was without telling apart: several places, search on.
        if not at_rest and found.among > 1:
            why = _several(found.among) if why == NO_FRAME else why
            after = shown
            continue
        if not at_rest:
            # A click happens with the pointer at rest: one moving here, unlike in the
            # frames before and after, is on its way (the frames after it failed for
            # another reason, a hover for one): nothing.
            return Pointing(action, frame=n, why="the pointer was still moving")
        only_scrolled = _only_scrolled(frames[-1].luma, shown.luma) and not (
            ahead and all(_stays(found, shown.luma, f.luma) for f in ahead)
        )
        if only_scrolled and found.among > 1:
            why = _several(found.among) if why == NO_FRAME else why
            after = shown
            continue
        if only_scrolled:
            # What was taken for the reaction is this very picture scrolled, nothing else
            # seen changing, and the pointer leaves its spot right after: a scroll before
            # the action (our recorder brings the target into view, then the pointer
            # travels there), not its reaction; the pointer here is where it came from:
            # nothing. A reaction that scrolled the page keeps its point when the pointer
            # stays (a click's pointer rests; "next page" going to the top, a filter that
            # made the page shorter): the pointer at rest before it is where the click was.
            return Pointing(action, frame=n, why=ONLY_SCROLLED)
        return Pointing(
            action,
            frame=n,
            x=round(found.x * scale, 1),
            y=round((found.y + found.scrolled) * scale, 1),
            scrolled=round(found.scrolled * scale, 1),
        )
    return Pointing(action, frame=frames[-1].index if frames else None, why=why)


def _task_inputs(task: Task) -> tuple[list[Path], frozenset[int]]:
    """A task's checkpoints (0 to its last action) and the actions that type."""
    checkpoints = [task.checkpoint(i) for i in range(len(task.actions) + 1)]
    return checkpoints, frozenset(i for i, a in enumerate(task.actions) if a.type == "type")


def task_pointings(task: Task, budget: Budget | None = None) -> list[Pointing]:
    """:func:`find_pointings` for ``task``: its video, checkpoints and width, and which of
    its actions type (uncached: the benchmark and the tests measure the search itself)."""
    checkpoints, typed = _task_inputs(task)
    return find_pointings(task.video, checkpoints, task.width, budget, typed)


def task_pointed_hint(task: Task, action: int) -> str:
    """:func:`pointed_hint` for ``task``'s action ``action`` (0-based), as
    :func:`task_pointings` reads the task."""
    checkpoints, typed = _task_inputs(task)
    return pointed_hint(task.video, checkpoints, task.width, action, typed)


def pointed_hint(
    video: Path,
    checkpoints: Sequence[Path],
    css_width: int,
    action: int,
    typed: frozenset[int] = frozenset(),
) -> str:
    """The ``target.pointed`` hint for action ``action``: "x,y" (CSS px of the viewport as
    checkpoint ``action`` shows it), "" when the pointer was not found for sure.
    ``typed``: the actions that type (:func:`find_pointings`).

    Remembered per version of the video and checkpoint files (path, size, mtime), and on
    disk by their contents: the video is decoded once per task on a machine, not once per
    page judged nor once per process."""
    stamps = tuple(file_stamp(p) for p in (video, *checkpoints))
    found = _hints(str(video), tuple(str(p) for p in checkpoints), css_width, stamps, typed)
    return found[action] if 0 <= action < len(found) else ""


@lru_cache(maxsize=64)
def _hints(
    video: str,
    checkpoints: tuple[str, ...],
    css_width: int,
    stamps: tuple[tuple[int, int] | None, ...],
    typed: frozenset[int] = frozenset(),
) -> tuple[str, ...]:
    """:func:`pointed_hint` for every action of one version of the files (``stamps``),
    from the disk cache when a process found them before."""
    if stamps[0] is None:
        return tuple("" for _ in checkpoints[1:])
    paths = [Path(video), *(Path(p) for p in checkpoints)]
    budget = Budget.from_env()
    header = f"{POINTING_VERSION}|{css_width}|{budget.frames}|{sorted(typed)}"
    cached = hint_cache.cache_dir("IWR_POINTING_CACHE", "pointing") / (
        f"{hint_cache.content_key(header, paths)}.json"
    )
    hints = hint_cache.read(cached)
    if isinstance(hints, list) and all(isinstance(h, str) for h in hints):
        return tuple(hints)
    found = find_pointings(paths[0], paths[1:], css_width, budget, typed)
    hints = [p.as_hint() for p in found]
    if any(p.cut is Cut.SECONDS for p in found):
        # The time budget depends on the machine's load: the next process tries again.
        return tuple(hints)
    hint_cache.write(cached, hints)
    return tuple(hints)
