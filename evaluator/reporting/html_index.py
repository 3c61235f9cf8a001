"""The run's index, ``report.html``: the figures first, then one sortable row per task.

It scales to hundreds of tasks because it holds no screenshot: charts are inline SVG
(``svg.py``), and each task's steps are on its own page (``html_task.py``) linked from its
row. Built from ``results.json`` alone; every text in it is escaped.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from evaluator.reporting.escape import html_text, html_url
from evaluator.reporting.html_page import interval, page, pct
from evaluator.reporting.markdown import AXIS_TITLES, summary_categories, summary_ci95
from evaluator.reporting.svg import COLOURS, Bar, bar_chart, histogram, scatter
from evaluator.summary.breakdown import CATEGORY_AXES, SCORES, category_value

NAMES = {"ifs": "IFS", "vfs": "VFS", "final": "Final"}
TASK_PAGE = "report.html"


def task_href(task_id: str) -> str:
    """The link from the index to a task's page (the task id is its folder's name)."""
    return html_url(f"{quote(str(task_id), safe='')}/{TASK_PAGE}")


def _header(run: dict[str, Any]) -> list[str]:
    s = run["summary"]
    out = [
        f"<h1>IWR-Bench run <code>{html_text(run['run_id'])}</code></h1>",
        f"<p>model <code>{html_text(run['model'])}</code>, profile "
        f"<code>{html_text(run['profile'])}</code>, visual metric "
        f"<code>{html_text(run.get('metric', ''))}</code>; {int(s['tasks'])} tasks, "
        f"{int(s.get('samples', 1))} sample(s) per task. Scores in percent; failed tasks "
        "count as 0. Click a column to sort, a task to see its steps.</p>",
    ]
    provenance = run.get("provenance") or {}
    if provenance:
        rows = "".join(
            f"<tr><th>{html_text(k)}</th><td><code>{html_text(v, 200)}</code></td></tr>"
            for k, v in provenance.items()
        )
        out.append(f"<details><summary>provenance</summary><table>{rows}</table></details>")
    return out


def _summary(run: dict[str, Any]) -> list[str]:
    s, block = run["summary"], summary_ci95(run)
    samples = block.get("samples") or {}
    bars = [Bar(NAMES[k], float(s[k]), block["tasks"].get(k), COLOURS[k]) for k in SCORES]
    rows = "".join(
        f"<tr><th>{NAMES[k]}</th><td class='n'>{pct(s[k])}</td>"
        f"<td class='n'>{interval(block['tasks'].get(k))}</td>"
        f"<td class='n'>{interval(samples.get(k))}</td></tr>"
        for k in SCORES
    )
    statuses = ", ".join(
        f"{html_text(k)} {int(v)}" for k, v in sorted(s.get("statuses", {}).items())
    )
    return [
        "<h2>Scores</h2><div class='cards'>",
        f"<div class='card'>{bar_chart(bars, 'Mean scores with 95% intervals over tasks')}</div>",
        "<div class='card'><table><tr><th>score</th><th>mean</th><th>95% CI over tasks</th>"
        f"<th>95% CI over samples</th></tr>{rows}</table>"
        f"<p class='muted'>{html_text(block.get('method', ''))}<br>statuses: {statuses}</p>"
        "</div></div>",
    ]


def _distributions(run: dict[str, Any]) -> list[str]:
    tasks = run["tasks"]
    charts = [
        histogram([float(t[k]) for t in tasks], f"{NAMES[k]} per task", COLOURS[k])
        for k in ("ifs", "vfs", "final")
    ]
    points = [(str(t["id"]), float(t["ifs"]), float(t["vfs"])) for t in tasks]
    charts.append(scatter(points, "IFS against VFS, one dot per task"))
    return (
        ["<h2>Distributions</h2><div class='cards'>"]
        + [f"<div class='card'>{c}</div>" for c in charts]
        + ["</div>"]
    )


def _categories(run: dict[str, Any]) -> list[str]:
    out = ["<h2>By category</h2><div class='cards'>"]
    for axis, values in summary_categories(run).items():
        title = AXIS_TITLES.get(axis, axis)
        bars = [
            Bar(f"{v} ({g['tasks']})", float(g["final"]), g["ci95"].get("final"))
            for v, g in values.items()
        ]
        rows = "".join(
            f"<tr><td>{html_text(v)}</td><td class='n'>{int(g['tasks'])}</td>"
            + "".join(f"<td class='n'>{pct(g[k])}</td>" for k in SCORES)
            + f"<td class='n'>{interval(g['ci95'].get('final'))}</td></tr>"
            for v, g in values.items()
        )
        out.append(
            f"<div class='card'><h3>{html_text(title)}</h3>"
            f"{bar_chart(bars, f'Final by {title.lower()}, 95% intervals')}"
            "<table><tr><th>value</th><th>tasks</th><th>IFS</th><th>VFS</th><th>Final</th>"
            f"<th>Final 95% CI</th></tr>{rows}</table></div>"
        )
    out.append("</div>")
    return out


def _task_table(run: dict[str, Any], pages: set[str] | None) -> list[str]:
    heads = ["task", "status", *(AXIS_TITLES[a].split()[0].lower() for a in CATEGORY_AXES)]
    heads += ["passed", "IFS", "VFS", "Final"]
    several = int(run["summary"].get("samples", 1)) > 1
    if several:
        heads.append("Final range over samples")
    heads.append("reason")
    rows = []
    for t in run["tasks"]:
        passed, total = int(t.get("passed") or 0), int(t.get("total") or 0)
        cells = [
            f'<td><a href="{task_href(t["id"])}">{html_text(t["id"])}</a></td>'
            if pages is None or str(t["id"]) in pages
            else f"<td>{html_text(t['id'])}</td>",
            f"<td>{html_text(t.get('status', ''))}</td>",
            *(f"<td>{html_text(category_value(t, a))}</td>" for a in CATEGORY_AXES),
            f"<td class='n' data-v='{passed / total if total else 0:.4f}'>{passed}/{total}</td>",
            *(f"<td class='n' data-v='{float(t[k]):.6f}'>{pct(t[k])}</td>" for k in SCORES),
        ]
        if several:
            finals = [float(s.get("final") or 0) for s in t.get("samples") or []] or [t["final"]]
            spread = max(finals) - min(finals)
            cells.append(
                f"<td class='n' data-v='{spread:.6f}'>{pct(min(finals))}–{pct(max(finals))}</td>"
            )
        cells.append(f"<td>{html_text(t.get('reason', ''), 200)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head = "".join(f"<th>{html_text(h)}</th>" for h in heads)
    return [
        f"<h2>Tasks ({len(rows)})</h2>",
        f"<table class='sortable' id='tasks'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>",
    ]


def render_index(run: dict[str, Any], pages: set[str] | None = None) -> str:
    """The index page of one run (a results.json dict); ``pages``: the task ids that have a
    page to link to (None: all of them)."""
    body = _header(run) + _summary(run) + _distributions(run) + _categories(run)
    return page(f"IWR-Bench {run['run_id']}", body + _task_table(run, pages))
