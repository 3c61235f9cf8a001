"""One task's page, ``<task-id>/report.html``: its scores and every step's pictures.

Each step shows the reference and the generated screenshot side by side with a heat-map of
where they differ, the action, the target the judge chose and why the step passed or
failed. Images sit beside the page (same folder) and load lazily, so a long task opens
at once. Every text comes from a task, a page or a model, and is escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from evaluator.reporting.escape import html_text, html_url
from evaluator.reporting.html_page import page, pct
from evaluator.results import REFERENCE_SHOT_PREFIX, Verdict
from evaluator.summary.breakdown import CATEGORY_AXES

# Makes (or finds) the difference image of step ``index`` in ``task_dir``.
DiffMaker = Callable[[Path, int, str | None], Path | None]


def _img(src: str | None, caption: str) -> str:
    if not src:
        return f'<div><div class="cap">{html_text(caption)}</div><p class="muted">none</p></div>'
    url = html_url(src)
    return (
        f'<div><div class="cap">{html_text(caption)}</div>'
        f'<a href="{url}"><img src="{url}" loading="lazy" alt="{html_text(caption)}"></a></div>'
    )


def _target(step: dict[str, Any]) -> str:
    target = step.get("target") or {}
    chosen = ""
    if target:
        chosen = (
            f"target <code>{html_text(target.get('tag', ''))}</code> "
            f"“{html_text(target.get('text', ''), 80)}” found by "
            f"<code>{html_text(target.get('found_by', ''))}</code>"
        )
        if target.get("why"):
            chosen += f" ({html_text(target['why'], 200)})"
    hints = [str(h) for h in step.get("hints") or []]
    if hints:
        chosen += "<br>hints: " + "; ".join(html_text(h, 200) for h in hints[:8])
    return chosen


def step_block(task_dir: Path, index: int, step: dict[str, Any], diff: DiffMaker) -> str:
    """One step: its title, verdict, target, visual components and three pictures."""
    shot = step.get("screenshot")
    ref = task_dir / f"{REFERENCE_SHOT_PREFIX}step_{index}.png"
    made = diff(task_dir, index, str(shot) if shot else None)
    status = str(step.get("status", ""))
    # Step 0 (the load) has the runner's status; every action a verdict.
    css = "passed" if status in (Verdict.PASSED, "ok") else "failed"
    vision = step.get("vision")
    visual = ""
    if isinstance(vision, dict):
        parts = ", ".join(f"{k} {v:.2f}" for k, v in vision.items() if isinstance(v, int | float))
        visual = f"<br>visual: {html_text(parts)}"
    title = (
        "initial state"
        if index == 0
        else f"step {index}: {html_text(step.get('type', ''))} — "
        f"{html_text(step.get('description', ''))}"
    )
    return (
        f'<h3 id="step-{index}">{title}</h3><p><span class="{css}">{html_text(status)}</span> '
        f'{html_text(step.get("reason", ""))}<br>{_target(step)}{visual}</p><div class="step">'
        + _img(ref.name if ref.is_file() else None, "reference")
        + _img(str(shot) if shot else None, "generated")
        + _img(made.name if made else None, "difference")
        + "</div>"
    )


def _samples_table(task: dict[str, Any]) -> str:
    samples = task.get("samples") or []
    if not samples:
        return ""
    rows = "".join(
        f"<tr><td class='n'>{int(s.get('sample', i))}</td><td>{html_text(s.get('status', ''))}"
        f"</td><td class='n'>{int(s.get('passed') or 0)}/{int(task.get('total') or 0)}</td>"
        f"<td class='n'>{pct(s.get('ifs'))}</td><td class='n'>{pct(s.get('vfs'))}</td>"
        f"<td class='n'>{pct(s.get('final'))}</td><td><code>{html_text(s.get('dir', ''))}</code>"
        f"</td><td>{html_text(s.get('reason', ''), 200)}</td></tr>"
        for i, s in enumerate(samples)
    )
    return (
        f"<h2>Samples ({len(samples)})</h2><p>The task's scores are the means of its samples; "
        "the steps below are sample 0's (every sample's page, screenshots and result.json are "
        "in its folder).</p><table><tr><th>sample</th><th>status</th><th>passed</th>"
        f"<th>IFS</th><th>VFS</th><th>Final</th><th>folder</th><th>reason</th></tr>{rows}"
        "</table>"
    )


def render_task(run: dict[str, Any], task: dict[str, Any], task_dir: Path, diff: DiffMaker) -> str:
    """The page of one task of ``run`` (a results.json dict)."""
    classification = task.get("classification") or {}
    categories = ", ".join(
        f"{axis.replace('_', ' ')} {html_text(classification.get(axis) or 'unspecified')}"
        for axis in (*CATEGORY_AXES, "sub_domain")
        if axis != "sub_domain" or classification.get(axis)
    )
    status = str(task.get("status", ""))
    body = [
        '<p><a href="../report.html">← all tasks</a></p>',
        f"<h1>{html_text(task['id'])} — <span class='{'ok' if status == 'ok' else 'bad'}'>"
        f"{html_text(status)}</span></h1>",
        f"<p>run <code>{html_text(run.get('run_id', ''))}</code>, model "
        f"<code>{html_text(run.get('model', ''))}</code>; {categories}.</p>",
        f"<p>IFS <strong>{pct(task.get('ifs'))}</strong>, "
        f"VFS <strong>{pct(task.get('vfs'))}</strong>, Final "
        f"<strong>{pct(task.get('final'))}</strong>; {int(task.get('passed') or 0)} of "
        f"{int(task.get('total') or 0)} actions passed.</p>",
    ]
    if task.get("reason"):
        body.append(f"<p class='failed'>{html_text(task['reason'], 2000)}</p>")
    body.append(_samples_table(task))
    initial = task.get("initial") or {}
    if initial.get("screenshot"):
        step0 = {
            "status": "ok",
            "screenshot": initial["screenshot"],
            "vision": initial.get("vision"),
        }
        body.append(step_block(task_dir, 0, step0, diff))
    for step in task.get("steps") or []:
        body.append(step_block(task_dir, int(step["index"]), step, diff))
    return page(f"{task['id']} — IWR-Bench {run.get('run_id', '')}", body)
