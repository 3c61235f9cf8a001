"""Measure how fast the evaluator judges, on this machine, with today's code (issue 7).

    python benchmarks/run.py --json PATH [--quick] [--task ID ...] [--workers 1,2,4]

Everything runs the real path: real containers from the sandbox image, real Chromium, real
gRPC sockets on loopback. The judged pages are the tasks' own reference pages (the oracle), so
every action is expected to succeed. What is measured, and how:

- per action: the runner's own per-step ``timing`` from each ``trace.json`` of the K = 1 suite
  (``find`` + ``act`` + ``settle`` + ``capture``: settle is the runner's detection of a quiet
  page, see ``sandbox/runner/settle.py``) plus the score: ``evaluator.scoring.score.score_task`` on
  the page's trace, timed here, over its actions. Each part is also reported on its own, with
  the settle figures (median, p90, captures, share of steps that
  reached the cap);
- replay determinism: each step's screenshot of the K = 1 suite compared pixel by pixel with the
  same step of every other suite (the same pages judged again) and of the fixed-sleep replay;
- per action, amortised: suite wall time at K = 1 divided by the number of actions;
- cold sandbox ready: from just before the container is created until the browser starts
  navigating to the page (``performance.timeOrigin`` of a probe page, read back from the
  runner's step-0 text; the container shares the host's clock);
- pool ready: from asking a sandbox pool (``sandbox.pool``, one ready sandbox) for a sandbox
  until the browser starts navigating to the same probe page: taking it, delivering the job
  and page, the runner noticing them and calling the page;
- suite: wall time and actions per second over the chosen tasks at each K, through
  ``evaluator.run.orchestrate.judge_pages``, with a
  sandbox pool of K + 1 started and ready before the clock starts (``iwr run`` starts its pool
  before the model generates); once more at the default K with the pool started with the run, as
  ``iwr judge`` has it (the first K pages wait for cold starts);
- fixed sleep: the same tasks at K = 1 with the published schedule (``settle_seconds`` 1.25
  after loading and after every action); ``speedup_vs_fixed_sleep`` is its wall time over the
  wall time at the default K;
- gRPC: a ~50 MB bundle streamed to a trivial model through ``clients.grpc_client`` and
  ``clients.server`` on 127.0.0.1;
- peak memory per sandbox: each container's cgroup ``memory.max_usage_in_bytes`` (cgroup v1),
  sampled while the K = 1 suite runs; null where the cgroup files are not readable.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.host_text import worst_seconds_per_mb  # noqa: E402
from clients.grpc_client import GrpcModelClient  # noqa: E402
from clients.limits import Limits as ModelLimits  # noqa: E402
from clients.server import start_server  # noqa: E402
from clients.types import FRAME, Bundle, BundleFile, Generation  # noqa: E402
from evaluator.judging.judge import judge_page  # noqa: E402
from evaluator.results import TaskStatus  # noqa: E402
from evaluator.run import orchestrate as run_mod  # noqa: E402
from evaluator.run.options import RunOptions  # noqa: E402
from evaluator.scoring import images, ocr  # noqa: E402
from evaluator.scoring.metrics import compare  # noqa: E402
from evaluator.scoring.score import score_task  # noqa: E402
from evaluator.tasks.loader import load_tasks  # noqa: E402
from evaluator.tasks.published import export_published  # noqa: E402
from evaluator.tasks.task import Task  # noqa: E402
from sandbox.image import ensure_image  # noqa: E402
from sandbox.labels import OWNER_LABEL  # noqa: E402
from sandbox.launcher import Limits, run_job  # noqa: E402
from sandbox.pool import SandboxPool  # noqa: E402
from sandbox.runner.config import BROWSERS, DEFAULT_BROWSER  # noqa: E402

TASKS_DIR = REPO / "tasks"
QUICK_TASKS = ("coffee-shop", "tip-calculator", "todo-app")
FULL_TASKS = QUICK_TASKS + (
    "dental-booking",
    "docs-site",
    "league-table",
    "memory-match",
    "chat-app",
    "weather-app",
    "signup-wizard",
)
# The published fixed schedule (the runner's default is settle detection, no fixed wait).
PUBLISHED_SETTLE_S = 1.25
PARTS = ("find", "act", "settle", "capture", "score")
GRPC_BUNDLE_MB = 50
# Calls timed (after one that warms the channel): about 0.1 s each; the median is reported.
GRPC_SAMPLES = 10
CGROUP_MEMORY = Path("/sys/fs/cgroup/memory/docker")

PROBE_PAGE = (
    "<!DOCTYPE html><html><body><p id=t></p><script>"
    "document.getElementById('t').textContent='T='+performance.timeOrigin;"
    "</script></body></html>"
)


def _median(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 4) if values else None


def _p90(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))], 4)


def default_workers() -> int:
    """The K that ``iwr run``/``iwr judge`` use when not told (1 before --workers exists)."""
    return int(getattr(run_mod, "DEFAULT_WORKERS", 1))


# ---- peak memory ---------------------------------------------------------------------------


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


# ---- suite ---------------------------------------------------------------------------------


@dataclass
class SuiteRun:
    label: str
    workers: int
    settle_s: float | None  # None: the runner's settle detection
    wall_s: float
    actions: int
    ok_tasks: int
    tasks: int
    run_dir: Path

    @property
    def actions_per_s(self) -> float:
        return round(self.actions / self.wall_s, 3) if self.wall_s else 0.0


def stage_oracle_pages(tasks: Sequence[Task], dest: Path) -> Path:
    for task in tasks:
        (dest / task.id).mkdir(parents=True, exist_ok=True)
        source = task.reference_page or task.root / "reference" / "index.html"
        shutil.copyfile(source, dest / task.id / "index.html")
    return dest


def judge_suite(
    label: str,
    tasks: Sequence[Task],
    pages: Path,
    out_root: Path,
    *,
    workers: int = 1,
    settle_s: float | None = None,
    pool: bool = True,
    warm: bool = False,
    browser: str = DEFAULT_BROWSER,
) -> SuiteRun:
    """Judge ``pages`` as ``iwr judge`` does and time it.

    ``warm``: start the run's pool (``workers + 1`` sandboxes) and wait until it is ready before
    the clock starts, as ``iwr run`` has it when the pool's starts overlap the model's
    generation; the clock stops after the pool is closed (its removals included). Otherwise the
    run starts its own pool and the first pages wait for its cold starts.
    """
    judge: Callable[..., Any] = judge_page
    if settle_s is not None:
        judge = partial(judge_page, settle_seconds=settle_s)
    warm_pool = None
    if warm and pool:
        warm_pool = SandboxPool(workers + 1, budget=len(tasks), browser=browser)
        ready = min(workers + 1, len(tasks))
        if not warm_pool.wait_ready(ready, timeout=180):
            print(f"  the pool did not get {ready} sandboxes ready: {warm_pool.stats}", flush=True)
    options = RunOptions(
        run_id=label,
        progress=lambda line: print(f"  {line}", flush=True),
        judge=judge,
        workers=workers,
        pool=warm_pool or pool,
        browser=browser,
    )
    started = time.monotonic()
    try:
        run, run_dir = run_mod.judge_pages(pages, tasks, out_root, options, model=f"oracle-{label}")
    finally:
        if warm_pool is not None:
            warm_pool.close()
    wall = time.monotonic() - started
    return SuiteRun(
        label=label,
        workers=workers,
        settle_s=settle_s,
        wall_s=round(wall, 3),
        actions=sum(len(t.actions) for t in tasks),
        ok_tasks=sum(1 for r in run.tasks if r.status == TaskStatus.OK),
        tasks=len(run.tasks),
        run_dir=run_dir,
    )


def stripped_export(tasks: Sequence[Task], dest: Path) -> list[Task]:
    """The tasks as the published dataset has them: exported in the published layout, then
    stripped of our ``iwr`` key (no authored hints, expectations or reference text), and
    read back as any published ``data.jsonl`` is."""
    data = export_published(list(tasks), dest)
    stripped = dest / "desc.jsonl"
    lines = []
    for line in data.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        row.pop("iwr", None)
        lines.append(json.dumps(row))
    stripped.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (dest / "desc").symlink_to(dest / data.stem, target_is_directory=True)
    return load_tasks(stripped)


def published_suites(
    tasks: Sequence[Task], pages: Path, work: Path, workers: int, browser: str
) -> tuple[SuiteRun, SuiteRun]:
    """The stripped suite judged twice at ``workers``, with an OCR cache of its own: first
    with nothing read yet (every reference checkpoint read by OCR), then as every later
    run judges it (references read once, cached by content)."""
    published = stripped_export(tasks, work / "published")
    previous = os.environ.get("IWR_OCR_CACHE")
    os.environ["IWR_OCR_CACHE"] = str(work / "ocr-cache")
    ocr_memory = getattr(ocr, "_MEMORY", None)
    try:
        if ocr_memory is not None:
            ocr_memory.clear()
        first = judge_suite(
            f"published-k{workers}-first", published, pages, work / "runs",
            workers=workers, warm=True, browser=browser,
        )  # fmt: skip
        again = judge_suite(
            f"published-k{workers}", published, pages, work / "runs",
            workers=workers, warm=True, browser=browser,
        )  # fmt: skip
    finally:
        if previous is None:
            os.environ.pop("IWR_OCR_CACHE", None)
        else:
            os.environ["IWR_OCR_CACHE"] = previous
    return first, again


def trace_steps(suite: SuiteRun, tasks: Sequence[Task]) -> list[tuple[str, dict]]:
    """(task id, step) for every step in the suite's ``trace.json`` files, step 0 included."""
    out = []
    for task in tasks:
        trace = suite.run_dir / task.id / "trace.json"
        if not trace.is_file():
            continue
        for step in json.loads(trace.read_text(encoding="utf-8")).get("steps", []):
            out.append((task.id, step))
    return out


