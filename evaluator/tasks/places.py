"""Places a description names: a cell of a grid or an item of a list ("the second card in
the top row", "column C, row 4", "the fourth song"), and a colour ("the green button").

Both are read on the host and sent to the runner as votes (``target.position``,
``target.colour``; see ``sandbox/runner/places.py``): a place names one element where a
word like "card" names many.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Places in a grid or list, as people name them ("the second card in the top row", "the
# top-left square", "column C, row 4", "the fourth song in the list").
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "last": -1, "final": -1,
    "top": 1, "bottom": -1, "left": 1, "right": -1, "leftmost": 1, "rightmost": -1,
    "middle": 0, "centre": 0, "center": 0,
}  # fmt: skip
# Any of those words, or a number with or without its suffix ("row 3", "the 3rd row").
_ORD = "(" + "|".join(ORDINALS) + r"|\d+(?:st|nd|rd|th)?)"
_ITEMS = (
    r"(?:card|square|cell|tile|item|song|track|row|photo|picture|image|result|email|"
    r"message|dish|product|option|story|article|post|entry|box|button|one|place|chip|pill|"
    r"tab|day|swatch|circle|link|thumbnail|team|player|contact|conversation|chat|"
    r"job|flight|review|comment|question|answer|choice|slot|drink|ingredient|task|todo|"
    r"note|file|folder|order|transaction|event|city|country|step|notification|video|"
    r"filter|seat)s?"
)
# A calendar's weeks are its rows ("the fourth day of the second week").
# A row named by a capital letter is counted as column letters are ("row C": the third).
_ROW_RE = re.compile(rf"\b{_ORD}\s+(?:row|week)\b|\brow\s+(\d+|(?-i:[A-Z]))\b", re.IGNORECASE)
_COL_RE = re.compile(rf"\b{_ORD}\s+column\b|\bcolumn\s+([A-Za-z]|\d+)\b", re.IGNORECASE)
_CORNER_RE = re.compile(
    r"\b(top|bottom|middle|center|centre)[- ](left|right|middle|center|centre)\b", re.IGNORECASE
)
# "the orange button at the top left", "°F in the top right corner": the page's corner.
_CORNER_WORDS_RE = re.compile(
    r"\b(?:at|in) the (top|bottom)[- ](left|right)(?: corner)?(?: of the (?:page|screen))?"
    r"\s*[.!]?$",
    re.IGNORECASE,
)


def page_corner(description: str) -> str:
    """The corner of the page a description ends on ("the saved stories button at the top
    right" -> "top-right"), "" when none: the runner gives the candidate nearest that
    corner of the page half a vote."""
    match = _CORNER_WORDS_RE.search(description)
    return f"{match.group(1).lower()}-{match.group(2).lower()}" if match else ""


# An item's place: a word ordinal or a number with its suffix ("the 3rd card"; "SK 808
# flight" is a name).
_ORD_ITEM = _ORD.replace(r"\d+(?:st|nd|rd|th)?", r"\d+(?:st|nd|rd|th)")
_NTH_RE = re.compile(rf"\b{_ORD_ITEM}\s+(?:[\w-]+\s+)?{_ITEMS}\b", re.IGNORECASE)
_END_RE = re.compile(
    r"\b(?:at the end|on the right|rightmost|(?:far|very) right|right(?:-hand)? end|end of)\b",
    re.IGNORECASE,
)
# "the gold-edged seat at the far left of row G": a row's first item.
_START_RE = re.compile(
    r"\b(?:on the left|leftmost|(?:far|very) left|left(?:-hand)? end|start of|beginning of)\b",
    re.IGNORECASE,
)
_OF_RE = re.compile(r"\s+(?:of|in)\b", re.IGNORECASE)
# "Pick the last treatment in the list": an ordinal and any noun said to be in the list
# counts that noun's items, whatever the noun ("Follow the first person in Who to follow"
# names no list, so no place).
_LISTED_RE = re.compile(
    rf"\b{_ORD_ITEM}\s+([a-z]+)\s+(?:in|on|of|from)\s+(?:the|this|that)\s+list\b", re.IGNORECASE
)


# "Take the middle fare", "Choose the rightmost theme": middle, leftmost and rightmost say
# a place whatever noun follows (unlike "second" or "last": "a second adult", "the last
# week" are no places), so the noun after them is the item counted, whatever it is.
_SIDE_RE = re.compile(r"\b(middle|centre|center|leftmost|rightmost)\s+([a-z][a-z-]*)\b", re.I)
# Words after "middle" that name no item ("the middle of the page").
_NOT_ITEMS = {"of", "in", "on", "at", "to", "and", "or", "the", "a", "an", "row", "column"}
# "Select the cheapest one, the last in the list": an ordinal with no noun, said to be in
# the list, is the list's item at that place.
# "Bookmark the first of them": an ordinal of "them", "those" or "these" counts the items
# just spoken of.
_OF_THEM_RE = re.compile(rf"\b{_ORD_ITEM}\s+(?:one\s+)?of\s+(?:them|those|these)\b", re.I)
_BARE_LISTED_RE = re.compile(
    rf"\b{_ORD_ITEM}\s+(?:in|on|of|from)\s+(?:the|this|that)\s+list\b", re.IGNORECASE
)


def _side_item(description: str) -> re.Match[str] | None:
    """The first "middle X", "leftmost X" or "rightmost X" whose X names an item."""
    for match in _SIDE_RE.finditer(description):
        if match.group(2).lower() not in _NOT_ITEMS:
            return match
    return None


def ordinal(word: str) -> int | None:
    """An ordinal, number or column letter as a 1-based place (-1 last, 0 middle)."""
    low = word.lower()
    if low in ORDINALS:
        return ORDINALS[low]
    digits = re.match(r"\d+", low)
    if digits:
        return int(digits.group())
    if len(low) == 1 and low.isalpha():
        return ord(low) - ord("a") + 1  # column letters: A = 1
    return None


def _pos_text(value: int) -> str:
    return "mid" if value == 0 else str(value)


def position_hint(description: str) -> str:
    """A place in a grid or list read off the description, for the runner
    (``target.position``: "row:R col:C" or "index:N"; 1-based, -1 = last, "mid" =
    middle), or "" when the description names none. Only ordinals that count grid or
    list items count ("a second adult" is no place)."""
    row = col = None
    corner = _CORNER_RE.search(description)
    if corner and _CORNER_WORDS_RE.search(
        description, corner.start() - 8 if corner.start() > 8 else 0
    ):
        corner = None  # "at the top left": a place on the page, not in a grid
    if corner:
        row, col = ordinal(corner.group(1)), ordinal(corner.group(2))
    row_m, col_m = _ROW_RE.search(description), _COL_RE.search(description)
    if row_m:
        row = ordinal(row_m.group(1) or row_m.group(2))
    if col_m:
        col = ordinal(col_m.group(1) or col_m.group(2))
    nth = None
    for m in _NTH_RE.finditer(description):
        word = m.group(1).lower()
        # "top"/"bottom" place a row; "middle" counts items only where no grid place is
        # named ("the middle storage option", not "the middle-left square").
        placed = word in ("top", "bottom") or (
            word in ("middle", "center", "centre") and bool(corner or row_m or col_m)
        )
        # "the top card of In progress", "the bottom card in the Done column": top and
        # bottom of a named column or list, where no grid place is named, are its first and
        # last item.
        if word in ("top", "bottom") and not (corner or row_m or col_m):
            placed = not _OF_RE.match(description, m.end())
        if (not row_m or m.start() != row_m.start()) and not placed:
            nth = ordinal(m.group(1))
            break
    listed = _LISTED_RE.search(description)
    if nth is None and listed and not (row_m or col_m or corner):
        nth = ordinal(listed.group(1))
    side = _side_item(description)
    if nth is None and side and not (row_m or col_m or corner):
        nth = ordinal(side.group(1))
    bare = _BARE_LISTED_RE.search(description)
    if nth is None and bare and not (row_m or col_m or corner):
        nth = ordinal(bare.group(1))
    of_them = _OF_THEM_RE.search(description)
    if nth is None and of_them and not (row_m or col_m or corner):
        nth = ordinal(of_them.group(1))
    if row is not None and col is None:
        # Its start before its end: "the left end of row G" says both.
        col = nth
        if col is None and _START_RE.search(description):
            col = 1
        elif col is None and _END_RE.search(description):
            col = -1
    if col is not None and row is None and re.search(r"\bmiddle\b", description, re.I):
        row = 0
    # "the middle button of the top row": the row's middle item.
    if row is not None and col is None and re.search(r"\bmiddle\b", description, re.I):
        col = 0
    # "row D": the runner first looks for the row a text saying D labels.
    label = f" label:{row_m.group(2)}" if row_m and (row_m.group(2) or "").isalpha() else ""
    if row is not None and col is not None:
        return f"row:{_pos_text(row)} col:{_pos_text(col)}{label}"
    if col is not None and row is None and nth is not None:
        return f"row:{_pos_text(nth)} col:{_pos_text(col)}"
    if nth is not None and row is None and col is None:
        return f"index:{_pos_text(nth)}"
    return ""


# Item words too generic to tell one set of like controls from another.
_GENERIC_ITEMS = {"one", "item", "button", "box", "place", "entry", "choice", "option", "link"}


def position_item(description: str) -> str:
    """The kind of thing a list place counts, singular ("the third tab below the photo" ->
    "tab", "the first chip of the filter row" -> "chip"), "" when none or a generic word.
    The runner counts first the like controls named so (their role, class, id or data
    attribute names, or their container's)."""
    for m in _NTH_RE.finditer(description):
        word = re.search(rf"{_ITEMS}$", m.group(0), re.IGNORECASE)
        if not word:
            continue
        noun = word.group(0).lower()
        noun = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
        return "" if noun in _GENERIC_ITEMS else noun
    listed = _LISTED_RE.search(description)
    side = _side_item(description)
    for found in (listed.group(2) if listed else "", side.group(2) if side else ""):
        if not found:
            continue
        noun = found.lower()
        noun = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
        return "" if noun in _GENERIC_ITEMS else noun
    return ""


# Colours as people name them -> sRGB, for the runner's colour vote (target.colour).
COLOURS: dict[str, tuple[int, int, int]] = {
    "red": (220, 38, 38), "green": (22, 163, 74), "blue": (37, 99, 235),
    "purple": (124, 58, 237), "violet": (124, 58, 237), "orange": (234, 88, 12),
    "yellow": (234, 179, 8), "pink": (219, 39, 119), "teal": (13, 148, 136),
    "black": (17, 17, 17), "white": (255, 255, 255), "grey": (128, 128, 128),
    "gray": (128, 128, 128), "brown": (120, 72, 40),
}  # fmt: skip
_COLOUR_RE = re.compile(rf"\b({'|'.join(COLOURS)})\b", re.IGNORECASE)


def colour_hint(description: str) -> str:
    """The first colour word of a description as "r,g,b" ("" when none): the runner gives
    a vote to the candidate whose background (or own colour) is nearest to it."""
    match = _COLOUR_RE.search(description)
    return ",".join(map(str, COLOURS[match.group(1).lower()])) if match else ""


# Where a description puts its target relative to something else it names ("the button
# under the price", "the plus next to the quantity", "the icon to the right of the play
# button"), as the runner's relation names.
_RELATION_WORDS = (
    ("to the right of", "right"),
    ("right of", "right"),
    ("to the left of", "left"),
    ("left of", "left"),
    ("underneath", "below"),
    ("under", "below"),
    ("below", "below"),
    ("beneath", "below"),
    ("above", "above"),
    ("right next to", "near"),
    ("next to", "near"),
    ("beside", "near"),
    ("alongside", "near"),
    ("near", "near"),
)
_RELATION_RE = re.compile(
    r"\b(" + "|".join(re.escape(w) for w, _ in _RELATION_WORDS) + r")\s+",
    re.IGNORECASE,
)
# The anchor ends at a purpose ("to play again", "to block"), "again", or punctuation; a
# point or comma inside a number ("beside $14.50", "under 1,200") is part of the anchor.
_ANCHOR_END_RE = re.compile(
    r"\s+(?:to|so|and|then|again|once|instead|in order)\b|\s*(?:[.,;:!?](?!\d)|\()",
    re.IGNORECASE,
)
_KINDS = dict(_RELATION_WORDS)
# "at the far left of row G", "on the right of the toolbar": a side of the thing named,
# where the target sits in it, not beside it (a place: see position_hint).
_SIDE_OF_RE = re.compile(r"(?:\b(?:at|on|from) the\s+(?:far\s+|very\s+)?|\b(?:far|very)\s+)$", re.I)
_ANAPHORA = {"it", "that", "this", "them", "one"}
_ANCHOR_DROP = {"the", "a", "an", "its", "their", "his", "her", "your", "this", "that"}


@dataclass(frozen=True)
class Relation:
    """The target's place relative to an anchor: ``kind`` (below, above, left, right,
    near), ``anchor`` (the words naming it; "@last" for "it": the previous action's
    target), and the description with the relation cut out (``head``), which names the
    target itself."""

    kind: str
    anchor: str
    head: str
    # For "in": the kind of container named ("card", "bar"), for when its name finds nothing.
    holder: str = ""

    def hint(self) -> str:
        """As the runner reads it (``target.near``): "below|the score panel"."""
        return f"{self.kind}|{self.anchor}"


def relation_hint(description: str) -> Relation | None:
    """The first relation to an anchor the description states, or None.

    "Click the heart outline next to the big green button" -> near, "big green button",
    head "Click the heart outline"; "Click the card right next to it" -> near, "@last".
    A relation word that starts the sentence or names no anchor is no relation."""
    for match in _RELATION_RE.finditer(description):
        # A Capitalised "Next" is a button's name ("Click Next to go to preferences").
        if match.start() == 0 or match.group(1)[0].isupper():
            continue
        if match.group(1).lower() in ("left of", "right of") and _SIDE_OF_RE.search(
            description[: match.start()]
        ):
            continue
        rest = description[match.end() :]
        end = _ANCHOR_END_RE.search(rest)
        anchor_text = rest[: end.start()] if end else rest
        words = [w for w in anchor_text.split() if w.lower() not in _ANCHOR_DROP]
        if not words:
            continue
        kind = _KINDS[match.group(1).lower()]
        before = description[: match.start()].rstrip()
        first = rest.split()[0].lower().strip(".,;!?")
        if first in _ANAPHORA:
            # "next to it in the first row": the words after "it" still place the target.
            return Relation(
                kind, "@last", f"{before} {rest[len(rest.split()[0]) :].strip()}".strip()
            )
        tail = rest[end.start() :] if end else ""
        return Relation(kind, " ".join(words), (before + tail).strip())
    return None


# "the dark red button in the Method card", "Press play in the player bar": the target is
# inside the container a name labels. Only words that name a container count ("in the
# list" and "in the top row" are places, "in the search box" is the field itself).
_CONTAINERS = (
    "card|section|panel|sidebar|header|footer|menu|dialog|modal|form|toolbar|pane|popup|"
    "widget|block|post|banner|bar|tile|article|navigation|nav"
)
_CONTAINER_RE = re.compile(
    rf"\s+(?:in|inside|within)\s+(?:the\s+|a\s+|an\s+)?((?:[\w'’-]+\s+){{1,4}}?)"
    rf"({_CONTAINERS})\b\s*[.!]?$",
    re.IGNORECASE,
)


def container_hint(description: str) -> Relation | None:
    """The container a description puts its target in, as a relation of kind "in" whose
    anchor is the container's name ("Click the dark red button in the Method card" -> in,
    "Method", head "Click the dark red button"); None when it names none. The runner takes
    the element showing that name and, around it, the smallest element holding controls."""
    match = _CONTAINER_RE.search(description)
    if not match:
        return None
    words = [w for w in match.group(1).split() if w.lower() not in _ANCHOR_DROP]
    if not words:
        return None
    return Relation(
        "in", " ".join(words), description[: match.start()].strip(), match.group(2).lower()
    )


# An anchor with a name ("Maya Chen's post", "the Method card") is found by the name: the
# other words say what holds it, and counting them finds whatever holds the most words
# ("post" is also the composer's "Post" button, so the whole feed would hold the most).
_NAME_RUN_RE = re.compile(r"\b[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*")


def anchor_name(anchor: str) -> str:
    """The Capitalised name inside an anchor's words, possessive dropped ("Maya Chen's
    post" -> "Maya Chen"), else the words as they are."""
    match = _NAME_RUN_RE.search(anchor)
    if not match:
        return anchor
    return re.sub(r"['’]s$", "", match.group(0))


# "Archive it", "Pause it", "Bookmark that story", "Star this email": the previous action's
# target is what is meant; among otherwise equal candidates the one nearest it.
_ANAPHORA_RE = re.compile(r"\b(?:it|this|that)\b(?!\s+(?:is|was|says|shows))", re.IGNORECASE)


def refers_back(description: str) -> bool:
    """Whether a description points back at what was just acted on ("it", "this", "that")."""
    return bool(_ANAPHORA_RE.search(description))


# Words that say the same control is acted on once more ("Do it again", "Add another",
# "Two more"), or undo the last action on it ("Unsolo it", "Unmute that").
_REPEAT_WORDS = r"again|another|more|further|twice|same|repeat"
_UNDO_IT = r"\bun(?!der\b|til\b|less\b)[a-z]{3,}\s+(?:it|that|this|them)\b"
_REPEAT_RE = re.compile(rf"\b(?:{_REPEAT_WORDS})\b|{_UNDO_IT}", re.IGNORECASE)
# Weaker words that only add to the last action ("Open the top one too", "Just two of
# them", "Bigger still"): as often another control, so they allow only the recording's
# pointer still on the last target to count.
_AGAIN_RE = re.compile(
    rf"\b(?:{_REPEAT_WORDS}|still|too|as well|also|two|three|four|five)\b|{_UNDO_IT}",
    re.IGNORECASE,
)


def says_again(description: str) -> bool:
    """Whether a description speaks of doing something once more ("again", "another",
    "two more") or of undoing it ("Unsolo it"): the runner then trusts a recording's
    pointer on the last action's target (``target.again``; without it that pointer was
    taken before the pointer moved)."""
    return bool(_AGAIN_RE.search(description))


def says_repeat(description: str) -> bool:
    """Whether a description says the last action's control is acted on once more
    ("Once more", "Another ten", "Unmute that"): the runner's last resort then clicks the
    last target again. "Too", "also", "as well" and a bare number ("Open the top one too",
    "Just two of them") only allow the pointer on it (:func:`says_again`): they as often
    name another control."""
    return bool(_REPEAT_RE.search(description))
