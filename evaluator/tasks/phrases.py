"""What a published action's sentence says besides its target: the text to type, the key
to press, the way to scroll.

The published schema has no field for the text of a Type action (it is in the
description: "Type 'pasta' into the search box"), a Press action's ``key`` may be null
("Press the Enter key to search"), and a Scroll has ``direction`` and ``scroll_page``
that may be null. The published judge asks an LLM for the missing text and key and always
scrolls half a page down; here they are read off the sentence by written-down rules, and
every value says where it came from (:class:`Source`), so a step's trace shows whether the
row or our reading supplied it. A value that no rule finds is ``None`` with source
``missing``: the offline profile cannot judge that task (it becomes a ``task_error``), the
paper profile asks its judge model (:mod:`evaluator.judging.paper`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Source(StrEnum):
    """Where an action's text, key or scroll came from."""

    TASK = "task"  # our own task.json wrote it
    PARAMETERS = "parameters"  # the published row's parameters
    DESCRIPTION = "description"  # read off the natural-language description here
    DEFAULT = "default"  # nothing said: the published default (half a page down)
    JUDGE = "judge"  # the paper profile's judge model supplied it
    MISSING = "missing"  # nobody said, nothing could be read


# The published judge's scroll: half the viewport height, downwards.
DEFAULT_SCROLL_PAGES = 0.5
DIRECTIONS = ("up", "down", "left", "right")

# A quoted span, the quotes matched loosely ('x', "x", “x”, ‘x’, `x`).
_QUOTED_RE = re.compile(
    r"(?:^|(?<=[\s(:]))[\"'“‘`«]([^\"“”‘’`«»\n]{1,200}?)[\"'”’`»](?=$|[\s.,;:!?)])"
)
_TYPE_VERBS = r"(?:type|enter|input|write|fill in|key in|put|insert|search for|search|paste)"
_VERB_RE = re.compile(rf"\b{_TYPE_VERBS}\b", re.IGNORECASE)
# "Type Maria Lopez into the name field", "Enter john@example.com as the e-mail".
_UNQUOTED_RE = re.compile(
    rf"\b{_TYPE_VERBS}\s+(?:the\s+(?:text|value|word|words|phrase|query|number)\s+)?"
    r"(.+?)\s+(?:into|in|inside|within|on|onto|to|as|for|under)\s+(?:the|a|an|your|this|that)\b",
    re.IGNORECASE,
)
# "Fill the name field with Maria Lopez", "... field with 42".
_WITH_RE = re.compile(r"\b(?:fill|complete|populate)\b.+?\bwith\s+(.+?)\s*[.!]?$", re.IGNORECASE)
# "Type pasta", "Search for pasta": the rest of the sentence is the text.
_TAIL_RE = re.compile(rf"^\s*{_TYPE_VERBS}\s+(.+?)\s*[.!]?$", re.IGNORECASE)
# "Type the name Sam Okoro", "Enter the postcode 10115", "Type your name, Ada Lovelace":
# a field noun of one to three words, then the value.
_NOUN_VALUE_RE = re.compile(
    rf"^\s*{_TYPE_VERBS}\s+(?:the|your|a|an)\s+(.+?)\s*[.!]?$", re.IGNORECASE
)
# A word that is a value, not a description of one: Capitalised, or holding a digit or @.
_VALUE_WORD_RE = re.compile(r"^(?:[A-Z0-9]|.*[\d@])")
# Words that start a description of the text rather than the text itself ("Type your
# e-mail address into the field", "Enter a name"): nothing to type can be read then.
_NOT_TEXT_START = {
    "the",
    "a",
    "an",
    "your",
    "my",
    "his",
    "her",
    "their",
    "our",
    "some",
    "any",
    "text",
    "in",
    "into",
}


@dataclass(frozen=True)
class Read:
    """A value read for an action and where it came from."""

    value: str | None
    source: Source


def _quoted(description: str) -> list[str]:
    return [m.group(1).strip() for m in _QUOTED_RE.finditer(description) if m.group(1).strip()]


def _after_field_noun(description: str) -> str | None:
    """The value after "<verb> the <field noun>": the first split (noun of one to three
    words) whose remainder is all value words."""
    match = _NOUN_VALUE_RE.match(description)
    if not match:
        return None
    words = match.group(1).replace(",", " , ").split()
    for size in (1, 2, 3):
        rest = [w for w in words[size:] if w != ","]
        if rest and all(_VALUE_WORD_RE.match(w) for w in rest) and words[size - 1] != ",":
            return " ".join(rest)
    return None


