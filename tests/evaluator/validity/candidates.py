"""Graded candidate pages for the validity suite, derived from a task's reference.

Five grades a good judge must order (IFS: exact = restyled > half > static >=
unrelated; step-0 visual: exact > static > unrelated):
- exact: the reference page itself;
- restyled: the same behaviour in another look and another structure (the body is
  wrapped in new containers at load, colours, fonts and spacing change) and judged
  WITHOUT the reference's CSS selectors, so targets must be found as a person would;
- half: the reference with the action at the middle of the task (and so every later
  one) made inert;
- static: a picture of the reference's first screen (looks right, does nothing);
- unrelated: an ordinary page about something else.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from pathlib import Path

from evaluator.tasks.task import Task

GRADES = ("exact", "restyled", "half", "static", "unrelated")

_RESTYLE = """
<style>
  body { background: #fff8ee !important; font-family: "Liberation Serif", serif !important; }
  .iwr-shell { max-width: 1100px; margin: 0 auto; padding: 18px 10px; }
  .iwr-shell button, .iwr-shell .btn { border-radius: 18px !important; filter: hue-rotate(140deg); }
  .iwr-shell h1, .iwr-shell h2, .iwr-shell h3 { letter-spacing: 1px; }
</style>
<script>
  // Another structure: the page's content moves into new containers once built.
  document.addEventListener("DOMContentLoaded", () => {
    const shell = document.createElement("div"); shell.className = "iwr-shell";
    const inner = document.createElement("section"); shell.appendChild(inner);
    for (const n of [...document.body.childNodes]) {
      if (n.tagName !== "SCRIPT") inner.appendChild(n);
    }
    document.body.prepend(shell);
  });
</script>
"""

UNRELATED = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Field notes</title>
<style>body{font-family:"DejaVu Serif",serif;margin:60px auto;max-width:720px;color:#333}
h1{font-size:40px} p{line-height:1.7;font-size:18px}</style></head><body>
<h1>Field notes from the coast</h1><p>The tide came in slowly this morning, carrying kelp and
the smell of salt across the flats. Gulls argued over the rocks while a heron waited.</p>
<p>By noon the fog had lifted and the lighthouse stood white against a pale sky. Walkers
passed in twos and threes, stopping to look at the boats beyond the harbour wall.</p>
</body></html>
"""


def _inject(html: str, snippet: str) -> str:
    marker = "</head>" if "</head>" in html else "<body"
    return html.replace(marker, snippet + marker, 1)


def restyled(task: Task) -> tuple[str, Task]:
    """The reference restyled and restructured, and the task with selectors removed."""
    html = _inject(task.reference_page.read_text(encoding="utf-8"), _RESTYLE)
    actions = tuple(
        dataclasses.replace(a, target={k: v for k, v in a.target.items() if k != "selector"})
        for a in task.actions
    )
    return html, dataclasses.replace(task, actions=actions)


def half_index(task: Task) -> int:
    """1-based index of the first action the half-working page breaks: the middle one
    that has a selector to break, so the prefix ends there."""
    middle = len(task.actions) // 2 + 1
    for i in range(middle, len(task.actions) + 1):
        if task.actions[i - 1].target.get("selector"):
            return i
    raise ValueError(f"{task.id}: no action with a selector after the middle")


def half(task: Task) -> str:
    """The reference with its middle action's target made inert from the start."""
    selector = task.actions[half_index(task) - 1].target["selector"]
    script = (
        "<script>(() => { const sel = " + json.dumps(selector) + ";"
        " for (const kind of ['click','mousedown','mouseup','pointerdown','pointerup',"
        "'keydown','keypress','input','change','submit']) {"
        " window.addEventListener(kind, e => { const t = e.target;"
        " if (t && t.closest && t.closest(sel)) { e.stopImmediatePropagation();"
        " e.preventDefault(); } }, true); } })();</script>"
    )
    return _inject(task.reference_page.read_text(encoding="utf-8"), script)


def static(task: Task) -> str:
    """A full-viewport picture of the reference's first screen."""
    data = base64.b64encode(task.checkpoint(0).read_bytes()).decode()
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>body{margin:0}</style></head>"
        f"<body><img src='data:image/png;base64,{data}' width='{task.width}' "
        f"height='{task.height}' alt=''></body></html>"
    )


def candidates(task: Task) -> dict[str, tuple[str, Task]]:
    """Every grade's page and the task to judge it with."""
    exact = task.reference_page.read_text(encoding="utf-8")
    return {
        "exact": (exact, task),
        "restyled": restyled(task),
        "half": (half(task), task),
        "static": (static(task), task),
        "unrelated": (UNRELATED, task),
    }


def write_candidates(task: Task, out: Path) -> None:
    """Write each grade's page as OUT/<grade>/<task-id>/index.html (for iwr judge)."""
    for grade, (html, _) in candidates(task).items():
        page = out / grade / task.id / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(html, encoding="utf-8")
