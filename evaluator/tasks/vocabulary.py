"""The words of a description that may name what a control shows, for the runner's last
resort when no hint found the target (``target.words``, see ``sandbox/runner/words.py``).

Annotators name what they saw, not what the page says: a unit ("Fahrenheit" for a "°F"
button), an icon by its picture ("the heart", "the bin"), a day in full for a tile that
says "Wed". The generic verbs, articles, prepositions and role words are dropped, the
text to type is left out, and each remaining word brings the words a page commonly shows
for it (:data:`SYNONYMS`).
"""

from __future__ import annotations

import re

from evaluator.tasks.hints import ARTICLES, STOP_WORDS, words_of

# Words a description uses for what a control shows instead (a person names the unit, the
# control shows its symbol).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "fahrenheit": ("°f",),
    "celsius": ("°c",),
    "next": ("›", "→"),
    "previous": ("‹", "←", "prev"),
    "close": ("×", "✕"),
    "increase": ("+",),
    "decrease": ("−", "-"),
    "plus": ("+",),
    "minus": ("−", "-"),
    # Icons named by what they show -> what such a control is labelled.
    "heart": ("like", "favourite", "favorite", "♥", "♡"),
    "star": ("favourite", "favorite", "★", "☆"),
    "bookmark": ("save",),
    "bin": ("delete", "remove"),
    "trash": ("delete", "remove"),
    "pencil": ("edit",),
    "cog": ("settings",),
    "gear": ("settings",),
    "bell": ("notifications",),
    "magnifier": ("search",),
    "cross": ("close", "×", "✕"),
    "skip": ("next",),
    "play": ("▶", "►"),
    "pause": ("⏸",),
    "comment": ("reply", "💬"),
    "comments": ("comment", "reply", "💬"),
    "expand": ("more", "▾", "▸"),
    "collapse": ("less", "▴"),
    "points": ("pts",),
    "recipient": ("to",),
    "sender": ("from",),
    "quantity": ("qty",),
    "compose": ("new",),
    "moon": ("dark",),
    # Amounts masked are hidden ("Mask the amounts": "Hide balances").
    "mask": ("hide",),
    "unmask": ("show",),
    # A greeting as pages word one ("next to the greeting": "Good morning, Jordan").
    "greeting": ("hello", "hi", "hey", "welcome", "morning", "afternoon", "evening"),
    # States a filter names otherwise ("Show only the finished ones": "Completed").
    "finished": ("completed", "complete", "done"),
    "unfinished": ("active", "open", "todo"),
    # Units as pages abbreviate them beside a number ("a 30-year term" on a "30 yr" button).
    "year": ("yr", "yrs"),
    "years": ("yr", "yrs"),
    "month": ("mo", "mos"),
    "months": ("mo", "mos"),
    "week": ("wk", "wks"),
    "weeks": ("wk", "wks"),
    "hour": ("hr", "hrs"),
    "hours": ("hr", "hrs"),
    "minute": ("min", "mins"),
    "minutes": ("min", "mins"),
    # Not "second": mostly an ordinal ("the second card").
    "seconds": ("sec", "secs"),
    "kilometre": ("km",),
    "kilometres": ("km",),
    "kilometer": ("km",),
    "kilometers": ("km",),
    "mile": ("mi",),
    "miles": ("mi",),
    "kilogram": ("kg",),
    "kilograms": ("kg",),
    "pound": ("lb", "lbs"),
    "pounds": ("lb", "lbs"),
    "percent": ("%",),
    # Days and months as tiles and calendars abbreviate them.
    **{
        d: (d[:3],)
        for d in (
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "january",
            "february",
            "march",
            "april",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        )
    },
}
# Kinds of spending a person names by any of their words where a category chip, filter or
# tab says another ("Show only restaurant and cafe spending" is the "Dining" chip): each
# word of a class brings the others. Only words that name nothing else on a page (not
# "salary", a job board's sort); only the last resort and the quarter votes read them
# (``target.words``), never the hints.
CLASSES: tuple[tuple[str, ...], ...] = (
    ("dining", "restaurant", "restaurants", "cafe", "cafes", "café", "cafés", "food",
     "eating", "takeaway"),
    ("groceries", "grocery", "supermarket"),
    ("transport", "transportation", "commute", "transit", "taxi"),
    ("housing", "rent", "mortgage"),
)  # fmt: skip
for _class in CLASSES:
    for _word in _class:
        SYNONYMS[_word] = SYNONYMS.get(_word, ()) + tuple(w for w in _class if w != _word)
