"""The judge suite's scoring of the held-out sets on a made-up results.json: wrong targets
are counted against each set's own reference_boxes.json. No Docker, no browser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import judge_suite
from evaluator.tasks.published import load_published


def _results(tmp_path: Path, point: list[float], task_id: str = "h-coffee") -> Path:
    step = {"index": 1, "type": "click", "status": "passed", "description": "Open the cart",
            "target": {"box": [0, 0, 10, 10], "point": point}}  # fmt: skip
    task = {"id": task_id, "passed": 1, "total": 5, "ifs": 0.2, "vfs": 0.5, "final": 0.3,
            "steps": [step]}  # fmt: skip
    path = tmp_path / "results.json"
    path.write_text(json.dumps({"tasks": [task]}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("suite", "task_id"),
    [
        ("heldout", "h-coffee"),
        ("heldout2", "h2-tip"),
        ("heldout3", "h3-mortgage"),
        ("heldout4", "h4-photo"),
        ("heldout5", "h5-seats"),
        ("heldout6", "h6-evening"),
        ("heldout7", "h7-files"),
        ("heldout8", "h8-chat"),
        ("heldout9", "h9-bench"),
        ("heldout10", "h10-card"),
        ("heldout11", "h11-close"),
        ("heldout12", "h12-bags"),
        ("heldout13", "h13-anya"),
        ("heldout14", "h14-arena"),
        ("heldout15", "h15-birthday"),
        ("heldout16", "h16-tasca"),
        ("heldout17", "h17-buy"),
    ],
)
def test_heldout_clicks_are_checked_against_its_own_reference_boxes(
    tmp_path: Path, suite: str, task_id: str
) -> None:
    boxes = json.loads((judge_suite.FOLDERS[suite] / "reference_boxes.json").read_text())
    x, y, w, h = boxes[task_id]["1"]
    right = judge_suite.score_run(
        _results(tmp_path, [x + w / 2, y + h / 2], task_id), suite, "nojs"
    )
    assert (right.passed, right.total, right.wrong, right.executed) == (1, 5, 0, 1)
    wrong = judge_suite.score_run(_results(tmp_path, [x + w + 50, y], task_id), suite, "nojs")
    assert (wrong.wrong, wrong.executed) == (1, 1)
    assert "WRONG" in wrong.details[0]


def test_the_default_run_keeps_the_rows_it_always_had() -> None:
    assert judge_suite.DEFAULT_SUITES == ("bundled", "described")
    assert set(judge_suite.SUITES) == {
        "bundled",
        "described",
        "heldout",
        "heldout2",
        "heldout3",
        "heldout4",
        "heldout5",
        "heldout6",
        "heldout7",
        "heldout8",
        "heldout9",
        "heldout10",
        "heldout11",
        "heldout12",
        "heldout13",
        "heldout14",
        "heldout15",
        "heldout16",
        "heldout17",
    }


@pytest.mark.parametrize("suite", sorted(judge_suite.FOLDERS))
def test_every_folder_suite_loads_and_its_boxes_name_its_own_tasks(suite: str) -> None:
    """A set added to FOLDERS (a new held-out set) is judged by the same loader as any
    published data.jsonl: every row must load without problems, hold the tasks its
    make_sources.py writes, and its reference boxes must name only those tasks."""
    folder = judge_suite.FOLDERS[suite]
    tasks = load_published(folder / "data.jsonl")
    assert [t.problems for t in tasks if t.problems] == []
    ids = {t.id for t in tasks}
    assert ids == set(judge_suite._folder_sources(folder))
    boxes = json.loads((folder / "reference_boxes.json").read_text())
    assert set(boxes) <= ids
    assert all(t.actions for t in tasks)
