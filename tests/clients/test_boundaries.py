"""The model side stands alone: a model server must not drag in the evaluator or sandbox."""

from __future__ import annotations

import subprocess
import sys

MODULES = ("types", "limits", "wire", "grpc_client", "server", "baselines")


def test_clients_import_neither_evaluator_nor_sandbox() -> None:
    # A fresh interpreter, so modules other tests imported do not hide a stray import.
    code = (
        "import sys\n"
        + "".join(f"import clients.{m}\n" for m in MODULES)
        + "print(sorted(m for m in sys.modules if m.split('.')[0] in ('evaluator', 'sandbox')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"
