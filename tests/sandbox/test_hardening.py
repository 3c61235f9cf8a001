"""Hardening on the real engine: dropped protections fail the run, settings hold from outside.

Creating a container without starting it is cheap, so these tests do not start Chromium.
"""

from __future__ import annotations

import os

import docker
import pytest

from sandbox import containers, launcher, policy
from sandbox.launcher import Limits, ProtectionMissing, SandboxUnavailable

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

# The engine here has no I/O weight controller: it accepts the setting, drops it and warns.
DROPPED = {"blkio_weight": 300}


def _labelled(run_id: str) -> list[str]:
    client = docker.from_env()
    label = {"label": f"{launcher.RUN_ID_LABEL}={run_id}"}
    containers = [c.name for c in client.containers.list(all=True, filters=label)]
    return containers + [v.name for v in client.volumes.list(filters=label)]


def test_a_setting_the_engine_drops_fails_unless_allowed_by_name(
    monkeypatch: pytest.MonkeyPatch, sandbox_image: str
) -> None:
    monkeypatch.delenv(policy.ALLOW_ENV, raising=False)
    client = docker.from_env()
    image_id = sandbox_image
    with pytest.raises(ProtectionMissing, match="blkio") as info:
        containers.create(client, image_id, Limits(), "test-dropped-1", extra_host_config=DROPPED)
    assert isinstance(info.value, SandboxUnavailable)  # an infrastructure fault, not the page's
    assert policy.ALLOW_ENV in str(info.value)
    assert not _labelled("test-dropped-1")

    allowed = Limits(allow_missing=("blkio",))
    container, volumes, attrs = containers.create(
        client, image_id, allowed, "test-dropped-2", extra_host_config=DROPPED
    )
    try:
        assert attrs["HostConfig"]["BlkioWeight"] == 0  # really dropped
        assert attrs["Image"] == image_id
        assert sorted(_labelled("test-dropped-2")) == sorted(
            [container.name] + [v.name for v in volumes]
        )
    finally:
        assert not containers.cleanup(container, volumes)
    assert not _labelled("test-dropped-2")

    monkeypatch.setenv(policy.ALLOW_ENV, "blkio")
    container, volumes, _ = containers.create(
        client, image_id, Limits(), "test-dropped-3", extra_host_config=DROPPED
    )
    assert not containers.cleanup(container, volumes)


def test_production_settings_hold_as_inspected(sandbox_image: str) -> None:
    # The session's image by id: another checkout may be rebuilding the shared tag meanwhile.
    client = docker.from_env()
    image_id = sandbox_image
    limits = Limits(memory_mb=700, pids=100, tmpfs_mb=32)
    container, volumes, attrs = containers.create(client, image_id, limits, "test-settings")
    try:
        findings = policy.check_outside(
            attrs,
            memory_mb=700,
            cpus=limits.cpus,
            pids=100,
            tmpfs_mb=32,
            image_id=image_id,
            labels={launcher.RUN_ID_LABEL: "test-settings"},
            engine_security=client.info()["SecurityOptions"],
        )
        assert [f for f in findings if not f.ok] == []
        host = attrs["HostConfig"]
        assert host["MemorySwap"] == host["Memory"] == 700 * 1024**2
        assert host["LogConfig"]["Config"]["max-size"] == policy.LOG_MAX_SIZE
        labels = attrs["Config"]["Labels"]
        assert labels[launcher.OWNER_LABEL].endswith(f":{os.getpid()}")
        for volume in volumes:
            volume.reload()
            assert volume.attrs["Labels"][launcher.RUN_ID_LABEL] == "test-settings"
    finally:
        assert not containers.cleanup(container, volumes)
