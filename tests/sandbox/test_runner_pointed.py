"""The recording's pointer (``target.pointed``, "x,y" CSS px of the viewport), in the real
sandbox: a vote for the candidate under it, the control under it when the description's
best match is weak or nothing is found, never over a clear description match elsewhere;
compared with each element's box on the page as it is before the action (the replay has
brought earlier targets into view as the recording did)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sandbox.test_containers import H, W
from tests.sandbox.test_runner_words import LOG, _action, replay_ok

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

_BTN = "position: absolute; width: 200px; height: 40px; margin: 0"
PAGE = f"""<!doctype html>
<html><body style="margin: 0; font-family: sans-serif; height: 3000px">
<h2 style="margin: 0; height: 60px">Choose a treatment</h2>
<button style="{_BTN}; top: 100px; left: 20px" onclick="log('checkup')">Check-up</button>
<button style="{_BTN}; top: 140px; left: 20px" onclick="log('whitening')">Whitening</button>
<button style="{_BTN}; top: 180px; left: 20px" onclick="log('filling')">Filling</button>
<button style="{_BTN}; top: 300px; left: 500px" onclick="log('login')">Login</button>
<button style="{_BTN}; top: 1500px; left: 20px" onclick="log('add1')">+ Add</button>
<button style="{_BTN}; top: 1500px; left: 400px" onclick="log('add2')">+ Add</button>
<p id="log" style="position: fixed; top: 0; right: 0; margin: 0"></p>
<script>
const log = (t) => {{ document.getElementById("log").textContent += t + "; "; }};
</script>
</body></html>"""


def _click(description: str, pointed: str) -> dict:
    action = _action("click", description)
    action["target"] = {**(action["target"] or {}), "pointed": pointed}
    return action


def test_the_recordings_pointer_picks_among_weak_or_tied_matches(tmp_path: Path) -> None:
    assert (W, H) == (800, 600)  # the points below are for this viewport
    steps = replay_ok(
        tmp_path,
        [
            # A heading merely contains "treatment": the pointed treatment instead.
            _click("Pick a treatment", "100,200"),
            # A clear match (text equals a button's) elsewhere is not overridden.
            _click("Click the Login button", "100,120"),
            # Nothing found by the hints or the words: the control at the point. (Login
            # was centred: the page is scrolled by 20 px, Whitening's 140-180 is 120-160; where
            # it would be once centred, 140-180, Check-up's 100-140 holds the point.)
            _click("Click the gizmo", "100,125"),
            # Two equal "+ Add" buttons far down the page, scrolled to (1300 px from the
            # top: their 1500-1540 is 200-240): the second, where the pointer was.
            {"type": "scroll", "amount": 1300},
            _click("Click '+ Add'", "500,220"),
        ],
        PAGE,
    )
    assert "filling; login; whitening; add2;" in steps[-1]["text"], steps[-1]["text"]
    whys = [s["target"]["why"] for s in steps if s.get("target")]
    assert "recording's pointer" in whys[0] and "weak" in whys[0], whys[0]
    assert "recording's pointer" not in whys[1], whys[1]
    assert steps[2]["target"]["found_by"] == "pointed", steps[2]["target"]
    assert "recording's pointer" in steps[4]["target"]["why"], steps[4]["target"]


_LINK = "display: block; width: 160px; height: 32px; margin: 4px 0"
_STAR = "position: absolute; left: 560px; width: 26px; height: 26px; padding: 0"
FILES = f"""<!doctype html>
<html><body style="margin: 0; font-family: sans-serif">
<nav style="position: absolute; top: 20px; left: 10px">
  <a href="#" style="{_LINK}" onclick="log('home')">Home</a>
  <a href="#" style="{_LINK}" onclick="log('recent')">Recent</a>
  <a href="#" style="{_LINK}" onclick="log('shared')">Shared</a>
  <a href="#" style="{_LINK}" onclick="log('starred')">Starred</a>
  <a href="#" style="{_LINK}" onclick="log('trash')">Trash</a>
</nav>
<div style="position: absolute; top: 40px; left: 220px; width: 380px">
  <div style="position: relative; height: 40px">Budget 2026.xlsx
    <button style="{_STAR}; top: 6px" onclick="log('star1')">★</button></div>
  <div style="position: relative; height: 40px">Draft v1.docx
    <button style="{_STAR}; top: 6px" onclick="log('star2')">★</button></div>
  <div style="position: relative; height: 40px">Notes.txt
    <button style="{_STAR}; top: 6px" onclick="log('star3')">★</button></div>
