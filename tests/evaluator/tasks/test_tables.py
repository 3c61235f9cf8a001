"""Places in a table read off a description (evaluator.tasks.tables), as the runner gets
them in ``target.table``; and what they change in the other hints."""

from __future__ import annotations

import pytest

from evaluator.tasks.hints import derive
from evaluator.tasks.places import position_hint
from evaluator.tasks.tables import counts_cells, table_place
from evaluator.tasks.targeting import runner_extras


@pytest.mark.parametrize(
    ("description", "place"),
    [
        ("Click the bottom cell of the February column", "row:-1 col:@february"),
        ("Pick the third cell in the Rent row", "row:@rent col:3"),
        ("Click the Notes cell on the Transport row", "row:@transport col:@notes"),
        ("Select the whole totals column by its letter", "col:@totals"),
        ("Sort by the Unit price column", "col:@unit_price"),
        # Counted or unnamed lines are no labels.
        ("Click the cell in row 4, column 6", ""),
        ("Select the whole third row by its number on the left", ""),
        ("Click the first chip of the same row", ""),
        ("Turn over the second card in the top row", ""),
    ],
)
def test_table_place(description: str, place: str) -> None:
    assert table_place(description) == place


@pytest.mark.parametrize(
    ("description", "table"),
    [
        # A grid place counting cells is counted among a table's cells first.
        ("Click the cell in row 4, column 6", "row:4 col:6"),
        ("Select the bottom left cell of the table", "row:-1 col:1"),
        ("Click the bottom cell of the February column", "row:-1 col:@february"),
        # A grid of cards is no table; a list's column named like one is sent, and the
        # runner counts it as a list where the page shows no table.
        ("Turn over the second card in the top row", ""),
        ("Open the bottom card in the Done column", "col:@done"),
    ],
)
def test_runner_gets_the_table_place(description: str, table: str) -> None:
    assert runner_extras(description).get("table", "") == table


def test_counts_cells() -> None:
    assert counts_cells("Select the bottom left cell of the table")
    assert not counts_cells("Turn over the second card in the top row")


@pytest.mark.parametrize(
    ("description", "position"),
    [
        # A calendar's weeks are its rows.
        ("Open the fourth day of the second week", "row:2 col:4"),
        # A row named by a capital letter is counted like a column letter.
        ("Take the third seat in row C", "row:3 col:3 label:C"),
        # A week with no day counted is no place.
        ("Show the whole year instead of the last week", ""),
    ],
)
def test_weeks_and_lettered_rows(description: str, position: str) -> None:
    assert position_hint(description) == position


def test_a_counted_row_or_column_is_no_name() -> None:
    # Before: the text hint "4" took the row heading that says 4.
    assert derive("Click the cell in row 4, column 6", "click").target == {"text": "cell"}
