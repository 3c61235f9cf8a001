"""The paper profile's arithmetic and parsing on fixed inputs (a scripted judge)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clients.types import Generation
from evaluator.judging.paper import (
    JudgeError,
    PaperJudge,
    assertion_for,
    paper_vfs,
    parse_rubric,
    parse_yes_no,
    score_paper,
)
from evaluator.scoring.score import final_score
from evaluator.tasks.task import load_task


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
    steps = [
        {"index": i, "status": "ok", "screenshot": f"step_{i}.png", "text": ""} for i in range(4)
    ]
    return task, shots, steps


def test_published_formulas_on_fixed_inputs(mini_task: Path, tmp_path: Path) -> None:
    task, shots, steps = _setup(mini_task, tmp_path)
    rubric = '{"layout": 10, "elements": 15, "content": 20, "style": 15, "overall": 10}'
    client = ScriptedJudge(["Yes", "No", "Yes"], rubric)
    judge = PaperJudge(client, "judge-x", tmp_path / "cache")
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
    again = PaperJudge(ScriptedJudge([], rubric="unused"), "judge-x", tmp_path / "cache")
    assert score_paper(task, steps, shots, again).final == score.final
    assert again.calls == 0


def test_assertion_text_falls_back_to_expectations(mini_task: Path) -> None:
    task = load_task(mini_task)
    assert assertion_for(task.actions[0]) == "After the action, the page shows '1 item'."
    assert "visibly responded" in assertion_for(task.actions[1])
