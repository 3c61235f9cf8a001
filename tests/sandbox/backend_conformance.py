"""The checks every sandbox backend passes (after inspect_ai's sandbox ``self_check``).

A backend module's test calls ``check_backend(backend, tmp_path)``: the cold backend and the
pool in ``test_backend_conformance.py``, the Ray backend in ``tests/sandbox/cluster``.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sandbox.backend import SandboxBackend
from sandbox.records import Limits
from sandbox.runner.config import RESULT_NAME

PAGE = """<!DOCTYPE html><html><body style="margin:0;font:20px sans-serif">
<p id="t">before</p><button onclick="document.getElementById('t').textContent='after'">Go</button>
</body></html>"""
JOB = {
    "mode": "judge",
    "viewport": {"width": 800, "height": 600},
    "settle_seconds": 0.2,
    "actions": [{"type": "click", "target": {"text": "Go"}}],
}


def page(root: Path, html: str = PAGE) -> Path:
    folder = root / "page"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(html)
    return folder


def check_backend(backend: SandboxBackend, tmp_path: Path) -> list[str]:
    """Run the conformance checks; returns the nodes that ran the pages."""
    assert isinstance(backend, SandboxBackend)
    assert backend.name and backend.slots >= 1
    assert backend.describe()["backend"] == backend.name
    folder = page(tmp_path)

    # One page: the output arrives checked, the runner's verdict inside, and says where it ran.
    out = tmp_path / "one"
    run = backend.run_job(JOB, folder, out, limits=Limits())
    assert run.status == "ok", (run.status, run.reason, run.logs[-500:])
    result = json.loads((out / RESULT_NAME).read_text())
    assert result["status"] == "ok"
    assert [s["index"] for s in result["steps"]] == [0, 1]
    assert all((out / s["screenshot"]).is_file() for s in result["steps"])
    assert run.node and run.image_id

    # As many pages as it has slots, at once.
    def one(i: int):
        return backend.run_job(JOB, folder, tmp_path / f"par{i}", limits=Limits())

    n = min(backend.slots, 3)
    with ThreadPoolExecutor(n) as pool:
        runs = list(pool.map(one, range(n)))
    assert [r.status for r in runs] == ["ok"] * n, [r.reason for r in runs]

    # A page folder that cannot be packed is the caller's error, not a sandbox fault.
    with pytest.raises(ValueError):
        backend.run_job(JOB, tmp_path / "missing", tmp_path / "bad", limits=Limits())

    # A page that outlives the wall clock ends as a timeout with its finished steps kept.
    slow = {**JOB, "settle_seconds": 0.2}
    hang = "<html><body><script>while(true){}</script></body></html>"
    run = backend.run_job(
        slow, page(tmp_path / "hang", hang), tmp_path / "hang-out", limits=Limits(wall_seconds=8)
    )
    assert run.status in {"timeout", "ok", "crashed"}, run.reason  # the runner may give up first
    return [run.node, *(r.node for r in runs)]
