"""Controls named by what they mean, in the real sandbox (``target.means``, the host's
vocabulary ``evaluator.tasks.vocabulary.MEANINGS``; the runner's ``words.MEANS_JS``):
icon-only buttons read by their aria-label, title, SVG ``<title>``, ``<use href>``, icon
classes (``fa-bookmark``, ``bi-trash3``, ``icon-archive``), a Material ligature and a
glyph; and labels named by a paraphrase ("paying once a year" is "Yearly", "the following
page" is "Next: Errors →", "Make it two" the stepper's +). Every description here found
nothing, or the wrong control, before the meanings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sandbox.test_runner_words import LOG, _action, replay_ok

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

_SPRITE = (
    '<svg width="0" height="0" style="position:absolute"><symbol id="icon-archive" '
    'viewBox="0 0 10 10"><rect width="10" height="10"/></symbol></svg>'
)
_SVG = '<svg width="16" height="16" viewBox="0 0 10 10"{0}><rect width="10" height="10"/></svg>'
_STORY = (
    '<article><h3>{0}</h3><p>Story text</p><div class="row">'
    "<button onclick=\"log('read {0}')\">Read more</button>"
    '<button class="save" onclick="log(\'bookmark {0}\')">'
    '<i class="fa-regular fa-bookmark"></i></button>'
    "</div></article>"
)
_MAILS = "".join(
    f'<li><button class="mail" onclick="log(\'mail {n}\')">Mail {n}</button></li>'
    for n in range(1, 8)
)
PAGE = f"""<!doctype html>
<html><head><meta charset="utf-8"><style>
  body {{ margin: 0; padding: 12px; font-family: sans-serif; }} i {{ display: inline-block;
  width: 16px; height: 16px; background: #555; }} .mail {{ width: 300px; height: 28px; }}
  button {{ min-width: 28px; height: 32px; margin: 2px; }} .mail {{ height: 28px; }}
</style></head><body>
{_SPRITE}
<button class="hdr" onclick="log('saved list')">Saved (0)</button>
<nav><button onclick="log('Business')">Business</button>
  <button onclick="log('World')">World</button></nav>
{_STORY.format("Rail profit")}{_STORY.format("New stadium")}
<ul style="list-style: none; padding: 0">{_MAILS}</ul>
<div class="tools" style="display: flex">
  <button onclick="log('star')" aria-label="Star">☆</button>
  <button onclick="log('archive')">{_SVG.format("")[:-6]}<use href="#icon-archive"/></svg></button>
  <button onclick="log('trash')"><i class="bi bi-trash3"></i></button>
</div>
<p>The message body.</p>
<div>Quantity <button onclick="log('minus')" title="Fewer">−</button><b>1</b>
  <button onclick="log('plus')" aria-label="Increase quantity">+</button></div>
<button onclick="log('Add to bag')">Add to bag</button>
<div><button onclick="log('monthly')">Monthly</button>
  <button onclick="log('yearly')">Yearly (save 20%)</button></div>
<button onclick="log('settings')">{_SVG.format("")[:-6]}<title>Settings</title></svg></button>
<button onclick="log('menu')"><span class="material-icons">more_vert</span></button>
<p><button onclick="log('helpful')">Yes</button>
  <button onclick="log('next page')">Next: Errors →</button></p>
{LOG}
</body></html>"""


def test_controls_found_by_what_they_mean(tmp_path: Path) -> None:
    steps = replay_ok(
        tmp_path,
        [
            _action("click", "Bookmark the first of them"),
            _action("click", "Put it away with the middle button above the message"),
            _action("click", "Make it two"),
            _action("click", "Switch to paying once a year"),
            _action("click", "Throw it in the bin"),
            _action("click", "Open the gear"),
            _action("click", "Click the three dots"),
            _action("click", "Go on to the following page with the button at the bottom"),
            _action("click", "One fewer"),
        ],
        PAGE,
    )
    text = steps[-1]["text"]
    whys = [s["target"]["why"] for s in steps]
    assert (
        "bookmark Rail profit; archive; plus; yearly; trash; settings; menu; next page; minus;"
        in text
    ), (text[-120:], whys)
    assert steps[1]["target"]["why"].count("means archive"), steps[1]["target"]["why"]


# A speaker's buttons: previous and next named, play only drawn (and its id).
SPEAKER = f"""<!doctype html>
<html><head><meta charset="utf-8"></head><body style="font-family: sans-serif">
<div>Rain on a tin roof</div>
<button id="prev" aria-label="Previous" onclick="log('prev')">&#9198;</button>
<button id="play" onclick="log('play')"><svg width="16" height="16"><path d="M3 2l11 6-11 6z"/>
  </svg></button>
<button id="next" aria-label="Next" onclick="log('next')">&#9197;</button>
{LOG}
</body></html>"""


def test_a_drawn_control_by_what_its_id_says(tmp_path: Path) -> None:
    steps = replay_ok(tmp_path, [_action("click", "Put some music on in here")], SPEAKER)
    assert "play;" in steps[-1]["text"], steps[-1]["text"]
    assert "its icon" in steps[0]["target"]["why"], steps[0]["target"]["why"]
