"""Relations, places and the runner's extra hints read off real-shaped descriptions
(pure: the rules of evaluator/tasks/places.py, vocabulary.py and targeting.py)."""

from __future__ import annotations

import pytest

from evaluator.tasks.hints import derive
from evaluator.tasks.places import position_hint, relation_hint
from evaluator.tasks.targeting import move_hint, runner_extras
from evaluator.tasks.vocabulary import content_words

# (description, kind, anchor, head): the anchor is another element; the head names the
# target; "@last" is the previous action's target.
RELATIONS = [
    (
        "Click the heart outline next to the big green button",
        "near",
        "big green button",
        "Click the heart outline",
    ),
    (
        "Click the card right next to it in the first row",
        "near",
        "@last",
        "Click the card in the first row",
    ),
    # A number's decimal point does not end the anchor.
    ("Click the orange button beside $14.50", "near", "$14.50", "Click the orange button"),
    (
        "Click the purple button under the board to play again",
        "below",
        "board",
        "Click the purple button to play again",
    ),
    (
        "Click the skip back icon left of the play button",
        "left",
        "play button",
        "Click the skip back icon",
    ),
    (
        "Click the skip forward icon to the right of the play button",
        "right",
        "play button",
        "Click the skip forward icon",
    ),
    ("Click 'Add to cart' under Espresso Blend", "below", "Espresso Blend", "Click 'Add to cart'"),
    ("Click the star above the message", "above", "message", "Click the star"),
    (
        "Click the small Add button beside the leather case picture",
        "near",
        "leather case picture",
        "Click the small Add button",
    ),
    ("Click the button under the price", "below", "price", "Click the button"),
]
NO_RELATION = [
    # A side of the thing named is a place in it, not beside it.
    "Also grab the gold-edged seat at the far left of row G",
    "Click the button on the right of the toolbar",
    "Skip to the next song",
    "Turn over the first card in the top row",
    "Scroll down to the brewing gear",
    "Next, click Save",
    "Click the heart to favourite it",
]


@pytest.mark.parametrize(("description", "kind", "anchor", "head"), RELATIONS)
def test_relation_hint(description: str, kind: str, anchor: str, head: str) -> None:
    relation = relation_hint(description)
    assert relation is not None
    assert (relation.kind, relation.anchor, relation.head) == (kind, anchor, head)


@pytest.mark.parametrize("description", NO_RELATION)
def test_no_relation(description: str) -> None:
    assert relation_hint(description) is None


def test_the_runner_gets_the_anchor_apart_from_the_target_words() -> None:
    extra = runner_extras("Click the heart outline next to the big green button")
    # The anchor's words would pick the anchor itself ("button", "green"): they travel
    # apart, with the anchor's colour.
    assert extra["near"] == "near||22,163,74"
    assert extra["words"].split()[:2] == ["heart", "like"]
    assert "colour" not in extra
    extra = runner_extras("Press the green button under the score panel")
    assert extra["near"] == "below|score panel" and extra["colour"] == "22,163,74"
    assert runner_extras("Click the card right next to it in the first row")["near"] == (
        "near|@last"
    )
    assert "near" not in runner_extras("Skip to the next song")
    # A Capitalised "Next" is a button, not "next to".
    assert "near" not in runner_extras("Click Next to go to preferences")


# Clicks named by what is beside them: the target's own name comes from the head.
@pytest.mark.parametrize(
    ("description", "target"),
    [
        ("Click the heart outline next to the big green button", {"text": "heart outline"}),
        ("Click the plus next to the quantity", {"text": "+"}),
        ("Click the plus once more", {"text": "+"}),
        (
            "Click the small Add button beside the leather case picture",
            {"text": "Add", "role": "button"},
        ),
        ("Click New game next to the flag toggle", {"text": "New"}),
        # The head names nothing: the whole sentence does (the row names the checkbox).
        ("Tick the checkbox next to 'Buy milk'", {"text": "Buy milk", "role": "checkbox"}),
    ],
)
def test_click_hints_with_a_relation(description: str, target: dict[str, str]) -> None:
    assert derive(description, "click").target == target


