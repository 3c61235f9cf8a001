"""The ``iwr`` command: run, judge, serve, demo, sandbox and task tools."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from evaluator.tasks.task import Task, TaskError, folders_root, load_tasks

DEFAULT_TASKS = Path("tasks")
DEFAULT_OUT = Path("runs")
DEMO_BASELINES = ("oracle", "last-frame", "blank")


def _tasks(path: Path, only: tuple[str, ...] = ()) -> list:
    try:
        tasks = load_tasks(path)
    except TaskError as exc:
        raise click.ClickException(str(exc)) from exc
    if only:
        unknown = set(only) - {t.id for t in tasks}
        if unknown:
            raise click.ClickException(f"unknown task ids: {', '.join(sorted(unknown))}")
        tasks = [t for t in tasks if t.id in only]
    unrecorded = {t.id: t.missing_recording() for t in tasks if t.missing_recording()}
    if unrecorded:
        lines = [f"  {tid}: missing {', '.join(m)}" for tid, m in unrecorded.items()]
        raise click.ClickException(
            "tasks without a recording (run `iwr tasks record`):\n" + "\n".join(lines)
        )
    return tasks


def _ensure_image() -> None:
    from sandbox.image import ensure_image

    try:
        ensure_image(log=lambda line: click.echo(line, err=True))
    except Exception as exc:  # any build failure: say it plainly and stop
        raise click.ClickException(f"cannot build the sandbox image: {exc}") from exc


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


def _sandbox_limits(runtime: str | None, **fields):
    """Sandbox limits for a command; fails early when the engine lacks ``runtime``."""
    from sandbox.check import limits_for, require_runtime
    from sandbox.launcher import SandboxUnavailable

    try:
        require_runtime(runtime)
    except SandboxUnavailable as exc:
        raise click.BadParameter(str(exc), param_hint="--runtime") from exc
    return limits_for(runtime, **fields)


def judging_options(command):
    """--profile, --judge, --judge-name, --judge-config: how pages are judged."""
    for option in reversed(
        [
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
        ]
    ):
        command = option(command)
    return command


def _default_workers() -> int:
    from evaluator.run.orchestrate import DEFAULT_WORKERS

    return DEFAULT_WORKERS


workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=_default_workers,
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


@contextlib.contextmanager
def _judging(profile: str, judge_spec, judge_name: str, judge_config, tasks_dir: Path, out: Path):
    from evaluator.generation.models import ModelSpecError
    from evaluator.judging.profiles import ProfileError, open_judge

    try:
        with open_judge(
            profile, judge_spec, judge_name, judge_config, folders_root(tasks_dir), out
        ) as judge_fn:
            yield judge_fn
    except (ProfileError, ModelSpecError) as exc:
        raise click.BadParameter(str(exc), param_hint="--profile/--judge") from exc


@click.group()
@click.version_option(package_name="iwr-bench")
def main() -> None:
    """IWR-Bench: judge web pages rebuilt from interaction videos, in a sandbox."""


@main.command()
@click.option(
    "--model",
    "spec",
    required=True,
    help="grpc(s)://HOST:PORT, baseline:NAME or openai+http(s)://HOST[:PORT]/PATH",
)
@click.option("--model-name", default="", help="model to ask an OpenAI-compatible endpoint for")
@click.option(
    "--model-config",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    default=None,
    help="TOML file of per-model settings for OpenAI-compatible endpoints",
)
@tasks_option
@out_option
@runtime_option
@click.option("--task", "only", multiple=True, help="judge only this task id (repeatable)")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="seconds allowed for one request [default: 600, or the model config's]",
)
@click.option(
    "--task-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=1800.0,
    show_default=True,
    help="seconds allowed for one task's generation, retries and waits included",
)
@click.option(
    "--retries",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="most attempts per task",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="generations in flight at once",
)
@click.option(
    "--rpm", type=click.FloatRange(min=0), default=0.0, help="most requests per minute; 0: no limit"
)
@click.option(
    "--run-id",
    default=None,
    help="run folder under --out; default: derived from the model and task ids, "
    "so the same command resumes the same run",
)
@click.option(
    "--ca-cert",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    default=None,
    help="grpcs:// only: PEM certificates to trust (default: the system's); "
    "a token in $IWR_MODEL_TOKEN is sent as a bearer token",
)
@click.option("--regenerate", is_flag=True, help="ask the model again even for stored pages")
@click.option("--rejudge", is_flag=True, help="judge stored pages again (no model call for them)")
@workers_option
@pool_option
@browser_option
@judging_options
def run(
    spec: str,
    model_name: str,
    model_config: Path | None,
    tasks_dir: Path,
    out: Path,
    runtime: str | None,
    only: tuple[str, ...],
    timeout: float | None,
    task_timeout: float,
    retries: int,
    concurrency: int,
    rpm: float,
    run_id: str | None,
    ca_cert: Path | None,
    regenerate: bool,
    rejudge: bool,
    workers: int,
    pool: bool,
    browser: str,
    profile: str,
    judge_spec: str | None,
    judge_name: str,
    judge_config: Path | None,
) -> None:
    """Generate a page per task with a model, judge it in the sandbox, score it.

    Re-running the same command resumes its run: stored pages are not asked for
    again (unless --regenerate), failed generations are retried, judged tasks are kept.
    """
    from evaluator.generation.models import ClientOptions, ModelSpecError, parse_spec

    try:
        model = parse_spec(spec, model_name)
    except ModelSpecError as exc:
        raise click.BadParameter(str(exc), param_hint="--model") from exc
    if run_id is not None and (not run_id or "/" in run_id or run_id in (".", "..")):
        raise click.BadParameter(f"{run_id!r} is not a folder name", param_hint="--run-id")
    tasks = _tasks(tasks_dir, only)
    limits = _sandbox_limits(runtime)
    _ensure_image()
    options = ClientOptions(
        timeout_s=timeout,
        task_timeout_s=task_timeout,
        max_attempts=retries,
        rpm=rpm,
        concurrency=concurrency,
        config=model_config,
        ca_cert=ca_cert,
    )
    with _judging(profile, judge_spec, judge_name, judge_config, tasks_dir, out) as judge_fn:
        run_dir = _run_one(
            model,
            tasks_dir,
            tasks,
            out,
            600.0,
            options=options,
            limits=limits,
            run_id=run_id,
            regenerate=regenerate,
            rejudge=rejudge,
            judge=judge_fn,
            profile=profile,
            workers=workers,
            pool=pool,
            browser=browser,
        )
    click.echo(f"results: {run_dir / 'results.json'}")


def _run_one(
    model,
    tasks_dir: Path,
    tasks: list,
    out: Path,
    timeout: float,
    *,
    options=None,
    limits=None,
    run_id: str | None = None,
    regenerate: bool = False,
    rejudge: bool = False,
    judge=None,
    profile: str = "offline",
    workers: int = 1,
    pool: bool = False,
    browser: str | None = None,
) -> Path:
    from clients.types import ModelError
    from evaluator.generation.models import ModelSpecError, open_model
    from evaluator.reporting.markdown import leaderboard
    from evaluator.results import read_results
    from evaluator.run.orchestrate import resume_run_id, run_model

    run_id = run_id or resume_run_id(model.label, [t.id for t in tasks], profile)
    judging = {"judge": judge, "profile": profile} if judge is not None else {}
    concurrency = options.concurrency if options else 1
    try:
        with open_model(model, folders_root(tasks_dir), timeout, options) as client:
            _, run_dir = run_model(
                client,
                model.label,
                tasks,
                out,
                run_id=run_id,
                limits=limits,
                progress=click.echo,
                concurrency=concurrency,
                regenerate=regenerate,
                rejudge=rejudge,
                workers=workers,
                pool=pool,
                browser=browser,
                **judging,
            )
    except (ModelError, ModelSpecError, RuntimeError) as exc:
        raise click.ClickException(f"model {model.label}: {exc}") from exc
    click.echo(leaderboard([read_results(run_dir)]))
    return run_dir


@main.command()
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

    tasks = _tasks(tasks_dir)
    limits = _sandbox_limits(runtime)
    _ensure_image()
    with _judging(profile, judge_spec, judge_name, judge_config, tasks_dir, out) as judge_fn:
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


@main.command()
@tasks_option
@out_option
def demo(tasks_dir: Path, out: Path) -> None:
    """Run the reference baselines on the bundled tasks and print a leaderboard."""
    from evaluator.generation.models import ModelSpec
    from evaluator.reporting.markdown import leaderboard
    from evaluator.results import read_results

    tasks = _tasks(tasks_dir)
    _ensure_image()
    from evaluator.run.orchestrate import new_run_id

    # Fresh runs each time: the demo shows the current image and tasks, it never resumes.
    run_dirs = [
        _run_one(
            ModelSpec("baseline", name),
            tasks_dir,
            tasks,
            out,
            120.0,
            run_id=new_run_id(name, out),
        )
        for name in DEMO_BASELINES
    ]
    click.echo("\n## Leaderboard (percent)\n")
    click.echo(leaderboard([read_results(d) for d in run_dirs]))
    click.echo("runs written to:")
    for d in run_dirs:
        click.echo(f"  {d}")


@main.command()
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


@main.command()
@click.argument("name")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=50051, show_default=True, help="0 picks a free port")
@click.option(
    "--tasks",
    "tasks_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_TASKS,
    show_default=True,
    help="task folders (the oracle answers from them)",
)
@click.option("--upstream", default=None, help="openai-gateway: the endpoint's base URL (.../v1)")
@click.option("--model-name", default="", help="openai-gateway: the upstream model's name")
@click.option(
    "--model-config",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    default=None,
    help="openai-gateway: TOML file of per-model settings",
)
@click.option(
    "--rpm", type=click.FloatRange(min=0), default=0.0, help="openai-gateway: requests per minute"
)
@click.option(
    "--tls-cert", type=click.Path(path_type=Path, exists=True), help="serve TLS: PEM chain"
)
@click.option("--tls-key", type=click.Path(path_type=Path, exists=True), help="serve TLS: PEM key")
@click.option(
    "--token-env",
    default=None,
    help="require the bearer token held in this environment variable (health stays open)",
)
def serve(
    name: str,
    host: str,
    port: int,
    tasks_dir: Path,
    upstream: str | None,
    model_name: str,
    model_config: Path | None,
    rpm: float,
    tls_cert: Path | None,
    tls_key: Path | None,
    token_env: str | None,
) -> None:
    """Serve a reference model (oracle, blank, last-frame) over gRPC, or with NAME
    openai-gateway, ModelService in front of an OpenAI-compatible endpoint."""
    import os

    from clients.baselines import BASELINES, make_baseline
    from clients.server import serve_forever

    if (tls_cert is None) != (tls_key is None):
        raise click.BadParameter("give both --tls-cert and --tls-key", param_hint="--tls-key")
    tls = (tls_cert.read_bytes(), tls_key.read_bytes()) if tls_cert and tls_key else None
    token = None
    if token_env:
        token = os.environ.get(token_env)
        if not token:
            raise click.BadParameter(f"${token_env} is not set", param_hint="--token-env")
    security = {"tls": tls, "token": token}

    if name == "openai-gateway":
        from clients.base import RateLimiter
        from clients.gateway import OpenAIGatewayModel
        from clients.openai_client import OpenAIClient, load_settings

        if not upstream or not upstream.startswith(("http://", "https://")):
            raise click.BadParameter("give the endpoint as http(s)://...", param_hint="--upstream")
        if not model_name:
            raise click.BadParameter(
                "the upstream model's name is needed", param_hint="--model-name"
            )
        try:
            settings = load_settings(model_config, model_name)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--model-config") from exc
        client = OpenAIClient(upstream, model_name, settings, limiter=RateLimiter(rpm))
        serve_forever(OpenAIGatewayModel(client), host, port, **security)
        return
    if name not in BASELINES:
        known = ", ".join(sorted([*BASELINES, "openai-gateway"]))
        raise click.BadParameter(f"{name!r}; known: {known}", param_hint="NAME")
    serve_forever(make_baseline(name, tasks_dir), host, port, **security)


@main.group()
def sandbox() -> None:
    """Build and manage the sandbox image."""


@sandbox.command("build")
@click.option(
    "--base",
    default=None,
    help="base image; default: debian:bookworm-slim if a registry has it, "
    "else one built from Debian packages with mmdebstrap",
)
def sandbox_build(base: str | None) -> None:
    """Build the sandbox image (and, offline, its Debian base)."""
    from sandbox.image import build_image

    try:
        image_id = build_image(base, log=lambda line: click.echo(line, err=True))
    except Exception as exc:  # report any build failure as a clean CLI error
        raise click.ClickException(str(exc)) from exc
    click.echo(image_id)


@sandbox.command("check")
@click.option(
    "--allow", multiple=True, help="a protection (by name) that may be missing; repeatable"
)
@runtime_option
def sandbox_check(allow: tuple[str, ...], runtime: str | None) -> None:
    """Probe a container with the production settings; exit 1 if a protection is missing.

    Also says whether the engine has gVisor (runsc); --runtime runsc probes under it."""
    from sandbox.check import format_table, run_check
    from sandbox.launcher import SandboxUnavailable

    limits = _sandbox_limits(runtime, allow_missing=allow)
    _ensure_image()
    try:
        report = run_check(limits)
    except SandboxUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(format_table(report))
    if not report.ok:
        sys.exit(1)


@sandbox.command("gc")
@click.option("--all", "everything", is_flag=True, help="also remove containers of live runs")
@click.option(
    "--images",
    is_flag=True,
    help="also untag content-tagged sandbox images older than a day that nothing uses",
)
def sandbox_gc(everything: bool, images: bool) -> None:
    """Remove sandbox containers and volumes that crashed or killed runs left behind."""
    from docker.errors import DockerException

    from sandbox.errors import ImageBuildError
    from sandbox.gc import collect, prune_images
    from sandbox.image import content_tag

    try:
        done = collect(everything=everything)
        if images:
            try:
                keep = content_tag()
            except ImageBuildError:  # not a source checkout
                keep = None
            pruned = prune_images(keep=keep)
            done.removed += pruned.removed
            done.problems += pruned.problems
    except DockerException as exc:
        raise click.ClickException(f"Docker engine unreachable: {exc}") from exc
    for name in done.removed:
        click.echo(f"removed {name}")
    for problem in done.problems:
        click.echo(f"could not remove {problem}", err=True)
    click.echo(f"{len(done.removed)} removed, {len(done.kept)} kept (live runs)")
    if done.problems:
        sys.exit(1)


@main.group()
def tasks() -> None:
    """Work with task folders."""


@tasks.command("record")
@tasks_option
@click.argument("ids", nargs=-1)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=_default_workers,
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
    _ensure_image()

    def record(task: Task) -> str | None:
        """One task; its failure is reported and the others go on."""
        try:
            rec = record_task(task)
        except RecordError as exc:
            click.echo(f"FAILED {exc}", err=True)
            return task.id
        click.echo(
            f"{rec.task_id}: {rec.steps} steps, {rec.frames} frames, "
            f"{rec.video_seconds:.1f} s of video"
        )
        return None

    # Each task writes only its own folder, so tasks record side by side.
    with ThreadPoolExecutor(max_workers=workers) as executor:
        failed = [tid for tid in executor.map(record, chosen) if tid]
    if failed:
        click.echo(f"{len(failed)} failed: {', '.join(failed)}", err=True)
        sys.exit(1)


@tasks.command("verify")
@tasks_option
@click.argument("ids", nargs=-1)
def tasks_verify(tasks_dir: Path, ids: tuple[str, ...]) -> None:
    """Record tasks again and check their checkpoints are reproduced (nothing is written)."""
    from evaluator.recording.recorder import VERIFY_SSIM, RecordError, verify_task

    chosen = [t for t in _tasks(tasks_dir) if not ids or t.id in ids]
    _ensure_image()
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
    from evaluator.results import write_atomic
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
        jsonl = export_published(_tasks(tasks_dir), out)
    except TaskError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {jsonl}")


if __name__ == "__main__":
    main()