def probe_seconds(suite: SuiteRun, tasks: Sequence[Task]) -> list[float]:
    """Per page, the runner's counterfactual probe pass (``probe_pass.seconds`` in
    ``trace.json``; sandbox/runner/probes.py); 0 for a page judged without one."""
    out = []
    for task in tasks:
        trace = suite.run_dir / task.id / "trace.json"
        if trace.is_file():
            record = json.loads(trace.read_text(encoding="utf-8")).get("probe_pass") or {}
            out.append(float(record.get("seconds") or 0.0))
    return out


def step_parts(step: dict) -> dict[str, float]:
    """find, act, settle, capture of one executed action, from the runner's ``timing``.

    A trace without ``timing`` (an older runner) gives ``seconds`` as find + act and its
    ``settle_seconds``; its capture was not timed (0).
    """
    timing = step.get("timing") or {}
    if "act" in timing:
        return {k: float(timing.get(k) or 0.0) for k in ("find", "act", "settle", "capture")}
    return {
        "find": 0.0,
        "act": float(step.get("seconds") or 0.0),
        "settle": float(step.get("settle_seconds") or 0.0),
        "capture": 0.0,
    }


def metric_seconds(suite: SuiteRun, tasks: Sequence[Task]) -> dict[tuple[str, int], float]:
    """``evaluator.scoring.metrics.compare`` per (reference, candidate) screenshot pair, by
    (task, step), each pair decoded afresh (the in-memory pixel cache emptied first)."""
    times: dict[tuple[str, int], float] = {}
    for task in tasks:
        folder = suite.run_dir / task.id
        for shot in sorted(folder.glob("step_*.png")):
            ref = folder / f"ref_{shot.name}"
            if not ref.is_file():
                continue
            images.clear()
            started = time.perf_counter()
            compare(ref, shot, "reference text", "candidate text")
            times[(task.id, int(shot.stem.split("_")[1]))] = time.perf_counter() - started
    return times


