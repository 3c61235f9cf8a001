"""The validity suite: better reconstructions must score higher, on real judging.

For each task, five graded candidates (see candidates.py) are judged in real
containers; the orderings that must hold are asserted, and the rank correlation of
Final with the grade is printed at the end of the test session.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scipy.stats import kendalltau

from evaluator.judging.judge import judge_page
from evaluator.tasks.task import load_tasks
from tests.evaluator.validity.candidates import GRADES, candidates

REPO = Path(__file__).resolve().parents[3]
TASK_IDS = (
    "todo-app",
    "coffee-shop",
    "tip-calculator",
    "tic-tac-toe",
    "tiles-2048",
    "travel-booking",
)
# Filled by the tests, printed by tests/conftest.py's terminal summary.
CORRELATIONS: dict[str, float] = {}

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]


def _tasks() -> list:
    by_id = {t.id: t for t in load_tasks(REPO / "tasks")}
    return [by_id[i] for i in TASK_IDS if i in by_id]


@pytest.mark.parametrize("task", _tasks(), ids=lambda t: t.id)
def test_graded_candidates_are_ordered(task, tmp_path: Path) -> None:
    results = {}
    for grade, (html, judged_as) in candidates(task).items():
        results[grade] = judge_page(judged_as, html, tmp_path / grade)
        assert results[grade].status == "ok", (grade, results[grade].reason)
    ifs = {g: r.ifs for g, r in results.items()}
    step0 = {g: (r.initial.get("vision") or {}).get("score", 0.0) for g, r in results.items()}
    detail = {g: (r.passed, [s["status"] for s in r.steps]) for g, r in results.items()}
    assert ifs["exact"] == ifs["restyled"] == 1.0, detail
    assert ifs["restyled"] > ifs["half"] > ifs["static"] >= ifs["unrelated"], detail
    assert step0["exact"] > step0["static"] > step0["unrelated"], step0
    finals = [results[g].final for g in GRADES]
    tau = kendalltau(list(range(len(GRADES), 0, -1)), finals).statistic
    CORRELATIONS[task.id] = float(tau)
    assert tau > 0.7, dict(zip(GRADES, finals, strict=True))


def test_judging_the_same_page_twice_gives_identical_scores(tmp_path: Path) -> None:
    task = _tasks()[0]
    html = task.reference_page.read_text()
    first = judge_page(task, html, tmp_path / "a")
    second = judge_page(task, html, tmp_path / "b")
    assert (first.ifs, first.vfs, first.final) == (second.ifs, second.vfs, second.final)
    assert [s["status"] for s in first.steps] == [s["status"] for s in second.steps]
