"""Counterfactual probes: does doing something else produce the recorded transition too?

The replay follows the recorded trajectory only, so a page that advances on any click (showing
the reference's screens in order, say) would pass every step. After the replay, the page is
loaded afresh (storage of its origin cleared, history reset) and the trajectory is walked
again; before a click action the probe presses

- an **inert spot**: a point near the target where nothing clickable is (no link, button,
  field, role, handler attribute, pointer cursor, no large fixed overlay), and, at the last
  probed step,
- the **neighbouring control**: the nearest other clickable element with other text,

and keeps the screenshot after each (``probe_<step>_<kind>.png``, listed in the step's
``probes``). The host decides (``evaluator/scoring/transitions.py``): a probe whose screenshot
is the recorded result of the action, where the action changed the page, fails the step.

The cost is bounded: the pass stops once it has used ``PROBE_SHARE`` of the replay's own step
time (step 1 is always probed), at the first probe that changed the page (the trajectory
cannot go on from a state the recorded one never had), and at the first step that is not a
click or did not pass. The real actions of the pass record nothing.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from .actions import find_target, perform
from .cdp import Cdp
from .job import Job
from .record import Step
from .result import StepStatus
from .settle import wait_quiet

# Share of the replay's step time the probe pass may use (step 1 is probed whatever it costs).
PROBE_SHARE = 0.2
ORIGIN = "http://127.0.0.1:8000"

# Shared by both searches: every element of the document and its shadow roots (open ones by
# walking, closed ones handed over by painted.py), and what counts as something to press.
_COMMON_JS = r"""
const CLICK = 'a, button, input, select, textarea, label, summary, details, option, ' +
  '[role], [onclick], [onmousedown], [onpointerdown], [tabindex], [contenteditable]';
const up = (el) => el.parentElement || (el.parentNode && el.parentNode.host) || null;
const roots = globalThis.__iwrShadowRoots ? globalThis.__iwrShadowRoots() : [];
const rootOf = new Map(roots.map((r) => [r.host, r]));
function top(x, y) {
  let el = document.elementFromPoint(x, y);
  for (let i = 0; el && rootOf.has(el) && i < 20; i++) {
    const inner = rootOf.get(el).elementFromPoint(x, y);
    if (!inner || inner === el) break;
    el = inner;
  }
  return el;
}
const W = innerWidth, H = innerHeight;
function pressable(el) {
  for (let o = el; o && o !== document.body && o !== document.documentElement; o = up(o)) {
    if (o.matches && o.matches(CLICK)) return true;
    const s = getComputedStyle(o);
    if (s.cursor === "pointer") return true;
    const r = o.getBoundingClientRect();
    if ((s.position === "fixed" || s.position === "sticky") && r.width * r.height > 0.3 * W * H)
      return true;  // an overlay: pressing it may close a dialog, as a person expects
  }
  return false;
}
const centre = (box) => [box[0] + box[2] / 2, box[1] + box[3] / 2];
"""

INERT_JS = (
    "(box) => {"
    + _COMMON_JS
    + r"""
const [cx, cy] = box ? centre(box) : [W / 2, H / 2];
const margin = 24;
let best = null;
for (let gy = 0; gy < 16; gy++) for (let gx = 0; gx < 24; gx++) {
  const x = Math.round((gx + 0.5) * W / 24), y = Math.round((gy + 0.5) * H / 16);
  if (box && x > box[0] - margin && x < box[0] + box[2] + margin &&
      y > box[1] - margin && y < box[1] + box[3] + margin) continue;
  const el = top(x, y);
  if (!el || pressable(el)) continue;
  const d = Math.hypot(x - cx, y - cy);
  if (!best || d < best.d) best = { d, x, y, tag: el.tagName.toLowerCase() };
}
return best ? { point: [best.x, best.y], what: `inert ${best.tag}` } : null;
}"""
)

NEIGHBOUR_JS = (
    "(box) => {"
    + _COMMON_JS
    + r"""
const target = globalThis.__iwrTarget;
const norm = (s) => (s || "").replace(/\s+/g, " ").trim().toLowerCase();
const said = target ? norm(target.innerText || target.value || "") : "";
const [cx, cy] = box ? centre(box) : [W / 2, H / 2];
const els = Array.from(document.querySelectorAll(CLICK));
for (const r of roots) els.push(...r.querySelectorAll(CLICK));
let best = null;
for (const el of els) {
  if (target && (el === target || el.contains(target) || target.contains(el))) continue;
  if (["INPUT", "TEXTAREA", "SELECT", "OPTION", "LABEL"].includes(el.tagName)) continue;
  const text = norm(el.innerText || el.value || el.getAttribute("aria-label") || "");
  if (!text || text === said) continue;
  const r = el.getBoundingClientRect();
  if (r.width < 4 || r.height < 4 || r.right <= 0 || r.bottom <= 0 || r.left >= W || r.top >= H)
    continue;
  const x = Math.min(W - 1, Math.max(0, (Math.max(0, r.left) + Math.min(W, r.right)) / 2));
  const y = Math.min(H - 1, Math.max(0, (Math.max(0, r.top) + Math.min(H, r.bottom)) / 2));
  const hit = top(x, y);
  if (!hit || !(hit === el || el.contains(hit))) continue;  // covered, or another element
  const d = Math.hypot(x - cx, y - cy);
  if (!best || d < best.d) best = { d, x: Math.floor(x), y: Math.floor(y), text };
}
return best ? { point: [best.x, best.y], what: `neighbouring control "${best.text.slice(0, 60)}"` }
            : null;
}"""
)

_RESET_JS = "(() => { try { sessionStorage.clear(); } catch (e) {} window.name = ''; })()"


def _fresh(cdp: Cdp, job: Job, url: str) -> None:
    """Load the page afresh: nothing of the replay's storage, history or window name left."""
    cdp.evaluate(_RESET_JS)
    cdp.cmd("Storage.clearDataForOrigin", {"origin": ORIGIN, "storageTypes": "all"})
    cdp.driver.get(url)
    cdp.forget_world()
    cdp.cmd("Page.resetNavigationHistory")
    wait_quiet(cdp, fixed_s=job.settle_seconds)


