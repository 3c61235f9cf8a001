"""Times of day said in words give the numbers a page's clock shows for them."""

from __future__ import annotations

import pytest

from evaluator.tasks.clock import clock_words
from evaluator.tasks.vocabulary import content_words


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("Wednesday half three too", ["3", "03", "15", "30"]),
        ("Half past seven", ["7", "07", "19", "30"]),
        ("A quarter past ten", ["10", "22", "15"]),
        ("quarter to seven", ["6", "06", "18", "45"]),
        ("quarter to one", ["12", "45"]),
        # Each "quarter to" is 45 past the hour before, the second as the first.
        ("quarter to seven or quarter to nine", ["6", "06", "18", "45", "8", "08", "20"]),
        ("Six o'clock", ["6", "06", "18", "00"]),
        ("seven thirty, please", ["7", "07", "19", "30"]),
        ("Book it for 7pm", ["19", "00"]),
        ("at 7.30 p.m.", ["19", "30"]),
        ("10:15am works", ["10", "15"]),
        ("Make it noon", ["12", "00"]),
        # No time: a count, a bare number, a half that is no time.
        ("Three tickets", []),
        ("Wednesday at 10 as well", []),
        ("Cut it in half", []),
        ("half thirteen", []),
    ],
)
def test_times_said_in_words(said: str, shown: list[str]) -> None:
    assert clock_words(said) == shown


def test_the_description_words_carry_the_clock() -> None:
    words = content_words("Wednesday half three too").split()
    assert words[:2] == ["wednesday", "wed"]
    assert {"15", "30"} <= set(words)
    assert content_words("Three tickets") == "three tickets"