def text_to_type(params_text: object, description: str) -> Read:
    """The text of a Type action: ``parameters.text`` when the row has one, else read from
    the description (rules, in order):

    1. the first quoted span after the typing verb ("Type 'pasta' into the search box");
    2. a value after the field's noun: Capitalised words, or words with a digit or an @
       ("Type the name Sam Okoro", "Enter the postcode 10115", "Type your name, Ada");
    3. the words between the verb and "into/in/as/..." + an article
       ("Type Maria Lopez into the name field", "Enter john@example.com as the e-mail");
    4. the words after "with" in "Fill ... with X";
    5. the rest of a sentence that is only the verb and the text ("Type pasta").

    Rules 3-5 refuse words that describe the text instead of being it ("Type your e-mail
    address", "Enter a name"): the value is then missing.
    """
    if isinstance(params_text, str) and params_text:
        return Read(params_text, Source.PARAMETERS)
    verb = _VERB_RE.search(description)
    start = verb.end() if verb else 0
    quoted = _quoted(description[start:]) or _quoted(description)
    if quoted:
        return Read(quoted[0], Source.DESCRIPTION)
    noun_value = _after_field_noun(description)
    if noun_value:
        return Read(noun_value, Source.DESCRIPTION)
    for pattern in (_UNQUOTED_RE, _WITH_RE, _TAIL_RE):
        match = pattern.search(description)
        if match:
            text = match.group(1).strip().rstrip(".,;!")
            first = text.split()[0].lower() if text.split() else ""
            if text and first not in _NOT_TEXT_START:
                return Read(text, Source.DESCRIPTION)
    return Read(None, Source.MISSING)


# Key names as people write them -> names the runner's key_code() accepts.
_KEY_WORDS: dict[str, str] = {
    "enter": "Enter",
    "return": "Enter",
    "escape": "Escape",
    "esc": "Escape",
    "tab": "Tab",
    "backspace": "Backspace",
    "back space": "Backspace",
    "delete": "Delete",
    "del": "Delete",
    "space": "Space",
    "spacebar": "Space",
    "space bar": "Space",
    "home": "Home",
    "end": "End",
    "page up": "PageUp",
    "pageup": "PageUp",
    "page down": "PageDown",
    "pagedown": "PageDown",
    "up arrow": "ArrowUp",
    "arrow up": "ArrowUp",
    "arrowup": "ArrowUp",
    "down arrow": "ArrowDown",
    "arrow down": "ArrowDown",
    "arrowdown": "ArrowDown",
    "left arrow": "ArrowLeft",
    "arrow left": "ArrowLeft",
    "arrowleft": "ArrowLeft",
    "right arrow": "ArrowRight",
    "arrow right": "ArrowRight",
    "arrowright": "ArrowRight",
    "up": "ArrowUp",
    "down": "ArrowDown",
    "left": "ArrowLeft",
    "right": "ArrowRight",
}
# Key names that are also ordinary words ("the home price", "delete it"): taken only
# right after a press verb or before the word "key".
_AMBIGUOUS_KEYS = frozenset(
    {"tab", "delete", "del", "space", "home", "end", "up", "down", "left", "right"}
    | {"page up", "page down"}
)
_MODIFIERS = {"ctrl": "Control", "control": "Control", "shift": "Shift", "alt": "Alt"}
_MODIFIERS.update({"cmd": "Meta", "command": "Meta", "meta": "Meta", "option": "Alt"})
_KEY_ALT = "|".join(re.escape(k) for k in sorted(_KEY_WORDS, key=len, reverse=True))
_MOD_ALT = "|".join(sorted(_MODIFIERS, key=len, reverse=True))
_PRESS_RE = re.compile(r"\b(?:press|hit|tap|push|strike|use)(?:es|ed|ing)?\b", re.IGNORECASE)
# "Ctrl+A", "Shift + Tab", "Ctrl-Enter".
_COMBO_RE = re.compile(
    rf"\b((?:(?:{_MOD_ALT})\s*[+-]\s*)+)([A-Za-z0-9]\b|{_KEY_ALT}|F\d{{1,2}}\b)", re.IGNORECASE
)
_NAMED_RE = re.compile(rf"\b({_KEY_ALT})\b(\s+(?:arrow\s+)?key)?", re.IGNORECASE)
# Right after the verb: "Press Tab", "press the Home key".
_RIGHT_AFTER_RE = re.compile(rf"^\s*(?:the\s+)?({_KEY_ALT})\b", re.IGNORECASE)
_SELECT_ALL_RE = re.compile(r"\bselect\s+all\b", re.IGNORECASE)
_FKEY_RE = re.compile(r"\b(F(?:1[0-2]|[1-9]))\b")
# "press the 'a' key", "press A", "press 5".
_CHAR_KEY_RE = re.compile(
    r"\b(?:press|hit|tap|type)\s+(?:the\s+)?[\"'“‘]?([A-Za-z0-9])[\"'”’]?(?:\s+key)?(?=$|[\s.,;!?])",
    re.IGNORECASE,
)


def _key_name(word: str) -> str:
    lowered = re.sub(r"\s+", " ", word.lower())
    if lowered in _KEY_WORDS:
        return _KEY_WORDS[lowered]
    if re.fullmatch(r"f\d{1,2}", lowered):
        return lowered.upper()
    return word if len(word) == 1 else word.capitalize()


