"""The unit tier's guard (tests/conftest.py): an unmarked test cannot reach a Docker engine."""

from __future__ import annotations

import os
import subprocess

import docker
import docker.api.client
import pytest

from tests.conftest import NO_ENGINE, EngineTouched


def test_an_unmarked_test_cannot_make_a_docker_client() -> None:
    with pytest.raises(EngineTouched, match="not marked @pytest.mark.docker"):
        docker.from_env()
    with pytest.raises(EngineTouched):
        docker.DockerClient(base_url="unix:///var/run/docker.sock")


def test_an_unmarked_test_finds_no_engine_for_the_docker_command_line() -> None:
    assert os.environ["DOCKER_HOST"] == NO_ENGINE
    if not os.path.exists("/usr/bin/docker"):
        return
    out = subprocess.run(["docker", "version"], capture_output=True, text=True, timeout=30)
    assert "Server:" not in out.stdout


@pytest.mark.docker
def test_a_docker_test_gets_the_real_client() -> None:
    assert docker.api.client.APIClient.__init__.__name__ == "__init__"
    assert os.environ.get("DOCKER_HOST") != NO_ENGINE
