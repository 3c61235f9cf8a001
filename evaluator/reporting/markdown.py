"""Human-readable views of results: the leaderboard and a per-run report.md."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from evaluator.reporting.escape import markdown
from evaluator.results import RunResult, Verdict
from evaluator.summary.breakdown import (
    CATEGORY_AXES,
    SCORES,
    categories,
    ci95,
    has_categories,
)
from evaluator.summary.statistics import METHOD, paired_difference

# How the paper names its classification axes.
AXIS_TITLES = {
    "interaction_complexity": "Interaction complexity",
    "visual_complexity": "Visual complexity",
    "domain": "Domain",
}


def _pct(value: float) -> str:
    return f"{100 * value:.2f}"


def _interval(ci: Sequence[float] | None) -> str:
    """A 95% interval in percent, ``[lo, hi]``; a dash when there is none."""
    if not ci:
        return "—"
    return f"[{100 * ci[0]:.1f}, {100 * ci[1]:.1f}]"


def _cell(text: object, limit: int | None = None) -> str:
    """A value made safe for one Markdown table cell: no link, image, HTML, pipe or line
    break can come from it (names and reasons come from models and pages)."""
    return markdown(text, limit)


def summary_ci95(run: dict[str, Any]) -> dict[str, Any]:
    """The run's ``summary.ci95``, computed from its tasks for results that predate it."""
    return run["summary"].get("ci95") or ci95(run["tasks"])