def score_seconds(suite: SuiteRun, tasks: Sequence[Task]) -> dict[str, float]:
    """Scoring time per action, by task: ``score_task`` on the page's trace as judging runs it
    (every check and metric of every step, each screenshot decoded once; the in-memory pixel
    cache emptied first, the reference checkpoints' on-disk cache as a previous run leaves it),
    divided by the task's actions."""
    out: dict[str, float] = {}
    for task in tasks:
        trace = suite.run_dir / task.id / "trace.json"
        if not trace.is_file() or not task.actions:
            continue
        steps = json.loads(trace.read_text(encoding="utf-8")).get("steps", [])
        images.clear()
        started = time.perf_counter()
        score_task(task, steps, suite.run_dir / task.id)
        out[task.id] = (time.perf_counter() - started) / len(task.actions)
    return out


def per_action(
    suite: SuiteRun, tasks: Sequence[Task], score: dict[str, float]
) -> tuple[list[float], dict[str, list[float]], list[dict]]:
    """(totals, parts, steps) over the suite's executed actions (step >= 1, status ok).

    A step's score is its task's scoring time per action, else the median over the tasks.
    """
    fallback = statistics.median(score.values()) if score else 0.0
    totals: list[float] = []
    parts: dict[str, list[float]] = {k: [] for k in PARTS}
    steps: list[dict] = []
    for task_id, step in trace_steps(suite, tasks):
        if step.get("index", 0) < 1 or step.get("status") != "ok":
            continue
        one = step_parts(step)
        one["score"] = score.get(task_id, fallback)
        for k in PARTS:
            parts[k].append(one[k])
        totals.append(sum(one.values()))
        steps.append(step)
    return totals, parts, steps


