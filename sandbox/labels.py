"""The Docker label names the sandbox puts on its images, containers and volumes.

In one place because the image builder, the launcher, the pool and the garbage collector
all read or write them (``sandbox.gc`` finds what a crashed run left by these labels).
"""

from __future__ import annotations

import os
import socket
import time

# On every image, container and volume the sandbox makes.
SANDBOX_LABEL = "iwr.sandbox"
# On images: the digest of the runner's files, and the base image built from.
CONTENT_LABEL = "iwr.sandbox.content"
BASE_LABEL = "iwr.sandbox.base"
# On containers and volumes: the run they belong to (SandboxRun.run_id).
RUN_ID_LABEL = "iwr.sandbox.run"
# host:pid of the process that made the container, and when it is stale for sure (unix time).
OWNER_LABEL = "iwr.sandbox.owner"
EXPIRES_LABEL = "iwr.sandbox.expires"
# Marks a pooled container (started before its job) and its volumes.
POOLED_LABEL = "iwr.sandbox.pooled"

# Beyond the wall clock: time to fetch the output and clean up.
STALE_MARGIN_S = 300
# A pooled container's time to start its browser and say it is ready (beyond that, it is removed).
POOL_READY_TIMEOUT_S = 60.0


def sandbox_labels(
    run_id: str, wall_seconds: float, idle_seconds: float | None = None
) -> dict[str, str]:
    """Labels on the container and both volumes: who made them and when they are surely stale.

    A pooled container (``idle_seconds`` given) may wait that long for its job after becoming
    ready, and its wall clock starts only then: its expiry allows for both.
    """
    expires = time.time() + wall_seconds + STALE_MARGIN_S
    labels = {
        SANDBOX_LABEL: "1",
        RUN_ID_LABEL: run_id,
        OWNER_LABEL: f"{socket.gethostname()}:{os.getpid()}",
    }
    if idle_seconds is not None:
        expires += POOL_READY_TIMEOUT_S + idle_seconds
        labels[POOLED_LABEL] = "1"
    labels[EXPIRES_LABEL] = str(int(expires))
    return labels
