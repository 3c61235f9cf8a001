"""``iwr cluster``: judge on the machines of a Ray cluster (issue 16; docs/DISTRIBUTED.md).

One machine starts the head (``start-head``), each judging machine joins it with its own
Docker Engine and a number of sandbox slots (``join``: the sandbox protection check runs
first and a machine missing a protection never joins), and the coordinator judges through it
with ``iwr run|judge ... --sandboxes ray://HEAD:PORT``. Ray is an optional extra
(``pip install 'iwr-bench[ray]'``), imported only by these commands and by ``ray://``.

Security (said plainly in docs/DISTRIBUTED.md): anyone who can reach a Ray cluster's ports can
run code on it. The head and every node are started on the address the user names, and token
authentication is on: the token is read from ``--token-file``, ``$IWR_CLUSTER_TOKEN`` or Ray's
own variable and file; ``start-head`` without one generates it and never prints it.

This module also holds what ``iwr run`` and ``iwr judge`` share to judge in a backend named
by ``--sandboxes`` (the local pool, fresh containers, or a cluster).
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from evaluator.cli.common import JudgingChoice
    from sandbox.backend import SandboxBackend
    from sandbox.records import Limits

TOKEN_ENV = "IWR_CLUSTER_TOKEN"
# Ray's own token variable and default file: whatever of ours is set is handed on as these.
RAY_TOKEN_ENV = "RAY_AUTH_TOKEN"
DEFAULT_TOKEN_FILE = Path("~/.ray/auth_token")
DEFAULT_PORT = 6379
LOCAL_BACKENDS = ("pool", "cold")
NO_RAY = "Ray is not installed; install the extra: pip install 'iwr-bench[ray]'"


class AddressType(click.ParamType):
    """``HOST:PORT`` (a ``ray://`` prefix is accepted), checked before anything starts."""

    name = "HOST:PORT"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None):
        text = str(value).strip()
        text = text.removeprefix("ray://")
        host, sep, port = text.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            self.fail(f"{value!r} is not HOST:PORT (e.g. 10.0.0.1:{DEFAULT_PORT})", param, ctx)
        return f"{host}:{int(port)}"


ADDRESS = AddressType()


def read_token(token_file: Path | None) -> str | None:
    """The cluster token: from ``token_file``; else ``$IWR_CLUSTER_TOKEN``, ``$RAY_AUTH_TOKEN``
    or the file at Ray's own default path (``~/.ray/auth_token``); else None.

    Raises:
        click.BadParameter: the file cannot be read, is empty, or others may read it.
    """
    if token_file is None:
        for name in (TOKEN_ENV, RAY_TOKEN_ENV):
            if os.environ.get(name, "").strip():
                return os.environ[name].strip()
        token_file = DEFAULT_TOKEN_FILE.expanduser()
        if not token_file.is_file():
            return None
    try:
        mode = token_file.stat().st_mode
        token = token_file.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise click.BadParameter(str(exc), param_hint="--token-file") from exc
    if not token:
        raise click.BadParameter(f"{token_file} is empty", param_hint="--token-file")
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise click.BadParameter(
            f"{token_file} may be read by others (mode {stat.S_IMODE(mode):o}); "
            f"chmod 600 {token_file}",
            param_hint="--token-file",
        )
    return token


