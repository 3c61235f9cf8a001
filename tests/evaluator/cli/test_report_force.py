"""`iwr report` refuses to put runs judged differently side by side without --force."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from click.testing import CliRunner

from evaluator.cli.report import report
from evaluator.run.options import RunOptions
from evaluator.run.pages import judge_pages
from evaluator.run.provenance import collect, judged_differently
from evaluator.tasks.task import Task
from tests.evaluator.run.test_resume import FakeJudge, tasks  # noqa: F401 (fixture)


def _run(tasks: list[Task], out: Path, run_id: str, **changes: str) -> Path:  # noqa: F811
    pages = out / "pages"
    for t in tasks:
        (pages / t.id).mkdir(parents=True, exist_ok=True)
        (pages / t.id / "index.html").write_text("<html><body>fake</body></html>")
    prov = dataclasses.replace(collect(tasks, profile="offline"), **changes)
    _, run_dir = judge_pages(
        pages,
        tasks,
        out,
        RunOptions(
            run_id=run_id,
            progress=lambda line: None,
            judge=FakeJudge(),
            provenance=prov,
        ),
    )
    return run_dir


def test_runs_judged_alike_are_compared(tasks: list[Task], tmp_path: Path) -> None:  # noqa: F811
    a = _run(tasks, tmp_path, "a")
    b = _run(tasks, tmp_path, "b", evaluator_commit="another")  # recorded, not judging
    result = CliRunner().invoke(report, [str(a), str(b), "--no-html"])
    assert result.exit_code == 0, result.output


def test_runs_judged_differently_need_force(tasks: list[Task], tmp_path: Path) -> None:  # noqa: F811
    a = _run(tasks, tmp_path, "a")
    b = _run(tasks, tmp_path, "b", judge_model="judge-x", browser_version="chromium 2")
    result = CliRunner().invoke(report, [str(a), str(b), "--no-html"])
    assert result.exit_code == 1
    assert "judged differently" in result.output
    assert "judge_model: '' (a); 'judge-x' (b)" in result.output
    assert "browser_version: 'unknown' (a); 'chromium 2' (b)" in result.output
    assert "--force" in result.output

    forced = CliRunner().invoke(report, [str(a), str(b), "--no-html", "--force"])
    assert forced.exit_code == 0, forced.output
    assert "warning: runs judged differently" in forced.output


def test_a_run_without_provenance_is_named() -> None:
    lines = judged_differently([("old", None), ("new", {"profile": "offline"})])
    assert lines == ["old: records no provenance (made before results.json schema 2)"]
