"""The node side's decisions that need no cluster and no engine: refusing to join, the head's
token, and Ray staying unimported until a run asks for it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sandbox import policy
from sandbox.check import Report
from sandbox.cluster import node, procs
from sandbox.errors import SandboxUnavailable
from sandbox.records import Limits

GOOD = policy.Finding("seccomp", "inside", True, "mode 2")
SWAP = policy.Finding("swap", "inside", False, "-1")


@pytest.fixture(autouse=True)
def _node_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The nodes a test "starts" are recorded in its own folder, not the user's."""
    monkeypatch.setenv("IWR_CLUSTER_DIR", str(tmp_path / "nodes"))


def _report(*findings: policy.Finding) -> Report:
    return Report(list(findings), [], frozenset())


def _no_ray_start(*args: object, **kwargs: object) -> str:
    raise AssertionError("ray start must not run for a machine that fails the check")


def test_a_machine_missing_a_protection_does_not_join(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(node, "_ray", _no_ray_start)
    with pytest.raises(node.JoinRefused, match=r"10\.0\.0\.7.*protection missing: swap"):
        node.join(
            "10.0.0.1:6379",
            slots=2,
            node_ip="10.0.0.7",
            token="t",
            run_check=lambda limits: _report(GOOD, SWAP),
        )


def test_a_machine_without_the_runtime_it_offers_does_not_join(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str | None] = []

    def run_check(limits: Limits) -> Report:
        asked.append(limits.runtime)
        if limits.runtime == "runsc":
            raise SandboxUnavailable("the Docker engine has no runtime 'runsc'")
        return _report(GOOD)

    monkeypatch.setattr(node, "_ray", _no_ray_start)
    with pytest.raises(node.JoinRefused, match="runsc: the Docker engine has no runtime"):
        node.join(
            "h:1", slots=1, runtime="runsc", node_ip="10.0.0.8", token="t", run_check=run_check
        )
    assert asked == [None, "runsc"]  # both runtimes the node offers are checked


def test_a_checked_machine_joins_with_its_slots_as_resources(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[list[str], str | None]] = []

    def fake_ray(args: list[str], *, token: str | None, timeout: float, extra_env: object) -> str:
        calls.append((args, token))
        return ""

    monkeypatch.setattr(node, "_ray", fake_ray)
    node.join(
        "h:1", slots=3, runtime="runsc", node_ip="10.0.0.9", token="s3cret",
        run_check=lambda limits: _report(GOOD),
    )  # fmt: skip
    ((args, token),) = calls
    assert token == "s3cret"
    assert args[args.index("--resources") + 1] == '{"iwr_sandbox": 3, "iwr_runsc": 3}'
    assert args[args.index("--node-ip-address") + 1] == "10.0.0.9"
    # Recorded, so `iwr cluster stop` stops it (and only what iwr started).
    assert procs.recorded() == [procs.NodeRecord("10.0.0.9", "h:1", procs.NODE)]
    with pytest.raises(ValueError):
        node.join("h:1", slots=0, node_ip="x", token="t", run_check=lambda limits: _report())


def test_sandbox_and_evaluator_do_not_import_ray() -> None:
    code = (
        "import sys, sandbox.backends, sandbox.cluster.node, sandbox.cluster.backend, "
        "evaluator.run.orchestrate; print('ray' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _fake_proc(root: Path, pid: int, ppid: int, *argv: str) -> None:
    entry = root / str(pid)
    entry.mkdir()
    (entry / "cmdline").write_bytes("\0".join(argv).encode() + b"\0")
    (entry / "stat").write_text(f"{pid} ({argv[0][-15:]}) S {ppid} 1 1 0")


def test_stop_finds_only_the_recorded_nodes_processes(tmp_path: Path) -> None:
    head = procs.NodeRecord("127.0.0.4", "127.0.0.4:6379", procs.HEAD)
    judging = procs.NodeRecord("127.0.0.2", "127.0.0.4:6379", procs.NODE)
    gcs, ours = "--gcs-address=127.0.0.4:6379", "--node_ip_address=127.0.0.2"
    _fake_proc(
        tmp_path, 10, 1, "gcs_server", "--gcs_server_port=6379", "--node-ip-address=127.0.0.4"
    )
    _fake_proc(tmp_path, 11, 1, "monitor.py", gcs, "--monitor-ip=127.0.0.4")
    _fake_proc(
        tmp_path,
        20,
        1,
        "raylet",
        ours,
        gcs,
        "--python_worker_command=w --node-ip-address=127.0.0.9",
    )
    _fake_proc(tmp_path, 21, 20, "ray::SandboxSlot")  # a worker: the raylet's child
    _fake_proc(tmp_path, 22, 21, "chromium?")  # and what it started
    # Another cluster on the same address and another port, and a node of another machine's
    # address named only inside one argument: not ours.
    _fake_proc(tmp_path, 30, 1, "raylet", ours, "--gcs-address=127.0.0.4:7000")
    _fake_proc(
        tmp_path, 31, 1, "gcs_server", "--gcs_server_port=7000", "--node-ip-address=127.0.0.4"
    )
    _fake_proc(
        tmp_path,
        40,
        1,
        "raylet",
        "--node_ip_address=127.0.0.9",
        gcs,
        "x --node_ip_address=127.0.0.2",
    )
    assert procs.node_processes(judging, tmp_path) == [20, 21, 22]
    assert procs.node_processes(head, tmp_path) == [10, 11]


def test_nodes_are_recorded_per_cluster_and_heads_stop_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IWR_CLUSTER_DIR", str(tmp_path))
    recs = [
        procs.NodeRecord("127.0.0.4", "127.0.0.4:6379", procs.HEAD),
        procs.NodeRecord("127.0.0.2", "127.0.0.4:6379", procs.NODE),
        procs.NodeRecord("127.0.0.4", "127.0.0.4:7000", procs.HEAD),
    ]
    for rec in recs:
        procs.record(rec)
    assert procs.recorded("127.0.0.4:6379") == [recs[1], recs[0]]
    procs.forget(recs[1])
    assert procs.recorded() == [recs[0], recs[2]]
