"""Everything the runner gets besides the target hints, read off an action's description:
the content words (last resort), the grid or list place, the colour, and the relation to
an anchor ("under the price"). Each is a written-down rule of :mod:`evaluator.tasks.places`
or :mod:`evaluator.tasks.vocabulary`; the runner explains in the step's ``target.why``
which of them decided.
"""

from __future__ import annotations

import re

from evaluator.tasks.hints import quoted
from evaluator.tasks.nudges import shift_hint, step_hint
from evaluator.tasks.places import (
    COLOURS,
    anchor_name,
    colour_hint,
    container_hint,
    page_corner,
    position_hint,
    position_item,
    refers_back,
    relation_hint,
    says_again,
    says_repeat,
)
from evaluator.tasks.tables import counts_cells, table_place
from evaluator.tasks.vocabulary import content_words, meaning_hint

# "Move 'Fix login bug' to Done", "Drag the card to the In progress column": a move.
_MOVE_RE = re.compile(
    r"^\s*(?:move|drag|send)\s+(?!to\b).+?\bto\s+(?:the\s+)?(.+?)(?:\s+(?:column|list|lane|stage))?"
    r"(?:\s+(?:with|using|by)\b.*)?\s*[.!]?$",
    re.IGNORECASE,
)


_SIZES = {"big", "small", "large", "tiny", "little", "huge"}
_BIG_RE = re.compile(r"\b(?:big|bigger|biggest|large|larger|largest|huge)\b", re.IGNORECASE)
# Verbs done with a control on an item ("Delete the 'Old copy' card") -> what it shows.
ACT_WORDS: dict[str, tuple[str, ...]] = {
    "delete": ("delete", "remove", "×", "✕", "🗑"),
    "remove": ("remove", "delete", "×", "✕", "🗑"),
    "select": ("select", "choose", "book"),
    "choose": ("choose", "select"),
    "pick": ("pick", "select", "choose"),
    "book": ("book", "select"),
    "edit": ("edit", "✎", "✏"),
    "archive": ("archive",),
    "open": ("open", "view"),
    "view": ("view", "open"),
    "reply": ("reply",),
    "like": ("like", "♥", "♡"),
    "save": ("save", "bookmark"),
    "follow": ("follow",),
    "apply": ("apply",),
    "buy": ("buy", "add"),
    "add": ("add",),
}


# "Tick the box of the first ingredient": the place counts checkboxes only.
_CHECKBOX_RE = re.compile(r"\b(?:tick|untick|check ?box(?:es)?)\b", re.IGNORECASE)


def move_hint(description: str, item: str = "") -> str:
    """The destination of a move ("Move 'Fix login bug' to Done" -> "Done"), or "";
    with the item that moves after a bar when known ("Done|Fix login bug")."""
    match = _MOVE_RE.match(description)
    if not match:
        return ""
    destination = match.group(1).strip(" '\"")
    return f"{destination}|{item}" if item else destination


def derive_item(description: str) -> str:
    """The item a move names: its first quoted phrase ("Move 'X' to Done ...")."""
    found = quoted(description)
    return found[0] if found else ""


def runner_extras(description: str, typed_text: str | None = None) -> dict[str, str]:
    """``words``, ``means``, ``position``, ``colour`` and ``near`` for a click or type
    whose target has no selector; empty values left out.

    With a relation ("the heart outline next to the big green button") the words, place
    and colour are read from the part that names the target ("the heart outline"), and
    the anchor's own words and colour travel in ``near`` ("near|big green|22,163,74"):
    the anchor's words would otherwise pick the anchor itself. An anchor with a name
    travels as its name ("under Maya Chen's post" -> "below|maya chen"); a click placed in
    a named container ("in the Method card") as a relation of kind "in" ("in|method").
    """
    relation = relation_hint(description)
    if relation is None and not typed_text:
        # A container ("in the Method card") places a click, never a typed text's field.
        relation = container_hint(description)
    head = relation.head if relation else description
    extra = {
        "words": content_words(head, typed_text),
        "position": position_hint(head),
        "colour": colour_hint(head),
        "move": move_hint(description, derive_item(description)),
        "act": " ".join(ACT_WORDS.get(description.split()[0].lower(), ()))
        if description.split()
        else "",
        "size": "big" if _BIG_RE.search(head) else "",
        "corner": page_corner(description),
        # What the control does or shows, named by a paraphrase or an icon's meaning ("Put
        # it away": archive): a click's route when no text, label or placeholder hint
        # found anything (sandbox/runner/words.py, MEANS_JS).
        "means": "" if typed_text else meaning_hint(head),
        # Doing it once more: the recording's pointer on the last target counts (POINTED_JS);
        # "2": said to be the same control, so the last resort clicks it again.
        "again": "2" if says_repeat(description) else "1" if says_again(description) else "",
        # A nudge (sandbox/runner/nudges.py): a stepper's + or − by its item's card, the
        # member after or before the chosen one.
        "step": step_hint(description),
        "shift": shift_hint(description),
    }
    # A table's place (tables.py): a line named by its label, or a grid place counting cells.
    extra["table"] = table_place(head) or (
        extra["position"] if extra["position"].startswith("row:") and counts_cells(head) else ""
    )
    if extra["position"] and _CHECKBOX_RE.search(head):
        extra["position"] += " of:checkbox"
    elif extra["position"].startswith("index:") and position_item(head):
        extra["position"] += f" item:{position_item(head)}"
    if relation:
        anchor = relation.anchor
        if anchor != "@last":
            colour = colour_hint(anchor)
            # Its own words, without the marks, colours and sizes ("big green" names a
            # colour the runner matches apart); its name alone when it has one.
            anchor = " ".join(
                w.lstrip("^")
                for w in content_words(anchor_name(anchor)).split()
                if w.lstrip("^") not in COLOURS and w.lstrip("^") not in _SIZES
            )
            # Words|colour|kind of container ("in the player bar": the bar, for when
            # "player" finds nothing), empty parts at the end left out.
            anchor = "|".join([anchor, colour, relation.holder]).rstrip("|")
        if anchor.strip("|"):
            extra["near"] = f"{relation.kind}|{anchor}"
    elif refers_back(description):
        extra["near"] = "tie|@last"
    return {k: v for k, v in extra.items() if v}
