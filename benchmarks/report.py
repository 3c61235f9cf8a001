"""What the benchmark writes beside its figures and prints: each figure's note for the JSON,
and the figures beside issue 7's targets as a Markdown table."""

from __future__ import annotations

from typing import Any

from benchmarks.traces import PARTS


def notes(cgroup_readable: bool) -> dict[str, str]:
    """What each figure is, written into the JSON beside the figures."""
    return {
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
        "suite_actions_per_s of this run; ocr_runs/ocr_seconds: Tesseract processes and "
        "their seconds summed over threads; same_verdicts_first_vs_again: tasks whose "
        "IFS and step statuses the two runs agree on",
        "published_unlike": "pages unlike their reference, as a model's are: the "
        "validity suite's restyled grade of the same tasks (tests/evaluator/validity/"
        "candidates.py), exported and stripped as published_suite, judged at "
        "default_workers with a warm pool and an empty OCR cache of its own (checkpoints "
        "and judged screenshots all read in the run; benchmarks/unlike.py, also runnable "
        "alone); ocr_runs of which ocr_part_runs read parts of a screenshot",
        "score": "score_task per task over its actions (every check and metric, each "
        "screenshot decoded once, reference pixels from the on-disk cache); "
        "metric_per_pair_median_s: one compare with both images decoded afresh",
        "ray_vs_local_ratio": "actions per second of the default K's suite judged through a "
        "loopback Ray cluster (head 127.0.0.4, one node with K slots on 127.0.0.2, this "
        "machine's engine) over the same suite through the local pool of K + 1, run in the "
        "order local, Ray, Ray, local (benchmarks/ray_overhead.py); "
        "ray_overhead.coordinator_cpu_per_action_s: this process's CPU per action during the "
        "Ray runs; null with ray_overhead.skipped when Ray is not installed",
        "host_worst_s_per_mb": "the slowest host-side text path (reply extraction, "
        "iframe stripping, placeholders, paper trimming, judge replies, report escaping, "
        "result.json checks) on the hostile inputs of benchmarks/host_text.py, 1 MB each, "
        "in seconds per MB; host_worst_path names it",
        "peak_sandbox_mb": "max cgroup v1 memory.max_usage_in_bytes over this run's "
        "containers during the K=1 suite"
        + ("" if cgroup_readable else " (cgroup files not readable here)"),
    }


# ---- the table -----------------------------------------------------------------------------


def _row(name: str, value: Any, target: str = "") -> str:
    shown = "n/a" if value is None else value
    return f"| {name:<34} | {shown!s:>12} | {target:<22} |"


def print_table(figures: dict[str, Any]) -> None:
    """The figures beside issue 7's targets, as a Markdown table."""
    settle = figures["settle"]
    print()
    print(_row("figure", "value", "issue 7 target"))
    print(f"|{'-' * 36}|{'-' * 14}|{'-' * 24}|")
    print(_row("browser", figures["browser"]))
    print(_row("per action, median (s)", figures["per_action_median_s"], "<= 0.25"))
    print(_row("per action, p90 (s)", figures["per_action_p90_s"]))
    for k in PARTS:
        med, tail = figures["per_action_parts_median_s"][k], figures["per_action_parts_p90_s"][k]
        print(_row(f"  {k} median / p90 (s)", f"{med}/{tail}"))
    print(_row("  settle: steps capped / all", f"{settle['capped_steps']}/{settle['steps']}"))
    print(_row("  settle: captures, median", settle["captures_median"]))
    print(_row("page load (step 0), median (s)", figures["page_load_median_s"]))
    print(_row("  amortised at K=1 (s)", figures["per_action_amortised_k1_s"]))
    print(_row("metric per pair, median (s)", figures["metric_per_pair_median_s"]))
    print(_row("score per action, median (s)", figures["score_per_action_median_s"]))
    print(_row("pool ready, median (s)", figures["pool_ready_median_s"], "<= 0.2"))
    print(_row("cold ready, median (s)", figures["cold_ready_median_s"], "<= 2"))
    for k, s in figures["suite"].items():
        print(_row(f"suite K={k}: wall s / actions/s", f"{s['wall_s']}/{s['actions_per_s']}"))
    with_run = figures["suite_pool_started_with_run"]
    print(
        _row(
            f"suite K={figures['default_workers']}, pool cold: wall/a/s",
            f"{with_run['wall_s']}/{with_run['actions_per_s']}",
        )
    )
    print(_row("fixed-sleep K=1: wall s", figures["fixed_sleep"]["wall_s"]))
    print(_row("fixed-sleep per action, median (s)", figures["fixed_sleep"]["per_action_median_s"]))
    for name, r in figures["replay_identical"].items():
        print(_row(f"same pixels {name}", f"{r['identical']}/{r['compared']}"))
    print(_row("probes' share of judging, K=1", figures["probe_cost_ratio"], "<= 0.25"))
    print(_row("suite actions/s (default K)", figures["suite_actions_per_s"], ">= 4"))
    pub = figures["published_suite"]
    print(_row("published suite actions/s", figures["published_suite_actions_per_s"], ">= 4"))
    print(_row("  vs bundled suite, same run", pub["vs_bundled_suite"], ">= 0.7"))
    print(_row("  first run (references read)", pub["first_run_actions_per_s"]))
    print(
        _row(
            "  Tesseract runs: first run, again", f"{pub['first_run_ocr_runs']}, {pub['ocr_runs']}"
        )
    )
    same = pub["same_verdicts_first_vs_again"]
    print(_row("  same verdicts, first vs again", f"{same['same']}/{same['compared']}"))
    unlike = figures["published_unlike"]
    print(_row("published, pages unlike reference", figures["published_unlike_actions_per_s"]))
    print(_row("  Tesseract runs (parts)", f"{unlike['ocr_runs']} ({unlike['ocr_part_runs']})"))
    print(_row("speedup vs fixed sleep", figures["speedup_vs_fixed_sleep"], ">= 5"))
    print(_row("  same, pool started with the run", with_run["speedup_vs_fixed_sleep"]))
    print(_row("gRPC streaming (MB/s)", figures["grpc_mb_per_s"], ">= 500"))
    print(_row("peak memory per sandbox (MB)", figures["peak_sandbox_mb"], "<= 600"))
    print(_row("host worst s per MB of input", figures["host_worst_s_per_mb"], "linear"))
    print(_row("Ray vs local pool, same slots", figures.get("ray_vs_local_ratio"), ">= 0.9"))