def write_token(token: str, path: Path) -> None:
    """Write ``token`` to ``path`` readable by its owner only (created so, never widened)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(token + "\n")
    os.chmod(path, 0o600)


def ip_towards(head: str) -> str:
    """This machine's address on the route to ``head`` (``HOST:PORT``): what the cluster
    reaches this node at when ``--node-ip`` is not given. No packet is sent."""
    host = head.rpartition(":")[0]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect((host, 9))
        except OSError as exc:
            raise click.BadParameter(
                f"no route to {host} ({exc}); give --node-ip", param_hint="HEAD"
            ) from exc
        return str(s.getsockname()[0])


def _node_module():
    """``sandbox.cluster.node``, or a clear error when Ray (or the backend) is missing."""
    try:
        from sandbox.cluster import node
    except ImportError as exc:
        raise click.ClickException(f"{NO_RAY} ({exc})") from exc
    return node


token_file_option = click.option(
    "--token-file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help=f"the cluster's token, mode 600 [default: ${TOKEN_ENV}, else {DEFAULT_TOKEN_FILE}]",
)


@click.group()
def cluster() -> None:
    """Judge on several machines through a Ray cluster (see docs/DISTRIBUTED.md)."""


@cluster.command("start-head")
@click.option("--host", required=True, help="the address the head's ports are bound to")
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True)
@token_file_option
@click.option(
    "--write-token",
    "token_out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_TOKEN_FILE,
    show_default=True,
    help="where a generated token is written (mode 600); Ray's default path, so the "
    "coordinator on this machine finds it",
)
def start_head(host: str, port: int, token_file: Path | None, token_out: Path) -> None:
    """Start the cluster's head on this machine, its ports bound to --host only, token
    authentication on. The head judges nothing; the coordinator (`iwr run|judge
    --sandboxes ray://HOST:PORT`) runs here, and judging machines join it."""
    node = _node_module()
    token = read_token(token_file)
    try:
        head = node.start_head(host, port, token=token)
    except Exception as exc:  # a port in use, Ray missing: say which, stop
        raise click.ClickException(f"cannot start the head on {host}:{port}: {exc}") from exc
    if token is None:
        token_path = token_out.expanduser()
        try:
            write_token(head.token, token_path)
        except OSError as exc:
            raise click.ClickException(f"cannot write the token to {token_path}: {exc}") from exc
        click.echo(f"token: generated, written to {token_path} (mode 600)")
    else:
        token_path = token_file or DEFAULT_TOKEN_FILE
        click.echo("token: the one given (--token-file or the environment)")
    took = getattr(head, "seconds", None)
    click.echo(
        f"head: {head.address} (ports bound to {host} only; token authentication on"
        + (f"; started in {took:.1f} s)" if took is not None else ")")
    )
    click.echo("copy the token file (mode 600) to each judging machine, then there:")
    click.echo(f"  iwr cluster join {head.address} --slots N --token-file {token_path}")
    click.echo("and judge from this machine:")
    click.echo(f"  iwr judge ... --sandboxes ray://{head.address}")


@cluster.command("join")
@click.argument("head", type=ADDRESS)
@click.option("--slots", type=click.IntRange(min=1), required=True, help="pages judged at once")
@click.option(
    "--runtime",
    default=None,
    metavar="NAME",
    help="also offer the slots to runs under this OCI runtime (runsc: gVisor), checked first",
)
@click.option(
    "--node-ip",
    default=None,
    help="this machine's address the cluster reaches it at, its ports bound to it "
    "[default: the address on the route to HEAD]",
)
@token_file_option
def join(
    head: str, slots: int, runtime: str | None, node_ip: str | None, token_file: Path | None
) -> None:
    """Join the cluster at HEAD as a judging machine with SLOTS sandbox slots.

    The sandbox protection check (``iwr sandbox check``, and with --runtime under it too)
    runs first on this machine's engine; if a protection is missing the machine does not
    join and the message names it."""
    from evaluator.cli import common

    node = _node_module()
    token = read_token(token_file)
    if token is None:
        raise click.UsageError(
            f"no cluster token: give --token-file or set ${TOKEN_ENV} "
            "(`iwr cluster start-head` said where it wrote it)"
        )
    node_ip = node_ip or ip_towards(head)
    common.ensure_image_or_fail()
    try:
        node.join(head, slots=slots, runtime=runtime, node_ip=node_ip, token=token)
    except Exception as exc:  # a refused check, an unreachable head: say which, stop
        raise click.ClickException(f"not joined to {head}: {exc}") from exc
    gvisor = f", runtime {runtime}" if runtime else ""
    click.echo(f"joined {head} as {node_ip} with {slots} sandbox slot(s){gvisor}")


@cluster.command("status")
@click.argument("head", type=ADDRESS)
@click.option("--runtime", default=None, metavar="NAME", help="count only slots offering it")
@token_file_option
def status(head: str, runtime: str | None, token_file: Path | None) -> None:
    """Say how many sandbox slots the cluster at HEAD offers (run it on a cluster node)."""
    node = _node_module()
    token = read_token(token_file)
    try:
        slots = node.cluster_slots(head, token=token, runtime=runtime)
    except Exception as exc:  # unreachable, refused token: say it
        raise click.ClickException(f"cannot reach the cluster at {head}: {exc}") from exc
    under = f" under {runtime}" if runtime else ""
    click.echo(f"{head}: {slots} sandbox slot(s){under}")


@cluster.command("stop")
@click.option("--force", is_flag=True, help="kill the processes (SIGKILL) instead of asking")
@click.option("--address", default=None, metavar="HEAD:PORT", help="only this cluster's nodes")
def stop(force: bool, address: str | None) -> None:
    """Stop the head and judging nodes `iwr cluster` started on this machine (their workers
    too); other Ray processes of the machine are left alone."""
    node = _node_module()
    try:
        stopped = node.stop(address=address, force=force)
    except Exception as exc:  # stopping must say what failed
        raise click.ClickException(f"cannot stop the cluster processes: {exc}") from exc
    if not stopped:
        click.echo("no cluster node started by `iwr cluster` runs on this machine")
    for name in stopped:
        click.echo(f"stopped the {name}")


# ---- --sandboxes for `iwr run` and `iwr judge` ---------------------------------------------


def sandboxes_option(command):
    """--sandboxes: where pages run (sandbox.backends)."""
    return click.option(
        "--sandboxes",
        default="pool",
        show_default=True,
        metavar="SPEC",
        help="where pages are judged: pool (pre-started sandboxes on this machine), cold (a "
        "fresh container per page) or ray://HEAD:PORT (the slots of a Ray cluster, see "
        f"`iwr cluster`; token from ${TOKEN_ENV}; --workers defaults to its slots)",
    )(command)


def is_remote(spec: str) -> bool:
    """Whether ``spec`` names a backend off this machine (its engine is not checked here)."""
    return spec.strip().lower() not in LOCAL_BACKENDS


def sandboxes_limits(spec: str, runtime: str | None) -> Limits:
    """The sandbox limits for ``--sandboxes spec``: a local backend checks this machine's
    engine has ``runtime``; a cluster's nodes check their own when they join."""
    from evaluator.cli.common import sandbox_limits
    from sandbox.check import limits_for

    return limits_for(runtime) if is_remote(spec) else sandbox_limits(runtime)


