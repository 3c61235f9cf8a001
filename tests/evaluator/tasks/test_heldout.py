"""The held-out description-only tasks (tasks-heldout/): published rows, nothing of ours."""

from __future__ import annotations

import json
from pathlib import Path

HELDOUT = Path(__file__).resolve().parents[3] / "tasks-heldout"
DATA = HELDOUT / "data.jsonl"


def test_rows_are_held_out_tasks_of_five_to_eight_actions() -> None:
    """What every description-only set carries is checked in test_described.py."""
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        assert row["id"].startswith("h-"), row["id"]
        assert 5 <= len(row["action_sequence"]) <= 8, row["id"]


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
