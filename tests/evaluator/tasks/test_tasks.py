import json
from pathlib import Path

import pytest

from evaluator.tasks.loader import load_tasks
from evaluator.tasks.task import TaskError, load_task
from tests.evaluator.conftest import TASK, write_task

REPO = Path(__file__).resolve().parents[3]


def test_loads_a_valid_task(mini_task: Path) -> None:
    task = load_task(mini_task)
    assert (task.id, task.width, task.height) == ("mini", 320, 240)
    assert [a.type for a in task.actions] == ["click", "type", "click"]
    assert task.actions[0].expect.text_present == ("1 item",)
    assert task.actions[1].visual is False
    assert [p.name for p in task.asset_files()] == ["logo.png"]


def test_bundled_tasks_load_and_are_recorded() -> None:
    tasks = load_tasks(REPO / "tasks")
    assert len(tasks) >= 3
    for task in tasks:
        assert task.missing_recording() == [], task.id


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": "Bad Id"}, "plain lower-case name"),
        ({"viewport": {"width": 10, "height": 240}}, "viewport.width"),
        ({"actions": []}, "non-empty list"),
        ({"actions": [{"type": "hover", "description": "x"}]}, "not one of"),
        ({"actions": [{"type": "type", "description": "x", "target": {}}]}, "text to type"),
        ({"actions": [{"type": "press", "description": "x"}]}, "key name"),
        ({"actions": [{"type": "click", "description": "x"}]}, "needs a target"),
        (
            {"actions": [{"type": "click", "description": "x", "target": {"xpath": "//a"}}]},
            "unknown",
        ),
    ],
)
def test_rejects_bad_fields_naming_them(tmp_path: Path, change: dict, message: str) -> None:
    data = {**TASK, **change}
    folder = write_task(tmp_path, {**data, "id": "mini"} if "id" not in change else TASK)
    if "id" in change:
        raw = json.loads((folder / "task.json").read_text())
        raw.update(change)
        (folder / "task.json").write_text(json.dumps(raw))
    with pytest.raises(TaskError, match=message):
        load_task(folder)


def test_missing_task_json_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(TaskError, match="no task folders"):
        load_tasks(tmp_path)
    (tmp_path / "broken").mkdir()
    with pytest.raises(TaskError, match="no task.json"):
        load_task(tmp_path / "broken")


def test_missing_recording_is_listed(mini_task: Path) -> None:
    task = load_task(mini_task)
    assert task.missing_recording() == ["video.mp4"]


def test_the_catalogue_is_up_to_date() -> None:
    from evaluator.tasks.catalogue import catalogue_markdown

    expected = catalogue_markdown(load_tasks(REPO / "tasks"))
    assert (REPO / "tasks" / "README.md").read_text() == expected, "run: iwr tasks catalogue"


def test_the_suite_is_as_large_and_varied_as_promised() -> None:
    tasks = load_tasks(REPO / "tasks")
    kinds = {a.type for t in tasks for a in t.actions}
    assert len(tasks) >= 24 and sum(len(t.actions) for t in tasks) >= 200
    assert kinds == {"click", "type", "press", "scroll"}
    assert sum(t.category == "game" for t in tasks) >= 3
