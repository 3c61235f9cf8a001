"""Runs that lose nothing and resume, against a real HTTP model server on 127.0.0.1.

Judging is replaced by a recording stand-in here (its real path is covered once in
test_openai_end_to_end.py), so these tests exercise generation, storage and resume.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clients.base import RetryPolicy
from clients.openai_client import OpenAIClient, OpenAISettings
from evaluator.results import TaskResult, TaskStatus
from evaluator.run.folder import GENERATION_FILE, REPLY_FILE
from evaluator.run.naming import resume_run_id
from evaluator.run.options import RunOptions
from evaluator.run.orchestrate import run_model
from evaluator.tasks.task import Task
from tests.clients.fake_openai import PAGE, Act, FakeOpenAI
from tests.evaluator.bundled import copy_bundled

REPO = Path(__file__).resolve().parents[3]
TASK_IDS = ("coffee-shop", "tip-calculator", "todo-app")  # the order load_tasks returns
FAST = RetryPolicy(max_attempts=2, max_total_s=10, base_wait_s=0.01, max_wait_s=0.05)
pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def tasks(tmp_path_factory: pytest.TempPathFactory) -> list[Task]:
    found = copy_bundled(TASK_IDS, tmp_path_factory.mktemp("tasks"))
    assert tuple(t.id for t in found) == TASK_IDS
    return found


class FakeJudge:
    """Scores a page 1.0 when it holds the fake page's text; remembers what it judged."""

    def __init__(self) -> None:
        self.judged: list[str] = []

    def __call__(self, task: Task, html: str, out_dir: Path, *, limits: object) -> TaskResult:
        self.judged.append(task.id)
        score = 1.0 if "fake" in html else 0.5
        return TaskResult(
            id=task.id, status=TaskStatus.OK, ifs=score, vfs=score, final=score, total=1
        )


def client(url: str, concurrency: int = 0) -> OpenAIClient:
    return OpenAIClient(
        url,
        "fake-vl",
        OpenAISettings(timeout_s=10, image_long_side=0),
        policy=FAST,
        concurrency=concurrency,
    )


def run(url: str, tasks: list[Task], out: Path, judge: FakeJudge, **kw: object) -> dict:
    _, run_dir = run_model(
        client(url),
        "fake-vl",
        tasks,
        out,
        RunOptions(
            run_id="r1",
            progress=lambda line: None,
            judge=judge,
            **kw,  # type: ignore[arg-type]
        ),
    )
    return json.loads((run_dir / "results.json").read_text())


@pytest.mark.slow
def test_failures_are_recorded_and_a_resumed_run_sends_only_what_is_missing(
    tasks: list[Task], tmp_path: Path
) -> None:
    acts = [Act(), Act(text="Sorry, I cannot help with that."), Act("status", status=400)]
    judge = FakeJudge()
    with FakeOpenAI(acts) as fake:
        first = run(fake.url, tasks, tmp_path, judge)
        assert len(fake.requests) == 3
    statuses = {t["id"]: (t["status"], t["reason"]) for t in first["tasks"]}
    assert statuses["coffee-shop"] == ("ok", "")
    assert statuses["tip-calculator"][0] == "model_error"
    assert "no usable page" in statuses["tip-calculator"][1]
    assert statuses["todo-app"][0] == "model_error" and "HTTP 400" in statuses["todo-app"][1]
    # Failures count as zeros in the averages; nothing is dropped.
    assert first["summary"]["tasks"] == 3 and first["summary"]["final"] == pytest.approx(1 / 3)
    # Everything the model sent is on disk, with timing, usage and attempts.
    task_dir = tmp_path / "r1" / "tip-calculator"
    assert "cannot help" in (task_dir / REPLY_FILE).read_text()
    gen = json.loads((task_dir / GENERATION_FILE).read_text())
    assert gen["status"] == "model_error" and gen["input_tokens"] == 123
    assert json.loads((tmp_path / "r1" / "todo-app" / GENERATION_FILE).read_text())[
        "reason"
    ].startswith("HTTP 400")
    assert judge.judged == ["coffee-shop"]

    judge = FakeJudge()
    with FakeOpenAI() as fake:
        second = run(fake.url, tasks, tmp_path, judge)
        assert len(fake.requests) == 2  # the stored page was not asked for again
    assert judge.judged == ["tip-calculator", "todo-app"]  # the judged task was kept
    assert [t["status"] for t in second["tasks"]] == ["ok"] * 3
    assert second["tasks"][0]["generation"]["reused"] is True
    assert second["resumed"] == 1 and second["started_at"] == first["started_at"]
    assert second["summary"]["final"] == pytest.approx(1.0)
    cost = second["summary"]["generation"]
    assert (cost["input_tokens"], cost["output_tokens"], cost["attempts"]) == (369, 135, 3)


