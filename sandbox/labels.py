"""The Docker label names the sandbox puts on its images, containers and volumes.

In one place because the image builder, the launcher, the pool and the garbage collector
all read or write them (``sandbox.gc`` finds what a crashed run left by these labels).
"""

from __future__ import annotations

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