def settle_figures(steps: Sequence[dict]) -> dict[str, Any]:
    """Median/p90 settle, captures and how many of ``steps`` reached the cap (settled false)."""
    settle = [float(s.get("settle_seconds") or 0.0) for s in steps]
    captures = [float(s.get("settle_captures") or 0) for s in steps]
    capped = sum(1 for s in steps if s.get("settled") is False)
    return {
        "steps": len(steps),
        "median_s": _median(settle),
        "p90_s": _p90(settle),
        "max_s": round(max(settle), 4) if settle else None,
        "captures_median": _median(captures),
        "capped_steps": capped,
        "capped_share": round(capped / len(steps), 4) if steps else None,
    }


def _pixels(path: Path) -> tuple[tuple[int, int], bytes] | None:
    from PIL import Image

    try:
        with Image.open(path) as img:
            return img.size, img.convert("RGB").tobytes()
    except OSError:
        return None


def identical_steps(a: SuiteRun, b: SuiteRun, tasks: Sequence[Task]) -> dict[str, Any]:
    """How many step screenshots of ``a`` have the same pixels in ``b`` (same task, same step)."""
    same, compared, differing = 0, 0, []
    for task in tasks:
        for shot in sorted((a.run_dir / task.id).glob("step_*.png")):
            other = b.run_dir / task.id / shot.name
            if not other.is_file():
                continue
            compared += 1
            if _pixels(shot) == _pixels(other):
                same += 1
            else:
                differing.append(f"{task.id}/{shot.name}")
    return {"identical": same, "compared": compared, "differing": differing}


# ---- cold start ----------------------------------------------------------------------------


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


# ---- gRPC ----------------------------------------------------------------------------------


class EchoModel:
    """Answers every bundle with a tiny page at once: only the transport is measured."""

    name = "bench-echo"
    version = "1"
    limits = ModelLimits()

    def generate(self, bundle: Bundle) -> Generation:
        return Generation(text=f"```html\n<p>{bundle.total_bytes()}</p>\n```", model=self.name)


