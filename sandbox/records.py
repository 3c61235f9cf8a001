"""What a sandbox is asked for (``Limits``) and how it ended (``SandboxRun``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .status import SandboxStatus

__all__ = ["Limits", "SandboxRun"]


@dataclass(frozen=True)
class Limits:
    """Resource limits for one sandbox container."""

    memory_mb: int = 1536
    cpus: float = 1.0
    pids: int = 512
    wall_seconds: float = 180.0
    tmpfs_mb: int = 256
    # Protections (sandbox.policy names, e.g. "swap") the engine may drop without failing the run.
    allow_missing: tuple[str, ...] = ()
    # OCI runtime registered with the engine ("runsc" for gVisor); None: the engine's default.
    runtime: str | None = None


@dataclass
class SandboxRun:
    """How the container ended; the runner's own verdict is in out_dir/result.json."""

    status: SandboxStatus
    reason: str
    exit_code: int | None
    seconds: float
    logs: str  # tail of container output
    run_id: str = ""  # label iwr.sandbox.run on the container and volumes, for tracing
    image_id: str = ""  # the image the container ran, pinned by id
    # The inspected container (HostConfig, Config, Mounts) as it was before the start.
    inspected: dict[str, Any] = field(default_factory=dict, repr=False)
    pooled: bool = False  # ran in a pooled sandbox (started before the job was delivered)
    # Seconds per host-side phase (engine calls: create, deliver, start, wait, inspect, logs,
    # fetch, check, remove; a pool's wait for a ready sandbox: take; through a Ray slot also
    # pack, slot_wait, call, slot_unpack, slot_run, slot_pack, receive), to see where a page's
    # time outside the runner goes.
    timing: dict[str, float] = field(default_factory=dict)
    # Where it ran: the machine (host name, or a cluster node's name and address) and the slot
    # on it (empty for a local run), so a result says which sandbox judged it.
    node: str = ""
    slot: str = ""
