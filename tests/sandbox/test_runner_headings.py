"""A grid's bare boxes named by their headings, in the real sandbox: a poll's vote boxes
under day-and-time headings ("Wednesday at 10 works for me", "Wednesday half three as
well": a time said in words is the numbers its clock shows), and a marks grid's empty
boxes between a student's name and an assignment ("Priya, for the essay"). The boxes have
no words of their own: only their place under and beside the headings names them (the
poll's heading cells stand far above its boxes, over six rows of others' votes; the marks
grid is no table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sandbox.test_runner_words import LOG, _action, replay_ok

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

_SLOTS = [("Tue", "13", "09:00"), ("Tue", "13", "14:00"), ("Wed", "14", "10:00"),
          ("Wed", "14", "15:30"), ("Fri", "16", "11:00")]  # fmt: skip
_OTHERS = ("Rosa Vidal", "Ben Okafor", "Chloe Marsh", "Dev Patel", "Emre Kaya", "Ana Lind")
# A table whose heading cells stand above six rows of others' votes (no controls), then
# the row of bare boxes: the headings are far above the boxes.
_POLL = (
    "<table class='poll'><thead><tr><th>6 people</th>"
    + "".join(f"<th><div>{d}</div><div>{n}</div><div>{t}</div></th>" for d, n, t in _SLOTS)
    + "</tr></thead><tbody>"
    + "".join(
        f"<tr><td>{who}</td>" + "<td class='vote'>✓</td>" * len(_SLOTS) + "</tr>" for who in _OTHERS
    )
    + "<tr><td><input value='Jonas'></td>"
    + "".join(
        f"<td><button class='box' onclick=\"log('{d} {t}')\"><span class='ph'></span></button></td>"
        for d, _, t in _SLOTS
    )
    + "</tr></tbody></table>"
)
_STUDENTS = ("Amir Khan", "Priya Shah", "Tom Reed")
_WORK = ("Poem", "Essay", "Quiz")
_MARKS = (
    "<div class='marks'><div></div>"
    + "".join(f"<div class='head'>{w}</div>" for w in _WORK)
    + "".join(
        f"<div class='who'>{s}</div>"
        + "".join(f"<button class='mark' onclick=\"log('{s} {w}')\"></button>" for w in _WORK)
        for s in _STUDENTS
    )
    + "</div>"
)
PAGE = f"""<!doctype html>
<html><head><meta charset="utf-8"><style>
  .poll td, .poll th {{ width: 110px; text-align: center; font-size: 13px; }}
  .vote {{ height: 44px; }}
  .marks {{ display: grid; grid-template-columns: 140px repeat(3, 90px); gap: 4px;
           margin-top: 30px; }}
  .head {{ text-align: center; font-size: 13px; }}
  .box {{ width: 100%; height: 44px; border: 0; background: #f3f1ff; }}
  .ph {{ display: inline-block; width: 20px; height: 20px; border: 2px dashed #bbb; }}
  .mark {{ height: 30px; border: 1px solid #ccc; background: #fff; }}
</style></head><body style="margin: 0; padding: 8px; font-family: sans-serif">
<h2>Team planning day</h2>
{_POLL}
{_MARKS}
{LOG}
</body></html>"""


def test_bare_boxes_named_by_their_headings(tmp_path: Path) -> None:
    steps = replay_ok(
        tmp_path,
        [
            _action("click", "Wednesday at 10 works for me"),
            _action("click", "Friday at 11 too"),
            _action("click", "Wednesday half three as well"),
            _action("click", "Priya, for the essay"),
            _action("click", "Tom's quiz"),
        ],
        PAGE,
    )
    text = steps[-1]["text"]
    assert "Wed 10:00; Fri 11:00; Wed 15:30; Priya Shah Essay; Tom Reed Quiz;" in text, text
    why = steps[0]["target"]["why"]
    assert "with its grid's headings" in why, why
