"""The Docker engine as this process sees it: one client, the pinned image, engine facts.

One client per process (not one per page): a client holds a connection pool, and a run
judging hundreds of pages would otherwise open and leak hundreds of them. It is made on first
use, shared by every thread (docker-py's client is thread-safe for these calls), and closed
when the process exits (or by ``close_client``). ``DOCKER_HOST`` decides which engine, also
``ssh://user@host`` (docker's ``ssh`` extra, paramiko): files travel through the archive API,
never bind mounts, so a remote engine works the same.
"""

from __future__ import annotations

import atexit
import functools
import logging
import os
import threading

import docker
import requests
from docker.errors import DockerException, ImageNotFound

from .errors import ImageBuildError, SandboxUnavailable
from .gc import collect
from .image import IMAGE_TAG, content_tag

__all__ = [
    "ENGINE_ERRORS",
    "client",
    "close_client",
    "collect_once",
    "engine_security",
    "open_image",
    "resolve_image",
]

log = logging.getLogger(__name__)

# docker-py lets transport failures (engine gone, read timeouts) through as requests errors.
ENGINE_ERRORS = (DockerException, requests.exceptions.RequestException)
# Connections kept open to the engine: each page holds one while it waits for its container,
# a pooled sandbox one while it waits for its ready line, plus removals; beyond this urllib3
# opens extra ones and drops them with a warning.
MAX_CONNECTIONS = 32

_lock = threading.Lock()
_client: docker.DockerClient | None = None
_client_pid = 0
_security: tuple[str, ...] | None = None
_collected = False


def client() -> docker.DockerClient:
    """This process's engine client (made, and the engine pinged, on first use).

    Raises:
        SandboxUnavailable: the engine is unreachable.
    """
    global _client, _client_pid, _security
    with _lock:
        if _client is not None and _client_pid == os.getpid():
            return _client
        try:
            made = docker.from_env(max_pool_size=MAX_CONNECTIONS)
            made.ping()
        except (*ENGINE_ERRORS, OSError) as exc:
            raise SandboxUnavailable(f"Docker engine unreachable: {exc}") from exc
        except Exception as exc:  # an ssh:// engine's transport (paramiko) has its own errors
            raise SandboxUnavailable(
                f"Docker engine unreachable ({os.environ.get('DOCKER_HOST', 'default')}): "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        # A forked child gets its own client; the parent's sockets are not shared.
        _client, _client_pid, _security = made, os.getpid(), None
        return made


def close_client() -> None:
    """Close this process's client (at exit; the next ``client()`` opens a new one)."""
    global _client
    with _lock:
        made, _client = _client, None
    if made is not None and _client_pid == os.getpid():
        try:
            made.close()
        except Exception as exc:  # closing must never fail a run that has finished
            log.debug("closing the engine client: %s", exc)


atexit.register(close_client)


def engine_security(engine: docker.DockerClient) -> tuple[str, ...]:
    """The engine's SecurityOptions (seccomp profile, ...), asked once per client."""
    global _security
    if _security is None or engine is not _client:
        found = tuple(engine.info().get("SecurityOptions") or ())
        if engine is not _client:
            return found
        _security = found
    return _security


def resolve_image(engine: docker.DockerClient, image: str) -> str:
    """The id to run: for the default tag, the image built from this checkout's runner if any.

    Raises:
        ImageNotFound: neither exists.
    """
    if image == IMAGE_TAG:
        try:
            return engine.images.get(_content_tag()).id
        except ImageNotFound:
            pass
    return engine.images.get(image).id


@functools.cache
def _content_tag() -> str:
    try:
        return content_tag()
    except ImageBuildError:  # not a source checkout: only the plain tag exists
        return IMAGE_TAG


def collect_once(engine: docker.DockerClient) -> None:
    """The first run of a process removes what crashed runs left (see sandbox.gc)."""
    global _collected
    if _collected:
        return
    _collected = True
    try:
        done = collect(engine)
    except ENGINE_ERRORS as exc:
        log.warning("could not look for stale sandbox containers: %s", exc)
        return
    if done.removed or done.problems:
        log.warning("removed stale %s; problems: %s", done.removed, done.problems)


def open_image(image: str) -> tuple[docker.DockerClient, str]:
    """The client and the pinned image id; the first call of a process also collects leftovers.

    Raises:
        SandboxUnavailable: the engine is unreachable or the image is missing.
    """
    engine = client()
    try:
        image_id = resolve_image(engine, image)
    except ImageNotFound as exc:
        raise SandboxUnavailable(
            f"sandbox image {image} is missing; build it with sandbox.image.ensure_image()"
        ) from exc
    except ENGINE_ERRORS as exc:
        raise SandboxUnavailable(f"cannot inspect image {image}: {exc}") from exc
    collect_once(engine)
    return engine, image_id