@contextlib.contextmanager
def opened_sandboxes(
    spec: str, pool: bool, workers: int, limits: Limits, browser: str, pages: int
) -> Iterator[tuple[bool | SandboxBackend, int]]:
    """Where the run judges (``RunOptions.pool``) and its number of workers.

    ``pool`` and ``cold`` keep today's path (``--pool/--no-pool`` as given, ``cold`` turns
    the pool off); ``ray://...`` opens the cluster's backend, closed when the run ends, and
    ``--workers`` left at its default becomes the cluster's slots.
    """
    name = spec.strip().lower()
    if not is_remote(spec):
        yield (pool and name != "cold"), workers
        return
    from sandbox.backends import BackendOptions, BackendSpecError, open_backend
    from sandbox.errors import SandboxUnavailable

    given = _workers_given()
    try:
        backend = open_backend(
            spec,
            BackendOptions(
                slots=workers,
                limits=limits,
                browser=browser,
                pages=pages,
                token=read_token(None),  # $IWR_CLUSTER_TOKEN, Ray's variable or its file
                runtime=limits.runtime,
            ),
        )
    except BackendSpecError as exc:
        raise click.BadParameter(str(exc), param_hint="--sandboxes") from exc
    except (SandboxUnavailable, ImportError) as exc:
        raise click.ClickException(f"sandboxes {spec}: {exc}") from exc
    try:
        chosen = workers if given else max(1, backend.slots)
        click.echo(f"sandboxes: {spec}, {backend.slots} slot(s); judging {chosen} at once")
        yield backend, chosen
    finally:
        backend.close()


def open_sandboxes(
    judging: JudgingChoice, limits: Limits, pages: int
) -> tuple[bool | SandboxBackend, int]:
    """``opened_sandboxes`` for the command being run, closed when the command ends."""
    opened = opened_sandboxes(
        judging.sandboxes, judging.pool, judging.workers, limits, judging.browser, pages
    )
    return click.get_current_context().with_resource(opened)


def _workers_given() -> bool:
    """Whether --workers was typed (not its default) in the command being run."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return True
    source = ctx.get_parameter_source("workers")
    return source is not None and source != click.core.ParameterSource.DEFAULT
