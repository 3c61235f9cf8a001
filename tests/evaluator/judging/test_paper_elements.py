"""Paper profile: the judge model grounds a target the hints missed by choosing among the
page's numbered interactive elements (the runner's list of the state before the action),
with the screenshot question as fallback; end to end in the real sandbox with the fake
judge model over HTTP."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.evaluator.fake_judge import FakeJudge
from tests.evaluator.judging.test_paper_targets import _judge, _task

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]


def _prompts(judge: FakeJudge, marker: str) -> list[dict]:
    return [r for r in judge.requests if marker in r["messages"][0]["content"][0]["text"]]


def _text(request: dict) -> str:
    return request["messages"][0]["content"][0]["text"]


def _number_of(prompt: str, name: str) -> str:
    """The number the list gives the element named ``name``."""
    (number,) = re.findall(rf'^\[(\d+)\] button "{re.escape(name)}"', prompt, re.M)
    return number


LIST = "interactive elements as they are now"
SHOT = "The image is the page as it is now"


def test_the_judge_model_chooses_the_element_by_its_number(tmp_path: Path) -> None:
    task, jsonl = _task(tmp_path)
    answer = lambda p: f'{{"think": "the plus adds", "index": {_number_of(p, "+")}}}'  # noqa: E731
    with FakeJudge(selectors={}, element=answer) as judge:
        result = _judge(judge.url, tmp_path, jsonl, task, "a")
        (question,) = _prompts(judge, LIST)
        assert _prompts(judge, SHOT) == []
    prompt = _text(question)
    assert "Action: [click] Click the 'Add to basket' button" in prompt
    assert re.search(r'^\[\d+\] button "\+" at \(\d+,\d+ \d+x\d+\)$', prompt, re.M), prompt
    assert re.search(r'^\[\d+\] button "Reset" at ', prompt, re.M)
    assert result.status == "ok" and result.passed == 2, result.steps
    first = result.steps[0]
    assert first["target"]["found_by"] == "element_index"
    assert "chosen by the judge model" in first["target"]["why"]
    assert any("the judge model answered element" in h for h in first["hints"])
    # Judged again: the same numbers, and the element question comes from the cache.
    with FakeJudge(selectors={}, element=answer) as judge:
        again = _judge(judge.url, tmp_path, jsonl, task, "b")
        assert _prompts(judge, LIST) == []
    assert (again.passed, again.ifs, again.final) == (result.passed, result.ifs, result.final)


def test_a_bad_index_asks_the_screenshot_then_fails_the_step_cleanly(tmp_path: Path) -> None:
    task, jsonl = _task(tmp_path)
    with FakeJudge(
        selectors={}, element=lambda p: "[42]", on_screenshot=lambda p: "I cannot tell."
    ) as judge:
        result = _judge(judge.url, tmp_path, jsonl, task, "a")
        assert len(_prompts(judge, LIST)) == 1
        (shot,) = _prompts(judge, SHOT)
    # The screenshot went with the fallback question.
    assert any(part.get("type") == "image_url" for part in shot["messages"][0]["content"])
    assert result.status == "ok" and result.passed == 0
    first = result.steps[0]
    assert first["status"] == "target_not_found"
    (note,) = [h for h in first["hints"] if h.startswith("numbered elements:")]
    assert "named no listed element" in note and "nor on the screenshot" in note
    assert result.steps[1]["status"] == "not_run"


def test_the_screenshot_answer_may_be_a_point(tmp_path: Path) -> None:
    task, jsonl = _task(tmp_path)

    def point(prompt: str) -> str:
        x, y, w, h = map(
            int,
            re.search(
                r'^\[\d+\] button "\+" at \((\d+),(\d+) (\d+)x(\d+)\)', prompt, re.M
            ).groups(),
        )
        return f'{{"x": {x + w // 2}, "y": {y + h // 2}}}'

    with FakeJudge(selectors={}, element=lambda p: "none fits", on_screenshot=point) as judge:
        result = _judge(judge.url, tmp_path, jsonl, task, "a")
        assert len(_prompts(judge, SHOT)) == 1
    assert result.passed == 2, result.steps
    assert result.steps[0]["target"]["found_by"] == "element_index"
