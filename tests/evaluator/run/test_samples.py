"""--samples N: N seeded pages per task, each kept in its own folder, means and intervals
over them, and a resumed run that asks for nothing it already has."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from clients.types import Bundle, Generation
from evaluator.results import TaskResult, TaskStatus
from evaluator.run.folder import GENERATION_FILE, PAGE_FILE
from evaluator.run.options import RunOptions
from evaluator.run.orchestrate import run_model
from evaluator.tasks.task import Task
from tests.evaluator.bundled import copy_bundled

REPO = Path(__file__).resolve().parents[3]
TASK_IDS = ("coffee-shop", "tip-calculator")


@pytest.fixture(scope="module")
def tasks(tmp_path_factory: pytest.TempPathFactory) -> list[Task]:
    return copy_bundled(TASK_IDS, tmp_path_factory.mktemp("tasks"))


class SeededModel:
    """A model whose page names the seed it was asked with; sample 2 of tip-calculator fails."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, int | None]] = []
        self.lock = threading.Lock()

    def info(self) -> dict:
        return {"name": "seeded"}

    def generate(self, bundle: Bundle) -> Generation:
        with self.lock:
            self.asked.append((bundle.task_id, bundle.seed))
        if bundle.task_id == "tip-calculator" and bundle.seed == 2:
            return Generation(text="no page here")
        page = f"<html><body><p>seed {bundle.seed}</p></body></html>"
        return Generation(text=f"```html\n{page}\n```")


def judge(task: Task, html: str, out_dir: Path, *, limits: object) -> TaskResult:
    """Scores seed k as k / 2: samples 0, 1, 2 score 0, 0.5, 1 (no seed: 1)."""
    seed = html.split("seed ")[1].split("<")[0]
    score = int(seed) / 2 if seed != "None" else 1.0
    return TaskResult(
        id=task.id, status=TaskStatus.OK, ifs=score, vfs=score, final=score, passed=1, total=1
    )


def _run(tasks: list[Task], out: Path, model: SeededModel, samples: int) -> dict:
    options = RunOptions(run_id="r", progress=lambda line: None, judge=judge, samples=samples)
    _, run_dir = run_model(model, "seeded", tasks, out, options)
    return json.loads((run_dir / "results.json").read_text())


def test_samples_are_seeded_kept_apart_averaged_and_resumed(
    tasks: list[Task], tmp_path: Path
) -> None:
    model = SeededModel()
    data = _run(tasks, tmp_path, model, samples=3)
    assert sorted(model.asked) == sorted((t, k) for t in TASK_IDS for k in range(3))
    run_dir = tmp_path / "r"
    for tid in TASK_IDS:
        assert (run_dir / tid / PAGE_FILE).is_file()
        assert (run_dir / tid / "sample-1" / GENERATION_FILE).is_file()
        assert (run_dir / tid / "sample-2" / GENERATION_FILE).is_file()
    coffee, tip = data["tasks"]
    assert [s["final"] for s in coffee["samples"]] == [0.0, 0.5, 1.0]
    assert coffee["final"] == pytest.approx(0.5) and coffee["status"] == "ok"
    assert [s["dir"] for s in coffee["samples"]] == [".", "sample-1", "sample-2"]
    # A failed sample counts as 0 and names itself in the task's status and reason.
    assert tip["status"] == "model_error" and tip["reason"].startswith("sample 2:")
    assert tip["final"] == pytest.approx(0.5 / 3)
    summary = data["summary"]
    assert summary["samples"] == 3
    assert summary["final"] == pytest.approx((0.5 + 0.5 / 3) / 2)
    assert summary["ci95"]["samples"] is not None
    low, high = summary["ci95"]["samples"]["final"]
    assert low < summary["final"] < high
    # Per-task pages exist for the index to link to.
    assert (run_dir / "coffee-shop" / "report.html").is_file()
    # Resumed: only the failed sample is asked again.
    model.asked.clear()
    _run(tasks, tmp_path, model, samples=3)
    assert model.asked == [("tip-calculator", 2)]


def test_one_sample_asks_for_no_seed(tasks: list[Task], tmp_path: Path) -> None:
    model = SeededModel()
    data = _run(tasks[:1], tmp_path, model, samples=1)
    assert model.asked == [("coffee-shop", None)]
    assert data["tasks"][0]["samples"] == [] and data["summary"]["ci95"]["samples"] is None
