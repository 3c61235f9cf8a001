"""Shared fixtures. The sandbox image is built once per session when a test needs it;
without a Docker engine those tests fail (they never skip silently).

A test that reaches the Docker engine must be marked ``docker``: in any other test, making
an engine client fails the test loudly, and ``DOCKER_HOST`` names no engine (so the docker
command line fails too). So the unit tier, ``make test-unit``, never needs an engine and
never silently depends on one.
"""

from __future__ import annotations

import sys

import docker.api.client
import pytest

# Where unmarked tests find "the engine": nothing listens there.
NO_ENGINE = "unix:///nonexistent/iwr-unit-tests-have-no-docker-engine.sock"


class EngineTouched(BaseException):
    """An unmarked test made a Docker client. A BaseException, so no ``except Exception``
    in the code under test can swallow it."""


@pytest.fixture(autouse=True)
def _engine_only_for_docker_tests(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    if request.node.get_closest_marker("docker") is not None:
        return

    def refuse(*args: object, **kwargs: object) -> None:
        raise EngineTouched(
            f"{request.node.nodeid} reaches the Docker engine but is not marked "
            "@pytest.mark.docker (mark it, or give the code a fake client)"
        )

    # Every client (docker.from_env, docker.DockerClient) makes an APIClient first.
    monkeypatch.setattr(docker.api.client.APIClient, "__init__", refuse)
    # And the `docker` command line, or anything else that reads DOCKER_HOST, finds no engine.
    monkeypatch.setenv("DOCKER_HOST", NO_ENGINE)


@pytest.fixture(scope="session")
def sandbox_image() -> str:
    from sandbox.image import ensure_image

    return ensure_image(log=lambda line: None)


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001 (pytest hook)
    """Print the validity suite's rank correlations, so CI logs show them."""
    # Only when that suite was collected: importing it just to find nothing costs a second.
    validity = sys.modules.get("tests.evaluator.validity.test_validity")
    correlations = getattr(validity, "CORRELATIONS", None)
    if not correlations:
        return
    terminalreporter.section("validity: Kendall tau of Final against the candidate grade")
    for task_id, tau in sorted(correlations.items()):
        terminalreporter.write_line(f"{task_id:20s} {tau:+.3f}")
    mean = sum(correlations.values()) / len(correlations)
    terminalreporter.write_line(f"{'mean':20s} {mean:+.3f}")
