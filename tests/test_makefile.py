"""The Makefile's set-up never installs into the system interpreter (PEP 668 refuses it).

Dry runs (`make -n`) only: the real set-up from /usr/bin/python3 on a fresh clone is what
`.ci/run` does.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def dry_run(target: str, tmp_path: Path, *extra: str) -> str:
    """The commands `make TARGET` would run, with the environment in a scratch place."""
    venv = tmp_path / "venv"
    out = subprocess.run(
        ["make", "-n", target, "PYTHON3=/usr/bin/python3", f"VENV={venv}", *extra],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


@pytest.mark.parametrize("target", ["test", "demo"])
def test_every_python_command_runs_from_the_environment(target: str, tmp_path: Path) -> None:
    commands = dry_run(target, tmp_path)
    venv_python = f"{tmp_path / 'venv'}/bin/python"
    assert f"/usr/bin/python3 -m venv {tmp_path / 'venv'}" in commands
    pip_calls = re.findall(r"(\S+) -m pip install", commands)
    assert pip_calls == [venv_python]
    # Everything after the environment exists runs its interpreter, not the system's.
    runs = re.findall(r"(\S+) -m (?:evaluator\.cli|pytest|ruff)\b", commands)
    assert runs and set(runs) == {venv_python}


def test_extras_are_one_list(tmp_path: Path) -> None:
    commands = dry_run("setup", tmp_path, "EXTRAS=test ray")
    assert "-e '.[test,ray]'" in commands
    assert "-e '.[test]'" in dry_run("setup", tmp_path, "EXTRAS=test")


def test_an_old_interpreter_is_refused_with_a_message(tmp_path: Path) -> None:
    fake = tmp_path / "python3"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    out = subprocess.run(
        ["make", "venv", f"PYTHON3={fake}", f"VENV={tmp_path / 'venv'}"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert out.returncode != 0
    assert "is not Python 3.11 or newer" in out.stderr
    assert not (tmp_path / "venv").exists()


def test_a_python_without_venv_names_the_package(tmp_path: Path) -> None:
    # Debian's python3 without python3-venv: `-m venv` fails for want of ensurepip.
    fake = tmp_path / "python3"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1 $2" = "-m venv" ]; then echo "ensurepip is not available"; exit 1; fi\n'
        'exec /usr/bin/python3 "$@"\n'
    )
    fake.chmod(0o755)
    if not Path("/usr/bin/python3").exists():
        pytest.skip("no /usr/bin/python3")
    out = subprocess.run(
        ["make", "venv", f"PYTHON3={fake}", f"VENV={tmp_path / 'venv'}", "can_apt=false"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert out.returncode != 0
    assert re.search(r"install python3\.\d+-venv", out.stderr), out.stderr
    assert not (tmp_path / "venv").exists()


@pytest.mark.parametrize("target", ["test-unit", "typecheck"])
def test_the_fast_targets_build_nothing(target: str, tmp_path: Path) -> None:
    """The unit tier and the type/contract checks need the environment only: no image."""
    commands = dry_run(target, tmp_path)
    assert "sandbox build" not in commands and "docker build" not in commands
    if target == "test-unit":
        (markers,) = re.findall(r'-m pytest -q -m "([^"]+)"', commands)
        assert {"not docker", "not grpc", "not ray", "not slow", "not browser"} <= {
            part.strip() for part in markers.split(" and ")
        }
