"""Remove sandbox containers and volumes a crashed or killed evaluator left behind.

Everything the launcher creates carries ``iwr.sandbox`` plus an owner (``host:pid``) and an expiry
time. A leftover is stale when its expiry has passed, or when its owner ran on this host and that
process is gone. Containers of live runs (another evaluator working in parallel) are never touched
unless ``everything`` is asked for.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass, field

import docker
from docker.errors import DockerException, NotFound

from .image import IMAGE_REPO
from .labels import EXPIRES_LABEL, OWNER_LABEL, RUN_ID_LABEL, SANDBOX_LABEL


@dataclass
class Collected:
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # labelled, but belonging to a live run
    problems: list[str] = field(default_factory=list)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_stale(labels: dict[str, str], now: float, host: str, *, running: bool = False) -> bool:
    """Whether a labelled object can go: expired, or its owner on this host is dead."""
    try:
        if float(labels.get(EXPIRES_LABEL, "inf")) < now:
            return True
    except ValueError:
        return True
    owner_host, _, pid = labels.get(OWNER_LABEL, "").rpartition(":")
    if not owner_host:
        return not running  # no owner: made before owners were recorded, or by hand
    return owner_host == host and pid.isdigit() and not _alive(int(pid))


def collect(
    client: docker.DockerClient | None = None, *, everything: bool = False, now: float | None = None
) -> Collected:
    """Remove stale labelled containers, then stale labelled volumes no container uses.

    Never raises for a single object that cannot be removed; those are listed in ``problems``.

    Raises:
        DockerException: the engine cannot be listed at all.
    """
    client = client or docker.from_env()
    now = time.time() if now is None else now
    host = socket.gethostname()
    out = Collected()
    # Both labels: `docker build` gives its intermediate containers the image's iwr.sandbox
    # label, and a build in progress must not lose them. Only the launcher sets a run id.
    label = {"label": [SANDBOX_LABEL, RUN_ID_LABEL]}
    for container in client.containers.list(all=True, filters=label, ignore_removed=True):
        name = f"container {container.name}"
        running = container.status == "running"
        if not everything and not is_stale(container.labels, now, host, running=running):
            out.kept.append(name)
            continue
        try:
            container.remove(force=True)
            out.removed.append(name)
        except NotFound:
            pass
        except DockerException as exc:
            out.problems.append(f"{name}: {exc}")
    in_use = {
        mount.get("Name")
        for container in client.containers.list(all=True, ignore_removed=True)
        for mount in container.attrs.get("Mounts") or []
    }
    for volume in client.volumes.list(filters=label):
        name = f"volume {volume.name}"
        labels = volume.attrs.get("Labels") or {}
        if volume.name in in_use or (not everything and not is_stale(labels, now, host)):
            out.kept.append(name)
            continue
        try:
            volume.remove(force=True)
            out.removed.append(name)
        except NotFound:
            pass
        except DockerException as exc:
            out.problems.append(f"{name}: {exc}")
    return out


# A content-tagged image younger than this may belong to another checkout's run in progress.
IMAGE_MIN_AGE_S = 24 * 3600


def prune_images(
    client: docker.DockerClient | None = None,
    *,
    keep: str | None = None,
    min_age_s: float = IMAGE_MIN_AGE_S,
    now: float | None = None,
    repo: str = IMAGE_REPO,
) -> Collected:
    """Untag old ``iwr-sandbox:content-*`` images that nothing uses, freeing their layers.

    Every runner change builds a new content-tagged image (see sandbox.image.content_tag), so
    they pile up. Kept: ``keep`` (this checkout's tag), whatever ``latest`` points at, images a
    container (running or not) still uses, and tags younger than ``min_age_s``, which another
    checkout on the same engine may be about to run. ``repo`` is for tests.

    Raises:
        DockerException: the engine cannot be listed at all.
    """
    client = client or docker.from_env()
    now = time.time() if now is None else now
    out = Collected()
    # One listing call: per-container inspection races with containers other runs remove.
    used = {c.get("ImageID") for c in client.api.containers(all=True)}
    try:
        latest = client.images.get(f"{repo}:latest").id
    except NotFound:
        latest = None
    for image in client.images.list(name=repo):
        created = _created(image.attrs.get("Created", ""))
        for tag in image.tags:
            if not tag.startswith(f"{repo}:content-"):
                continue
            young = created is None or now - created < min_age_s
            if tag == keep or image.id in (latest, *used) or young:
                out.kept.append(f"image {tag}")
                continue
            try:
                client.images.remove(tag, noprune=False)
                out.removed.append(f"image {tag}")
            except NotFound:
                pass
            except DockerException as exc:
                out.problems.append(f"image {tag}: {exc}")
    return out


def _created(stamp: str) -> float | None:
    """Unix time of an engine timestamp such as ``2026-11-29T17:58:27.123456789Z``."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(stamp[:26].rstrip("Z") + "+00:00").timestamp()
    except ValueError:
        return None


def run_ids(client: docker.DockerClient | None = None) -> set[str]:
    """Run ids of every labelled container and volume still present (for tests and reports)."""
    client = client or docker.from_env()
    label = {"label": SANDBOX_LABEL}
    ids = {
        c.labels.get(RUN_ID_LABEL, "")
        for c in client.containers.list(all=True, filters=label, ignore_removed=True)
    }
    ids |= {
        (v.attrs.get("Labels") or {}).get(RUN_ID_LABEL, "")
        for v in client.volumes.list(filters=label)
    }
    return ids - {""}