@pytest.mark.slow
def test_regenerate_asks_again_and_rejudge_needs_no_model(
    tasks: list[Task], tmp_path: Path
) -> None:
    with FakeOpenAI() as fake:
        run(fake.url, tasks, tmp_path, FakeJudge())
        judge = FakeJudge()
        run(fake.url, tasks, tmp_path, judge, regenerate=True)
        assert len(fake.requests) == 6 and len(judge.judged) == 3
        url = fake.url
    judge = FakeJudge()  # the server is gone: judging from stored pages still works
    again = run(url, tasks, tmp_path, judge, rejudge=True)
    assert judge.judged == list(TASK_IDS)
    assert [t["status"] for t in again["tasks"]] == ["ok"] * 3


@pytest.mark.slow
def test_server_killed_mid_run_fails_only_the_rest_and_resume_completes_them(
    tasks: list[Task], tmp_path: Path
) -> None:
    # The second request, if it reaches the server before the kill, dies with it (half an
    # answer, then the connection closed): whether it does is a race (a task's bundle may be
    # built already), and either way that task must fail.
    fake = FakeOpenAI([Act(), Act(kind="cut", delay_s=1.0)])
    fake.__enter__()
    judge = FakeJudge()

    def kill_after_first(line: str) -> None:
        if "coffee-shop" in line:
            fake.stop()

    _, run_dir = run_model(
        client(fake.url),
        "fake-vl",
        tasks,
        tmp_path,
        RunOptions(
            run_id="r1",
            progress=kill_after_first,
            judge=judge,
        ),
    )
    first = json.loads((run_dir / "results.json").read_text())
    statuses = [t["status"] for t in first["tasks"]]
    assert statuses[0] == "ok" and statuses[1:] == ["model_error", "model_error"]
    assert all("gave up" in t["reason"] for t in first["tasks"][1:])
    with FakeOpenAI() as again:
        second = run(again.url, tasks, tmp_path, FakeJudge())
        assert len(again.requests) == 2
    assert [t["status"] for t in second["tasks"]] == ["ok"] * 3


@pytest.mark.slow
def test_concurrent_generations_overlap_and_results_keep_task_order(
    tasks: list[Task], tmp_path: Path
) -> None:
    with FakeOpenAI([Act(delay_s=4.0)]) as fake:
        _, run_dir = run_model(
            client(fake.url, concurrency=3),
            "fake-vl",
            tasks,
            tmp_path,
            RunOptions(
                run_id="c",
                progress=lambda line: None,
                concurrency=3,
                judge=FakeJudge(),
            ),
        )
        assert fake.script.max_in_flight == 3  # all three were at the server at once
    data = json.loads((run_dir / "results.json").read_text())
    assert [t["id"] for t in data["tasks"]] == list(TASK_IDS)
    assert [t["status"] for t in data["tasks"]] == ["ok"] * 3


def test_resume_run_id_is_stable_and_ignores_task_order() -> None:
    a = resume_run_id("m@http://h/v1", ["b", "a"])
    assert a == resume_run_id("m@http://h/v1", ["a", "b"])
    assert a != resume_run_id("m@http://h/v1", ["a"])
    assert a.startswith("m-http-h-v1-") and "/" not in a


def test_the_fake_page_is_what_the_judge_sees(tasks: list[Task], tmp_path: Path) -> None:
    with FakeOpenAI() as fake:
        run(fake.url, tasks[:1], tmp_path, FakeJudge())
    page = (tmp_path / "r1" / "coffee-shop" / "index.html").read_text()
    assert page.strip() == PAGE


def test_an_interrupted_run_does_not_wait_for_generations_in_flight(
    tasks: list[Task], tmp_path: Path
) -> None:
    import time

    def broken_judge(task: Task, html: str, out_dir: Path, *, limits: object) -> TaskResult:
        raise KeyboardInterrupt  # as if Ctrl-C arrived while judging the first page

    with FakeOpenAI([Act(), Act(delay_s=20.0)]) as fake:
        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            run_model(
                client(fake.url, concurrency=2),
                "fake-vl",
                tasks,
                tmp_path,
                RunOptions(
                    run_id="i",
                    progress=lambda line: None,
                    concurrency=2,
                    judge=broken_judge,  # type: ignore[arg-type]
                ),
            )
        # Well short of the 20 s answer in flight, with room for a loaded machine.
        assert time.monotonic() - started < 12.0
        # What had arrived (whichever request got the quick answer) is on disk for the resume.
        stored = [json.loads(p.read_text()) for p in tmp_path.glob(f"i/*/{GENERATION_FILE}")]
        assert [g["status"] for g in stored] == ["ok"]
