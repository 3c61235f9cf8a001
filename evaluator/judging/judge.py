"""Judging one page: put it in a fresh sandbox, replay the task, score the evidence.

Every outcome becomes a :class:`TaskResult` with a status and a reason; nothing here
raises for a bad page, so one page can never stop a run.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from evaluator.generation.postprocess import PAGE_ASSETS_DIR
from evaluator.judging.intake import OutputRefused, admit_output, runner_steps, staging_folder
from evaluator.reporting.escape import json_safe
from evaluator.results import REFERENCE_SHOT_PREFIX, TaskResult, TaskStatus
from evaluator.scoring import ocr
from evaluator.scoring.assertions import stated_counts
from evaluator.scoring.budget import PAGE_HOST_SECONDS, HostBudgetExceeded, page_budget
from evaluator.scoring.ocr_like import read_in_background
from evaluator.scoring.score import JudgingUnavailable, Scorer, reference_readings, score_task
from evaluator.scoring.states import acted_names, watch_words
from evaluator.tasks.changes import changed_hint
from evaluator.tasks.pointing import task_pointed_hint
from evaluator.tasks.targeting import runner_extras
from evaluator.tasks.task import Action, Task
from sandbox.backend import ColdBackend, SandboxBackend
from sandbox.errors import SandboxUnavailable
from sandbox.records import Limits
from sandbox.runner.record import Step
from sandbox.runner.result import RunnerStatus
from sandbox.status import SandboxStatus

log = logging.getLogger(__name__)

# The default judging profile: deterministic, no model (see evaluator.judging.profiles).
OFFLINE_PROFILE = "offline"
RUNNER_RESULT = "result.json"
TRACE_FILE = "trace.json"

# Runner statuses mapped to task statuses. A browser that cannot start says nothing
# about the page (it is loaded afterwards): an infra_error, judged again on resume.
# Keyed by str: the runner's status is read from its JSON (an unknown one is CRASHED).
_RUNNER_STATUS: dict[str, TaskStatus] = {
    RunnerStatus.OK: TaskStatus.OK,
    RunnerStatus.PAGE_ERROR: TaskStatus.PAGE_ERROR,
    RunnerStatus.BROWSER_ERROR: TaskStatus.INFRA_ERROR,
}
_SANDBOX_STATUS = {
    SandboxStatus.TIMEOUT: TaskStatus.TIMEOUT,
    SandboxStatus.CRASHED: TaskStatus.CRASHED,
    SandboxStatus.INFRA_ERROR: TaskStatus.INFRA_ERROR,
}
# Where a page runs when the caller names no backend: a fresh container on this machine.
_COLD = ColdBackend()

# What judges one page: called as ``judge(task, html, out_dir, limits=..., **sandboxes)``
# and returns the page's TaskResult without raising for a bad page. ``judge_page`` is the
# offline one; a profile (``evaluator.judging.profiles``) may wrap it. Judges take keyword
# arguments a Protocol could not list for every judge, hence a plain callable type.
PageJudge = Callable[..., TaskResult]


# One lock per task (its id and folder) around making its runner job: the target hints
# decode the task's video and compare its checkpoints (remembered once made), so a page's
# worker that asks while the same job is being made ahead (``prepare_ahead``) waits for it
# instead of decoding the video a second time.
_JOB_LOCKS: dict[tuple[str, str], threading.RLock] = {}
_JOB_LOCKS_LOCK = threading.Lock()


def _job_lock(task: Task) -> threading.RLock:
    with _JOB_LOCKS_LOCK:
        return _JOB_LOCKS.setdefault((task.id, str(task.root)), threading.RLock())


def judge_job(
    task: Task,
    mode: str = "judge",
    *,
    settle_seconds: float | None = None,
    browser: str | None = None,
    elements: bool = False,
) -> dict[str, Any]:
    """The runner's job description for a task; ``settle_seconds`` overrides the runner's
    fixed wait after loading and after each action (the benchmark replays the published
    1.25 s schedule with it); ``browser`` the runner's default browser (a key of
    ``sandbox.runner.config.BROWSERS``); ``elements``: each step keeps the page's numbered
    interactive elements (the paper profile grounds on them)."""
    with _job_lock(task):
        actions = [_with_words(a, task, i) for i, a in enumerate(task.actions)]
    job: dict[str, Any] = {
        "mode": mode,
        "viewport": {"width": task.width, "height": task.height},
        "actions": actions,
    }
    if settle_seconds is not None:
        job["settle_seconds"] = settle_seconds
    if browser is not None:
        job["browser"] = browser
    if elements:
        job["elements"] = True
    return job


def prepare_ahead(tasks: Sequence[Task]) -> threading.Thread | None:
    """Make the runner jobs of ``tasks`` (their target hints: the recording's pointer,
    the changed regions) one after another on a background thread at low CPU priority,
    so a task judged later finds them made instead of decoding its video on its page's
    critical path (about 1 s a task the first time on a machine). A task whose job is
    being made already (its page started) is skipped; a page that starts while its job is
    being made here waits for it (same job). Errors are left for the page's own call.
    Returns the thread (None: nothing to do)."""
    todo = [t for t in tasks if not t.problems and not input_gaps(t)]
    if not todo:
        return None

    def run() -> None:
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)  # this thread
        for task in todo:
            lock = _job_lock(task)
            if not lock.acquire(blocking=False):
                continue  # its page is making it
            try:
                judge_job(task)
            except Exception:  # noqa: BLE001 - the page's own call meets it again
                log.debug("no job made ahead for %s", task.id, exc_info=True)
            finally:
                lock.release()

    thread = threading.Thread(target=run, name="iwr-jobs-ahead", daemon=True)
    thread.start()
    return thread


def _with_words(action: Action, task: Task, index: int) -> dict[str, Any]:
    """The action as the runner reads it; a click or type whose target has no selector (and
    a press in a field the description names) also carries what else the description says
    of its target: content words, place, colour, relation
    (:func:`evaluator.tasks.targeting.runner_extras`); a click or type also where the
    reference changed across it (:func:`evaluator.tasks.changes.changed_hint`: the
    checkpoints before and after it), a weak tie-breaker, and where the recording's pointer
    was when the reference acted (:func:`evaluator.tasks.pointing.task_pointed_hint`: the video
    against the checkpoints, decoded once per task), and the controls its assertion says
    it switched or chose (:func:`evaluator.scoring.states.acted_names`, a last resort);
    any action also the names its assertion states a state of (``watch``)."""
    job = action.to_job()
    # The names whose state the assertion states ("Buy oat milk is crossed out"): the
    # runner records those elements' state after the action (evaluator.scoring.states).
    watch = watch_words(action.assertion)
    if watch:
        job["watch"] = watch
    # A number stated: the runner keeps the texts with their boxes (evaluator.scoring.layout).
    if stated_counts(action.assertion):
        job["lines"] = True
    wants = action.type in ("click", "type") or (action.type == "press" and action.target)
    if wants and not (action.target or {}).get("selector"):
        extra = runner_extras(action.description, action.text)
        if action.type in ("click", "type"):
            changed = changed_hint(task.checkpoint(index), task.checkpoint(index + 1), task.width)
            if changed:
                extra["changed"] = changed
            pointed = task_pointed_hint(task, index)
            if pointed:
                extra["pointed"] = pointed
        # The controls the assertion says the click switched or chose: a last resort.
        stated = acted_names(action.assertion) if action.type == "click" else []
        if stated:
            extra["stated"] = "|".join(stated)
        if extra:
            job["target"] = {**(job["target"] or {}), **extra}
    return job


def stage_page(task: Task, html: str, dest: Path) -> Path:
    """Lay out a page folder as the runner serves it: index.html plus the task's assets,
    under their own names (the reference page's) and their anonymised names (the
    model's, see :meth:`Task.anonymised_names`)."""
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "index.html").write_text(html, encoding="utf-8")
    if task.assets_dir.is_dir():
        assets = dest / PAGE_ASSETS_DIR
        shutil.copytree(task.assets_dir, assets, dirs_exist_ok=True)
        for original, anonymous in task.anonymised_names().items():
            if not (assets / anonymous).exists():
                shutil.copyfile(task.assets_dir / original, assets / anonymous)
    return dest


