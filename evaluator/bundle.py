"""Turning a task into the bundle a model sees: prompt, sampled frames and assets.

The hidden parts of a task (actions, expectations, reference page, checkpoints)
never enter a bundle, and assets carry anonymised names (``asset001.png``...) as in
the published dataset. The bundle's content hash names exactly what the model saw.
"""

from __future__ import annotations

import mimetypes

from clients.types import ASSET, FRAME, Bundle, BundleFile
from evaluator.prompt import build_prompt
from evaluator.tasks import Task
from evaluator.video import MAX_FRAMES, SAMPLE_FPS, sample_frames


def media_type(name: str) -> str:
    """Media type from a file name, with a safe default for unknown kinds."""
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def build_bundle(task: Task, *, max_frames: int = MAX_FRAMES) -> Bundle:
    """Sample the task's video and gather its assets into a :class:`Bundle`.

    Raises:
        evaluator.video.VideoError: the task's video cannot be read.
    """
    frames = tuple(
        BundleFile(name=f"frame_{i:04d}.png", kind=FRAME, media_type="image/png", data=data)
        for i, data in enumerate(sample_frames(task.video, SAMPLE_FPS, max_frames))
    )
    names = task.anonymised_names()
    assets = tuple(
        BundleFile(
            name=names[p.name],
            kind=ASSET,
            media_type=media_type(p.name),
            data=p.read_bytes(),
        )
        for p in task.asset_files()
    )
    prompt = build_prompt(
        width=task.width,
        height=task.height,
        frame_count=len(frames),
        asset_names=[a.name for a in assets],
    )
    return Bundle(
        task_id=task.id,
        width=task.width,
        height=task.height,
        prompt=prompt,
        frames=frames,
        assets=assets,
    )
