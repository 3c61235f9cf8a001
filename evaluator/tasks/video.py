"""Reading frames out of a task video and writing the recorder's video (PyAV).

Sampling follows the published protocol: one frame per second, at most 64 frames,
spread evenly over a longer video. Frames are returned as PNG bytes because that is
what a bundle carries.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
from PIL import Image

from evaluator.tasks.video_budget import MAX_FRAME_PIXELS

SAMPLE_FPS = 1.0
MAX_FRAMES = 64
RECORD_FPS = 10
# Wall-clock seconds sampling one video may take: a task's video is an input, and a huge
# one must give the task a clear error, not stall the run (about 30 000 frames of 1280x800
# H.264 on one core).
DECODE_SECONDS = 120.0


class VideoError(ValueError):
    """The video is missing, unreadable or has no frames."""


def sample_times(
    duration_s: float, fps: float = SAMPLE_FPS, max_frames: int = MAX_FRAMES
) -> list[float]:
    """Timestamps to sample: every 1/fps seconds, or ``max_frames`` evenly spread.

    The last sample sits inside the video so the final state is always seen.
    """
    if duration_s <= 0:
        return [0.0]
    count = int(duration_s * fps) + 1
    if count <= max_frames:
        times = [i / fps for i in range(count)]
    else:
        step = duration_s / max_frames
        times = [i * step for i in range(max_frames)]
    return [min(t, duration_s) for t in times]


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def sample_frames(
    path: Path,
    fps: float = SAMPLE_FPS,
    max_frames: int = MAX_FRAMES,
    seconds: float = DECODE_SECONDS,
) -> list[bytes]:
    """Decode ``path`` and return the sampled frames as PNG bytes, in time order.

    Decoding stops once every sampled frame is in, and is bounded: ``seconds`` of wall clock,
    and no frame larger than 4K (``video_budget.MAX_FRAME_PIXELS``).

    Raises:
        VideoError: the file is missing, cannot be decoded, holds no frame, or is past a
            bound.
    """
    if not path.is_file():
        raise VideoError(f"{path}: no such video")
    deadline = time.monotonic() + seconds

    def in_time(items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            if time.monotonic() > deadline:
                raise VideoError(f"{path}: sampling the video took over {seconds:g} s")
            yield item

    try:
        with av.open(str(path)) as container:
            # Timestamps first (demuxing is cheap), so only the sampled frames are converted.
            stream = container.streams.video[0]
            width, height = stream.codec_context.width, stream.codec_context.height
            if width * height > MAX_FRAME_PIXELS:
                raise VideoError(
                    f"{path}: frames of {width}x{height} are larger than {MAX_FRAME_PIXELS} pixels"
                )
            packets = in_time(container.demux(stream))
            pts = sorted({p.pts for p in packets if p.pts is not None})
            if not pts:
                raise VideoError(f"{path}: video has no frames")
            time_base = stream.time_base
            if time_base is None:
                raise VideoError(f"{path}: video stream has no time base")
            times = [float(p * time_base) for p in pts]
            # Each sample takes the last frame shown at or before its time.
            picked: list[int] = []
            index = 0
            for t in sample_times(times[-1], fps, max_frames):
                while index + 1 < len(times) and times[index + 1] <= t + 1e-6:
                    index += 1
                picked.append(pts[index])
            wanted = set(picked)
            container.seek(0, stream=stream)
            images: dict[int, bytes] = {}
            for frame in in_time(container.decode(stream)):
                if frame.width * frame.height > MAX_FRAME_PIXELS:
                    raise VideoError(f"{path}: a frame is larger than {MAX_FRAME_PIXELS} pixels")
                if frame.pts in wanted:
                    images[frame.pts] = _png(frame.to_image())
                    if len(images) == len(wanted):
                        break
    except (av.FFmpegError, IndexError, OSError) as exc:
        raise VideoError(f"{path}: cannot decode video: {exc}") from exc
    missing = wanted - images.keys()
    if missing:
        raise VideoError(f"{path}: cannot decode the frames at pts {sorted(missing)[:5]}")
    return [images[p] for p in picked]


def last_frame(path: Path) -> bytes:
    """The final frame of the video as PNG bytes."""
    return sample_frames(path, fps=SAMPLE_FPS, max_frames=MAX_FRAMES)[-1]


def encode_frames(
    frames: Iterable[np.ndarray], out: Path, size: tuple[int, int], fps: int = RECORD_FPS
) -> float:
    """Write RGB frames (each ``size`` = width x height) as an H.264 video, one per 1/fps s.

    Odd sizes are cropped by a pixel (yuv420p needs even ones). The output is the same
    bytes for the same frames: one encoder thread, no timestamps in metadata. Returns the
    video's duration in seconds.

    Raises:
        VideoError: no frames were given.
    """
    width, height = size[0] // 2 * 2, size[1] // 2 * 2
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp.mp4")
    count = 0
    with av.open(str(tmp), mode="w") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height = width, height
        stream.pix_fmt = "yuv420p"
        stream.time_base = Fraction(1, fps)
        stream.codec_context.options = {"crf": "23", "preset": "medium", "threads": "1"}
        for pixels in frames:
            frame = av.VideoFrame.from_ndarray(
                np.ascontiguousarray(pixels[:height, :width]), format="rgb24"
            )
            frame.pts = count
            count += 1
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    if not count:
        tmp.unlink(missing_ok=True)
        raise VideoError(f"{out}: no frames to encode")
    tmp.replace(out)
    return count / fps


def encode_video(frames: Sequence[tuple[float, Path]], out: Path, fps: int = RECORD_FPS) -> float:
    """Write timestamped screenshots as an H.264 video at a constant frame rate.

    Each output frame shows the latest screenshot taken at or before its time, the
    way a screen recorder samples the screen. Returns the video's duration in seconds.
    (The recorder draws a pointer as well: see :mod:`evaluator.recording.pointer`.)

    Raises:
        VideoError: no frames were given.
    """
    if not frames:
        raise VideoError(f"{out}: no frames to encode")
    ordered = sorted(frames, key=lambda f: f[0])
    start = ordered[0][0]
    total = int(round((ordered[-1][0] - start) * fps)) + 1
    with Image.open(ordered[0][1]) as first:
        size = first.size

    def shown() -> Iterator[np.ndarray]:
        index, current, loaded = 0, None, -1
        for n in range(total):
            t = start + n / fps
            while index + 1 < len(ordered) and ordered[index + 1][0] <= t + 1e-6:
                index += 1
            if index != loaded or current is None:
                with Image.open(ordered[index][1]) as img:
                    current = np.asarray(img.convert("RGB"))
                loaded = index
            yield current

    return encode_frames(shown(), out, size, fps)
