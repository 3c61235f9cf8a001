"""A sandbox container's life: create (every protection checked), wait, fetch, remove.

Isolation: no network (``network_mode="none"``), read-only root, size-capped tmpfs, all
capabilities dropped, no-new-privileges, the engine's default seccomp profile, an init process,
a non-root user, memory (no swap)/CPU/pid limits, ulimits, bounded logs and a wall clock; the
settings live in ``sandbox.policy``. The container is created through the low-level API and
inspected before it starts, so a protection the engine drops fails the run (``ProtectionMissing``,
a ``SandboxUnavailable``) unless the user allowed it by name. The image is pinned by id.
Files travel through named volumes filled and emptied with the archive API, never bind mounts, so
the same code works against a remote engine.

The cold path (``sandbox.cold``) and the warm path (``sandbox.warm``) both use these steps.
"""

from __future__ import annotations

import contextlib
import json
import logging
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docker
import requests
from docker.errors import DockerException, NotFound
from docker.models.containers import Container

from . import policy
from .archive import UnsafeArchive, job_archive, safe_extract
from .engine import ENGINE_ERRORS, engine_security
from .errors import ProtectionMissing
from .labels import sandbox_labels
from .records import Limits, SandboxRun
from .runner.config import (
    BROWSER_ARG,
    DEFAULT_BROWSER,
    DONE_LINE,
    GO_NAME,
    IDLE_ARG,
    IN_DIR,
    JOB_NAME,
    LINGER_ARG,
    OUT_DIR,
    PAGE_NAME,
    POOL_ARG,
    RESULT_NAME,
)
from .status import SandboxStatus
from .verify import InvalidResult, check_output

log = logging.getLogger(__name__)

# Keep this much of the container's output in SandboxRun.logs.
LOG_TAIL_CHARS = 4000
# Cap on the output archive streamed back from /work/out.
MAX_OUTPUT_BYTES = 2 * 1024**3
# How long a runner that said it is done waits to be removed (removal kills it sooner).
LINGER_S = 30.0


class EngineLost(DockerException):
    """The connection to the engine broke while waiting for a container: an infrastructure
    fault (``infra_error``, judged again on resume), not the page running out of time."""


class Phases:
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


