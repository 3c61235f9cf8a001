"""Model-free assertions from the reference's own transition."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from PIL import Image, ImageDraw

from evaluator.scoring.score import score_task
from evaluator.scoring.transitions import changed_share, text_transition, visual_transition
from evaluator.tasks.task import load_task
from sandbox.runner.record import Step
from tests.evaluator.conftest import write_task


def _shot(path: Path, text: str = "", caret: bool = False) -> Path:
    img = Image.new("RGB", (640, 400), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle((20, 20, 300, 60), fill=(40, 60, 200))
    if text:
        draw.rectangle((20, 100, 20 + 12 * len(text), 140), fill=(30, 30, 30))
    if caret:
        draw.line((400, 200, 400, 216), fill=(0, 0, 0))
    img.save(path)
    return path


def test_text_transition_requires_what_appeared_and_vanished() -> None:
    before, after = "Cart (0)\nNothing here", "Cart (1)\nEspresso - $14.50"
    assert text_transition(before, after, "cart (1)\nespresso - $14.50").ok
    assert not text_transition(before, after, "Cart (0)\nNothing here").ok
    # Most of the transition is enough: pages word some things their own way.
    assert text_transition(before, after, "Cart (1)\nEspresso - 14.50 USD").ok
    assert text_transition("same", "same", "anything") is None


def test_visual_transition_needs_a_change_where_the_reference_changed(tmp_path: Path) -> None:
    a, b = _shot(tmp_path / "a.png"), _shot(tmp_path / "b.png", text="Added")
    caret = _shot(tmp_path / "c.png", caret=True)
    assert changed_share(a, caret) < 0.0002 < changed_share(a, b)
    assert visual_transition(a, b, a, b).ok
    assert not visual_transition(a, b, a, caret).ok  # a blinking caret is no change
    assert visual_transition(a, caret, a, a) is None  # reference did not change


def test_a_static_page_fails_where_the_reference_moved(tmp_path: Path) -> None:
    folder = write_task(tmp_path / "tasks")
    data = json.loads((folder / "task.json").read_text())
    for action in data["actions"]:
        action["expect"] = {}
    (folder / "task.json").write_text(json.dumps(data))
    for i, text in enumerate(["", "1 item", "1 item hello", "1 item hello saved"]):
        _shot(folder / "checkpoints" / f"step_{i}.png", text=text)
    trace = [{"index": i, "text": t} for i, t in enumerate(["", "1 item", "1 item", "Saved"])]
    (folder / "checkpoints" / "reference_trace.json").write_text(json.dumps(trace))
    task = load_task(folder)
    shots = tmp_path / "shots"
    shots.mkdir()

    def steps(texts: list[str]) -> list[Step]:
        return [Step(i, text=t, screenshot=f"step_{i}.png") for i, t in enumerate(texts)]

    # Working copy: same screenshots, same texts.
    for i in range(4):
        shutil.copyfile(task.checkpoint(i), shots / f"step_{i}.png")
    good = score_task(task, steps(["", "1 item", "1 item", "Saved"]), shots)
    assert good.passed == 3, [s.reason for s in good.steps]
    assert any(c.startswith("ok: visible change") for c in good.steps[0].checks)
    # Static look-alike: every action executes, nothing changes.
    for i in range(4):
        shutil.copyfile(task.checkpoint(0), shots / f"step_{i}.png")
    static = score_task(task, steps(["", "", "", ""]), shots)
    assert static.passed == 0
    assert static.steps[0].status == "assertion_failed"
    assert "text transition: 0/1" in static.steps[0].reason
