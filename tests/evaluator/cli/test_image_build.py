"""A command that needs the sandbox image shows its build in a few lines; the log goes to a
file, named when the build fails."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import click
import pytest

import sandbox.image as image
from evaluator.cli.common import ensure_image_or_fail
from evaluator.cli.image_build import BuildLog
from sandbox.errors import ImageBuildError

APT = [f"Get:{i} http://deb.debian.org/debian bookworm/main chromium {i}" for i in range(300)]


def fake_build(fail: bool) -> Callable[..., str]:
    """Logs what ensure_image and build_image log, around Docker's and apt's lines."""

    def ensure(log: Callable[[str], None]) -> str:
        log(f"{image.IMAGE_TAG} is missing; building it")
        log(f"building {image.IMAGE_TAG} from {image.REGISTRY_BASE} (content 0123456789ab)")
        log("Step 1/9 : ARG BASE_IMAGE")
        for line in APT:
            log(line)
        if fail:
            raise ImageBuildError("image build failed: apt-get exited with 100")
        log(f"built {image.IMAGE_TAG} sha256:feed")
        return "sha256:feed"

    return ensure


def test_a_build_shows_what_and_why_and_keeps_no_log(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(image, "ensure_image", fake_build(fail=False))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    ensure_image_or_fail()
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "iwr-sandbox:latest is missing; building it",
        "building iwr-sandbox:latest from debian:bookworm-slim (content 0123456789ab)",
        "built iwr-sandbox:latest sha256:feed",
    ]
    assert list(tmp_path.iterdir()) == []  # the log of a good build is removed


def test_a_failed_build_names_its_full_log(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(image, "ensure_image", fake_build(fail=True))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with pytest.raises(click.ClickException) as caught:
        ensure_image_or_fail()
    message = caught.value.message
    assert message.startswith("cannot build the sandbox image: image build failed: apt-get")
    assert APT[-1] in message and APT[-20] not in message  # the last lines only
    path = Path(re.findall(r"full build log: (\S+)", message)[0])
    assert path.parent == tmp_path
    logged = path.read_text().splitlines()
    assert logged[3:] == APT and len(logged) == len(APT) + 3
    assert len(capsys.readouterr().err.splitlines()) == 2  # the apt lines stayed off screen


def test_no_build_no_file(tmp_path: Path) -> None:
    log = BuildLog(lambda line: None, folder=tmp_path)
    assert log.failed() == ""
    log.succeeded()
    assert list(tmp_path.iterdir()) == []
