"""``iwr judge``: judge pages generated elsewhere."""

from __future__ import annotations

from pathlib import Path

import click

from evaluator.cli.common import (
    browser_option,
    ensure_image_or_fail,
    judging,
    judging_options,
    load_task_list,
    out_option,
    pool_option,
    runtime_option,
    sandbox_limits,
    tasks_option,
    workers_option,
)


@click.command()
@tasks_option
@click.option(
    "--pages",
    "pages_dir",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    required=True,
    help="folder with <task-id>/index.html",
)
@out_option
@runtime_option
@click.option("--name", default="pages", show_default=True, help="model name for the results")
@workers_option
@pool_option
@browser_option
@judging_options
def judge(
    tasks_dir: Path,
    pages_dir: Path,
    out: Path,
    runtime: str | None,
    name: str,
    workers: int,
    pool: bool,
    browser: str,
    profile: str,
    judge_spec: str | None,
    judge_name: str,
    judge_config: Path | None,
) -> None:
    """Judge pages generated elsewhere; no model is called (but a judge model with
    --profile paper)."""
    from evaluator.reporting.markdown import leaderboard
    from evaluator.results import read_results
    from evaluator.run.orchestrate import judge_pages

    tasks = load_task_list(tasks_dir)
    limits = sandbox_limits(runtime)
    ensure_image_or_fail()
    with judging(profile, judge_spec, judge_name, judge_config, tasks_dir, out) as judge_fn:
        _, run_dir = judge_pages(
            pages_dir,
            tasks,
            out,
            model=name,
            limits=limits,
            progress=click.echo,
            judge=judge_fn,
            profile=profile,
            workers=workers,
            pool=pool,
            browser=browser,
        )
    click.echo(leaderboard([read_results(run_dir)]))
    click.echo(f"results: {run_dir / 'results.json'}")
