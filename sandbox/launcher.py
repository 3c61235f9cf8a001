"""Run one job in a locked-down container and bring its output back (host side): the names
callers use, gathered from the modules that do the work.

- ``sandbox.records``: ``Limits`` (what a sandbox is allowed), ``SandboxRun`` (how it ended);
- ``sandbox.labels``: the labels on every container and volume (``sandbox.gc`` reads them);
- ``sandbox.engine``: the process's one Docker client, the pinned image;
- ``sandbox.containers``: a container's life (create with every protection checked, wait,
  fetch and check the output, remove);
- ``sandbox.cold``: ``run_job``, one job in a fresh container;
- ``sandbox.warm``: ``start_warm``/``run_warm``, a sandbox started before its job (the pool's).

Where a page runs (a fresh container, the local pool, a Ray cluster) is chosen through
``sandbox.backend``.
"""

from __future__ import annotations

from .cold import run_job
from .errors import ProtectionMissing, SandboxUnavailable
from .labels import EXPIRES_LABEL, OWNER_LABEL, POOLED_LABEL, RUN_ID_LABEL, STALE_MARGIN_S
from .records import Limits, SandboxRun
from .warm import PoolMiss, WarmSandbox, run_warm, start_warm

__all__ = [
    "EXPIRES_LABEL",
    "OWNER_LABEL",
    "POOLED_LABEL",
    "RUN_ID_LABEL",
    "STALE_MARGIN_S",
    "Limits",
    "PoolMiss",
    "ProtectionMissing",
    "SandboxRun",
    "SandboxUnavailable",
    "WarmSandbox",
    "run_job",
    "run_warm",
    "start_warm",
]
