"""A test marked ``ray`` starts a real cluster whose slots reach this machine's Docker engine,
so it may make engine clients in this process too; any other test here is held to the unit
tier's guard (tests/conftest.py: making an engine client fails it)."""

from __future__ import annotations

import docker.api.client
import pytest

from tests.conftest import EngineTouched


@pytest.fixture(autouse=True)
def _engine_only_for_docker_tests(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    if request.node.get_closest_marker("ray") or request.node.get_closest_marker("docker"):
        return

    def refuse(*args: object, **kwargs: object) -> None:
        raise EngineTouched(f"{request.node.nodeid} reaches the Docker engine unmarked")

    monkeypatch.setattr(docker.api.client.APIClient, "__init__", refuse)
