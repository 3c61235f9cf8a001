"""The bound on decoding a task's video on the host (``video_budget``, used by
``pointing``): a long or huge video returns within the budget, the cut is logged, and what
is cut off gives nothing, never another point."""

from __future__ import annotations

import logging
import time
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

import evaluator.tasks.pointing as pointing
from evaluator.tasks.loader import load_tasks
from evaluator.tasks.pointing import find_pointings, pointed_hint
from evaluator.tasks.video_budget import Budget, Cut

REPO = Path(__file__).resolve().parents[3]
WIDTH, HEIGHT = 320, 200


def _static_video(path: Path, seconds: float, fps: int = 30) -> np.ndarray:
    """A video of one still frame, ``seconds`` long at ``fps``: one frame encoded, then
    the same 'nothing moved' packet muxed for every later frame (no ffmpeg binary needed,
    and a 10-minute video is written in well under a second). Returns the frame."""
    pixels = np.full((HEIGHT, WIDTH, 3), 235, dtype=np.uint8)
    pixels[40:70, 30:200] = (200, 30, 30)
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        stream.time_base = Fraction(1, fps)
        stream.codec_context.options = {"preset": "ultrafast", "bframes": "0", "keyint": "1000000"}
        frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
        packets = []
        for pts in range(3):
            frame.pts = pts
            packets += list(stream.encode(frame))
        packets += list(stream.encode())
        container.mux(packets[0])
        for pts in range(1, int(seconds * fps)):
            packet = av.Packet(bytes(packets[-1]))
            packet.pts = packet.dts = pts
            packet.time_base, packet.stream = stream.time_base, stream
            container.mux(packet)
    return pixels


def _task(folder: Path, seconds: float) -> tuple[Path, list[Path]]:
    """A long still video and two checkpoints: the still frame and a page it never shows
    (so the decoding has to look through the whole video for the change)."""
    video = folder / "video.mp4"
    still = _static_video(video, seconds)
    after = still.copy()
    after[100:180, 40:300] = (20, 120, 40)
    paths = [folder / "step_0.png", folder / "step_1.png"]
    Image.fromarray(still).save(paths[0])
    Image.fromarray(after).save(paths[1])
    return video, paths


@pytest.fixture(autouse=True)
def _own_disk_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IWR_POINTING_CACHE", str(tmp_path / "pointing-cache"))
    pointing._hints.cache_clear()


def test_a_long_video_returns_within_the_time_budget(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # 10 minutes at 30 fps (18,000 frames): more than 2 s of decoding on any machine.
    video, checkpoints = _task(tmp_path, 600)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="evaluator.tasks.pointing"):
        (found,) = find_pointings(video, checkpoints, WIDTH, Budget(seconds=2.0, frames=10**6))
    assert time.monotonic() - started < 2.0 + 1.5
    assert not found.found and found.cut is Cut.SECONDS, found
    assert "IWR_POINTING_SECONDS" in found.why
    assert "IWR_POINTING_SECONDS" in caplog.text and str(video) in caplog.text


