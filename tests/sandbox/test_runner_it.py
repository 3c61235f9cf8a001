""" "It" in the real sandbox: "Mark it viewed" right after opening a file from the tree is that
file's Viewed box, named by the last target's own words on its card, though another file's
box sits nearer the tree; and "Another ten" after "Ten minutes later", naming nothing else,
is the last target again; and a type naming no field goes to the only search field."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sandbox.test_runner_words import LOG, _action, replay_ok

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

PAGE = f"""<!doctype html>
<html><head><meta charset="utf-8"><style>
  .card {{ position: absolute; left: 260px; width: 600px; border: 1px solid #ccc; }}
  .card header {{ display: flex; justify-content: space-between; padding: 6px; }}
</style></head><body style="margin: 0; font-family: sans-serif">
<nav style="position: absolute; left: 8px; top: 8px; width: 200px">
  <button onclick="log('open cache')">cache.py</button><br>
  <button onclick="log('open test')">test_cache.py</button></nav>
<div class="card" style="top: 8px"><header><b>src/tariffs/cache.py</b>
  <label><input type="checkbox" onclick="log('viewed cache')"> Viewed</label></header>
  <pre>def lookup(key): ...</pre></div>
<div class="card" style="top: 400px"><header><b>tests/test_cache.py</b>
  <label><input type="checkbox" onclick="log('viewed test')"> Viewed</label></header>
  <pre>def test_zero_lifetime(): ...</pre></div>
<div style="position: absolute; top: 700px">{LOG}</div>
</body></html>"""


def test_it_is_the_card_the_last_target_names(tmp_path: Path) -> None:
    steps = replay_ok(
        tmp_path,
        [_action("click", "Open the test file from the tree"), _action("click", "Mark it viewed")],
        PAGE,
    )
    assert "open test; viewed test;" in steps[-1]["text"], (
        steps[-1]["text"],
        steps[-1]["target"]["why"],
    )


TIME = f"""<!doctype html>
<html><head><meta charset="utf-8"></head><body style="font-family: sans-serif">
<span><button aria-label="Earlier" onclick="log('earlier')">−</button><span id="t">08:30</span>
<button aria-label="Later" onclick="log('later')">+</button></span>
{LOG}
</body></html>"""


def test_once_more_is_the_last_target_again(tmp_path: Path) -> None:
    steps = replay_ok(
        tmp_path,
        [_action("click", "Ten minutes later"), _action("click", "Another ten")],
        TIME,
    )
    assert "later; later;" in steps[-1]["text"], steps[-1]["text"]
    assert steps[-1]["target"]["found_by"] == "again", steps[-1]["target"]


SEARCH = f"""<!doctype html>
<html><head><meta charset="utf-8"></head><body style="font-family: sans-serif">
<header><b>Tidecast</b> <input type="search" placeholder="Shows and episodes"
  oninput="log('search ' + this.value)"></header>
<form><label>Name <input id="name" oninput="log('name ' + this.value)"></label></form>
{LOG}
</body></html>"""


def test_a_type_naming_no_field_goes_to_the_only_search_field(tmp_path: Path) -> None:
    """h10-moon #1: "Look for anything about tides" names no field and nothing has focus;
    of the page's two text fields one searches, so the text goes there, not to the form's."""
    steps = replay_ok(tmp_path, [_action("type", "Look for anything about tides", "tides")], SEARCH)
    assert "search tides;" in steps[-1]["text"], steps[-1]["target"]
    assert "only search field" in steps[-1]["target"]["why"], steps[-1]["target"]
