"""The recorder's video as a screen recording: pointer travel, click rings, rebuilt
scrolls; planned from a runner result made of small real screenshots (no Docker)."""

from __future__ import annotations

import math
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw

from evaluator.recording.pointer import (
    PIXEL_TOLERANCE,
    START,
    Renderer,
    Scrolled,
    fixed_parts,
    plan,
    scrolled_picture,
)
from evaluator.tasks.video import encode_frames

W, H = 320, 240
BOX = [200.0, 150.0, 80.0, 30.0]  # the button, x y w h
HEADER = 30  # a fixed bar at the top of the scrolling page


def _document() -> np.ndarray:
    """A tall page with distinct stripes and text-like marks, so every row is unique."""
    doc = Image.new("RGB", (W, 1200), (250, 250, 250))
    draw = ImageDraw.Draw(doc)
    for y in range(0, 1200, 40):
        draw.rectangle((10, y + 5, 10 + (y * 7) % 280, y + 25), fill=((y * 3) % 200, 90, 160))
        draw.text((20, y + 8), f"row {y}", fill=(0, 0, 0))
    return np.array(doc)


def _view(doc: np.ndarray, scroll: int) -> np.ndarray:
    view = doc[scroll : scroll + H].copy()
    view[:HEADER] = (30, 60, 120)
    view[10:20, 10:60] = (255, 255, 255)
    return view


def _save(pixels: np.ndarray, path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels).save(path)
    return path.name


def _runner(tmp: Path, scroll_by: int = 150, change_on_scroll: bool = False) -> dict:
    """Step 0 (page), step 1 (click the button), step 2 (scroll), as record mode writes them."""
    doc = _document()
    page = _view(doc, 0)
    clicked = page.copy()
    x, y, w, h = (int(v) for v in BOX)
    clicked[y : y + h, x : x + w] = (0, 160, 0)  # the click turned the button green
    later = doc.copy()
    later[y : y + h, x : x + w] = (0, 160, 0)
    scrolled = _view(later, scroll_by)
    if change_on_scroll:
        scrolled[40:70] = (255, 0, 0)  # among the rows seen before as well
    frames, t = [], 0.0
    for step, pixels, count in ((0, page, 4), (1, clicked, 5), (2, scrolled, 5)):
        for _ in range(count):
            name = f"frames/{len(frames):06d}.png"
            _save(pixels, tmp / name)
            frames.append({"file": name, "t": round(t, 3), "step": step})
            t += 0.25
        t += 0.6  # the next action, settling
    steps = [
        {"index": 0, "status": "ok", "scroll_y": 0},
        {"index": 1, "type": "click", "status": "ok", "scroll_y": 0,
         "target": {"found_by": "selector", "box": BOX}},
        {"index": 2, "type": "scroll", "status": "ok", "scroll_y": scroll_by, "target": None},
    ]  # fmt: skip
    return {"viewport": {"width": W, "height": H}, "frames": frames, "steps": steps}


def test_pointer_travels_to_the_target_then_clicks(tmp_path: Path) -> None:
    runner = _runner(tmp_path)
    shots = plan(runner, tmp_path, fps=10)
    assert plan(runner, tmp_path, fps=10) == shots  # deterministic
    target = (BOX[0] + BOX[2] / 2, BOX[1] + BOX[3] / 2)
    press = next(i for i, s in enumerate(shots) if s.phase == "press")
    moves = [s for s in shots[:press] if s.phase == "move"]
    assert 3 <= len(moves) <= 7  # a few hundred ms at 10 fps
    assert shots[press].pointer == target and shots[press].step == 1
    assert shots[press].image == tmp_path / "frames/000003.png"  # still the page before
    # Eased travel: every frame closer, small steps at both ends, large in the middle.
    start = (W * START[0], H * START[1])
    dist = [math.dist(s.pointer, target) for s in [shots[press - len(moves) - 1], *moves]]
    assert shots[press - len(moves) - 1].pointer == start
    assert all(a > b for a, b in zip(dist, dist[1:], strict=False)) and dist[-1] == 0
    hops = [a - b for a, b in zip(dist, dist[1:], strict=False)]
    assert max(hops) > 2 * hops[0] and max(hops) > 2 * hops[-1]
    # The ring widens over the first frames after the click, then goes.
    after = shots[press + 1 : press + 6]
    assert [s.ripple[2] for s in after[:4]] == [0.25, 0.5, 0.75, 1.0]
    assert after[4].ripple is None and all(s.pointer == target for s in after)


