"""The judging options are declared once and reach ``iwr run`` and ``iwr judge`` as one record."""

from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from evaluator.cli.common import JudgingChoice, judging_options
from evaluator.cli.judge import judge
from evaluator.cli.run import run

JUDGING_FLAGS = (
    "--workers",
    "--pool / --no-pool",
    "--sandboxes",
    "--browser",
    "--profile",
    "--judge TEXT",
    "--judge-name",
    "--judge-config",
    "--judge-templates",
    "--target-retries",
    "--judge-concurrency",
)


def test_a_command_gets_the_options_as_one_record(tmp_path: Path) -> None:
    seen: list[JudgingChoice] = []

    @click.command()
    @click.option("--other", default="x")
    @judging_options
    def command(other: str, judging: JudgingChoice) -> None:
        """Doc kept."""
        assert other == "y"
        seen.append(judging)

    templates = tmp_path / "prompts"
    templates.mkdir()
    args = ["--other", "y", "--workers", "3", "--no-pool", "--browser", "chromium"]
    args += ["--profile", "paper", "--judge", "baseline:x", "--judge-name", "n"]
    args += ["--judge-templates", str(templates), "--judge-concurrency", "2"]
    result = CliRunner().invoke(command, args)
    assert result.exit_code == 0, result.output
    assert seen == [
        JudgingChoice(
            workers=3,
            pool=False,
            sandboxes="pool",
            browser="chromium",
            profile="paper",
            judge_spec="baseline:x",
            judge_name="n",
            judge_config=None,
            judge_templates=templates,
            judge_concurrency=2,
            target_retries=None,
        )
    ]
    assert "Doc kept." in CliRunner().invoke(command, ["--help"]).output


def test_run_and_judge_both_offer_every_judging_option() -> None:
    for command in (run, judge):
        text = CliRunner().invoke(command, ["--help"], terminal_width=200).output
        # In the same order, after the command's own options.
        places = [text.index("\n  " + flag) for flag in JUDGING_FLAGS]
        assert places == sorted(places), command.name


def test_second_tries_are_offline_only_and_named_in_provenance(tmp_path: Path) -> None:
    import pytest

    from evaluator.judging.profiles import ProfileError, open_judge
    from evaluator.judging.retries import judging_settings

    paper = open_judge("paper", "baseline:x", "n", None, tmp_path, tmp_path, target_retries=1)
    with pytest.raises(ProfileError, match="--target-retries is only used by --profile offline"):
        paper.__enter__()
    with open_judge("offline", None, "", None, tmp_path, tmp_path, target_retries=0) as judge_fn:
        from evaluator.judging.judge import judge_page

        assert judge_fn is judge_page
    assert judging_settings("offline", 2) == "second tries 2"
