"""``workers``: several pages judged at once, results kept in task order.

The judge is a stand-in that waits at a barrier: it passes only when ``workers`` pages
are being judged at the same moment, so a run that judges one at a time fails here.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from clients.types import Bundle, Generation
from evaluator.results import TaskResult, TaskStatus
from evaluator.run.options import RunOptions
from evaluator.run.orchestrate import run_model
from evaluator.run.pages import judge_pages
from evaluator.run.sandboxes import DEFAULT_WORKERS
from evaluator.tasks.task import Task
from tests.evaluator.bundled import copy_bundled

REPO = Path(__file__).resolve().parents[3]
TASK_IDS = ("coffee-shop", "tip-calculator", "todo-app")  # the order load_tasks returns
PAGE = "<!DOCTYPE html><html><body><p>fake page</p></body></html>"
pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def tasks(tmp_path_factory: pytest.TempPathFactory) -> list[Task]:
    found = copy_bundled(TASK_IDS, tmp_path_factory.mktemp("tasks"))
    assert tuple(t.id for t in found) == TASK_IDS
    return found


class BarrierJudge:
    """Meets ``parties`` judgings at a barrier, then finishes later tasks first."""

    def __init__(self, parties: int) -> None:
        self.barrier = threading.Barrier(parties, timeout=20) if parties > 1 else None
        self.lock = threading.Lock()
        self.active = 0
        self.most_active = 0
        self.finished: list[str] = []
        self.done = {tid: threading.Event() for tid in TASK_IDS}

    def __call__(self, task: Task, html: str, out_dir: Path, *, limits: object) -> TaskResult:
        with self.lock:
            self.active += 1
            self.most_active = max(self.most_active, self.active)
        try:
            if self.barrier is not None:
                self.barrier.wait()  # BrokenBarrierError unless `parties` judge at once
            # Each task finishes only after the one listed after it: the order is forced,
            # not left to timing.
            later = TASK_IDS.index(task.id) + 1
            if self.barrier is not None and later < len(TASK_IDS):
                self.done[TASK_IDS[later]].wait(timeout=20)
        finally:
            with self.lock:
                self.active -= 1
                self.finished.append(task.id)
            self.done[task.id].set()
        return TaskResult(id=task.id, status=TaskStatus.OK, ifs=1.0, vfs=1.0, final=1.0, total=1)


class PageClient:
    def info(self) -> dict:
        return {"name": "fake"}

    def generate(self, bundle: Bundle) -> Generation:
        return Generation(text=f"```html\n{PAGE}\n```", model="fake")


def _pages(root: Path) -> Path:
    for tid in TASK_IDS:
        (root / tid).mkdir(parents=True)
        (root / tid / "index.html").write_text(PAGE)
    return root


def _order(run_dir: Path) -> list[str]:
    return [t["id"] for t in json.loads((run_dir / "results.json").read_text())["tasks"]]


def test_judge_pages_judges_k_at_once_and_keeps_task_order(
    tasks: list[Task], tmp_path: Path
) -> None:
    judge = BarrierJudge(len(TASK_IDS))
    lines: list[str] = []
    run, run_dir = judge_pages(
        _pages(tmp_path / "pages"),
        tasks,
        tmp_path / "out",
        RunOptions(
            run_id="r",
            progress=lines.append,
            judge=judge,
            workers=len(TASK_IDS),
        ),
    )
    assert judge.most_active == len(TASK_IDS)
    assert judge.finished[0] == TASK_IDS[-1]  # the last task finished first...
    assert [t.id for t in run.tasks] == list(TASK_IDS)  # ...and is still listed last
    assert _order(run_dir) == list(TASK_IDS)
    assert [line.split()[0] for line in lines] == ["[1/3]", "[2/3]", "[3/3]"]


@pytest.mark.slow
def test_run_model_judges_k_at_once_and_keeps_task_order(tasks: list[Task], tmp_path: Path) -> None:
    judge = BarrierJudge(len(TASK_IDS))
    run, run_dir = run_model(
        PageClient(),
        "fake",
        tasks,
        tmp_path,
        RunOptions(
            run_id="r",
            progress=lambda line: None,
            concurrency=len(TASK_IDS),
            judge=judge,
            workers=len(TASK_IDS),
        ),
    )
    assert judge.most_active == len(TASK_IDS)
    assert [t.id for t in run.tasks] == list(TASK_IDS)
    assert _order(run_dir) == list(TASK_IDS)
    assert all((run_dir / tid / "result.json").is_file() for tid in TASK_IDS)


def _judge_quietly(tasks: list[Task], tmp_path: Path, judge: Any, workers: int = 1) -> Any:
    """``judge_pages`` on the fake pages with ``judge``, no progress lines; the run record."""
    run, _ = judge_pages(
        _pages(tmp_path / "pages"),
        tasks,
        tmp_path / "out",
        RunOptions(
            run_id="r",
            progress=lambda line: None,
            judge=judge,
            workers=workers,
        ),
    )
    return run


def test_one_worker_judges_one_page_at_a_time(tasks: list[Task], tmp_path: Path) -> None:
    judge = BarrierJudge(1)
    run = _judge_quietly(tasks, tmp_path, judge)
    assert judge.most_active == 1
    assert judge.finished == list(TASK_IDS)
    assert [t.status for t in run.tasks] == [TaskStatus.OK] * len(TASK_IDS)


def test_several_workers_start_with_the_longest_pages(tasks: list[Task], tmp_path: Path) -> None:
    started: list[str] = []
    lock = threading.Lock()

    def judge(task: Task, html: str, out_dir: Path, *, limits: object) -> TaskResult:
        with lock:
            started.append(task.id)
        time.sleep(0.05)
        return TaskResult(id=task.id, status=TaskStatus.OK, ifs=1.0, vfs=1.0, final=1.0, total=1)

    run = _judge_quietly(tasks, tmp_path, judge, workers=2)
    # todo-app has 6 actions, the others 5 each: it starts at once (with coffee-shop, the
    # first of the tie in task order), tip-calculator waits for a free worker.
    assert set(started[:2]) == {"todo-app", "coffee-shop"}
    assert started[2] == "tip-calculator"
    assert [t.id for t in run.tasks] == list(TASK_IDS)


def test_default_workers_fits_the_machine() -> None:
    assert 1 <= DEFAULT_WORKERS <= 4
