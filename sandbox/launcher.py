"""Run one job in a fresh, locked-down container and bring its output back (host side).

Isolation: no network (``network_mode="none"``), read-only root, size-capped tmpfs, all
capabilities dropped, no-new-privileges, the engine's default seccomp profile, an init process,
a non-root user, memory (no swap)/CPU/pid limits, ulimits, bounded logs and a wall clock; the
settings live in ``sandbox.policy``. The container is created through the low-level API and
inspected before it starts, so a protection the engine drops fails the run (``ProtectionMissing``,
a ``SandboxUnavailable``) unless the user allowed it by name. The image is pinned by id.
Files travel through named volumes filled and emptied with the archive API, never bind mounts, so
the same code works against a remote engine.

A pooled sandbox (``start_warm``, used by ``sandbox.pool``) is the same container, created and
checked the same way, started before its job: its runner starts Chromium, says it is ready and
waits (at most its idle time); ``run_warm`` delivers the job and page into the running
container's ``in`` volume in one copy ending with the ``go`` marker, and from there it is
``run_job``: one page, the wall clock counted from the delivery, output fetched after the stop
and checked, everything removed.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docker
import requests
from docker.errors import DockerException, ImageNotFound, NotFound
from docker.models.containers import Container

from . import policy
from .archive import UnsafeArchive, job_archive, safe_extract
from .errors import ImageBuildError, ProtectionMissing, SandboxUnavailable
from .gc import collect
from .image import IMAGE_TAG, content_tag
from .labels import EXPIRES_LABEL, OWNER_LABEL, POOLED_LABEL, RUN_ID_LABEL, SANDBOX_LABEL
from .runner.config import (
    BROWSER_ARG,
    DEFAULT_BROWSER,
    GO_NAME,
    IDLE_ARG,
    IDLE_EXIT,
    IN_DIR,
    JOB_NAME,
    OUT_DIR,
    PAGE_NAME,
    POOL_ARG,
    READY_LINE,
    RESULT_NAME,
)
from .status import SandboxStatus
from .verify import InvalidResult, check_output

__all__ = [
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

log = logging.getLogger(__name__)

# Beyond the wall clock: time to fetch the output and clean up.
STALE_MARGIN_S = 300
# A pooled container's time to start its browser and say it is ready (beyond that, it is removed).
POOL_READY_TIMEOUT_S = 60.0
# Keep this much of the container's output in SandboxRun.logs.
LOG_TAIL_CHARS = 4000
# Cap on the output archive streamed back from /work/out.
MAX_OUTPUT_BYTES = 2 * 1024**3
# docker-py lets transport failures (engine gone, read timeouts) through as requests errors.
_ENGINE_ERRORS = (DockerException, requests.exceptions.RequestException)


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
    # fetch, check, remove), to see where a page's time outside the runner goes.
    timing: dict[str, float] = field(default_factory=dict)


class _Phases:
    """Times named phases with time.monotonic (``with phases("fetch"): ...``)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            self.seconds[name] = round(self.seconds.get(name, 0.0) + time.monotonic() - started, 4)


def _client() -> docker.DockerClient:
    try:
        client = docker.from_env()
        client.ping()
    except DockerException as exc:
        raise SandboxUnavailable(f"Docker engine unreachable: {exc}") from exc
    return client


def _labels(run_id: str, limits: Limits, idle_seconds: float | None = None) -> dict[str, str]:
    """Labels on the container and both volumes: who made them and when they are surely stale.

    A pooled container (``idle_seconds`` given) may wait that long for its job after becoming
    ready, and its wall clock starts only then: its expiry allows for both.
    """
    expires = time.time() + limits.wall_seconds + STALE_MARGIN_S
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


def _engine_security(client: docker.DockerClient) -> tuple[str, ...]:
    """The engine's SecurityOptions (seccomp profile, ...), asked once per process."""
    global _ENGINE_SECURITY
    if _ENGINE_SECURITY is None:
        _ENGINE_SECURITY = tuple(client.info().get("SecurityOptions") or ())
    return _ENGINE_SECURITY


_ENGINE_SECURITY: tuple[str, ...] | None = None


