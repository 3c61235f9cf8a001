"""The description-only tasks (tasks-described/): published rows, nothing of ours."""

from __future__ import annotations

import json
from pathlib import Path

from evaluator.tasks.loader import load_tasks

DATA = Path(__file__).resolve().parents[3] / "tasks-described" / "data.jsonl"


def test_rows_carry_only_what_the_published_dataset_carries() -> None:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 12
    for row in rows:
        assert "iwr" not in row, row["id"]  # no hints, expectations or reference text
        for action in row["action_sequence"]:
            assert action["parameters"]["description"]
            assert action["logical_assertion"]
            assert set(action["parameters"]) <= {"description", "text", "key", "direction",
                                                 "scroll_page"}  # fmt: skip


def test_tasks_load_with_a_checkpoint_per_action_and_a_video() -> None:
    tasks = load_tasks(DATA)
    assert sum(len(t.actions) for t in tasks) >= 80
    for task in tasks:
        assert task.video.is_file(), task.id
        assert task.reference_page is not None, task.id  # kept for the oracle only
        for index in range(len(task.actions) + 1):
            assert task.checkpoint(index).is_file(), (task.id, index)
        for action in task.actions:
            assert "selector" not in action.target, (task.id, action.description)
