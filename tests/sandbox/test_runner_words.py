"""The runner's target rules for description-only tasks, in the real sandbox: a relation to
an anchor, a move to a named column, the verb's control on a named item, a key for a named
field, and a type that names no field continuing the field typed into last. The targets
come from the host's reading of each description (evaluator/tasks/targeting.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluator.tasks.hints import derive
from evaluator.tasks.targeting import runner_extras
from tests.sandbox.test_containers import H, W, _run

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

PAGE = """<!doctype html>
<html><body style="font-family: sans-serif">
<div style="display: flex; gap: 40px">
  <section><h2>To do</h2>
    <div class="card"><span>Fix login bug</span>
      <button aria-label="Move right" onclick="done.append(this.parentNode); log('moved')"
        >→</button>
      <button aria-label="Delete card" onclick="this.parentNode.remove()">×</button>
    </div>
    <div class="card"><span>Old copy</span>
      <button aria-label="Move right" onclick="log('wrong move')">→</button>
      <button aria-label="Delete card" onclick="this.parentNode.remove(); log('old deleted')"
        >×</button>
    </div>
  </section>
  <section id="done"><h2>Done</h2></section>
</div>
<p>Score panel</p>
<button style="background: #15803d; color: #fff" onclick="log('green under')">Go</button>
<p>elsewhere</p>
<button style="background: #16a34a; color: #fff" onclick="log('other green')">Go</button>
<input id="search" placeholder="Search" oninput="log('search ' + this.value)"
       onkeydown="if (event.key === 'Escape') { this.value = ''; log('cleared'); }">
<input id="mail" placeholder="Email">
<button id="other" onclick="log('other')">Other</button>
<div>Lead passenger full name<input id="pname" placeholder="As on passport"
  oninput="log('lead ' + this.value)"></div>
<div>E-tickets to<input id="pmail" placeholder="name@example.com"
  oninput="log('mail ' + this.value)"></div>
<p id="log"></p>
<script>
const log = (t) => { document.getElementById("log").textContent += t + "; "; };
</script>
</body></html>"""


def _action(kind: str, description: str, text: str = "", key: str = "") -> dict:
    target = {**derive(description, kind, text or None).target, **runner_extras(description, text)}
    return {"type": kind, "description": description, "target": target or None, "text": text,
            "key": key}  # fmt: skip


# Each control of a test page calls log(name): the page text then says which were pressed.
LOG = """<p id="log"></p>
<script>
const log = (t) => { document.getElementById("log").textContent += t + "; "; };
</script>"""


def replay_ok(tmp_path: Path, actions: list[dict], page: str) -> list[dict]:
    """Judge ``actions`` on ``page``: the run and every step must be ok; the steps after the
    load step."""
    job = {"mode": "judge", "viewport": {"width": W, "height": H}, "actions": actions}
    run, result = _run(tmp_path, job, page)
    assert run.status == "ok", run
    steps = result["steps"][1:]
    assert all(s["status"] == "ok" for s in steps), [s["reason"] for s in steps]
    return steps


def test_words_find_what_a_person_means(tmp_path: Path) -> None:
    job = {
        "mode": "judge",
        "viewport": {"width": W, "height": H},
        "actions": [
            _action("click", "Move 'Fix login bug' to Done"),
            _action("click", "Delete the 'Old copy' card"),
            _action("click", "Press the green button under the score panel"),
            _action("type", "Type 'ada' in the search box", "ada"),
            _action("click", "Click the Other button"),
            _action("press", "Press Escape to clear the search", key="Escape"),
            _action("type", "Type 'x@y.io' into the email field", "x@y.io"),
            _action("click", "Click the Other button"),
            _action("type", "Finish the address with '.uk'", ".uk"),
            _action("type", "Enter Ada Lovelace as the lead passenger's name", "Ada Lovelace"),
        ],
    }
    run, result = _run(tmp_path, job, PAGE)
    assert run.status == "ok", run
    steps = result["steps"]
    assert all(s["status"] == "ok" for s in steps[1:]), [s["reason"] for s in steps[1:]]
    log = steps[-1]["text"]
    assert "moved" in log and "wrong move" not in log
    assert steps[1]["target"]["found_by"] == "move"
    assert "old deleted" in log and steps[2]["target"]["found_by"] == "act"
    assert "green under" in log and "other green" not in log
    assert "nearest below" in steps[3]["target"]["why"]
    # The key went to the named field though the button had focus.
    assert "cleared" in log and steps[6]["target"]["tag"] == "input"
    # "Finish the address": the field typed into last, though the button had focus.
    assert "field typed into last" in steps[9]["target"]["why"]
    # The field whose caption (the text before it, no <label>) holds the description's words.
    assert "lead Ada Lovelace" in log and "mail Ada" not in log
    assert "caption" in steps[10]["target"]["why"]


PLACES_PAGE = """<!doctype html>
<html><body style="font-family: sans-serif">
<div style="width: 300px; height: 80px; background: #ccc">product photo</div>
<div>
  <button class="sw" style="width: 30px; height: 30px" onclick="log('swatch 1')"></button>
  <button class="sw" style="width: 30px; height: 30px" onclick="log('swatch 2')"></button>
  <button class="sw" style="width: 30px; height: 30px" onclick="log('swatch 3')"></button>
  <button class="sw" style="width: 30px; height: 30px" onclick="log('swatch 4')"></button>
