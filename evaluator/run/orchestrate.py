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

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, as_completed, wait
from dataclasses import asdict
from pathlib import Path
from typing import Any, Protocol

from clients.digest import bundle_sha256
from clients.types import Bundle, Generation, ModelError
from evaluator.atomic import write_atomic
from evaluator.generation.bundle import build_bundle
from evaluator.generation.postprocess import (
    NoPageError,
    finalize_page,
    published_page,
    rebase_published_assets,
)
from evaluator.judging.judge import OFFLINE_PROFILE, PageJudge
from evaluator.reporting.escape import terminal
from evaluator.reporting.html import write_html_report, write_task_figures
from evaluator.reporting.markdown import run_report
from evaluator.results import (
    RESULTS_FILE,
    RunResult,
    TaskResult,
    TaskStatus,
    write_results,
)
from evaluator.run.options import RunOptions
from evaluator.run.provenance import Provenance, collect, score_differences
from evaluator.scoring.budget import PAGE_HOST_SECONDS, page_budget
from evaluator.scoring.metrics import METRIC_NAME
from evaluator.tasks.task import Task
from evaluator.tasks.video import VideoError
from sandbox.backend import SandboxBackend
from sandbox.backends import BackendOptions, open_backend
from sandbox.launcher import Limits
from sandbox.runner.config import DEFAULT_BROWSER

log = logging.getLogger(__name__)

PROFILE = OFFLINE_PROFILE
METRIC = METRIC_NAME
REPLY_FILE = "reply.txt"
PAGE_FILE = "index.html"
GENERATION_FILE = "generation.json"
TASK_RESULT_FILE = "result.json"
# Sample k >= 1 of a task lives in <task>/sample-<k>/ (sample 0 in the task folder itself).
SAMPLE_PREFIX = "sample-"
# Judging statuses that say nothing about the page: judged again when a run resumes.
REJUDGE_STATUSES = frozenset({TaskStatus.INFRA_ERROR})
# Pages judged at once by default: one per core (each sandbox gets one CPU), at most 4.
DEFAULT_WORKERS = max(1, min(os.cpu_count() or 1, 4))


class ModelClient(Protocol):
    """What a run needs of a model: GrpcModelClient, OpenAIClient and any other client fit."""

    def info(self) -> Any: ...

    def generate(self, bundle: Bundle) -> Generation: ...


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:80] or "run"


