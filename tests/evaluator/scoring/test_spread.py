"""A Type action's change beyond its field (evaluator/scoring/spread.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from PIL import Image, ImageDraw

from evaluator.scoring.score import score_task
from evaluator.scoring.spread import places, spread_check
from evaluator.tasks.task import load_task
from sandbox.runner.record import Step
from tests.evaluator.conftest import write_task

FIELD = (40, 60, 400, 100)
SUMMARY = (900, 500, 1200, 540)


def _screen(path: Path, field: str = "", summary: str = "", ring: bool = False) -> Path:
    """A 1280 x 800 page: a text field at the top left, a trip summary at the bottom right."""
    img = Image.new("RGB", (1280, 800), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle(FIELD, outline=(120, 120, 120), width=2)
    draw.text((920, 470), "Route", fill=(0, 0, 0))
    if ring:  # a focus ring around the field, well apart from its text
        draw.rectangle((FIELD[0] - 30, FIELD[1] - 30, FIELD[2] + 30, FIELD[3] + 30), outline="blue")
    if field:
        draw.rectangle((50, 70, 50 + 14 * len(field), 90), fill=(20, 20, 20))
    if summary:
        draw.rectangle((910, 510, 910 + 14 * len(summary), 530), fill=(20, 20, 20))
    img.save(path)
    return path


def test_places_are_counted_apart_and_a_ring_around_the_text_is_one(tmp_path: Path) -> None:
    empty = _screen(tmp_path / "empty.png")
    typed = _screen(tmp_path / "typed.png", field="Madrid")
    echoed = _screen(tmp_path / "echoed.png", field="Madrid", summary="Madrid")
    ringed = _screen(tmp_path / "ringed.png", field="Madrid", ring=True)
    assert places(empty, empty) == 0
    assert places(empty, typed) == 1
    assert places(empty, echoed) == 2
    # The ring's box holds the text's: one place, the field.
    assert places(empty, ringed) == 1


def test_the_page_must_change_beyond_its_field_where_the_reference_did(tmp_path: Path) -> None:
    empty = _screen(tmp_path / "empty.png")
    typed = _screen(tmp_path / "typed.png", field="Madrid")
    echoed = _screen(tmp_path / "echoed.png", field="Madrid", summary="Madrid")
    dead = spread_check(empty, echoed, empty, typed)
    assert dead is not None and not dead.ok
    assert "page changed 1 separate place(s), reference 2" in dead.detail
    live = spread_check(empty, echoed, empty, echoed)
    assert live is not None and live.ok
    # The reference changed its field only ("The box holds Buy oat milk"): nothing asked.
    assert spread_check(empty, typed, empty, typed) is None


def test_a_page_without_scripts_fails_a_type_step_the_reference_echoed(tmp_path: Path) -> None:
    # A published-layout task (no reference text): "Put Madrid in the departure box", the
    # assertion quoting what the summary shows. The page's text holds "Madrid" either way
    # (the field's value is painted text), so only the change beyond the field tells.
    data = {
        "id": "trip",
        "title": "Trip",
        "category": "test",
        "viewport": {"width": 1280, "height": 800},
        "actions": [
            {
                "type": "type",
                "description": "Put Madrid in the departure box",
                "text": "Madrid",
                "assertion": "The trip summary's route reads 'Madrid'.",
            }
        ],
    }
    folder = write_task(tmp_path / "tasks", data, shots=0)
    _screen(folder / "checkpoints" / "step_0.png")
    _screen(folder / "checkpoints" / "step_1.png", field="Madrid", summary="Madrid")
    task = load_task(folder)
    shots = tmp_path / "shots"
    shots.mkdir()
    steps = [Step(0, text="Route", screenshot="step_0.png")]
    steps.append(Step(1, text="Route\nMadrid", screenshot="step_1.png"))
    shutil.copyfile(task.checkpoint(0), shots / "step_0.png")
    shutil.copyfile(task.checkpoint(1), shots / "step_1.png")
    live = score_task(task, steps, shots)
    assert live.passed == 1, [s.reason for s in live.steps]
    assert any("ok: change beyond the field" in c for c in live.steps[0].checks)
    _screen(shots / "step_1.png", field="Madrid")
    dead = score_task(task, steps, shots)
    assert dead.passed == 0
    assert "change beyond the field: page changed 1" in dead.steps[0].reason
