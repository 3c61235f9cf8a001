"""Runner jobs made ahead: a task's hints are made once, whichever of the background thread
and the page's worker asks first, and the job is the same."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from evaluator.judging import judge
from evaluator.tasks.task import Action, Task


def _task(tmp_path: Path, name: str) -> Task:
    actions = (Action("click", "Click the red button", target={"text": "Go"}),)
    return Task(name, name, "c", 1280, 800, actions, tmp_path / name, tmp_path / "assets",
                tmp_path / f"{name}.mp4", tmp_path / name)  # fmt: skip


@pytest.fixture
def slow_hints(monkeypatch) -> list[str]:
    """The pointer's hint takes 0.3 s and records each computation (not remembered here,
    as the real one is: so a second computation would show)."""
    made: list[str] = []

    def pointed(task, index: int) -> str:
        made.append(task.video.stem)
        time.sleep(0.3)
        return "10,20"

    monkeypatch.setattr(judge, "task_pointed_hint", pointed)
    monkeypatch.setattr(judge, "changed_hint", lambda *a: "")
    return made


def test_jobs_made_ahead_are_the_jobs_a_page_makes(tmp_path: Path, slow_hints) -> None:
    tasks = [_task(tmp_path, f"t{i}") for i in range(3)]
    expected = [judge.judge_job(t) for t in tasks]
    slow_hints.clear()
    thread = judge.prepare_ahead(tasks)
    assert thread is not None
    thread.join(5)
    assert slow_hints == ["t0", "t1", "t2"]
    assert [judge.judge_job(t) for t in tasks] == expected
    assert expected[0]["actions"][0]["target"]["pointed"] == "10,20"


def test_a_page_waits_for_its_job_being_made_and_a_started_page_is_skipped(
    tmp_path: Path, slow_hints
) -> None:
    first, second = _task(tmp_path, "first"), _task(tmp_path, "second")
    started = threading.Event()
    worker_job: dict = {}

    def page() -> None:  # a worker that started "first" before the thread
        started.set()
        worker_job.update(judge.judge_job(first))

    worker = threading.Thread(target=page)
    worker.start()
    started.wait()
    time.sleep(0.05)  # the worker holds "first"
    thread = judge.prepare_ahead([first, second])
    assert thread is not None
    time.sleep(0.05)  # the thread is making "second"
    began = time.monotonic()
    job = judge.judge_job(second)  # waits for the thread's, then makes its own at once
    assert time.monotonic() - began >= 0.15
    worker.join(5)
    thread.join(5)
    # "first" once (its worker; the thread skipped it), "second" by the thread and again by
    # the page (the hints' own caches make that second call free in the real code).
    assert slow_hints.count("first") == 1
    assert job["actions"][0]["target"]["pointed"] == "10,20"
    assert worker_job["actions"][0]["target"]["pointed"] == "10,20"


def test_nothing_to_make_ahead(tmp_path: Path) -> None:
    broken = _task(tmp_path, "x")
    object.__setattr__(broken, "problems", ("a broken row",))
    assert judge.prepare_ahead([]) is None
    assert judge.prepare_ahead([broken]) is None
