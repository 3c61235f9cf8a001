"""Places in a table, in the real sandbox: a spreadsheet's cells are no controls (the
table listens), so "the cell in row 4, column 6" is counted among its body cells, not the
row headings; "the bottom left cell of the table" is in its last filled row; "the bottom
cell of the February column" is under the cell saying Feb; "the whole totals column" is
that column's letter. Beside it, a calendar's weeks are its rows, and a column of cards
named like a table's ("the bottom card in the Done column") is still counted as a list
when the page shows no table; a seat plan's row is the one its letter labels, not the
row counted (a row of like buttons above it is counted too)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sandbox.test_runner_words import LOG, _action, replay_ok

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

_COLS = "ABCDEF"
_ROWS = [
    ["Item", "Jan", "Feb", "Mar", "Total", "Notes"],
    ["Rent", "1,200", "1,200", "1,200", "3,600", ""],
    ["Food", "410", "385", "432", "1,227", ""],
    ["Transport", "60", "60", "75", "195", ""],
    ["Total", "1,670", "1,645", "1,707", "5,022", ""],
    ["", "", "", "", "", ""],
    ["", "", "", "", "", ""],
]


def _sheet() -> str:
    head = "<tr><th></th>" + "".join(f"<th>{c}</th>" for c in _COLS) + "</tr>"
    body = "".join(
        f"<tr><th>{r + 1}</th>"
        + "".join(f'<td data-cell="{c}{r + 1}">{v}</td>' for c, v in zip(_COLS, row, strict=True))
        + "</tr>"
        for r, row in enumerate(_ROWS)
    )
    return f"<table id='t'><thead>{head}</thead><tbody>{body}</tbody></table>"


_DAYS = "".join(f'<div class="day" onclick="log(\'day {d}\')">{d}</div>' for d in range(1, 29))
# A seat plan: rows labelled by letters at both ends; a row of like buttons above it (the
# showing times) that a count of rows would take for row A.
_SEATS = "".join(
    f'<div class="srow"><span>{r}</span>'
    + "".join(f'<button class="seat" onclick="log(\'{r}{n}\')">{n}</button>' for n in range(1, 7))
    + f"<span>{r}</span></div>"
    for r in "ABCD"
)
_TIMES = "".join(f'<button class="seat" onclick="log(\'{t}\')">{t}</button>' for t in ("17", "20"))
_CARDS = "".join(
    f'<div class="card"><span>{name}</span>'
    f"<button onclick=\"log('open {name}')\">Open</button></div>"
    for name in ("Write tests", "Ship it")
)
PAGE = f"""<!doctype html>
<html><head><meta charset="utf-8"><style>
  td, th {{ border: 1px solid #ccc; height: 24px; min-width: 60px; cursor: cell; }}
  th {{ cursor: pointer; }}
  .month {{ display: grid; grid-template-columns: repeat(7, 60px); gap: 2px; margin: 8px 0; }}
  .day {{ height: 30px; border: 1px solid #ddd; cursor: pointer; }}
  .col {{ display: inline-block; vertical-align: top; width: 200px; }}
  .card {{ border: 1px solid #999; margin: 4px; padding: 4px; }}
  .seat {{ width: 34px; height: 30px; }} .srow {{ display: flex; gap: 4px; margin: 2px 0; }}
</style></head><body style="margin: 0; padding: 8px; font-family: sans-serif">
{_sheet()}
<div class="month">{_DAYS}</div>
<div class="col"><h3>To do</h3>{_CARDS}</div>
<div>{_TIMES}</div><div>{_SEATS}</div>
{LOG}
<script>
document.getElementById("t").addEventListener("click", (e) => {{
  const cell = e.target.closest("td, th");
  if (cell) log(cell.dataset.cell || "heading " + cell.textContent);
}});
</script>
</body></html>"""


def test_places_in_a_table_a_calendar_and_a_list(tmp_path: Path) -> None:
    steps = replay_ok(
        tmp_path,
        [
            _action("click", "Click the cell in row 4, column 6"),
            _action("click", "Select the bottom left cell of the table"),
            _action("click", "Click the bottom cell of the February column"),
            _action("click", "Select the whole totals column by its letter"),
            _action("click", "Click the Notes cell on the Transport row"),
            _action("click", "Open the fourth day of the second week"),
            _action("click", "Open the bottom card in the To do column"),
            _action("click", "Take the second seat in row C"),
            _action("click", "Also grab the seat at the far left of row B"),
        ],
        PAGE,
    )
    text = steps[-1]["text"]
    assert "F4; A5; C5; heading E; F4; day 11; open Ship it; C2; B1;" in text, text
    assert "in the table" in steps[0]["target"]["why"], steps[0]["target"]["why"]
