"""Confined output without Docker: what a runner leaves in its output folder reaches the run
folder only as the screenshots its verified result names (evaluator.judging.intake).

The sandbox run is replaced by a function that fills the staging folder as a runner taken
over by a page could; the engine-backed version of these cases is
tests/sandbox/test_output_abuse.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from evaluator.judging import judge
from evaluator.judging.intake import OutputRefused, admit_output, runner_steps
from evaluator.results import TaskStatus
from evaluator.scoring import budget
from evaluator.tasks.task import load_task


def _png(path: Path, colour: tuple[int, int, int] = (9, 9, 9)) -> None:
    Image.new("RGB", (320, 240), colour).save(path)


def _fake_sandbox(plant: Any) -> Any:
    def run(task: Any, page_dir: Path, out_dir: Path, **_: Any) -> tuple:
        out_dir.mkdir(parents=True, exist_ok=True)
        steps = [{"index": 0, "status": "ok", "screenshot": "step_0.png", "text": ""}]
        _png(out_dir / "step_0.png")
        plant(out_dir)
        runner = {"status": "ok", "reason": "", "steps": steps}
        (out_dir / "result.json").write_text(json.dumps(runner))
        return TaskStatus.OK, "", runner, {"sandbox_status": "ok"}

    return run


def _planted(out: Path) -> None:
    (out / "trace.json").mkdir()  # a directory where the run writes its trace
    (out / "diff_step_0.png").mkdir()  # ... and where the report writes a difference image
    _png(out / "ref_step_0.png", (1, 2, 3))  # a fake reference checkpoint
    (out / "index.html").write_text("<p>a forged record of the judged page</p>")
    (out / "extra").mkdir()
    (out / "extra" / "file.txt").write_text("x")


def test_planted_names_never_reach_the_run_folder(
    mini_task: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = load_task(mini_task)
    monkeypatch.setattr(judge, "run_in_sandbox", _fake_sandbox(_planted))
    out = tmp_path / "run" / task.id
    result = judge.judge_page(task, "<html></html>", out)
    assert result.status == TaskStatus.OK, result.reason
    assert (out / "trace.json").is_file()
    assert json.loads((out / "trace.json").read_text())["steps"][0]["screenshot"] == "step_0.png"
    ref = Image.open(out / "ref_step_0.png").getpixel((0, 0))
    assert ref == Image.open(task.checkpoint(0)).convert("RGB").getpixel((0, 0))
    assert not (out / "diff_step_0.png").exists() and not (out / "index.html").exists()
    assert not (out / "extra").exists()
    ignored = result.judge["ignored_output"]
    for name in ("trace.json/", "diff_step_0.png/", "ref_step_0.png", "index.html", "extra/"):
        assert name in ignored
    assert result.judge["ignored_output_count"] == 6
    assert not list((tmp_path / "run").glob(".staging-*")), "staging is removed"


def test_a_screenshot_under_anothers_name_is_refused(tmp_path: Path) -> None:
    staging, out = tmp_path / "staging", tmp_path / "out"
    staging.mkdir()
    _png(staging / "ref_step_0.png")
    with pytest.raises(OutputRefused, match="not step 0's"):
        admit_output(
            staging, out, runner_steps({"steps": [{"index": 0, "screenshot": "ref_step_0.png"}]})
        )
    (staging / "step_0.png").mkdir()
    with pytest.raises(OutputRefused, match="not a regular file"):
        admit_output(
            staging, out, runner_steps({"steps": [{"index": 0, "screenshot": "step_0.png"}]})
        )


def test_a_taken_name_in_the_run_folder_crashes_the_task_not_the_run(
    mini_task: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = load_task(mini_task)
    monkeypatch.setattr(judge, "run_in_sandbox", _fake_sandbox(lambda out: None))
    out = tmp_path / task.id
    (out / "step_0.png").mkdir(parents=True)  # left by something else; never replaced
    result = judge.judge_page(task, "<html></html>", out)
    assert result.status == TaskStatus.CRASHED and "not a regular file" in result.reason
    assert (out / "step_0.png").is_dir()


def test_a_page_past_its_host_budget_is_host_budget(
    mini_task: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = load_task(mini_task)
    monkeypatch.setattr(judge, "run_in_sandbox", _fake_sandbox(lambda out: None))

    def slow_scorer(*_: Any) -> Any:
        import time

        time.sleep(0.3)
        budget.check("the next step")
        raise AssertionError("the budget must have run out")

    result = judge.judge_page(
        task, "<html></html>", tmp_path / task.id, scorer=slow_scorer, host_seconds=0.1
    )
    assert result.status == TaskStatus.HOST_BUDGET
    assert "budget spent before the next step" in result.reason
    assert result.final == 0.0 and result.judge["host_seconds"] >= 0.3


def test_probe_screenshots_the_result_names_are_admitted(tmp_path: Path) -> None:
    """Scoring opens the probes' screenshots; left in staging, the probes would silently
    judge nothing."""
    staging, out = tmp_path / "staging", tmp_path / "run"
    staging.mkdir()
    for name in ("step_1.png", "probe_1_before.png", "probe_1_inert.png", "probe_9_x.png"):
        _png(staging / name)
    step = {
        "index": 1,
        "screenshot": "step_1.png",
        "probe_before": "probe_1_before.png",
        "probes": [{"kind": "inert", "screenshot": "probe_1_inert.png", "what": "a spot"}],
    }
    admitted = admit_output(staging, out, runner_steps({"steps": [step]}))
    assert admitted.files == ["probe_1_before.png", "probe_1_inert.png", "step_1.png"]
    assert admitted.ignored == ["probe_9_x.png"]
    assert (out / "probe_1_inert.png").is_file()


@pytest.mark.parametrize(
    ("runner", "problem"),
    [
        ({"steps": {"index": 0}}, "steps is a dict, not a list"),
        ({"steps": [["index", 0]]}, "a step is not a runner step"),
        (
            {"steps": [{"status": "ok"}]},
            "a step is not a runner step: a step needs an integer index",
        ),
        ({"steps": [{"index": 1, "status": "won"}]}, "a step is not a runner step"),
    ],
)
def test_steps_that_are_not_step_records_are_refused(runner: dict, problem: str) -> None:
    with pytest.raises(OutputRefused, match=problem):
        runner_steps(runner)
    assert runner_steps({}) == [] and runner_steps({"steps": None}) == []