def test_rendered_frames_show_the_pointer_where_planned(tmp_path: Path) -> None:
    runner = _runner(tmp_path)
    shots = plan(runner, tmp_path, fps=10)
    renderer = Renderer(10)
    press = next(i for i, s in enumerate(shots) if s.phase == "press")
    base = np.asarray(Image.open(tmp_path / "frames/000003.png").convert("RGB"))
    for shot in shots[press - 3 : press + 1]:
        drawn = renderer.render(shot)
        ys, xs = np.nonzero(np.any(drawn != base, axis=2))
        x, y = shot.pointer
        assert len(xs) > 60  # a visible arrow
        # The arrow hangs from its tip, down and to the right.
        if shot.phase == "move":
            assert abs(xs.min() - x) <= 2 and abs(ys.min() - y) <= 2
            assert xs.max() - x < 25 and ys.max() - y < 30
    assert np.array_equal(renderer.render(shots[press]), Renderer(10).render(shots[press]))


def test_a_plain_window_scroll_is_rebuilt_exactly(tmp_path: Path) -> None:
    runner = _runner(tmp_path)
    shots = plan(runner, tmp_path, fps=10)
    scrolls = [s for s in shots if s.phase == "scroll"]
    assert 2 <= len(scrolls) <= 4
    offsets = [s.image.offset for s in scrolls]
    assert offsets == sorted(offsets) and offsets[0] > 0 and offsets[-1] < 150
    # Each rebuilt frame is exactly what the screen showed at that scroll position.
    later = _document()
    x, y, w, h = (int(v) for v in BOX)
    later[y : y + h, x : x + w] = (0, 160, 0)
    renderer = Renderer(10)
    for shot in scrolls:
        s = shot.image
        before, after = (np.asarray(Image.open(p).convert("RGB")) for p in (s.before, s.after))
        fixed = fixed_parts(before, after, s.delta)
        assert fixed is not None and fixed[HEADER:].sum() < 50  # the bar, a few marks
        # (A fixed pixel that looks like what scrolls under it, within tolerance, may be
        # drawn as the one scrolling: the same to the eye.)
        rebuilt = scrolled_picture(before, after, fixed, s).astype(int)
        truth = _view(later, s.offset).astype(int)
        assert np.abs(rebuilt - truth).max() <= PIXEL_TOLERANCE
        assert np.all(rebuilt == truth, axis=2).mean() > 0.99
        assert renderer.render(shot).shape == (H, W, 3)


def test_scroll_is_cut_when_more_than_the_scroll_changed(tmp_path: Path) -> None:
    shots = plan(_runner(tmp_path, change_on_scroll=True), tmp_path, fps=10)
    assert not [s for s in shots if s.phase == "scroll"]
    assert fixed_parts(np.zeros((H, W, 3), np.uint8), np.zeros((H, W, 3), np.uint8), 5) is None
    far = plan(_runner(tmp_path / "far", scroll_by=H + 50), tmp_path / "far", fps=10)
    assert not [s for s in far if s.phase == "scroll"]  # rows in between were never seen


def test_video_decodes_with_the_pointer_and_is_reproducible(tmp_path: Path) -> None:
    runner = _runner(tmp_path)
    shots = plan(runner, tmp_path, fps=10)
    renderer = Renderer(10)
    seconds = encode_frames((renderer.render(s) for s in shots), tmp_path / "a.mp4", (W, H))
    encode_frames((renderer.render(s) for s in shots), tmp_path / "b.mp4", (W, H))
    assert (tmp_path / "a.mp4").read_bytes() == (tmp_path / "b.mp4").read_bytes()
    assert seconds == len(shots) / 10
    with av.open(str(tmp_path / "a.mp4")) as video:
        decoded = [f.to_ndarray(format="rgb24") for f in video.decode(video=0)]
    assert len(decoded) == len(shots)
    press = next(i for i, s in enumerate(shots) if s.phase == "press")
    base = np.asarray(Image.open(tmp_path / "frames/000003.png").convert("RGB")).astype(int)
    diff = np.abs(decoded[press - 2].astype(int) - base).max(axis=2) > 80
    ys, xs = np.nonzero(diff)
    x, y = shots[press - 2].pointer
    assert len(xs) > 30 and abs(np.median(xs) - (x + 5)) < 8 and abs(np.median(ys) - (y + 9)) < 10
    assert isinstance(Scrolled, type)


