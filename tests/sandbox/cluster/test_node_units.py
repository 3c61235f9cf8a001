"""The node side's decisions that need no cluster and no engine: refusing to join, the head's
token, and Ray staying unimported until a run asks for it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sandbox import policy
from sandbox.check import Report
from sandbox.cluster import node
from sandbox.errors import SandboxUnavailable
from sandbox.records import Limits

GOOD = policy.Finding("seccomp", "inside", True, "mode 2")
SWAP = policy.Finding("swap", "inside", False, "-1")


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
    with pytest.raises(ValueError):
        node.join("h:1", slots=0, node_ip="x", token="t", run_check=lambda limits: _report())


def test_sandbox_and_evaluator_do_not_import_ray() -> None:
    code = (
        "import sys, sandbox.backends, sandbox.cluster.node, sandbox.cluster.backend, "
        "evaluator.run.orchestrate; print('ray' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
