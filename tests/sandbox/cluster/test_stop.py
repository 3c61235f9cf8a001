"""`iwr cluster stop` on a real loopback cluster: it ends the nodes iwr started on this machine
and leaves every other Ray process alone (here a Ray head started without iwr, as another
user's or another run's would be), where `ray stop` kills every Ray process of the machine."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
from pathlib import Path

import pytest

from sandbox.cluster import connect, node, procs

pytestmark = [pytest.mark.ray, pytest.mark.timeout(300)]

HEAD, JUDGING, BYSTANDER = "127.0.0.4", "127.0.0.3", "127.0.0.8"


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def test_stop_ends_the_nodes_iwr_started_and_no_other_ray(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sandbox_image: str
) -> None:
    monkeypatch.setenv("IWR_CLUSTER_DIR", str(tmp_path / "nodes"))
    token = secrets.token_hex(16)
    port = _free_port(BYSTANDER)
    other = procs.NodeRecord(BYSTANDER, f"{BYSTANDER}:{port}", procs.HEAD)
    ours: list[procs.NodeRecord] = []
    try:
        subprocess.run(
            [node.ray_executable(), "start", "--head", "--node-ip-address", BYSTANDER,
             "--port", str(port), "--include-dashboard=false", "--num-cpus", "0",
             "--disable-usage-stats"],
            env={**os.environ, **connect.auth_env(token)},
            capture_output=True, timeout=120, check=True,
        )  # fmt: skip
        head = node.start_head(HEAD, _free_port(HEAD), token=token)
        node.join(head.address, slots=1, node_ip=JUDGING, token=token)
        ours = [
            procs.NodeRecord(JUDGING, head.address, procs.NODE),
            procs.NodeRecord(HEAD, head.address, procs.HEAD),
        ]
        assert procs.recorded() == ours  # the bystander was not started by iwr
        assert all(procs.node_processes(rec) for rec in [*ours, other])

        assert node.stop() == [rec.name for rec in ours]

        assert not any(procs.node_processes(rec) for rec in ours)
        assert procs.recorded() == []
        left = procs.node_processes(other)
        assert left and all(Path(f"/proc/{pid}").exists() for pid in left)
    finally:
        for rec in ours:
            procs.signal_all(procs.node_processes(rec), force=True, timeout=10)
        procs.signal_all(procs.node_processes(other), force=True, timeout=10)
