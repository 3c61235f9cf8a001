"""The image says which browser build judges: provenance records it, a resume compares it."""

from __future__ import annotations

import re

import pytest

from sandbox.errors import ImageBuildError
from sandbox.image import browser_version, current_image_id

pytestmark = pytest.mark.docker


def test_the_image_names_its_browser_builds(sandbox_image: str) -> None:
    assert current_image_id() == sandbox_image
    shell = browser_version(sandbox_image, "headless-shell")
    full = browser_version(sandbox_image, "chromium")
    assert re.fullmatch(r"headless-shell \d+\.\d+\.\d+\.\d+-\S+", shell), shell
    assert re.fullmatch(r"chromium \d+\.\d+\.\d+\.\d+-\S+", full), full
    # Debian builds both from one source package: the same version.
    assert shell.split(" ", 1)[1] == full.split(" ", 1)[1]


def test_an_unknown_browser_or_image_is_an_error(sandbox_image: str) -> None:
    with pytest.raises(ImageBuildError, match="unknown browser"):
        browser_version(sandbox_image, "firefox")
    with pytest.raises(ImageBuildError, match="cannot ask image"):
        browser_version("sha256:" + "0" * 64, "chromium")
