"""gVisor (``--runtime runsc``): the clear error without it, and, on an engine that has it, the
check and a judged page giving the same result as under runc.

The real-engine tests skip, saying why, when the engine has no ``runsc`` runtime; register one
with ``sudo sandbox/install-gvisor.sh``.
"""

from __future__ import annotations

import json
from pathlib import Path

import docker
import pytest
from click.testing import CliRunner

from evaluator.cli.main import main
from evaluator.judging.judge import judge_page
from evaluator.tasks.loader import load_tasks
from sandbox.check import GVISOR_RUNTIME, limits_for, require_runtime
from sandbox.errors import SandboxUnavailable
from sandbox.launcher import Limits

ROOT = Path(__file__).resolve().parents[2]


class _Engine:
    def __init__(self, runtimes: list[str]) -> None:
        self.runtimes = runtimes

    def info(self) -> dict:
        return {"Runtimes": {name: {"path": name} for name in self.runtimes}}


def test_a_missing_runtime_is_named_with_how_to_install_it() -> None:
    with pytest.raises(SandboxUnavailable) as caught:
        require_runtime("runsc", _Engine(["runc"]))  # type: ignore[arg-type]
    message = str(caught.value)
    assert "no runtime 'runsc'" in message and "it has: runc" in message
    assert "sandbox/install-gvisor.sh" in message
    with pytest.raises(SandboxUnavailable, match="no runtime 'kata'.*daemon.json"):
        require_runtime("kata", _Engine(["runc"]))  # type: ignore[arg-type]
    require_runtime("runsc", _Engine(["runc", "runsc"]))  # type: ignore[arg-type]
    require_runtime(None, None)  # the engine's default: nothing to check, no engine asked


def test_gvisor_limits_leave_room_for_gvisors_own_threads() -> None:
    assert limits_for(None) == Limits()
    assert limits_for("runsc").pids == Limits().pids * 5
    assert limits_for("runsc", pids=100).pids == 100
    assert limits_for("runsc", allow_missing=("swap",)).allow_missing == ("swap",)


def _engine_runtimes() -> list[str]:
    try:
        return sorted((docker.from_env().info().get("Runtimes") or {}).keys())
    except docker.errors.DockerException:
        return []


@pytest.mark.docker
def test_cli_refuses_a_runtime_the_engine_lacks(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for args in (
        ["judge", "--pages", str(pages), "--out", str(tmp_path / "out"), "--runtime", "nope-rt"],
        ["sandbox", "check", "--runtime", "nope-rt"],
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, result.output
        assert "no runtime 'nope-rt'" in result.output and "--runtime" in result.output
    assert not (tmp_path / "out").exists()


needs_gvisor = pytest.mark.skipif(
    GVISOR_RUNTIME not in _engine_runtimes(),
    reason=f"the Docker engine has no {GVISOR_RUNTIME!r} runtime "
    "(register gVisor with: sudo sandbox/install-gvisor.sh)",
)


@pytest.mark.docker
@needs_gvisor
@pytest.mark.usefixtures("sandbox_image")
def test_sandbox_check_probes_under_gvisor() -> None:
    result = CliRunner().invoke(main, ["sandbox", "check", "--runtime", GVISOR_RUNTIME])
    assert result.exit_code == 0, result.output
    assert "every required protection is enforced" in result.output
    assert f"probed under {GVISOR_RUNTIME}" in result.output
    # Seen inside even under gVisor: no route out, read-only root, no capabilities.
    for name in ("seccomp", "no_route_out", "read_only_root", "capabilities", "runtime"):
        assert f"{name} " in result.output


def _same(a, b) -> None:  # noqa: ANN001 (TaskResult)
    assert (a.status, a.ifs) == (b.status, b.ifs), (a.reason, b.reason)
    assert [s["status"] for s in a.steps] == [s["status"] for s in b.steps]
    # Same browser, fonts and page: the pictures may differ by a few anti-aliased pixels at most.
    assert abs(a.vfs - b.vfs) <= 0.02 and abs(a.final - b.final) <= 0.02


@pytest.mark.docker
@needs_gvisor
@pytest.mark.usefixtures("sandbox_image")
def test_a_page_judged_under_gvisor_scores_as_under_runc(tmp_path: Path) -> None:
    task = next(t for t in load_tasks(ROOT / "tasks") if t.id == "tip-calculator")
    pages = {
        "reference": task.reference_page.read_text(encoding="utf-8"),
        "blank": "<!DOCTYPE html><html><body><p>nothing here</p></body></html>",
    }
    for name, html in pages.items():
        runc = judge_page(task, html, tmp_path / f"runc-{name}")
        runsc = judge_page(
            task, html, tmp_path / f"runsc-{name}", limits=limits_for(GVISOR_RUNTIME)
        )
        _same(runsc, runc)
    trace = json.loads((tmp_path / "runsc-reference" / "trace.json").read_text())
    assert trace  # the runner under gVisor wrote its trace like any other


ALLOCATE = """
chunks = []
for i in range(64):
    chunks.append(bytearray(16 * 1024 * 1024))  # zero-filled: every page is touched
    print((i + 1) * 16, flush=True)
"""


@pytest.mark.docker
@needs_gvisor
def test_memory_limit_holds_under_gvisor(sandbox_image: str) -> None:
    """gVisor's kernel does not show the host's cgroups, so the limit is shown by exceeding it:
    a process that allocates 1 GB in a 256 MB sandbox is killed near 256 MB."""
    client = docker.from_env()
    container = client.containers.create(
        sandbox_image,
        ["-c", ALLOCATE],
        entrypoint=["python3"],
        runtime=GVISOR_RUNTIME,
        network_mode="none",
        read_only=True,
        cap_drop=["ALL"],
        security_opt=["no-new-privileges:true"],
        user="10001:10001",
        mem_limit="256m",
        memswap_limit="256m",
        pids_limit=limits_for(GVISOR_RUNTIME).pids,
        labels={"iwr.sandbox": "1", "iwr.sandbox.run": "test-gvisor-memory"},
    )
    try:
        container.start()
        code = container.wait(timeout=120)["StatusCode"]
        printed = container.logs().decode().split()
        container.reload()
        assert container.attrs["HostConfig"]["Runtime"] == GVISOR_RUNTIME
    finally:
        container.remove(force=True)
    assert code == 137, (code, printed[-3:])  # SIGKILL from the host's OOM killer
    assert printed and 128 <= int(printed[-1]) <= 256, printed[-3:]
