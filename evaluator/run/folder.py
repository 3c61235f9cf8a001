"""A run folder on disk: the files each task leaves, reading and writing them, and
whether an existing folder may be resumed into."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from evaluator.atomic import write_atomic
from evaluator.reporting.html import write_task_figures
from evaluator.reporting.markdown import run_report
from evaluator.results import (
    RESULTS_FILE,
    RunResult,
    TaskResult,
    TaskStatus,
    write_results,
)
from evaluator.run.naming import METRIC, new_run_id, now
from evaluator.run.provenance import Provenance, score_differences
from evaluator.scoring.budget import PAGE_HOST_SECONDS, page_budget
from evaluator.tasks.task import Task

REPLY_FILE = "reply.txt"
PAGE_FILE = "index.html"
GENERATION_FILE = "generation.json"
TASK_RESULT_FILE = "result.json"
# Sample k >= 1 of a task lives in <task>/sample-<k>/ (sample 0 in the task folder itself).
SAMPLE_PREFIX = "sample-"
# Judging statuses that say nothing about the page: judged again when a run resumes.
REJUDGE_STATUSES = frozenset({TaskStatus.INFRA_ERROR})


def unusable(task: Task) -> TaskResult:
    """The result of a task that cannot be judged (a broken published row): 0, with every
    problem of the row in the reason."""
    return TaskResult(
        id=task.id,
        status=TaskStatus.TASK_ERROR,
        reason="; ".join(task.problems),
        total=len(task.actions),
        classification=dict(task.classification),
    )


def finish(run: RunResult, run_dir: Path) -> None:
    write_results(run, run_dir)
    write_atomic(run_dir / "report.md", run_report(run))


def figures(task_dir: Path, result: TaskResult) -> None:
    """The task's difference images, within what is left of its page's host budget."""
    spent = float(result.judge.get("host_seconds") or 0.0)
    with page_budget(max(0.0, PAGE_HOST_SECONDS - spent)):
        write_task_figures(task_dir, result)


class ResumeRefused(RuntimeError):
    """The run folder holds results judged with other settings that change a score."""


def check_resume(out_root: Path, run_id: str | None, provenance: Provenance, redo: bool) -> None:
    """Refuse to resume a run folder judged with other settings that change a score.

    Called before any sandbox starts or model is asked. ``redo``: every stored page will be
    judged again (``--rejudge``, ``--regenerate``), so nothing old is averaged in.

    Raises:
        ResumeRefused: the folder holds judged tasks whose provenance differs from
            ``provenance`` in such a setting (the message names each one).
    """
    if run_id is None or redo:
        return
    old = read_json(out_root / run_id / RESULTS_FILE)
    if not old or not old.get("tasks"):
        return
    differences = score_differences(old.get("provenance"), provenance)
    if differences:
        raise ResumeRefused(
            f"run folder {out_root / run_id} holds results judged with other settings; "
            "resuming would average two judgings into one number:\n  "
            + "\n  ".join(differences)
            + "\nrun again with --rejudge to judge every stored page again with the current "
            "settings (stored pages are kept), or with --run-id NAME to start a new run"
        )


def open_run(
    model: str, run_id: str | None, out_root: Path, profile: str, provenance: Provenance
) -> RunResult:
    """A fresh record, keeping the start time of an earlier attempt at the same run."""
    run = RunResult(
        run_id=run_id or new_run_id(model, out_root),
        model=model,
        profile=profile,
        metric=METRIC,
        started_at=now(),
        provenance=provenance.to_json(),
    )
    old = read_json(out_root / run.run_id / RESULTS_FILE)
    if old is not None:
        run.started_at = str(old.get("started_at") or run.started_at)
        with contextlib.suppress(TypeError, ValueError):
            run.resumed = int(old.get("resumed", 0)) + 1
    return run


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_json(path: Path, data: dict[str, Any]) -> None:
    write_atomic(path, json.dumps(data, indent=2) + "\n")
