"""Actions named by how they change what is there, not by the control: "Add a bottle cage"
(the + of the cage's stepper), "One fewer adult" (its −), "One size bigger" (the size after
the chosen one). The runner finds such a control by the item's card or the chosen one's
group (``sandbox/runner/nudges.py``); here the description is read for the direction and
the item.
"""

from __future__ import annotations

import re

from evaluator.tasks.vocabulary import content_words

# The verb or words saying one more or one fewer of an item.
# "One more adult", "One child fewer": the item may stand between.
_MORE_RE = re.compile(
    r"^\s*(?:add|increase|raise)\b|\b(?:one|1)\s+(?:[a-z]+\s+)?more\b|\banother\b|\bextra\b",
    re.I,
)
_FEWER_RE = re.compile(
    r"^\s*(?:remove|decrease|reduce|lower)\b|\b(?:one|1)\s+(?:[a-z]+\s+)?(?:fewer|less)\b|"
    r"\btake\s+(?:away|off)\b",
    re.I,
)
# Words that say the step, not the item.
_STEP_WORDS = {
    "add", "increase", "raise", "more", "another", "extra", "remove", "decrease",
    "reduce", "lower", "fewer", "less", "take", "away", "off", "one", "please", "too",
    "also", "again",
}  # fmt: skip
# "One size bigger", "a size down", "go one seat further back": the member of a group after
# or before the chosen one.
_SHIFT_RE = re.compile(
    r"\b(?:one|a)\s+([a-z]+)\s+(bigger|larger|higher|up|smaller|lower|down)\b", re.I
)
_AFTER = {"bigger", "larger", "higher", "up"}


def step_hint(description: str) -> str:
    """``target.step`` for a stepper: "more|bottle cage" or "fewer|adult" (the direction
    and the words naming the item), "" when the description says no step or names no
    item. The runner clicks the + or − of the one stepper on the item's card, and nothing
    when the card holds no single pair."""
    more, fewer = _MORE_RE.search(description), _FEWER_RE.search(description)
    if bool(more) == bool(fewer):
        return ""
    # The words naming the item: no step word, nor a sign the step words bring ("−").
    item = [
        w.lstrip("^")
        for w in content_words(description).split()
        if w.lstrip("^") not in _STEP_WORDS and re.search(r"[^\W\d_]", w)
    ]
    return f"{'more' if more else 'fewer'}|{' '.join(item)}" if item else ""


def shift_hint(description: str) -> str:
    """``target.shift``: "next|size" for "One size bigger", "previous|size" for "a size
    down"; "" when none. The runner clicks the member after (or before) the chosen one in
    the group the noun names."""
    match = _SHIFT_RE.search(description)
    # A plural is no member counted on ("a thumbs up").
    if not match or re.search(r"[^s]s$", match.group(1)):
        return ""
    way = "next" if match.group(2).lower() in _AFTER else "previous"
    return f"{way}|{match.group(1).lower()}"
