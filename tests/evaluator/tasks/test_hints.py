"""Target hints read off realistic natural-language descriptions (published tasks)."""

from __future__ import annotations

import pytest

from evaluator.tasks.hints import derive, explain
from evaluator.tasks.places import colour_hint, position_hint
from evaluator.tasks.vocabulary import content_words

TABLE = [
    # (description, action type, typed text, expected target)
    (
        "Click the 'Add to cart' button under the blue sneakers",
        "click",
        None,
        {"text": "Add to cart", "role": "button"},
    ),
    (
        "type john@example.com into the email field",
        "type",
        "john@example.com",
        {"placeholder": "email", "label": "email", "role": "textbox"},
    ),
    ("press Enter", "press", None, {}),
    # A pronoun names nothing: no "it" to look for (heldout6's h6-compare #9).
    ("Put it in the bag", "click", None, {"text": "Put it in the bag"}),
    ("Scroll down to the footer", "scroll", None, {}),
    ("Click on the Login button", "click", None, {"text": "Login", "role": "button"}),
    # A name right after the verb, then a preposition: the role word places the target.
    ("Click All at the start of the section menu", "click", None, {"text": "All"}),
    ("Open Settings from the user menu", "click", None, {"text": "Settings"}),
    ("Click the blue Submit button", "click", None, {"text": "Submit", "role": "button"}),
    ("Click the button labeled Continue", "click", None, {"text": "Continue", "role": "button"}),
    ("Click Add to Cart under the blue sneakers", "click", None, {"text": "Add to Cart"}),
    ('Click on "Sign Up"', "click", None, {"text": "Sign Up"}),
    ("Click the 15% tip button", "click", None, {"text": "15%", "role": "button"}),
    ("Click on the Pricing tab", "click", None, {"text": "Pricing", "role": "tab"}),
    ("Click the next page link", "click", None, {"text": "next page", "role": "link"}),
    (
        "Check the 'I agree to the terms' checkbox",
        "click",
        None,
        {"text": "I agree to the terms", "role": "checkbox"},
    ),
    ("Select the 'Medium' size option", "click", None, {"text": "Medium", "role": "option"}),
    (
        "Click the shopping cart icon",
        "click",
        None,
        {"text": "shopping cart", "label": "shopping cart"},
    ),
    ("Click the Don't save button", "click", None, {"text": "Don't save", "role": "button"}),
    (
        "Type 'hello world' in the search box",
        "type",
        "hello world",
        {"placeholder": "search", "label": "search", "role": "textbox"},
    ),
    (
        "Enter 'Ada' into the 'Your name' field",
        "type",
        "Ada",
        {"placeholder": "Your name", "label": "Your name", "role": "textbox"},
    ),
    (
        "Type 142.50 into the Bill input",
        "type",
        "142.50",
        {"placeholder": "Bill", "label": "Bill", "role": "textbox"},
    ),
    (
        "Type your last name in the last name field",
        "type",
        "Lovelace",
        {"placeholder": "last name", "label": "last name", "role": "textbox"},
    ),
    # The verb is the button's label; the runner ranks "Add" buttons by the words around.
    ("Add the Margherita Pizza", "click", None, {"text": "Add"}),
    # A phrasal verb is no label: "Send back" returns something (h11-boots #2).
    ("Send it back", "click", None, {"text": "Send it back"}),
    ("Star this email", "click", None, {"text": "Star"}),
    ("Put an X in the top-left square (A1)", "click", None, {"text": "A1"}),
    ("Choose the 10:30 time", "click", None, {"text": "10:30"}),
    ("Pick Thursday 12 March in the calendar", "click", None, {"text": "Thursday 12 March"}),
    ("Click Wednesday in the 7-day forecast", "click", None, {"text": "Wednesday"}),
    # Symbols name their buttons, even beside a quoted item name.
    (
        "Move 'Write release notes' to In progress with its → button",
        "click",
        None,
        {"text": "→", "role": "button"},
    ),
    ("Increase the pizza to 2 with the + in the cart", "click", None, {"text": "+"}),
    ("Increase the quantity to 2", "click", None, {"text": "+"}),
    ("Go to the next month", "click", None, {"text": "next month"}),
    # A leading verb is no role word.
    ("Switch to the Following tab", "click", None, {"text": "Following", "role": "tab"}),
    ("Switch the units to Fahrenheit", "click", None, {"text": "Fahrenheit"}),
    (
        "Enter 3 as the number of people",
        "type",
        "3",
        {"placeholder": "number of people", "label": "number of people", "role": "textbox"},
    ),
    (
        "Type the email ada@example.com",
        "type",
        "ada@example.com",
        {"placeholder": "email", "label": "email", "role": "textbox"},
    ),
    (
        "Search the mail for 'porto'",
        "type",
        "porto",
        {"placeholder": "search", "label": "search", "role": "textbox"},
    ),
    # A journey's ends named by a preposition are the From and To fields (heldout7).
    (
        "From Castle Hill",
        "type",
        "castle",
        {"placeholder": "From", "label": "From", "role": "textbox"},
    ),
    (
        "Start typing har where I'm leaving from",
        "type",
        "har",
        {"placeholder": "From", "label": "From", "role": "textbox"},
    ),
    ("Going to uni", "type", "uni", {"placeholder": "To", "label": "To", "role": "textbox"}),
    ("Send it to sam.k@example.com", "type", "sam.k@example.com", {}),
    # No field named: the text goes where the focus is (usually the field just clicked).
    ("Type the e-mail", "type", "a@b.c", {}),
    # A particle after the verb is a whole word: "Show only ..." is not "Show on ly ...".
    ("Show only remote jobs", "click", None, {"text": "only remote jobs"}),
    # Nothing to go by: the whole sentence is tried as visible text.
    ("Click", "click", None, {"text": "Click"}),
]


