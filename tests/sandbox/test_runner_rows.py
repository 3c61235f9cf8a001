"""Places among a row or list of alike options and a field placed by its neighbour, in the
real sandbox: "the last in the list" (no noun) is the list's last item, not the "Cheapest"
sort button sharing a word; "the middle fare" and "the rightmost theme" count a row of
options (the theme buttons named by nothing but the "Theme" label above them); "the field
under the name" is the field after the name's own field; "restaurant and cafe" is the
"Dining" chip; a type naming no field goes where the recording's pointer was, not to the
field that still has focus."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sandbox.test_runner_words import LOG, _action, replay_ok

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

_FLIGHT = (
    '<div class="flight"><span>{0} · €{1}</span>'
    '<button class="sel" onclick="log(\'flight {0}\')">Select</button></div>'
)
_FLIGHTS = "".join(_FLIGHT.format(c, p) for c, p in [("AB 1", 190), ("CD 2", 170), ("EF 3", 142)])
PAGE = f"""<!doctype html>
<html><head><meta charset="utf-8"><style>
  .sel {{ width: 90px; height: 32px; }} .flight {{ display: flex; gap: 20px; margin: 4px 0; }}
  .fare {{ width: 120px; height: 60px; }} label {{ display: block; }}
</style></head><body style="margin: 0; padding: 12px; font-family: sans-serif">
<div>Sort by: <button onclick="log('sort time')">Departure time</button>
  <button onclick="log('sort price')">Cheapest</button></div>
<div id="list">{_FLIGHTS}</div>
<div class="fares"><button class="fare" onclick="log('Basic')">Basic +€0</button>
  <button class="fare" onclick="log('Standard')">Standard +€35</button>
  <button class="fare" onclick="log('Flex')">Flex +€110</button></div>
<label>Theme</label>
<div><button onclick="log('Light')">Light</button><button onclick="log('Dark')">Dark mode</button
  ><button onclick="log('System')">Use the system's</button></div>
<label for="name">Full name</label><input id="name" placeholder="Jane Doe"
  oninput="document.getElementById('nv').textContent = this.value">
<label for="email">Work email</label><input id="email" placeholder="jane@company.com"
  oninput="document.getElementById('ev').textContent = this.value">
<p>name [<span id="nv"></span>] email [<span id="ev"></span>]</p>
<div><button onclick="log('All')">All</button><button onclick="log('Groceries')">Groceries</button
  ><button onclick="log('Dining')">Dining</button><button onclick="log('Transport')"
  >Transport</button></div>
{LOG}
</body></html>"""


def test_places_among_alike_options_and_a_field_under_another(tmp_path: Path) -> None:
    steps = replay_ok(
        tmp_path,
        [
            _action("click", "Select the cheapest one, the last in the list"),
            _action("click", "Take the middle fare"),
            _action("click", "Choose the rightmost theme"),
            _action("type", "Type Lena Fischer as your full name", "Lena Fischer"),
            _action(
                "type", "Fill in lena@fischer.io in the field under the name", "lena@fischer.io"
            ),
            _action("click", "Show only restaurant and cafe spending"),
        ],
        PAGE,
    )
    text = steps[-1]["text"]
    assert "flight EF 3; Standard; System; " in text, text
    assert "name [Lena Fischer] email [lena@fischer.io]" in text, text
    assert text.rstrip().endswith("Dining;"), text
    assert "with its field" in steps[4]["target"]["why"], steps[4]["target"]["why"]


_FIELD = "position: absolute; top: 20px; width: 200px; height: 30px"
FIELDS = f"""<!doctype html>
<html><body style="margin: 0; font-family: sans-serif">
<input id="from" placeholder="From" style="{_FIELD}; left: 20px"
  oninput="document.getElementById('fv').textContent = this.value">
<input id="to" placeholder="To" style="{_FIELD}; left: 300px"
  oninput="document.getElementById('tv').textContent = this.value">
<p style="position: absolute; top: 100px">from [<span id="fv"></span>]
  to [<span id="tv"></span>]</p>
</body></html>"""


def test_a_type_naming_no_field_goes_where_the_recording_pointed(tmp_path: Path) -> None:
    # The first type leaves "From" focused; the second names no field, and the recording's
    # pointer (CSS px of the 800 x 600 viewport) is on "To": the pointer, not the focus.
    then = _action("type", "Then Oslo as where you're going", "Oslo")
    then["target"] = {**(then["target"] or {}), "pointed": "400,35"}
    steps = replay_ok(
        tmp_path, [_action("type", "Type Madrid in the From field", "Madrid"), then], FIELDS
    )
    assert "from [Madrid] to [Oslo]" in " ".join(steps[-1]["text"].split()), steps[-1]["text"]
    assert steps[-1]["target"]["found_by"] == "pointed", steps[-1]["target"]