# Keys pressed in a field the description names go to that field; others to the focus.
@pytest.mark.parametrize(
    ("description", "field"),
    [
        ("Press Backspace to clear the search", "search"),
        ("Press Escape to clear the filter", "filter"),
        ("Select all of the home price", "home price"),
        ("Press Backspace to clear the home price", "home price"),
        ("Select the search text and delete it", "search"),
        ("Press Enter in the promo code box", "promo code"),
        ("Press 3 on the keyboard to choose Earth", ""),
        ("Press Enter to submit the guess", ""),
        ("Press Escape to close the new card box", ""),
        ("Press the right arrow key to see the next photo", ""),
        ("Press Enter", ""),
    ],
)
def test_press_names_its_field(description: str, field: str) -> None:
    target = derive(description, "press").target
    expected = {"placeholder": field, "label": field, "role": "textbox"} if field else {}
    assert target == expected


@pytest.mark.parametrize(
    ("description", "position"),
    [
        ("Select the middle storage option", "index:mid"),
        ("Click the team in first place", "index:1"),
        ("Click the first chip of the filter row", "index:1"),
        ("Click the third tab below the product photo", "index:3"),
        ("Click the fourth day of the 7-day forecast", "index:4"),
        ("Win the round by playing the middle-left square (A2)", "row:mid col:1"),
        # Middle, leftmost and rightmost place any noun; "last" only a list's item.
        ("Take the middle fare", "index:mid"),
        ("Choose the rightmost theme", "index:-1"),
        ("Select the cheapest one, the last in the list", "index:-1"),
        ("Click in the middle of the board", ""),
        ("Lower the tip with the middle button of the top row", "row:1 col:mid"),
        ("Show the whole year instead of the last week", ""),
        # A row's ends named by side: its first or last item, the start before the end.
        ("Also grab the gold-edged seat at the far left of row G", "row:7 col:1 label:G"),
        ("Take the seat at the left end of row G", "row:7 col:1 label:G"),
        ("Take the seat at the far right of row C", "row:3 col:-1 label:C"),
        ("Book the seat at the end of row 2", "row:2 col:-1"),
    ],
)
def test_more_places(description: str, position: str) -> None:
    assert position_hint(description) == position


@pytest.mark.parametrize(
    ("description", "first_words"),
    [
        # "skip back" is the previous song, not the next.
        ("Click the skip back icon", ["previous", "prev"]),
        ("Click the skip forward icon", ["next", "›"]),
        ("Click the speech bubble under the post", ["comment", "comments"]),
        ("Expand the processor story", ["expand", "more"]),
        ("Sort by points again", ["sort", "points", "pts"]),
        # A lower-case x after "the" is the cross a control shows.
        ("Click the x on the first card", ["cross", "close", "×"]),
        ("Show only the finished ones", ["only", "finished", "completed"]),
        # A kind of spending brings its class: the chip may say "Dining".
        ("Show only restaurant and cafe spending", ["only", "restaurant", "dining"]),
        ("Mask the amounts", ["mask", "hide", "amounts"]),
        # A split button's caret: "More merge options" (heldout7's h7-merge #7).
        ("Open the other ways to merge", ["options", "more"]),
    ],
)
def test_words_for_what_the_page_shows(description: str, first_words: list[str]) -> None:
    assert content_words(description).split()[: len(first_words)] == first_words


def test_page_corners_are_no_grid_places() -> None:
    assert position_hint("Click the orange button at the top left") == ""
    assert position_hint("Click °F in the top right corner") == ""
    assert position_hint("Click the top-left card") == "row:1 col:1"


@pytest.mark.parametrize(
    ("description", "destination", "sent"),
    [
        ("Move 'Fix login bug' to Done", "Done", "Done|Fix login bug"),
        (
            "Move 'Write release notes' to In progress with its → button",
            "In progress",
            "In progress|Write release notes",
        ),
        ("Drag the card to the In progress column", "In progress", "In progress"),
        ("Move to the next question", "", ""),
        ("Switch the units to Fahrenheit", "", ""),
    ],
)
def test_moves_name_their_destination(description: str, destination: str, sent: str) -> None:
    # The runner gets the item too when it is quoted (the text hint may be the → symbol).
    assert move_hint(description) == destination
    assert runner_extras(description).get("move", "") == sent


