"""Numbers and names an unquoted logical assertion states, checked on the page only where
the reference's checkpoint shows them (pure; evaluator/scoring/assertions.py)."""

from __future__ import annotations

import pytest

from evaluator.scoring.assertions import appeared_facts, fact_check, stated_facts


@pytest.mark.parametrize(
    ("assertion", "facts"),
    [
        ("Cart shows 2 items, subtotal $21.50.", ["2", "$21.50"]),
        ("The song changes to Paper Planes by Lumen.", ["Paper Planes", "Lumen"]),
        ("Golden Hour Drive is now playing.", ["Golden Hour Drive"]),
        ("Oslo, Norway is suggested.", ["Norway"]),
        ("The current temperature now reads 70°F.", ["70°F"]),
        # A sentence opening with one Capitalised word after an article: no name.
        ("A New message form appears.", []),
        # Described, not shown: a grid size, a count of days; negated clauses.
        ("Click the cell of the 3x3 grid; the 7-day view stays.", []),
        ("The cart no longer shows 3 items and shows 2 items.", ["2"]),
        ("The board is empty again and it is your move.", []),
    ],
)
def test_stated_facts(assertion: str, facts: list[str]) -> None:
    assert stated_facts(assertion) == facts


def test_only_facts_the_reference_shows_are_checked() -> None:
    # "Celsius" is how the annotator says it; the page shows °C: not checked.
    check = fact_check(
        "Temperatures are in Celsius again: 21°C.", "Lisbon 21°C Sunny", "Lisbon\n21°C\nSunny"
    )
    assert check is not None and check.ok
    assert "1/1 stated facts" in check.detail
    wrong = fact_check("Temperatures are in Celsius again: 21°C.", "Lisbon 21°C", "Lisbon 70°F")
    assert wrong is not None and not wrong.ok and "missing '21°C'" in wrong.detail
    # A number is whole: "1" is not in "17".
    assert not fact_check("Moves becomes 1.", "Moves 1", "Moves 17").ok  # type: ignore[union-attr]
    # Nothing the reference shows: no check.
    assert fact_check("The table is sorted by points.", "Pts GD", "Pts GD") is None


def test_appeared_facts_are_those_new_on_the_checkpoint() -> None:
    assert appeared_facts(
        "Cart shows 2 items, subtotal $21.50.", "Cart 1 $12.50", "Cart 2 $21.50"
    ) == [
        "2",
        "$21.50",
    ]
    assert (
        appeared_facts("Paper Planes is playing again.", "Paper Planes Lumen", "Paper Planes") == []
    )
