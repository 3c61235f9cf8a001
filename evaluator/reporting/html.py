"""report.html: a run a person can look at, offline.

Built only from the run folder (results.json, the step screenshots, the reference
checkpoints the judge copied beside them), so it can be rebuilt at any time. Per
task, every step shows the reference and the generated screenshot side by side with
a heat-map of where they differ, the action, the target the judge chose and why the
step passed or failed.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from evaluator.atomic import write_atomic
from evaluator.reporting.escape import html_text, markdown_plain
from evaluator.reporting.markdown import leaderboard
from evaluator.results import REFERENCE_SHOT_PREFIX, TaskResult, read_results
from evaluator.scoring import budget
from evaluator.scoring.metrics import load_gray

log = logging.getLogger(__name__)

REPORT_FILE = "report.html"
DIFF_PREFIX = "diff_"

_CSS = """
body{font-family:system-ui,sans-serif;margin:24px;color:#1d2330;background:#fafbfc}
h1{font-size:22px} h2{font-size:18px;margin-top:36px;border-top:1px solid #dde;padding-top:16px}
table{border-collapse:collapse;margin:8px 0} td,th{border:1px solid #dde;padding:4px 8px;
font-size:13px;text-align:left;vertical-align:top} th{background:#eef0f6}
.step{display:grid;grid-template-columns:repeat(3,1fr);gap:8px;margin:10px 0 22px}
.step img{width:100%;border:1px solid #ccd} .cap{font-size:12px;color:#556}
.passed{color:#16794c;font-weight:600} .failed{color:#b3261e;font-weight:600}
.muted{color:#889} code{background:#eef0f6;padding:1px 4px;border-radius:3px}
"""


_HEAT_RGB = np.array([220, 30, 30], dtype=np.float32)


def diff_heatmap(reference: Path, candidate: Path, out: Path) -> Path:
    """Where two screenshots differ, as a red heat-map over a faded reference.

    Single precision and the fastest PNG compression: a picture to look at, made for every
    step of every run (the grey levels come from the scoring's decode cache when warm).
    """
    ref = load_gray(reference).astype(np.float32)
    cand = load_gray(candidate, size=(ref.shape[1], ref.shape[0])).astype(np.float32)
    heat = np.clip(np.abs(ref - cand) * 3, 0, 1)[..., None]
    base = ((0.35 * 255) * ref + 0.65 * 255)[..., None]
    rgb = base * (1 - heat) + _HEAT_RGB * heat
    Image.fromarray(rgb.astype(np.uint8)).save(out, compress_level=1)
    return out


def _diff_image(task_dir: Path, index: int, shot: str | None) -> Path | None:
    """The step's difference image, made if missing; None without both screenshots."""
    ref = task_dir / f"{REFERENCE_SHOT_PREFIX}step_{index}.png"
    if not (shot and (task_dir / shot).is_file() and ref.is_file()):
        return None
    diff = task_dir / f"{DIFF_PREFIX}step_{index}.png"
    if not diff.is_file():
        diff_heatmap(ref, task_dir / shot, diff)
    return diff


def write_task_figures(task_dir: Path, result: TaskResult) -> None:
    """Make one judged task's difference images now, while its screenshots' pixels are still
    in the decode cache and other pages are being judged, so the report written at the end of
    a run only assembles HTML. Never raises: the report makes what is missing itself."""
    shots = [(0, (result.initial or {}).get("screenshot"))]
    shots += [(int(s["index"]), s.get("screenshot")) for s in result.steps if "index" in s]
    for index, shot in shots:
        try:
            budget.check(f"the difference image of step {index}")
            _diff_image(task_dir, index, shot)
        except budget.HostBudgetExceeded as exc:
            log.warning("difference images of %s left to the report: %s", task_dir.name, exc)
            return
        except (OSError, ValueError) as exc:
            log.warning("no difference image for %s step %s: %s", task_dir.name, index, exc)


def _img(src: str | None, caption: str) -> str:
    if not src:
        return f'<div><div class="cap">{html_text(caption)}</div><p class="muted">none</p></div>'
    return (
        f'<div><div class="cap">{html_text(caption)}</div>'
        f'<a href="{html_text(src)}"><img src="{html_text(src)}" loading="lazy"></a></div>'
    )


def _step_block(task_dir: Path, task_id: str, index: int, step: dict[str, Any]) -> str:
    shot = step.get("screenshot")
    ref = task_dir / f"{REFERENCE_SHOT_PREFIX}step_{index}.png"
    diff = _diff_image(task_dir, index, shot)
    diff_src = f"{task_id}/{diff.name}" if diff else None
    status = str(step.get("status", ""))
    css = "passed" if status in ("passed", "ok") else "failed"
    target = step.get("target") or {}
    chosen = ""
    if target:
        chosen = (
            f"target <code>{html_text(str(target.get('tag', '')))}</code> "
            f"“{html_text(str(target.get('text', ''))[:80])}” found by "
            f"<code>{html_text(str(target.get('found_by', '')))}</code>"
        )
        if target.get("why"):
            chosen += f" ({html_text(str(target['why'])[:200])})"
    hints = [str(h) for h in step.get("hints") or []]
    if hints:
        chosen += "<br>hints: " + "; ".join(html_text(h[:200]) for h in hints[:8])
    vision = step.get("vision")
    visual = ""
    if vision:
        parts = ", ".join(f"{k} {v:.2f}" for k, v in vision.items() if isinstance(v, int | float))
        visual = f"<br>visual: {html_text(parts)}"
    title = (
        "initial state"
        if index == 0
        else (
            f"step {index}: {html_text(str(step.get('type', '')))} — "
            f"{html_text(str(step.get('description', '')))}"
        )
    )
    reason = html_text(str(step.get("reason", "")))
    return (
        f'<h3>{title}</h3><p><span class="{css}">{html_text(status)}</span> {reason}'
        f'<br>{chosen}{visual}</p><div class="step">'
        + _img(f"{task_id}/{ref.name}" if ref.is_file() else None, "reference")
        + _img(f"{task_id}/{shot}" if shot else None, "generated")
        + _img(diff_src, "difference")
        + "</div>"
    )


def render_run(run_dir: Path) -> str:
    """The whole report page for one run folder."""
    data = read_results(run_dir)
    out = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>IWR-Bench {html_text(data['run_id'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>IWR-Bench run <code>{html_text(data['run_id'])}</code></h1>",
        f"<p>model <code>{html_text(data['model'])}</code>, profile "
        f"<code>{html_text(data['profile'])}</code>, visual metric "
        f"<code>{html_text(str(data.get('metric', '')))}</code>. Scores in percent; "
        "failed tasks count as 0.</p>",
        _markdown_table_to_html(leaderboard([data])),
        "<table><tr><th>task</th><th>status</th><th>passed</th><th>IFS</th><th>VFS</th>"
        "<th>Final</th><th>reason</th></tr>",
    ]
    for t in data["tasks"]:
        out.append(
            f"<tr><td><a href='#{html_text(t['id'])}'>{html_text(t['id'])}</a></td>"
            f"<td>{html_text(t['status'])}</td><td>{t.get('passed', 0)}/{t.get('total', 0)}</td>"
            f"<td>{100 * t['ifs']:.1f}</td><td>{100 * t['vfs']:.1f}</td>"
            f"<td>{100 * t['final']:.1f}</td><td>{html_text(t.get('reason', '')[:200])}</td></tr>"
        )
    out.append("</table>")
    for t in data["tasks"]:
        task_dir = run_dir / t["id"]
        out.append(
            f"<h2 id='{html_text(t['id'])}'>{html_text(t['id'])} — {html_text(t['status'])}</h2>"
        )
        if t.get("reason"):
            out.append(f"<p class='failed'>{html_text(t['reason'])}</p>")
        initial = t.get("initial") or {}
        if initial.get("screenshot"):
            step0 = {
                "status": "ok",
                "screenshot": initial["screenshot"],
                "vision": initial.get("vision"),
            }
            out.append(_step_block(task_dir, t["id"], 0, step0))
        for step in t.get("steps", []):
            out.append(_step_block(task_dir, t["id"], int(step["index"]), step))
    out.append("</body></html>")
    return "\n".join(out)


_CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")


def _markdown_table_to_html(table: str) -> str:
    rows = [_CELL_SPLIT_RE.split(r.strip()[1:-1]) for r in table.strip().splitlines()]
    rows = [[markdown_plain(c) for c in r] for r in rows if not set("".join(r)) <= set("-: ")]
    head, *body = rows
    cells = "".join(f"<th>{html_text(c.strip())}</th>" for c in head)
    lines = [f"<table><tr>{cells}</tr>"]
    for r in body:
        lines.append("<tr>" + "".join(f"<td>{html_text(c.strip())}</td>" for c in r) + "</tr>")
    return "".join(lines) + "</table>"


def write_html_report(run_dir: Path) -> Path:
    """Write RUN/report.html (and the difference images it shows)."""
    path = run_dir / REPORT_FILE
    write_atomic(path, render_run(run_dir))
    return path
