"""Per-category tables and summary intervals, from task records shaped as results.json."""

from __future__ import annotations

import pytest

from evaluator.results import RunResult, TaskResult
from evaluator.summary.breakdown import (
    UNSPECIFIED,
    categories,
    category_value,
    ci95,
    has_categories,
    sample_scores,
)


def _task(tid: str, final: float, **classification: str | None) -> dict:
    return {
        "id": tid,
        "ifs": final,
        "vfs": final / 2,
        "final": final,
        "classification": classification or None,
    }


def test_missing_or_null_values_are_unspecified() -> None:
    assert category_value({"classification": None}, "domain") == UNSPECIFIED
    assert category_value({"classification": {"domain": None}}, "domain") == UNSPECIFIED
    assert category_value({"classification": {"domain": " "}}, "domain") == UNSPECIFIED
    assert category_value({}, "domain") == UNSPECIFIED
    assert category_value({"classification": {"domain": "Shopping"}}, "domain") == "Shopping"


def test_breakdown_groups_means_and_counts() -> None:
    tasks = [
        _task("a", 1.0, domain="Shopping", interaction_complexity="L1"),
        _task("b", 0.5, domain="Shopping", interaction_complexity="L2"),
        _task("c", 0.0, domain="News", interaction_complexity="L1"),
        _task("d", 0.3),
    ]
    table = categories(tasks)
    assert list(table) == ["interaction_complexity", "visual_complexity", "domain"]
    assert list(table["domain"]) == ["News", "Shopping", UNSPECIFIED]
    shopping = table["domain"]["Shopping"]
    assert shopping["tasks"] == 2
    assert shopping["final"] == pytest.approx(0.75)
    assert shopping["vfs"] == pytest.approx(0.375)
    assert shopping["ci95"]["final"] == [0.5, 1.0]  # two values: both ends
    assert table["interaction_complexity"]["L1"]["final"] == pytest.approx(0.5)
    assert table["visual_complexity"] == {
        UNSPECIFIED: {
            "tasks": 4,
            "ifs": pytest.approx(0.45),
            "vfs": pytest.approx(0.225),
            "final": pytest.approx(0.45),
            "ci95": table["visual_complexity"][UNSPECIFIED]["ci95"],
        }
    }
    assert has_categories(table)
    assert not has_categories(categories([_task("x", 1.0)]))


def test_samples_are_averaged_within_a_task() -> None:
    task = {"ifs": 0.5, "samples": [{"ifs": 1.0}, {"ifs": 0.0}, {"ifs": None}]}
    assert sample_scores(task, "ifs") == [1.0, 0.0, 0.0]
    assert sample_scores({"ifs": 0.25}, "ifs") == [0.25]


def test_ci95_over_tasks_and_samples() -> None:
    one = ci95([_task("a", 1.0), _task("b", 0.0)])
    assert one["tasks"]["final"] == [0.0, 1.0]
    assert one["samples"] is None
    assert "bootstrap" in one["method"]
    many = ci95(
        [
            {"id": "a", "samples": [{"ifs": 1, "vfs": 1, "final": 1}] * 2},
            {
                "id": "b",
                "samples": [{"ifs": 0, "vfs": 0, "final": 0}, {"ifs": 1, "vfs": 1, "final": 1}],
            },
        ]
    )
    assert many["samples"]["final"] == [0.5, 1.0]
    assert many["tasks"]["final"] == [0.5, 1.0]


def test_results_summary_carries_intervals_and_categories() -> None:
    run = RunResult(run_id="r", model="m", profile="offline", metric="v")
    run.tasks = [
        TaskResult(id="a", status="ok", ifs=1.0, vfs=1.0, final=1.0),
        TaskResult(id="b", status="model_error", reason="x"),
    ]
    summary = run.to_json()["summary"]
    assert summary["samples"] == 1
    assert summary["ci95"]["tasks"]["final"] == [0.0, 1.0]
    assert summary["categories"]["domain"][UNSPECIFIED]["tasks"] == 2
