"""Nudges read off descriptions (pure: evaluator/tasks/nudges.py): a stepper's direction and
item, and a move to the member after or before the chosen one."""

from __future__ import annotations

import pytest

from evaluator.tasks.nudges import shift_hint, step_hint


@pytest.mark.parametrize(
    ("description", "step"),
    [
        ("Add a bottle cage", "more|bottle cage"),
        ("One more adult please", "more|adult"),
        ("Add another guest", "more|guest"),
        ("Remove one child", "fewer|child"),
        ("One child fewer", "fewer|child"),
        ("Decrease the nights", "fewer|nights"),
        # No item named: nothing to look for.
        ("Make that two", ""),
        ("Add one more", ""),
        # Both ways said: no step.
        ("Remove one more", ""),
        ("Open the size finder", ""),
    ],
)
def test_step(description: str, step: str) -> None:
    assert step_hint(description) == step


@pytest.mark.parametrize(
    ("description", "shift"),
    [
        ("One size bigger", "next|size"),
        ("Go a size down", "previous|size"),
        ("One seat higher", "next|seat"),
        ("Bigger still", ""),
        ("Give Mina's comment a thumbs up", ""),
        ("Pick size L", ""),
    ],
)
def test_shift(description: str, shift: str) -> None:
    assert shift_hint(description) == shift