def test_the_frame_budget_cuts_a_long_video_off(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    video, checkpoints = _task(tmp_path, 60)
    with caplog.at_level(logging.WARNING, logger="evaluator.tasks.pointing"):
        (found,) = find_pointings(video, checkpoints, WIDTH, Budget(seconds=60, frames=300))
    assert found.cut is Cut.FRAMES and "300 frames" in found.why, found
    assert "IWR_POINTING_FRAMES" in caplog.text
    # The whole video within the budget: no cut, the usual reason for nothing.
    (found,) = find_pointings(video, checkpoints, WIDTH, Budget(seconds=60, frames=1800))
    assert found.cut is None and not found.found, found


def test_a_frame_larger_than_the_budget_is_not_decoded(tmp_path: Path) -> None:
    video, checkpoints = _task(tmp_path, 1)
    small = Budget(frame_pixels=WIDTH * HEIGHT - 1)
    (found,) = find_pointings(video, checkpoints, WIDTH, small)
    assert found.cut is Cut.SIZE, found


def test_the_budget_is_read_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IWR_POINTING_SECONDS", "1.5")
    monkeypatch.setenv("IWR_POINTING_FRAMES", "1000000")
    assert Budget.from_env() == Budget(seconds=1.5, frames=1000000)
    video, checkpoints = _task(tmp_path, 600)
    started = time.monotonic()
    assert pointed_hint(video, checkpoints, WIDTH, 0) == ""
    assert time.monotonic() - started < 1.5 + 1.5
    # A cut by the clock depends on the machine's load: not kept on disk for the next process.
    assert not list((tmp_path / "pointing-cache").glob("*.json"))
    # Not a number, or negative: the default, never no bound.
    monkeypatch.setenv("IWR_POINTING_SECONDS", "soon")
    monkeypatch.setenv("IWR_POINTING_FRAMES", "-5")
    assert Budget.from_env() == Budget()


def test_a_cut_recording_gives_the_same_points_or_nothing() -> None:
    # d-ttt (six clicks and types) cut off after more and more frames: every point found
    # is the one found on the whole video, and the cut-off actions get nothing.
    task = next(t for t in load_tasks(REPO / "tasks-described" / "data.jsonl") if t.id == "d-ttt")
    checkpoints = [task.checkpoint(i) for i in range(len(task.actions) + 1)]
    whole = find_pointings(task.video, checkpoints, task.width, Budget(frames=10**6))
    assert sum(p.found for p in whole) >= 5
    counts = []
    for frames in (20, 40, 60, 80, 100):
        cut = find_pointings(task.video, checkpoints, task.width, Budget(frames=frames))
        for part, full in zip(cut, whole, strict=True):
            if part.found:
                assert (part.x, part.y, part.frame) == (full.x, full.y, full.frame), (frames, part)
            elif full.found:
                assert part.cut is Cut.FRAMES, (frames, part)
        counts.append(sum(p.found for p in cut))
    # Longer cuts keep more, and at least one cut keeps some but not all.
    assert counts == sorted(counts) and any(0 < c < sum(p.found for p in whole) for c in counts)


def _line(frames: int, cut: Cut | None) -> pointing.Timeline:
    """A timeline of two actions, each a large change: checkpoint 1 shown from frame 10,
    checkpoint 2 from frame 20 (a pointer's share off the best), the first ``frames``."""
    shares = np.full((30, 3), 0.05, dtype=np.float32)
    shares[:10, 0] = shares[10:20, 1] = shares[20:, 2] = 0.001
    turned = np.zeros((frames, 2), dtype=bool)
    moved = np.zeros(frames, dtype=np.float32)
    return pointing.Timeline(shares[:frames], moved, (640, 400), (100, 100), turned, cut)


def test_a_cut_timeline_keeps_only_the_changes_it_saw_whole() -> None:
    assert pointing.changes(_line(30, None)) == [(0, 10), (10, 20)]
    # Cut at 25: checkpoint 2 is still showing at the cut (a cleaner frame of it may come
    # later, moving its first frame): the last change found gives nothing.
    assert pointing.changes(_line(25, Cut.FRAMES)) == [(0, 10), None]
    # Cut at 15: checkpoint 2 never clearly shown: its best frame is past the cut, and
    # the best before it (the page before the action) would pick a wrong first frame.
    assert pointing.changes(_line(15, Cut.FRAMES)) == [None, None]


@pytest.mark.slow
def test_with_the_default_budget_a_long_video_returns_within_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The settings as shipped: 10 minutes at 30 fps is cut by a bound, within the
    # default seconds (plus the second pass's last frame and the checkpoints' loading).
    monkeypatch.delenv("IWR_POINTING_SECONDS", raising=False)
    monkeypatch.delenv("IWR_POINTING_FRAMES", raising=False)
    video, checkpoints = _task(tmp_path, 600)
    started = time.monotonic()
    assert pointed_hint(video, checkpoints, WIDTH, 0) == ""
    assert time.monotonic() - started < Budget().seconds + 5
    (found,) = find_pointings(video, checkpoints, WIDTH)
    assert found.cut in (Cut.FRAMES, Cut.SECONDS), found
