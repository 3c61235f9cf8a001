"""docs/task.schema.json and the loader must agree: on every bundled task and on
each kind of broken one."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from evaluator.tasks.task import TaskError, load_task
from tests.evaluator.conftest import TASK, write_task

REPO = Path(__file__).resolve().parents[3]
SCHEMA = json.loads((REPO / "docs" / "task.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def test_schema_is_valid_and_every_bundled_task_follows_it() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    files = sorted((REPO / "tasks").glob("*/task.json"))
    assert files
    for path in files:
        errors = [e.message for e in VALIDATOR.iter_errors(json.loads(path.read_text()))]
        assert errors == [], path


def _break(change: str) -> dict:
    data = copy.deepcopy(TASK)
    action = data["actions"][0]
    if change == "type":
        action["type"] = "hover"
    elif change == "click-target":
        del action["target"]
    elif change == "target-key":
        action["target"]["xpath"] = "//a"
    elif change == "viewport":
        data["viewport"]["height"] = 50
    elif change == "expect":
        action["expect"] = {"text_present": [""]}
    elif change == "type-text":
        data["actions"][1].pop("text")
    elif change == "classification-key":
        data["classification"] = {"difficulty": "hard"}
    elif change == "classification-value":
        data["classification"] = {"domain": 3}
    return data


@pytest.mark.parametrize(
    "change",
    [
        "type",
        "click-target",
        "target-key",
        "viewport",
        "expect",
        "type-text",
        "classification-key",
        "classification-value",
    ],
)
def test_schema_and_loader_reject_the_same_breakage(tmp_path: Path, change: str) -> None:
    data = _break(change)
    assert list(VALIDATOR.iter_errors(data)), "the schema accepted it"
    with pytest.raises(TaskError):
        load_task(write_task(tmp_path, data))


def test_schema_and_loader_accept_the_same_good_task(tmp_path: Path) -> None:
    assert list(VALIDATOR.iter_errors(TASK)) == []
    load_task(write_task(tmp_path, TASK))


def test_every_bundled_task_is_classified_as_published() -> None:
    for path in sorted((REPO / "tasks").glob("*/task.json")):
        task = load_task(path.parent)
        assert set(task.classification) == {
            "interaction_complexity",
            "visual_complexity",
            "domain",
            "sub_domain",
        }, path
        assert task.classification["interaction_complexity"] in {"Low", "Medium", "High"}
        assert task.classification["visual_complexity"] in {"Low", "Medium", "High"}
