"""``iwr cluster`` and ``--sandboxes``: argument handling, without Ray or an engine.

The cluster itself is a fake ``sandbox.cluster.node`` here; the real one is exercised end to
end in tests/sandbox/cluster/test_e2e.py (marked ``ray``).
"""

from __future__ import annotations

import stat
import sys
import types
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

import evaluator.cli.common as common
from evaluator.cli import cluster as cli_cluster
from evaluator.cli.main import main
from sandbox.backend import SandboxBackend
from sandbox.records import Limits


class FakeNode(types.ModuleType):
    """What the CLI calls of ``sandbox.cluster.node``, recorded."""

    def __init__(self) -> None:
        super().__init__("sandbox.cluster.node")
        self.calls: list[tuple[str, tuple, dict]] = []
        self.join_error: Exception | None = None

    def start_head(self, host: str, port: int, *, token: str | None = None) -> Any:
        self.calls.append(("start_head", (host, port), {"token": token}))
        return types.SimpleNamespace(
            address=f"{host}:{port}", token=token or "generated-tok", seconds=7.5
        )

    def join(self, head: str, **kwargs: Any) -> None:
        self.calls.append(("join", (head,), kwargs))
        if self.join_error is not None:
            raise self.join_error

    def stop(self, *, address: str | None = None, force: bool = False) -> list[str]:
        self.calls.append(("stop", (), {"address": address, "force": force}))
        return [f"node 127.0.0.2 of {address}"] if address else []

    def cluster_slots(self, address: str, **kwargs: Any) -> int:
        self.calls.append(("cluster_slots", (address,), kwargs))
        return 6


