"""Judging in pre-started sandboxes on the real engine: the run's own pool, and a pool the
caller started earlier (as a run that starts it while models generate), which the run uses
and leaves open."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evaluator.results import TaskStatus
from evaluator.run.options import RunOptions
from evaluator.run.pages import judge_pages
from evaluator.tasks.loader import load_tasks
from sandbox import gc
from sandbox.pool import SandboxPool

REPO = Path(__file__).resolve().parents[3]
TASK_ID = "tip-calculator"
pytestmark = [
    pytest.mark.docker,
    pytest.mark.usefixtures("sandbox_image"),
    pytest.mark.timeout(300),
]


def _task_and_page(tmp_path: Path):  # noqa: ANN202 (a local helper)
    shutil.copytree(REPO / "tasks" / TASK_ID, tmp_path / "tasks" / TASK_ID)
    (task,) = load_tasks(tmp_path / "tasks")
    (tmp_path / "pages" / TASK_ID).mkdir(parents=True)
    shutil.copyfile(
        task.root / "reference" / "index.html", tmp_path / "pages" / TASK_ID / "index.html"
    )
    return task, tmp_path / "pages"


def test_a_pool_started_before_the_run_judges_its_pages_and_stays_open(tmp_path: Path) -> None:
    task, pages = _task_and_page(tmp_path)
    before = set(gc.run_ids())
    with SandboxPool(2, budget=3) as pool:
        assert pool.wait_ready(1, timeout=120), pool.stats
        run, _ = judge_pages(pages, [task], tmp_path / "runs", RunOptions(run_id="warm", pool=pool))
        assert [r.status for r in run.tasks] == [TaskStatus.OK], run.tasks
        assert run.tasks[0].ifs == 1.0
        assert pool.stats.warm == 1 and pool.stats.cold == 0, pool.stats
        # Still the caller's: it hands out its other sandbox.
        assert pool.wait_ready(1, timeout=120), pool.stats
    assert set(gc.run_ids()) <= before, "the pool left labelled containers or volumes"


def test_a_run_with_its_own_pool_removes_it(tmp_path: Path) -> None:
    task, pages = _task_and_page(tmp_path)
    before = set(gc.run_ids())
    run, _ = judge_pages(pages, [task], tmp_path / "runs", RunOptions(run_id="own", pool=True))
    assert [r.status for r in run.tasks] == [TaskStatus.OK], run.tasks
    assert set(gc.run_ids()) <= before, "the run's pool left labelled containers"
