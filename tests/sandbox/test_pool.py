"""Pre-started sandboxes (sandbox.pool) on the real engine, plus the pool's logic with fakes.

A pooled sandbox judges a page as a cold one does, exits by itself when idle, still times out
on a hanging page (the wall clock counted from the delivery), and closing the pool leaves no
labelled container or volume.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import docker
import pytest
from PIL import Image

from sandbox import cold as cold_path
from sandbox import containers, launcher, warm
from sandbox.launcher import (
    EXPIRES_LABEL,
    POOLED_LABEL,
    RUN_ID_LABEL,
    Limits,
    PoolMiss,
    SandboxRun,
)
from sandbox.pool import SandboxPool
from sandbox.runner.config import IDLE_EXIT

PAGE = """<!DOCTYPE html><html><body style="margin:0;font:20px sans-serif">
<p id="t">before</p><button onclick="document.getElementById('t').textContent='after'">Go</button>
</body></html>"""
JOB = {
    "mode": "judge",
    "viewport": {"width": 1280, "height": 800},
    "settle_seconds": 0.3,
    "actions": [{"type": "click", "target": {"text": "Go"}}],
}


def _page(root: Path, html: str = PAGE) -> Path:
    page = root / "page"
    page.mkdir(parents=True)
    (page / "index.html").write_text(html)
    return page


def _pixels(path: Path) -> bytes:
    with Image.open(path) as img:
        return img.convert("RGB").tobytes()


def _left_behind(run_id: str) -> list[str]:
    """Labelled containers and volumes of ``run_id`` still present. Sparse listing: another run
    removing its own containers meanwhile must not fail the look (gc.run_ids inspects each)."""
    client = docker.from_env()
    label = {"label": f"{RUN_ID_LABEL}={run_id}"}
    names = [c.id for c in client.containers.list(all=True, sparse=True, filters=label)]
    return names + [v.name for v in client.volumes.list(filters=label)]


# ---- real engine -------------------------------------------------------------------------


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_a_pooled_sandbox_judges_as_a_cold_one(tmp_path: Path) -> None:
    page = _page(tmp_path)
    cold = launcher.run_job(JOB, page, tmp_path / "cold")
    with SandboxPool(1) as pool:
        assert pool.wait_ready(timeout=60), pool.stats
        sandbox = pool.take()
        assert sandbox is not None
        labels = sandbox.container.labels
        assert labels[POOLED_LABEL] == "1"
        # Its expiry allows for the idle wait and then the whole wall clock.
        assert float(labels[EXPIRES_LABEL]) > time.time() + pool.idle_seconds - 30 + 180
        warm = launcher.run_warm(sandbox, JOB, page, tmp_path / "warm")
    assert (cold.status, warm.status) == ("ok", "ok"), (cold, warm)
    assert warm.pooled and not cold.pooled
    a = json.loads((tmp_path / "cold" / "result.json").read_text())
    b = json.loads((tmp_path / "warm" / "result.json").read_text())
    assert a["status"] == b["status"] == "ok"
    assert [s["status"] for s in a["steps"]] == [s["status"] for s in b["steps"]] == ["ok", "ok"]
    assert [s["text"] for s in a["steps"]] == [s["text"] for s in b["steps"]]
    assert "after" in b["steps"][1]["text"]
    for step in a["steps"]:
        name = step["screenshot"]
        assert _pixels(tmp_path / "cold" / name) == _pixels(tmp_path / "warm" / name), name
    assert not _left_behind(warm.run_id)


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_a_pool_of_full_browsers_judges_with_the_full_browser(tmp_path: Path) -> None:
    job = {**JOB, "browser": "chromium"}
    with SandboxPool(1, browser="chromium") as pool:
        assert pool.wait_ready(timeout=60), pool.stats
        run = pool.run_job(job, _page(tmp_path), tmp_path / "out")
    assert run.status == "ok" and run.pooled, run
    result = json.loads((tmp_path / "out" / "result.json").read_text())
    assert result["browser"]["browser"] == "chromium"
    assert [s["status"] for s in result["steps"]] == ["ok", "ok"]


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_an_idle_pooled_sandbox_exits_by_itself() -> None:
    sandbox = launcher.start_warm(idle_seconds=3)
    try:
        started = time.monotonic()
        code = sandbox.container.wait(timeout=30)["StatusCode"]
        assert code == IDLE_EXIT
        assert time.monotonic() - started < 15
    finally:
        assert not sandbox.discard()
    assert not _left_behind(sandbox.run_id)


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
@pytest.mark.parametrize("why", ["cancelled", "late"])
def test_a_start_cancelled_or_late_ends_at_once_and_leaves_nothing(why: str) -> None:
    """The wait for the ready line follows the container's log stream; cancelling the start or
    running out of time ends that wait within a poll, and the container and volumes go."""
    stop = threading.Event()
    if why == "cancelled":
        threading.Timer(0.3, stop.set).start()
    started = time.monotonic()
    with pytest.raises(launcher.SandboxUnavailable, match="pool closed|not ready within"):
        launcher.start_warm(
            idle_seconds=60,
            ready_timeout_s=60 if why == "cancelled" else 0.3,
            cancelled=stop.is_set,
        )
    assert time.monotonic() - started < 10
    owner = f"{socket.gethostname()}:{os.getpid()}"
    mine = {"label": [f"{POOLED_LABEL}=1", f"{launcher.OWNER_LABEL}={owner}"]}
    client = docker.from_env()
    assert not client.containers.list(all=True, sparse=True, filters=mine)
    assert not client.volumes.list(filters=mine)


@pytest.mark.docker
def test_a_runner_that_exits_before_it_is_ready_is_reported_with_its_last_line(
    sandbox_image: str,
) -> None:
    client = docker.from_env()
    container = client.containers.run(
        sandbox_image,
        entrypoint=["python3", "-c", "print('iwr-runner: the browser did not start')"],
        detach=True,
        network_mode="none",
    )
    try:
        with pytest.raises(launcher.SandboxUnavailable, match="exited while starting: iwr-runner"):
            warm.wait_ready(container, 30, lambda: False)
    finally:
        container.remove(force=True)


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_closing_the_pool_leaves_nothing_labelled(tmp_path: Path) -> None:
    pool = SandboxPool(2)
    assert pool.wait_ready(1, timeout=60), pool.stats
    ours = {s.run_id for s in pool._ready}  # ready ones, and one may still be starting
    pool.close()
    # Nothing pooled by this process is left, also of the sandbox that was still starting.
    owner = f"{socket.gethostname()}:{os.getpid()}"
    client = docker.from_env()
    mine = {"label": [f"{POOLED_LABEL}=1", f"{launcher.OWNER_LABEL}={owner}"]}
    assert not client.containers.list(all=True, sparse=True, filters=mine)
    assert not client.volumes.list(filters=mine)
    assert not [r for r in ours if _left_behind(r)]
    # A closed pool runs jobs cold.
    run = pool.run_job(JOB, _page(tmp_path), tmp_path / "out")
    assert run.status == "ok" and not run.pooled


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_a_hanging_page_in_a_pooled_sandbox_still_times_out(tmp_path: Path) -> None:
    page = _page(tmp_path, "<html><body><script>while (true) {}</script></body></html>")
    limits = Limits(wall_seconds=8)
    with SandboxPool(1, limits=limits) as pool:
        assert pool.wait_ready(timeout=60), pool.stats
        time.sleep(3)  # idle time does not count against the page's wall clock
        run = pool.run_job(JOB, page, tmp_path / "out", limits=limits)
    assert run.pooled, run
    assert run.status == "timeout", run
    assert 8 <= run.seconds < 20, run
    assert not _left_behind(run.run_id)


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_finished_sandboxes_are_removed_off_the_page_path_and_closing_waits(
    tmp_path: Path,
) -> None:
    page = _page(tmp_path)
    with SandboxPool(1, budget=1) as pool:
        assert pool.wait_ready(timeout=60), pool.stats
        run = pool.run_job(JOB, page, tmp_path / "out")
        assert run.pooled and run.status == "ok", run
        # Delivered, waited for the stop, fetched after it, checked; removal was handed over.
        assert {"deliver", "wait", "fetch", "check"} <= set(run.timing), run.timing
        assert "remove" not in run.timing
    # Closing the pool waited for the removal.
    assert not _left_behind(run.run_id)


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_a_remover_that_was_shut_down_means_removing_at_once(tmp_path: Path) -> None:
    remover = ThreadPoolExecutor(1)
    remover.shutdown()
    sandbox = launcher.start_warm(idle_seconds=60)
    run = launcher.run_warm(sandbox, JOB, _page(tmp_path), tmp_path / "out", remover=remover)
    assert run.status == "ok" and "remove" in run.timing, run
    assert not _left_behind(run.run_id)


# ---- the pool's logic, with fakes ----------------------------------------------------------


class FakeSandbox:
    def __init__(self, n: int) -> None:
        self.run_id = f"fake-{n}"
        self.ready_at = time.monotonic()
        self.discarded = False

    def age(self) -> float:
        return time.monotonic() - self.ready_at

    def discard(self) -> list[str]:
        self.discarded = True
        return []


def _fake_engine(monkeypatch: pytest.MonkeyPatch, *, start_fails: bool = False, miss: bool = False):
    made: list[FakeSandbox] = []
    cold: list[dict] = []
    lock = threading.Lock()

    def start_warm(*args: Any, **kwargs: Any) -> FakeSandbox:
        if start_fails:
            raise launcher.SandboxUnavailable("no engine")
        with lock:
            made.append(FakeSandbox(len(made)))
            return made[-1]

    def run_warm(
        sandbox: FakeSandbox, job: dict, page_dir: Any, out_dir: Any, **kwargs: Any
    ) -> SandboxRun:
        sandbox.discard()
        if miss:
            raise PoolMiss("went idle")
        run = SandboxRun("ok", "", 0, 0.1, "", run_id=sandbox.run_id)
        run.pooled = True
        return run

    def run_job(job: dict, *args: Any, **kwargs: Any) -> SandboxRun:
        cold.append(job)
        return SandboxRun("ok", "", 0, 1.0, "", run_id="cold")

    monkeypatch.setattr(warm, "start_warm", start_warm)
    monkeypatch.setattr(warm, "run_warm", run_warm)
    monkeypatch.setattr(cold_path, "run_job", run_job)
    monkeypatch.setattr(containers, "payload", lambda job, page_dir: b"")
    return made, cold


def test_the_pool_keeps_its_size_and_removes_what_it_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    made, cold = _fake_engine(monkeypatch)
    pool = SandboxPool(3)
    assert pool.wait_ready(timeout=5)
    for _ in range(5):
        assert pool.run_job(JOB, None, Path("/nonexistent")).pooled
    assert pool.wait_ready(timeout=5)
    assert pool.stats.warm == 5 and not cold
    pool.close()
    assert len(made) == 8 and all(s.discarded for s in made)


def test_the_pool_starts_no_more_than_its_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    made, cold = _fake_engine(monkeypatch)
    with SandboxPool(3, budget=4) as pool:
        runs = [pool.run_job(JOB, None, Path("/x")) for _ in range(5)]
    assert len(made) == 4 and [r.pooled for r in runs] == [True] * 4 + [False]
    assert len(cold) == 1


def test_other_limits_run_cold(monkeypatch: pytest.MonkeyPatch) -> None:
    _, cold = _fake_engine(monkeypatch)
    with SandboxPool(1) as pool:
        run = pool.run_job(JOB, None, Path("/x"), limits=Limits(wall_seconds=5))
    assert not run.pooled and len(cold) == 1


def test_a_job_for_another_browser_runs_cold(monkeypatch: pytest.MonkeyPatch) -> None:
    _, cold = _fake_engine(monkeypatch)
    with SandboxPool(1, browser="chromium") as pool:
        assert pool.run_job({**JOB, "browser": "chromium"}, None, Path("/x")).pooled
        assert not pool.run_job(JOB, None, Path("/x")).pooled
    assert len(cold) == 1


@pytest.mark.slow
def test_a_broken_pool_falls_back_to_cold_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    _, cold = _fake_engine(monkeypatch, start_fails=True)
    with SandboxPool(2, max_failures=3, retry_seconds=0.5) as pool:
        run = pool.run_job(JOB, None, Path("/x"))
        assert pool.broken and not run.pooled and len(cold) == 1
        assert "no engine" in pool.stats.last_error
        failed = pool.stats.failed  # 3, or 4 when both fillers were failing at once
        assert failed >= 3
        time.sleep(3)  # after the back-off it tries again
        assert pool.stats.failed > failed


def test_a_missed_job_runs_cold(monkeypatch: pytest.MonkeyPatch) -> None:
    _, cold = _fake_engine(monkeypatch, miss=True)
    with SandboxPool(1) as pool:
        run = pool.run_job(JOB, None, Path("/x"))
    assert run.run_id == "cold" and pool.stats.misses == 1 and len(cold) == 1


def test_sandboxes_near_their_idle_limit_are_not_handed_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made, _ = _fake_engine(monkeypatch)
    with SandboxPool(1, idle_seconds=30) as pool:
        assert pool.wait_ready(timeout=5)
        made[0].ready_at -= 25  # past idle - margin
        sandbox = pool.take()
        assert sandbox is not None and sandbox is not made[0]
        assert made[0].discarded and pool.stats.expired == 1


# ---- the runner's side, without a browser ------------------------------------------------------


def test_the_pooled_runner_waits_for_the_go_marker_only(tmp_path: Path) -> None:
    from sandbox.runner.__main__ import wait_for_job

    (tmp_path / "job.json").write_text("{}")  # a job without the marker is not there yet
    started = time.monotonic()
    assert not wait_for_job(tmp_path, 0.2)
    assert time.monotonic() - started >= 0.2
    threading.Timer(0.1, (tmp_path / "go").touch).start()
    assert wait_for_job(tmp_path, 5)


def test_a_prestarted_browser_serves_only_jobs_it_fits() -> None:
    from sandbox.runner.__main__ import _fits
    from sandbox.runner.job import parse_job

    assert _fits(parse_job(JOB))
    assert _fits(parse_job({**JOB, "mode": "record"}))
    assert not _fits(parse_job({**JOB, "viewport": {"width": 800, "height": 600}}))
    assert not _fits(parse_job({**JOB, "page_load_timeout_s": 30}))
    assert not _fits(parse_job({**JOB, "pages": ["a"]}))
    assert not _fits(parse_job({**JOB, "browser": "chromium"}))
    assert _fits(parse_job({**JOB, "browser": "chromium"}), "chromium")
    assert not _fits(parse_job(JOB), "chromium")
    assert not _fits(parse_job({"mode": "probe"}))
