"""Measure how fast the evaluator judges, on this machine, with today's code (issue 7).

    python benchmarks/run.py --json PATH [--quick] [--task ID ...] [--workers 1,2,4]
    python benchmarks/run.py --json PATH --quick --published-only   # issue 15's figures only

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
  ``evaluator.run.pages.judge_pages``, with a
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
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.grpc_stream import grpc_throughput  # noqa: E402
from benchmarks.host_text import worst_seconds_per_mb  # noqa: E402
from benchmarks.ray_overhead import ray_figures  # noqa: E402
from benchmarks.report import notes, print_table  # noqa: E402
from benchmarks.sandbox_start import MemorySampler, cold_ready  # noqa: E402
from benchmarks.suites import (  # noqa: E402
    SuiteRun,
    default_workers,
    judge_suite,
    published_suites,
    same_scores,
    stage_oracle_pages,
)
from benchmarks.traces import (  # noqa: E402
    identical_steps,
    median,
    metric_seconds,
    p90,
    per_action,
    probe_seconds,
    score_seconds,
    settle_figures,
    trace_steps,
)
from benchmarks.unlike import unlike_figures, unlike_suite  # noqa: E402
from evaluator.tasks.loader import load_tasks  # noqa: E402
from evaluator.tasks.task import Task  # noqa: E402
from sandbox.image import ensure_image  # noqa: E402
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
GRPC_BUNDLE_MB = 50
# Calls timed (after one that warms the channel): about 0.1 s each; the median is reported.
GRPC_SAMPLES = 10


# ---- figure groups -------------------------------------------------------------------------


@dataclass
class Suites:
    """Every suite one benchmark run judges, in the order they were judged."""

    by_k: dict[int, SuiteRun]  # settle detection, a warm pool of K + 1
    published_first: SuiteRun  # the stripped export, OCR cache empty
    published: SuiteRun  # the stripped export again, references cached
    unlike: tuple[SuiteRun, int]  # its restyled pages, OCR cache empty (and part readings)
    pool_with_run: SuiteRun  # default K, the pool started with the run
    fixed: SuiteRun  # K = 1, the published fixed sleep, no pool
    sampler: MemorySampler | None  # peak memory during the K = 1 suite


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
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
        "--published-only",
        action="store_true",
        help="only the bundled suite at the default K and the stripped suite (twice) beside it",
    )
    parser.add_argument(
        "--ready-only",
        action="store_true",
        help="only the sandbox start figures (cold and pooled ready), no suite",
    )
    return parser.parse_args(argv)


def ready_figures(quick: bool, browser: str) -> dict[str, Any]:
    """Cold and pooled sandbox ready: a probe page in fresh containers, then in a pool."""
    print("cold sandbox start (probe page) ...", flush=True)
    ready, probe_whole = cold_ready(3 if quick else 5, browser=browser)
    print("pooled sandbox ready (probe page) ...", flush=True)
    pool = SandboxPool(1, fillers=1, browser=browser)
    with pool:
        pool_ready, pool_whole = cold_ready(5 if quick else 7, pool, browser)
    return {
        "pool_ready_median_s": median(pool_ready),
        "pool_ready_s": [round(x, 4) for x in pool_ready],
        "pool_probe_job_median_s": median(pool_whole),
        "cold_ready_median_s": median(ready),
        "cold_ready_s": [round(x, 4) for x in ready],
        "cold_probe_job_median_s": median(probe_whole),
    }


def run_suites(
    tasks: Sequence[Task], pages: Path, work: Path, ks: Sequence[int], default_k: int, browser: str
) -> Suites:
    """Judge every suite: each K with a warm pool, the published export twice, the default K
    with the pool started with the run, and the fixed-sleep replay."""
    by_k: dict[int, SuiteRun] = {}
    sampler = None
    for k in ks:
        print(f"suite at K = {k} (settle detection) ...", flush=True)
        # Peak memory per sandbox is sampled during the K = 1 suite only.
        watch = MemorySampler() if k == 1 else None
        with watch or contextlib.nullcontext():
            by_k[k] = judge_suite(
                f"k{k}", tasks, pages, work / "runs", workers=k, warm=True, browser=browser
            )
        sampler = watch or sampler
    print(f"published suite (stripped export) at K = {default_k}, twice ...", flush=True)
    published_first, published = published_suites(tasks, work, default_k, browser)
    print(f"restyled pages of the stripped export at K = {default_k} ...", flush=True)
    unlike = unlike_suite(tasks, work, default_k, browser)
    print(f"suite at K = {default_k}, the pool started with the run ...", flush=True)
    pool_with_run = judge_suite(
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
    return Suites(by_k, published_first, published, unlike, pool_with_run, fixed, sampler)


def action_figures(
    suites: Suites, tasks: Sequence[Task]
) -> tuple[dict[str, Any], dict[str, float]]:
    """Per action, from the K = 1 suite: the runner's parts and the score (timed here), page
    load, probes, settle; with the scoring time per action by task, which the fixed-sleep
    figures reuse."""
    k1 = suites.by_k[1]
    metric = metric_seconds(k1, tasks)
    score = score_seconds(k1, tasks)
    totals, parts, steps = per_action(k1, tasks, score)
    find_act = [f + a for f, a in zip(parts["find"], parts["act"], strict=True)]
    load0 = [
        float((step.get("timing") or {}).get("load") or 0.0)
        for _, step in trace_steps(k1, tasks)
        if step.get("index") == 0 and step.get("status") == "ok"
    ]
    all_steps = [step for s in suites.by_k.values() for _, step in trace_steps(s, tasks)]
    probes = probe_seconds(k1, tasks)
    figures = {
        # The probes' share of judging: their seconds over the K = 1 suite's wall time.
        "probe_cost_ratio": round(sum(probes) / k1.wall_s, 4) if k1.wall_s else None,
        "probe_per_page_median_s": median(probes),
        "per_action_median_s": median(totals),
        "per_action_p90_s": p90(totals),
        "per_action_parts_median_s": {k: median(v) for k, v in parts.items()},
        "per_action_parts_p90_s": {k: p90(v) for k, v in parts.items()},
        "per_action_find_act_median_s": median(find_act),
        "per_action_find_act_p90_s": p90(find_act),
        "per_action_actions": len(totals),
        "per_action_amortised_k1_s": round(k1.wall_s / k1.actions, 4),
        "page_load_median_s": median(load0),
        "metric_per_pair_median_s": median(list(metric.values())),
        "score_per_action_median_s": median(list(score.values())),
        "settle": settle_figures(steps),
        "settle_all_suites": settle_figures(
            [st for st in all_steps if st.get("index", 0) >= 1 and st.get("status") == "ok"]
        ),
    }
    return figures, score


def replay_figures(suites: Suites, tasks: Sequence[Task]) -> dict[str, dict[str, Any]]:
    """Step screenshots of the K = 1 suite with the same pixels in every other suite."""
    k1 = suites.by_k[1]
    replays = {
        f"k1_vs_k{k}": identical_steps(k1, s, tasks) for k, s in suites.by_k.items() if k != 1
    }
    replays["k1_vs_fixed_sleep"] = identical_steps(k1, suites.fixed, tasks)
    return replays


def _ratio(value: float, base: float) -> float | None:
    """``value`` over ``base`` to 3 places; None without a base figure."""
    return round(value / base, 3) if base else None


def published_figures(base: SuiteRun, first: SuiteRun, again: SuiteRun) -> dict[str, Any]:
    """The stripped suite's figures (``again``: the headline, ``first``: with nothing read
    yet) beside the bundled suite ``base`` of the same run."""
    return {
        "published_suite_actions_per_s": again.actions_per_s,
        "published_suite": {
            "workers": again.workers,
            "wall_s": again.wall_s,
            "actions_per_s": again.actions_per_s,
            "vs_bundled_suite": _ratio(again.actions_per_s, base.actions_per_s),
            "bundled_suite_actions_per_s": base.actions_per_s,
            "first_run_wall_s": first.wall_s,
            "first_run_actions_per_s": first.actions_per_s,
            "first_run_vs_bundled_suite": _ratio(first.actions_per_s, base.actions_per_s),
            "ok_tasks": again.ok_tasks,
            "ocr_runs": again.ocr_runs,
            "ocr_seconds": again.ocr_seconds,
            "first_run_ocr_runs": first.ocr_runs,
            "first_run_ocr_seconds": first.ocr_seconds,
            "same_verdicts_first_vs_again": same_scores(first, again),
        },
    }


def published_only(
    tasks: Sequence[Task], pages: Path, work: Path, default_k: int, browser: str
) -> dict[str, Any]:
    """``--published-only``: the bundled suite at the default K (a warm pool), then the
    stripped suite twice and its restyled pages once, as the full run judges them; nothing
    else."""
    print(f"suite at K = {default_k} (settle detection) ...", flush=True)
    base = judge_suite(
        f"k{default_k}", tasks, pages, work / "runs", workers=default_k, warm=True, browser=browser
    )
    print(f"published suite (stripped export) at K = {default_k}, twice ...", flush=True)
    first, again = published_suites(tasks, work, default_k, browser)
    print(f"restyled pages of the stripped export at K = {default_k} ...", flush=True)
    unlike = unlike_suite(tasks, work, default_k, browser)
    return {
        "suite_actions_per_s": base.actions_per_s,
        **published_figures(base, first, again),
        **unlike_figures(*unlike),
        "default_workers": default_k,
        "browser": browser,
    }


def suite_figures(
    suites: Suites, tasks: Sequence[Task], score: dict[str, float], default_k: int, browser: str
) -> dict[str, Any]:
    """Throughput of every suite: actions per second at each K, the published export, the pool
    started with the run, and the fixed-sleep replay with the speed-ups over it."""
    base, published, fixed = suites.by_k[default_k], suites.published, suites.fixed
    with_run = suites.pool_with_run
    fixed_totals, fixed_parts, _ = per_action(fixed, tasks, score)
    return {
        "suite_actions_per_s": base.actions_per_s,
        **published_figures(base, suites.published_first, published),
        **unlike_figures(*suites.unlike),
        "suite_pool_started_with_run": {
            "workers": default_k,
            "wall_s": with_run.wall_s,
            "actions_per_s": with_run.actions_per_s,
            "ok_tasks": with_run.ok_tasks,
            "speedup_vs_fixed_sleep": round(fixed.wall_s / with_run.wall_s, 3),
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
            for k, s in suites.by_k.items()
        },
        "fixed_sleep": {
            "settle_s": PUBLISHED_SETTLE_S,
            "workers": 1,
            "wall_s": fixed.wall_s,
            "actions_per_s": fixed.actions_per_s,
            "ok_tasks": fixed.ok_tasks,
            "per_action_median_s": median(fixed_totals),
            "per_action_parts_median_s": {k: median(v) for k, v in fixed_parts.items()},
        },
        "speedup_vs_fixed_sleep": round(fixed.wall_s / base.wall_s, 3),
    }


def transport_figures() -> dict[str, Any]:
    """gRPC streaming of a large bundle, and the host's worst text path per MB."""
    print("gRPC bundle streaming ...", flush=True)
    rates = grpc_throughput(GRPC_BUNDLE_MB, GRPC_SAMPLES)
    print("host text paths on hostile inputs (1 MB each) ...", flush=True)
    host_worst, host_worst_path = worst_seconds_per_mb()
    return {
        "grpc_mb_per_s": median(rates),
        "grpc_mb_per_s_samples": [round(x, 1) for x in rates],
        "grpc_bundle_mb": GRPC_BUNDLE_MB,
        "host_worst_s_per_mb": host_worst,
        "host_worst_path": host_worst_path,
    }


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _write(path: Path, figures: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


# ---- main ----------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
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

    if args.published_only:
        machine = {"cpus": os.cpu_count(), "sandbox_image": image_id}
        only = published_only(tasks, pages, work, default_k, args.browser)
        only.update(tasks=list(ids), quick=args.quick, machine=machine, measured_at=_now())
        _write(args.json, only)
        print(json.dumps(only, indent=2))
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        return 0

    ready = ready_figures(args.quick, args.browser)
    if args.ready_only:
        machine = {"cpus": os.cpu_count(), "sandbox_image": image_id}
        only = {**ready, "browser": args.browser, "machine": machine, "measured_at": _now()}
        _write(args.json, only)
        print(json.dumps(only, indent=2))
        return 0

    suites = run_suites(tasks, pages, work, ks, default_k, args.browser)
    actions, score = action_figures(suites, tasks)
    replays = replay_figures(suites, tasks)
    transport = transport_figures()
    # The same pages through a loopback Ray cluster and the local pool (issue 16).
    ray = ray_figures(tasks, pages, work, default_k, args.browser)
    sampler = suites.sampler
    figures: dict[str, Any] = {
        **actions,
        "replay_identical": replays,
        **ready,
        **suite_figures(suites, tasks, score, default_k, args.browser),
        "grpc_mb_per_s": transport["grpc_mb_per_s"],
        "grpc_mb_per_s_samples": transport["grpc_mb_per_s_samples"],
        "grpc_bundle_mb": transport["grpc_bundle_mb"],
        "peak_sandbox_mb": sampler.peak_mb() if sampler else None,
        "host_worst_s_per_mb": transport["host_worst_s_per_mb"],
        "host_worst_path": transport["host_worst_path"],
        **ray,
        "notes": notes(bool(sampler and sampler.readable)),
        "tasks": list(ids),
        "quick": args.quick,
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "sandbox_image": image_id,
        },
        "measured_at": _now(),
    }
    _write(args.json, figures)
    print_table(figures)
    print(f"\nJSON: {args.json}" + (f"; run folders under {work}" if args.keep else ""))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