@pytest.fixture
def node(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeNode:
    fake = FakeNode()
    package = types.ModuleType("sandbox.cluster")
    package.node = fake  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sandbox.cluster", package)
    monkeypatch.setitem(sys.modules, "sandbox.cluster.node", fake)
    for name in (cli_cluster.TOKEN_ENV, cli_cluster.RAY_TOKEN_ENV):
        monkeypatch.delenv(name, raising=False)
    # Never the real ~/.ray/auth_token.
    monkeypatch.setattr(cli_cluster, "DEFAULT_TOKEN_FILE", tmp_path / "home" / "auth_token")
    monkeypatch.setattr(common, "ensure_image_or_fail", lambda: None)
    return fake


def _token_file(path: Path, text: str = "s3cret", mode: int = 0o600) -> Path:
    path.write_text(text + "\n")
    path.chmod(mode)
    return path


def test_start_head_binds_to_the_host_and_writes_a_generated_token(
    node: FakeNode, tmp_path: Path
) -> None:
    where = tmp_path / "tok"
    result = CliRunner().invoke(
        main,
        ["cluster", "start-head", "--host", "127.0.0.2", "--port", "6390", "--write-token", where],
    )
    assert result.exit_code == 0, result.output
    assert node.calls == [("start_head", ("127.0.0.2", 6390), {"token": None})]
    assert where.read_text().strip() == "generated-tok"
    assert stat.S_IMODE(where.stat().st_mode) == 0o600
    assert "ports bound to 127.0.0.2 only; token authentication on; started in 7.5 s" in (
        result.output
    )
    assert f"iwr cluster join 127.0.0.2:6390 --slots N --token-file {where}" in result.output
    assert "iwr judge ... --sandboxes ray://127.0.0.2:6390" in result.output
    assert "generated-tok" not in result.output  # the token itself is never printed


def test_a_given_token_is_used_and_not_rewritten(node: FakeNode, tmp_path: Path) -> None:
    token = _token_file(tmp_path / "tok", "mine")
    other = tmp_path / "other"
    result = CliRunner().invoke(
        main,
        ["cluster", "start-head", "--host", "10.0.0.1", "--token-file", token]
        + ["--write-token", other],
    )
    assert result.exit_code == 0, result.output
    assert node.calls[0] == ("start_head", ("10.0.0.1", 6379), {"token": "mine"})
    assert not other.exists()


def test_a_token_file_others_can_read_is_refused(node: FakeNode, tmp_path: Path) -> None:
    token = _token_file(tmp_path / "tok", mode=0o644)
    result = CliRunner().invoke(
        main, ["cluster", "join", "127.0.0.2:6379", "--slots", "2", "--token-file", token]
    )
    assert result.exit_code == 2 and "chmod 600" in result.output
    assert node.calls == []


def test_join_passes_its_slots_runtime_and_address(
    node: FakeNode, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cli_cluster.TOKEN_ENV, "from-env")
    args = ["cluster", "join", "ray://127.0.0.2:6379", "--slots", "3", "--runtime", "runsc"]
    result = CliRunner().invoke(main, args + ["--node-ip", "127.0.0.3"])
    assert result.exit_code == 0, result.output
    assert node.calls == [
        (
            "join",
            ("127.0.0.2:6379",),
            {"slots": 3, "runtime": "runsc", "node_ip": "127.0.0.3", "token": "from-env"},
        )
    ]
    assert "joined 127.0.0.2:6379 as 127.0.0.3 with 3 sandbox slot(s), runtime runsc" in (
        result.output
    )


def test_join_without_node_ip_uses_the_address_on_the_route_to_the_head(
    node: FakeNode, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cli_cluster.RAY_TOKEN_ENV, "ray-env")
    result = CliRunner().invoke(main, ["cluster", "join", "127.0.0.1:6379", "--slots", "1"])
    assert result.exit_code == 0, result.output
    assert node.calls[0][2]["node_ip"] == "127.0.0.1" and node.calls[0][2]["token"] == "ray-env"


def test_rays_default_token_file_is_read_when_nothing_else_is_given(
    node: FakeNode, tmp_path: Path
) -> None:
    default = cli_cluster.DEFAULT_TOKEN_FILE
    default.parent.mkdir(parents=True)
    _token_file(default, "from-file")
    result = CliRunner().invoke(main, ["cluster", "start-head", "--host", "127.0.0.2"])
    assert result.exit_code == 0, result.output
    assert node.calls[0][2] == {"token": "from-file"}  # reused, not overwritten
    assert default.read_text().strip() == "from-file"


def test_join_refused_by_the_protection_check_names_the_missing_protection(
    node: FakeNode, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cli_cluster.TOKEN_ENV, "t")
    node.join_error = RuntimeError("sandbox protection missing: seccomp")
    result = CliRunner().invoke(main, ["cluster", "join", "127.0.0.2:6379", "--slots", "1"])
    assert result.exit_code == 1
    assert "not joined to 127.0.0.2:6379" in result.output and "seccomp" in result.output


def test_join_without_a_token_or_with_a_bad_address_starts_nothing(node: FakeNode) -> None:
    result = CliRunner().invoke(main, ["cluster", "join", "127.0.0.2:6379", "--slots", "1"])
    assert result.exit_code == 2 and "no cluster token" in result.output
    for bad in ("127.0.0.2", "127.0.0.2:0", "host:port", ":6379", "127.0.0.2:70000"):
        result = CliRunner().invoke(main, ["cluster", "join", bad, "--slots", "1"])
        assert result.exit_code == 2 and "is not HOST:PORT" in result.output, bad
    result = CliRunner().invoke(main, ["cluster", "join", "127.0.0.2:6379", "--slots", "0"])
    assert result.exit_code == 2
    assert node.calls == []


def test_status_and_stop(node: FakeNode) -> None:
    result = CliRunner().invoke(main, ["cluster", "status", "127.0.0.2:6379"])
    assert result.exit_code == 0 and "127.0.0.2:6379: 6 sandbox slot(s)" in result.output
    result = CliRunner().invoke(main, ["cluster", "status", "127.0.0.2:6379", "--runtime", "runsc"])
    assert result.exit_code == 0 and "6 sandbox slot(s) under runsc" in result.output
    result = CliRunner().invoke(main, ["cluster", "stop"])
    assert result.exit_code == 0 and "no cluster node started by `iwr cluster`" in result.output
    result = CliRunner().invoke(main, ["cluster", "stop", "--force", "--address", "10.0.0.1:6379"])
    assert result.exit_code == 0 and "stopped the node 127.0.0.2 of 10.0.0.1:6379" in result.output
    assert node.calls == [
        ("cluster_slots", ("127.0.0.2:6379",), {"token": None, "runtime": None}),
        ("cluster_slots", ("127.0.0.2:6379",), {"token": None, "runtime": "runsc"}),
        ("stop", (), {"address": None, "force": False}),
        ("stop", (), {"address": "10.0.0.1:6379", "force": True}),
    ]


def test_without_ray_the_commands_say_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sandbox.cluster", None)  # import fails
    result = CliRunner().invoke(main, ["cluster", "stop"])
    assert result.exit_code == 1 and "pip install 'iwr-bench[ray]'" in result.output


class _Backend(SandboxBackend):
    name = "fake"

    def __init__(self, slots: int) -> None:
        self._slots = slots
        self.closed = False

    @property
    def slots(self) -> int:
        return self._slots

    def run_job(self, job: dict, page_dir: Path | None, out_dir: Path, *, limits=None):  # noqa: ANN001
        raise AssertionError("not run here")

    def close(self) -> None:
        self.closed = True


def _command(opened: list) -> click.Command:
    """A command that opens its sandboxes as ``iwr judge`` does and records them."""

    @click.command()
    @common.judging_options
    def command(judging: common.JudgingChoice) -> None:
        where, chosen = cli_cluster.open_sandboxes(judging, Limits(), 5)
        opened.append((where, chosen))

    return command


def test_local_sandboxes_keep_todays_path() -> None:
    opened: list = []
    assert CliRunner().invoke(_command(opened), []).exit_code == 0
    assert CliRunner().invoke(_command(opened), ["--sandboxes", "cold"]).exit_code == 0
    default = common.default_workers()
    assert opened == [(True, default), (False, default)]
    assert not cli_cluster.is_remote("pool") and cli_cluster.is_remote("ray://h:1")


def test_a_cluster_opens_its_backend_and_workers_default_to_its_slots(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import sandbox.backends as backends

    made: list = []

    def fake_open(spec: str, options: backends.BackendOptions) -> SandboxBackend:
        made.append((spec, options))
        return _Backend(7)

    monkeypatch.setattr(backends, "open_backend", fake_open)
    monkeypatch.delenv(cli_cluster.RAY_TOKEN_ENV, raising=False)
    monkeypatch.setenv(cli_cluster.TOKEN_ENV, "tok")
    monkeypatch.setattr(cli_cluster, "DEFAULT_TOKEN_FILE", tmp_path / "no-such-file")
    opened: list = []
    result = CliRunner().invoke(_command(opened), ["--sandboxes", "ray://127.0.0.2:6379"])
    assert result.exit_code == 0, result.output
    (backend, workers) = opened[0]
    assert workers == 7 and backend.closed  # closed when the command ends
    assert made[0][0] == "ray://127.0.0.2:6379" and made[0][1].pages == 5
    assert made[0][1].token == "tok"  # the coordinator's token reaches the cluster
    result = CliRunner().invoke(
        _command(opened), ["--sandboxes", "ray://127.0.0.2:6379", "--workers", "3"]
    )
    assert result.exit_code == 0 and opened[1][1] == 3  # --workers given: kept


def test_an_unknown_backend_is_a_usage_error() -> None:
    result = CliRunner().invoke(_command([]), ["--sandboxes", "k8s://x"])
    assert result.exit_code == 2 and "unknown sandboxes" in result.output
