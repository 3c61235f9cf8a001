"""Shared fixtures. The sandbox image is built once per session when a test needs it;
without a Docker engine those tests fail (they never skip silently)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def sandbox_image() -> str:
    from sandbox.image import ensure_image

    return ensure_image(log=lambda line: None)
