"""List places counted among a list's items, in the real sandbox: "the second job in the
list" counts the job rows, not whatever shares the word (a search box that says "Job
title"); "the last treatment in the list" counts the buttons under "Choose a treatment"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sandbox.test_runner_words import LOG, _action, replay_ok

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

_JOB = '<button class="btn job" data-job="{0}" onclick="log(\'{0}\')"><b>{1}</b> Remote</button>'
_JOBS = "".join(_JOB.format(i, t) for i, t in enumerate(["Engineer", "Designer", "Writer"]))
PAGE = f"""<!doctype html>
<html><head><style>
  .job {{ display: block; width: 300px; height: 40px; text-align: left; }}
  .svc {{ display: block; width: 260px; height: 32px; }}
</style></head><body style="margin: 0; padding: 16px; font-family: sans-serif">
<h1>Job board</h1>
<input placeholder="Job title or company" aria-label="Job title or company">
<span>3 jobs</span>
<div style="display: flex; gap: 40px">
  <div id="list">{_JOBS}</div>
  <div><h2>1. Choose a treatment</h2>
    <div id="svcs">
      <button class="svc" onclick="log('checkup')">Check-up · 45 min</button>
      <button class="svc" onclick="log('whitening')">Whitening · 30 min</button>
      <button class="svc" onclick="log('filling')">Filling · 60 min</button>
    </div></div>
</div>
{LOG}
</body></html>"""


def test_list_places_count_the_lists_items(tmp_path: Path) -> None:
    steps = replay_ok(
        tmp_path,
        [
            _action("click", "Open the second job in the list"),
            _action("click", "Pick the last treatment in the list"),
        ],
        PAGE,
    )
    assert "1; filling;" in steps[-1]["text"], steps[-1]["text"]
    assert "not alike" in steps[0]["target"]["why"], steps[0]["target"]["why"]


_CARD = (
    '<div class="card">{0}<div class="row">'
    '<button aria-label="Move left" onclick="log(\'left {0}\')">←</button>'
    '<button aria-label="Delete card" onclick="log(\'delete {0}\')">×</button></div></div>'
)
BOARD = f"""<!doctype html>
<html><head><meta charset="utf-8"></head>
<body style="margin: 0; font-family: sans-serif; display: flex; gap: 20px">
<section class="col" data-col="Doing"><h2>Doing</h2>{_CARD.format("a")}{_CARD.format("b")}</section>
<section class="col" data-col="Done"><h2>Done</h2>{_CARD.format("c")}{_CARD.format("d")}</section>
{LOG}
</body></html>"""


def test_a_control_on_the_nth_item_of_a_named_column(tmp_path: Path) -> None:
    steps = replay_ok(
        tmp_path,
        [
            _action("click", "Click the left arrow on the bottom card of Doing"),
            _action("click", "Click the x on the first card in the Done column"),
        ],
        BOARD,
    )
    assert "left b; delete c;" in steps[-1]["text"], steps[-1]["text"]
    assert "on the card at index:1 of 2" in steps[1]["target"]["why"], steps[1]["target"]["why"]
