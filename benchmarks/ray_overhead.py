"""Ray's overhead (issue 16): the same pages judged through the local pool and through a Ray
cluster on loopback, at the same number of slots, in one benchmark run.

    python benchmarks/ray_overhead.py --json PATH [--slots K] [--task ID ...]

(``benchmarks/run.py`` runs the same measurement and adds its keys to its JSON.)

The cluster is started as ``iwr cluster`` starts it (``sandbox.cluster.node``): a head on
127.0.0.4 (where this process, the coordinator, connects; Ray rewrites 127.0.0.1 to the
machine's address) and one judging node on 127.0.0.2
with K sandbox slots using this machine's Docker Engine, token authentication on. Its start
is not timed. Ray's own processes (GCS, raylets, the slot actors) share this machine's cores
with the sandboxes and the coordinator, as they would not across machines: the ratio is a
pessimistic reading of Ray's cost. The suites run in the order
local, Ray, Ray, local (so a drift of the machine's load over the run weighs on both alike),
each judging the tasks' reference pages as ``iwr judge`` does:

- local: ``judge_pages`` with a warm pool of K + 1 sandboxes (as ``benchmarks/suites.py``);
- Ray: ``judge_pages`` through the cluster's ``RayBackend``, opened as ``--sandboxes
  ray://127.0.0.4:PORT`` opens it (its slots placed, their identity checked against this
  machine's image, runner and browser) and its slots' first K + 1 sandboxes ready before the
  clock starts; the clock stops once it is closed (its containers removed), as the local
  pool's.

Both sides judge the same pages at the same K, start the same number of sandboxes (one per
page: the backend is told the run's pages, as ``iwr run`` tells it) and keep every protection:
Ray's slots check their identity and the coordinator verifies and extracts each output itself.
The default suite is ``benchmarks/run.py``'s (``FULL_TASKS``: 10 tasks, 83 actions on
2026-12-06; runs of 15-25 s per side, 2-3 minutes in all with the cluster's start), long
enough that a run's first and last pages do not decide the figure.

``ray_vs_local_ratio`` is Ray's actions per second over the local pool's (summed over both
runs of each; target at least 0.9). ``coordinator_cpu_per_action_s`` is this process's CPU
time (every thread, plus children it waited for, e.g. OCR) per judged action during the Ray
suites: what the coordinator spends per action when the sandboxes run elsewhere (receiving,
verifying and extracting the output, scoring, writing the run folder). With the per-node
throughput it gives the projection in docs/DISTRIBUTED.md. Without Ray installed every key is
written with a reason instead of a figure.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import resource
import secrets
import socket
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.suites import (  # noqa: E402
    SuiteRun,
    judge_suite,
    offline_judge,
    same_scores,
    stage_oracle_pages,
)
from evaluator.run.options import RunOptions  # noqa: E402
from evaluator.run.pages import judge_pages  # noqa: E402
from evaluator.tasks.task import Task  # noqa: E402
from sandbox.runner.config import DEFAULT_BROWSER  # noqa: E402

HEAD_IP = "127.0.0.4"
NODE_IP = "127.0.0.2"
NO_RAY = "ray is not installed (pip install 'iwr-bench[ray]')"


@dataclass
class Timed:
    """A suite with the coordinator's CPU seconds spent while it ran."""

    suite: SuiteRun
    cpu_s: float


def ray_available() -> str | None:
    """None when Ray is installed and ``--sandboxes ray://`` is known; else why not."""
    if importlib.util.find_spec("ray") is None:
        return NO_RAY
    from sandbox.backends import BACKENDS

    if "ray" not in BACKENDS:
        return "no Ray backend in sandbox/backends.py yet"
    return None


def _cpu_seconds() -> float:
    """This process's CPU time (all threads) plus that of children it has waited for."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def free_port(host: str) -> int:
    """A TCP port free on ``host`` now (the head binds it a moment later)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def loopback_cluster(slots: int) -> Iterator[str]:
    """A head on 127.0.0.4 and a judging node with ``slots`` slots on 127.0.0.2, token auth
    on; yields ``HOST:PORT`` with the token in the environment; always stopped."""
    from sandbox.cluster import node

    port = free_port(HEAD_IP)
    token = secrets.token_hex(16)
    saved = {k: os.environ.get(k) for k in ("IWR_CLUSTER_TOKEN",)}
    os.environ["IWR_CLUSTER_TOKEN"] = token
    started = time.monotonic()
    try:
        node.start_head(HEAD_IP, port, token=token)
        address = f"{HEAD_IP}:{port}"
        node.join(address, slots=slots, runtime=None, node_ip=NODE_IP, token=token)
        print(f"  cluster up in {time.monotonic() - started:.1f} s at {address}", flush=True)
        yield address
    finally:
        node.stop(address=f"{HEAD_IP}:{port}")  # this cluster only
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _local(label: str, tasks: Sequence[Task], pages: Path, work: Path, k: int, browser: str):
    cpu = _cpu_seconds()
    suite = judge_suite(label, tasks, pages, work / "runs", workers=k, warm=True, browser=browser)
    return Timed(suite, _cpu_seconds() - cpu)


