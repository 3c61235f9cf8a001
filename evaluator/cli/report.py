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
def report(runs: tuple[Path, ...], write_html: bool) -> None:
    """Compare runs side by side (folders holding results.json)."""
    from evaluator.reporting.html import write_html_report
    from evaluator.reporting.markdown import comparison
    from evaluator.results import read_results

    try:
        data = [read_results(r) for r in runs]
    except (OSError, ValueError, KeyError) as exc:
        raise click.ClickException(f"not a run folder: {exc}") from exc
    click.echo(comparison(data))
    if write_html:
        for r in runs:
            click.echo(f"report: {write_html_report(r)}")
