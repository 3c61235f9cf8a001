"""The cold path: one job in a fresh container, created, started, waited for and removed."""

from __future__ import annotations

import socket
import uuid
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from docker.errors import DockerException
from docker.models.containers import Container

from .containers import Phases, create, execute, payload, remove
from .engine import open_image
from .errors import SandboxUnavailable
from .image import IMAGE_TAG
from .records import Limits, SandboxRun
from .runner.config import IN_DIR

__all__ = ["run_job"]


def run_job(
    job: dict,
    page_dir: Path | None,
    out_dir: Path,
    *,
    image: str = IMAGE_TAG,
    limits: Limits | None = None,
    remover: Executor | None = None,
) -> SandboxRun:
    """Run ``job`` on the page in ``page_dir`` in a fresh container; output lands in ``out_dir``.

    The container and both volumes are removed whatever happens: before this returns, or, with
    ``remover``, in its threads once the container has stopped (or its runner said it is done)
    and its output is out (whoever owns ``remover`` waits for it before the run ends).
    ``status`` is about the container only: "ok" means the runner exited 0 (or said it was
    done) and wrote a result.json that passed the host's checks (``sandbox.verify``), whose
    own status says how the page fared.

    Raises:
        SandboxUnavailable: the engine is unreachable, the image is missing, or the engine failed
            while setting up (an infrastructure fault, never a bad page).
        ValueError: the job is not JSON-serialisable or the page folder holds links.
    """
    limits = limits or Limits()
    phases = Phases()
    packed = payload(job, page_dir)
    client, image_id = open_image(image)
    out_dir.mkdir(parents=True, exist_ok=True)
    run_id = uuid.uuid4().hex[:16]
    container: Container | None = None
    volumes: list[Any] = []
    try:
        try:
            container, volumes, inspected = create(client, image_id, limits, run_id, phases=phases)
            with phases("deliver"):
                delivered = container.put_archive(str(IN_DIR), packed)
            if not delivered:
                raise SandboxUnavailable("the engine refused the job archive")
        except DockerException as exc:
            raise SandboxUnavailable(f"cannot set up the sandbox container: {exc}") from exc
        try:
            with phases("start"):
                container.start()
        except DockerException as exc:
            raise SandboxUnavailable(f"cannot start the sandbox container: {exc}") from exc
        run = execute(container, limits, out_dir, job, phases)
        run.run_id, run.image_id, run.inspected = run_id, image_id, inspected
        run.node = socket.gethostname()
    finally:
        # Only once execute is done: the container has stopped or its runner is done, and its
        # output is out (or it never started).
        problems = remove(container, volumes, run_id, remover, phases)
    if problems:
        run.reason = f"{run.reason}; cleanup failed: {'; '.join(problems)}".lstrip("; ")
    run.timing = phases.seconds
    return run
