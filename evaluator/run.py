"""Orchestrating a run: for each task, generate (or read) a page, judge it, score it.

Each task is isolated: whatever fails becomes that task's status and the run goes
on. Results are rewritten after every task, so an interrupted run keeps what it did.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from clients.types import Bundle, Generation, ModelError
from evaluator.bundle import build_bundle
from evaluator.judge import judge_page
from evaluator.postprocess import NoPageError, finalize_page
from evaluator.report import run_report
from evaluator.results import (
    MODEL_ERROR,
    PAGE_ERROR,
    TASK_ERROR,
    RunResult,
    TaskResult,
    write_atomic,
    write_results,
)
from evaluator.tasks import Task
from evaluator.video import VideoError
from sandbox.launcher import Limits

PROFILE = "offline"
METRIC = "ssim"
REPLY_FILE = "reply.txt"
PAGE_FILE = "index.html"

Progress = Callable[[str], None]


class ModelClient(Protocol):
    """What a run needs of a model: GrpcModelClient and any other client fit."""

    def info(self) -> Any: ...

    def generate(self, bundle: Bundle) -> Generation: ...


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def new_run_id(model: str, out_root: Path) -> str:
    """Sortable and readable: UTC time plus the model's name; never an existing folder."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    base = f"{stamp}-{re.sub(r'[^A-Za-z0-9._-]+', '-', model).strip('-')}"
    run_id, n = base, 1
    while (out_root / run_id).exists():
        n += 1
        run_id = f"{base}-{n}"
    return run_id


def _finish(run: RunResult, run_dir: Path) -> None:
    write_results(run, run_dir)
    write_atomic(run_dir / "report.md", run_report(run))


# Produces the page to judge for a task, or a result explaining why there is none.
PageSource = Callable[[Task, Path, TaskResult], str | None]


def _run_tasks(
    run: RunResult,
    tasks: Sequence[Task],
    run_dir: Path,
    page_for: PageSource,
    limits: Limits | None,
    progress: Progress,
) -> tuple[RunResult, Path]:
    """The loop both commands share: get a page, judge it, save results after each task."""
    for n, task in enumerate(tasks, start=1):
        seed = TaskResult(id=task.id, status=MODEL_ERROR, total=len(task.actions))
        html = page_for(task, run_dir / task.id, seed)
        result = seed
        if html is not None:
            result = judge_page(task, html, run_dir / task.id, limits=limits)
            result.bundle_sha256, result.generation = seed.bundle_sha256, seed.generation
        run.tasks.append(result)
        progress(
            f"[{n}/{len(tasks)}] {run.model} {task.id}: {result.status} "
            f"IFS {result.ifs:.2f} VFS {result.vfs:.2f} Final {result.final:.2f}"
            + (f" ({result.reason[:120]})" if result.reason else "")
        )
        _finish(run, run_dir)
    run.finished_at = now()
    _finish(run, run_dir)
    return run, run_dir


def _new_run(model: str, run_id: str | None, out_root: Path) -> RunResult:
    return RunResult(
        run_id=run_id or new_run_id(model, out_root),
        model=model,
        profile=PROFILE,
        metric=METRIC,
        started_at=now(),
    )


def run_model(
    client: ModelClient,
    model: str,
    tasks: Sequence[Task],
    out_root: Path,
    *,
    run_id: str | None = None,
    limits: Limits | None = None,
    progress: Progress = print,
) -> tuple[RunResult, Path]:
    """Generate a page for every task with ``client``, judge and score it."""
    run = _new_run(model, run_id, out_root)
    try:
        run.model_info = dict(vars(client.info()))
    except ModelError as exc:
        run.model_info = {"error": str(exc)}

    def generate(task: Task, task_dir: Path, result: TaskResult) -> str | None:
        try:
            bundle = build_bundle(task)
            result.bundle_sha256 = bundle.sha256()
            gen = client.generate(bundle)
            result.generation = {
                "seconds": round(gen.seconds, 3),
                "finish_reason": gen.finish_reason,
                "input_tokens": gen.input_tokens,
                "output_tokens": gen.output_tokens,
            }
            write_atomic(task_dir / REPLY_FILE, gen.text)
            html = finalize_page(gen.text)
        except VideoError as exc:
            result.status, result.reason = TASK_ERROR, str(exc)
            return None
        except (ModelError, NoPageError) as exc:
            result.status, result.reason = MODEL_ERROR, str(exc)
            return None
        write_atomic(task_dir / PAGE_FILE, html)
        return html

    return _run_tasks(run, tasks, out_root / run.run_id, generate, limits, progress)


def judge_pages(
    pages_dir: Path,
    tasks: Sequence[Task],
    out_root: Path,
    *,
    model: str = "pages",
    run_id: str | None = None,
    limits: Limits | None = None,
    progress: Progress = print,
) -> tuple[RunResult, Path]:
    """Judge pages made elsewhere (``PAGES/<task-id>/index.html``); no model involved.

    Pages get the same post-processing as model replies (iframes dropped, asset
    placeholder resolved), so a page judged here scores as it would in ``run``.
    """
    run = _new_run(model, run_id, out_root)

    def read(task: Task, task_dir: Path, result: TaskResult) -> str | None:
        page = pages_dir / task.id / PAGE_FILE
        result.status = PAGE_ERROR
        try:
            html = finalize_page(page.read_text(encoding="utf-8"))
        except FileNotFoundError:
            result.reason = f"no page at {page}"
            return None
        except (OSError, UnicodeDecodeError, NoPageError) as exc:
            result.reason = f"unusable page {page}: {exc}"
            return None
        write_atomic(task_dir / PAGE_FILE, html)
        return html

    return _run_tasks(run, tasks, out_root / run.run_id, read, limits, progress)
