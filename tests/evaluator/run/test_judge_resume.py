"""Resuming with the settings that change a score, and `iwr judge` resuming like `iwr run`.

Judging is the recording stand-in of test_resume.py: these tests exercise what is stored,
kept, judged again and refused.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest

from evaluator.results import TaskStatus, Verdict
from evaluator.run.folder import ResumeRefused
from evaluator.run.naming import judge_run_id
from evaluator.run.options import RunOptions
from evaluator.run.pages import judge_pages
from evaluator.run.provenance import collect
from evaluator.tasks.task import Task
from sandbox.runner.result import StepStatus
from tests.clients.fake_openai import FakeOpenAI
from tests.evaluator.run.test_resume import TASK_IDS, FakeJudge, run, tasks  # noqa: F401

REPO = Path(__file__).resolve().parents[3]
SCHEMA = json.loads((REPO / "docs" / "results.schema.json").read_text())


def _pages(tasks: list[Task], root: Path) -> Path:  # noqa: F811
    for t in tasks:
        (root / t.id).mkdir(parents=True)
        (root / t.id / "index.html").write_text(f"<html><body>fake {t.id}</body></html>")
    return root


def _judge(pages: Path, tasks: list[Task], out: Path, judge: FakeJudge, **kw: object) -> dict:  # noqa: F811
    _, run_dir = judge_pages(
        pages,
        tasks,
        out,
        RunOptions(
            run_id="j",
            progress=lambda line: None,
            judge=judge,
            **kw,  # type: ignore[arg-type]
        ),
    )
    return json.loads((run_dir / "results.json").read_text())


def test_judge_resumes_keeping_what_was_judged_from_the_same_page(
    tasks: list[Task],  # noqa: F811
    tmp_path: Path,
) -> None:
    pages = _pages(tasks, tmp_path / "pages")
    (pages / "todo-app" / "index.html").unlink()  # not made yet
    judge = FakeJudge()
    first = _judge(pages, tasks, tmp_path / "out", judge)
    assert judge.judged == ["coffee-shop", "tip-calculator"]
    assert [t["status"] for t in first["tasks"]] == ["ok", "ok", "page_error"]

    # Same command again: nothing changed, nothing judged.
    judge = FakeJudge()
    again = _judge(pages, tasks, tmp_path / "out", judge)
    assert judge.judged == []
    assert again["resumed"] == 1 and again["started_at"] == first["started_at"]
    assert [t["status"] for t in again["tasks"]] == ["ok", "ok", "page_error"]

    # The missing page arrives and one page changes: exactly those two are judged.
    (pages / "todo-app" / "index.html").write_text("<html><body>fake late</body></html>")
    (pages / "coffee-shop" / "index.html").write_text("<html><body>fake v2</body></html>")
    judge = FakeJudge()
    third = _judge(pages, tasks, tmp_path / "out", judge)
    assert sorted(judge.judged) == ["coffee-shop", "todo-app"]
    assert [t["status"] for t in third["tasks"]] == ["ok"] * 3

    judge = FakeJudge()
    _judge(pages, tasks, tmp_path / "out", judge, rejudge=True)
    assert sorted(judge.judged) == list(TASK_IDS)


def test_judge_takes_a_task_subset(tasks: list[Task], tmp_path: Path) -> None:  # noqa: F811
    pages = _pages(tasks, tmp_path / "pages")
    judge = FakeJudge()
    data = _judge(pages, tasks[1:2], tmp_path / "out", judge)
    assert judge.judged == ["tip-calculator"]
    assert [t["id"] for t in data["tasks"]] == ["tip-calculator"]


def test_judge_run_id_follows_the_pages_folder(tmp_path: Path) -> None:
    a = judge_run_id("pages", tmp_path / "a", ["x", "y"], "offline")
    assert a == judge_run_id("pages", tmp_path / "a", ["y", "x"], "offline")
    assert a != judge_run_id("pages", tmp_path / "b", ["x", "y"], "offline")
    assert a != judge_run_id("pages", tmp_path / "a", ["x", "y"], "paper")
    assert a.startswith("pages-") and "/" not in a


def test_a_resume_with_another_judge_is_refused_and_names_the_setting(
    tasks: list[Task],  # noqa: F811
    tmp_path: Path,
) -> None:
    pages = _pages(tasks, tmp_path / "pages")
    base = collect(tasks, profile="paper", judge_model="judge-a", image_id="sha256:1")
    _judge(pages, tasks, tmp_path / "out", FakeJudge(), profile="paper", provenance=base)

    other = dataclasses.replace(base, judge_model="judge-b")
    judge = FakeJudge()
    with pytest.raises(ResumeRefused) as refused:
        _judge(pages, tasks, tmp_path / "out", judge, profile="paper", provenance=other)
    message = str(refused.value)
    assert "judge_model: 'judge-a' in the run folder, 'judge-b' now" in message
    assert "--rejudge" in message and "--run-id" in message
    assert judge.judged == []  # refused before judging anything
    stored = json.loads((tmp_path / "out" / "j" / "results.json").read_text())
    assert stored["provenance"]["judge_model"] == "judge-a"  # the old run is untouched

    # --rejudge: every page judged again under the new judge, which the run now records.
    judge = FakeJudge()
    data = _judge(
        pages, tasks, tmp_path / "out", judge, profile="paper", provenance=other, rejudge=True
    )
    assert sorted(judge.judged) == list(TASK_IDS)
    assert data["provenance"]["judge_model"] == "judge-b"

    # Another browser build is refused as well.
    newer = dataclasses.replace(other, browser_version="headless-shell 999")
    with pytest.raises(ResumeRefused, match="browser_version: 'unknown' in the run folder"):
        _judge(pages, tasks, tmp_path / "out", FakeJudge(), profile="paper", provenance=newer)


@pytest.mark.slow
def test_a_model_run_refuses_another_judge_and_rejudges_without_the_model(
    tasks: list[Task],  # noqa: F811
    tmp_path: Path,
) -> None:
    base = collect(tasks, profile="offline")
    with FakeOpenAI() as fake:
        run(fake.url, tasks, tmp_path, FakeJudge(), provenance=base)
        other = dataclasses.replace(base, metric_version=base.metric_version + "-other")
        with pytest.raises(ResumeRefused, match="metric_version"):
            run(fake.url, tasks, tmp_path, FakeJudge(), provenance=other)
        assert len(fake.requests) == 3  # the refused resume asked the model nothing
        judge = FakeJudge()
        data = run(fake.url, tasks, tmp_path, judge, provenance=other, rejudge=True)
        assert len(fake.requests) == 3  # stored pages judged again, not generated again
    assert sorted(judge.judged) == list(TASK_IDS)
    assert data["provenance"]["metric_version"] == other.metric_version


def test_results_follow_the_documented_schema(tasks: list[Task], tmp_path: Path) -> None:  # noqa: F811
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    pages = _pages(tasks[:2], tmp_path / "pages")
    data = _judge(pages, tasks, tmp_path / "out", FakeJudge())  # one page missing
    assert [e.message for e in validator.iter_errors(data)] == []
    assert data["schema_version"] == 2
    assert data["provenance"]["tasks_sha256"] == collect(tasks, profile="offline").tasks_sha256
    # The schema holds: a provenance key missing is an error.
    del data["provenance"]["judge_model"]
    assert any("judge_model" in e.message for e in validator.iter_errors(data))


def test_the_schema_names_every_status_the_records_have() -> None:
    """The documented statuses are the enums' values (a status added to one and not the
    other fails here, as host_budget once did)."""
    task = SCHEMA["$defs"]["task"]["properties"]
    assert task["status"]["enum"] == [s.value for s in TaskStatus]
    step = task["steps"]["items"]["properties"]["status"]["enum"]
    runner = [s.value for s in StepStatus if s != StepStatus.OK]
    assert step == [v.value for v in Verdict] + runner
