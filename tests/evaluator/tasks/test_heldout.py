"""The held-out description-only sets (tasks-heldout/, tasks-heldout2/): published rows,
nothing of ours, on pages no set before them uses."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
# Each held-out set: its folder, its ids' prefix, and the sets written before it, whose
# pages it must not reuse (the finder was tuned on those).
SETS = [
    pytest.param("tasks-heldout", "h-", ("tasks-described",), id="heldout"),
    pytest.param("tasks-heldout2", "h2-", ("tasks-described", "tasks-heldout"), id="heldout2"),
]


def _pages(folder: Path) -> set[str]:
    """The bundled pages a set's make_sources.py reuses (each TASKS entry's first item)."""
    text = (folder / "make_sources.py").read_text(encoding="utf-8")
    return set(re.findall(r'^        "([a-z0-9-]+)",$', text, flags=re.MULTILINE))


@pytest.mark.parametrize(("name", "prefix", "earlier"), SETS)
def test_rows_are_held_out_tasks_of_five_to_eight_actions(
    name: str, prefix: str, earlier: tuple[str, ...]
) -> None:
    """What every description-only set carries is checked in test_described.py."""
    rows = [json.loads(line) for line in (REPO / name / "data.jsonl").read_text().splitlines()]
    for row in rows:
        assert row["id"].startswith(prefix), row["id"]
        assert 5 <= len(row["action_sequence"]) <= 8, row["id"]


@pytest.mark.parametrize(("name", "prefix", "earlier"), SETS)
def test_no_page_is_shared_with_an_earlier_set(
    name: str, prefix: str, earlier: tuple[str, ...]
) -> None:
    """Held out means unseen: a page a set tuned on uses is not reused."""
    folder = REPO / name
    boxes = json.loads((folder / "reference_boxes.json").read_text(encoding="utf-8"))
    ids = [json.loads(line)["id"] for line in (folder / "data.jsonl").read_text().splitlines()]
    assert sorted(boxes) == sorted(ids)
    pages = _pages(folder)
    assert len(pages) == len(ids)  # one page per task, each read off make_sources.py
    for page in pages:
        assert (REPO / "tasks" / page / "reference" / "index.html").is_file(), page
    for other in earlier:
        assert not pages & _pages(REPO / other), other
