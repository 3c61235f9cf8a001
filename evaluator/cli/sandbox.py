"""``iwr sandbox``: build, check and clean up the sandbox."""

from __future__ import annotations

import sys

import click

from evaluator.cli.common import (
    ensure_image_or_fail,
    runtime_option,
    sandbox_limits,
)


@click.group()
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

    limits = sandbox_limits(runtime, allow_missing=allow)
    ensure_image_or_fail()
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