def test_a_click_after_scrolling_into_view_aims_where_the_target_was(tmp_path: Path) -> None:
    runner = _runner(tmp_path)
    runner["steps"][1]["scroll_y"] = 50  # the runner centred the button, then clicked
    runner["steps"][2]["scroll_y"] = 200
    target = (BOX[0] + BOX[2] / 2, BOX[1] + BOX[3] / 2)
    press = next(s for s in plan(runner, tmp_path, fps=10) if s.phase == "press")
    assert press.pointer == (target[0], target[1] + 50)  # on the button, before the jump
    # A frame taken once the target was in view, before the click, says where it was.
    last_before = [f for f in runner["frames"] if f["step"] == 0][-1]
    last_before["scroll_y"] = 50
    press = next(s for s in plan(runner, tmp_path, fps=10) if s.phase == "press")
    assert press.pointer == target
    assert press.image == tmp_path / last_before["file"]


def _press(runner: dict, tmp_path: Path) -> tuple[float, float] | None:
    shots = [s for s in plan(runner, tmp_path, fps=10) if s.phase == "press"]
    return shots[0].pointer if shots else None


def test_the_pointer_goes_where_the_target_is_on_the_picture_before_the_action(
    tmp_path: Path,
) -> None:
    runner = _runner(tmp_path)
    target = (BOX[0] + BOX[2] / 2, BOX[1] + BOX[3] / 2)
    last_before = [f for f in runner["frames"] if f["step"] == 0][-1]
    # No scroll: on the target as the runner clicked it.
    runner["steps"][1]["target"]["scroll"] = [0, 0]
    assert _press(runner, tmp_path) == target
    # The runner scrolled the window down by 40 to bring the target into view, and the
    # picture before the action shows the page before that scroll: there the target sat
    # 40 px lower than where it was clicked.
    runner["steps"][1]["target"]["scroll"] = [0, 40]
    last_before["scroll_y"] = 0
    assert _press(runner, tmp_path) == (target[0], target[1] + 40)
    # The picture was taken at the scroll of the click (as the runner takes it): on target.
    last_before["scroll_y"] = 40
    assert _press(runner, tmp_path) == target


def test_a_reaction_that_scrolled_the_page_does_not_move_the_pointer(tmp_path: Path) -> None:
    # The click made the page shorter: the window went from 70 to 0 after the click.
    runner = _runner(tmp_path)
    runner["steps"][0]["scroll_y"] = 70
    runner["steps"][1]["scroll_y"] = 0
    runner["steps"][1]["target"]["scroll"] = [0, 70]
    target = (BOX[0] + BOX[2] / 2, BOX[1] + BOX[3] / 2)
    assert _press(runner, tmp_path) == target
    # Without the target's scroll, the picture's own scroll (taken as the runner acted).
    del runner["steps"][1]["target"]["scroll"]
    for frame in runner["frames"]:
        frame["scroll_y"] = 70 if frame["step"] == 0 else 0
    assert _press(runner, tmp_path) == target


def test_no_glide_nor_ring_to_a_target_off_screen_before_the_action(tmp_path: Path) -> None:
    runner = _runner(tmp_path)
    runner["steps"][1]["target"]["scroll"] = [0, 500]  # 500 px down: below the picture
    shots = plan(runner, tmp_path, fps=10)
    step1 = [s for s in shots if s.step == 1]
    assert step1 and all(s.phase == "hold" for s in step1)
    assert all(s.ripple is None for s in step1)
    assert {s.pointer for s in step1} == {(W * START[0], H * START[1])}
