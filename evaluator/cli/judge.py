"""``iwr judge``: judge pages generated elsewhere."""

from __future__ import annotations

from pathlib import Path

import click

from evaluator.cli.cluster import open_sandboxes, sandboxes_limits
from evaluator.cli.common import (
    JudgingChoice,
    console_reporter,
    ensure_image_or_fail,
    judging_options,
    load_task_list,
    out_option,
    runtime_option,
    tasks_option,
)


@click.command()
@tasks_option
@click.option(
    "--pages",
    "pages_dir",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    required=True,
    help="folder with <task-id>/index.html (or, with --pages-model, the published "
    "generator's <task-id>/<model>/index.html)",
)
@click.option(
    "--pages-model",
    default=None,
    metavar="NAME",
    help="read the pages the published generator wrote for model NAME: "
    "PAGES/<task-id>/<name lower-cased, / as __>/index.html, asset paths relative to it "
    "(../../../data/<id>/assets/...); also the results' model name unless --name is given",
)
@out_option
@runtime_option
@click.option(
    "--name", default=None, help="model name for the results [default: --pages-model, or pages]"
)
@click.option("--task", "only", multiple=True, help="judge only this task id (repeatable)")
@click.option(
    "--run-id",
    default=None,
    help="run folder under --out; default: derived from --name, the pages folder, the profile "
    "and the task ids, so the same command resumes the same run",
)
@click.option("--rejudge", is_flag=True, help="judge every page again, even those judged before")
@judging_options
def judge(
    tasks_dir: Path,
    pages_dir: Path,
    out: Path,
    runtime: str | None,
    name: str | None,
    pages_model: str | None,
    only: tuple[str, ...],
    run_id: str | None,
    rejudge: bool,
    judging: JudgingChoice,
) -> None:
    """Judge pages generated elsewhere; no model is called (but a judge model with
    --profile paper).

    Re-running the same command resumes its run: pages judged before and unchanged since are
    kept (unless --rejudge); the rest are judged."""
    from evaluator.reporting.markdown import leaderboard
    from evaluator.results import read_results
    from evaluator.run.folder import ResumeRefused
    from evaluator.run.naming import judge_run_id
    from evaluator.run.options import RunOptions
    from evaluator.run.pages import judge_pages

    if run_id is not None and (not run_id or "/" in run_id or run_id in (".", "..")):
        raise click.BadParameter(f"{run_id!r} is not a folder name", param_hint="--run-id")
    name = name or pages_model or "pages"
    tasks = load_task_list(tasks_dir, only)
    limits = sandboxes_limits(judging.sandboxes, runtime)
    ensure_image_or_fail()
    provenance = judging.provenance(tasks)
    run_id = run_id or judge_run_id(name, pages_dir, [t.id for t in tasks], judging.profile)
    # Where pages run (--sandboxes): the local pool, fresh containers or a cluster's slots.
    where, workers = open_sandboxes(judging, limits, len(tasks))
    with judging.judge(tasks_dir, out) as judge_fn:
        try:
            options = RunOptions(
                run_id=run_id,
                limits=limits,
                progress=console_reporter(),
                judge=judge_fn,
                profile=judging.profile,
                workers=workers,
                pool=where,
                browser=judging.browser,
                rejudge=rejudge,
                provenance=provenance,
            )
            _, run_dir = judge_pages(
                pages_dir, tasks, out, options, model=name, pages_model=pages_model
            )
        except ResumeRefused as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(leaderboard([read_results(run_dir)]))
    click.echo(f"results: {run_dir / 'results.json'}")
