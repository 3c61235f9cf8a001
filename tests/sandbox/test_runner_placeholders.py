"""An empty field's placeholder is painted text, in the real sandbox: "a box asks What was
damaged?" is true of a page whose box shows that in grey, though ``innerText`` holds none
of it. A filled field shows its value instead, and a field that is not shown nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sandbox.test_runner_words import LOG, _action, replay_ok

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

PAGE = f"""<!doctype html>
<html><body style="font-family: sans-serif">
<button onclick="document.getElementById('ask').style.display = 'block'; log('damaged')">
  Arrived damaged</button>
<div id="ask" style="display: none"><textarea placeholder="What was damaged?"></textarea></div>
<input placeholder="Your name" value="Kit">
<input placeholder="Never shown" style="display: none">
{LOG}
</body></html>"""


def test_an_empty_fields_placeholder_is_painted(tmp_path: Path) -> None:
    steps = replay_ok(tmp_path, [_action("click", "Click Arrived damaged")], PAGE)
    extra = steps[0]["painted"]["extra"]
    assert "What was damaged?" in extra, extra
    assert "Kit" in extra and "Your name" not in extra and "Never shown" not in extra