</div>
{LOG}
</body></html>"""


def test_the_pointer_overrules_a_place_counted_in_whatever_set_is_largest(
    tmp_path: Path,
) -> None:
    # "Unstar the second one" names no item: the place alone picks the second of the
    # largest set of like controls (the sidebar's links), a guess; the recording's pointer
    # is on the second row's star. Without a point, the guess stands.
    steps = replay_ok(
        tmp_path,
        [_click("Unstar the second one", "792,99"), _action("click", "Unstar the second one")],
        FILES,
    )
    assert "star2; recent;" in steps[-1]["text"], steps[-1]["text"]
    assert "recording's pointer" in steps[0]["target"]["why"], steps[0]["target"]


_ROW = "position: absolute; left: 500px; width: 128px; height: 32px; margin: 0"
DIALOG = f"""<!doctype html>
<html><body style="margin: 0; font-family: sans-serif">
<button style="{_ROW}; top: 100px" onclick="log('book1')">Book</button>
<button style="{_ROW}; top: 180px" onclick="log('book2')">Book</button>
<div style="position: fixed; inset: 0; background: rgba(0,0,0,0.3)">
  <div style="position: absolute; left: 300px; top: 150px; width: 400px; height: 120px;
              background: white">
    <button style="position: absolute; left: 40px; top: 40px; width: 120px; height: 38px"
            onclick="log('keep')">Keep my place</button>
    <button style="position: absolute; left: 200px; top: 30px; width: 160px; height: 38px"
            onclick="log('cancelled')">Cancel class</button>
  </div>
</div>
{LOG}
</body></html>"""


def test_the_pointer_picks_the_window_s_button_not_one_under_the_window(
    tmp_path: Path,
) -> None:
    # h13-harbour #2 "Yes, drop it": the pointer is on the dialog's "Cancel class" where
    # the list's "Book" (under the backdrop) also holds the point, and its smaller box was
    # taken: clicked at its own centre, the click hit the dialog's blank part.
    steps = replay_ok(tmp_path, [_click("Yes, drop it", "505,200")], DIALOG)
    # (Book's centre, 564,196, is inside the Cancel class button here: the log alone
    # would not tell.)
    assert "cancelled;" in steps[-1]["text"], steps[-1]["text"]
    target = steps[0]["target"]
    assert (target["found_by"], target["text"]) == ("pointed", "Cancel class"), target


_CARD = "position: absolute; top: 120px; width: 200px; height: 240px; cursor: pointer"
_MARK = "position: absolute; right: 8px; top: 8px; width: 28px; height: 28px"
_FILTER = "display: block; width: 150px; height: 28px; margin: 4px 0"
CARDS = f"""<!doctype html>
<html><body style="margin: 0; font-family: sans-serif">
<div style="position: absolute; top: 20px; left: 10px">
  <button style="{_FILTER}" onclick="log('book filter')">Book 3</button>
  <button style="{_FILTER}" onclick="log('ebook filter')">eBook 0</button>
  <button style="{_FILTER}" onclick="log('audio filter')">Audiobook 1</button>
  <button style="{_FILTER}" onclick="log('dvd filter')">DVD 0</button>
</div>
<div style="{_CARD}; left: 200px" onclick="log('open 1')">The Long Tide
  <button style="{_MARK}" onclick="event.stopPropagation(); log('save 1')">☆</button></div>
<div style="{_CARD}; left: 420px" onclick="log('open 2')">Where Rivers Meet
  <button style="{_MARK}" onclick="event.stopPropagation(); log('save 2')">☆</button></div>
{LOG}
</body></html>"""


def test_the_pointer_on_a_clickable_card_that_holds_a_button(tmp_path: Path) -> None:
    # h10-river #3 "Open the second one": the pointer is on the second result's card (the
    # hand pointer, a script listens), away from its small save button; the cards hold a
    # control each, so they are no like controls of their own, and the place alone took
    # the second of the filters.
    steps = replay_ok(tmp_path, [_click("Open the second one", "520,260")], CARDS)
    assert "open 2;" in steps[-1]["text"], steps[-1]["text"]
    target = steps[0]["target"]
    assert "recording's pointer" in target["why"], target