@pytest.mark.parametrize(
    ("description", "typed", "key", "value"),
    [
        ("Delete the 'Old landing page copy' card", None, "act", "delete remove × ✕ 🗑"),
        ("Select the direct SK 808 flight at 09:40", None, "act", "select choose book"),
        ("Select the direct SK 808 flight at 09:40", None, "position", ""),
        ("Click the big red button at the bottom of the order panel", None, "size", "big"),
        ("Tick the box of the first ingredient", None, "position", "index:1 of:checkbox"),
        ("Fill in sam@example.com as the recipient", "sam@example.com", "words", "recipient to"),
        # A container names where the target is; its name is the anchor.
        ("Click the dark red button in the Method card", None, "near", "in|method||card"),
        ("Press play in the player bar", None, "near", "in|player||bar"),
        ("Type Lisbon in the From field", "Lisbon", "near", ""),
        ("Open the first email in the list", None, "near", ""),
        # An anchor with a name is found by the name ("post" is also a button's word).
        ("Click the heart under Maya Chen's post", None, "near", "below|maya chen"),
        ("Click the speech bubble under Maya's post", None, "near", "below|maya"),
        ("Press the green button under the score panel", None, "near", "below|score panel"),
        # A greeting is found by the words pages greet with.
        (
            "Hide them with the button next to the greeting",
            None,
            "near",
            "near|greeting hello hi hey welcome morning afternoon evening",
        ),
        # A list place says what it counts, unless that is a generic word.
        ("Click the third tab below the product photo", None, "position", "index:3 item:tab"),
        ("Click the first chip of the filter row", None, "position", "index:1 item:chip"),
        ("Select the middle storage option", None, "position", "index:mid"),
        ("Pick the last treatment in the list", None, "position", "index:-1 item:treatment"),
        ("Switch back to the leftmost filter", None, "position", "index:1 item:filter"),
        ("Take the middle fare", None, "position", "index:mid item:fare"),
        ("Choose the rightmost theme", None, "position", "index:-1 item:theme"),
        # A field placed by a relation: the anchor travels apart (no field name, see hints).
        (
            "Fill in lena@fischer.io in the field under the name",
            "lena@fischer.io",
            "near",
            "below|name",
        ),
        ("Turn over the second card in the top row", None, "position", "row:1 col:2"),
        ("Click the saved stories button at the top right", None, "corner", "top-right"),
        ("Click the top-left card", None, "corner", ""),
    ],
)
def test_runner_extras(description: str, typed: str | None, key: str, value: str) -> None:
    assert runner_extras(description, typed).get(key, "") == value


@pytest.mark.parametrize(
    ("description", "kind", "typed", "target"),
    [
        ("Go back to the For you tab", "click", None, {"text": "For you", "role": "tab"}),
        (
            "Start typing the email: 'grace@'",
            "type",
            "grace@",
            {"placeholder": "email", "label": "email", "role": "textbox"},
        ),
        (
            "Fill in sam@example.com as the recipient",
            "type",
            "sam@example.com",
            {"placeholder": "recipient", "label": "recipient", "role": "textbox"},
        ),
        # "under the name" places the field; it is not the field's name.
        ("Fill in lena@fischer.io in the field under the name", "type", "lena@fischer.io", {}),
    ],
)
def test_names_annotators_write(description, kind, typed, target) -> None:
    assert derive(description, kind, typed).target == target


@pytest.mark.parametrize(
    ("description", "near"),
    [
        ("Archive it", "tie|@last"),
        ("Bookmark that story", "tie|@last"),
        ("Star this email", "tie|@last"),
        ("Click the card right next to it", "near|@last"),
        ("Click Save", ""),
    ],
)
def test_pointing_back_breaks_ties_by_the_last_target(description: str, near: str) -> None:
    assert runner_extras(description).get("near", "") == near


@pytest.mark.parametrize(
    ("description", "again"),
    [
        ("Bigger still", "1"),
        # Said to be the same control: "2", the runner's last resort clicks it again.
        ("Add another one", "2"),
        ("Two more", "2"),
        ("Do it again", "2"),
        # Undoing what was just done: the same control ("Unsolo it" after soloing).
        ("Unsolo it", "2"),
        ("Unmute that", "2"),
        # Adding to the last action, as often with another control (h3-waitlist #5,
        # h11-tees #4: the stepper's − after the row's tick): the pointer only.
        ("Open the top one too", "1"),
        ("Just two of them", "1"),
        ("Skip this song", ""),
        ("Unstar the second one", ""),
        ("Under it, the blue one", ""),
        # "moreover" and "stillness" are other words.
        ("Open the stillness playlist", ""),
    ],
)
def test_doing_it_once_more_trusts_the_pointer_on_the_last_target(
    description: str, again: str
) -> None:
    assert runner_extras(description).get("again", "") == again
