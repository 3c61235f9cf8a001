"""The vocabulary of what controls mean (``evaluator.tasks.vocabulary.MEANINGS``): a
description names an icon by what it shows or does, a label by a paraphrase; the runner gets
the meaning's words, glyphs and icon names (``target.means``) and votes for the control
whose own name or icon says so (``sandbox/runner/words.py``, MEANS_JS)."""

from __future__ import annotations

import pytest

from evaluator.tasks.targeting import runner_extras
from evaluator.tasks.vocabulary import MEANINGS, meaning_hint, meanings_of


@pytest.mark.parametrize(
    ("description", "meanings"),
    [
        # Icons named by what they do or show.
        ("Put it away with the middle button above the message", ["archive"]),
        # heldout6 and heldout7: a speaker's play, a comment's thumbs-up, a bare "Search".
        ("Put some music on in here", ["play"]),
        ("Give Mina's comment a thumbs up", ["thumbs up"]),
        ("Answer her that a miss still goes to fetch_tariff", ["reply"]),
        ("Search", ["search"]),
        ("Go", ["search"]),
        ("Keep the second one", ["bookmark"]),
        ("File this away", ["archive"]),
        ("Bookmark the first of them", ["bookmark"]),
        ("Save it for later", ["bookmark"]),
        ("Star this one", ["star"]),
        ("Make it a favourite", ["star"]),
        ("Click the heart to like this song", ["heart"]),
        ("Throw it in the bin", ["delete"]),
        ("Get rid of the second task", ["delete"]),
        ("Dismiss the banner", ["close"]),
        ("Make it two phones", ["increase"]),
        ("Make it forty", ["increase"]),
        ("Make that twenty-five", ["increase"]),
        ("Add one more guest", ["increase"]),
        ("One fewer ticket", ["decrease"]),
        ("Open the gear", ["settings"]),
        ("Click the hamburger", ["menu"]),
        ("Click the magnifying glass", ["search"]),
        ("Rename it with the pencil", ["edit"]),
        ("Reload the feed", ["refresh"]),
        ("Pause the song", ["pause"]),
        ("Mute the video", ["mute"]),
        ("Click the three dots on the card", ["more options"]),
        ("Pin the note", ["pin"]),
        ("Forward the email", ["forward"]),
        # Paraphrases of a label.
        ("Go on to the following page with the button at the bottom", ["next"]),
        ("Continue", ["next"]),
        ("Go back a step with the button next to the red one", ["previous"]),
        ("Switch to paying once a year", ["yearly"]),
        ("Pay annually", ["yearly"]),
        ("Back to paying per month", ["monthly"]),
        # A phrasal verb: "send back" is a return, not the Send button (h11-boots #2).
        ("Send back something from the boots order", ["return"]),
        ("Send the message", ["send"]),
        ("Return to the list", []),
        # Not meanings: "next to" places, "go back to X" goes to X, a word inside another.
        ("Click the button next to the price", []),
        ("Go back to every section with the first button of the menu", []),
        ("Open the Pinterest link", []),
        ("Click the Login button", []),
    ],
)
def test_meanings_of_descriptions(description: str, meanings: list[str]) -> None:
    assert meanings_of(description) == meanings


def test_meaning_hint_sends_words_glyphs_and_icon_names() -> None:
    hint = meaning_hint("Make it two phones")
    name, tokens = hint.split(": ")
    assert name == "increase"
    # Words and glyphs a control shows; icon names (#) only read off icon classes and
    # sprites: "add" is Material's plus, but an "Add to bag" button is no plus.
    assert {"+", "increase", "#plus", "#add"} <= set(tokens.split())
    assert "add" not in tokens.split()
    assert meaning_hint("Click the Login button") == ""


def test_meanings_go_with_clicks_only_and_name_the_target_not_the_anchor() -> None:
    assert "means" not in runner_extras("Type 2 as the number of guests, one more", "2")
    # The anchor's words place the target; they do not say what it means.
    extras = runner_extras("Click the heart next to the play button")
    assert extras["means"].startswith("heart:")
    assert "play:" not in extras["means"]


def test_every_meaning_is_said_and_shown() -> None:
    for name, meaning in MEANINGS.items():
        assert meaning.said and meaning.shown, name
        assert all(" " not in t for t in meaning.shown + meaning.drawn), name


def test_a_code_names_the_target_itself() -> None:
    # "Flag the mine on C2": the square C2 is flagged; the "Flag mode" toggle is no target.
    assert meaning_hint("Flag the mine on C2") == ""
    assert meaning_hint("Star the seat 4B") == ""
    assert meaning_hint("Flag the mine") != ""
