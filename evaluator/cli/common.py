"""Options and helpers the ``iwr`` commands share, defined once."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from evaluator.cli.cluster import sandboxes_option
from evaluator.tasks.loader import folders_root, load_tasks
from evaluator.tasks.task import Task, TaskError

if TYPE_CHECKING:
    from evaluator.generation.models import ClientOptions, ModelSpec
    from evaluator.judging.judge import PageJudge
    from evaluator.run.options import RunOptions
    from evaluator.run.progress import Reporter
    from evaluator.run.provenance import Provenance

DEFAULT_TASKS = Path("tasks")
DEFAULT_OUT = Path("runs")
DEMO_BASELINES = ("oracle", "last-frame", "blank")


def load_task_list(path: Path, only: tuple[str, ...] = ()) -> list[Task]:
    try:
        tasks = load_tasks(path)
    except TaskError as exc:
        raise click.ClickException(str(exc)) from exc
    if only:
        unknown = set(only) - {t.id for t in tasks}
        if unknown:
            raise click.ClickException(f"unknown task ids: {', '.join(sorted(unknown))}")
        tasks = [t for t in tasks if t.id in only]
    # A broken published row is judged as a task_error; its files are not looked for.
    unrecorded = {
        t.id: t.missing_recording() for t in tasks if not t.problems and t.missing_recording()
    }
    if unrecorded:
        lines = [f"  {tid}: missing {', '.join(m)}" for tid, m in unrecorded.items()]
        raise click.ClickException(
            "tasks without a recording (run `iwr tasks record`):\n" + "\n".join(lines)
        )
    return tasks


def ensure_image_or_fail() -> None:
    """Build the sandbox image if it is missing or stale: a few lines say what and why, the
    build's whole log goes to a file named only if it fails (evaluator.cli.image_build)."""
    from evaluator.cli.image_build import BuildLog
    from sandbox.image import ensure_image

    log = BuildLog(_echo_err)
    try:
        ensure_image(log=log)
    except Exception as exc:  # any build failure: say it plainly and stop
        raise click.ClickException(f"cannot build the sandbox image: {exc}{log.failed()}") from exc
    log.succeeded()


# Options many commands share, defined once.
tasks_option = click.option(
    "--tasks",
    "tasks_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_TASKS,
    show_default=True,
    help="task folders, or a published data.jsonl",
)
out_option = click.option(
    "--out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True
)


runtime_option = click.option(
    "--runtime",
    default=None,
    metavar="NAME",
    help="OCI runtime for the sandbox containers, e.g. runsc (gVisor: install and register it "
    "with sandbox/install-gvisor.sh); default: the engine's (runc)",
)


def sandbox_limits(runtime: str | None, **fields):
    """Sandbox limits for a command; fails early when the engine lacks ``runtime``."""
    from sandbox.check import limits_for, require_runtime
    from sandbox.launcher import SandboxUnavailable

    try:
        require_runtime(runtime)
    except SandboxUnavailable as exc:
        raise click.BadParameter(str(exc), param_hint="--runtime") from exc
    return limits_for(runtime, **fields)


def default_workers() -> int:
    from evaluator.run.sandboxes import DEFAULT_WORKERS

    return DEFAULT_WORKERS


workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=default_workers,
    show_default="one per core, at most 4",
    help="pages judged at once, each in its own fresh sandbox",
)


def browser_option(command):
    """--browser: which of the image's browsers judges (see sandbox/runner/config.py)."""
    from sandbox.runner.config import BROWSERS, DEFAULT_BROWSER

    return click.option(
        "--browser",
        type=click.Choice(list(BROWSERS)),
        default=DEFAULT_BROWSER,
        show_default=True,
        help="headless-shell: Chromium's headless browser, fast to start; chromium: the full "
        "browser in its headless mode (slower to start, about 2 s more CPU a page)",
    )(command)


pool_option = click.option(
    "--pool/--no-pool",
    default=True,
    show_default=True,
    help="keep workers + 1 sandboxes started and waiting, so a page does not wait for a "
    "container and a browser to start (each still judges one page and is removed); "
    "--no-pool starts a container per page",
)