def new_run_id(model: str, out_root: Path) -> str:
    """Sortable and readable: UTC time plus the model's name; never an existing folder."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    base = f"{stamp}-{_slug(model)}"
    run_id, n = base, 1
    while (out_root / run_id).exists():
        n += 1
        run_id = f"{base}-{n}"
    return run_id


def resume_run_id(model: str, task_ids: Sequence[str], profile: str = PROFILE) -> str:
    """The same id for the same model and task set, so re-running a command resumes it.

    ``<model slug>-<12 hex digits>``: a hash of the model label, the judging profile and
    the sorted task ids. The order of ``--task`` options does not matter.
    """
    key = "\0".join([model, profile, *sorted(task_ids)])
    return f"{_slug(model)}-{hashlib.sha256(key.encode()).hexdigest()[:12]}"


@contextlib.contextmanager
def _judge_in_sandboxes(options: RunOptions, pages: int) -> Iterator[PageJudge]:
    """``options.judge`` with the sandboxes it judges in bound: a pool of ``workers + 1``
    pre-started sandboxes with the browser up (at most ``pages`` started in all) when
    ``options.pool`` is True, removed again when the run ends; a ``SandboxBackend`` given
    there (``sandbox.backend``), used as it is and left open (its owner started it earlier,
    while models generate say, and closes it); nothing when False (a fresh container per page). The
    browser is bound when one was asked for."""
    chosen: dict[str, Any] = {"browser": options.browser} if options.browser is not None else {}
    judge = options.judge
    if isinstance(options.pool, SandboxBackend):
        yield functools.partial(judge, sandboxes=options.pool, **chosen)
        return
    if not options.pool or pages < 1:
        yield functools.partial(judge, **chosen) if chosen else judge
        return
    backend = open_backend(
        "pool",
        BackendOptions(
            slots=max(1, options.workers),
            limits=options.limits or Limits(),
            browser=options.browser or DEFAULT_BROWSER,
            pages=pages,
        ),
    )
    try:
        yield functools.partial(judge, sandboxes=backend, **chosen)
    finally:
        backend.close()
        log.info("sandboxes: %s", backend.describe())


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


def _longest_first(tasks: Sequence[Task], workers: int) -> list[Task]:
    """The order to judge pages in: with several workers, the tasks with the most actions
    first, so the run does not end on one long page while the other workers sit idle (its
    results still list the tasks in their own order). One worker keeps the task order."""
    if workers <= 1:
        return list(tasks)
    return sorted(tasks, key=lambda t: len(t.actions), reverse=True)


def _finish(run: RunResult, run_dir: Path) -> None:
    write_results(run, run_dir)
    write_atomic(run_dir / "report.md", run_report(run))


def _figures(task_dir: Path, result: TaskResult) -> None:
    """The task's difference images, within what is left of its page's host budget."""
    spent = float(result.judge.get("host_seconds") or 0.0)
    with page_budget(max(0.0, PAGE_HOST_SECONDS - spent)):
        write_task_figures(task_dir, result)


def _by_task(
    done: dict[tuple[str, int], TaskResult], samples: int, order: dict[str, int]
) -> list[TaskResult]:
    """Task results in task order; with several samples, one per task whose scores are the
    means over its samples (those not finished yet are left out until they are), its steps
    sample 0's, its status ``ok`` only when every sample's is (else the first other one)."""
    if samples == 1:
        return sorted(done.values(), key=lambda r: order[r.id])
    grouped: dict[str, dict[int, TaskResult]] = {}
    for (tid, k), result in done.items():
        grouped.setdefault(tid, {})[k] = result
    out = []
    for tid in sorted(grouped, key=order.__getitem__):
        parts = grouped[tid]
        first = parts[min(parts)]
        merged = dataclasses.replace(first, samples=[])
        failed = [(k, r) for k, r in sorted(parts.items()) if r.status != TaskStatus.OK]
        if failed:
            k, bad = failed[0]
            merged.status, merged.reason = bad.status, f"sample {k}: {bad.reason}"
        for key in ("ifs", "vfs", "final"):
            setattr(merged, key, sum(getattr(r, key) for r in parts.values()) / len(parts))
        merged.samples = [
            {
                "sample": k,
                "status": r.status,
                "reason": r.reason,
                "ifs": r.ifs,
                "vfs": r.vfs,
                "final": r.final,
                "passed": r.passed,
                "dir": "." if k == 0 else f"{SAMPLE_PREFIX}{k}",
            }
            for k, r in sorted(parts.items())
        ]
        out.append(merged)
    return out


def _progress_line(run: RunResult, n: int, total: int, result: TaskResult, note: str) -> str:
    # The reason may carry a page's URL or a container's log line: no escape codes reach
    # the console.
    return (
        f"[{n}/{total}] {terminal(run.model, 80)} {terminal(result.id, 80)}: {result.status} "
        f"IFS {result.ifs:.2f} VFS {result.vfs:.2f} Final {result.final:.2f}"
        + (f" ({terminal(result.reason, 120)})" if result.reason else "")
        + (f" [{terminal(note, 120)}]" if note else "")
    )


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
    old = _read_json(out_root / run_id / RESULTS_FILE)
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


def _open_run(
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
    old = _read_json(out_root / run.run_id / RESULTS_FILE)
    if old is not None:
        run.started_at = str(old.get("started_at") or run.started_at)
        with contextlib.suppress(TypeError, ValueError):
            run.resumed = int(old.get("resumed", 0)) + 1
    return run


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_json(path: Path, data: dict[str, Any]) -> None:
    write_atomic(path, json.dumps(data, indent=2) + "\n")


def _generate(
    client: ModelClient,
    task: Task,
    task_dir: Path,
    regenerate: bool,
    prompt_template: str | None = None,
    seed: int | None = None,
) -> dict[str, Any]:
    """The task's generation record: the stored one when usable, else a fresh call.

    Everything the model sent is on disk before this returns: ``reply.txt`` first, then
    ``index.html``, then ``generation.json`` (the marker that the rest is complete).
    """
    gen_path = task_dir / GENERATION_FILE
    stored = None if regenerate else _read_json(gen_path)
    try:
        bundle = build_bundle(task, prompt_template=prompt_template)
    except VideoError as exc:
        return {"status": TaskStatus.TASK_ERROR, "reason": str(exc)}
    if seed is not None:
        bundle = dataclasses.replace(bundle, seed=seed)
    sha = bundle_sha256(bundle)  # cached: the client sending it needs the same hash
    if (
        stored
        and stored.get("status") == TaskStatus.OK
        and stored.get("bundle_sha256") == sha
        and (task_dir / PAGE_FILE).is_file()
    ):
        return {**stored, "reused": True}
    # A new generation: anything judged from an older page is stale from here on.
    (task_dir / TASK_RESULT_FILE).unlink(missing_ok=True)
    (task_dir / PAGE_FILE).unlink(missing_ok=True)
    record: dict[str, Any] = {"bundle_sha256": sha, "started_at": now()}
    try:
        gen = client.generate(bundle)
    except ModelError as exc:
        record.update(status=TaskStatus.MODEL_ERROR, reason=str(exc), finished_at=now())
        _write_json(gen_path, record)
        return record
    except Exception as exc:  # a client bug must not take the other tasks down
        record.update(
            status=TaskStatus.MODEL_ERROR, reason=f"client failed: {type(exc).__name__}: {exc}"
        )
        _write_json(gen_path, record)
        return record
    record.update(
        finished_at=now(),
        seconds=round(gen.seconds, 3),
        finish_reason=gen.finish_reason,
        input_tokens=gen.input_tokens,
        output_tokens=gen.output_tokens,
        model=gen.model,
        extra=dict(gen.extra),
        reply_file=REPLY_FILE,
    )
    write_atomic(task_dir / REPLY_FILE, gen.text)
    try:
        html = finalize_page(gen.text)
    except NoPageError as exc:
        record.update(status=TaskStatus.MODEL_ERROR, reason=f"no usable page in the reply: {exc}")
        _write_json(gen_path, record)
        return record
    write_atomic(task_dir / PAGE_FILE, html)
    record["status"] = TaskStatus.OK
    _write_json(gen_path, record)
    return record


def _generation_summary(record: dict[str, Any]) -> dict[str, Any]:
    keys = ("seconds", "finish_reason", "input_tokens", "output_tokens", "reused")
    out = {k: record[k] for k in keys if k in record}
    attempts = record.get("extra", {}).get("attempts")
    if attempts:
        out["attempts"] = int(attempts)
    return out


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
    with _judge_in_sandboxes(opts, len(tasks) * max(1, opts.samples)) as judge:
        return _run_model(client, model, tasks, out_root, opts, judge, provenance)


def _run_model(
    client: ModelClient,
    model: str,
    tasks: Sequence[Task],
    out_root: Path,
    opts: RunOptions,
    judge: PageJudge,
    provenance: Provenance,
    pages_model: str | None = None,
) -> tuple[RunResult, Path]:
    run = _open_run(model, opts.run_id, out_root, opts.profile, provenance)
    run_dir = out_root / run.run_id
    try:
        info = client.info()
        run.model_info = dict(info if isinstance(info, dict) else vars(info))
    except ModelError as exc:
        run.model_info = {"error": str(exc)}
    order = {t.id: i for i, t in enumerate(tasks)}
    by_id = {t.id: t for t in tasks}
    samples = max(1, opts.samples)
    done: dict[tuple[str, int], TaskResult] = {}

    def folder(task: Task, k: int) -> Path:
        return run_dir / task.id if k == 0 else run_dir / task.id / f"{SAMPLE_PREFIX}{k}"

    def record(result: TaskResult, note: str, k: int = 0) -> None:
        result.classification = dict(by_id[result.id].classification)
        done[(result.id, k)] = result
        run.tasks = _by_task(done, samples, order)
        label = f" sample {k}" if samples > 1 else ""
        opts.progress(_progress_line(run, len(done), len(tasks) * samples, result, note) + label)
        _finish(run, run_dir)

    def judge_one(task: Task, seed: TaskResult, k: int = 0) -> TaskResult:
        task_dir = folder(task, k)
        html = (task_dir / PAGE_FILE).read_text(encoding="utf-8")
        result = judge(task, html, task_dir, limits=opts.limits)
        _figures(task_dir, result)
        result.bundle_sha256, result.generation = seed.bundle_sha256, seed.generation
        _write_json(task_dir / TASK_RESULT_FILE, asdict(result))
        return result

    judges = ThreadPoolExecutor(max(1, opts.workers), thread_name_prefix="iwr-judge")
    judging: dict[Future[TaskResult], tuple[Task, int]] = {}

    def settle(task: Task, k: int, gen: dict[str, Any]) -> None:
        task_dir = folder(task, k)
        seed = TaskResult(
            id=task.id,
            status=gen["status"],
            reason=gen.get("reason", ""),
            total=len(task.actions),
            bundle_sha256=gen.get("bundle_sha256", ""),
            generation=_generation_summary(gen),
        )
        if gen["status"] != TaskStatus.OK:
            record(seed, "generation failed", k)
            return
        stored = None if opts.rejudge else _read_json(task_dir / TASK_RESULT_FILE)
        if stored and stored.get("status") not in REJUDGE_STATUSES:
            try:
                result = TaskResult(**stored)
            except (TypeError, ValueError):
                result = None
            if result is not None:
                result.generation = seed.generation
                record(result, "stored", k)
                return
        judging[judges.submit(judge_one, task, seed, k)] = (task, k)

    for task in tasks:
        if task.problems:  # a row that cannot be judged: no model call for it
            for k in range(samples):
                record(unusable(task), "unusable task", k)
    pool = ThreadPoolExecutor(max(1, opts.concurrency), thread_name_prefix="iwr-gen")
    # One sample: no seed is asked for (as before samples existed); several: sample k, seed k.
    pending: dict[Future[dict[str, Any]], tuple[Task, int]] = {
        pool.submit(
            _generate,
            client,
            t,
            folder(t, k),
            opts.regenerate,
            opts.prompt_template,
            k if samples > 1 else None,
        ): (t, k)
        for k in range(samples)
        for t in tasks
        if not t.problems
    }

    def position(f: Future[Any]) -> tuple[int, int]:
        task, k = pending.get(f) or judging[f]
        return order[task.id], k

    try:
        while pending or judging:
            running: list[Future[Any]] = [*pending, *judging]
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in sorted(finished, key=position):
                if fut in pending:
                    settle(*pending.pop(fut), fut.result())
                else:
                    _, k = judging.pop(fut)
                    record(fut.result(), "", k)
    finally:
        # Interrupted (Ctrl-C, a judging fault): queued generations and judgings are dropped
        # and running ones are not waited for here; whatever they finish is still stored for
        # a resume, and each sandbox removes its container itself.
        pool.shutdown(wait=False, cancel_futures=True)
        judges.shutdown(wait=False, cancel_futures=True)
    run.finished_at = now()
    _finish(run, run_dir)
    write_html_report(run_dir)
    return run, run_dir


def judge_run_id(name: str, pages_dir: Path, task_ids: Sequence[str], profile: str) -> str:
    """The same id for the same pages folder, name, profile and task set, so re-running an
    ``iwr judge`` command resumes it: ``<name slug>-<12 hex digits>``. The folder is part of
    the key (as its absolute path), so two folders judged under one name never share a run."""
    key = "\0".join(["judge", name, str(pages_dir.resolve()), profile, *sorted(task_ids)])
    return f"{_slug(name)}-{hashlib.sha256(key.encode()).hexdigest()[:12]}"


def judge_pages(
    pages_dir: Path,
    tasks: Sequence[Task],
    out_root: Path,
    options: RunOptions | None = None,
    *,
    model: str = "pages",
    pages_model: str | None = None,
) -> tuple[RunResult, Path]:
    """Judge pages made elsewhere (``PAGES/<task-id>/index.html``); no model involved.

    ``pages_model``: the pages are where the published generator writes them,
    ``PAGES/<task-id>/<model, lower-cased, / as __>/index.html``, their asset paths
    relative to that folder; they are pointed at the task's assets as ``iwr run``'s are.

    Pages get the same post-processing as model replies (iframes dropped, asset
    placeholder resolved), so a page judged here scores as it would in ``run``. A run
    folder of ``iwr run`` is such a folder: its pages can be judged again this way.
    ``options.workers`` pages are judged at once; results stay in task order. ``model``
    is the name the pages are recorded under.

    Resumes as ``run_model`` does: in an existing run folder, a task whose stored
    ``result.json`` was judged from the same page (byte for byte, after post-processing) is
    kept, unless its judging hit an infrastructure fault or ``options.rejudge``; the rest are
    judged. The folder must have been judged with the same settings that change a score.

    Raises:
        ResumeRefused: the run folder was judged with other settings that change a score.
    """
    opts = options or RunOptions()
    provenance = opts.provenance or collect(tasks, profile=opts.profile)
    check_resume(out_root, opts.run_id, provenance, opts.rejudge)
    with _judge_in_sandboxes(opts, len(tasks)) as judge:
        return _judge_pages(pages_dir, tasks, out_root, model, opts, judge, provenance, pages_model)


def _judge_pages(
    pages_dir: Path,
    tasks: Sequence[Task],
    out_root: Path,
    model: str,
    opts: RunOptions,
    judge: PageJudge,
    provenance: Provenance,
    pages_model: str | None = None,
) -> tuple[RunResult, Path]:
    run = _open_run(model, opts.run_id, out_root, opts.profile, provenance)
    run_dir = out_root / run.run_id
    order = {t.id: i for i, t in enumerate(tasks)}
    done: dict[str, TaskResult] = {}

    by_id = {t.id: t for t in tasks}

    def record(result: TaskResult, note: str) -> None:
        result.classification = dict(by_id[result.id].classification)
        done[result.id] = result
        run.tasks = sorted(done.values(), key=lambda r: order[r.id])
        opts.progress(_progress_line(run, len(done), len(tasks), result, note))
        _finish(run, run_dir)

    def read_page(task: Task) -> tuple[str | None, TaskResult]:
        """The post-processed page, or None and the page_error saying why."""
        page = (
            published_page(pages_dir, task.id, pages_model)
            if pages_model
            else pages_dir / task.id / PAGE_FILE
        )
        failed = TaskResult(id=task.id, status=TaskStatus.PAGE_ERROR, total=len(task.actions))
        try:
            html = finalize_page(page.read_text(encoding="utf-8"))
            return (rebase_published_assets(html) if pages_model else html), failed
        except FileNotFoundError:
            failed.reason = f"no page at {page}"
        except (OSError, UnicodeDecodeError, NoPageError) as exc:
            failed.reason = f"unusable page {page}: {exc}"
        return None, failed

    def stored(task: Task, html: str | None) -> TaskResult | None:
        """The task's stored result when it was judged from this very page."""
        task_dir = run_dir / task.id
        data = None if opts.rejudge else _read_json(task_dir / TASK_RESULT_FILE)
        if not data or data.get("status") in REJUDGE_STATUSES:
            return None
        try:
            judged_page = (task_dir / PAGE_FILE).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            judged_page = None
        # A page error is kept while the page is still missing or unusable (html None).
        if judged_page != html and not (
            html is None and data.get("status") == TaskStatus.PAGE_ERROR
        ):
            return None
        try:
            return TaskResult(**data)
        except (TypeError, ValueError):
            return None

    def judge_one(task: Task, html: str | None, failed: TaskResult) -> TaskResult:
        task_dir = run_dir / task.id
        if html is None:
            result = failed
            (task_dir / PAGE_FILE).unlink(missing_ok=True)
        else:
            (task_dir / TASK_RESULT_FILE).unlink(missing_ok=True)  # stale from here on
            write_atomic(task_dir / PAGE_FILE, html)
            result = judge(task, html, task_dir, limits=opts.limits)
            _figures(task_dir, result)
        _write_json(task_dir / TASK_RESULT_FILE, asdict(result))
        return result

    pool = ThreadPoolExecutor(max(1, opts.workers), thread_name_prefix="iwr-judge")
    try:
        futures = []
        for task in _longest_first(tasks, opts.workers):
            if task.problems:  # a row that cannot be judged
                record(unusable(task), "unusable task")
                continue
            html, failed = read_page(task)
            kept = stored(task, html)
            if kept is not None:
                record(kept, "stored")
            else:
                futures.append(pool.submit(judge_one, task, html, failed))
        for fut in as_completed(futures):
            record(fut.result(), "")
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    run.finished_at = now()
    _finish(run, run_dir)
    write_html_report(run_dir)
    return run, run_dir
