"""Shared fixtures. The sandbox image is built once per session when a test needs it;
without a Docker engine those tests fail (they never skip silently)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def sandbox_image() -> str:
    from sandbox.image import ensure_image

    return ensure_image(log=lambda line: None)


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001 (pytest hook)
    """Print the validity suite's rank correlations, so CI logs show them."""
    from tests.evaluator.validity.test_validity import CORRELATIONS

    if not CORRELATIONS:
        return
    terminalreporter.section("validity: Kendall tau of Final against the candidate grade")
    for task_id, tau in sorted(CORRELATIONS.items()):
        terminalreporter.write_line(f"{task_id:20s} {tau:+.3f}")
    mean = sum(CORRELATIONS.values()) / len(CORRELATIONS)
    terminalreporter.write_line(f"{'mean':20s} {mean:+.3f}")
