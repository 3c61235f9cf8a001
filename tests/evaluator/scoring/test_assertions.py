"""Logical assertions read as checks: quoted texts with their polarity."""

from __future__ import annotations

import pytest

from evaluator.scoring.assertions import Stated, assertion_check, stated_texts


@pytest.mark.parametrize(
    ("assertion", "expected"),
    [
        (
            "After the action, the page shows 'Cart (1)' and the page no longer shows "
            "'Your cart is empty'.",
            [Stated("Cart (1)", True), Stated("Your cart is empty", False)],
        ),
        (
            'After the action, the page shows "Yes! 7pm at Luca\'s?" and '
            "the page shows '4 unread'.",
            [Stated("Yes! 7pm at Luca's?", True), Stated("4 unread", True)],
        ),
        ("The message 'Saved' disappears", [Stated("Saved", False)]),
        ("The button is not labelled “Follow” any more", [Stated("Follow", False)]),
        ("Liked songs in the sidebar goes up to 1.", []),
        ("What's new shows the user's posts", []),
    ],
)
def test_quoted_texts_and_polarity(assertion: str, expected: list[Stated]) -> None:
    assert stated_texts(assertion) == expected


def test_check_says_what_it_checked() -> None:
    check = assertion_check(
        "the page shows 'Cart (1)' and no longer shows 'Cart (0)'", "Shop\nCart  (1)\n"
    )
    assert check is not None and check.ok
    assert "2/2 quoted texts" in check.detail
    bad = assertion_check("the page shows 'Cart (1)' and no longer shows 'Shop'", "Shop")
    assert bad is not None and not bad.ok
    assert "missing 'Cart (1)'" in bad.detail and "still shown 'Shop'" in bad.detail


def test_typed_text_counts_as_shown_and_no_quotes_gives_none() -> None:
    check = assertion_check("the page shows 'grace@'", "Email", typed="grace@")
    assert check is not None and check.ok
    assert assertion_check("The cart count increases", "anything") is None


def test_typed_text_never_keeps_a_text_still_shown() -> None:
    # Typed into the new-task box, added (the box emptied), then filtered away.
    check = assertion_check(
        "After the action, the page shows 'Buy milk' and the page no longer shows 'Walk the dog'.",
        "Buy milk\n1 item left",
        typed="Buy milk Walk the dog",
    )
    assert check is not None and check.ok, check
    # Still on the page text (a painted field value included): still shown.
    kept = assertion_check(
        "the page no longer shows 'Walk the dog'", "Walk the dog", typed="Walk the dog"
    )
    assert kept is not None and not kept.ok


def test_a_quote_the_reference_does_not_show_as_stated_is_not_asked() -> None:
    """h5-trash #2: "Budget 2026.xlsx drops out, ... the box at the bottom says Removed the
    star from “Budget 2026.xlsx”": "Removed" before the quote reads as a negation, yet the
    reference's own checkpoint shows the quote. Read against it, the quote is not asked."""
    assertion = (
        "Budget 2026.xlsx drops out, 3 items, and the box at the bottom says "
        "Removed the star from “Budget 2026.xlsx”."
    )
    page = "Starred\n3 items\nRemoved the star from “Budget 2026.xlsx”. Undo"
    plain = assertion_check(assertion, page)
    assert plain is not None and not plain.ok
    # OCR of the reference: quotes and case read loosely, its tokens still hold the quote.
    reference = 'Starred 3 items Removed the star from "Budget 2026.xIsx" Undo\nbudget 2026.xlsx'
    assert assertion_check(assertion, page, reference_after=reference) is None
    # Where the reference does not show it, it is asked as before.
    gone = "Starred 3 items Removed the star. Undo"
    kept = assertion_check(assertion, page, reference_after=gone)
    assert kept is not None and not kept.ok and "still shown" in kept.detail
    # Each failing quote is read against the reference: one it shows as stated still
    # decides, one it does not is dropped with a note.
    mixed = assertion_check(
        "the page shows 'Cart (1)' and no longer shows 'Shop'",
        "Shop",
        reference_after="Shop Cart (1)",
    )
    assert mixed is not None and not mixed.ok
    assert "still shown 'Shop'" not in mixed.detail
    assert "missing 'Cart (1)'" in mixed.detail
    assert "not asked, the reference's checkpoint does not show them as stated: 'Shop'" in (
        mixed.detail
    )
