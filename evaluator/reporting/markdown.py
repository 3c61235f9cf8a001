"""Human-readable views of results: the leaderboard and a per-run report.md."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from evaluator.results import RunResult


def _pct(value: float) -> str:
    return f"{100 * value:.2f}"


def leaderboard(runs: Sequence[dict[str, Any]]) -> str:
    """A Markdown table, one row per run (``results.json`` dicts), best Final first."""
    rows = sorted(runs, key=lambda r: r["summary"]["final"], reverse=True)
    lines = [
        "| model | tasks | IFS | VFS | Final | statuses |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        s = r["summary"]
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(s["statuses"].items()))
        lines.append(
            f"| {r['model']} | {s['tasks']} | {_pct(s['ifs'])} | {_pct(s['vfs'])} "
            f"| {_pct(s['final'])} | {statuses} |"
        )
    return "\n".join(lines) + "\n"


def run_report(run: RunResult) -> str:
    """report.md for one run: the summary row, then one row per task."""
    data = run.to_json()
    lines = [
        f"# IWR-Bench run `{run.run_id}`",
        "",
        f"Model `{run.model}`, profile `{run.profile}`, visual metric `{run.metric}`. "
        "Scores in percent; failed tasks count as 0.",
        "",
        leaderboard([data]),
        "## Tasks",
        "",
        "| task | status | passed | IFS | VFS | Final | first failure |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for t in run.tasks:
        failure = t.reason
        if not failure:
            failed = next((s for s in t.steps if s["status"] != "passed"), None)
            if failed:
                failure = f"step {failed['index']} {failed['status']}: {failed['reason']}"
        failure = failure.replace("|", "\\|").replace("\n", " ")[:160]
        lines.append(
            f"| {t.id} | {t.status} | {t.passed}/{t.total} | {_pct(t.ifs)} | {_pct(t.vfs)} "
            f"| {_pct(t.final)} | {failure} |"
        )
    return "\n".join(lines) + "\n"


def comparison(runs: Sequence[dict[str, Any]]) -> str:
    """Runs side by side: the leaderboard, then each task's Final per run (percent)."""
    names = [f"{r['model']} ({r['run_id']})" for r in runs]
    task_ids = list(dict.fromkeys(t["id"] for r in runs for t in r["tasks"]))
    finals = [{t["id"]: t for t in r["tasks"]} for r in runs]
    lines = [
        leaderboard(runs),
        "| task | " + " | ".join(names) + " |",
        "|---|" + "---:|" * len(runs),
    ]
    for tid in task_ids:
        cells = []
        for f in finals:
            t = f.get(tid)
            cells.append("—" if t is None else f"{_pct(t['final'])} ({t['status']})")
        lines.append(f"| {tid} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