def run_in_sandbox(
    task: Task,
    page_dir: Path,
    out_dir: Path,
    *,
    mode: str = "judge",
    limits: Limits | None = None,
    settle_seconds: float | None = None,
    browser: str | None = None,
    sandboxes: SandboxBackend | None = None,
    elements: bool = False,
) -> tuple[TaskStatus, str, dict[str, Any], dict[str, Any]]:
    """Run the runner on a staged page in ``sandboxes`` (None: a fresh container here).

    Returns (status, reason, runner result, sandbox facts); status is OK when the
    runner finished and reported, whatever the page did. The facts say where it ran
    (backend, node, slot).
    """
    started = time.monotonic()
    backend = sandboxes if sandboxes is not None else _COLD
    try:
        job = judge_job(
            task, mode, settle_seconds=settle_seconds, browser=browser, elements=elements
        )
        run = backend.run_job(job, page_dir, out_dir, limits=limits or Limits())
    except SandboxUnavailable as exc:
        reason = f"sandbox unavailable: {exc}"
        return TaskStatus.INFRA_ERROR, reason, {}, {"backend": backend.name}
    facts: dict[str, Any] = {
        "sandbox_status": run.status,
        "seconds": round(time.monotonic() - started, 3),
        "backend": backend.name,
        "pooled": run.pooled,
    }
    if run.node:
        facts["node"] = run.node
    if run.slot:
        facts["slot"] = run.slot
    result_path = out_dir / RUNNER_RESULT
    runner: dict[str, Any] = {}
    if result_path.is_file():
        try:
            runner = json.loads(result_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            return TaskStatus.CRASHED, f"runner wrote an unreadable result: {exc}", {}, facts
    if run.status != SandboxStatus.OK:
        return _SANDBOX_STATUS.get(run.status, TaskStatus.CRASHED), run.reason, runner, facts
    if not runner:
        return (
            TaskStatus.CRASHED,
            f"the runner wrote no result (exit {run.exit_code}): {run.logs[-500:]}",
            {},
            facts,
        )
    status = _RUNNER_STATUS.get(str(runner.get("status")), TaskStatus.CRASHED)
    return status, str(runner.get("reason", "")), runner, facts


def input_gaps(task: Task) -> list[str]:
    """What the runner would need and the task does not say: a Type's text or a Press's
    key that neither the row nor its description gave (and no judge model supplied)."""
    return [
        f"{task.source or task.id}: action_sequence[{i}].parameters.{name} is null and "
        f"cannot be read from {action.description!r}"
        for i, action in enumerate(task.actions)
        for name in action.missing_inputs()
    ]


def judge_page(
    task: Task,
    html: str,
    out_dir: Path,
    *,
    limits: Limits | None = None,
    scorer: Scorer = score_task,
    settle_seconds: float | None = None,
    browser: str | None = None,
    sandboxes: SandboxBackend | None = None,
    host_seconds: float = PAGE_HOST_SECONDS,
    elements: bool = False,
) -> TaskResult:
    """Judge ``html`` for ``task``; screenshots and the trace land in ``out_dir``.

    ``settle_seconds``: the runner's wait after each action (None: the runner's default).
    ``browser``: which browser judges (None: the runner's default, the headless shell).
    ``sandboxes``: where the page runs (``sandbox.backend``; None: a fresh container here).
    ``host_seconds``: the host's budget for this page after its sandbox ran (reading the
    output, OCR, metrics); past it the task is ``host_budget``.
    ``elements``: each step keeps the page's numbered interactive elements (paper profile).

    The sandbox's output goes to a staging folder; only the screenshots its verified result
    names come into ``out_dir`` (:mod:`evaluator.judging.intake`).
    """
    missing = input_gaps(task)
    if missing:
        return TaskResult(
            id=task.id,
            status=TaskStatus.TASK_ERROR,
            reason="; ".join(missing),
            total=len(task.actions),
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    # The reference checkpoints the scores will read by OCR are read while the page replays
    # (on a machine's first judging of the task; later ones find them on disk at once).
    ahead = read_in_background(reference_readings(task)) if scorer is score_task else []
    with tempfile.TemporaryDirectory(prefix="iwr-page-") as tmp, staging_folder(out_dir) as staging:
        page_dir = stage_page(task, html, Path(tmp) / "page")
        status, reason, runner, facts = run_in_sandbox(
            task,
            page_dir,
            staging,
            limits=limits,
            settle_seconds=settle_seconds,
            browser=browser,
            sandboxes=sandboxes,
            elements=elements,
        )
        started = time.monotonic()
        try:
            with page_budget(host_seconds):
                result = _judge_output(
                    task, out_dir, staging, status, reason, runner, facts, scorer
                )
        except HostBudgetExceeded as exc:
            result = TaskResult(
                id=task.id,
                status=TaskStatus.HOST_BUDGET,
                reason=f"{exc} ({host_seconds:.0f} s a page)",
                total=len(task.actions),
                judge=facts,
            )
        for reading in ahead:
            reading.cancel()  # those not started yet: the replay ended before their actions
        facts["host_seconds"] = round(time.monotonic() - started, 3)
    return result


def _judge_output(
    task: Task,
    out_dir: Path,
    staging: Path,
    status: TaskStatus,
    reason: str,
    runner: dict[str, Any],
    facts: dict[str, Any],
    scorer: Scorer,
) -> TaskResult:
    """Admit the verified output into ``out_dir``, record the trace and score the page."""
    steps: list[Step] = []
    try:
        steps = runner_steps(runner)
        admitted = admit_output(staging, out_dir, steps, consumed=(RUNNER_RESULT,))
        facts.update(admitted.report())
    except OutputRefused as exc:
        status, reason, runner = TaskStatus.CRASHED, f"output refused: {exc}", {}
    if runner:
        trace = json.dumps(json_safe(runner), indent=2) + "\n"
        (out_dir / TRACE_FILE).write_text(trace, encoding="utf-8")
    for i in range(len(task.actions) + 1):
        if task.checkpoint(i).is_file():
            shutil.copyfile(task.checkpoint(i), out_dir / f"{REFERENCE_SHOT_PREFIX}step_{i}.png")
    facts["browser"] = runner.get("browser", {})
    result = TaskResult(
        id=task.id, status=status, reason=reason, total=len(task.actions), judge=facts
    )
    if status != TaskStatus.OK:
        return result
    try:
        score = scorer(task, steps, out_dir)
    except (JudgingUnavailable, ocr.OcrUnavailable) as exc:
        # OcrFailed (a page's image) never gets here: the component scores 0 instead.
        result.status, result.reason = TaskStatus.INFRA_ERROR, f"judging failed: {exc}"
        return result
    step0 = next((s for s in steps if s.index == 0), None)
    result.ifs, result.vfs, result.final = score.ifs, score.vfs, score.final
    result.passed = score.passed
    result.lfs, result.hfs = getattr(score, "lfs", None), getattr(score, "hfs", None)
    result.initial = {"screenshot": step0.screenshot if step0 else None, "vision": score.initial}
    result.steps = [asdict(s) for s in score.steps]
    return result
