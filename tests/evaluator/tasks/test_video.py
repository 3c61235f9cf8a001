from pathlib import Path

import pytest
from PIL import Image

from evaluator.tasks.video import VideoError, encode_video, sample_frames, sample_times


def test_sample_times_one_per_second_capped_and_spread() -> None:
    assert sample_times(3.0) == [0.0, 1.0, 2.0, 3.0]
    spread = sample_times(200.0)
    assert len(spread) == 64 and spread[0] == 0.0 and spread[-1] < 200.0
    assert sample_times(0.0) == [0.0]


def test_encode_then_sample_round_trip(tmp_path: Path) -> None:
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255)]
    frames = []
    for i, colour in enumerate(colours):
        path = tmp_path / f"{i}.png"
        Image.new("RGB", (64, 48), colour).save(path)
        frames.append((1.0 * i, path))
    seconds = encode_video(frames, tmp_path / "v.mp4", fps=10)
    assert seconds == pytest.approx(2.1)
    pngs = sample_frames(tmp_path / "v.mp4")
    assert len(pngs) == 3
    for png, colour in zip(pngs, colours, strict=True):
        out = tmp_path / "s.png"
        out.write_bytes(png)
        pixel = Image.open(out).convert("RGB").getpixel((32, 24))
        assert all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=True))


def test_unreadable_video_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"not a video")
    with pytest.raises(VideoError, match="cannot decode"):
        sample_frames(bad)
    with pytest.raises(VideoError, match="no such video"):
        sample_frames(tmp_path / "missing.mp4")


def _video(tmp_path: Path, size: tuple[int, int], seconds: int) -> Path:
    frames = []
    for i in range(seconds + 1):
        path = tmp_path / f"f{i}.png"
        Image.new("RGB", size, (40 * i % 256, 80, 120)).save(path)
        frames.append((float(i), path))
    encode_video(frames, tmp_path / "v.mp4", fps=10)
    return tmp_path / "v.mp4"


def test_sampling_is_bounded_in_time(tmp_path: Path) -> None:
    """A video that takes longer than the budget to sample is a task error, not a stall."""
    video = _video(tmp_path, (64, 48), 3)
    assert len(sample_frames(video, seconds=60)) == 4
    with pytest.raises(VideoError, match=r"took over 0 s"):
        sample_frames(video, seconds=0)


def test_frames_past_4k_are_not_decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pixel bound is read from the stream before any frame is decoded (a 64x48 video
    stands in for one past 4K: the bound is lowered below it)."""
    import evaluator.tasks.video as video_module

    video = _video(tmp_path, (64, 48), 1)
    monkeypatch.setattr(video_module, "MAX_FRAME_PIXELS", 64 * 48 - 1)
    with pytest.raises(VideoError, match=r"64x48 are larger than 3071 pixels"):
        sample_frames(video)
