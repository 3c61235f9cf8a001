"""Every local sandbox backend passes the same conformance checks on the real engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox import gc
from sandbox.backend import ColdBackend
from sandbox.pool import SandboxPool
from tests.sandbox.backend_conformance import check_backend

pytestmark = pytest.mark.docker


@pytest.mark.parametrize("name", ["cold", "pool"])
def test_backend_conforms(name: str, tmp_path: Path, sandbox_image: str) -> None:
    before = set(gc.run_ids())
    backend = ColdBackend(2) if name == "cold" else SandboxPool(3, slots=2)
    with backend:
        check_backend(backend, tmp_path)
    backend.close()  # idempotent
    assert set(gc.run_ids()) <= before, "the backend left labelled containers or volumes"


def test_an_ssh_engine_is_reached_through_docker_ssh_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """DOCKER_HOST=ssh://... goes through paramiko (docker's ssh extra); an engine that cannot
    be reached is SandboxUnavailable (an infra_error for the page), not a crash."""
    from sandbox import engine
    from sandbox.errors import SandboxUnavailable

    engine.close_client()
    monkeypatch.setenv("DOCKER_HOST", "ssh://nobody@127.0.0.1:1")
    try:
        with pytest.raises(SandboxUnavailable, match="unreachable"):
            engine.client()
    finally:
        monkeypatch.delenv("DOCKER_HOST")
        engine.close_client()
