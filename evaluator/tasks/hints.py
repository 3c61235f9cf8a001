"""Target hints from an action's natural-language description alone.

Published tasks say only "Click the 'Add to cart' button under the blue sneakers" or
"type john@example.com into the email field". The runner finds targets from hints
(``text``, ``role``, ``placeholder``, ``label``; see ``sandbox/runner/locate.py``), so
this module reads those hints off the sentence, the way a person would:

1. a symbol names its button ("with its → button", "the + in the cart"), and
   increase/decrease mean + and −;
2. a quoted phrase names the element (its visible text; for a type action, the
   field's placeholder or label, unless the quotes hold the text to type), else a
   short code in brackets ("the top-left square (A1)");
3. a role word (button, link, tab, checkbox, field, ...) gives an ARIA role, and the
   words just before it (or after "labelled"/"named"/"that says") name the element:
   "the Login button" -> text "Login", role button;
4. for a type action, the field is named before a field word, after "into"/"in"
   ("into the email field" -> placeholder and label "email"), after "as the"
   ("as the number of people"), or right after the verb ("Type the email ...");
   "Search ... for" means the search field;
5. a verb that is usually the button's own label ("Add the Margherita Pizza",
   "Save the job") is its text; the runner picks among several by the words around;
6. otherwise a click's object: the run of Capitalised words or numbers after the
   verb ("Click Add to Cart", "Choose the 10:30 time") or the words after it up to a
   preposition, minus articles, colours and ordinals;
7. nothing found: a click tries the whole description as visible text (the runner
   still ranks candidates by the description's words around them).

A role is given only together with a name: a role alone would pick an arbitrary
element of that kind. Press and scroll actions get no target (a key goes to the
focused element; a scroll moves the page). Every hint comes with the reason it was
chosen, shown in the step trace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from evaluator.tasks.places import relation_hint
from evaluator.tasks.wording import FIELD_WORDS, ROLE_WORDS
from evaluator.tasks.wording import FILLER as _FILLER
from evaluator.tasks.wording import SMALL as _SMALL
from evaluator.tasks.wording import STOP as _STOP
from evaluator.tasks.wording import VERBS as _VERBS

# A quoted phrase: the quote opens after a space, bracket or start (not an apostrophe
# inside a word, as in "user's") and closes before a space or punctuation.
_QUOTED_RE = re.compile(
    r"""(?:^|(?<=[\s(\[:]))["'“‘«]([^"“”‘’«»]{1,80}?)["'”’»](?=$|[\s.,;:!?)\]])"""
)
_WORD_RE = re.compile(r"[\w@.$€£%&+#'’:-]+", re.UNICODE)


@dataclass(frozen=True)
class Hints:
    """A target for the runner and, one line each, why every hint was chosen."""

    target: dict[str, str] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()


def quoted(description: str) -> list[str]:
    return [m.group(1).strip() for m in _QUOTED_RE.finditer(description) if m.group(1).strip()]


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_ROLE_RE = re.compile(rf"\b({_alternation(list(ROLE_WORDS))})s?\b", re.IGNORECASE)
_FIELD_RE = re.compile(rf"\b({_alternation(FIELD_WORDS)})\b", re.IGNORECASE)
_NAMED_AFTER_RE = re.compile(
    r"\b(?:labell?ed|named|called|titled|that says|saying|reading|with (?:the )?text)\s+"
    r"(.+?)(?=$|[.,;!?]|\s+(?:" + _alternation(_STOP) + r")\s)",
    re.IGNORECASE,
)
# Verbs that are usually also the label of the button doing them.
_LABEL_VERBS = (
    "add save follow like star archive mute apply send post delete remove submit reply "
    "copy share edit favourite favorite bookmark subscribe download upload"
)
LABEL_VERBS = frozenset(_LABEL_VERBS.split())
# A particle after the verb, or after its short object, makes another verb ("send back":
# return; "post off"; "copy out").
_PARTICLE_RE = re.compile(r"^(?:\S+\s+)?(?:back|off|out|away|over)\b", re.IGNORECASE)
# Verbs done with a symbol button.
STEP_VERBS = {"increase": "+", "increment": "+", "decrease": "−", "decrement": "−"}
_SYMBOLS = "+−×✕→←›‹"
_SYMBOL_RE = re.compile(rf"(?:^|(?<=\s))([{_SYMBOLS}])(?=\s|$)")


def first_word(description: str) -> str:
    words = description.split()
    return words[0].lower() if words else ""


# "(A1)", "(GD)": a short code in brackets names the element.
_CODE_RE = re.compile(r"\(([A-Za-z0-9][\w -]{0,14})\)")
_VERB_RE = re.compile(
    rf"^\s*(?:{_alternation(_VERBS)})\b(?:\s+(?:back to|back|on|in|into|at|to|over)\b)?\s*",
    re.I,
)
_AS_RE = re.compile(r"\bas\s+(?:the|your|a|an)\s+([\w\s'-]+?)\s*[.!]?$", re.IGNORECASE)
# "Type the email ada@example.com", "Type your name, Ada": the noun names the field.
_THE_NOUN_RE = re.compile(
    r"^\s*(?:start\s+)?(?:type|typing|enter|entering|write|writing|fill in|try)\s+"
    r"(?:the|your|a)\s+([a-z][\w-]*)\b",
    re.I,
)
_SEARCH_RE = re.compile(r"^\s*search\b", re.IGNORECASE)
_INTO_RE = re.compile(r"\b(?:into|in|inside|on)\s+(.+?)\s*[.!]?$", re.IGNORECASE)


def words_of(text: str) -> list[str]:
    """The words of ``text`` (symbols, amounts and e-mail addresses kept whole)."""
    words = (w.strip("'’") for w in _WORD_RE.findall(text))
    return [w for w in words if w]


_words = words_of


_ARTICLES = {"the", "a", "an", "your", "this", "that", "its", "their", "his", "her", "on"}
ARTICLES = frozenset(_ARTICLES)
STOP_WORDS = frozenset(_STOP)


def _strip_filler(words: list[str], articles_only: bool = False) -> list[str]:
    """Drop articles and (unless ``articles_only``: a field's "last name" is its name)
    colours, sizes and ordinals that are not Capitalised."""
    filler = _ARTICLES if articles_only else _FILLER
    # A Capitalised describing word is part of a name ("New game", "Top stories").
    while (
        words
        and words[0].lower() in filler
        and (words[0].lower() in _ARTICLES or not words[0][:1].isupper())
    ):
        words = words[1:]
    return [w for w in words if w.lower() not in filler or w[:1].isupper()]


def _capitalised_run(words: list[str]) -> list[str]:
    """The first run of Capitalised words or numbers (small words allowed inside): a
    name ("Harbour City", "Thursday 12 March", "10:30")."""
    run: list[str] = []
    for i, w in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else ""
        # A small word joins a name only between Capitalised words ("Add to Cart", not
        # "Wednesday in 7-day").
        if (
            w[:1].isupper()
            or w[:1].isdigit()
            or (run and w.lower() in _SMALL and after[:1].isupper())
        ):
            run.append(w)
        elif run:
            break
    while run and run[-1].lower() in _SMALL:
        run.pop()
    return run


def _name_before(description: str, start: int, articles_only: bool = False) -> list[str]:
    """The words just before position ``start``, back to a verb, stop word or quote."""
    words = _words(description[:start])
    picked: list[str] = []
    for w in reversed(words):
        low = w.lower()
        # A Capitalised small word inside a name is part of it ("the For you tab").
        if low in _STOP and w[:1].isupper() and picked and words.index(w) > 0:
            picked.insert(0, w)
            continue
        if low in _VERBS or low in _STOP or low in {"the", "a", "an", "your", "this"}:
            break
        picked.insert(0, w)
    picked = _strip_filler(picked, articles_only)
    # A name is what the element shows: from its first Capitalised word on ("the blue
    # Submit button", "the Don't save button"), else the tokens with digits ("the 15%
    # tip button" shows "15%"), else the words.
    first = next((i for i, w in enumerate(picked) if w[:1].isupper()), None)
    caps = picked[first:] if first is not None else []
    numbers = [w for w in picked if any(c.isdigit() for c in w)]
    return caps or numbers or picked


_TRAILING = {"again", "too", "instead", "now", "back"}


def _as_text(words: list[str]) -> str:
    if [w.lower() for w in words[-2:]] == ["once", "more"]:
        words = words[:-2]
    while words and words[-1].lower() in _TRAILING:
        words = words[:-1]
    return " ".join(words).strip(" .,;:")


def derive(description: str, action_type: str, typed_text: str | None = None) -> Hints:
    """The target hints a description gives for an action of ``action_type``."""
    if action_type == "press":
        return _derive_press(description)
    if action_type == "scroll":
        return Hints({}, ("no target: a scroll moves the page",))
    phrases = [q for q in quoted(description) if q != (typed_text or "")]
    if action_type == "type":
        return _derive_type(description, typed_text, phrases, [])
    relation = relation_hint(description)
    if relation:
        # "Click the heart outline next to the big green button": the anchor is another
        # element; the target is named before the relation. A head that names nothing
        # ("Tick the checkbox next to 'Buy milk'") leaves the whole sentence to name it.
        head = _derive_click(relation.head, [q for q in phrases if q in relation.head])
        if head.target.get("text") and head.target.get("text") != relation.head:
            return Hints(
                head.target,
                (*head.reasons, f"read from {relation.head!r}: the rest places it"),
            )
    return _derive_click(description, phrases)


# Words that name a symbol button ("Click the plus next to the quantity").
_SYMBOL_NAMES = {"plus": "+", "minus": "−"}


def _derive_click(description: str, phrases: list[str]) -> Hints:
    """A click's target hints (see the module's rules 1-3, 5-7)."""
    target: dict[str, str] = {}
    reasons: list[str] = []
    # The leading verb is no role word ("Switch to the Drinks tab").
    verb = _VERB_RE.match(description)
    role_match = _ROLE_RE.search(description, verb.end() if verb else 0)
    role_word = role_match.group(1).lower() if role_match else None
    role = ROLE_WORDS.get(role_word) if role_word else None

    code = _CODE_RE.search(description)
    symbol = _SYMBOL_RE.search(description)
    # "Click All at the start of the section menu": a name right after the verb, then a
    # preposition: the role word names where the target is, not the target.
    own = _name_after_verb(description, verb.end() if verb else 0, role_match)
    if own:
        role_match, role_word, role = None, None, None
    if symbol:
        # "with its → button", "with the + in the cart": a symbol names its button,
        # even when a quoted phrase names the item it belongs to.
        target["text"] = symbol.group(1)
        reasons.append(f"text {symbol.group(1)!r}: the symbol the description names")
    elif first_word(description) in STEP_VERBS:
        target["text"] = STEP_VERBS[first_word(description)]
        reasons.append(
            f"text {target['text']!r}: {first_word(description)!r} is done with a "
            f"{target['text']} button; the rest of the description picks among them"
        )
    elif phrases:
        target["text"] = phrases[0]
        reasons.append(f"text {phrases[0]!r}: the quoted phrase")
    elif code:
        target["text"] = code.group(1)
        reasons.append(f"text {code.group(1)!r}: the short name in brackets")
    elif own:
        target["text"] = own
        reasons.append(
            f"text {own!r}: the name after the verb (the role word after a preposition places it)"
        )
    elif role_match:
        named = _NAMED_AFTER_RE.search(description[role_match.end() :])
        words = _words(named.group(1)) if named else _name_before(description, role_match.start())
        name = _as_text(words)
        if name:
            target["text"] = name
            where = f"the words after {role_word!r}" if named else f"the words before {role_word!r}"
            reasons.append(f"text {name!r}: {where}")
    if role_match and role is None and "text" in target:
        target["label"] = target["text"]
        reasons.append(f"label {target['text']!r}: an {role_word} is named by its label or title")
    words = description.split()
    first = words[0].lower() if words else ""
    # "Send back the boots", "Send it back": a phrasal verb, not the button's label.
    phrasal = bool(_PARTICLE_RE.search(" ".join(words[1:4])))
    if "text" not in target and first in LABEL_VERBS and not phrasal:
        # "Add the Margherita Pizza": the button says "Add"; the runner picks the one
        # whose surroundings share the description's other words.
        target["text"] = description.split()[0]
        reasons.append(
            f"text {target['text']!r}: the verb, as such buttons are labelled; the rest of "
            "the description picks among them"
        )
    if "text" not in target:
        name = _object_of(description)
        if name.lower() in _SYMBOL_NAMES:
            target["text"] = _SYMBOL_NAMES[name.lower()]
            reasons.append(f"text {target['text']!r}: the symbol {name!r} names")
        elif name and name.lower() not in ROLE_WORDS and name.lower() not in _PRONOUNS:
            target["text"] = name
            reasons.append(f"text {name!r}: the object of the verb")
    if role and target:
        target["role"] = role
        reasons.append(f"role {role}: the word {role_word!r}")
    if not target:
        target["text"] = description
        reasons.append("no name in the description: its whole text is tried as visible text")
    return Hints(target, tuple(reasons))


def _name_after_verb(description: str, start: int, role_match: re.Match[str] | None) -> str:
    """A Capitalised name right after the verb, when the role word comes only after a
    preposition that follows the name ("Click All at the start of the section menu" ->
    "All"; not "Click the Login button", nor "Click Add to Cart button")."""
    if role_match is None or not start:
        return ""
    between = _words(description[start : role_match.start()])
    run = _capitalised_run(between)
    if not run or between[: len(run)] != run or len(between) == len(run):
        return ""
    return _as_text(run) if between[len(run)].lower() in _STOP else ""


_COUNTED_LINE_RE = re.compile(r"\b(?:row|column)\s+(?:\d+|[A-Za-z])\b", re.IGNORECASE)


# "Put it in the bag": a pronoun refers back, it names nothing on the page.
_PRONOUNS = {"it", "that", "this", "them", "those", "these", "one", "everything"}


def _object_of(description: str) -> str:
    """A click's object: the Title Case run after the verb, else the words up to a
    preposition, minus articles, colours and ordinals."""
    verb = _VERB_RE.match(description)
    if not verb:
        return ""
    # "the cell in row 4, column 6": a counted row or column is a place, not a name.
    words = _words(_COUNTED_LINE_RE.sub(" ", description[verb.end() :]))
    caps = _capitalised_run(_strip_filler(list(words)))
    if caps:
        return _as_text(caps)
    picked: list[str] = []
    for w in words:
        if w.lower() in _STOP and picked:
            break
        picked.append(w)
    return _as_text(_strip_filler(picked))


# "Press Backspace to clear the search", "Select all of the home price": a key pressed in a
# field the description names, at the end of the sentence.
_PRESS_FIELD_RE = re.compile(
    r"\b(?:clear|empty|erase|in|into|inside|of|from)\s+(?:the|your)\s+([a-z][\w' -]*?)"
    r"(?:\s+(?:field|box|input|bar))?\s*[.!]?$",
    re.IGNORECASE,
)
_SELECT_TEXT_RE = re.compile(r"\bselect\s+(?:all\s+of\s+)?the\s+([a-z][\w' -]*?)\s+text\b", re.I)
_NOT_FIELDS = {"keyboard", "page", "screen", "board", "game", "list", "dialog", "viewer"}


def _derive_press(description: str) -> Hints:
    """A key goes to the focused element, unless the description names the field it is
    for: then that field ("Press Backspace to clear the search" -> the search field), so
    the key reaches it even when something else has focus."""
    match = _PRESS_FIELD_RE.search(description) or _SELECT_TEXT_RE.search(description)
    name = match.group(1).strip() if match else ""
    if not name or name.lower() in _NOT_FIELDS:
        return Hints({}, ("no target: a key press goes to the element with focus",))
    return Hints(
        {"placeholder": name, "label": name, "role": "textbox"},
        (
            f"placeholder and label {name!r}: the field the key is pressed in",
            "role textbox: the key is for a text field (focused first)",
        ),
    )


# A journey's ends, named as a person says them: "From Castle Hill", "where I'm leaving
# from", "Going to uni", "To the airport" (a planner's From and To fields, a mail's To).
_WAY_RE = re.compile(
    r"^\s*(?:(?P<start>from)|to)\b(?!\s+(?:the\s+)?(?:field|box|input))"
    r"|(?P<leave>\b(?:leaving|departing|starting|setting\s+off|coming)\s+from\b)"
    r"|^\s*(?:going|heading|travel+ing|off)\s+to\b",
    re.IGNORECASE,
)


def _derive_type(
    description: str, typed_text: str | None, phrases: list[str], reasons: list[str]
) -> Hints:
    """A type action's field: a quoted field name, else the words before a field word,
    else what follows "into"/"in". A relation to another element ("in the field under the
    name") places the field and names it not: the field is read from the words before the
    relation only, and "the field under the name" names none (the runner places it)."""
    name, why = "", ""
    if phrases:
        name, why = phrases[0], "the quoted phrase (not the text to type)"
    else:
        rest = re.sub(r"^\s*fill\s+in\b", "fill", description, flags=re.IGNORECASE)
        if typed_text:
            rest = rest.replace(typed_text, " ")
        relation = relation_hint(rest)
        if relation and relation.anchor != "@last":
            rest = relation.head
        into = _INTO_RE.search(rest)
        field_match = _FIELD_RE.search(rest)
        if field_match:
            named = _NAMED_AFTER_RE.search(rest[field_match.end() :])
            if named:
                name, why = (
                    _as_text(_words(named.group(1))),
                    f"the words after {field_match.group(1)!r}",
                )
            else:
                name = _as_text(_name_before(rest, field_match.start(), articles_only=True))
                why = f"the words before {field_match.group(1)!r}"
        if not name and into:
            words = [w for w in _words(into.group(1)) if w.lower() not in _ARTICLES]
            words = [w for w in words if not _FIELD_RE.fullmatch(w)]
            name, why = _as_text(words), "the words after 'into'/'in'"
        as_match = _AS_RE.search(rest)
        if not name and as_match:
            name, why = _as_text(_words(as_match.group(1))), "the words after 'as the'/'as your'"
        named = _THE_NOUN_RE.match(rest)
        if not name and named and typed_text and typed_text in description:
            name, why = named.group(1), "the noun before the text to type"
        if not name and _SEARCH_RE.match(rest):
            name, why = "search", "a search: the search field"
        way = _WAY_RE.search(rest)
        if not name and way:
            name = "From" if way.group("start") or way.group("leave") else "To"
            why = "a journey's end named by a preposition ('From Castle Hill', 'Going to uni')"
    if not name:
        reasons.append("no field named: the text goes to the element with focus")
        return Hints({}, tuple(reasons))
    reasons.append(f"placeholder and label {name!r}: {why}")
    reasons.append("role textbox: a type action needs a text field")
    return Hints({"placeholder": name, "label": name, "role": "textbox"}, tuple(reasons))


def explain(
    action_target: dict[str, str], description: str, action_type: str, typed_text: str | None
) -> list[str]:
    """Where an action's hints came from, for the step trace."""
    derived = derive(description, action_type, typed_text)
    if dict(action_target) == derived.target:
        return [f"hint from the description: {r}" for r in derived.reasons]
    if not action_target:
        return ["no target hints: the runner acts on the focused element or the page"]
    given = ", ".join(f"{k} {v!r}" for k, v in sorted(action_target.items()))
    return [f"hints written in the task: {given}"]
