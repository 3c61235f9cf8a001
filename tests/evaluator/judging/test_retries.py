"""Second tries (offline profile): which elements the task's evidence points to, and the
loop that judges a page again with them and keeps the judging that got furthest (pure
units: a stand-in page judge; the Docker test is tests/sandbox/test_second_tries.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evaluator.judging.grounding import Element
from evaluator.judging.retries import (
    CHOOSER,
    candidates,
    judging_settings,
    second_tries,
)
from evaluator.results import TaskResult, TaskStatus
from evaluator.tasks.task import Action, Task


def _el(
    index: int, role: str, name: str, box: tuple[int, int, int, int], text: str = ""
) -> Element:
    return Element(index=index, role=role, name=name, text=text or name, box=box)


LISTED = [
    _el(1, "button", "Inbox", (10, 10, 80, 30)),
    _el(2, "button", "Archive", (400, 100, 28, 28), text=""),
    _el(3, "button", "Delete", (440, 100, 28, 28), text=""),
    _el(4, "link", "Quarterly report", (10, 200, 300, 40)),
    _el(5, "textbox", "Search mail", (600, 10, 200, 30), text=""),
]


def _click(description: str) -> Action:
    return Action(type="click", description=description)


def test_the_pointer_on_an_element_is_enough() -> None:
    found = candidates(_click("Put it away"), LISTED, pointed="414,112")
    assert [c.element.index for c in found] == [2]
    assert "pointer on it" in found[0].why


def test_words_alone_are_not_enough_but_two_words_are() -> None:
    assert candidates(_click("Open the report"), LISTED) == []
    found = candidates(_click("Open the quarterly report"), LISTED)
    assert [c.element.index for c in found] == [4]


def test_with_a_pointer_only_elements_near_it_are_tried() -> None:
    # The change covers both icons; the pointer is on the delete icon: the archive icon,
    # 52 px from it, is not tried whatever else it has.
    found = candidates(_click("Put it away"), LISTED, changed="390,90,90,50", pointed="480,112")
    assert [c.element.index for c in found] == [3]


def test_without_a_pointer_a_change_needs_a_word_and_smaller_elements_go_first() -> None:
    changed = "0,90,500,160"  # over both icons and the report link
    assert candidates(_click("Put it away"), LISTED, changed=changed) == []
    found = candidates(_click("Archive or delete the report"), LISTED, changed=changed)
    assert [c.element.index for c in found] == [2, 3, 4]
    assert [c.points for c in found] == [2, 2, 2]


def test_the_element_already_tried_is_not_tried_again() -> None:
    tried = {"box": [400.0, 100.0, 28.0, 28.0], "text": ""}
    found = candidates(_click("Put it away"), LISTED, pointed="414,112", tried=tried)
    assert found == []


def test_a_type_takes_fields_only() -> None:
    action = Action(type="type", description="Look for the report", text="report")
    found = candidates(action, LISTED, pointed="700,25")
    assert [c.element.index for c in found] == [5]
    assert candidates(action, LISTED, pointed="414,112") == []


def test_settings_are_named_for_provenance() -> None:
    assert judging_settings("offline", None) == "second tries 3"
    assert judging_settings("offline", 0) == "second tries 0"
    assert judging_settings("paper", None) == ""


def _task(tmp_path: Path, n: int = 3) -> Task:
    return Task(
        id="t",
        title="t",
        category="test",
        width=1280,
        height=800,
        actions=tuple(_click(f"Do thing {i}") for i in range(1, n + 1)),
        root=tmp_path,
        assets_dir=tmp_path / "assets",
        video=tmp_path / "video.mp4",
        checkpoints_dir=tmp_path / "checkpoints",
    )


class StandIn:
    """A page judge whose page passes action 2 only when element 2 is pinned to it, and
    action 3 never; it writes a trace with an element list and one screenshot a try."""

    def __init__(self, passes_with: dict[int, int]) -> None:
        self.passes_with = passes_with
        self.calls: list[dict[int, str]] = []

    def __call__(self, task: Task, html: str, out_dir: Path, **kwargs: Any) -> TaskResult:
        assert kwargs.get("elements") is True
        out_dir.mkdir(parents=True, exist_ok=True)
        pins = {
            i: a.target["element_index"]
            for i, a in enumerate(task.actions, start=1)
            if a.target and a.target.get("element_first") == CHOOSER
        }
        self.calls.append(pins)
        elements = [
            {
                "index": 1,
                "role": "button",
                "name": "A",
                "text": "A",
                "x": 0,
                "y": 0,
                "w": 50,
                "h": 20,
            },
            {
                "index": 2,
                "role": "button",
                "name": "B",
                "text": "B",
                "x": 100,
                "y": 0,
                "w": 50,
                "h": 20,
            },
        ]
        steps, trace, passed = [], [], 0
        for i, _ in enumerate(task.actions, start=1):
            trace.append({"index": i - 1, "elements": elements, "scroll_y": 0})
            ok = self.passes_with.get(i) is None or pins.get(i) == str(self.passes_with[i])
            if i == 3:
                ok = False
            steps.append(
                {
                    "index": i,
                    "type": "click",
                    "status": "passed" if ok and passed == i - 1 else "assertion_failed",
                    "reason": "" if ok else f"stand-in check of action {i} failed",
                    "target": {"box": [0.0, 0.0, 50.0, 20.0], "text": "A"},
                    "hints": [],
                }
            )
            if ok and passed == i - 1:
                passed = i
        (out_dir / "trace.json").write_text(json.dumps({"steps": trace}))
        (out_dir / f"shot-{len(self.calls)}.png").write_bytes(b"x")
        return TaskResult(
            id=task.id, status=TaskStatus.OK, passed=passed, total=len(task.actions), steps=steps
        )


@pytest.fixture
def pointer_on_b(monkeypatch: pytest.MonkeyPatch) -> None:
    # The recording's pointer was on element B (100..150, 0..20) for every action.
    monkeypatch.setattr("evaluator.judging.retries.task_pointed_hint", lambda *a: "120,10")
    monkeypatch.setattr("evaluator.judging.retries.changed_hint", lambda *a: "")


@pytest.mark.usefixtures("pointer_on_b")
def test_a_try_that_passes_is_kept_with_its_evidence(tmp_path: Path) -> None:
    page = StandIn({2: 2})
    out = tmp_path / "out"
    result = second_tries(page, retries=3)(_task(tmp_path), "<html>", out)
    assert result.passed == 2
    # First judging, then element 2 pinned at action 2 (passed), then action 3 has no
    # candidate left but element 2 (tried: still fails): three judgings in all.
    assert page.calls[:2] == [{}, {2: "2"}]
    assert sorted(p.name for p in out.iterdir()) == ["shot-2.png", "trace.json"]
    assert "second_tries" in result.judge
    assert any("tried [2]" in h for h in result.steps[1]["hints"])
    assert not list(tmp_path.glob(".out.try-*")), "a try's folder was left behind"


@pytest.mark.usefixtures("pointer_on_b")
def test_no_try_passes_and_the_first_judging_stays(tmp_path: Path) -> None:
    page = StandIn({2: 99})
    out = tmp_path / "out"
    result = second_tries(page, retries=3)(_task(tmp_path), "<html>", out)
    assert result.passed == 1
    assert page.calls == [{}, {2: "2"}]
    assert sorted(p.name for p in out.iterdir()) == ["shot-1.png", "trace.json"]
    assert "kept the first judging" in result.steps[1]["hints"][-1]
    # The trace says why the try failed as well: its own first failed check.
    assert (
        "it failed as well (at action 2: stand-in check of action 2 failed)"
        in (result.steps[1]["hints"][-1])
    )


@pytest.mark.usefixtures("pointer_on_b")
def test_retries_are_bounded(tmp_path: Path) -> None:
    page = StandIn({2: 2})
    second_tries(page, retries=1)(_task(tmp_path), "<html>", tmp_path / "out")
    assert len(page.calls) == 2
    page = StandIn({2: 2})
    second_tries(page, retries=0)(_task(tmp_path), "<html>", tmp_path / "out0")
    assert len(page.calls) == 1
