"""``iwr run``: generate a page per task with a model, judge it, score it."""

from __future__ import annotations

from pathlib import Path

import click

from evaluator.cli.cluster import open_sandboxes, sandboxes_limits
from evaluator.cli.common import (
    JudgingChoice,
    ensure_image_or_fail,
    judging_options,
    load_task_list,
    out_option,
    run_one,
    runtime_option,
    tasks_option,
)


@click.command()
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
    "--ready-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=600.0,
    show_default=True,
    help="seconds a gRPC model server may take to report SERVING (loading a large model); "
    "a line says every 30 s that the wait goes on",
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
    "--rpm",
    type=click.FloatRange(min=0),
    default=0.0,
    help="most requests per minute, fractions allowed (0.5: one request every 2 minutes); "
    "0: no limit",
)
@click.option(
    "--prompt-template",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    default=None,
    help="send this file's text as the prompt instead of ours (e.g. the published prompt, "
    "unchanged); {width}, {height}, {resolution}, {frame_count}, {asset_names} and "
    "{sheet_names} are filled in, every other character is sent as it is",
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
@click.option(
    "--samples",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="pages generated and judged per task (sample k asked with seed k); scores are "
    "their means, with 95% intervals over tasks and over samples",
)
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
    ready_timeout: float,
    retries: int,
    concurrency: int,
    rpm: float,
    prompt_template: Path | None,
    run_id: str | None,
    ca_cert: Path | None,
    regenerate: bool,
    rejudge: bool,
    samples: int,
    judging: JudgingChoice,
) -> None:
    """Generate a page per task with a model, judge it in the sandbox, score it.

    Re-running the same command resumes its run: stored pages are not asked for
    again (unless --regenerate), failed generations are retried, judged tasks are kept.
    """
    from evaluator.generation.models import ClientOptions, ModelSpecError, parse_spec
    from evaluator.run.options import RunOptions

    try:
        model = parse_spec(spec, model_name)
    except ModelSpecError as exc:
        raise click.BadParameter(str(exc), param_hint="--model") from exc
    if run_id is not None and (not run_id or "/" in run_id or run_id in (".", "..")):
        raise click.BadParameter(f"{run_id!r} is not a folder name", param_hint="--run-id")
    tasks = load_task_list(tasks_dir, only)
    try:
        template = prompt_template.read_text(encoding="utf-8") if prompt_template else None
    except (OSError, UnicodeDecodeError) as exc:
        raise click.BadParameter(str(exc), param_hint="--prompt-template") from exc
    limits = sandboxes_limits(judging.sandboxes, runtime)
    ensure_image_or_fail()
    options = ClientOptions(
        timeout_s=timeout,
        task_timeout_s=task_timeout,
        max_attempts=retries,
        rpm=rpm,
        concurrency=concurrency,
        config=model_config,
        ca_cert=ca_cert,
        ready_timeout_s=ready_timeout,
    )
    provenance = judging.provenance(tasks)
    # Where pages run (--sandboxes): the local pool, fresh containers or a cluster's slots.
    where, workers = open_sandboxes(judging, limits, len(tasks) * samples)
    with judging.judge(tasks_dir, out) as judge_fn:
        run_options = RunOptions(
            run_id=run_id,
            limits=limits,
            regenerate=regenerate,
            rejudge=rejudge,
            judge=judge_fn,
            profile=judging.profile,
            workers=workers,
            pool=where,
            browser=judging.browser,
            provenance=provenance,
            prompt_template=template,
            samples=samples,
        )
        run_dir = run_one(model, tasks_dir, tasks, out, 600.0, run_options, options)
    click.echo(f"results: {run_dir / 'results.json'}")
