"""Orchestrating a run: for each task, generate (or read) a page, judge it, score it.

Each task is isolated: whatever fails becomes that task's status and the run goes
on. Results are rewritten after every task, so an interrupted run keeps what it did.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from clients.types import ModelError
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


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def new_run_id(model: str) -> str:
    """Sortable and readable: UTC time plus the model's name."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    return f"{stamp}-{re.sub(r'[^A-Za-z0-9._-]+', '-', model).strip('-')}"


def _finish(run: RunResult, run_dir: Path) -> None:
    write_results(run, run_dir)
    write_atomic(run_dir / "report.md", run_report(run))


def _judge_into(
    run: RunResult, run_dir: Path, task: Task, html: str, result: TaskResult, limits: Limits | None
) -> TaskResult:
    judged = judge_page(task, html, run_dir / task.id, limits=limits)
    judged.bundle_sha256, judged.generation = result.bundle_sha256, result.generation
    return judged


def run_model(
    client: object,
    model: str,
    tasks: Sequence[Task],
    out_root: Path,
    *,
    run_id: str | None = None,
    limits: Limits | None = None,
    progress: Progress = print,
) -> tuple[RunResult, Path]:
    """Generate a page for every task with ``client`` (a GrpcModelClient), judge and score."""
    run = RunResult(
        run_id=run_id or new_run_id(model),
        model=model,
        profile=PROFILE,
        metric=METRIC,
        started_at=now(),
    )
    info = getattr(client, "info", None)
    if callable(info):
        try:
            run.model_info = {k: v for k, v in vars(info()).items()}
        except ModelError as exc:
            run.model_info = {"error": str(exc)}
    run_dir = out_root / run.run_id
    for n, task in enumerate(tasks, start=1):
        task_dir = run_dir / task.id
        result = TaskResult(id=task.id, status=MODEL_ERROR, total=len(task.actions))
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
            write_atomic(task_dir / PAGE_FILE, html)
            result = _judge_into(run, run_dir, task, html, result, limits)
        except VideoError as exc:
            result.status, result.reason = TASK_ERROR, str(exc)
        except (ModelError, NoPageError) as exc:
            result.status, result.reason = MODEL_ERROR, str(exc)
        run.tasks.append(result)
        progress(
            f"[{n}/{len(tasks)}] {model} {task.id}: {result.status} "
            f"IFS {result.ifs:.2f} VFS {result.vfs:.2f}"
        )
        _finish(run, run_dir)
    run.finished_at = now()
    _finish(run, run_dir)
    return run, run_dir


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
    """Judge pages made elsewhere (``PAGES/<task-id>/index.html``); no model involved."""
    run = RunResult(
        run_id=run_id or new_run_id(model),
        model=model,
        profile=PROFILE,
        metric=METRIC,
        started_at=now(),
    )
    run_dir = out_root / run.run_id
    for n, task in enumerate(tasks, start=1):
        page = pages_dir / task.id / PAGE_FILE
        result = TaskResult(id=task.id, status=PAGE_ERROR, total=len(task.actions))
        try:
            html = page.read_text(encoding="utf-8")
        except FileNotFoundError:
            result.reason = f"no page at {page}"
        except (OSError, UnicodeDecodeError) as exc:
            result.reason = f"unreadable page {page}: {exc}"
        else:
            result = _judge_into(run, run_dir, task, html, result, limits)
        run.tasks.append(result)
        progress(
            f"[{n}/{len(tasks)}] {model} {task.id}: {result.status} "
            f"IFS {result.ifs:.2f} VFS {result.vfs:.2f}"
        )
        _finish(run, run_dir)
    run.finished_at = now()
    _finish(run, run_dir)
    return run, run_dir
