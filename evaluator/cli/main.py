"""The ``iwr`` command: wires the sub-commands, each defined in its own module."""

from __future__ import annotations

import click

from evaluator.cli.cluster import cluster
from evaluator.cli.demo import demo
from evaluator.cli.judge import judge
from evaluator.cli.report import report
from evaluator.cli.run import run
from evaluator.cli.sandbox import sandbox
from evaluator.cli.serve import serve
from evaluator.cli.tasks import tasks


@click.group()
@click.version_option(package_name="iwr-bench")
def main() -> None:
    """IWR-Bench: judge web pages rebuilt from interaction videos, in a sandbox."""


for _command in (run, judge, demo, report, serve, sandbox, tasks, cluster):
    main.add_command(_command)
