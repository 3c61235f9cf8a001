"""Numbers and names an unquoted logical assertion states, checked on the page only where
the reference's checkpoint shows them (pure; evaluator/scoring/assertions.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluator.scoring import score
from evaluator.scoring.assertions import appeared_facts, fact_check, said_check, stated_facts
from evaluator.scoring.ocr import OcrResult
from evaluator.tasks.task import load_task
from tests.evaluator.conftest import TASK, write_task


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


def test_a_text_holds_on_a_page_that_runs_its_words_together() -> None:
    # h14-arena #1: the clue bar's "2D" badge sits beside its clue with no space between in
    # the browser's text; the screen (and the reference's OCR) shows "2D Venue for a gig".
    said, ref = "The bar shows 2D Venue for a gig", "Clues 2D Venue for a gig 1 2 3"
    assert said_check(said, ref, "Clues\n2DVenue for a gig\n1 2 3").ok  # type: ignore[union-attr]
    # Whole tokens still: not in "12DVenue for a gig", nor in "2DVenue for a gigs".
    assert not said_check(said, ref, "12DVenue for a gig").ok  # type: ignore[union-attr]
    assert not said_check(said, ref, "2DVenue for a gigs").ok  # type: ignore[union-attr]


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


def test_a_fact_the_page_showed_before_settles_nothing(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """h11-boots #2: "NB" and "Items" are new on the reference's checkpoint (the recording had
    scrolled the order away), but the judged page showed them before the action: no
    evidence of it, so the OCR text transition is still asked."""
    data = {**TASK, "actions": [{**TASK["actions"][0], "expect": {}}]}
    data["actions"][0]["assertion"] = "A Return items from NB-20388 window on step 1, Items."
    task = load_task(write_task(tmp_path, data, shots=2))
    readings = {
        "step_0.png": "Your orders\nTrack",
        "step_1.png": "Return items from NB-20388 Items 1",
    }
    monkeypatch.setattr(score.ocr, "read", lambda path: OcrResult((), (readings[Path(path).name],)))
    before = "Your orders\nReturns 1\nNB-20388 Delivered\nReturn items"
    after = "Your orders\nNB-20388 Delivered\nReturn items\nStep 1"
    facts, settled = score._fact_checks(task, 1, after, "", before)
    assert facts and facts[0].ok and not settled
    # A page that did not show them before: the stated facts are the action's change.
    _, fresh = score._fact_checks(task, 1, after, "", "Your orders")
    assert fresh
