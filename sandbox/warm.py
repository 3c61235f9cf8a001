"""The warm path: a sandbox started before its job (browser up, waiting), then given one job.

A pooled sandbox (``start_warm``, used by ``sandbox.pool``) is the same container as a cold
one, created and checked the same way (``sandbox.containers.create``), started before its job:
its runner starts Chromium, says it is ready and waits (at most its idle time); ``run_warm``
delivers the job and page into the running container's ``in`` volume in one copy ending with
the ``go`` marker, and from there it is the cold path: one page, the wall clock counted from
the delivery, output fetched after the stop and checked, everything removed.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docker.models.containers import Container

from .containers import Phases, cleanup, create, execute, logs, payload, remove
from .engine import ENGINE_ERRORS, open_image
from .errors import SandboxUnavailable
from .image import IMAGE_TAG
from .labels import POOL_READY_TIMEOUT_S
from .records import Limits, SandboxRun
from .runner.config import DEFAULT_BROWSER, IDLE_EXIT, IN_DIR, READY_LINE, RESULT_NAME

__all__ = ["PoolMiss", "WarmSandbox", "run_warm", "start_warm", "wait_ready"]


class PoolMiss(SandboxUnavailable):
    """A pooled sandbox could not take its job (gone, idle-expired, refused the delivery).

    Nothing of the job ran; the caller runs it in a fresh container instead.
    """


@dataclass
class WarmSandbox:
    """A started container whose runner has its browser up and waits for one job."""

    container: Container
    volumes: list[Any]
    run_id: str
    image_id: str
    image: str  # the tag asked for
    limits: Limits
    idle_seconds: float
    inspected: dict[str, Any] = field(repr=False)
    browser: str = DEFAULT_BROWSER  # the one its runner started (config.BROWSERS)
    ready_at: float = 0.0  # time.monotonic() when the host saw it ready
    # Seconds per phase of its start (volumes, create, inspect, start, ready).
    timing: dict[str, float] = field(default_factory=dict)

    def age(self) -> float:
        return time.monotonic() - self.ready_at

    def discard(self) -> list[str]:
        """Remove the container and its volumes; returns what could not be removed."""
        return cleanup(self.container, self.volumes)


def wait_ready(
    container: Container, timeout_s: float, cancelled: Callable[[], bool], poll_s: float = 0.05
) -> None:
    """Wait for the runner's ready line on stdout (it prints nothing before it).

    One following log stream rather than a logs call every few milliseconds: the line is seen
    as soon as it is written, and a start costs the engine and this process about half the CPU.
    A guard thread ends the stream when ``timeout_s`` passes or ``cancelled()`` says so (and
    kills the container if the stream cannot be closed); the stream also ends when the
    container exits.
    """
    marker = READY_LINE.encode()
    stream = container.logs(stdout=True, stderr=False, stream=True, follow=True)
    done = threading.Event()
    why: list[str] = []

    def guard() -> None:
        deadline = time.monotonic() + timeout_s
        while not done.wait(poll_s):
            if cancelled():
                why.append("pool closed while the sandbox was starting")
            elif time.monotonic() > deadline:
                why.append(f"the pooled sandbox was not ready within {timeout_s:g}s")
            else:
                continue
            try:
                stream.close()
            except ENGINE_ERRORS + (OSError,):
                with contextlib.suppress(*ENGINE_ERRORS):
                    container.kill()
            return

    threading.Thread(target=guard, name="iwr-pool-ready", daemon=True).start()
    seen = b""
    try:
        for chunk in stream:
            seen = (seen + chunk)[-(len(marker) + 4096) :]
            if marker in seen:
                return
    finally:
        done.set()
    if why:
        raise SandboxUnavailable(why[0])
    last = logs(container).strip().splitlines()[-1:] or [""]
    raise SandboxUnavailable(f"the pooled sandbox exited while starting: {last[0]}")


def start_warm(
    image: str = IMAGE_TAG,
    limits: Limits | None = None,
    *,
    idle_seconds: float = 120.0,
    ready_timeout_s: float = POOL_READY_TIMEOUT_S,
    cancelled: Callable[[], bool] = lambda: False,
    browser: str = DEFAULT_BROWSER,
) -> WarmSandbox:
    """Create (with every protection checked, as ``run_job``) and start a pooled sandbox.

    Returns once its runner has started ``browser`` and waits for a job; it exits by itself
    after ``idle_seconds`` without one. ``cancelled`` is polled while waiting for the runner.

    Raises:
        SandboxUnavailable: as for ``run_job``, or the runner did not get ready in time; nothing
            is left behind.
    """
    limits = limits or Limits()
    phases = Phases()
    client, image_id = open_image(image)
    run_id = uuid.uuid4().hex[:16]
    container: Container | None = None
    volumes: list[Any] = []
    try:
        container, volumes, inspected = create(
            client,
            image_id,
            limits,
            run_id,
            idle_seconds=idle_seconds,
            browser=browser,
            phases=phases,
        )
        if cancelled():
            raise SandboxUnavailable("pool closed while the sandbox was starting")
        with phases("start"):
            container.start()
        with phases("ready"):
            wait_ready(container, ready_timeout_s, cancelled)
    except ENGINE_ERRORS as exc:
        cleanup(container, volumes)
        raise SandboxUnavailable(f"cannot start a pooled sandbox: {exc}") from exc
    except BaseException:
        cleanup(container, volumes)
        raise
    return WarmSandbox(
        container=container,
        volumes=volumes,
        run_id=run_id,
        image_id=image_id,
        image=image,
        limits=limits,
        idle_seconds=idle_seconds,
        inspected=inspected,
        browser=browser,
        ready_at=time.monotonic(),
        timing=phases.seconds,
    )


def run_warm(
    sandbox: WarmSandbox,
    job: dict,
    page_dir: Path | None,
    out_dir: Path,
    *,
    payload: bytes | None = None,
    remover: Executor | None = None,
) -> SandboxRun:
    """Deliver ``job`` and the page to a pooled sandbox; from then on as ``run_job``.

    One copy: the payload ends with the ``go`` marker, which the engine unpacks last, so the
    runner never sees a half-written job. The wall clock starts once the copy is in. The
    container and volumes are removed whatever happens (with ``remover``, in its threads, as
    for ``run_job``). ``payload``: the job and page already packed (``containers.payload``).

    Raises:
        PoolMiss: the sandbox could not take the job (nothing ran; run it elsewhere).
        ValueError: as for ``run_job`` (the sandbox is removed).
    """
    phases = Phases()
    container, limits = sandbox.container, sandbox.limits
    problems: list[str] = []
    try:
        packed = payload if payload is not None else _pack(job, page_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        try:
            with phases("deliver"):
                delivered = container.put_archive(str(IN_DIR), packed)
        except ENGINE_ERRORS as exc:
            raise PoolMiss(f"cannot deliver the job to the pooled sandbox: {exc}") from exc
        if not delivered:
            raise PoolMiss("the engine refused the job archive")
        run = execute(container, limits, out_dir, job, phases)
        if run.exit_code == IDLE_EXIT and not (out_dir / RESULT_NAME).exists():
            raise PoolMiss("the pooled sandbox went idle before its job arrived")
        run.run_id, run.image_id = sandbox.run_id, sandbox.image_id
        run.inspected, run.pooled = sandbox.inspected, True
        run.node = socket.gethostname()
    finally:
        problems = remove(container, sandbox.volumes, sandbox.run_id, remover, phases)
    if problems:
        run.reason = f"{run.reason}; cleanup failed: {'; '.join(problems)}".lstrip("; ")
    run.timing = phases.seconds
    return run


_pack = payload  # the parameter of run_warm shadows the function's name
