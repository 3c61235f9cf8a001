"""The runner keeps the page's visible texts with their boxes after an action whose
assertion states a number (``lines``), in the real sandbox, and only then: a basket row's
quantity sits beside its name on the screen, far from it in the page text."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluator.scoring.layout import beside_on_screen, read_lines
from tests.sandbox.test_runner_words import LOG, _action, replay_ok

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

PAGE = f"""<!doctype html>
<html><head><meta charset="utf-8"><style>
  .row {{ display: flex; align-items: center; gap: 24px; padding: 12px; }}
  .name {{ width: 260px; }} .name small {{ display: block; color: #666; }}
  .step {{ display: flex; align-items: center; gap: 8px; }}
</style></head><body style="margin: 0; font-family: sans-serif">
<div class="row"><div class="name">Linen tea towels<small>Set of 2 · oatmeal · $14.00 each</small>
  </div><div class="step"><button>−</button><span>1</span><button>+</button></div>
  <span>$14.00</span></div>
<div class="row"><div class="name">Stoneware mug<small>Sage green · 350 ml · $18.00 each</small>
  </div><div class="step"><button>−</button><span id="q">2</span>
  <button onclick="q.textContent = 3; p.textContent = '$54.00'">+</button></div>
  <span id="p">$36.00</span></div>
<input value="WINTER10" aria-label="Code">
<header style="position: absolute; right: 20px; top: 4px"><button aria-label="Bag"
  style="position: relative; width: 40px; height: 40px">&#128717;<i style="position: absolute;
  top: -4px; right: -4px">1</i></button> <button aria-label="Help">?</button>
  <button title="Saved">Saved</button> <span title="Streak">&#128293;<b>4</b></span></header>
{LOG}
</body></html>"""


def test_texts_and_boxes_are_kept_when_asked(tmp_path: Path) -> None:
    plus = _action("click", "Click the + in the mug row")
    steps = replay_ok(
        tmp_path, [{**plus, "lines": True}, _action("click", "Click the + in the mug row")], PAGE
    )
    lines = steps[0]["lines"]
    texts = [entry[0] for entry in lines]
    assert "Stoneware mug" in texts and "3" in texts and "WINTER10" in texts, texts
    kept = read_lines(lines)
    assert beside_on_screen(kept, "3", ("mug",))
    assert not beside_on_screen(kept, "1", ("mug",))
    # An icon's name at its box: the bag's count "1" stands beside "Bag".
    assert "Bag" in texts and "Help" in texts, texts
    # A control showing words gives them, not its name again.
    assert texts.count("Saved") == 1, texts
    assert beside_on_screen(kept, "1", ("bag",))
    assert beside_on_screen(kept, "4", ("streak",))
    assert "lines" not in steps[1], "kept without being asked"
