"""The runner's weakest vote, in the real sandbox: among candidates every other rule leaves
equal (two identical "+ Add a card" buttons), the one inside or nearest the region where
the reference changed across the action (``target.changed``, evaluator/tasks/changes.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sandbox.test_containers import H, W, _run
from tests.sandbox.test_runner_words import _action

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

PAGE = """<!doctype html>
<html><body style="margin: 0; font-family: sans-serif">
<div style="display: flex; gap: 200px; padding: 20px">
  <section style="width: 200px"><h2>To do</h2>
    <button onclick="log('todo')">+ Add a card</button></section>
  <section style="width: 200px"><h2>Doing</h2>
    <button onclick="log('doing')">+ Add a card</button></section>
</div>
<p id="log"></p>
<script>
const log = (t) => { document.getElementById("log").textContent += t + "; "; };
</script>
</body></html>"""


def _click(changed: str | None) -> dict:
    action = _action("click", "Click '+ Add a card'")
    if changed:
        action["target"]["changed"] = changed
    return action


def test_the_changed_region_breaks_a_tie(tmp_path: Path) -> None:
    job = {
        "mode": "judge",
        "viewport": {"width": W, "height": H},
        # The second column changed (a card appeared under its button); then the first;
        # then no hint: page order, the first.
        "actions": [_click("440,110,200,40"), _click("20,110,200,40"), _click(None)],
    }
    run, result = _run(tmp_path, job, PAGE)
    assert run.status == "ok", run
    steps = result["steps"]
    assert all(s["status"] == "ok" for s in steps[1:]), [s["reason"] for s in steps[1:]]
    assert "doing; todo; todo;" in steps[-1]["text"], steps[-1]["text"]
    whys = [s["target"]["why"] for s in steps[1:]]
    assert "nearest the region the reference changed" in whys[0], whys[0]
    assert "nearest the region the reference changed" not in whys[2], whys[2]
