"""A screen recording from the recorder's screenshots: a visible pointer that travels to
each action's target and shows the click, typing as the runner captured it, and smooth
scrolling where it can be rebuilt faithfully.

The runner (record mode) leaves timed screenshots tagged with the step they belong to
(``result.json`` ``frames``, each with its scroll position) and, per step, the target's box
and click point in viewport pixels after it was brought into view with the window's scroll
at that moment (``target.scroll``), and the window's scroll position afterwards. From these
alone this module plans the video frame by frame (:func:`plan`, pure and deterministic) and
draws each planned frame (:func:`render`):

- each step's own screenshots keep their real timing (a typed text appears as the
  runner captured it, a few characters a frame);
- before an action on a target, the pointer glides (eased, a few hundred ms) from where
  it was to the point the runner acted on, over the last screenshot before the action, at
  the place the target has on that screenshot: the point moved by the scroll at the action
  (``target.scroll``) less the scroll the screenshot shows. The runner takes that
  screenshot after bringing the target into view, so the two are the same and the pointer
  lands on the target as it stood when clicked, whatever the click's own reaction did to
  the scroll afterwards (a page that got shorter, "next page" scrolling to the top). When
  the target is not on that screenshot (an older result without that screenshot, whose
  picture is the page before it scrolled the target into view), there is no glide and no
  ring for that action: the pointer stays where it was rather than go somewhere the target
  was not;
- a click shows a ring at the click point that widens and fades over the next frames (the
  pointer stays at that point of the screen while the page reacts, as a person's does);
- a scroll that moved the window by less than a screen is rebuilt as a short eased
  scroll by shifting the picture between the screenshots before and after, fixed parts
  (header, toast, sidebar) staying put, when the two screenshots prove it (what both
  show matches once shifted); otherwise (an inner container scrolled, content changed
  as well) the video cuts, because intermediate frames would show something that was
  never on screen.

The pointer is drawn in code (a white arrow with a black outline); no image files.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage

from sandbox.runner.record import Step

# Where the pointer rests before the first action (fractions of the viewport).
START = (0.62, 0.62)
# Pointer travel: a base time plus a time per pixel, bounded (seconds).
MOVE_BASE_S = 0.25
MOVE_PER_PX_S = 0.0004
MOVE_MAX_S = 0.7
# Less travel than this (pixels) is not animated.
MOVE_MIN_PX = 3.0
# How long the click ring widens and fades, from the press frame on (seconds).
RIPPLE_S = 0.4
RIPPLE_RADII = (9.0, 30.0)
RIPPLE_COLOUR = (230, 40, 40)
# A rebuilt scroll lasts this long (seconds).
SCROLL_S = 0.4
# Pixels whose channels differ by more than this count as different, and the share of
# differing pixels up to which two overlapping screenshots count as the same picture.
PIXEL_TOLERANCE = 24
SCROLL_MISMATCH = 0.01
# Rows both screenshots must show for a scroll to be rebuilt (checked to match).
MIN_OVERLAP = 16
# Pixels of a fixed part this close together count as one part (a toast's text and box).
GROUP_PX = 4
# Least share of a group's box that must be the same in place in both screenshots.
FIXED_SOLID = 0.98
# Most share of any one row left unexplained (a bar that changed as the page scrolled).
ROW_MISMATCH = 0.05
# The arrow, tip at (0, 0), in pixels before SCALE; drawn supersampled for smooth edges.
ARROW = ((0, 0), (0, 17), (4.2, 13.2), (7, 19.6), (9.8, 18.4), (7.1, 12.2), (12.4, 12.2))
SCALE = 1.3
_SUPER = 4


@dataclass(frozen=True)
class Scrolled:
    """A picture partway through a window scroll of ``delta`` rows, ``offset`` rows done;
    what stays put (fixed bars, toasts, sidebars) is found again when it is drawn."""

    before: Path
    after: Path
    delta: int
    offset: int


@dataclass(frozen=True)
class Shot:
    """One frame of the video: a picture, the pointer on it and, after a click, the ring."""

    image: Path | Scrolled
    pointer: tuple[float, float]
    step: int
    phase: str  # "hold" (a step's own screenshots), "move", "press", "scroll"
    ripple: tuple[float, float, float] | None = None  # x, y, progress 0..1


def _ease(u: float) -> float:
    """Ease in and out (cubic): slow start, fast middle, slow landing."""
    u = min(1.0, max(0.0, u))
    return 4 * u**3 if u < 0.5 else 1 - (-2 * u + 2) ** 3 / 2


def _centre(target: dict[str, Any] | None) -> tuple[float, float] | None:
    """Where the runner acted on a target: its click point, else the centre of its box."""
    if not target:
        return None
    point = target.get("point")
    if point and len(point) == 2:
        return float(point[0]), float(point[1])
    box = target.get("box")
    if box and len(box) == 4:
        return box[0] + box[2] / 2, box[1] + box[3] / 2
    return None


def _clicks(step: Step) -> bool:
    """Whether the action clicked its target (clicks, and typing into a field not focused)."""
    target = step.target or {}
    if step.type == "click":
        return True
    return step.type == "type" and target.get("found_by") not in (None, "focused")


def _load(path: Path) -> np.ndarray:
    with Image.open(path) as img:
        return np.asarray(img.convert("RGB"))


def _band(same: np.ndarray, marked: np.ndarray) -> int:
    """Length of the leading run of lines identical in both pictures, cut back to its last
    line holding a pixel that cannot be scrolled content (``marked``): a fixed bar."""
    run = int(np.argmin(same)) if not same.all() else len(same)
    hits = np.nonzero(marked[:run])[0]
    return int(hits[-1]) + 1 if len(hits) else 0


def fixed_parts(before: np.ndarray, after: np.ndarray, delta: int) -> np.ndarray | None:
    """What stays put, if ``after`` is ``before`` with the window scrolled by ``delta`` rows;
    None when it is not (then no picture in between can be rebuilt faithfully).

    Returns a mask of fixed pixels. A pixel identical at the same place in both pictures
    and unlike what the scroll brings there belongs to something fixed; the fixed things
    are taken whole: bars along an edge (a header, a footer, a sidebar: the lines
    identical in both pictures out to the last such pixel) and the box around any other
    group of such pixels (a toast), so a fixed part's plain background does not let
    content show through it. Every other pixel both pictures show must be the scrolled
    one (within tolerance) or hidden under a fixed part, all but a few in each row; at
    least MIN_OVERLAP rows must be seen in both.
    """
    height, width = before.shape[:2]
    if before.shape != after.shape or delta == 0 or abs(delta) > height - MIN_OVERLAP:
        return None
    same = np.all(before == after, axis=2)
    if same.all():
        return None  # nothing moved
    ys = np.arange(max(0, -delta), min(height, height - delta))  # rows of ``after`` seen before
    diff = np.abs(after[ys].astype(np.int16) - before[ys + delta].astype(np.int16))
    matches = np.all(diff <= PIXEL_TOLERANCE, axis=2)
    scrolled = np.ones(same.shape, dtype=bool)  # in ``after``: the content scrolled there
    scrolled[ys] = matches
    # A fixed pixel: the same in place while the content moved under it, shown by the
    # scrolled counterpart (in either picture) differing and not being fixed itself.
    certain = np.zeros(same.shape, dtype=bool)
    certain[ys] = same[ys] & ~matches & ~same[ys + delta]
    certain[ys + delta] |= same[ys + delta] & ~matches & ~same[ys]
    fixed = np.zeros(same.shape, dtype=bool)
    rows_same, rows_marked = np.all(same, axis=1), np.any(certain, axis=1)
    top = _band(rows_same, rows_marked)
    bottom = _band(rows_same[::-1], rows_marked[::-1])
    # Side bars are judged between the top and bottom ones.
    rows = slice(top, max(top, height - bottom))
    cols_same, cols_marked = np.all(same[rows], axis=0), np.any(certain[rows], axis=0)
    left = _band(cols_same, cols_marked)
    right = _band(cols_same[::-1], cols_marked[::-1])
    fixed[:top] = fixed[height - bottom :] = True
    fixed[:, :left] = fixed[:, width - right :] = True
    rest = certain & ~fixed
    if rest.any():
        groups, _ = ndimage.label(ndimage.binary_dilation(rest, iterations=GROUP_PX))
        for box in ndimage.find_objects(groups):
            # A fixed thing is the same in place all over; scrolled content only by chance.
            if same[box].mean() >= FIXED_SOLID:
                fixed[box] = True
    hidden = np.zeros(same.shape, dtype=bool)
    hidden[ys] = fixed[ys + delta]  # under a fixed part of ``before``
    unexplained = ~(scrolled | fixed | hidden)[ys]
    if float(unexplained.mean()) > SCROLL_MISMATCH:
        return None
    return fixed if float(unexplained.mean(axis=1).max()) <= ROW_MISMATCH else None


def scrolled_picture(
    before: np.ndarray, after: np.ndarray, fixed: np.ndarray, s: Scrolled
) -> np.ndarray:
    """The picture ``s.offset`` rows into the scroll: the fixed parts where they are; under
    them, each row as ``before`` showed it while it was on screen there, else as ``after``."""
    height, width = fixed.shape
    rows = np.arange(height)[:, None] + s.offset  # the row of ``before`` each row shows
    cols = np.broadcast_to(np.arange(width)[None, :], fixed.shape)
    rows = np.broadcast_to(rows, fixed.shape)
    in_before = (rows >= 0) & (rows < height)
    from_before = in_before & ~fixed[np.clip(rows, 0, height - 1), cols]
    later = rows - s.delta  # the same content's row in ``after``
    in_after = (later >= 0) & (later < height)
    out = np.where(
        from_before[..., None],
        before[np.clip(rows, 0, height - 1), cols],
        np.where(
            in_after[..., None],
            after[np.clip(later, 0, height - 1), cols],
            before[np.clip(rows, 0, height - 1), cols],
        ),
    )
    return np.where(fixed[..., None], after, out).astype(np.uint8)


def _resample(frames: list[tuple[float, Path]], fps: int) -> list[Path]:
    """A step's screenshots on the video's clock: each output frame shows the latest one
    taken at or before its time, the way a screen recorder samples the screen."""
    start, end = frames[0][0], frames[-1][0]
    count = int(round((end - start) * fps)) + 1
    out, index = [], 0
    for n in range(count):
        t = start + n / fps
        while index + 1 < len(frames) and frames[index + 1][0] <= t + 1e-6:
            index += 1
        out.append(frames[index][1])
    return out


def plan(runner: dict[str, Any], out_dir: Path, fps: int) -> list[Shot]:
    """Every frame of the video, in order, from the runner's record-mode result.

    ``runner`` is ``result.json`` (``frames``, ``steps``, ``viewport``); ``out_dir`` holds
    the files it names. A frame's own ``scroll_y``, where given, is used over its step's
    (so a frame taken after the target was scrolled into view, before the action, is
    read right). Deterministic: the same result gives the same plan.

    Raises:
        ValueError: the result holds no frames.
    """
    by_step: dict[int, list[tuple[float, Path]]] = {}
    scroll_at: dict[Path, float] = {}  # a frame's own scroll position, where the runner gave it
    for entry in runner.get("frames", []):
        by_step.setdefault(int(entry["step"]), []).append(
            (float(entry["t"]), out_dir / entry["file"])
        )
        if isinstance(entry.get("scroll_y"), int | float):
            scroll_at[out_dir / entry["file"]] = float(entry["scroll_y"])
    if not by_step:
        raise ValueError("the runner captured no frames")
    for frames in by_step.values():
        frames.sort(key=lambda f: f[0])
    steps = {s.index: s for s in map(Step.from_json, runner.get("steps", []))}
    viewport = runner.get("viewport") or {}
    first = by_step[min(by_step)][0][1]
    if viewport.get("width") and viewport.get("height"):
        width, height = int(viewport["width"]), int(viewport["height"])
    else:
        with Image.open(first) as img:
            width, height = img.size
    pos = (width * START[0], height * START[1])
    ripple_frames = max(1, round(RIPPLE_S * fps))
    shots: list[Shot] = []
    cache = _Pictures()
    previous: int | None = None
    for index in sorted(by_step):
        frames = by_step[index]
        step = steps.get(index) or Step(index)
        click_at: tuple[float, float] | None = None
        if previous is not None and index > 0:
            before = by_step[previous][-1][1]
            after = frames[0][1]
            kind = step.type
            earlier = steps.get(previous)
            # The scroll the picture before the action shows.
            shown = scroll_at.get(before, earlier.scroll_y if earlier else None)
            delta = _scroll_delta(shown, scroll_at.get(after, step.scroll_y))
            # Clicks and typing go to their target, a scroll to the element it turns the
            # wheel over (without one, it scrolls wherever the pointer is); keys need none.
            aim = _centre(step.target) if kind in ("click", "type", "scroll") else None
            if aim is not None:
                acted = _acted_scroll(step, scroll_at.get(before))
                goal = (aim[0], aim[1] + _scroll_delta(shown, acted))
                if 0 <= goal[1] < height:
                    shots += _move(pos, goal, before, index, fps)
                    pos = goal
                    if _clicks(step):
                        shots.append(Shot(before, pos, index, "press", (pos[0], pos[1], 0.0)))
                        click_at, pos = aim, aim
                # Else the target was off screen on the picture before the action: no glide
                # to a place it was not, no ring; the pointer stays where it was.
            if kind == "scroll" and delta:
                shots += _scroll(cache, before, after, delta, pos, index, fps)
        for n, path in enumerate(_resample(frames, fps)):
            ring = None
            if click_at is not None and n < ripple_frames:
                ring = (click_at[0], click_at[1], (n + 1) / ripple_frames)
            shots.append(Shot(path, pos, index, "hold", ring))
        previous = index
    return shots


def _acted_scroll(step: Step, before_own: float | None) -> float | None:
    """The window's vertical scroll when the runner acted on ``step``'s target (the point is
    in the viewport at that scroll): the target's own record (``target.scroll``); else the
    picture before the action's own scroll (the runner takes it after bringing the target
    into view, just before acting); else, for a result holding neither, the scroll after
    the action (a guess: wrong when the action's reaction scrolled the page)."""
    scroll = (step.target or {}).get("scroll")
    if isinstance(scroll, list) and len(scroll) == 2 and isinstance(scroll[1], int | float):
        return float(scroll[1])
    return before_own if before_own is not None else step.scroll_y


def _scroll_delta(before: Any, after: Any) -> int:
    """Rows the window scrolled between two scroll positions (0 when one is unknown)."""
    if not isinstance(before, int | float) or not isinstance(after, int | float):
        return 0
    return int(round(after - before))


def _move(
    start: tuple[float, float], goal: tuple[float, float], image: Path, step: int, fps: int
) -> list[Shot]:
    distance = math.dist(start, goal)
    if distance < MOVE_MIN_PX:
        return []
    seconds = min(MOVE_MAX_S, MOVE_BASE_S + distance * MOVE_PER_PX_S)
    count = max(2, round(seconds * fps))
    shots = []
    for n in range(1, count + 1):
        u = _ease(n / count)
        point = (start[0] + (goal[0] - start[0]) * u, start[1] + (goal[1] - start[1]) * u)
        shots.append(Shot(image, point, step, "move"))
    return shots


def _scroll(
    cache: _Pictures,
    before: Path,
    after: Path,
    delta: int,
    pos: tuple[float, float],
    step: int,
    fps: int,
) -> list[Shot]:
    if fixed_parts(cache.get(before), cache.get(after), delta) is None:
        return []
    count = max(2, round(SCROLL_S * fps))
    shots = []
    for n in range(1, count):  # the last position is the "after" screenshot itself
        offset = int(round(delta * _ease(n / count)))
        if offset in (0, delta):
            continue
        picture = Scrolled(before, after, delta, offset)
        shots.append(Shot(picture, pos, step, "scroll"))
    return shots


class _Pictures:
    """Decoded screenshots, the few most recent kept (frames are used in runs)."""

    def __init__(self, keep: int = 4) -> None:
        self._items: OrderedDict[Path, np.ndarray] = OrderedDict()
        self._keep = keep

    def get(self, path: Path) -> np.ndarray:
        if path in self._items:
            self._items.move_to_end(path)
            return self._items[path]
        pixels = _load(path)
        self._items[path] = pixels
        if len(self._items) > self._keep:
            self._items.popitem(last=False)
        return pixels


@lru_cache(maxsize=1)
def arrow_sprite() -> Image.Image:
    """The pointer: a white arrow with a black outline, tip at the image's (1, 1)."""
    pad = 1
    w = math.ceil(max(x for x, _ in ARROW) * SCALE) + 2 * pad + 1
    h = math.ceil(max(y for _, y in ARROW) * SCALE) + 2 * pad + 1
    big = Image.new("RGBA", (w * _SUPER, h * _SUPER), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    points = [((x * SCALE + pad) * _SUPER, (y * SCALE + pad) * _SUPER) for x, y in ARROW]
    draw.polygon(points, fill=(0, 0, 0, 255))
    # The white body: the same arrow drawn inset by about a pixel.
    cx = sum(p[0] for p in points) / len(points)
    cy = sum(p[1] for p in points) / len(points)
    inset = 1.15 * _SUPER
    inner = []
    for x, y in points:
        dx, dy = x - cx, y - cy
        norm = math.hypot(dx, dy) or 1.0
        inner.append((x - dx / norm * inset, y - dy / norm * inset))
    draw.polygon(inner, fill=(255, 255, 255, 255))
    return big.resize((w, h), Image.Resampling.LANCZOS)


@lru_cache(maxsize=64)
def _ring(step: int, steps: int) -> Image.Image:
    """The click ring ``step`` of ``steps``: widening, fading; centred in its image."""
    u = step / steps
    radius = RIPPLE_RADII[0] + (RIPPLE_RADII[1] - RIPPLE_RADII[0]) * _ease(u)
    alpha = int(round(230 * (1 - u) + 25))
    size = int(math.ceil(RIPPLE_RADII[1])) * 2 + 8
    big = Image.new("RGBA", (size * _SUPER, size * _SUPER), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    c = size * _SUPER / 2
    r = radius * _SUPER
    if step == 0:  # the press itself: a filled dot under the pointer
        draw.ellipse((c - r, c - r, c + r, c + r), fill=(*RIPPLE_COLOUR, 150))
    draw.ellipse((c - r, c - r, c + r, c + r), outline=(*RIPPLE_COLOUR, alpha), width=3 * _SUPER)
    return big.resize((size, size), Image.Resampling.LANCZOS)


def _paste(pixels: np.ndarray, sprite: Image.Image, left: int, top: int) -> None:
    """Alpha-blend ``sprite`` onto ``pixels`` (in place) with its corner at (left, top)."""
    height, width = pixels.shape[:2]
    rgba = np.asarray(sprite, dtype=np.float32)
    x0, y0 = max(0, left), max(0, top)
    x1, y1 = min(width, left + rgba.shape[1]), min(height, top + rgba.shape[0])
    if x0 >= x1 or y0 >= y1:
        return
    part = rgba[y0 - top : y1 - top, x0 - left : x1 - left]
    alpha = part[..., 3:4] / 255.0
    region = pixels[y0:y1, x0:x1].astype(np.float32)
    pixels[y0:y1, x0:x1] = np.round(region * (1 - alpha) + part[..., :3] * alpha).astype(np.uint8)


class Renderer:
    """Draws planned shots; keeps the last few screenshots decoded."""

    def __init__(self, fps: int) -> None:
        self._pictures = _Pictures()
        self._ripple_steps = max(1, round(RIPPLE_S * fps))
        self._fixed: tuple[tuple[Path, Path, int] | None, np.ndarray | None] = (None, None)

    def render(self, shot: Shot) -> np.ndarray:
        """The frame as RGB pixels: the picture, then the click ring, then the pointer."""
        if isinstance(shot.image, Scrolled):
            s = shot.image
            before, after = self._pictures.get(s.before), self._pictures.get(s.after)
            key = (s.before, s.after, s.delta)
            if self._fixed[0] != key:
                self._fixed = (key, fixed_parts(before, after, s.delta))
            fixed = self._fixed[1]
            if fixed is None:  # not a plan of ours: show the picture before the scroll
                fixed = np.ones(before.shape[:2], dtype=bool)
                before = after = before
            pixels = scrolled_picture(before, after, fixed, s)
        else:
            pixels = self._pictures.get(shot.image).copy()
        if shot.ripple is not None:
            x, y, progress = shot.ripple
            ring = _ring(round(progress * self._ripple_steps), self._ripple_steps)
            _paste(pixels, ring, round(x - ring.width / 2), round(y - ring.height / 2))
        x, y = shot.pointer
        _paste(pixels, arrow_sprite(), round(x) - 1, round(y) - 1)
        return pixels
