"""Turning a task into the bundle a model sees: prompt, asset sheets, sampled frames, assets.

The hidden parts of a task (actions, expectations, reference page, checkpoints)
never enter a bundle, and assets carry anonymised names (``asset001.png``...) as in
the published dataset. As published, the model also gets the assets stitched onto a
few labelled sheets (``stitched_image1.png``...), each tile labelled with the
anonymised name the page must use; sheets count against the image cap before frames
do. The bundle's content hash covers every file, so it names exactly what the model saw.
"""

from __future__ import annotations

import mimetypes

from clients.types import ASSET, FRAME, Bundle, BundleFile
from evaluator.generation.prompt import build_prompt, render_template
from evaluator.tasks.published import STITCHED_DIR
from evaluator.tasks.stitch import SHEET_RE, sheet_name, stitch_labelled
from evaluator.tasks.task import Task
from evaluator.tasks.video import MAX_FRAMES, SAMPLE_FPS, sample_frames

# Images a model is shown at most (sheets first, then frames), as the published
# generation caps them for most providers.
MAX_IMAGES = 70


def media_type(name: str) -> str:
    """Media type from a file name, with a safe default for unknown kinds."""
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def asset_sheets(task: Task) -> list[bytes]:
    """The task's labelled asset sheets as PNG bytes, in order.

    A published task whose assets already carry their anonymised names keeps the
    dataset's own ``stitched_assets/`` sheets (they are what the published model saw);
    otherwise the sheets are stitched here, labelled with the anonymised names.
    """
    names = task.anonymised_names()
    published = task.root / STITCHED_DIR
    if published.is_dir() and all(k == v for k, v in names.items()):
        found = sorted(
            (int(m.group(1)), p)
            for p in published.iterdir()
            if p.is_file() and (m := SHEET_RE.match(p.name))
        )
        if found:
            return [p.read_bytes() for _, p in found]
    return stitch_labelled([(names[p.name], p) for p in task.asset_files()])


def build_bundle(
    task: Task,
    *,
    max_frames: int = MAX_FRAMES,
    max_images: int = MAX_IMAGES,
    prompt_template: str | None = None,
) -> Bundle:
    """Sample the task's video and gather its sheets and assets into a :class:`Bundle`.

    Frames are sampled at 1 fps, at most ``max_frames`` spread evenly, and fewer when
    the sheets and frames together would pass ``max_images`` (at least one frame is
    always kept; sheets beyond the cap are dropped). ``prompt_template``: the prompt
    text to send instead of ours, the task filled in (see
    :func:`evaluator.generation.prompt.render_template`); it is part of the content hash.

    Raises:
        evaluator.tasks.video.VideoError: the task's video cannot be read.
    """
    sheets = tuple(
        BundleFile(name=sheet_name(i), kind=ASSET, media_type="image/png", data=data)
        for i, data in enumerate(asset_sheets(task), start=1)
    )[: max(0, max_images - 1)]
    room = max(1, min(max_frames, max_images - len(sheets)))
    frames = tuple(
        BundleFile(name=f"frame_{i:04d}.png", kind=FRAME, media_type="image/png", data=data)
        for i, data in enumerate(sample_frames(task.video, SAMPLE_FPS, room))
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
    fill = {
        "width": task.width,
        "height": task.height,
        "frame_count": len(frames),
        "asset_names": [a.name for a in assets],
        "sheet_names": [s.name for s in sheets],
    }
    prompt = (
        render_template(prompt_template, **fill)  # type: ignore[arg-type]
        if prompt_template is not None
        else build_prompt(**fill)  # type: ignore[arg-type]
    )
    # Sheets lead the assets: they are sent first, and survive a client's image cap.
    return Bundle(
        task_id=task.id,
        width=task.width,
        height=task.height,
        prompt=prompt,
        frames=frames,
        assets=sheets + assets,
    )
