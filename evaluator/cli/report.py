"""``iwr report``: compare runs side by side and (re)write their report.html."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument(
    "runs", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, file_okay=False)
)
@click.option(
    "--html/--no-html",
    "write_html",
    default=True,
    show_default=True,
    help="(re)write each run's report.html",
)
@click.option(
    "--force",
    is_flag=True,
    help="compare runs even when they were judged differently (another profile, judge "
    "model, metric version or browser)",
)
def report(runs: tuple[Path, ...], write_html: bool, force: bool) -> None:
    """Compare runs side by side (folders holding results.json).

    Runs judged differently are refused without --force: their scores are not comparable."""
    from evaluator.reporting.html import write_html_report
    from evaluator.reporting.markdown import comparison
    from evaluator.results import read_results
    from evaluator.run.provenance import judged_differently

    try:
        data = [read_results(r) for r in runs]
    except (OSError, ValueError, KeyError) as exc:
        raise click.ClickException(f"not a run folder: {exc}") from exc
    if len(data) > 1:
        differences = judged_differently(
            [
                (str(d.get("run_id") or r.name), d.get("provenance"))
                for r, d in zip(runs, data, strict=True)
            ]
        )
        if differences and not force:
            raise click.ClickException(
                "these runs were judged differently, so their scores are not comparable:\n  "
                + "\n  ".join(differences)
                + "\njudge them the same way (iwr judge --pages RUN ... with the same "
                "settings), or pass --force to compare them anyway"
            )
        if differences:
            click.echo("warning: runs judged differently (--force):", err=True)
            for line in differences:
                click.echo(f"  {line}", err=True)
    click.echo(comparison(data))
    if write_html:
        for r in runs:
            click.echo(f"report: {write_html_report(r)}")
