"""A recorded task's video looks like a screen recording: checked by decoding the video
of a small task recorded in the real sandbox (marked docker)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from evaluator.recording.recorder import record_task
from evaluator.tasks.task import REFERENCE_TRACE, load_task

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

W, H = 640, 400
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body{font-family:'DejaVu Sans';margin:0;padding:20px 40px}
#inc{position:absolute;left:460px;top:110px;width:120px;height:40px}
#name{width:220px} .tall{height:1400px;background:linear-gradient(#fff,#9ab)}
</style></head><body>
<p id="n">Clicked 0 times</p><input id="name" placeholder="Your name"><p id="hello">-</p>
<button class="btn" id="inc">Add one</button>
<div class="tall">"""
PAGE += "".join(f"<p>Line {i} of a long page</p>" for i in range(40))
PAGE += """</div><script>let n=0;document.getElementById('inc').onclick=()=>{n++;
document.getElementById('n').textContent='Clicked '+n+' times'};
document.getElementById('name').oninput=e=>{
document.getElementById('hello').textContent='Hello, '+e.target.value};</script></body></html>
"""
ACTIONS = [
    {
        "type": "click",
        "description": "Click 'Add one'",
        "target": {"selector": "#inc", "text": "Add one"},
        "expect": {"text_present": ["Clicked 1 times"]},
    },
    {
        "type": "type",
        "description": "Type a name",
        "target": {"selector": "#name", "placeholder": "Your name"},
        "text": "Ada Lovelace",
        "expect": {"text_present": ["Hello, Ada Lovelace"]},
    },
    {"type": "scroll", "description": "Scroll down", "amount": 150},
]


def _decode(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as video:
        return [f.to_ndarray(format="rgb24").astype(np.int16) for f in video.decode(video=0)]


def _png(path: Path) -> np.ndarray:
    with Image.open(path) as img:
        return np.asarray(img.convert("RGB")).astype(np.int16)


def _marks(frame: np.ndarray, base: np.ndarray) -> np.ndarray:
    """Where a frame differs clearly from a screenshot (video noise stays below 60)."""
    return np.abs(frame - base).max(axis=2) > 60


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rec") / "pointer-demo"
    (folder / "reference").mkdir(parents=True)
    (folder / "reference" / "index.html").write_text(PAGE)
    (folder / "task.json").write_text(
        json.dumps(
            {"id": "pointer-demo", "viewport": {"width": W, "height": H}, "actions": ACTIONS}
        )
    )
    record_task(load_task(folder))
    return folder


def test_pointer_reaches_the_target_before_the_click(recorded: Path) -> None:
    frames = _decode(recorded / "video.mp4")
    assert len(frames) >= 10 * 4  # 10 fps, every step held about a second
    step0, step1 = (
        _png(recorded / "checkpoints/step_0.png"),
        _png(recorded / "checkpoints/step_1.png"),
    )
    trace = json.loads((recorded / "checkpoints" / REFERENCE_TRACE).read_text())
    x, y, w, h = trace[1]["target"]["box"]
    # The click changes the counter's text; frames before it show the old text there.
    counter = np.abs(step0 - step1).max(axis=2) > 60
    assert counter.any()
    clicked = next(i for i, f in enumerate(frames) if _marks(f, step1)[counter].mean() < 0.2)
    press = clicked - 1
    assert _marks(frames[press], step0)[counter].mean() < 0.2
    # Right before the click the pointer (all that differs from the screenshot) is on the
    # button: its tip inside the target box, the arrow and ring around it.
    ys, xs = np.nonzero(_marks(frames[press], step0))
    assert len(xs) > 50
    assert x - 35 <= np.median(xs) <= x + w + 35 and y - 35 <= np.median(ys) <= y + h + 35
    # The frames before show it travelling there: different places, ever closer.
    centre = (x + w / 2, y + h / 2)
    places = []
    for frame in frames[press - 4 : press]:
        ys, xs = np.nonzero(_marks(frame, step0))
        assert len(xs) > 30, "the pointer is visible while it moves"
        places.append((float(np.median(xs)), float(np.median(ys))))
    distances = [math.dist(p, centre) for p in places]
    assert all(a > b for a, b in zip(distances, distances[1:], strict=False)), distances
    assert distances[0] > 40  # it came from elsewhere


def test_typing_appears_progressively_and_scrolling_is_smooth(recorded: Path) -> None:
    frames = _decode(recorded / "video.mp4")
    step1, step2, step3 = (_png(recorded / f"checkpoints/step_{i}.png") for i in (1, 2, 3))
    greeting = np.abs(step1 - step2).max(axis=2) > 60  # the field and the "Hello, ..." line
    typed = [
        i
        for i, f in enumerate(frames)
        if _marks(f, step1)[greeting].mean() > 0.05 and _marks(f, step2)[greeting].mean() > 0.05
    ]
    partial = {frames[i][greeting].tobytes() for i in typed}
    assert len(partial) >= 2, "the text appears in several steps, not at once"
    # Between the last frame showing the page before the scroll and the first after it,
    # frames show the page part-way: the old picture shifted up by some rows.
    before = max(i for i, f in enumerate(frames) if _marks(f, step2).mean() < 0.01)
    after = min(i for i, f in enumerate(frames) if i > before and _marks(f, step3).mean() < 0.01)
    between = frames[before + 1 : after]
    assert len(between) >= 2
    for frame in between:
        errors = [np.abs(frame[: H - d] - step2[d:]).mean() for d in range(1, 150)]
        assert min(errors) < 4, "an in-between frame is the page scrolled part of the way"