def grpc_throughput(megabytes: int, samples: int) -> list[float]:
    """MB/s of Generate calls carrying a ``megabytes`` bundle (1 MB frames of random bytes)."""
    frames = tuple(
        BundleFile(f"frame_{i:03d}.png", FRAME, "image/png", os.urandom(1024 * 1024))
        for i in range(megabytes)
    )
    bundle = Bundle(task_id="bench", width=1280, height=800, prompt="p", frames=frames)
    size_mb = bundle.total_bytes() / 1e6
    server, port = start_server(EchoModel(), "127.0.0.1", 0)
    rates = []
    try:
        with GrpcModelClient(f"127.0.0.1:{port}", timeout_s=120) as client:
            client.info()
            client.generate(bundle)  # warm the channel
            for _ in range(samples):
                started = time.perf_counter()
                client.generate(bundle)
                rates.append(size_mb / (time.perf_counter() - started))
    finally:
        server.stop(grace=None)
    return rates


# ---- main ----------------------------------------------------------------------------------


def _row(name: str, value: Any, target: str = "") -> str:
    shown = "n/a" if value is None else value
    return f"| {name:<34} | {shown!s:>12} | {target:<22} |"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, required=True, help="where to write the figures")
    parser.add_argument("--quick", action="store_true", help="3 small tasks, K = 1 and 2")
    parser.add_argument("--task", action="append", default=[], help="task id (repeatable)")
    parser.add_argument("--workers", default="", help="comma-separated K values, e.g. 1,2,4")
    parser.add_argument("--tasks-dir", type=Path, default=TASKS_DIR)
    parser.add_argument("--keep", type=Path, default=None, help="keep the run folders here")
    parser.add_argument(
        "--browser",
        choices=list(BROWSERS),
        default=DEFAULT_BROWSER,
        help="the browser every figure judges with (to compare them)",
    )
    parser.add_argument(
        "--ready-only",
        action="store_true",
        help="only the sandbox start figures (cold and pooled ready), no suite",
    )
    args = parser.parse_args(argv)

    ids = tuple(args.task) or (QUICK_TASKS if args.quick else FULL_TASKS)
    by_id = {t.id: t for t in load_tasks(args.tasks_dir)}
    tasks = [by_id[i] for i in ids]
    default_k = default_workers()
    ks = [int(k) for k in args.workers.split(",") if k] or ([1, 2] if args.quick else [1, 2, 4])
    if default_k not in ks:
        ks.append(default_k)
    ks.sort()
    image_id = ensure_image()

    work = args.keep or Path(tempfile.mkdtemp(prefix="iwr-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    pages = stage_oracle_pages(tasks, work / "pages")
    print(f"tasks: {', '.join(ids)} ({sum(len(t.actions) for t in tasks)} actions); K: {ks}")

    print("cold sandbox start (probe page) ...", flush=True)
    ready, probe_whole = cold_ready(3 if args.quick else 5, browser=args.browser)
    print("pooled sandbox ready (probe page) ...", flush=True)
    with SandboxPool(1, fillers=1, browser=args.browser) as pool:
        pool_ready, pool_whole = cold_ready(5 if args.quick else 7, pool, args.browser)
    if args.ready_only:
        figures = {
            "pool_ready_median_s": _median(pool_ready),
            "pool_ready_s": [round(x, 4) for x in pool_ready],
            "pool_probe_job_median_s": _median(pool_whole),
            "cold_ready_median_s": _median(ready),
            "cold_ready_s": [round(x, 4) for x in ready],
            "cold_probe_job_median_s": _median(probe_whole),
            "browser": args.browser,
            "machine": {"cpus": os.cpu_count(), "sandbox_image": image_id},
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print(json.dumps(figures, indent=2))
        return 0

    browser = args.browser
    suites: dict[int, SuiteRun] = {}
    sampler = None
    for k in ks:
        print(f"suite at K = {k} (settle detection) ...", flush=True)
        # Peak memory per sandbox is sampled during the K = 1 suite only.
        watch = MemorySampler() if k == 1 else None
        with watch or contextlib.nullcontext():
            suites[k] = judge_suite(
                f"k{k}", tasks, pages, work / "runs", workers=k, warm=True, browser=browser
            )
        sampler = watch or sampler
    print(f"published suite (stripped export) at K = {default_k}, twice ...", flush=True)
    published_first, published = published_suites(tasks, pages, work, default_k, browser)
    print(f"suite at K = {default_k}, the pool started with the run ...", flush=True)
    cold_suite = judge_suite(
        f"k{default_k}-cold", tasks, pages, work / "runs", workers=default_k, browser=browser
    )
    print(f"fixed-sleep replay (settle {PUBLISHED_SETTLE_S} s, K = 1) ...", flush=True)
    fixed = judge_suite(
        "fixed-sleep",
        tasks,
        pages,
        work / "runs",
        workers=1,
        settle_s=PUBLISHED_SETTLE_S,
        pool=False,
        browser=browser,
    )

    metric = metric_seconds(suites[1], tasks)
    score = score_seconds(suites[1], tasks)
    totals, parts, steps = per_action(suites[1], tasks, score)
    find_act = [f + a for f, a in zip(parts["find"], parts["act"], strict=True)]
    load0 = [
        float((step.get("timing") or {}).get("load") or 0.0)
        for _, step in trace_steps(suites[1], tasks)
        if step.get("index") == 0 and step.get("status") == "ok"
    ]
    fixed_totals, fixed_parts, _ = per_action(fixed, tasks, score)
    settle = settle_figures(steps)
    all_steps = [step for s in suites.values() for _, step in trace_steps(s, tasks)]
    settle_all = settle_figures(
        [st for st in all_steps if st.get("index", 0) >= 1 and st.get("status") == "ok"]
    )
    replays = {
        f"k1_vs_k{k}": identical_steps(suites[1], s, tasks) for k, s in suites.items() if k != 1
    }
    replays["k1_vs_fixed_sleep"] = identical_steps(suites[1], fixed, tasks)
    print("gRPC bundle streaming ...", flush=True)
    rates = grpc_throughput(GRPC_BUNDLE_MB, GRPC_SAMPLES)
    print("host text paths on hostile inputs (1 MB each) ...", flush=True)
    host_worst, host_worst_path = worst_seconds_per_mb()

    base = suites[default_k]
    probes = probe_seconds(suites[1], tasks)
    figures: dict[str, Any] = {
        # The probes' share of judging: their seconds over the K = 1 suite's wall time.
        "probe_cost_ratio": round(sum(probes) / suites[1].wall_s, 4) if suites[1].wall_s else None,
        "probe_per_page_median_s": _median(probes),
        "per_action_median_s": _median(totals),
        "per_action_p90_s": _p90(totals),
        "per_action_parts_median_s": {k: _median(v) for k, v in parts.items()},
        "per_action_parts_p90_s": {k: _p90(v) for k, v in parts.items()},
        "per_action_find_act_median_s": _median(find_act),
        "per_action_find_act_p90_s": _p90(find_act),
        "per_action_actions": len(totals),
        "per_action_amortised_k1_s": round(suites[1].wall_s / suites[1].actions, 4),
        "page_load_median_s": _median(load0),
        "metric_per_pair_median_s": _median(list(metric.values())),
        "score_per_action_median_s": _median(list(score.values())),
        "settle": settle,
        "settle_all_suites": settle_all,
        "replay_identical": replays,
        "pool_ready_median_s": _median(pool_ready),
        "pool_ready_s": [round(x, 4) for x in pool_ready],
        "pool_probe_job_median_s": _median(pool_whole),
        "cold_ready_median_s": _median(ready),
        "cold_ready_s": [round(x, 4) for x in ready],
        "cold_probe_job_median_s": _median(probe_whole),
        "suite_actions_per_s": base.actions_per_s,
        "published_suite_actions_per_s": published.actions_per_s,
        "published_suite": {
            "workers": default_k,
            "wall_s": published.wall_s,
            "actions_per_s": published.actions_per_s,
            "vs_bundled_suite": round(published.actions_per_s / base.actions_per_s, 3)
            if base.actions_per_s
            else None,
            "bundled_suite_actions_per_s": base.actions_per_s,
            "first_run_wall_s": published_first.wall_s,
            "first_run_actions_per_s": published_first.actions_per_s,
            "ok_tasks": published.ok_tasks,
        },
        "suite_pool_started_with_run": {
            "workers": default_k,
            "wall_s": cold_suite.wall_s,
            "actions_per_s": cold_suite.actions_per_s,
            "ok_tasks": cold_suite.ok_tasks,
            "speedup_vs_fixed_sleep": round(fixed.wall_s / cold_suite.wall_s, 3),
        },
        "default_workers": default_k,
        "browser": browser,
        "suite": {
            str(k): {
                "wall_s": s.wall_s,
                "actions": s.actions,
                "actions_per_s": s.actions_per_s,
                "ok_tasks": s.ok_tasks,
                "tasks": s.tasks,
            }
            for k, s in suites.items()
        },
        "fixed_sleep": {
            "settle_s": PUBLISHED_SETTLE_S,
            "workers": 1,
            "wall_s": fixed.wall_s,
            "actions_per_s": fixed.actions_per_s,
            "ok_tasks": fixed.ok_tasks,
            "per_action_median_s": _median(fixed_totals),
            "per_action_parts_median_s": {k: _median(v) for k, v in fixed_parts.items()},
        },
        "speedup_vs_fixed_sleep": round(fixed.wall_s / base.wall_s, 3),
        "grpc_mb_per_s": _median(rates),
        "grpc_mb_per_s_samples": [round(x, 1) for x in rates],
        "grpc_bundle_mb": GRPC_BUNDLE_MB,
        "peak_sandbox_mb": sampler.peak_mb() if sampler else None,
        "host_worst_s_per_mb": host_worst,
        "host_worst_path": host_worst_path,
        "notes": {
            "pool_ready_median_s": "from asking a one-sandbox pool (already ready) until the "
            "browser navigates to the probe page; the suites use the pool (K + 1 sandboxes) "
            "as iwr judge does, the fixed-sleep replay does not (a container per page)",
            "per_action_median_s": "per executed action of the K=1 suite: the runner's "
            "timing find + act + settle (detection) + capture from trace.json, plus the metric "
            "time (score) of that step's screenshot pair; no assumed wait",
            "settle": "K=1 suite, actions only: settle_seconds per step; capped = settled false "
            "(the runner's 2 s cap ended the wait); settle_all_suites: every suite at every K",
            "replay_identical": "step screenshots of the K=1 suite with the same pixels as the "
            "same step in another suite (same pages judged again)",
            "speedup_vs_fixed_sleep": "fixed-sleep wall (K=1, settle 1.25 s, no pool) over the "
            "wall at default_workers with settle detection and the pool",
            "suite": "judge_pages with a pool of K + 1 sandboxes started and ready before the "
            "clock (as iwr run has it when the starts overlap the model's generation); the "
            "clock includes closing the pool; suite_pool_started_with_run: the pool started "
            "with the run, so the first K pages wait for cold starts (as iwr judge)",
            "published_suite": "the same tasks exported in the published layout and "
            "stripped of our hints, expectations and reference text (descriptions, logical "
            "assertions, checkpoints and video only), judged at default_workers with a warm "
            "pool and an OCR cache of the run's own: first_run reads every reference "
            "checkpoint by OCR, published_suite_actions_per_s is the second run (references "
            "read once, as every later run on this machine); vs_bundled_suite divides it by "
            "suite_actions_per_s of this run",
            "score": "score_task per task over its actions (every check and metric, each "
            "screenshot decoded once, reference pixels from the on-disk cache); "
            "metric_per_pair_median_s: one compare with both images decoded afresh",
            "host_worst_s_per_mb": "the slowest host-side text path (reply extraction, "
            "iframe stripping, placeholders, paper trimming, judge replies, report escaping, "
            "result.json checks) on the hostile inputs of benchmarks/host_text.py, 1 MB each, "
            "in seconds per MB; host_worst_path names it",
            "peak_sandbox_mb": "max cgroup v1 memory.max_usage_in_bytes over this run's "
            "containers during the K=1 suite"
            + ("" if sampler and sampler.readable else " (cgroup files not readable here)"),
        },
        "tasks": list(ids),
        "quick": args.quick,
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "sandbox_image": image_id,
        },
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")

    print()
    print(_row("figure", "value", "issue 7 target"))
    print(f"|{'-' * 36}|{'-' * 14}|{'-' * 24}|")
    print(_row("browser", browser))
    print(_row("per action, median (s)", figures["per_action_median_s"], "<= 0.25"))
    print(_row("per action, p90 (s)", figures["per_action_p90_s"]))
    for k in PARTS:
        med, p90 = figures["per_action_parts_median_s"][k], figures["per_action_parts_p90_s"][k]
        print(_row(f"  {k} median / p90 (s)", f"{med}/{p90}"))
    print(_row("  settle: steps capped / all", f"{settle['capped_steps']}/{settle['steps']}"))
    print(_row("  settle: captures, median", settle["captures_median"]))
    print(_row("page load (step 0), median (s)", figures["page_load_median_s"]))
    print(_row("  amortised at K=1 (s)", figures["per_action_amortised_k1_s"]))
    print(_row("metric per pair, median (s)", figures["metric_per_pair_median_s"]))
    print(_row("score per action, median (s)", figures["score_per_action_median_s"]))
    print(_row("pool ready, median (s)", figures["pool_ready_median_s"], "<= 0.2"))
    print(_row("cold ready, median (s)", figures["cold_ready_median_s"], "<= 2"))
    for k, s in suites.items():
        print(_row(f"suite K={k}: wall s / actions/s", f"{s.wall_s}/{s.actions_per_s}"))
    print(
        _row(
            f"suite K={default_k}, pool cold: wall/a/s",
            f"{cold_suite.wall_s}/{cold_suite.actions_per_s}",
        )
    )
    print(_row("fixed-sleep K=1: wall s", fixed.wall_s))
    print(_row("fixed-sleep per action, median (s)", figures["fixed_sleep"]["per_action_median_s"]))
    for name, r in replays.items():
        print(_row(f"same pixels {name}", f"{r['identical']}/{r['compared']}"))
    print(_row("probes' share of judging, K=1", figures["probe_cost_ratio"], "<= 0.25"))
    print(_row("suite actions/s (default K)", figures["suite_actions_per_s"], ">= 4"))
    pub = figures["published_suite"]
    print(_row("published suite actions/s", figures["published_suite_actions_per_s"], ">= 4"))
    print(_row("  vs bundled suite, same run", pub["vs_bundled_suite"], ">= 0.7"))
    print(_row("  first run (references read)", pub["first_run_actions_per_s"]))
    print(_row("speedup vs fixed sleep", figures["speedup_vs_fixed_sleep"], ">= 5"))
    cold_speedup = figures["suite_pool_started_with_run"]["speedup_vs_fixed_sleep"]
    print(_row("  same, pool started with the run", cold_speedup))
    print(_row("gRPC streaming (MB/s)", figures["grpc_mb_per_s"], ">= 500"))
    print(_row("peak memory per sandbox (MB)", figures["peak_sandbox_mb"], "<= 600"))
    print(_row("host worst s per MB of input", figures["host_worst_s_per_mb"], "linear"))
    print(f"\nJSON: {args.json}" + (f"; run folders under {work}" if args.keep else ""))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
