"""``iwr tasks``: record, verify, validate, list, catalogue and export tasks."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from evaluator.cli.common import (
    DEFAULT_TASKS,
    console_reporter,
    default_workers,
    ensure_image_or_fail,
    load_task_list,
    tasks_option,
)
from evaluator.tasks.loader import load_tasks
from evaluator.tasks.task import Task, TaskError


@click.group()
def tasks() -> None:
    """Work with task folders."""


@tasks.command("record")
@tasks_option
@click.argument("ids", nargs=-1)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=default_workers,
    show_default="one per core, at most 4",
    help="tasks recorded at once, each in its own fresh sandbox",
)
def tasks_record(tasks_dir: Path, ids: tuple[str, ...], workers: int) -> None:
    """Replay reference pages in the sandbox; write video.mp4 and checkpoints."""
    from concurrent.futures import ThreadPoolExecutor

    from evaluator.recording.recorder import RecordError, record_task

    try:
        found = load_tasks(tasks_dir)
    except TaskError as exc:
        raise click.ClickException(str(exc)) from exc
    chosen = [t for t in found if not ids or t.id in ids]
    missing = set(ids) - {t.id for t in found}
    if missing:
        raise click.ClickException(f"unknown task ids: {', '.join(sorted(missing))}")
    ensure_image_or_fail()

    reporter = console_reporter()

    def record(task: Task) -> str | None:
        """One task; its failure is reported and the others go on."""
        try:
            with reporter.working():
                rec = record_task(task)
        except RecordError as exc:
            reporter.finished(f"FAILED {exc}", failed=True, err=True)
            return task.id
        reporter.finished(
            f"{rec.task_id}: {rec.steps} steps, {rec.frames} frames, "
            f"{rec.video_seconds:.1f} s of video",
            failed=False,
        )
        return None

    # Each task writes only its own folder, so tasks record side by side.
    reporter.begin(len(chosen), "recording")
    try:
        with ThreadPoolExecutor(max_workers=workers) as executor:
            failed = [tid for tid in executor.map(record, chosen) if tid]
    finally:
        reporter.end()
    if failed:
        click.echo(f"{len(failed)} failed: {', '.join(failed)}", err=True)
        sys.exit(1)


@tasks.command("verify")
@tasks_option
@click.argument("ids", nargs=-1)
def tasks_verify(tasks_dir: Path, ids: tuple[str, ...]) -> None:
    """Record tasks again and check their checkpoints are reproduced (nothing is written)."""
    from evaluator.recording.recorder import VERIFY_SSIM, RecordError, verify_task

    chosen = [t for t in load_task_list(tasks_dir) if not ids or t.id in ids]
    ensure_image_or_fail()
    failed = 0
    for task in chosen:
        try:
            checks = verify_task(task)
        except RecordError as exc:
            failed += 1
            click.echo(f"FAILED {exc}")
            continue
        bad = [c for c in checks if not c.ok]
        same = sum(c.identical for c in checks)
        worst = min(c.ssim for c in checks)
        verdict = "ok" if not bad else "FAILED"
        failed += bool(bad)
        click.echo(
            f"{verdict} {task.id}: {same}/{len(checks)} checkpoints identical, "
            f"lowest SSIM {worst:.4f} (tolerance {VERIFY_SSIM})"
            + "".join(f"; step {c.index} SSIM {c.ssim:.4f}" for c in bad)
        )
    if failed:
        sys.exit(1)


@tasks.command("validate")
@click.argument("path", type=click.Path(path_type=Path, exists=True), default=DEFAULT_TASKS)
def tasks_validate(path: Path) -> None:
    """Check task folders (or a data.jsonl): report every problem with its place."""
    from evaluator.tasks.validate import validate

    checked, problems = validate(path)
    for line in problems:
        click.echo(line)
    click.echo(f"{checked} tasks checked, {len(problems)} problems")
    if problems:
        sys.exit(1)


@tasks.command("list")
@click.argument("path", type=click.Path(path_type=Path, exists=True), default=DEFAULT_TASKS)
def tasks_list(path: Path) -> None:
    """One line per task: id, category, actions, viewport, title."""
    from evaluator.tasks.catalogue import task_table

    try:
        click.echo(task_table(load_tasks(path)))
    except TaskError as exc:
        raise click.ClickException(str(exc)) from exc


@tasks.command("catalogue")
@tasks_option
def tasks_catalogue(tasks_dir: Path) -> None:
    """Regenerate TASKS/README.md (counts and a thumbnail per task)."""
    from evaluator.atomic import write_atomic
    from evaluator.tasks.catalogue import catalogue_markdown

    try:
        found = load_tasks(tasks_dir)
    except TaskError as exc:
        raise click.ClickException(str(exc)) from exc
    write_atomic(tasks_dir / "README.md", catalogue_markdown(found))
    click.echo(f"wrote {tasks_dir / 'README.md'} ({len(found)} tasks)")


@tasks.command("export")
@tasks_option
@click.option("--out", type=click.Path(path_type=Path), required=True)
def tasks_export(tasks_dir: Path, out: Path) -> None:
    """Write the tasks in the published layout (OUT/data.jsonl + OUT/data/<id>/)."""
    from evaluator.tasks.published import export_published

    try:
        jsonl = export_published(load_task_list(tasks_dir), out)
    except TaskError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {jsonl}")