# Two-word names that mean something their words alone do not ("skip back" is the
# previous song, not the next): replaced by what such a control shows, before the words.
PHRASES: dict[str, tuple[str, ...]] = {
    "skip back": ("previous", "prev", "‹", "←", "⏮"),
    "skip backward": ("previous", "prev", "‹", "←", "⏮"),
    "go back": ("previous", "prev", "back", "‹", "←"),
    "skip forward": ("next", "›", "→", "⏭"),
    "fast forward": ("next", "›", "→", "⏭"),
    "skip ahead": ("next", "›", "→", "⏭"),
    "speech bubble": ("comment", "comments", "reply", "💬"),
    "chat bubble": ("comment", "comments", "reply", "💬"),
    "read more": ("read", "more"),
    "dark mode": ("dark", "theme", "moon", "☾", "🌙"),
}
_PHRASE_RE = re.compile(
    r"\b(" + "|".join(re.escape(p) for p in sorted(PHRASES, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
# Verbs that only say "act on it", never what the control shows (others, like "sort",
# "filter", "save", "follow", are often its label and stay).
_GENERIC_VERBS = {
    "click", "tap", "press", "select", "choose", "open", "hit", "go", "navigate", "type",
    "enter", "input", "fill", "write", "put", "try", "turn", "switch", "show", "check",
    "pick", "toggle", "answer", "finish",
}  # fmt: skip
_NOT_NAMES = (
    _GENERIC_VERBS
    | ARTICLES
    | set(STOP_WORDS)
    | {"button", "icon", "link", "tab", "again", "page", "it", "one", "then", "now", "back"}
    | {"please", "by", "up", "down", "over", "into", "onto", "instead", "once", "more", "as"}
    | {"fill", "tick", "untick"}
)
# A number joined to its unit ("30-year", "15-minute", "2-hour"): the page shows the two
# apart ("30 yr"), so each is a word of its own, the unit with its abbreviations.
_NUMBER_UNIT_RE = re.compile(r"^(\d+(?:[.,]\d+)?)-([a-z]+)$")
_TO_RE = re.compile(r"\bto\s+(?:the\s+|a\s+|an\s+)?([\w°'’-]+)", re.IGNORECASE)
# "Click the x on the card": a lower-case x after "the" is the cross a control shows (a
# capital X is a mark to place: "Put an X in the square").
_THE_X_RE = re.compile(r"\bthe x\b")


def content_words(description: str, typed_text: str | None = None) -> str:
    """The words of a description that may name what a control shows, space separated,
    for the runner's last resort (``target.words``, see ``sandbox/runner/locate.py``):
    generic verbs ("click", "open"; not "sort" or "save", often a label), articles,
    prepositions and role words dropped, the text to type left out,
    synonyms added ("Fahrenheit" -> "°F"; "the x" is the cross, "×"). The word after "to"
    ("Switch from Delivery to Pickup", "Skip to the next song") is where the action goes:
    it is marked "^" (counts twice). A number joined to its unit ("a 30-year term") gives
    the number and the unit apart, the unit with its abbreviations ("30", "year", "yr"):
    pages write "30 yr".
    Empty when nothing is left."""
    text = description.replace(typed_text, " ") if typed_text else description
    text = _THE_X_RE.sub("the cross", text)
    heavy = {m.group(1).lower().strip("'’") for m in _TO_RE.finditer(text)}
    out: list[str] = []
    for phrase in _PHRASE_RE.findall(text):
        out += [w for w in PHRASES[phrase.lower()] if w not in out]
    text = _PHRASE_RE.sub(" ", text)
    for word in words_of(text):
        low = re.sub(r"['’]s$", "", word.lower().strip(".,:;!?'’"))
        unit = _NUMBER_UNIT_RE.match(low)
        for part in unit.groups() if unit else (low,):
            # A number of a unit counts however short ("a 5-minute timer").
            kept = bool(unit) and part.isdigit()
            if not kept and (not part or part in _NOT_NAMES or len(part) < 2 and part not in "+−×"):
                continue
            for w in (part, *SYNONYMS.get(part, ())):
                token = ("^" if low in heavy else "") + w
                if token not in out:
                    out.append(token)
    return " ".join(out)