def _create(
    client: docker.DockerClient,
    image_id: str,
    limits: Limits,
    run_id: str,
    *,
    extra_host_config: dict[str, Any] | None = None,
    idle_seconds: float | None = None,
    browser: str = DEFAULT_BROWSER,
    phases: _Phases | None = None,
) -> tuple[Container, list[Any], dict[str, Any]]:
    """Create the container through the low-level API, so the engine's warnings are seen.

    Returns the container, its volumes and the inspected container. ``extra_host_config`` is
    for tests that need the engine to drop a setting. ``idle_seconds``: a pooled container,
    whose runner starts ``browser`` and then waits that long at most for its job. ``phases``
    times the engine calls.

    Raises:
        ProtectionMissing: the engine warned about, or did not apply, a protection not in
            ``limits.allow_missing`` (nor in IWR_SANDBOX_ALLOW); nothing is left behind.
    """
    phases = phases or _Phases()
    labels = _labels(run_id, limits, idle_seconds)
    command = None
    if idle_seconds is not None:
        command = [POOL_ARG, IDLE_ARG, f"{idle_seconds:g}", BROWSER_ARG, browser]
    volumes: list[Any] = []
    container: Container | None = None
    try:
        with phases("volumes"):
            for role in ("in", "out"):
                volumes.append(client.volumes.create(name=f"iwr-{run_id}-{role}", labels=labels))
        host_config = client.api.create_host_config(
            **policy.host_config_kwargs(
                memory_mb=limits.memory_mb,
                cpus=limits.cpus,
                pids=limits.pids,
                tmpfs_mb=limits.tmpfs_mb,
                volumes=(volumes[0].name, volumes[1].name),
                runtime=limits.runtime,
            ),
            **(extra_host_config or {}),
        )
        with phases("create"):
            created = client.api.create_container(
                image_id,
                name=f"iwr-sandbox-{run_id}",
                labels=labels,
                command=command,
                user=policy.SANDBOX_USER,
                volumes=[str(IN_DIR), str(OUT_DIR)],
                host_config=host_config,
            )
        with phases("inspect"):
            container = client.containers.get(created["Id"])
        findings = policy.check_outside(
            container.attrs,
            memory_mb=limits.memory_mb,
            cpus=limits.cpus,
            pids=limits.pids,
            tmpfs_mb=limits.tmpfs_mb,
            image_id=image_id,
            labels=labels,
            engine_security=_engine_security(client),
            runtime=limits.runtime,
        )
        gaps = policy.missing(findings, created.get("Warnings") or [])
        allowed = set(limits.allow_missing) | policy.allowed_from_env()
        refused = {name: why for name, why in gaps.items() if name not in allowed}
        if refused:
            raise ProtectionMissing(
                "the engine did not apply "
                + "; ".join(f"{name} ({why})" for name, why in sorted(refused.items()))
                + f". Allow a protection by name with Limits(allow_missing=...) or "
                f"{policy.ALLOW_ENV}=name,name if you accept running without it"
            )
        if gaps:
            log.warning("sandbox %s runs without %s (allowed)", run_id, ", ".join(sorted(gaps)))
    except BaseException:
        _cleanup(container, volumes)
        raise
    return container, volumes, container.attrs


def _resolve_image(client: docker.DockerClient, image: str) -> str:
    """The id to run: for the default tag, the image built from this checkout's runner if any.

    Raises:
        ImageNotFound: neither exists.
    """
    if image == IMAGE_TAG:
        try:
            return client.images.get(_content_tag()).id
        except ImageNotFound:
            pass
    return client.images.get(image).id


@functools.cache
def _content_tag() -> str:
    try:
        return content_tag()
    except ImageBuildError:  # not a source checkout: only the plain tag exists
        return IMAGE_TAG


_COLLECTED = False


def _collect_once(client: docker.DockerClient) -> None:
    """The first run of a process removes what crashed runs left (see sandbox.gc)."""
    global _COLLECTED
    if _COLLECTED:
        return
    _COLLECTED = True
    try:
        done = collect(client)
    except _ENGINE_ERRORS as exc:
        log.warning("could not look for stale sandbox containers: %s", exc)
        return
    if done.removed or done.problems:
        log.warning("removed stale %s; problems: %s", done.removed, done.problems)


