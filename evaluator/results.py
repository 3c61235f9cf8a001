"""Result records of a run and how they are written (atomically, as JSON).

``results.json`` is the contract for anyone reading a run: a versioned record with
every task, in task order, and a summary that averages over ALL tasks; a task that
failed to generate or to judge scores 0 and still counts.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from evaluator.atomic import write_atomic
from evaluator.summary.breakdown import categories, ci95

# 2: ``provenance`` (what produced the run; evaluator/run/provenance.py). Schema in
# docs/results.schema.json.
SCHEMA_VERSION = 2
RESULTS_FILE = "results.json"
# In a task's run folder, the reference checkpoint of step N is copied as ref_step_N.png
# beside the generated step_N.png, so a run folder is a complete record on its own.
REFERENCE_SHOT_PREFIX = "ref_"


class TaskStatus(StrEnum):
    """How a task ended. ``ok`` means judged; everything else scores 0 with a reason.

    A ``StrEnum``: a member is its string, so results.json holds the same plain strings as
    before and a status read back from JSON compares equal to its member.
    """

    OK = "ok"
    MODEL_ERROR = "model_error"  # the model failed or sent no usable page
    INFRA_ERROR = "infra_error"  # the sandbox or judging machinery failed: judged again
    TIMEOUT = "timeout"  # the sandbox's wall clock ran out
    CRASHED = "crashed"  # the runner died, or its output was invalid or refused
    PAGE_ERROR = "page_error"  # the page could not be loaded (or was missing)
    TASK_ERROR = "task_error"  # the task's own files are unusable
    # The host's work on the page after its sandbox (OCR, metrics) ran past the page's budget.
    HOST_BUDGET = "host_budget"


class Verdict(StrEnum):
    """A judged action's own verdict in a task's ``steps``. An action whose step did not run
    ok has the runner's step status instead (``sandbox.runner.result.StepStatus``), so a
    report says why it failed."""

    PASSED = "passed"
    ASSERTION_FAILED = "assertion_failed"  # it ran, but what must hold afterwards does not
    NOT_JUDGED = "not_judged"  # it ran after the prefix ended; nobody asked whether it held


@dataclass
class TaskResult:
    """One task's outcome: status, scores in [0, 1] and the steps behind them."""

    id: str
    status: TaskStatus
    reason: str = ""
    ifs: float = 0.0
    vfs: float = 0.0
    final: float = 0.0
    passed: int = 0
    total: int = 0
    initial: dict[str, Any] = field(default_factory=dict)
    steps: list[dict[str, Any]] = field(default_factory=list)
    bundle_sha256: str = ""
    # The paper profile's low- and high-level visual scores (VFS = their mean).
    lfs: float | None = None
    hfs: float | None = None
    generation: dict[str, Any] = field(default_factory=dict)
    judge: dict[str, Any] = field(default_factory=dict)
    # With --samples N > 1: one entry per sample (``sample``, ``status``, ``reason``, ``ifs``,
    # ``vfs``, ``final``, ``passed``, ``dir``); the task's own scores are then their means and
    # its steps those of sample 0. Empty when the task was generated once.
    samples: list[dict[str, Any]] = field(default_factory=list)
    # The task's published categories (interaction_complexity, visual_complexity, domain,
    # sub_domain), so scores can be broken down by them from results.json alone.
    classification: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A status read back from JSON is a plain string; an unknown one raises ValueError.
        self.status = TaskStatus(self.status)


@dataclass
class RunResult:
    """A whole run: which model, which judging profile, every task."""

    run_id: str
    model: str
    profile: str
    metric: str
    tasks: list[TaskResult] = field(default_factory=list)
    model_info: dict[str, Any] = field(default_factory=dict)
    started_at: str = ""
    finished_at: str = ""
    resumed: int = 0  # how many times this run folder was resumed into
    # What produced the run: evaluator version and commit, image, browser, profile, judge
    # model, metric version, task-set hash (evaluator.run.provenance.Provenance.to_json).
    provenance: dict[str, str] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """Means over every task, failures included as zeros."""
        n = len(self.tasks)
        statuses: dict[str, int] = {}
        for t in self.tasks:
            statuses[str(t.status)] = statuses.get(str(t.status), 0) + 1

        def mean(key: str) -> float:
            return sum(getattr(t, key) for t in self.tasks) / n if n else 0.0

        def total(key: str) -> float:
            return sum(t.generation.get(key) or 0 for t in self.tasks)

        return {
            "tasks": n,
            "ifs": mean("ifs"),
            "vfs": mean("vfs"),
            "final": mean("final"),
            # Most samples any task was generated with (1 without --samples).
            "samples": max((len(t.samples) for t in self.tasks), default=0) or 1,
            "ci95": ci95(self.tasks),
            "categories": categories(self.tasks),
            "statuses": statuses,
            # What generating cost, over the tasks' last generation (reused ones included).
            "generation": {
                "input_tokens": int(total("input_tokens")),
                "output_tokens": int(total("output_tokens")),
                "seconds": round(total("seconds"), 3),
                "attempts": int(total("attempts")),
            },
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "run_id": self.run_id,
            "model": self.model,
            "model_info": self.model_info,
            "profile": self.profile,
            "metric": self.metric,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "resumed": self.resumed,
            "provenance": self.provenance,
            "tasks": [asdict(t) for t in self.tasks],
            "summary": self.summary(),
        }


def write_results(run: RunResult, run_dir: Path) -> Path:
    path = run_dir / RESULTS_FILE
    write_atomic(path, json.dumps(run.to_json(), indent=2, sort_keys=False) + "\n")
    return path


def read_results(path: Path) -> dict[str, Any]:
    """Load a results.json (a file or a run folder)."""
    if path.is_dir():
        path = path / RESULTS_FILE
    results: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return results
