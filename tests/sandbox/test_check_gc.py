"""`iwr sandbox check` and `iwr sandbox gc` on the real engine, and the check's table logic."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time

import docker
import pytest
from click.testing import CliRunner

from evaluator.cli.main import main
from sandbox import containers, gc, launcher, policy
from sandbox.check import Report, format_table
from sandbox.image import IMAGE_TAG
from sandbox.labels import SANDBOX_LABEL


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_report_fails_on_a_missing_protection_unless_allowed() -> None:
    good = policy.Finding("seccomp", "inside", True, "mode 2")
    bad = policy.Finding("swap", "inside", False, "-1")
    gvisor = policy.Finding("gvisor", "engine", False, "runsc not installed")
    report = Report([good, bad], [gvisor], frozenset())
    assert not report.ok and report.missing == [bad]
    table = format_table(report)
    assert "MISSING: swap" in table and "unavailable" in table
    allowed = Report([good, bad], [gvisor], frozenset({"swap"}))
    assert allowed.ok and "ALLOWED" in format_table(allowed)


def test_stale_rules() -> None:
    now = time.time()
    host = "h"
    live = f"h:{os.getpid()}"
    assert gc.is_stale(
        {launcher.EXPIRES_LABEL: str(now - 1), launcher.OWNER_LABEL: live}, now, host
    )
    assert not gc.is_stale(
        {launcher.EXPIRES_LABEL: str(now + 99), launcher.OWNER_LABEL: live}, now, host
    )
    dead = f"h:{_dead_pid()}"
    assert gc.is_stale(
        {launcher.EXPIRES_LABEL: str(now + 99), launcher.OWNER_LABEL: dead}, now, host
    )
    # Another host's live-looking owner is left to its expiry.
    other = f"elsewhere:{_dead_pid()}"
    assert not gc.is_stale(
        {launcher.EXPIRES_LABEL: str(now + 99), launcher.OWNER_LABEL: other}, now, host
    )
    assert not gc.is_stale({}, now, host, running=True)
    assert gc.is_stale({}, now, host, running=False)


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_sandbox_check_reports_every_protection_enforced() -> None:
    result = CliRunner().invoke(main, ["sandbox", "check"])
    assert result.exit_code == 0, result.output
    assert "MISSING" not in result.output
    assert "every required protection is enforced" in result.output
    for name in ("seccomp", "swap", "pids", "ulimits", "no_engine_socket", "no_route_out", "init"):
        assert f"{name} " in result.output
    assert "gvisor" in result.output


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_gc_removes_leftovers_of_dead_runs_and_keeps_live_ones() -> None:
    import socket

    client = docker.from_env()
    host = socket.gethostname()
    future = str(int(time.time() + 600))
    made = {}
    for key, owner in (("dead", f"{host}:{_dead_pid()}"), ("live", f"{host}:{os.getpid()}")):
        run_id = f"test-gc-{key}-{os.getpid()}"
        labels = {
            SANDBOX_LABEL: "1",
            launcher.RUN_ID_LABEL: run_id,
            launcher.OWNER_LABEL: owner,
            launcher.EXPIRES_LABEL: future,
        }
        volume = client.volumes.create(name=f"iwr-{run_id}-out", labels=labels)
        container = client.containers.create(
            IMAGE_TAG,
            name=f"iwr-sandbox-{run_id}",
            labels=labels,
            network_mode="none",
            volumes={volume.name: {"bind": "/work/out", "mode": "rw"}},
        )
        made[key] = (run_id, container, volume)
    try:
        result = CliRunner().invoke(main, ["sandbox", "gc"])
        assert result.exit_code == 0, result.output
        left = gc.run_ids(client)
        assert made["dead"][0] not in left
        assert made["live"][0] in left
        assert f"removed container {made['dead'][1].name}" in result.output
        assert f"removed volume {made['dead'][2].name}" in result.output
    finally:
        for _, container, volume in made.values():
            containers.cleanup(container, [volume])
    assert not {made[k][0] for k in made} & gc.run_ids(client)


def _empty_image(client: docker.DockerClient, tag: str) -> str:
    """A tiny image imported from an empty archive, tagged like a sandbox build."""
    import io
    import tarfile

    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w"):
        pass
    repo, name = tag.split(":")
    client.api.import_image_from_data(data.getvalue(), repository=repo, tag=name)
    return client.images.get(tag).id


@pytest.mark.docker
def test_prune_images_untags_old_unused_content_tags_only() -> None:
    client = docker.from_env()
    repo = "iwr-gc-test"  # not the real repository: other checkouts' images stay untouched
    old, mine, latest = (f"{repo}:content-0ld0ld", f"{repo}:content-m1nem1ne", f"{repo}:latest")
    for tag in (old, mine):
        _empty_image(client, tag)
    client.images.get(old).tag(repo, "content-1atest")  # another tag of an unused image
    _empty_image(client, latest)
    client.images.get(latest).tag(repo, "content-1s1atest")  # what latest points at stays
    made = (old, mine, latest, f"{repo}:content-1atest", f"{repo}:content-1s1atest")
    try:
        young = gc.prune_images(client, keep=mine, repo=repo)  # all just made: kept
        assert not young.removed and len(young.kept) == 4
        done = gc.prune_images(client, keep=mine, min_age_s=0, repo=repo)
        assert sorted(done.removed) == [
            f"image {repo}:content-0ld0ld",
            f"image {repo}:content-1atest",
        ]
        tags = {t for image in client.images.list(name=repo) for t in image.tags}
        assert tags == {mine, latest, f"{repo}:content-1s1atest"}
    finally:
        for tag in made:
            with contextlib.suppress(docker.errors.NotFound):
                client.images.remove(tag)


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_gc_leaves_build_containers_alone() -> None:
    """A stopped container with only the image's label (a build step) is not a leftover."""
    client = docker.from_env()
    step = client.containers.create(IMAGE_TAG, command="true", labels={SANDBOX_LABEL: "1"})
    try:
        done = gc.collect(client)  # ownerless and stopped: stale, were it a sandbox
        assert f"container {step.name}" not in done.removed
        step.reload()  # still there
    finally:
        step.remove(force=True)
