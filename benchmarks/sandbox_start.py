"""Sandbox start figures: how soon a fresh container's (or a pooled sandbox's) browser
navigates to a probe page, and the peak memory of this process's containers."""

from __future__ import annotations

import json
import os
import socket
import tempfile
import threading
import time
from pathlib import Path

from sandbox.labels import OWNER_LABEL
from sandbox.launcher import Limits, run_job
from sandbox.pool import SandboxPool
from sandbox.runner.config import DEFAULT_BROWSER

CGROUP_MEMORY = Path("/sys/fs/cgroup/memory/docker")

PROBE_PAGE = (
    "<!DOCTYPE html><html><body><p id=t></p><script>"
    "document.getElementById('t').textContent='T='+performance.timeOrigin;"
    "</script></body></html>"
)


class MemorySampler:
    """Peak memory of this process's sandbox containers, from their cgroup (v1) counters.

    Only containers labelled as made by this process are counted, so other runs on the same
    engine do not leak into the figure.
    """

    def __init__(self, interval_s: float = 0.25) -> None:
        import docker

        self.client = docker.from_env()
        self.owner = f"{socket.gethostname()}:{os.getpid()}"
        self.interval_s = interval_s
        self.peaks: dict[str, int] = {}
        self.readable = CGROUP_MEMORY.is_dir()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                ids = [
                    c.id
                    for c in self.client.containers.list(
                        filters={"label": f"{OWNER_LABEL}={self.owner}"}
                    )
                ]
            except Exception:  # the engine being busy must not stop the benchmark
                ids = []
            for cid in ids:
                path = CGROUP_MEMORY / cid / "memory.max_usage_in_bytes"
                try:
                    value = int(path.read_text())
                except (OSError, ValueError):
                    continue
                self.peaks[cid] = max(self.peaks.get(cid, 0), value)
            self._stop.wait(self.interval_s)

    def peak_mb(self) -> float | None:
        if not self.peaks:
            return None
        return round(max(self.peaks.values()) / 1024**2, 1)


# The task's default viewport, which a pooled sandbox's browser is started with.
PROBE_JOB = {"mode": "judge", "viewport": {"width": 1280, "height": 800}, "actions": []}


def cold_ready(
    samples: int, pool: SandboxPool | None = None, browser: str = DEFAULT_BROWSER
) -> tuple[list[float], list[float]]:
    """(ready seconds, whole probe job seconds) for ``samples`` fresh containers, or pooled
    sandboxes when ``pool`` is given (each measured once the pool has one ready), judging with
    ``browser``."""
    ready, whole = [], []
    with tempfile.TemporaryDirectory(prefix="iwr-bench-probe-") as tmp:
        page = Path(tmp) / "page"
        page.mkdir()
        (page / "index.html").write_text(PROBE_PAGE, encoding="utf-8")
        job = {**PROBE_JOB, "browser": browser}
        for i in range(samples):
            out = Path(tmp) / f"out{i}"
            if pool is not None and not pool.wait_ready(timeout=120):
                print(f"  pool not ready: {pool.stats}", flush=True)
                continue
            t0_wall, t0 = time.time(), time.monotonic()
            if pool is not None:
                run = pool.run_job(job, page, out, limits=Limits())
                if not run.pooled:
                    print(f"  probe {i}: ran cold, not pooled ({pool.stats})", flush=True)
                    continue
            else:
                run = run_job(job, page, out, limits=Limits())
            whole.append(time.monotonic() - t0)
            result = json.loads((out / "result.json").read_text(encoding="utf-8"))
            text = result["steps"][0].get("text", "") if result.get("steps") else ""
            if run.status != "ok" or not text.startswith("T="):
                print(f"  probe {i}: {run.status} {run.reason} {text[:80]!r}", flush=True)
                continue
            ready.append(float(text[2:]) / 1000.0 - t0_wall)
    return ready, whole
