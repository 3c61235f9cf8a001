"""How a sandbox run ended, as the host saw it (the runner's own verdict is in its result)."""

from __future__ import annotations

from enum import StrEnum


class SandboxStatus(StrEnum):
    """The launcher's verdict on a container run (``SandboxRun.status``)."""

    OK = "ok"  # the runner exited 0 and wrote a result that passed the host's checks
    TIMEOUT = "timeout"  # killed at the wall-clock limit
    CRASHED = "crashed"  # the runner died, ran out of memory, or reported an invalid result
    INFRA_ERROR = "infra_error"  # the engine failed: says nothing about the page