def _judge_model_options() -> list[Callable[[Any], Any]]:
    return [
        click.option(
            "--profile",
            type=click.Choice(["offline", "paper"]),
            default="offline",
            show_default=True,
            help="offline: deterministic, no model; paper: the published protocol "
            "with a judge model",
        ),
        click.option(
            "--judge",
            "judge_spec",
            default=None,
            help="judge model for --profile paper (same SPEC forms as --model)",
        ),
        click.option(
            "--judge-name",
            default="",
            help="model name for an OpenAI-compatible judge endpoint",
        ),
        click.option(
            "--judge-config",
            type=click.Path(path_type=Path, exists=True, dir_okay=False),
            default=None,
            help="TOML settings for an OpenAI-compatible judge",
        ),
        click.option(
            "--judge-templates",
            type=click.Path(path_type=Path, exists=True, file_okay=False),
            default=None,
            help="folder of judge prompt templates used as they are (assertion.txt, "
            "rubric.txt, targets.txt, inputs.txt, element.txt, element_screenshot.txt; "
            "any subset), e.g. the published prompts",
        ),
        click.option(
            "--target-retries",
            type=click.IntRange(min=0),
            default=None,
            help="offline profile: judgings more per page with another element the task's "
            "evidence points to, when an action fails (second tries, docs/JUDGE.md); "
            "default 3, 0 turns them off",
        ),
        click.option(
            "--judge-concurrency",
            type=click.IntRange(min=1),
            default=4,
            show_default=True,
            help="questions of one page asked of the judge model at once",
        ),
    ]


@dataclass(frozen=True)
class JudgingChoice:
    """How pages are judged, as ``iwr run`` and ``iwr judge`` both take it on the command line
    (``judging_options``): where (workers, pool, browser) and by what (profile, judge model)."""

    workers: int
    pool: bool
    sandboxes: str  # where pages run: pool, cold or ray://HEAD:PORT (evaluator/cli/cluster.py)
    browser: str
    profile: str
    judge_spec: str | None
    judge_name: str
    judge_config: Path | None
    judge_templates: Path | None
    judge_concurrency: int
    target_retries: int | None

    def provenance(self, tasks: list[Task]) -> Provenance:
        """What produces a run judged this way (``run_provenance``)."""
        return run_provenance(
            tasks,
            self.profile,
            self.browser,
            self.judge_spec,
            self.judge_name,
            self.judge_config,
            self.judge_templates,
            self.target_retries,
        )

    def judge(self, tasks_dir: Path, out: Path) -> contextlib.AbstractContextManager[PageJudge]:
        """The page judge of this choice, open for the ``with`` block (``judging``)."""
        return judging(
            self.profile,
            self.judge_spec,
            self.judge_name,
            self.judge_config,
            tasks_dir,
            out,
            self.judge_templates,
            self.judge_concurrency,
            self.target_retries,
        )


_CHOICE_FIELDS = tuple(f.name for f in dataclasses.fields(JudgingChoice))


def judging_options(command: Callable[..., None]) -> Callable[..., None]:
    """--workers, --pool, --browser, --profile, --judge, --judge-name, --judge-config,
    --judge-templates, --judge-concurrency: how pages are judged, declared once for every
    command that judges. The command receives them as one ``judging: JudgingChoice``."""

    @functools.wraps(command)
    def with_choice(*args: Any, **kwargs: Any) -> None:
        choice = JudgingChoice(**{name: kwargs.pop(name) for name in _CHOICE_FIELDS})
        command(*args, judging=choice, **kwargs)

    decorated: Callable[..., None] = with_choice
    for option in reversed(
        [
            workers_option,
            pool_option,
            sandboxes_option,
            browser_option,
            *_judge_model_options(),
        ]
    ):
        decorated = option(decorated)
    return decorated


@contextlib.contextmanager
def judging(
    profile: str,
    judge_spec: str | None,
    judge_name: str,
    judge_config: Path | None,
    tasks_dir: Path,
    out: Path,
    templates: Path | None = None,
    concurrency: int = 4,
    target_retries: int | None = None,
) -> Iterator[PageJudge]:
    """The page judge of ``profile``; a bad profile or judge model is a usage error."""
    from evaluator.generation.models import ModelSpecError
    from evaluator.judging.profiles import ProfileError, open_judge

    try:
        with open_judge(
            profile,
            judge_spec,
            judge_name,
            judge_config,
            folders_root(tasks_dir),
            out,
            templates=templates,
            concurrency=concurrency,
            target_retries=target_retries,
        ) as judge_fn:
            yield judge_fn
    except (ProfileError, ModelSpecError) as exc:
        raise click.BadParameter(str(exc), param_hint="--profile/--judge") from exc


