"""The description-only task sets (tasks-described/, tasks-heldout/, tasks-heldout2/):
published rows, nothing of ours."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluator.tasks.loader import load_tasks

REPO = Path(__file__).resolve().parents[3]
# Each set's data.jsonl, with the fewest rows and actions it holds.
SETS = [
    pytest.param(REPO / "tasks-described" / "data.jsonl", 12, 80, id="described"),
    pytest.param(REPO / "tasks-heldout" / "data.jsonl", 4, 25, id="heldout"),
    pytest.param(REPO / "tasks-heldout2" / "data.jsonl", 6, 40, id="heldout2"),
]


@pytest.mark.parametrize(("data", "rows_at_least", "actions_at_least"), SETS)
def test_rows_carry_only_what_the_published_dataset_carries(
    data: Path, rows_at_least: int, actions_at_least: int
) -> None:
    rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= rows_at_least
    for row in rows:
        assert "iwr" not in row, row["id"]  # no hints, expectations or reference text
        for action in row["action_sequence"]:
            assert action["parameters"]["description"]
            assert action["logical_assertion"]
            assert set(action["parameters"]) <= {"description", "text", "key", "direction",
                                                 "scroll_page"}  # fmt: skip


@pytest.mark.parametrize(("data", "rows_at_least", "actions_at_least"), SETS)
def test_tasks_load_with_a_checkpoint_per_action_and_a_video(
    data: Path, rows_at_least: int, actions_at_least: int
) -> None:
    tasks = load_tasks(data)
    assert sum(len(t.actions) for t in tasks) >= actions_at_least
    for task in tasks:
        assert task.video.is_file(), task.id
        assert task.reference_page is not None, task.id  # kept for the oracle only
        for index in range(len(task.actions) + 1):
            assert task.checkpoint(index).is_file(), (task.id, index)
        for action in task.actions:
            assert "selector" not in action.target, (task.id, action.description)
