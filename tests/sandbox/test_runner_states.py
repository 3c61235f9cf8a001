"""The elements' states after each action, in the real sandbox (runner/states.py): a task
crossed out, a button enabled, a tab selected, a step highlighted among its alike siblings;
recorded for the acted element and for the words the host sends (read off the assertion,
evaluator/scoring/states.py), and checked. The same page without its script (a look-alike
where nothing gets crossed out) records the states as they are, and every check fails."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evaluator.scoring.states import ACTED, state_check, watch_words
from tests.sandbox.test_runner_words import replay_ok

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

PAGE = """<!doctype html>
<html><head><style>
body { font-family: sans-serif; }
.done span { text-decoration: line-through; color: #999; }
.steps span { padding: 4px 8px; background: #eee; }
.steps span.on { background: #7c3aed; color: #fff; }
.wc.on { outline: 2px solid #ea580c; }
button:hover, button:focus { outline: 3px solid orange; }
</style></head><body>
<ul id="list">
  <li><input type="checkbox" id="t1" aria-label="Done: Buy milk"><span>Buy milk</span></li>
  <li><input type="checkbox" id="t2" aria-label="Done: Walk the dog"><span>Walk the dog</span></li>
</ul>
<label><input type="checkbox" id="agree"> I agree</label>
<button id="continue" disabled>Continue</button>
<div role="tablist">
  <button role="tab" id="tab-a" aria-selected="true">Account</button>
  <button role="tab" id="tab-b" aria-selected="false">Billing</button>
</div>
<div class="steps"><span class="on">1. Account</span><span>2. Preferences</span><span
  >3. Done</span></div>
<button id="next">Next</button>
<div class="wheels"><button class="wc on"><span>Alloy 700c</span> +£0</button><button
  class="wc" id="w2"><span>650b gravel</span> +£120</button><button class="wc"><span
  >Carbon 700c</span> +£390</button></div>
<script>
for (const box of document.querySelectorAll("#list input")) {
  box.addEventListener("change", () => box.parentNode.classList.toggle("done", box.checked));
}
document.getElementById("agree").addEventListener("change", (e) => {
  document.getElementById("continue").disabled = !e.target.checked;
});
for (const tab of document.querySelectorAll("[role=tab]")) {
  tab.addEventListener("click", () => {
    for (const t of document.querySelectorAll("[role=tab]")) {
      t.setAttribute("aria-selected", "false");
    }
    tab.setAttribute("aria-selected", "true");
  });
}
document.getElementById("next").addEventListener("click", () => {
  const spans = document.querySelectorAll(".steps span");
  spans[0].classList.remove("on");
  spans[1].classList.add("on");
});
for (const w of document.querySelectorAll(".wc")) {
  w.addEventListener("click", () => {
    for (const o of document.querySelectorAll(".wc")) o.classList.toggle("on", o === w);
  });
}
</script>
</body></html>"""

STEPS = [
    ("#t1", "Tick the box of Buy milk", "Buy milk is crossed out"),
    ("#agree", "Tick I agree", "The Continue button is enabled"),
    ("#tab-b", "Click the Billing tab", "The tab is selected"),
    ("#next", "Click Next", "Step 2 is shown with 2. Preferences highlighted in purple."),
    # The clicked button is under the pointer and focused: read by its classes.
    ("#w2", "Fatter wheels for gravel", "650b gravel is outlined and the total is up."),
]


def _actions() -> list[dict]:
    return [
        {"type": "click", "description": d, "target": {"selector": s}, "text": "", "key": "",
         "watch": watch_words(a)}
        for s, d, a in STEPS
    ]  # fmt: skip


def _entry(step: dict, of: str) -> dict:
    return next(e for e in step["states"] if e.get("of") == of)


def test_states_are_recorded_and_checked(tmp_path: Path) -> None:
    steps = replay_ok(tmp_path, _actions(), PAGE)
    struck = _entry(steps[0], "Buy milk")
    assert struck["struck"] is True and struck["checked"] is True, struck
    # The acted box's row is crossed out too; the other row is not.
    assert _entry(steps[0], ACTED)["struck"] is True
    button = _entry(steps[1], "Continue")
    assert button["tag"] == "button" and button["disabled"] is False, button
    tab = _entry(steps[2], ACTED)
    assert tab["selected"] is True, tab
    step = _entry(steps[3], "2. Preferences")
    assert step["highlighted"] is True and step["how"] == "exact", step
    assert _entry(steps[4], "650b gravel")["highlighted"] is True, steps[4]["states"]
    for raw, (_, _, assertion) in zip(steps, STEPS, strict=True):
        check = state_check(assertion, raw["states"])
        assert check is not None and check.ok, (assertion, check, raw["states"])
        assert "stated states hold" in check.detail


def test_a_look_alike_without_its_script_fails_every_state(tmp_path: Path) -> None:
    still = re.sub(r"<script>.*?</script>", "", PAGE, flags=re.DOTALL)
    steps = replay_ok(tmp_path, _actions(), still)
    # The box ticks without a script; the row is not crossed out.
    assert _entry(steps[0], "Buy milk")["checked"] is True
    # The hovered, focused "Next" button's outline is no highlight of the steps above it.
    assert _entry(steps[3], "2. Preferences")["highlighted"] is False
    # The clicked wheel keeps the classes of the plain ones: no highlight.
    assert _entry(steps[4], "650b gravel")["highlighted"] is False, steps[4]["states"]
    for raw, (_, _, assertion) in zip(steps, STEPS, strict=True):
        check = state_check(assertion, raw["states"])
        assert check is not None and not check.ok, (assertion, check, raw["states"])
        assert "not as stated" in check.detail