def _remove_volume(volume: Any) -> str | None:
    try:
        volume.remove(force=True)
    except NotFound:
        pass
    except DockerException as exc:
        return f"volume {volume.name}: {exc}"
    return None


def _cleanup(container: Container | None, volumes: list[Any]) -> list[str]:
    """Remove the container and its volumes; returns what could not be removed."""
    problems = []
    if container is not None:
        try:
            container.remove(force=True)
        except NotFound:
            pass
        except DockerException as exc:
            problems.append(f"container {container.name}: {exc}")
    for volume in volumes:
        problem = _remove_volume(volume)
        if problem:
            problems.append(problem)
    return problems


def _logs(container: Container) -> str:
    try:
        raw = container.logs(stdout=True, stderr=True, tail=200)
    except _ENGINE_ERRORS as exc:
        return f"(logs unavailable: {exc})"
    return raw.decode("utf-8", errors="replace")[-LOG_TAIL_CHARS:]


def _wait(container: Container, wall_seconds: float) -> int | None:
    """Wait for the container to exit; returns its exit code, or None after killing it."""
    try:
        return int(container.wait(timeout=wall_seconds)["StatusCode"])
    except (requests.exceptions.ReadTimeout, requests.exceptions.ConnectionError):
        # Expired. A ConnectionError here is also how docker-py reports a read timeout; if the
        # engine is really gone, kill() below says so.
        pass
    try:
        container.kill()
    except NotFound:
        pass
    except DockerException as exc:
        if "is not running" not in str(exc):
            raise
    container.wait(timeout=30)
    return None


def _fetch_output(container: Container, out_dir: Path) -> list[str]:
    """Copy /work/out from the stopped container into out_dir (spooled to disk, then checked)."""
    chunks, _stat = container.get_archive(str(OUT_DIR))
    with tempfile.TemporaryFile() as spool:
        size = 0
        for chunk in chunks:
            size += len(chunk)
            if size > MAX_OUTPUT_BYTES:
                raise UnsafeArchive(f"output is over {MAX_OUTPUT_BYTES} bytes")
            spool.write(chunk)
        spool.seek(0)
        return safe_extract(spool, out_dir, strip=OUT_DIR.name)


class PoolMiss(SandboxUnavailable):
    """A pooled sandbox could not take its job (gone, idle-expired, refused the delivery).

    Nothing of the job ran; the caller runs it in a fresh container instead.
    """


def _payload(job: dict, page_dir: Path | None) -> bytes:
    """The tar of job.json and the page folder that goes into /work/in, ending with the ``go``
    marker (a pooled runner starts on it; a cold one ignores it).

    Raises:
        ValueError: the job is not JSON-serialisable or the page folder holds links.
    """
    job_bytes = json.dumps(job).encode("utf-8")
    if page_dir is not None and not page_dir.is_dir():
        raise ValueError(f"page folder {page_dir} does not exist")
    return job_archive(job_bytes, JOB_NAME, page_dir, PAGE_NAME, last=GO_NAME)


def _open(image: str) -> tuple[docker.DockerClient, str]:
    """A client and the pinned image id; the first call of a process also collects leftovers.

    Raises:
        SandboxUnavailable: the engine is unreachable or the image is missing.
    """
    client = _client()
    try:
        image_id = _resolve_image(client, image)
    except ImageNotFound as exc:
        raise SandboxUnavailable(
            f"sandbox image {image} is missing; build it with sandbox.image.ensure_image()"
        ) from exc
    except DockerException as exc:
        raise SandboxUnavailable(f"cannot inspect image {image}: {exc}") from exc
    _collect_once(client)
    return client, image_id


def _cleanup_logged(container: Container | None, volumes: list[Any], run_id: str) -> list[str]:
    """``_cleanup``, with what it could not remove logged under the sandbox's run id."""
    problems = _cleanup(container, volumes)
    if problems:
        log.warning("sandbox %s left behind: %s", run_id, "; ".join(problems))
    return problems


