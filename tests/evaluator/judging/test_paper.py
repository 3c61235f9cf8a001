"""The paper profile's arithmetic and parsing on fixed inputs (a scripted judge)."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

from clients.types import Generation
from evaluator.judging.paper import PaperJudge, assertion_for, paper_vfs, score_paper
from evaluator.judging.paper_replies import JudgeError, parse_rubric, parse_yes_no
from evaluator.scoring.score import final_score
from evaluator.tasks.task import load_task
from sandbox.runner.record import Step


class ScriptedJudge:
    """Answers assertion questions from a list, rubric questions with fixed JSON."""

    def __init__(self, verdicts: list[str], rubric: str) -> None:
        self.verdicts, self.rubric, self.asked = list(verdicts), rubric, []

    def generate(self, bundle) -> Generation:  # noqa: ANN001
        self.asked.append(bundle.prompt)
        if "Statement:" in bundle.prompt:
            return Generation(text=self.verdicts.pop(0))
        return Generation(text=self.rubric)


def test_parsers() -> None:
    assert parse_yes_no("Yes.") and not parse_yes_no("No, the cart is empty")
    with pytest.raises(JudgeError):
        parse_yes_no("maybe")
    text = 'Here: {"layout": 8, "elements": 20, "content": 30, "style": 11, "overall": 15}'
    assert parse_rubric(text) == 8 + 15 + 30 + 11 + 15  # elements clipped to its 15
    with pytest.raises(JudgeError):
        parse_rubric("{}")


def _setup(mini_task: Path, tmp_path: Path) -> tuple:
    task = load_task(mini_task)
    shots = tmp_path / "shots"
    shots.mkdir()
    for i in range(4):
        shutil.copyfile(task.checkpoint(i), shots / f"step_{i}.png")
    steps = [Step(i, screenshot=f"step_{i}.png") for i in range(4)]
    return task, shots, steps


def test_published_formulas_on_fixed_inputs(mini_task: Path, tmp_path: Path) -> None:
    task, shots, steps = _setup(mini_task, tmp_path)
    rubric = '{"layout": 10, "elements": 15, "content": 20, "style": 15, "overall": 10}'
    client = ScriptedJudge(["Yes", "No", "Yes"], rubric)
    # One question at a time, as the published judge asks them.
    judge = PaperJudge(client, "judge-x", tmp_path / "cache", concurrency=1)
    score = score_paper(task, steps, shots, judge)
    # The first No (action 2) ends the prefix: IFS = 1/3.
    assert score.passed == 1 and score.ifs == pytest.approx(1 / 3)
    assert [s.status for s in score.steps] == ["passed", "assertion_failed", "not_judged"]
    # Visual list: step 0 and action 1 (flagged); identical screenshots give LFS 1,
    # the rubric gives 70/100 each time.
    assert score.lfs == pytest.approx(1.0) and score.hfs == pytest.approx(0.70)
    assert score.vfs == pytest.approx(paper_vfs(1.0, 0.70)) == pytest.approx(0.85)
    assert score.final == pytest.approx(final_score(1 / 3, 0.85))
    assert score.final == pytest.approx(0.7 * (1 / 3) + 0.3 * 0.85)
    assert judge.calls == 4  # 2 assertions + 2 rubrics
    # Judging again is answered from the cache: same scores, no model call.
    again = PaperJudge(
        ScriptedJudge([], rubric="unused"), "judge-x", tmp_path / "cache", concurrency=1
    )
    assert score_paper(task, steps, shots, again).final == score.final
    assert again.calls == 0


def test_assertion_text_falls_back_to_expectations(mini_task: Path) -> None:
    task = load_task(mini_task)
    assert assertion_for(task.actions[0]) == "After the action, the page shows '1 item'."
    assert "visibly responded" in assertion_for(task.actions[1])


class ContentJudge:
    """Answers by what is asked (safe from several threads): No to the statement of the
    action whose description holds ``deny``, a published-format JSON answer otherwise,
    and 'Score: 60/100' to rubric questions."""

    def __init__(self, deny: str) -> None:
        self.deny, self.lock, self.asked = deny, threading.Lock(), 0

    def generate(self, bundle) -> Generation:  # noqa: ANN001
        with self.lock:
            self.asked += 1
        if "Statement:" in bundle.prompt:
            verdict = "No" if self.deny in bundle.prompt else "Yes"
            return Generation(
                text=json.dumps({"think": "compared both", "result": verdict}),
                input_tokens=100,
                output_tokens=7,
            )
        return Generation(text="The layout matches. Score: 60/100", input_tokens=50)


def test_concurrent_questions_give_the_sequential_scores(mini_task: Path, tmp_path: Path) -> None:
    task, shots, steps = _setup(mini_task, tmp_path)
    one = PaperJudge(ContentJudge("Type hello"), "j", tmp_path / "c1", concurrency=1)
    many = PaperJudge(ContentJudge("Type hello"), "j", tmp_path / "c2", concurrency=4)
    a, b = score_paper(task, steps, shots, one), score_paper(task, steps, shots, many)
    assert (a.passed, a.final, a.hfs) == (b.passed, b.final, b.hfs) == (1, a.final, 0.6)
    assert one.calls == 4 and many.calls == 5  # at most concurrency - 1 questions more
    usage = many.take_usage(task.id)
    assert usage == {"calls": 5, "cached": 0, "input_tokens": 3 * 100 + 2 * 50, "output_tokens": 21}
    assert many.take_usage(task.id)["calls"] == 0


def test_templates_from_files_are_used_unchanged(tmp_path: Path) -> None:
    from evaluator.judging.paper_prompts import load_templates

    (tmp_path / "assertion.txt").write_text(
        'Judge {"strictly"}. Did "{action}" make this true: {assertion}? Statement: reply JSON'
    )
    templates = load_templates(tmp_path)
    judge = PaperJudge(ContentJudge("x"), "j", tmp_path / "c", templates=templates)
    text = judge.prompt("assertion", action="Click Add", assertion="1 item")
    assert (
        text == 'Judge {"strictly"}. Did "Click Add" make this true: 1 item? Statement: reply JSON'
    )
    assert judge.prompt("rubric").startswith("Compare a generated web page")  # ours
    with pytest.raises(ValueError, match="no judge template"):
        load_templates(tmp_path / "c")


class InputsJudge:
    """Answers the inputs question with the text and key the descriptions name."""

    def __init__(self) -> None:
        self.prompts: list[str] = []

    def generate(self, bundle) -> Generation:  # noqa: ANN001
        self.prompts.append(bundle.prompt)
        return Generation(text='Sure: {"1": "my name", "2": "Enter", "9": "ignored"}')


def test_the_judge_supplies_missing_text_and_key(tmp_path: Path) -> None:
    from evaluator.judging.judge import input_gaps
    from evaluator.judging.profiles import with_judged_inputs
    from evaluator.tasks.published import load_published

    row = {
        "id": 5,
        "recording_details": {"resolution": "320x240"},
        "action_sequence": [
            {"type": "Type", "parameters": {"description": "Type your name into the field"}},
            {"type": "Press", "parameters": {"description": "Confirm", "key": None}},
            {"type": "Scroll", "parameters": {"description": "Scroll down"}},
        ],
    }
    (tmp_path / "data.jsonl").write_text(json.dumps(row) + "\n")
    (task,) = load_published(tmp_path / "data.jsonl")
    assert len(input_gaps(task)) == 2  # offline: a task_error naming both actions
    client = InputsJudge()
    judge = PaperJudge(client, "j", tmp_path / "cache")
    filled = with_judged_inputs(task, judge)
    assert input_gaps(filled) == []
    assert filled.actions[0].inputs() == {"text": "my name", "text_source": "judge"}
    assert filled.actions[1].inputs() == {"key": "Enter", "key_source": "judge"}
    assert "1. [type] NEEDS TEXT Type your name" in client.prompts[0]
    assert "2. [press] NEEDS KEY Confirm" in client.prompts[0]
    assert judge.take_usage(task.id)["calls"] == 1
    # Nothing missing: no question.
    assert with_judged_inputs(filled, judge) is filled and len(client.prompts) == 1
