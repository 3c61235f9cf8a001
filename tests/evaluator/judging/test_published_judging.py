"""A task in the published layout as it is released (descriptions and checkpoints only,
none of our hints, expectations or reference text) judged for real in the sandbox:
targets from the descriptions (evaluator/tasks/hints.py), transitions read by OCR."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from evaluator.judging.judge import judge_page
from evaluator.scoring import ocr
from evaluator.tasks.loader import load_tasks
from evaluator.tasks.published import export_published, load_published

REPO = Path(__file__).resolve().parents[3]
pytestmark = [
    pytest.mark.docker,
    pytest.mark.usefixtures("sandbox_image"),
    pytest.mark.skipif(not ocr.available(), reason=ocr.UNAVAILABLE_REASON),
]


def _as_released(tmp_path: Path):
    """tip-calculator exported, then stripped of our ``iwr`` key: what the dataset has."""
    task = next(t for t in load_tasks(REPO / "tasks") if t.id == "tip-calculator")
    jsonl = export_published([task], tmp_path / "pub")
    line = json.loads(jsonl.read_text())
    line.pop("iwr")
    jsonl.write_text(json.dumps(line) + "\n")
    (released,) = load_published(jsonl)
    assert released.reference_texts() == {} and not any(
        a.expect.text_present for a in released.actions
    )
    return released


def test_a_released_task_is_judged_from_descriptions_and_assertions(tmp_path: Path) -> None:
    task = _as_released(tmp_path)
    html = task.reference_page.read_text()
    oracle = judge_page(task, html, tmp_path / "oracle")
    assert oracle.status == "ok"
    assert oracle.passed == len(task.actions), [(s["status"], s["reason"]) for s in oracle.steps]
    first = oracle.steps[0]
    assert first["hints"] == [
        "hint from the description: placeholder and label 'Bill': the words before 'field'",
        "hint from the description: role textbox: a type action needs a text field",
    ]
    # Each logical assertion quotes what must show; those texts are checked on the page (an
    # assertion that quotes nothing falls back to OCR of the reference, see docs/JUDGE.md).
    assert all(
        any(c.startswith("ok: logical assertion") for c in s["checks"]) for s in oracle.steps
    )
    # The same look without its script: typing works, nothing reacts; the assertion says
    # what should have appeared, and the page does not show it.
    static = re.sub(r"<script\b.*?</script>", "", html, flags=re.DOTALL | re.IGNORECASE)
    dead = judge_page(task, static, tmp_path / "static")
    assert dead.status == "ok" and dead.passed == 0
    assert "logical assertion" in dead.steps[0]["reason"]
    assert dead.final < oracle.final