def _press(
    cdp: Cdp, job: Job, out_dir: Path, index: int, kind: str, found: dict[str, Any]
) -> dict[str, Any]:
    """Click ``found``'s point, let the page settle, keep the screenshot."""
    x, y = found["point"]
    cdp.click(x, y)
    settled = wait_quiet(cdp, fixed_s=job.settle_seconds)
    png = settled.png if settled.png is not None else cdp.screenshot()
    name = f"probe_{index}_{kind}.png"
    (out_dir / name).write_bytes(png)
    return {"kind": kind, "point": [x, y], "what": found.get("what", ""), "screenshot": name}


def probe_pass(
    cdp: Cdp,
    job: Job,
    out_dir: Path,
    url: str,
    steps: list[Step],
    replay_seconds: float,
) -> dict[str, Any]:
    """Walk the trajectory again on a fresh page with probes (see the module docstring).

    Adds ``probes`` to the steps it probed; returns the pass's record (seconds, probes made,
    why it stopped). Raises whatever the browser raises; the caller records it.
    """
    from .painted import register_roots  # the closed roots of the fresh document

    started = time.monotonic()
    budget = PROBE_SHARE * replay_seconds
    made = 0
    by_index = {s.index: s for s in steps}
    stopped = _unprobed(job, by_index, 1, started, budget)
    if stopped is not None:
        # Nothing to probe at step 1 (a type or scroll first, or a failed step): the pass
        # would end before its first probe, so the page is not loaded afresh for nothing.
        return _record(started, budget, made, stopped)
    _fresh(cdp, job, url)
    stopped = "every step probed"
    for index, action in enumerate(job.actions, start=1):
        why = _unprobed(job, by_index, index, started, budget)
        if why is not None:
            stopped = why
            break
        step = by_index[index]
        register_roots(cdp)
        located = find_target(cdp, action)
        box = located.box if located else None
        probes: list[dict[str, Any]] = []
        step.probes = probes
        inert = cdp.call(INERT_JS, box)
        # The state the probes start from, as the action found it (its target in view): the
        # host compares each probe's change with the action's from here.
        before = cdp.screenshot()
        (out_dir / f"probe_{index}_before.png").write_bytes(before)
        step.probe_before = f"probe_{index}_before.png"
        if isinstance(inert, dict) and inert.get("point"):
            probe = _press(cdp, job, out_dir, index, "inert", inert)
            probes.append(probe)
            made += 1
            if (out_dir / probe["screenshot"]).read_bytes() != before:
                stopped = f"the inert press at step {index} changed the page"
                break
        last = index == len(job.actions) or time.monotonic() - started > budget
        if last:
            located = find_target(cdp, action)  # again, in view
            neighbour = cdp.call(NEIGHBOUR_JS, located.box if located else None)
            if isinstance(neighbour, dict) and neighbour.get("point"):
                probes.append(_press(cdp, job, out_dir, index, "neighbour", neighbour))
                made += 1
            stopped = f"neighbouring control pressed at step {index}"
            break
        located = find_target(cdp, action)
        perform(cdp, action, located, viewport_width=job.width, viewport_height=job.height)
        wait_quiet(cdp, fixed_s=job.settle_seconds)
    return _record(started, budget, made, stopped)


def _unprobed(
    job: Job, by_index: dict[int, Step], index: int, started: float, budget: float
) -> str | None:
    """Why the pass stops before probing step ``index``; None: it probes it."""
    step = by_index.get(index)
    if step is None or step.status != StepStatus.OK:
        return f"step {index} did not pass"
    if index > 1 and time.monotonic() - started > budget:
        return f"budget ({budget:.2f}s) used"
    action = job.actions[index - 1]
    if action.type != "click":
        return f"step {index} is a {action.type}"
    return None


def _record(started: float, budget: float, made: int, stopped: str) -> dict[str, Any]:
    return {
        "seconds": round(time.monotonic() - started, 3),
        "budget_s": round(budget, 3),
        "probes": made,
        "stopped": stopped,
    }
