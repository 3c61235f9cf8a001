"""Rows of the published schema read as published: every field, nulls where the
dataset's loader allows them, integer ids, broken rows kept as task errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluator.tasks.published import load_published
from evaluator.tasks.validate import validate
from tests.evaluator.bundled import shorten_recording
from tests.evaluator.tasks.published_rows import BROKEN_ID, write_dataset


def _row(**changes: object) -> dict:
    row: dict = {
        "id": 7,
        "classification": {
            "interaction_complexity": "High",
            "visual_complexity": None,
            "domain": "E-commerce",
            "sub_domain": None,
        },
        "recording_details": {"resolution": "1280x720", "environment": None},
        "source_website": "https://shop.example",
        "action_sequence": [
            {
                "type": "Type",
                "parameters": {
                    "key": None,
                    "direction": None,
                    "scroll_page": None,
                    "description": "Type Maria Lopez into the name field",
                },
                "visual_evaluation_flag": True,
                "checkpoint_screenshot": "checkpoints/step_1.png",
                "logical_assertion": "The name field shows Maria Lopez.",
            },
            {
                "type": "Press",
                "parameters": {
                    "key": None,
                    "direction": None,
                    "scroll_page": None,
                    "description": "Press the Enter key to search",
                },
                "visual_evaluation_flag": None,
                "checkpoint_screenshot": None,
                "logical_assertion": None,
            },
            {
                "type": "Scroll",
                "parameters": {
                    "key": None,
                    "direction": "up",
                    "scroll_page": None,
                    "description": None,
                },
                "visual_evaluation_flag": False,
                "checkpoint_screenshot": "checkpoints/step_3.png",
                "logical_assertion": "The page is back at the top.",
            },
        ],
    }
    row.update(changes)
    return row


def _load(tmp_path: Path, *rows: object) -> list:
    jsonl = tmp_path / "data.jsonl"
    jsonl.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return load_published(jsonl)


def test_a_real_shaped_row_reads_every_field(tmp_path: Path) -> None:
    (task,) = _load(tmp_path, _row())
    assert (task.id, task.width, task.height, task.problems) == ("7", 1280, 720, ())
    assert task.root == tmp_path / "data" / "7"
    assert task.classification == {"interaction_complexity": "High", "domain": "E-commerce"}
    assert task.source_website == "https://shop.example"
    assert task.source == "data.jsonl:1"
    typed, pressed, scrolled = task.actions
    assert typed.inputs() == {"text": "Maria Lopez", "text_source": "description"}
    assert typed.target["placeholder"] == "name"  # the typed text is not the field's name
    assert (typed.visual, typed.assertion) == (True, "The name field shows Maria Lopez.")
    assert pressed.inputs() == {"key": "Enter", "key_source": "description"}
    assert (pressed.visual, pressed.assertion) == (False, "")
    assert scrolled.inputs() == {
        "amount": -360,
        "axis": "y",
        "direction_source": "parameters",
        "scroll_page_source": "default",
    }
    assert scrolled.description == "Scroll"  # null description: a scroll needs none


def test_resolution_falls_back_to_metadata_then_1920x1080(tmp_path: Path) -> None:
    (tmp_path / "data" / "8").mkdir(parents=True)
    (tmp_path / "data" / "8" / "metadata.json").write_text('{"resolution": "1366x768"}')
    first, second, third = _load(
        tmp_path,
        _row(id=8, recording_details=None),
        _row(id=9, recording_details={"resolution": None, "environment": "Chrome"}),
        _row(id=10),
    )
    assert (first.width, first.height) == (1366, 768)
    assert (second.width, second.height) == (1920, 1080)
    assert (third.width, third.height) == (1280, 720)
    # Half a page is half of whichever resolution was found.
    assert first.actions[2].amount == -384 and second.actions[2].amount == -540


def test_a_type_whose_text_cannot_be_read_loads_and_says_so(tmp_path: Path) -> None:
    row = _row()
    row["action_sequence"][0]["parameters"]["description"] = "Type your name into the field"
    (task,) = _load(tmp_path, row)
    assert task.problems == ()
    assert task.actions[0].missing_inputs() == ["text"]
    assert task.actions[0].inputs()["text_source"] == "missing"
    _, problems = validate(tmp_path / "data.jsonl")
    assert any("action_sequence[0].parameters.text: null" in p for p in problems)


def test_one_broken_row_among_good_ones_names_every_problem(tmp_path: Path) -> None:
    bad = _row(id="x y", classification="easy", recording_details={"resolution": "big"})
    bad["action_sequence"][0]["type"] = "Hover"
    bad["action_sequence"][1]["parameters"]["key"] = 13
    bad["action_sequence"][2]["parameters"]["scroll_page"] = "lots"
    tasks = _load(tmp_path, _row(id=1), bad, "{not json", _row(id=1), _row(id=4))
    assert [t.id for t in tasks] == ["1", "line-2", "line-3", "line-4", "4"]
    assert [bool(t.problems) for t in tasks] == [False, True, True, True, False]
    where = f"{tmp_path / 'data.jsonl'}"
    assert [p.split(": ")[0] for p in tasks[1].problems] == [
        f"{where}:2.id",
        f"{where}:2.classification",
        f"{where}:2.recording_details.resolution",
        f"{where}:2.action_sequence[0].type",
        f"{where}:2.action_sequence[1].parameters.key",
        f"{where}:2.action_sequence[2].parameters",
    ]
    assert tasks[2].problems[0].startswith(f"{where}:3: not JSON")
    assert "used by an earlier row" in tasks[3].problems[0]
    checked, problems = validate(tmp_path / "data.jsonl")
    assert checked == 5
    # Every problem of every row (file checks of the good rows come on top).
    for task in tasks[1:4]:
        assert set(task.problems) <= set(problems)


@pytest.mark.parametrize(
    "change",
    [
        {"classification": None},
        {"source_website": None},
        {"recording_details": None},
        {"classification": {"domain": None, "extra": "kept out"}},
    ],
)
def test_nulls_the_loader_allows_are_accepted(tmp_path: Path, change: dict) -> None:
    (task,) = _load(tmp_path, _row(**change))
    assert task.problems == ()


def test_the_fixture_dataset_loads_and_validates_with_every_problem(tmp_path: Path) -> None:
    jsonl = write_dataset(tmp_path)
    for folder in (tmp_path / "data").iterdir():
        shorten_recording(folder)  # validate() decodes each recording: the real ones cost 1.5 s
    tasks = load_published(jsonl)
    assert [t.id for t in tasks] == ["101", "102", "103", str(BROKEN_ID)]
    assert tasks[2].width == 1280  # from metadata.json: its row has no resolution
    assert tasks[1].classification == {
        "interaction_complexity": "Medium",
        "visual_complexity": "Low",
        "domain": "Games",
    }
    sources = {(a.type, s) for t in tasks[:3] for a in t.actions for s in a.inputs().values()} & {
        ("type", "description"),
        ("press", "description"),
        ("scroll", "parameters"),
    }
    assert len(sources) == 3
    assert tasks[2].actions[-1].amount < 0  # "Scroll back up to the top", direction up
    checked, problems = validate(jsonl)
    assert checked == 4
    assert len(problems) == 2 and all(f"{jsonl}:4.action_sequence" in p for p in problems)
