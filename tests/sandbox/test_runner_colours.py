"""Colours and places a person names, in the real sandbox: a colour named by a neighbouring
hue (an indigo button is "the purple button", a deep teal one "the dark green button"),
and a target named by nothing but its place ("the button under the total")."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sandbox.test_runner_words import LOG, _action, replay_ok

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

_B = "border: 0; padding: 10px 16px; color: #fff"
PAGE = f"""<!doctype html>
<html><body style="margin: 0; padding: 20px; font-family: sans-serif">
<form onsubmit="event.preventDefault(); log('add')" style="display: flex; gap: 10px">
  <input placeholder="What needs to be done?" aria-label="New task">
  <button style="{_B}; background: #4f46e5">Add task</button>
  <button type="button" style="{_B}; background: #94a3b8" onclick="log('clear')">Clear</button>
</form>
<p><button type="button" style="{_B}; background: #2563eb" onclick="log('help')">Help</button></p>
<div style="display: flex; gap: 80px">
  <div>
    <button type="button" onclick="log('shop')">Continue shopping</button>
    <div class="total">Total: $43.50</div>
    <button type="button" onclick="log('checkout')">Checkout</button>
  </div>
  <div>
    <button type="button" style="{_B}; background: #e11d48" onclick="log('cancel')">Cancel</button>
    <div id="summary">Friday 10 April at 13:00</div>
    <button type="button" style="{_B}; background: #0f766e" onclick="log('confirm')">Book</button>
  </div>
</div>
{LOG}
</body></html>"""


def test_colour_names_blur_and_a_place_alone_names_a_control(tmp_path: Path) -> None:
    steps = replay_ok(
        tmp_path,
        [
            _action("type", "Type 'milk' in the task box", "milk"),
            _action("click", "Click the purple button next to it"),
            _action("click", "Click the button under the total"),
            _action("click", "Click the dark green button under the summary"),
        ],
        PAGE,
    )
    assert "add; checkout; confirm;" in steps[-1]["text"], steps[-1]["text"]
    whys = [s["target"]["why"] for s in steps]
    assert "nothing else names it" in whys[2], whys[2]