def _remove(
    container: Container | None,
    volumes: list[Any],
    run_id: str,
    remover: Executor | None,
    phases: _Phases,
) -> list[str]:
    """Remove a sandbox that has stopped (or never ran): now, or in ``remover``'s threads.

    Removal (unmounting the layer, deleting two volumes) is the slowest engine call of a page
    and nothing waits on it once the output is out, so a pool hands it to its own threads and
    waits for them when it closes; a remover already shut down means: remove here. Returns what
    could not be removed (always empty when handed over: the remover logs it, and
    ``iwr sandbox gc`` removes it by its labels).
    """
    if remover is not None and container is not None:
        try:
            remover.submit(_cleanup_logged, container, volumes, run_id)
            return []
        except RuntimeError:  # shut down
            pass
    with phases("remove"):
        return _cleanup_logged(container, volumes, run_id)


def run_job(
    job: dict,
    page_dir: Path | None,
    out_dir: Path,
    *,
    image: str = IMAGE_TAG,
    limits: Limits = Limits(),  # frozen, so one shared default is safe
    remover: Executor | None = None,
) -> SandboxRun:
    """Run ``job`` on the page in ``page_dir`` in a fresh container; output lands in ``out_dir``.

    The container and both volumes are removed whatever happens: before this returns, or, with
    ``remover``, in its threads once the container has stopped and its output is out (whoever
    owns ``remover`` waits for it before the run ends). ``status`` is about the container
    only: "ok" means the runner exited 0 and wrote a result.json that passed the host's checks
    (``sandbox.results``), whose own status says how the page fared.

    Raises:
        SandboxUnavailable: the engine is unreachable, the image is missing, or the engine failed
            while setting up (an infrastructure fault, never a bad page).
        ValueError: the job is not JSON-serialisable or the page folder holds links.
    """
    phases = _Phases()
    payload = _payload(job, page_dir)
    client, image_id = _open(image)
    out_dir.mkdir(parents=True, exist_ok=True)
    run_id = uuid.uuid4().hex[:16]
    container: Container | None = None
    volumes: list[Any] = []
    try:
        try:
            container, volumes, inspected = _create(client, image_id, limits, run_id, phases=phases)
            with phases("deliver"):
                delivered = container.put_archive(str(IN_DIR), payload)
            if not delivered:
                raise SandboxUnavailable("the engine refused the job archive")
        except DockerException as exc:
            raise SandboxUnavailable(f"cannot set up the sandbox container: {exc}") from exc
        try:
            with phases("start"):
                container.start()
        except DockerException as exc:
            raise SandboxUnavailable(f"cannot start the sandbox container: {exc}") from exc
        run = _execute(container, limits, out_dir, job, phases)
        run.run_id, run.image_id, run.inspected = run_id, image_id, inspected
    finally:
        # Only once _execute is done: the container has stopped and its output is out (or it
        # never started).
        problems = _remove(container, volumes, run_id, remover, phases)
    if problems:
        run.reason = f"{run.reason}; cleanup failed: {'; '.join(problems)}".lstrip("; ")
    run.timing = phases.seconds
    return run


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
        return _cleanup(self.container, self.volumes)


