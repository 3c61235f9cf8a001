"""Judging pages made elsewhere (``iwr judge``): no model involved."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict
from pathlib import Path

from evaluator.atomic import write_atomic
from evaluator.generation.postprocess import (
    NoPageError,
    finalize_page,
    published_page,
    rebase_published_assets,
)
from evaluator.judging.judge import PageJudge, prepare_ahead
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
from evaluator.run.ledger import Ledger
from evaluator.run.options import RunOptions
from evaluator.run.progress import reporter_for
from evaluator.run.provenance import Provenance, collect
from evaluator.run.sandboxes import judge_in_sandboxes, longest_first
from evaluator.tasks.task import Task


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
    with judge_in_sandboxes(opts, len(tasks)) as judge:
        return _judge_pages(pages_dir, tasks, out_root, model, opts, judge, provenance, pages_model)


def read_page(
    pages_dir: Path, task: Task, pages_model: str | None
) -> tuple[str | None, TaskResult]:
    """The task's post-processed page, or None and the page_error saying why."""
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


def stored_result(task_dir: Path, html: str | None) -> TaskResult | None:
    """The task's stored result when it was judged from this very page."""
    data = read_json(task_dir / TASK_RESULT_FILE)
    if not data or data.get("status") in REJUDGE_STATUSES:
        return None
    try:
        judged_page = (task_dir / PAGE_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        judged_page = None
    # A page error is kept while the page is still missing or unusable (html None).
    if judged_page != html and not (html is None and data.get("status") == TaskStatus.PAGE_ERROR):
        return None
    try:
        return TaskResult(**data)
    except (TypeError, ValueError):
        return None


def _judge_one(
    ledger: Ledger,
    judge: PageJudge,
    opts: RunOptions,
    task: Task,
    html: str | None,
    failed: TaskResult,
) -> TaskResult:
    task_dir = ledger.folder(task.id)
    if html is None:
        result = failed
        (task_dir / PAGE_FILE).unlink(missing_ok=True)
    else:
        (task_dir / TASK_RESULT_FILE).unlink(missing_ok=True)  # stale from here on
        write_atomic(task_dir / PAGE_FILE, html)
        with ledger.working():
            result = judge(task, html, task_dir, limits=opts.limits)
            figures(task_dir, result)
    write_json(task_dir / TASK_RESULT_FILE, asdict(result))
    return result


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
    run = open_run(model, opts.run_id, out_root, opts.profile, provenance)
    run_dir = out_root / run.run_id
    pool = ThreadPoolExecutor(max(1, opts.workers), thread_name_prefix="iwr-judge")
    with Ledger(run, run_dir, list(tasks), 1, reporter_for(opts.progress)) as ledger:
        try:
            todo = []
            for task in longest_first(tasks, opts.workers):
                if task.problems:  # a row that cannot be judged
                    ledger.record(unusable(task), "unusable task")
                    continue
                html, failed = read_page(pages_dir, task, pages_model)
                kept = None if opts.rejudge else stored_result(ledger.folder(task.id), html)
                if kept is not None:
                    ledger.record(kept, "stored")
                else:
                    todo.append((task, html, failed))
            # The pages after the first ``workers`` wait for a worker: their runner jobs
            # (the recording's pointer decoded) are made meanwhile, off their critical path.
            prepare_ahead([t for t, html, _ in todo[max(1, opts.workers) :] if html is not None])
            futures = [
                pool.submit(_judge_one, ledger, judge, opts, task, html, failed)
                for task, html, failed in todo
            ]
            for fut in as_completed(futures):
                ledger.record(fut.result(), "")
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        ledger.close()
    return run, run_dir
