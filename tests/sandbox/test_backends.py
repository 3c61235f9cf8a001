"""Naming backends (``--sandboxes``) and the launcher's fault statuses, without an engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests

from sandbox import containers
from sandbox.backend import ColdBackend, SandboxBackend
from sandbox.backends import BACKENDS, BackendOptions, BackendSpecError, open_backend, parse_spec
from sandbox.records import Limits


def test_specs_name_a_backend_and_an_address() -> None:
    assert parse_spec("pool") == ("pool", "")
    assert parse_spec("cold") == ("cold", "")
    # Only a backend that runs elsewhere takes an address, and needs one (issue 16).
    assert parse_spec("ray://10.0.0.1:6379") == ("ray", "10.0.0.1:6379")
    assert parse_spec("RAY://head.example:10") == ("ray", "head.example:10")
    for bad in ("ray", "ray://", "ray://host", "ray://host:0", "ray://:6379", "ray://a/b:1"):
        with pytest.raises(BackendSpecError, match="ray"):
            parse_spec(bad)
    with pytest.raises(BackendSpecError, match="unknown"):
        parse_spec("k8s://x")
    with pytest.raises(BackendSpecError, match="takes no address"):
        parse_spec("pool://x")
    assert set(BACKENDS) == {"pool", "cold", "ray"}


def test_a_named_local_backend_is_a_sandbox_backend() -> None:
    backend = open_backend("cold", BackendOptions(slots=3))
    assert isinstance(backend, ColdBackend) and isinstance(backend, SandboxBackend)
    assert backend.slots == 3 and backend.describe() == {"backend": "cold", "slots": 3}
    gvisor = open_backend("cold", BackendOptions(runtime="runsc"))
    assert isinstance(gvisor, ColdBackend) and gvisor.limits.runtime == "runsc"


class _Container:
    """A container whose engine connection breaks (or times out) while it is waited for."""

    def __init__(self, error: Exception) -> None:
        self.error = error
        self.killed = False
        self.name = "fake"

    def wait(self, timeout: float) -> dict[str, Any]:
        if not self.killed:
            raise self.error
        return {"StatusCode": 137}

    def kill(self) -> None:
        self.killed = True

    def reload(self) -> None:
        raise requests.exceptions.ConnectionError("engine gone")


def test_a_dropped_connection_while_waiting_is_an_infra_error_not_a_timeout(
    tmp_path: Path,
) -> None:
    dropped = _Container(requests.exceptions.ConnectionError("Connection aborted"))
    run = containers.execute(dropped, Limits(wall_seconds=60), tmp_path, {}, containers.Phases())
    assert run.status == "infra_error" and "connection to the engine broke" in run.reason
    assert not dropped.killed


def test_the_wall_clock_running_out_is_still_a_timeout(tmp_path: Path) -> None:
    expired = _Container(requests.exceptions.ReadTimeout("Read timed out"))
    assert containers.wait(expired, 0.01) is None and expired.killed