def create(
    client: docker.DockerClient,
    image_id: str,
    limits: Limits,
    run_id: str,
    *,
    extra_host_config: dict[str, Any] | None = None,
    idle_seconds: float | None = None,
    browser: str = DEFAULT_BROWSER,
    phases: Phases | None = None,
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
    phases = phases or Phases()
    labels = sandbox_labels(run_id, limits.wall_seconds, idle_seconds)
    # The runner says when its output is complete and waits to be removed (``wait_done``).
    command = [LINGER_ARG, f"{LINGER_S:g}"]
    if idle_seconds is not None:
        command = [POOL_ARG, IDLE_ARG, f"{idle_seconds:g}", BROWSER_ARG, browser, *command]
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
        _check_protections(
            client, container, created.get("Warnings") or [], limits, image_id, labels, run_id
        )
    except BaseException:
        cleanup(container, volumes)
        raise
    return container, volumes, container.attrs


def _check_protections(
    client: docker.DockerClient,
    container: Container,
    warnings: list[str],
    limits: Limits,
    image_id: str,
    labels: dict[str, str],
    run_id: str,
) -> None:
    """Raise ProtectionMissing unless the engine applied every protection ``limits`` does not
    allow to be missing (read back from the created container and the engine's warnings)."""
    findings = policy.check_outside(
        container.attrs,
        memory_mb=limits.memory_mb,
        cpus=limits.cpus,
        pids=limits.pids,
        tmpfs_mb=limits.tmpfs_mb,
        image_id=image_id,
        labels=labels,
        engine_security=engine_security(client),
        runtime=limits.runtime,
    )
    gaps = policy.missing(findings, warnings)
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


def _remove_volume(volume: Any) -> str | None:
    try:
        volume.remove(force=True)
    except NotFound:
        pass
    except ENGINE_ERRORS as exc:
        return f"volume {volume.name}: {exc}"
    return None


def cleanup(container: Container | None, volumes: list[Any]) -> list[str]:
    """Remove the container and its volumes; returns what could not be removed."""
    problems = []
    if container is not None:
        try:
            container.remove(force=True)
        except NotFound:
            pass
        except ENGINE_ERRORS as exc:
            problems.append(f"container {container.name}: {exc}")
    for volume in volumes:
        problem = _remove_volume(volume)
        if problem:
            problems.append(problem)
    return problems


def _cleanup_logged(container: Container | None, volumes: list[Any], run_id: str) -> list[str]:
    """``cleanup``, with what it could not remove logged under the sandbox's run id."""
    problems = cleanup(container, volumes)
    if problems:
        log.warning("sandbox %s left behind: %s", run_id, "; ".join(problems))
    return problems


def remove(
    container: Container | None,
    volumes: list[Any],
    run_id: str,
    remover: Executor | None,
    phases: Phases,
) -> list[str]:
    """Remove a sandbox that has stopped or said it is done (or never ran): now, or in
    ``remover``'s threads (removal kills a runner that lingers after its done line).

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


def logs(container: Container) -> str:
    try:
        raw = container.logs(stdout=True, stderr=True, tail=200)
    except ENGINE_ERRORS as exc:
        return f"(logs unavailable: {exc})"
    return str(raw.decode("utf-8", errors="replace")[-LOG_TAIL_CHARS:])


def wait(container: Container, wall_seconds: float) -> int | None:
    """Wait for the container to exit; returns its exit code, or None after killing it.

    Raises:
        EngineLost: the connection broke before the wall clock ran out (docker-py reports a
            read timeout as a ConnectionError too, but that never comes early).
    """
    started = time.monotonic()
    try:
        return int(container.wait(timeout=wall_seconds)["StatusCode"])
    except requests.exceptions.ReadTimeout:
        pass  # the wall clock ran out
    except requests.exceptions.ConnectionError as exc:
        if time.monotonic() - started < wall_seconds:
            raise EngineLost(f"the connection to the engine broke while waiting: {exc}") from exc
        # Expired; if the engine is really gone, kill() below says so.
    try:
        container.kill()
    except NotFound:
        pass
    except DockerException as exc:
        if "is not running" not in str(exc):
            raise
    container.wait(timeout=30)
    return None


@dataclass
class Ending:
    """How waiting for a sandbox ended (``wait_done``)."""

    # The runner's exit code; None: killed at the wall clock. 0 when it said it was done: it
    # wrote its result and exits 0 once it has waited (it is removed before).
    exit_code: int | None
    done: bool = False  # the runner said its output is complete and lingers
    oom_kills: int | None = None  # what the runner's done line said (None: nothing)


def _done_line(container: Container, wall_seconds: float) -> str | None:
    """Follow the runner's stdout until its done line; None when the stream ended without it
    (the container exited, or ``wall_seconds`` passed and the stream was closed)."""
    marker = DONE_LINE.encode()
    stream = container.logs(stdout=True, stderr=False, stream=True, follow=True)
    finished = threading.Event()

    def guard() -> None:
        if not finished.wait(wall_seconds):
            with contextlib.suppress(*ENGINE_ERRORS, OSError):
                stream.close()

    threading.Thread(target=guard, name="iwr-sandbox-wall", daemon=True).start()
    pending = b""
    try:
        for chunk in stream:
            *lines, pending = (pending + chunk).split(b"\n")
            pending = pending[-4096:]
            for line in lines:
                line = line.rstrip(b"\r")
                if line == marker or line.startswith(marker + b" "):
                    return line.decode("ascii", errors="replace")
    finally:
        finished.set()
        with contextlib.suppress(*ENGINE_ERRORS, OSError):
            stream.close()
    return None


def _oom_kills(line: str) -> int | None:
    for part in line[len(DONE_LINE) :].split():
        name, _, value = part.partition("=")
        if name == "oom_kill" and value.isdigit():
            return int(value)
    return None


def wait_done(container: Container, wall_seconds: float) -> Ending:
    """Wait until the runner says its output is complete (``DONE_LINE``, config.py) or the
    container exits; kill it when ``wall_seconds`` pass first.

    The done line comes once result.json and every file are written and the browser is
    killed; the runner then waits to be removed, so its output is fetched from the running
    container, without waiting for the engine to handle its exit. A runner that exits
    without the line (a crash, an idle pooled runner) is waited for as before.

    Raises:
        EngineLost: as ``wait``.
    """
    started = time.monotonic()
    try:
        line = _done_line(container, wall_seconds)
    except Exception:  # whatever broke the stream, ``wait`` says whether the engine is gone
        log.debug("following the runner's stdout failed", exc_info=True)
        line = None
    if line is not None:
        return Ending(0, True, _oom_kills(line))
    left = max(0.05, wall_seconds - (time.monotonic() - started))
    return Ending(wait(container, left))


def fetch_output(container: Container, out_dir: Path) -> list[str]:
    """Copy /work/out from the container (stopped, or its runner done) into out_dir (spooled
    to disk, then checked)."""
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


def payload(job: dict, page_dir: Path | None) -> bytes:
    """The tar of job.json and the page folder that goes into /work/in, ending with the ``go``
    marker (a pooled runner starts on it; a cold one ignores it).

    Raises:
        ValueError: the job is not JSON-serialisable or the page folder holds links.
    """
    job_bytes = json.dumps(job).encode("utf-8")
    if page_dir is not None and not page_dir.is_dir():
        raise ValueError(f"page folder {page_dir} does not exist")
    return job_archive(job_bytes, JOB_NAME, page_dir, PAGE_NAME, last=GO_NAME)


def execute(
    container: Container, limits: Limits, out_dir: Path, job: dict, phases: Phases
) -> SandboxRun:
    """Enforce the wall clock on a started container, classify the ending, fetch the output.

    Engine faults after the start (a dropped connection included) become status
    "infra_error" (the run cannot be judged, and it is not the page's fault); a container that
    misbehaves, or whose result.json fails the host's checks, is "crashed". ``phases`` times
    the engine calls.
    """
    started = time.monotonic()
    try:
        with phases("wait"):
            ending = wait_done(container, limits.wall_seconds)
        exit_code = ending.exit_code
        with phases("inspect_end"):
            container.reload()
        oom = bool(container.attrs["State"].get("OOMKilled")) or bool(ending.oom_kills)
    except ENGINE_ERRORS as exc:
        seconds = round(time.monotonic() - started, 3)
        return SandboxRun(
            SandboxStatus.INFRA_ERROR, f"lost the sandbox container: {exc}", None, seconds, ""
        )
    seconds = round(time.monotonic() - started, 3)
    with phases("logs"):
        tail = logs(container)
    # Fetched in every case: a run stopped by the wall clock still has the steps it finished.
    try:
        with phases("fetch"):
            fetch_output(container, out_dir)
    except ENGINE_ERRORS as exc:
        reason = f"cannot fetch the output: {exc}"
        return SandboxRun(SandboxStatus.INFRA_ERROR, reason, exit_code, seconds, tail)
    except UnsafeArchive as exc:
        return SandboxRun(
            SandboxStatus.CRASHED, f"unsafe output refused: {exc}", exit_code, seconds, tail
        )
    # Nothing on the host reads what came out before it passed the checks.
    try:
        with phases("check"):
            check_output(out_dir, job)
    except InvalidResult as exc:
        (out_dir / RESULT_NAME).unlink(missing_ok=True)
        return SandboxRun(SandboxStatus.CRASHED, str(exc), exit_code, seconds, tail)
    if exit_code is None:
        status, reason = (
            SandboxStatus.TIMEOUT,
            f"killed after the {limits.wall_seconds}s wall-clock limit",
        )
    elif oom and exit_code != 0:
        status, reason = SandboxStatus.CRASHED, f"out of memory (limit {limits.memory_mb} MB)"
    elif exit_code != 0:
        last = tail.strip().splitlines()[-1:] or [""]
        status, reason = (
            SandboxStatus.CRASHED,
            f"runner exited with code {exit_code}: {last[0][:300]}",
        )
    elif not (out_dir / RESULT_NAME).is_file():
        status, reason = SandboxStatus.CRASHED, "runner exited 0 without writing result.json"
    else:
        # Chromium's renderer may be OOM-killed while the runner survives and reports it.
        status, reason = SandboxStatus.OK, "a process inside was killed for memory" if oom else ""
    return SandboxRun(status, reason, exit_code, seconds, tail)