</div>
<div class="tabs">
  <button data-tab="o" onclick="log('tab overview')">Overview</button>
  <button data-tab="s" onclick="log('tab specs')">Specs</button>
  <button data-tab="r" onclick="log('tab reviews')">Reviews</button>
</div>
<div class="card"><h2>Ingredients</h2>
  <button style="background: #b91c1c; color: #fff" onclick="log('red ingredients')"
    >Go</button></div>
<div class="card"><h2>Method</h2><p>Five steps.</p>
  <button style="background: #b91c1c; color: #fff" onclick="log('red method')">Start</button></div>
<table>
  <tr><td>Spotify</td><td>$9.99</td>
    <td><button onclick="log('mark spotify')">Mark reviewed</button></td></tr>
  <tr><td>Netflix</td><td>$15.49</td>
    <td><button onclick="log('mark netflix')">Mark reviewed</button></td></tr>
</table>
<div id="grid" style="display: grid; grid-template-columns: repeat(4, 60px); gap: 8px"></div>
<button style="position: absolute; top: 4px; right: 8px" onclick="log('saved top')"
  >Saved (1)</button>
<div><p>Stories you saved</p><button onclick="log('saved story')">Saved ★</button></div>
<main><p>Late night drive: the best of the year</p>
  <button aria-label="Play" onclick="log('hero play')">▶</button></main>
<footer><span>Nothing playing</span>
  <button aria-label="Play" onclick="log('bar play')">▶</button><span>0:00</span></footer>
<p id="log"></p>
<script>
const log = (t) => { document.getElementById("log").textContent += t + "; "; };
const open = new Set();
function draw() {
  const grid = document.getElementById("grid");
  grid.innerHTML = "";
  for (let i = 1; i <= 8; i++) {
    const b = document.createElement("button");
    b.className = "card";
    b.style.height = "60px";
    b.setAttribute("aria-label", "Card " + i);
    b.textContent = open.has(i) ? "*" : "?";
    b.onclick = () => { open.add(i); log("flip " + i); draw(); };
    grid.appendChild(b);
  }
}
draw();
</script>
</body></html>"""


def test_places_counted_in_the_set_the_words_name(tmp_path: Path) -> None:
    job = {
        "mode": "judge",
        "viewport": {"width": W, "height": H},
        "actions": [
            _action("click", "Click the third tab below the product photo"),
            _action("click", "Click the dark red button in the Method card"),
            _action("click", "Mark the Netflix charge as reviewed"),
            _action("click", "Click the top-left card"),
            _action("click", "Click the card right next to it in the first row"),
            _action("click", "Press play in the player bar"),
            _action("click", "Click the saved stories button at the top right"),
        ],
    }
    run, result = _run(tmp_path, job, PLACES_PAGE)
    assert run.status == "ok", run
    steps = result["steps"]
    assert all(s["status"] == "ok" for s in steps[1:]), [s["reason"] for s in steps[1:]]
    log = steps[-1]["text"]
    # The tabs (named by their class and data-tab), not the larger set of swatches.
    assert "tab reviews" in log and "swatch" not in log, log
    assert 'named "tab"' in steps[1]["target"]["why"]
    # Inside the card the heading "Method" heads, not the other red button.
    assert "red method" in log and "red ingredients" not in log, log
    # The button of the row that says Netflix.
    assert "mark netflix" in log and "mark spotify" not in log, log
    # "next to it": not the card drawn again where the last one was.
    assert "flip 1; flip 2" in log, log
    # Nothing says "player": the page's bar that holds a Play button (its footer).
    assert "bar play" in log and "hero play" not in log, log
    # "at the top right": the candidate nearest that corner of the page.
    assert "saved top" in log and "saved story" not in log, log
