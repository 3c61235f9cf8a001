"""The control the assertion names, in the real sandbox: when a description's words are
on no control ("Hide the profile from strangers"), the click goes to the control the
logical assertion says it switched or chose ("The Private profile switch is on": the one
switch beside that text; "Compact is the chosen option": the radio its label names), even
when the recording's pointer, left where the last click was, points elsewhere; a control
sharing the description's words still goes first."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluator.scoring.states import acted_names
from tests.sandbox.test_runner_words import LOG, _action, replay_ok

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

PAGE = f"""<!doctype html>
<html><head><meta charset="utf-8"><style>
  .row {{ display: flex; justify-content: space-between; width: 500px; margin: 12px 0; }}
  .sw {{ width: 46px; height: 26px; border-radius: 13px; border: 0; background: #ccc; }}
  .sw.on {{ background: #2563eb; }}
  #cam {{ position: absolute; left: 400px; top: 300px; width: 40px; height: 40px; }}
</style></head><body style="margin: 0; padding: 8px; font-family: sans-serif">
<div class="row"><div><div>Private profile</div><small>Anyone can see it</small></div>
  <button class="sw" id="priv" onclick="this.classList.toggle('on'); log('private')"></button></div>
<div class="row"><div>Reduce motion</div>
  <button class="sw" onclick="this.classList.toggle('on'); log('motion')"></button></div>
<fieldset><legend>Density</legend>
  <label><input type="radio" name="d" onclick="log('comfortable')" checked> Comfortable</label>
  <label><input type="radio" name="d" onclick="log('compact')"> Compact</label></fieldset>
<button onclick="log('save')">Save changes</button>
<button id="cam" onclick="log('camera')">&#128247;</button>
{LOG}
</body></html>"""


def _stated(kind: str, description: str, assertion: str, pointed: str = "") -> dict:
    action = _action(kind, description)
    extra = {"stated": "|".join(acted_names(assertion))}
    if pointed:
        extra["pointed"] = pointed
    action["target"] = {**(action["target"] or {}), **extra}
    return action


def test_the_control_the_assertion_names(tmp_path: Path) -> None:
    steps = replay_ok(
        tmp_path,
        [
            # The pointer still on the camera button (the last click's place).
            _stated(
                "click",
                "Hide the profile from strangers",
                "The Private profile switch is on, and 1 unsaved change.",
                pointed="420,320",
            ),
            _stated(
                "click",
                "Squeeze the rows closer together",
                "Compact is the chosen option and the rows sit tight together.",
            ),
            _stated(
                "click",
                "Cut down on animations",
                "The switch beside Reduce motion is on.",
            ),
            # The description's own words go first: Save, not the switch the assertion names.
            _stated("click", "Save the changes", "The Private profile switch is on."),
        ],
        PAGE,
    )
    text = steps[-1]["text"]
    assert "private; compact; motion; save;" in text, text
    assert steps[0]["target"]["found_by"] == "stated", steps[0]["target"]
    assert "Private profile" in steps[0]["target"]["why"], steps[0]["target"]["why"]
    assert steps[1]["target"]["tag"] == "input", steps[1]["target"]


# An extras list: each card's name is plain text beside its one wordless tick box; a review
# quoting the same words has no control.
EXTRAS = f"""<!doctype html>
<html><head><meta charset="utf-8"><style>
  .ex {{ display: flex; gap: 8px; align-items: center; margin: 6px; }}
  .tick {{ width: 22px; height: 22px; }}
</style></head><body style="margin: 0; padding: 8px; font-family: sans-serif">
<div class="rev"><b>Get the mudguards</b> Winter commuting with the rack fitted.</div>
<div class="ex"><button class="tick" onclick="log('guards')"></button><span>&#9711;</span>
  Mudguards<span>£35</span></div>
<div class="ex"><button class="tick" onclick="log('rack')"></button><span>&#9711;</span>
  Rear rack<span>£55</span></div>
<div class="ex"><button class="tick" onclick="log('bell')"></button>Brass bell<span>£8</span></div>
{LOG}
</body></html>"""


def test_words_beside_a_wordless_control_name_it(tmp_path: Path) -> None:
    steps = replay_ok(
        tmp_path,
        [
            # No text hint: the description's words, read on the box's card.
            _action("click", "Tick the mudguards"),
            # A text hint ("rack") found on words nobody can click: the box beside them.
            _action("click", "Put a rack on the back"),
            _action("click", "And the brass bell"),
        ],
        EXTRAS,
    )
    assert "guards; rack; bell;" in steps[-1]["text"], steps[-1]["text"]


DELIVERY = f"""<!doctype html>
<html><head><meta charset="utf-8"></head>
<body style="margin: 0; padding: 8px; font-family: sans-serif">
<button id="save" style="position: absolute; left: 20px; top: 20px; width: 120px; height: 40px"
  onclick="log('save')">Save changes</button>
<div style="position: absolute; left: 20px; top: 120px">
<label><input type="radio" name="d" onclick="log('collect')" checked> Collect it, free</label>
<label><input type="radio" name="d" onclick="log('door')"> Deliver to my door, £25</label></div>
<div style="position: absolute; top: 300px">{LOG}</div>
</body></html>"""


def test_a_pointer_still_on_the_last_target_is_no_evidence(tmp_path: Path) -> None:
    # The recording's pointer for the second click is still on Save (the frame was taken
    # before it moved): the description's words find the delivery option.
    save = _action("click", "Save the changes")
    save["target"]["pointed"] = "80,40"
    deliver = _action("click", "Have it delivered")
    deliver["target"]["pointed"] = "80,40"
    steps = replay_ok(tmp_path, [save, deliver], DELIVERY)
    assert "save; door;" in steps[-1]["text"], [s["target"]["why"] for s in steps]
    assert "last action's target" in steps[1]["target"]["why"], steps[1]["target"]["why"]


SECTIONS = f"""<!doctype html>
<html><head><meta charset="utf-8"></head>
<body style="margin: 0; padding: 8px; font-family: sans-serif">
<div class="card"><h2>Language and region</h2><p>Menus and dates.</p>
  <button onclick="log('lang')"><span>English (UK)</span> &#9662;</button></div>
<div class="card"><h2>Motion and sound</h2>
  <button onclick="log('motion')">Reduce motion</button>
  <button onclick="log('sounds')">Play sounds</button></div>
{LOG}
</body></html>"""


def test_a_control_named_by_its_kind_and_the_words_beside_it(tmp_path: Path) -> None:
    # "the language menu": the heading's words, and the one control in its card (which
    # shows other words of its own).
    steps = replay_ok(tmp_path, [_action("click", "Open the language menu")], SECTIONS)
    assert "lang;" in steps[-1]["text"], steps[-1]["text"]
    assert "beside its one control" in steps[0]["target"]["why"], steps[0]["target"]
