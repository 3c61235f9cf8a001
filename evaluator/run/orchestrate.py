"""Orchestrating a run: for each task, generate (or read) a page, judge it, score it.

Each task is isolated: whatever fails becomes that task's status and the run goes
on. Nothing is lost and a run resumes (docs/PROTOCOL.md, "Runs: nothing lost"):

- per task, ``generation.json`` (status, reason, timing, usage, attempts, bundle hash)
  is written atomically as soon as the model answers or fails, after the raw reply
  (``reply.txt``) and the page (``index.html``); ``result.json`` once it is judged;
- ``results.json`` and ``report.md`` are rewritten after every task, ``report.html``
  once the run ends;
- running again into the same run folder sends only the tasks with no usable
  generation (never generated, failed, or made from a different bundle), judges only
  what has no judged result (or whose judging hit an infrastructure fault), and
  reuses the rest. ``regenerate`` sends everything again; ``rejudge`` judges every
  stored page again without calling the model.

Generations run ``concurrency`` at a time in worker threads; judging runs ``workers``
pages at a time in its own threads (each page still in its own fresh container), in the
order generations finish. Results are recorded by the calling thread and kept in task
order whatever order they finish in. With ``pool``, ``workers + 1`` sandboxes are kept
started and waiting (``sandbox.pool``), so a page does not wait for a container and a
browser to start; each still judges one page and is removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict
from pathlib import Path
from typing import Any

from clients.types import ModelError
from evaluator.judging.judge import PageJudge
from evaluator.results import (
    RunResult,
    TaskResult,
    TaskStatus,
)
from evaluator.run.folder import (
    PAGE_FILE,
    REJUDGE_STATUSES,
    TASK_RESULT_FILE,
    check_resume,
    figures,
    open_run,
    read_json,
    unusable,
    write_json,
)
from evaluator.run.generate import ModelClient, generate, generation_summary
from evaluator.run.ledger import Ledger
from evaluator.run.options import RunOptions
from evaluator.run.progress import reporter_for
from evaluator.run.provenance import Provenance, collect
from evaluator.run.sandboxes import judge_in_sandboxes
from evaluator.tasks.task import Task


def run_model(
    client: ModelClient,
    model: str,
    tasks: Sequence[Task],
    out_root: Path,
    options: RunOptions | None = None,
) -> tuple[RunResult, Path]:
    """Generate a page for every task with ``client``, judge and score it, resumably.

    A task whose generation failed scores 0 with status ``model_error`` (or
    ``task_error`` when its own video is unreadable) and counts in the averages.
    ``options.workers`` pages are judged at once (see :class:`RunOptions` for what the
    judge must then be able to do). A run folder resumes only with the same settings that
    change a score, unless ``options.rejudge`` or ``options.regenerate``.

    Raises:
        ResumeRefused: the run folder was judged with other settings that change a score.
    """
    opts = options or RunOptions()
    provenance = opts.provenance or collect(tasks, profile=opts.profile)
    check_resume(out_root, opts.run_id, provenance, opts.rejudge or opts.regenerate)
    with judge_in_sandboxes(opts, len(tasks) * max(1, opts.samples)) as judge:
        return _run_model(client, model, tasks, out_root, opts, judge, provenance)


class _ModelRun:
    """One ``run_model`` call: generations and judgings in their thread pools, each result
    recorded by the calling thread as it arrives."""

    def __init__(
        self, client: ModelClient, tasks: Sequence[Task], opts: RunOptions, judge: PageJudge
    ) -> None:
        self.client, self.tasks, self.opts, self.judge = client, list(tasks), opts, judge
        self.samples = max(1, opts.samples)
        self.judges = ThreadPoolExecutor(max(1, opts.workers), thread_name_prefix="iwr-judge")
        self.gens = ThreadPoolExecutor(max(1, opts.concurrency), thread_name_prefix="iwr-gen")
        self.judging: dict[Future[TaskResult], tuple[Task, int]] = {}
        self.pending: dict[Future[dict[str, Any]], tuple[Task, int]] = {}

    def go(self, ledger: Ledger) -> None:
        self.ledger = ledger
        for task in self.tasks:
            if task.problems:  # a row that cannot be judged: no model call for it
                for k in range(self.samples):
                    ledger.record(unusable(task), "unusable task", k)
        # One sample: no seed is asked for (as before samples existed); several: seed k.
        # A task's samples are asked for together, so its bundle is built once (generate.py).
        for t in self.tasks:
            for k in range(self.samples):
                if not t.problems:
                    seed = k if self.samples > 1 else None
                    self.pending[self.gens.submit(self.generate_one, t, k, seed)] = (t, k)
        try:
            self.collect()
        finally:
            # Interrupted (Ctrl-C, a judging fault): queued generations and judgings are
            # dropped and running ones are not waited for here; whatever they finish is still
            # stored for a resume, and each sandbox removes its container itself.
            self.gens.shutdown(wait=False, cancel_futures=True)
            self.judges.shutdown(wait=False, cancel_futures=True)

    def collect(self) -> None:
        """Record generations and judgings as they finish, in task order among those that
        finish together."""

        def position(f: Future[Any]) -> tuple[int, int]:
            task, k = self.pending.get(f) or self.judging[f]
            return self.ledger.order[task.id], k

        while self.pending or self.judging:
            running: list[Future[Any]] = [*self.pending, *self.judging]
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in sorted(finished, key=position):
                if fut in self.pending:
                    self.settle(*self.pending.pop(fut), fut.result())
                else:
                    _, k = self.judging.pop(fut)
                    self.ledger.record(fut.result(), "", k)

    def generate_one(self, task: Task, k: int, seed: int | None) -> dict[str, Any]:
        with self.ledger.working():
            folder = self.ledger.folder(task.id, k)
            opts = self.opts
            return generate(self.client, task, folder, opts.regenerate, opts.prompt_template, seed)

    def judge_one(self, task: Task, seed: TaskResult, k: int = 0) -> TaskResult:
        with self.ledger.working():
            task_dir = self.ledger.folder(task.id, k)
            html = (task_dir / PAGE_FILE).read_text(encoding="utf-8")
            result = self.judge(task, html, task_dir, limits=self.opts.limits)
            figures(task_dir, result)
        result.bundle_sha256, result.generation = seed.bundle_sha256, seed.generation
        write_json(task_dir / TASK_RESULT_FILE, asdict(result))
        return result

    def settle(self, task: Task, k: int, gen: dict[str, Any]) -> None:
        """A generation is in: a failure recorded, a stored judgment of its page kept, or
        the page sent to be judged."""
        seed = TaskResult(
            id=task.id,
            status=gen["status"],
            reason=gen.get("reason", ""),
            total=len(task.actions),
            bundle_sha256=gen.get("bundle_sha256", ""),
            generation=generation_summary(gen),
        )
        if gen["status"] != TaskStatus.OK:
            self.ledger.record(seed, "generation failed", k)
            return
        task_dir = self.ledger.folder(task.id, k)
        stored = None if self.opts.rejudge else read_json(task_dir / TASK_RESULT_FILE)
        if stored and stored.get("status") not in REJUDGE_STATUSES:
            try:
                result = TaskResult(**stored)
            except (TypeError, ValueError):
                result = None
            if result is not None:
                result.generation = seed.generation
                self.ledger.record(result, "stored", k)
                return
        self.judging[self.judges.submit(self.judge_one, task, seed, k)] = (task, k)


def _run_model(
    client: ModelClient,
    model: str,
    tasks: Sequence[Task],
    out_root: Path,
    opts: RunOptions,
    judge: PageJudge,
    provenance: Provenance,
) -> tuple[RunResult, Path]:
    run = open_run(model, opts.run_id, out_root, opts.profile, provenance)
    run_dir = out_root / run.run_id
    try:
        info = client.info()
        run.model_info = dict(info if isinstance(info, dict) else vars(info))
    except ModelError as exc:
        run.model_info = {"error": str(exc)}
    work = _ModelRun(client, tasks, opts, judge)
    reporter = reporter_for(opts.progress)
    with Ledger(run, run_dir, list(tasks), work.samples, reporter) as ledger:
        work.go(ledger)
        ledger.close()
    return run, run_dir