def _ray(
    label: str, tasks: Sequence[Task], pages: Path, work: Path, k: int, browser: str, address: str
) -> Timed:
    """The pages judged through the cluster's backend, opened before the clock starts and
    closed before it stops (its removals included, as for the local pool)."""
    from sandbox.cluster.backend import RayBackend
    from sandbox.cluster.slot import expected_identity

    token = os.environ["IWR_CLUSTER_TOKEN"]  # loopback_cluster's
    # Opening waits for the slots the previous run's backend freed (bounded).
    expect = expected_identity(browser=browser)  # as `--sandboxes ray://` opens it
    backend = RayBackend(address, browser=browser, token=token, expect=expect, pages=len(tasks))
    options = RunOptions(
        run_id=label,
        progress=lambda line: print(f"  {line}", flush=True),
        judge=offline_judge(),
        workers=k,
        pool=backend,
        browser=browser,
    )
    try:
        if backend.slots != k:  # the same slots on both sides, or no figure
            raise RuntimeError(f"the cluster gave {backend.slots} slot(s), not {k}")
        # The slots' first sandboxes (K + 1, as the local pool's) start when the backend
        # opens; the clock starts once they are ready, as for the warm local pool.
        if not backend.wait_ready(timeout=180):
            print(f"  {label}: the slots' first sandboxes were not all ready", flush=True)
        cpu = _cpu_seconds()
        started = time.monotonic()
        run, run_dir = judge_pages(pages, tasks, work / "runs", options, model=f"oracle-{label}")
        backend.close()
        wall = time.monotonic() - started
        cpu = _cpu_seconds() - cpu
    finally:
        backend.close()
    suite = SuiteRun.of(label, k, None, wall, tasks, run, run_dir)
    return Timed(suite, cpu)


def ray_figures(
    tasks: Sequence[Task], pages: Path, work: Path, slots: int, browser: str = DEFAULT_BROWSER
) -> dict[str, Any]:
    """``ray_vs_local_ratio`` and the figures beside it (module docstring); skipped, with the
    reason, without Ray."""
    reason = ray_available()
    if reason is not None:
        print(f"Ray overhead: skipped ({reason})", flush=True)
        return {"ray_vs_local_ratio": None, "ray_overhead": {"skipped": reason}}
    actions = sum(len(t.actions) for t in tasks)
    print(f"Ray overhead: local pool vs Ray at {slots} slot(s), {actions} actions ...", flush=True)
    try:
        with loopback_cluster(slots) as address:
            runs = [
                _local("local-a", tasks, pages, work, slots, browser),
                _ray("ray-a", tasks, pages, work, slots, browser, address),
                _ray("ray-b", tasks, pages, work, slots, browser, address),
                _local("local-b", tasks, pages, work, slots, browser),
            ]
    except Exception as exc:  # a cluster fault must not lose the benchmark's other figures
        failed = f"{type(exc).__name__}: {exc}"[:2000]
        print(f"Ray overhead: failed ({failed})", flush=True)
        return {"ray_vs_local_ratio": None, "ray_overhead": {"failed": failed}}
    local = [runs[0], runs[3]]
    ray = [runs[1], runs[2]]

    def rate(timed: list[Timed]) -> float:
        return sum(t.suite.actions for t in timed) / sum(t.suite.wall_s for t in timed)

    def cpu(timed: list[Timed]) -> float:
        return sum(t.cpu_s for t in timed) / sum(t.suite.actions for t in timed)

    local_rate, ray_rate = rate(local), rate(ray)
    return {
        "ray_vs_local_ratio": round(ray_rate / local_rate, 3) if local_rate else None,
        "ray_overhead": {
            "slots": slots,
            "actions": actions,
            "local_actions_per_s": round(local_rate, 3),
            "ray_actions_per_s": round(ray_rate, 3),
            "runs": {
                t.suite.label: {
                    "wall_s": t.suite.wall_s,
                    "actions_per_s": t.suite.actions_per_s,
                    "ok_tasks": t.suite.ok_tasks,
                    "tasks": t.suite.tasks,
                    "coordinator_cpu_s": round(t.cpu_s, 3),
                }
                for t in runs
            },
            "coordinator_cpu_per_action_s": round(cpu(ray), 4),
            "local_cpu_per_action_s": round(cpu(local), 4),
            # Verdicts (IFS, passed actions, step statuses) of each run against local-a.
            "same_verdicts": {t.suite.label: same_scores(runs[0].suite, t.suite) for t in runs[1:]},
            "cluster": f"head {HEAD_IP}, one node {NODE_IP}, this machine's engine",
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    from benchmarks.run import FULL_TASKS, TASKS_DIR
    from evaluator.tasks.loader import load_tasks
    from sandbox.image import ensure_image

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, required=True, help="where to write the figures")
    parser.add_argument("--slots", type=int, default=2, help="sandbox slots on each side")
    parser.add_argument("--task", action="append", default=[], help="task id (repeatable)")
    args = parser.parse_args(argv)
    by_id = {t.id: t for t in load_tasks(TASKS_DIR)}
    tasks = [by_id[i] for i in (tuple(args.task) or FULL_TASKS)]
    image_id = ensure_image()
    with tempfile.TemporaryDirectory(prefix="iwr-ray-bench-") as tmp:
        work = Path(tmp)
        pages = stage_oracle_pages(tasks, work / "pages")
        figures = ray_figures(tasks, pages, work, args.slots)
    figures.update(
        tasks=[t.id for t in tasks],
        machine={"cpus": os.cpu_count(), "sandbox_image": image_id},
        measured_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