def key_to_press(params_key: object, description: str) -> Read:
    """The key of a Press action: ``parameters.key`` when the row has one, else read from
    the description: a combination ("Ctrl+A"), a named key ("Press the Enter key",
    "hit Escape", "press the down arrow"), a function key, or a single character after
    the verb ("press the 'a' key", "Press F": letters lower-case, as the key itself
    types), "select all" as Control+a. Named keys after "press"/"hit" win over ones
    before it ("To search, press Enter"); a key name that is also a plain word (Home,
    Delete, Tab, up) counts only right after the verb or before "key" ("Select all of
    the home price" names no Home key)."""
    if isinstance(params_key, str) and params_key.strip():
        return Read(params_key.strip(), Source.PARAMETERS)
    verb = _PRESS_RE.search(description)
    tail = description[verb.end() :] if verb else description
    for text in (tail, description):
        combo = _COMBO_RE.search(text)
        if combo:
            mods = [_MODIFIERS[m.lower()] for m in re.findall(_MOD_ALT, combo.group(1), re.I)]
            last = _key_name(combo.group(2))
            last = last.lower() if len(last) == 1 else last  # Ctrl+A is Control and the a key
            return Read("+".join([*mods, last]), Source.DESCRIPTION)
    if verb:
        first = _RIGHT_AFTER_RE.match(tail)
        if first:
            return Read(_key_name(first.group(1)), Source.DESCRIPTION)
    for text in (tail, description):
        for named in _NAMED_RE.finditer(text):
            word = re.sub(r"\s+", " ", named.group(1).lower())
            if word not in _AMBIGUOUS_KEYS or named.group(2):
                return Read(_key_name(named.group(1)), Source.DESCRIPTION)
        fkey = _FKEY_RE.search(text)
        if fkey:
            return Read(fkey.group(1), Source.DESCRIPTION)
    char = _CHAR_KEY_RE.search(description)
    if char:
        return Read(char.group(1).lower(), Source.DESCRIPTION)
    if _SELECT_ALL_RE.search(description):
        return Read("Control+a", Source.DESCRIPTION)
    return Read(None, Source.MISSING)


@dataclass(frozen=True)
class Scroll:
    """How far and which way to scroll: ``pixels`` signed (negative: up or left) along
    ``axis`` ("y" or "x"), with where the direction and the distance came from."""

    pixels: int
    axis: str
    direction: str
    direction_source: Source
    pages: float
    pages_source: Source


_UP_RE = re.compile(r"\b(?:up|upwards?|back to (?:the )?top|to the top|top of)\b", re.I)
_DOWN_RE = re.compile(r"\b(?:down|downwards?|to the bottom|further|below)\b", re.I)
_LEFT_RE = re.compile(r"\b(?:left|leftwards?)\b", re.I)
_RIGHT_RE = re.compile(r"\b(?:right|rightwards?)\b", re.I)
_PAGES_WORDS = {"half": 0.5, "half a page": 0.5, "full": 1.0, "one": 1.0, "page": 1.0}


class ScrollError(ValueError):
    """A row's ``direction`` or ``scroll_page`` holds something that is no direction or
    distance; the message names the value."""


def _pages(value: object) -> float | None:
    """``scroll_page`` as a number of viewport heights: a number or a numeric string
    ("0.5", "1"), or a word ("half", "full", "one")."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ScrollError(f"scroll_page {value!r} is no distance")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().lower()
        if text in _PAGES_WORDS:
            return _PAGES_WORDS[text]
        try:
            number = float(text.removesuffix("pages").removesuffix("page").strip())
        except ValueError as exc:
            raise ScrollError(f"scroll_page {value!r} is no number of pages") from exc
    if not 0 < number <= 100:
        raise ScrollError(f"scroll_page {value!r} must be above 0 and at most 100 pages")
    return number


def scroll_of(
    direction: object, scroll_page: object, description: str, width: int, height: int
) -> Scroll:
    """A Scroll action: ``direction`` from the row, else from the description ("Scroll
    back to the top" is up), else down; the distance ``scroll_page`` viewport heights (or
    widths), else the published half page.

    Raises:
        ScrollError: ``direction`` or ``scroll_page`` is set to something unusable.
    """
    if isinstance(direction, str) and direction.strip():
        way = direction.strip().lower()
        if way not in DIRECTIONS:
            raise ScrollError(f"direction {direction!r} is not one of {', '.join(DIRECTIONS)}")
        way_source = Source.PARAMETERS
    elif direction is not None:
        raise ScrollError(f"direction {direction!r} is not one of {', '.join(DIRECTIONS)}")
    else:
        way, way_source = "down", Source.DEFAULT
        for pattern, name in ((_UP_RE, "up"), (_LEFT_RE, "left"), (_RIGHT_RE, "right")):
            if pattern.search(description) and not _DOWN_RE.search(description):
                way, way_source = name, Source.DESCRIPTION
                break
        else:
            if _DOWN_RE.search(description):
                way_source = Source.DESCRIPTION
    pages = _pages(scroll_page)
    pages_source = Source.PARAMETERS if pages is not None else Source.DEFAULT
    pages = pages if pages is not None else DEFAULT_SCROLL_PAGES
    axis = "x" if way in ("left", "right") else "y"
    span = width if axis == "x" else height
    pixels = max(1, round(span * pages)) * (-1 if way in ("up", "left") else 1)
    return Scroll(pixels, axis, way, way_source, pages, pages_source)
