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