@pytest.mark.parametrize(("description", "kind", "typed", "expected"), TABLE)
def test_hints_from_descriptions(description, kind, typed, expected) -> None:
    hints = derive(description, kind, typed)
    assert hints.target == expected
    assert hints.reasons, "every choice is explained"


def test_the_trace_says_where_hints_came_from() -> None:
    derived = derive("Click on the Login button", "click")
    lines = explain(derived.target, "Click on the Login button", "click", None)
    assert lines == [
        "hint from the description: text 'Login': the words before 'button'",
        "hint from the description: role button: the word 'button'",
    ]
    assert explain({"selector": "#go"}, "Click Go", "click", None) == [
        "hints written in the task: selector '#go'"
    ]
    assert explain({}, "Press Enter", "press", None) == [
        "hint from the description: no target: a key press goes to the element with focus"
    ]


# Places in grids and lists as annotators write them -> the runner's position hint.
@pytest.mark.parametrize(
    ("description", "position"),
    [
        ("Turn over the second card in the top row", "row:1 col:2"),
        ("Turn over the last card in the second row", "row:2 col:-1"),
        ("Click the top-left card", "row:1 col:1"),
        ("Put an X in the bottom-right square (C3)", "row:-1 col:-1"),
        ("Click the rightmost card of row 2", "row:2 col:-1"),
        ("Click the square in column C, row 4", "row:4 col:3"),
        ("Click the square in column D of the bottom row", "row:-1 col:4"),
        ("Click the card at the end of the third row", "row:3 col:-1"),
        ("Click the middle cell of the left column", "row:mid col:1"),
        ("Add the dish in the second row on the left", "row:2 col:1"),
        ("Click the fourth song in the list", "index:4"),
        ("Open the first email in the list", "index:1"),
        ("Click the red Add button on the first dish", "index:1"),
        # Any noun said to be in the list is counted there.
        ("Pick the last treatment in the list", "index:-1"),
        # Top and bottom of a named column are its first and last item, not a grid's row.
        ("Click the left arrow on the top card of In progress", "index:1"),
        ("Click the bottom card in the Done column", "index:-1"),
        ("Turn over the second card in the top row", "row:1 col:2"),
        ("Choose the second plan in the list", "index:2"),
        # An ordinal of "them" counts the items just spoken of.
        ("Bookmark the first of them", "index:1"),
        ("Open the last one of those", "index:-1"),
        # Not places: an ordinal counting something else, a time, a single option.
        ("Add a second adult with the + button", ""),
        ("Choose the 10:30 time", ""),
        ("Follow the first person in Who to follow", ""),
    ],
)
def test_position_hint(description: str, position: str) -> None:
    assert position_hint(description) == position


@pytest.mark.parametrize(
    ("description", "typed", "words"),
    [
        ("Switch the units to Fahrenheit", None, "units ^fahrenheit ^°f"),
        ("Switch from Delivery to Pickup", None, "delivery ^pickup"),
        ("Skip to the next song", None, "skip next ^next ^› ^→ song"),
        ("Filter the teams by 'united'", "united", "filter teams"),
        ("Sort by highest salary", None, "sort highest salary"),
        ("Open the comments on Maya's post", None, "comments comment reply 💬 maya post"),
        ("Click the button", None, ""),
        # A number joined to its unit: apart, the unit with its abbreviations ("30 yr").
        ("Switch back to a 30-year term", None, "^30 ^year ^yr ^yrs term"),
        ("Set a 5-minute timer", None, "set 5 minute min mins timer"),
    ],
)
def test_content_words(description: str, typed: str | None, words: str) -> None:
    assert content_words(description, typed) == words


def test_colour_hint_and_abbreviated_days() -> None:
    assert colour_hint("Click the purple button under the board") == "124,58,237"
    assert colour_hint("Click the Wednesday tile") == ""
    assert "wed" in content_words("Click the Wednesday tile in the forecast").split()
