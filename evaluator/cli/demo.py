"""``iwr demo``: the reference baselines on the bundled tasks, one leaderboard."""

from __future__ import annotations

from pathlib import Path

import click

from evaluator.cli.common import (
    DEMO_BASELINES,
    ensure_image_or_fail,
    load_task_list,
    out_option,
    run_one,
    tasks_option,
)


@click.command()
@tasks_option
@out_option
def demo(tasks_dir: Path, out: Path) -> None:
    """Run the reference baselines on the bundled tasks and print a leaderboard."""
    from evaluator.generation.models import ModelSpec
    from evaluator.reporting.markdown import leaderboard
    from evaluator.results import read_results

    tasks = load_task_list(tasks_dir)
    ensure_image_or_fail()
    from evaluator.run.naming import new_run_id
    from evaluator.run.options import RunOptions

    # Fresh runs each time: the demo shows the current image and tasks, it never resumes.
    run_dirs = [
        run_one(
            ModelSpec("baseline", name),
            tasks_dir,
            tasks,
            out,
            120.0,
            RunOptions(run_id=new_run_id(name, out)),
        )
        for name in DEMO_BASELINES
    ]
    click.echo("\n## Leaderboard (percent)\n")
    click.echo(leaderboard([read_results(d) for d in run_dirs]))
    click.echo("runs written to:")
    for d in run_dirs:
        click.echo(f"  {d}")