def summary_categories(run: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The run's ``summary.categories``, computed from its tasks for older results."""
    return run["summary"].get("categories") or categories(run["tasks"])


def leaderboard(runs: Sequence[dict[str, Any]]) -> str:
    """A Markdown table, one row per run (``results.json`` dicts), best Final first."""
    rows = sorted(runs, key=lambda r: r["summary"]["final"], reverse=True)
    lines = [
        "| model | tasks | samples | IFS | VFS | Final | Final 95% CI | statuses |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in rows:
        s = r["summary"]
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(s["statuses"].items()))
        interval = summary_ci95(r)["tasks"].get("final")
        lines.append(
            f"| {_cell(r['model'])} | {s['tasks']} | {s.get('samples', 1)} | {_pct(s['ifs'])} "
            f"| {_pct(s['vfs'])} | {_pct(s['final'])} | {_interval(interval)} | {statuses} |"
        )
    return "\n".join(lines) + "\n"


def intervals_table(run: dict[str, Any]) -> str:
    """Each score's mean with its interval over tasks and (with samples) over samples."""
    block = summary_ci95(run)
    samples = block.get("samples") or {}
    lines = [
        "| score | mean | 95% CI over tasks | 95% CI over samples |",
        "|---|---:|---|---|",
    ]
    for key in SCORES:
        lines.append(
            f"| {key.upper() if key != 'final' else 'Final'} | {_pct(run['summary'][key])} "
            f"| {_interval(block['tasks'].get(key))} | {_interval(samples.get(key))} |"
        )
    return "\n".join(lines) + "\n\n" + f"Intervals: {block.get('method', METHOD)}.\n"


def category_tables(run: dict[str, Any]) -> str:
    """One table per classification axis, as the paper breaks its results down."""
    out = []
    for axis, values in summary_categories(run).items():
        out += [
            f"### {AXIS_TITLES.get(axis, axis)}",
            "",
            "| value | tasks | IFS | VFS | Final | Final 95% CI |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for name, g in values.items():
            out.append(
                f"| {_cell(name)} | {g['tasks']} | {_pct(g['ifs'])} | {_pct(g['vfs'])} "
                f"| {_pct(g['final'])} | {_interval(g['ci95'].get('final'))} |"
            )
        out.append("")
    return "\n".join(out)


def run_report(run: RunResult) -> str:
    """report.md for one run: the summary row, then one row per task."""
    data = run.to_json()
    lines = [
        f"# IWR-Bench run {_cell(run.run_id)}",
        "",
        f"Model {_cell(run.model)}, profile {_cell(run.profile)}, "
        f"visual metric {_cell(run.metric)}. Scores in percent; failed tasks count as 0.",
        "",
        leaderboard([data]),
        "## Intervals",
        "",
        intervals_table(data),
        "## By category",
        "",
        category_tables(data)
        if has_categories(summary_categories(data))
        else "No task carries a classification.\n",
        "## Tasks",
        "",
        "| task | status | passed | IFS | VFS | Final | first failure |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for t in run.tasks:
        failure = t.reason
        if not failure:
            failed = next((s for s in t.steps if s["status"] != Verdict.PASSED), None)
            if failed:
                failure = f"step {failed['index']} {failed['status']}: {failed['reason']}"
        failure = _cell(failure, 160)
        lines.append(
            f"| {_cell(t.id)} | {t.status} | {t.passed}/{t.total} | {_pct(t.ifs)} | {_pct(t.vfs)} "
            f"| {_pct(t.final)} | {failure} |"
        )
    return "\n".join(lines) + "\n"


def paired_table(runs: Sequence[dict[str, Any]]) -> str:
    """Each run after the first against the first: the paired difference per score.

    Over the tasks both runs hold, task by task (``A - B``, in points), with its bootstrap
    interval; an interval that excludes 0 is a difference these tasks support.
    """
    if len(runs) < 2:
        return ""
    base = runs[0]
    lines = [
        "Paired differences: each run minus the first, task by task over the tasks both "
        "hold (points, 95% bootstrap CI over those tasks; an interval without 0 is a "
        "difference these tasks support):",
        "",
        "| run | minus | tasks | IFS | VFS | Final |",
        "|---|---|---:|---|---|---|",
    ]
    for other in runs[1:]:
        cells = []
        shared = 0
        for key in SCORES:
            a = {t["id"]: float(t[key]) for t in other["tasks"]}
            b = {t["id"]: float(t[key]) for t in base["tasks"]}
            diff = paired_difference(a, b)
            shared = diff.tasks
            ci = diff.ci95.as_list() if diff.ci95 else None
            cells.append(f"{100 * diff.mean:+.2f} {_interval(ci)}")
        lines.append(
            f"| {_cell(other['model'])} ({_cell(other['run_id'])}) "
            f"| {_cell(base['model'])} ({_cell(base['run_id'])}) | {shared} | "
            + " | ".join(cells)
            + " |"
        )
    return "\n".join(lines) + "\n"


def category_comparison(runs: Sequence[dict[str, Any]]) -> str:
    """Per axis, each value's Final per run with its interval (the paper's tables)."""
    tables = [summary_categories(r) for r in runs]
    if not any(has_categories(t) for t in tables):
        return ""
    names = [_cell(r["model"]) for r in runs]
    out = []
    for axis in CATEGORY_AXES:
        values = list(dict.fromkeys(v for t in tables for v in t.get(axis, {})))
        out += [
            f"### {AXIS_TITLES.get(axis, axis)} (Final, 95% CI)",
            "",
            "| value | tasks | " + " | ".join(names) + " |",
            "|---|---:|" + "---|" * len(runs),
        ]
        for v in values:
            groups = [t.get(axis, {}).get(v) for t in tables]
            count = max((g["tasks"] for g in groups if g), default=0)
            cells = [
                "—" if g is None else f"{_pct(g['final'])} {_interval(g['ci95'].get('final'))}"
                for g in groups
            ]
            out.append(f"| {_cell(v)} | {count} | " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)


def comparison(runs: Sequence[dict[str, Any]]) -> str:
    """Runs side by side: the leaderboard, paired differences against the first run, the
    per-category tables, then each task's Final per run (percent)."""
    names = [_cell(f"{r['model']} ({r['run_id']})") for r in runs]
    task_ids = list(dict.fromkeys(t["id"] for r in runs for t in r["tasks"]))
    finals = [{t["id"]: t for t in r["tasks"]} for r in runs]
    lines = [leaderboard(runs)]
    paired = paired_table(runs)
    if paired:
        lines.append(paired)
    by_category = category_comparison(runs)
    if by_category:
        lines.append(by_category)
    lines += [
        "| task | " + " | ".join(names) + " |",
        "|---|" + "---:|" * len(runs),
    ]
    for tid in task_ids:
        cells = []
        for f in finals:
            t = f.get(tid)
            cells.append("—" if t is None else f"{_pct(t['final'])} ({t['status']})")
        lines.append(f"| {_cell(tid)} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