def run_provenance(
    tasks: list,
    profile: str,
    browser: str | None,
    judge_spec: str | None = None,
    judge_name: str = "",
    judge_config: Path | None = None,
    judge_templates: Path | None = None,
    target_retries: int | None = None,
):
    """What produces this run (evaluator.run.provenance), the image asked for its browser's
    version once. Call after ``ensure_image_or_fail``. A judge's settings file changes its
    answers, so its content hash is part of ``judge_model``."""
    from evaluator.generation.models import ModelSpecError, parse_spec
    from evaluator.judging.retries import judging_settings
    from evaluator.run.provenance import collect, sandbox_facts
    from sandbox.runner.config import DEFAULT_BROWSER

    judge_model = ""
    if judge_spec:
        try:
            spec = parse_spec(judge_spec, judge_name)
        except ModelSpecError as exc:
            raise click.BadParameter(str(exc), param_hint="--judge") from exc
        # As the paper judge names its cache: by the model, not where it is served from.
        judge_model = spec.model_name or spec.label
        if judge_config is not None:
            import hashlib

            try:
                digest = hashlib.sha256(judge_config.read_bytes()).hexdigest()[:12]
            except OSError as exc:
                raise click.BadParameter(str(exc), param_hint="--judge-config") from exc
            judge_model += f" (judge config sha256 {digest})"
        if judge_templates is not None:
            import hashlib

            # The prompts change the answers too: their files' names and bytes.
            h = hashlib.sha256()
            for path in sorted(p for p in judge_templates.glob("*.txt") if p.is_file()):
                h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
            judge_model += f" (judge templates sha256 {h.hexdigest()[:12]})"
    try:
        image_id, browser_version = sandbox_facts(browser or DEFAULT_BROWSER)
    except Exception as exc:  # the sandbox cannot say what it runs: judging would fail too
        raise click.ClickException(f"cannot read the sandbox image's facts: {exc}") from exc
    return collect(
        tasks,
        profile=profile,
        judge_model=judge_model,
        image_id=image_id,
        browser_version=browser_version,
        judging=judging_settings(profile, target_retries),
    )


def _echo_err(line: str) -> None:
    click.echo(line, err=True)


def console_reporter() -> Reporter:
    """Where a command's progress goes: each finished item's line to stdout (failures that
    say so on stderr), and a progress bar on stderr when stderr is a terminal."""
    from evaluator.run.progress import terminal_reporter

    return terminal_reporter(click.echo, _echo_err, sys.stderr)


def run_one(
    model: ModelSpec,
    tasks_dir: Path,
    tasks: list[Task],
    out: Path,
    timeout: float,
    run_options: RunOptions,
    client_options: ClientOptions | None = None,
) -> Path:
    """Run ``model`` over ``tasks`` and print its leaderboard line; the run folder.

    With no ``run_options.run_id`` the id comes from the model and the tasks, so the same
    command resumes its run; with no ``run_options.provenance``, the profile's with the
    sandbox's facts. Generation concurrency comes from ``client_options``.
    """
    from clients.types import ModelError
    from evaluator.generation.models import ModelSpecError, open_model
    from evaluator.reporting.markdown import leaderboard
    from evaluator.results import read_results
    from evaluator.run.folder import ResumeRefused
    from evaluator.run.naming import resume_run_id
    from evaluator.run.orchestrate import run_model

    reporter = console_reporter()
    opts = dataclasses.replace(
        run_options,
        run_id=run_options.run_id
        or resume_run_id(model.label, [t.id for t in tasks], run_options.profile),
        progress=reporter,
        concurrency=client_options.concurrency if client_options else 1,
        provenance=run_options.provenance
        or run_provenance(tasks, run_options.profile, run_options.browser),
    )
    try:
        with open_model(
            model,
            folders_root(tasks_dir),
            timeout,
            client_options,
            lambda line: reporter.say(line, err=True),
        ) as client:
            _, run_dir = run_model(client, model.label, tasks, out, opts)
    except ResumeRefused as exc:
        raise click.ClickException(str(exc)) from exc
    except (ModelError, ModelSpecError, RuntimeError) as exc:
        raise click.ClickException(f"model {model.label}: {exc}") from exc
    click.echo(leaderboard([read_results(run_dir)]))
    return run_dir
