"""The layering holds: the import contracts of pyproject.toml ([tool.importlinter]) are kept.

Run here too, so the full suite (CI's `make test`) checks them, not only `make typecheck`. The
contracts cover every module of clients/, sandbox/ and evaluator/scoring/ statically, which the
earlier import-in-a-fresh-interpreter test of six client modules did not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept() -> None:
    beside = Path(sys.executable).parent / "lint-imports"  # the environment's own
    exe = str(beside) if beside.exists() else shutil.which("lint-imports") or "lint-imports"
    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'proto'}"}
    out = subprocess.run(
        [exe, "--no-cache"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "0 broken" in out.stdout
