"""The machine side of a cluster: start the head, join as a judging node, stop, count slots.

What ``iwr cluster`` (evaluator/cli/cluster.py) calls. The head and the nodes are started with
Ray's own ``ray start`` (found next to this interpreter), so they outlive the command that
started them, exactly as Ray's documentation runs them. Every node and the head run with token
authentication (``RAY_AUTH_MODE=token``; anyone who reaches a cluster without it can run code
on it) and bind to the address the user names (``--node-ip-address``); the head runs no
dashboard.

A machine joins only after the sandbox protection check passed on its own engine (what
``iwr sandbox check`` runs, ``sandbox.check.run_check``), for the default runtime and for the
runtime it offers: a node whose engine drops a protection never takes a page.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import check
from ..errors import SandboxUnavailable
from ..records import Limits
from . import procs
from .connect import RUNSC, RUNSC_RESOURCE, SANDBOX_RESOURCE, auth_env, connect, slots_by_node
from .slot import NODE_IMAGE_ENV

__all__ = [
    "ClusterError",
    "HeadInfo",
    "JoinRefused",
    "NODE_IMAGE_ENV",
    "cluster_slots",
    "join",
    "start_head",
    "stop",
]

# Bound on one `ray start` (a head measured 7-19 s on a 2-core machine).
START_TIMEOUT_S = 120.0
# Bound on a node's processes ending after SIGTERM, before they are killed.
STOP_TIMEOUT_S = 20.0


class ClusterError(RuntimeError):
    """A ``ray start`` failed (the message carries Ray's output), or a node did not stop."""


class JoinRefused(ClusterError):
    """This machine may not judge: its engine lacks a protection (named in the message)."""


@dataclass(frozen=True)
class HeadInfo:
    """A started head: where nodes and the coordinator reach it, and the cluster's token."""

    address: str  # HOST:PORT
    token: str
    seconds: float  # how long `ray start --head` took


def ray_executable() -> str:
    """The ``ray`` command of this interpreter's environment.

    Raises:
        ClusterError: Ray is not installed (the ``ray`` extra).
    """
    beside = Path(sys.executable).with_name("ray")
    found = str(beside) if beside.is_file() else shutil.which("ray")
    if not found:
        raise ClusterError("Ray is not installed; install the extra: pip install 'iwr-bench[ray]'")
    return found


def _ray(
    args: list[str], *, token: str | None, timeout: float, extra_env: dict | None = None
) -> str:
    """Run ``ray ARGS`` with token authentication on; returns its output.

    Raises:
        ClusterError: it failed or ran out of time (the message carries its output's tail).
    """
    env = {**os.environ, **auth_env(token), **(extra_env or {})}
    command = [ray_executable(), *args]
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise ClusterError(f"`ray {args[0]}` did not finish within {timeout:g}s") from exc
    output = (done.stdout or "") + (done.stderr or "")
    if done.returncode != 0:
        raise ClusterError(f"`ray {' '.join(args)}` failed ({done.returncode}):\n{output[-3000:]}")
    return output


def start_head(
    host: str,
    port: int,
    *,
    token: str | None = None,
    system_config: dict | None = None,
) -> HeadInfo:
    """Start this machine as the head of a new cluster at ``host:port``.

    Token authentication on (a new 256-bit token unless ``token`` is given), no dashboard, no
    CPUs (the head places work and hosts the coordinator). ``system_config``: Ray's internal
    settings (tests shorten the node health check with it).

    Raises:
        ClusterError: Ray is missing or ``ray start`` failed (a port in use, say).
    """
    token = token or secrets.token_hex(32)
    args = [
        "start",
        "--head",
        "--node-ip-address",
        host,
        "--port",
        str(port),
        "--include-dashboard=false",
        "--disable-usage-stats",
        "--num-cpus",
        "0",
    ]
    if system_config:
        args += ["--system-config", json.dumps(system_config)]
    started = time.monotonic()
    address = f"{host}:{port}"
    procs.record(procs.NodeRecord(host, address, procs.HEAD))  # first: a half-start is stopped too
    _ray(args, token=token, timeout=START_TIMEOUT_S)
    return HeadInfo(address, token, round(time.monotonic() - started, 2))


Check = Callable[[Limits], check.Report]


def protection_problems(runtime: str | None, run_check: Check = check.run_check) -> list[str]:
    """What this machine's engine fails of the sandbox check, for the default runtime and for
    ``runtime``; empty when every required protection is enforced."""
    problems = []
    for each in dict.fromkeys([None, runtime]):
        label = each or "the default runtime"
        try:
            report = run_check(check.limits_for(each))
        except SandboxUnavailable as exc:
            problems.append(f"{label}: {exc}")
            continue
        missing = sorted({f.name for f in report.missing})
        if missing:
            problems.append(f"{label}: protection missing: {', '.join(missing)}")
    return problems


def join(
    head: str,
    *,
    slots: int,
    runtime: str | None = None,
    node_ip: str,
    token: str,
    image: str | None = None,
    run_check: Check = check.run_check,
) -> None:
    """Join the cluster at ``head`` with ``slots`` sandbox slots, after the sandbox check.

    ``runtime``: ``runsc`` offers the slots to runs under gVisor too (``iwr_runsc``).
    ``image``: the sandbox image this node's slots run (default: the one built from this
    checkout's runner). ``run_check``: the check to run (``sandbox.check.run_check``).

    Raises:
        JoinRefused: a protection is missing (or the engine lacks ``runtime``): nothing started.
        ClusterError: ``ray start`` failed.
        ValueError: ``slots`` is under 1.
    """
    if slots < 1:
        raise ValueError(f"slots must be at least 1, got {slots}")
    problems = protection_problems(runtime, run_check)
    if problems:
        raise JoinRefused(
            f"this machine ({node_ip}) does not join the cluster at {head}: "
            + "; ".join(problems)
            + " (see `iwr sandbox check`, docs/SECURITY.md)"
        )
    resources = {SANDBOX_RESOURCE: slots}
    if runtime == RUNSC:
        resources[RUNSC_RESOURCE] = slots
    args = [
        "start",
        "--address",
        head,
        "--node-ip-address",
        node_ip,
        "--resources",
        json.dumps(resources),
        "--num-cpus",
        str(slots),
        "--disable-usage-stats",
    ]
    extra_env = {NODE_IMAGE_ENV: image} if image else None
    procs.record(procs.NodeRecord(node_ip, head, procs.NODE))
    _ray(args, token=token, timeout=START_TIMEOUT_S, extra_env=extra_env)


def stop(*, address: str | None = None, force: bool = False) -> list[str]:
    """Stop the nodes ``start_head`` and ``join`` started on this machine (of the cluster at
    ``address`` only, when given): their processes and workers, found by process
    (``sandbox.cluster.procs``), never another Ray process of the machine as ``ray stop``
    would. Returns the nodes stopped (one whose processes had already ended included).

    Raises:
        ClusterError: a process did not end, even after SIGKILL.
    """
    stopped, stuck = [], []
    for rec in procs.recorded(address):
        pids = procs.node_processes(rec)
        left = procs.signal_all(pids, force=force, timeout=STOP_TIMEOUT_S)
        if left:
            stuck.append(f"{rec.name}: pids {left}")
            continue
        procs.forget(rec)
        stopped.append(rec.name)
    if stuck:
        raise ClusterError("these processes did not end: " + "; ".join(stuck))
    return stopped


def cluster_slots(address: str, *, token: str | None = None, runtime: str | None = None) -> int:
    """The sandbox slots the cluster at ``address`` offers (under ``runtime``): a run's
    default ``--workers``. Connects this process as the cluster's driver (``connect``).

    Raises:
        SandboxUnavailable: the cluster cannot be reached from here.
    """
    connect(address, token=token)
    return sum(slots_by_node(runtime).values())
