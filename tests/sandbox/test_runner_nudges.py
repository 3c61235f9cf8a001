"""Nudges in the real sandbox: "Add a bottle cage" is the + of the stepper on the cages'
card (its − for "Remove one"), though the + says only "More" and a summary repeats the
words; "One size bigger" is the size after the chosen one, not the colour after the chosen
colour; and the recording's pointer left on the last target, which its own click drew
again, is no evidence for the next."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sandbox.test_runner_words import LOG, _action, replay_ok

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

PAGE = f"""<!doctype html>
<html><head><meta charset="utf-8"><style>
  .ex {{ display: flex; gap: 8px; align-items: center; margin: 6px; height: 40px; }}
  .size {{ width: 50px; height: 30px; }} .size.on {{ background: #111; color: #fff; }}
</style></head><body style="margin: 0; padding: 8px; font-family: sans-serif">
<div class="opts"><div><h3>Frame size</h3><div id="sizes"></div></div>
<div style="position: absolute; left: 600px; top: 8px"><h3>Colour</h3><div>
  <button class="c on">Red</button><button class="c">Blue</button><button class="c">Green</button>
</div></div></div>
<div id="extras"></div>
<div class="sum">Summary: <span id="sum"></span></div>
<button onclick="log('bag')">Add to bag</button>
{LOG}
<script>
let size = 2, cages = 0, lights = false;
const SIZES = ["XS", "S", "M", "L", "XL"];
function render() {{
  document.getElementById("sizes").innerHTML = SIZES.map((s, i) =>
    `<button class="size${{i === size ? " on" : ""}}" data-i="${{i}}">${{s}}</button>`).join("");
  document.getElementById("extras").innerHTML =
    `<div class="ex"><button id="lights" style="width:28px;height:28px">` +
    `${{lights ? "✓" : ""}}</button>Lights</div>` +
    `<div class="ex"><button id="x2" style="width:28px;height:28px"></button>Bell</div>` +
    `<div class="ex"><button class="dec" aria-label="Fewer">−</button><span>${{cages}}</span>` +
    `<button class="inc" aria-label="More">+</button>Bottle cages, up to 2</div>`;
  document.getElementById("sum").textContent = cages ? cages + " × bottle cage" : "";
}}
document.addEventListener("click", (e) => {{
  const t = e.target;
  if (t.closest(".size")) {{ size = +t.closest(".size").dataset.i; log("size " + SIZES[size]); }}
  else if (t.closest(".inc")) {{ cages += 1; log("more"); }}
  else if (t.closest(".dec")) {{ cages -= 1; log("fewer"); }}
  else if (t.closest("#lights")) {{ lights = !lights; log("lights"); }}
  else if (t.closest("#x2")) {{ log("bell"); }}
  else return;
  render();
}});
render();
</script>
</body></html>"""


def test_a_stepper_by_its_item_and_the_size_after_the_chosen(tmp_path: Path) -> None:
    bell = _action("click", "Tick the bell")
    # The recording's pointer still on the lights' box (the last click's place): that box,
    # drawn again by its own click, is not what this step means, though sharing no word.
    bell["target"] = {**bell["target"], "pointed": "28,123"}
    steps = replay_ok(
        tmp_path,
        [
            _action("click", "Tick the lights"),
            bell,
            _action("click", "Add a bottle cage"),
            _action("click", "Add another bottle cage"),
            _action("click", "Remove one cage"),
            _action("click", "One size bigger"),
        ],
        PAGE,
    )
    text = steps[-1]["text"]
    assert "lights; bell; more; more; fewer; size L;" in text, text
    assert steps[0]["target"]["box"][:2] == [14, 109.4], steps[0]["target"]
    assert "the last action's target" in steps[1]["target"]["why"], steps[1]["target"]
    assert steps[2]["target"]["found_by"] == "nudge", steps[2]["target"]
    assert steps[-1]["target"]["found_by"] == "nudge", steps[-1]["target"]
