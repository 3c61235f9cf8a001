"""The held-out description-only tasks (tasks-heldout/): published rows, nothing of ours."""

from __future__ import annotations

import json
from pathlib import Path

from evaluator.tasks.loader import load_tasks

HELDOUT = Path(__file__).resolve().parents[3] / "tasks-heldout"
DATA = HELDOUT / "data.jsonl"


def test_rows_carry_only_what_the_published_dataset_carries() -> None:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 4
    for row in rows:
        assert row["id"].startswith("h-"), row["id"]
        assert "iwr" not in row, row["id"]  # no hints, expectations or reference text
        assert 5 <= len(row["action_sequence"]) <= 8, row["id"]
        for action in row["action_sequence"]:
            assert action["parameters"]["description"]
            assert action["logical_assertion"]
            assert set(action["parameters"]) <= {"description", "text", "key", "direction",
                                                 "scroll_page"}  # fmt: skip


def test_tasks_load_with_a_checkpoint_per_action_and_a_video() -> None:
    tasks = load_tasks(DATA)
    assert sum(len(t.actions) for t in tasks) >= 25
    for task in tasks:
        assert task.video.is_file(), task.id
        assert task.reference_page is not None, task.id  # kept for the oracle only
        for index in range(len(task.actions) + 1):
            assert task.checkpoint(index).is_file(), (task.id, index)
        for action in task.actions:
            assert "selector" not in action.target, (task.id, action.description)


def test_no_page_is_shared_with_the_described_tasks() -> None:
    """Held out means unseen: a page the described tasks (tuned on) use is not reused."""
    boxes = json.loads((HELDOUT / "reference_boxes.json").read_text(encoding="utf-8"))
    ids = [json.loads(line)["id"] for line in DATA.read_text(encoding="utf-8").splitlines()]
    assert sorted(boxes) == sorted(ids)
    described = (HELDOUT.parent / "tasks-described" / "make_sources.py").read_text("utf-8")
    held = (HELDOUT / "make_sources.py").read_text(encoding="utf-8")
    for page in ("kanban-board", "coffee-shop", "job-board", "dental-booking", "todo-app"):
        assert f'"{page}"' in held
        assert f'"{page}"' not in described, page