def _wait_ready(
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
            except _ENGINE_ERRORS + (OSError,):
                with contextlib.suppress(*_ENGINE_ERRORS):
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
    last = _logs(container).strip().splitlines()[-1:] or [""]
    raise SandboxUnavailable(f"the pooled sandbox exited while starting: {last[0]}")


def start_warm(
    image: str = IMAGE_TAG,
    limits: Limits = Limits(),
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
    phases = _Phases()
    client, image_id = _open(image)
    run_id = uuid.uuid4().hex[:16]
    container: Container | None = None
    volumes: list[Any] = []
    try:
        container, volumes, inspected = _create(
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
            _wait_ready(container, ready_timeout_s, cancelled)
    except _ENGINE_ERRORS as exc:
        _cleanup(container, volumes)
        raise SandboxUnavailable(f"cannot start a pooled sandbox: {exc}") from exc
    except BaseException:
        _cleanup(container, volumes)
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
    for ``run_job``). ``payload``: the job and page already packed (``_payload``).

    Raises:
        PoolMiss: the sandbox could not take the job (nothing ran; run it elsewhere).
        ValueError: as for ``run_job`` (the sandbox is removed).
    """
    phases = _Phases()
    container, limits = sandbox.container, sandbox.limits
    problems: list[str] = []
    try:
        payload = payload if payload is not None else _payload(job, page_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        try:
            with phases("deliver"):
                delivered = container.put_archive(str(IN_DIR), payload)
        except _ENGINE_ERRORS as exc:
            raise PoolMiss(f"cannot deliver the job to the pooled sandbox: {exc}") from exc
        if not delivered:
            raise PoolMiss("the engine refused the job archive")
        run = _execute(container, limits, out_dir, job, phases)
        if run.exit_code == IDLE_EXIT and not (out_dir / RESULT_NAME).exists():
            raise PoolMiss("the pooled sandbox went idle before its job arrived")
        run.run_id, run.image_id = sandbox.run_id, sandbox.image_id
        run.inspected, run.pooled = sandbox.inspected, True
    finally:
        problems = _remove(container, sandbox.volumes, sandbox.run_id, remover, phases)
    if problems:
        run.reason = f"{run.reason}; cleanup failed: {'; '.join(problems)}".lstrip("; ")
    run.timing = phases.seconds
    return run


def _execute(
    container: Container, limits: Limits, out_dir: Path, job: dict, phases: _Phases
) -> SandboxRun:
    """Enforce the wall clock on a started container, classify the ending, fetch the output.

    Engine faults after the start become status "infra_error" (the run cannot be judged, and
    it is not the page's fault); a container that misbehaves, or whose result.json fails the
    host's checks, is "crashed". ``phases`` times the engine calls.
    """
    started = time.monotonic()
    try:
        with phases("wait"):
            exit_code = _wait(container, limits.wall_seconds)
        with phases("inspect_end"):
            container.reload()
        oom = bool(container.attrs["State"].get("OOMKilled"))
    except _ENGINE_ERRORS as exc:
        seconds = round(time.monotonic() - started, 3)
        return SandboxRun(
            SandboxStatus.INFRA_ERROR, f"lost the sandbox container: {exc}", None, seconds, ""
        )
    seconds = round(time.monotonic() - started, 3)
    with phases("logs"):
        logs = _logs(container)
    # Fetched in every case: a run stopped by the wall clock still has the steps it finished.
    try:
        with phases("fetch"):
            _fetch_output(container, out_dir)
    except _ENGINE_ERRORS as exc:
        reason = f"cannot fetch the output: {exc}"
        return SandboxRun(SandboxStatus.INFRA_ERROR, reason, exit_code, seconds, logs)
    except UnsafeArchive as exc:
        return SandboxRun(
            SandboxStatus.CRASHED, f"unsafe output refused: {exc}", exit_code, seconds, logs
        )
    # Nothing on the host reads what came out before it passed the checks.
    try:
        with phases("check"):
            check_output(out_dir, job)
    except InvalidResult as exc:
        (out_dir / RESULT_NAME).unlink(missing_ok=True)
        return SandboxRun(SandboxStatus.CRASHED, str(exc), exit_code, seconds, logs)
    if exit_code is None:
        status, reason = (
            SandboxStatus.TIMEOUT,
            f"killed after the {limits.wall_seconds}s wall-clock limit",
        )
    elif oom and exit_code != 0:
        status, reason = SandboxStatus.CRASHED, f"out of memory (limit {limits.memory_mb} MB)"
    elif exit_code != 0:
        last = logs.strip().splitlines()[-1:] or [""]
        status, reason = (
            SandboxStatus.CRASHED,
            f"runner exited with code {exit_code}: {last[0][:300]}",
        )
    elif not (out_dir / RESULT_NAME).is_file():
        status, reason = SandboxStatus.CRASHED, "runner exited 0 without writing result.json"
    else:
        # Chromium's renderer may be OOM-killed while the runner survives and reports it.
        status, reason = SandboxStatus.OK, "a process inside was killed for memory" if oom else ""
    return SandboxRun(status, reason, exit_code, seconds, logs)
