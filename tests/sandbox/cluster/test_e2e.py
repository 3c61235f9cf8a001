"""End to end, as a user types it: a two-node loopback cluster started with the README's
commands (`iwr cluster start-head`, `join` on 127.0.0.2 and 127.0.0.3) judges bundled tasks'
reference pages with `iwr judge --sandboxes ray://...`, and every task scores exactly as the
same pages judged on this machine's local pool. Every command is a subprocess with a time
bound; the cluster is stopped whatever happens and no sandbox container is left behind.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest

from sandbox.labels import SANDBOX_LABEL

pytestmark = [pytest.mark.ray, pytest.mark.docker]

ROOT = Path(__file__).resolve().parents[3]
TASKS = ("tip-calculator", "coffee-shop", "todo-app")
HEAD = "127.0.0.4"
NODES = ("127.0.0.2", "127.0.0.3")


def _iwr(args: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    """``iwr ARGS`` in a subprocess, as a user runs it; fails the test with its output."""
    done = subprocess.run(
        [sys.executable, "-m", "evaluator.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"iwr {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@pytest.fixture
def env() -> dict[str, str]:
    path = os.pathsep.join([str(ROOT), str(ROOT / "proto"), os.environ.get("PYTHONPATH", "")])
    return {
        **os.environ,
        "PYTHONPATH": path,
        "IWR_CLUSTER_TOKEN": secrets.token_hex(32),
    }


@pytest.fixture
def cluster(env: dict[str, str], sandbox_image: str) -> Iterator[str]:
    """The README's loopback cluster: a head and two one-slot judging nodes; always stopped."""
    port = _free_port(HEAD)
    address = f"{HEAD}:{port}"
    started = time.time()
    try:
        head = _iwr(["cluster", "start-head", "--host", HEAD, "--port", str(port)], env, 120)
        assert "token authentication on" in head.stdout
        assert env["IWR_CLUSTER_TOKEN"] not in head.stdout + head.stderr  # never printed
        for ip in NODES:
            _iwr(["cluster", "join", address, "--slots", "1", "--node-ip", ip], env, 150)
        status = _iwr(["cluster", "status", address], env, 60)
        assert f"{address}: 2 sandbox slot(s)" in status.stdout
        yield address
    finally:
        # This cluster's nodes only (other Ray processes of the machine are left alone).
        for force in ([], ["--force"]):
            stopped = subprocess.run(
                [sys.executable, "-m", "evaluator.cli", "cluster", "stop", "--address", address]
                + force,
                cwd=ROOT,
                env=env,
                capture_output=True,
                timeout=90,
                check=False,
            )
            if stopped.returncode == 0:
                break
        _assert_no_sandbox_left(started)
        assert not _node_processes(address), "the cluster's processes outlived `iwr cluster stop`"


def _node_processes(address: str) -> list[int]:
    from sandbox.cluster import procs

    return [
        pid
        for ip in (HEAD, *NODES)
        for pid in procs.node_processes(procs.NodeRecord(ip, address, procs.NODE))
    ]


def _assert_no_sandbox_left(since: float) -> None:
    """No sandbox container created since ``since`` is left (the pools removed theirs)."""
    client = docker.from_env()
    deadline = time.monotonic() + 30  # a slot's last removal may still be under way
    while True:
        left = [
            c.name
            for c in client.containers.list(all=True, filters={"label": SANDBOX_LABEL})
            if _created(c) >= since - 1
        ]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(1)
    client.close()
    assert not left, f"sandbox containers left behind: {left}"


def _created(container: docker.models.containers.Container) -> float:
    from datetime import datetime

    stamp = str(container.attrs.get("Created", ""))[:26].rstrip("Z")
    try:
        return datetime.fromisoformat(stamp).timestamp() if stamp else 0.0
    except ValueError:
        return 0.0


def _results(run_dir: Path) -> dict[str, dict]:
    data = json.loads((run_dir / "results.json").read_text(encoding="utf-8"))
    return {t["id"]: t for t in data["tasks"]}


def test_a_loopback_cluster_judges_as_this_machine_does(
    cluster: str, env: dict[str, str], tmp_path: Path
) -> None:
    pages = tmp_path / "pages"
    for task in TASKS:
        (pages / task).mkdir(parents=True)
        reference = ROOT / "tasks" / task / "reference" / "index.html"
        shutil.copyfile(reference, pages / task / "index.html")
    common = ["judge", "--tasks", str(ROOT / "tasks"), "--pages", str(pages)]
    common += ["--out", str(tmp_path / "runs")] + [a for t in TASKS for a in ("--task", t)]
    ray_run = _iwr([*common, "--run-id", "ray", "--sandboxes", f"ray://{cluster}"], env, 300)
    assert "2 slot(s); judging 2 at once" in ray_run.stdout  # --workers: the cluster's slots
    _iwr([*common, "--run-id", "local", "--workers", "2"], env, 300)

    on_cluster = _results(tmp_path / "runs" / "ray")
    here = _results(tmp_path / "runs" / "local")
    assert set(on_cluster) == set(here) == set(TASKS)
    for task in TASKS:
        a, b = on_cluster[task], here[task]
        assert a["status"] == b["status"] == "ok", (a["reason"], b["reason"])
        # The same verdicts step by step, the same IFS; visuals equal to 1e-6, as two
        # judgings on one machine are (a glyph edge may anti-alias differently).
        assert [s["status"] for s in a["steps"]] == [s["status"] for s in b["steps"]]
        assert a["ifs"] == b["ifs"]
        assert a["vfs"] == pytest.approx(b["vfs"], abs=1e-6)
        assert a["final"] == pytest.approx(b["final"], abs=1e-6)
