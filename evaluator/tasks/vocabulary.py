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
from dataclasses import dataclass

from evaluator.tasks.clock import clock_words
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
    # "the other ways to merge": a split button's caret, "More merge options".
    "other ways": ("options", "more"),
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
    pages write "30 yr". A time said in words ("half three") brings the numbers a clock
    shows for it (:func:`evaluator.tasks.clock.clock_words`: "3", "15", "30").
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
            # A single digit too: a number pad's key ("And a 7").
            kept = (bool(unit) and part.isdigit()) or (len(part) == 1 and part.isdigit())
            if not kept and (not part or part in _NOT_NAMES or len(part) < 2 and part not in "+−×"):
                continue
            for w in (part, *SYNONYMS.get(part, ())):
                token = ("^" if low in heavy else "") + w
                if token not in out:
                    out.append(token)
    # A time said in words ("half three"): the numbers its clock shows ("15", "30").
    out += [w for w in clock_words(text) if w not in out]
    return " ".join(out)


@dataclass(frozen=True)
class Meaning:
    """What a control does or shows, as a description says it and as a page shows it.

    ``said``: patterns of a description that name it ("put it away", "bookmark",
    "once a year", "make it two"). ``shown``: the words and glyphs such a control's text or
    accessible name holds (its text, ``aria-label``, ``aria-labelledby``, ``title``, an
    SVG's ``<title>``/``<desc>``, an image's ``alt``); a multi-word one is joined by "_".
    ``drawn``: the names icon sets give its picture (``fa-bookmark``, ``bi-trash``,
    ``<use href="#icon-archive">``, ``data-icon``, a Material ligature, an image's file
    name), whole ("chevron-right") or as one word; read only from those, never from text
    ("add" is Material's plus, but an "Add to bag" button is no plus)."""

    said: tuple[str, ...]
    shown: tuple[str, ...]
    drawn: tuple[str, ...] = ()


# A number said in words ("Make it forty", "make that twenty-five"), not "one" (a step).
_UNITS = r"(?:two|three|four|five|six|seven|eight|nine)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_NUMBERS = (
    rf"(?:{_TENS}(?:[- ](?:one|{_UNITS}))?|{_UNITS}|ten|eleven|twelve|"
    r"(?:thir|four|fif|six|seven|eigh|nine)teen|(?:a |one )?hundred|\d+)"
)
# The written vocabulary of what UI controls mean (issue 15: annotators name an icon by what
# it shows or does, a label by a paraphrase). Only read when no hint of the description found
# an element by text, label or placeholder (``target.means``, sandbox/runner/words.py).
MEANINGS: dict[str, Meaning] = {
    "archive": Meaning(
        (r"archive", r"put (?:it |this |them |that )?away", r"file (?:it |this |them )?away"),
        ("archive", "archived", "🗄", "📥", "🗃"),
        ("archive", "box-archive", "inbox-in"),
    ),
    "bookmark": Meaning(
        (r"bookmark", r"save (?:it |this |them )?for later", r"read (?:it )?later",
         r"^\s*keep (?:the|this|that|it)\b"),
        ("bookmark", "bookmarked", "save", "saved", "🔖", "read_later"),
        ("bookmark", "bookmarks"),
    ),
    "star": Meaning(
        (r"star", r"favou?rite", r"fave"),
        ("star", "starred", "favourite", "favorite", "★", "☆", "⭐"),
        ("star", "favorite"),
    ),
    "thumbs up": Meaning(
        (r"thumbs?[- ]up", r"upvote"),
        ("👍", "thumbs_up", "upvote"),
        ("thumbs-up", "thumb-up", "hand-thumbs-up", "thumbs-o-up"),
    ),
    "heart": Meaning(
        (r"heart", r"love", r"like (?:it|this|that|the)", r"^like"),
        ("like", "liked", "love", "♥", "♡", "❤", "🤍"),
        ("heart", "like", "thumbs-up"),
    ),
    "delete": Meaning(
        (r"trash", r"bin", r"delete", r"remove", r"discard", r"throw (?:it |this )?away",
         r"get rid of", r"erase", r"wastebasket"),
        ("delete", "remove", "trash", "bin", "discard", "🗑", "×", "✕", "✖"),
        ("trash", "delete", "bin", "garbage", "remove", "trash-can", "wastebasket"),
    ),
    "close": Meaning(
        (r"close", r"dismiss", r"x out", r"the cross"),
        ("close", "dismiss", "×", "✕", "✖", "❌"),
        ("close", "x", "xmark", "times", "cross", "x-lg"),
    ),
    "increase": Meaning(
        (r"increase", r"increment", r"one more", r"add one", rf"make it {_NUMBERS}",
         rf"make (?:it|that|them) {_NUMBERS}", r"bump (?:it )?up", r"raise", r"plus"),
        ("+", "＋", "➕", "increase", "increment", "plus"),
        ("plus", "add", "plus-lg", "plus-circle", "circle-plus"),
    ),
    "decrease": Meaning(
        (r"decrease", r"decrement", r"one (?:fewer|less)", r"take one (?:off|away)",
         r"reduce", r"minus", r"fewer"),
        ("−", "-", "–", "➖", "decrease", "decrement", "minus"),
        ("minus", "dash", "subtract", "dash-lg", "circle-minus"),
    ),
    "settings": Meaning(
        (r"settings", r"gear", r"cog", r"preferences"),
        ("settings", "preferences", "⚙"),
        ("gear", "cog", "settings", "sliders", "gear-fill"),
    ),
    "menu": Meaning(
        (r"hamburger", r"(?:open|toggle|show) the (?:main |site |nav(?:igation)? )?menu$",
         r"menu (?:button|icon)", r"three (?:lines|bars)"),
        ("menu", "☰", "≡"),
        ("bars", "menu", "hamburger", "list"),
    ),
    "search": Meaning(
        (r"magnif\w*", r"search (?:icon|button)", r"^\s*(?:search|go)\s*[.!]?$"),
        ("search", "find", "🔍", "🔎"),
        ("search", "magnifying-glass", "magnifier", "loupe", "zoom"),
    ),
    "edit": Meaning(
        (r"pencil", r"edit", r"rename", r"modify"),
        ("edit", "rename", "✎", "✏", "🖉", "✐"),
        ("pencil", "edit", "pen", "pen-to-square", "pencil-square"),
    ),
    "share": Meaning((r"share",), ("share", "⤴"), ("share", "share-nodes", "share-alt")),
    "download": Meaning((r"download",), ("download", "⬇", "⤓"), ("download", "arrow-down-tray")),
    "upload": Meaning((r"upload",), ("upload", "⬆", "⤒"), ("upload", "arrow-up-tray")),
    "refresh": Meaning(
        (r"refresh", r"reload"),
        ("refresh", "reload", "↻", "⟳", "🔄", "↺"),
        ("refresh", "rotate", "sync", "arrows-rotate", "arrow-clockwise"),
    ),
    "play": Meaning(
        (r"play", r"start (?:the )?(?:song|track|video|music)",
         r"(?:put|turn|switch) (?:some |the )?(?:music|song|track|radio) on",
         r"(?:some |the )?music on"),
        ("play", "▶", "►", "⏵"),
        ("play", "play-circle", "play-fill"),
    ),
    "pause": Meaning((r"pause",), ("pause", "⏸"), ("pause", "pause-circle")),
    "stop": Meaning(
        (r"stop (?:the )?(?:song|track|video|music|playback)",), ("stop", "⏹", "■"), ("stop",)
    ),
    "next": Meaning(
        (r"next(?! to)", r"following", r"go on", r"carry on", r"continue", r"proceed",
         r"(?:go|move|step|skip) (?:ahead|forward)", r"fast forward", r"next track"),
        ("next", "continue", "forward", "proceed", "›", "→", "»", "⏭", "▸", "⟩"),
        ("next", "forward", "chevron-right", "arrow-right", "angle-right", "skip-forward",
         "caret-right", "navigate-next"),
    ),
    "previous": Meaning(
        (r"previous", r"prior", r"go back(?! to\b)", r"back a step", r"step back",
         r"skip back(?:ward)?", r"previous track", r"rewind"),
        ("previous", "prev", "back", "‹", "←", "«", "⏮", "◂", "⟨"),
        ("previous", "prev", "back", "chevron-left", "arrow-left", "angle-left", "skip-back",
         "caret-left", "navigate-before"),
    ),
    "volume up": Meaning(
        (r"louder", r"volume up", r"turn (?:it |the volume )?up"),
        ("louder", "volume_up", "🔊"),
        ("volume-up", "volume-high", "volume-plus"),
    ),
    "volume down": Meaning(
        (r"quieter", r"softer", r"volume down", r"turn (?:it |the volume )?down"),
        ("quieter", "volume_down", "🔉"),
        ("volume-down", "volume-low", "volume-minus"),
    ),
    "mute": Meaning(
        (r"mute", r"silence"),
        ("mute", "muted", "unmute", "🔇"),
        ("volume-mute", "volume-off", "volume-xmark", "mute"),
    ),
    "expand": Meaning(
        (r"expand", r"unfold", r"show more", r"open up"),
        ("expand", "more", "▾", "▼", "⌄", "▸"),
        ("chevron-down", "expand", "caret-down", "angle-down", "expand-more"),
    ),
    "collapse": Meaning(
        (r"collapse", r"fold (?:it|this) up", r"show less"),
        ("collapse", "less", "▴", "▲", "⌃"),
        ("chevron-up", "collapse", "caret-up", "angle-up", "expand-less"),
    ),
    "pin": Meaning((r"pin",), ("pin", "pinned", "📌"), ("pin", "thumbtack", "pushpin")),
    "flag": Meaning((r"flag", r"report"), ("flag", "report", "⚑", "🚩"), ("flag",)),
    "reply": Meaning(
        (r"reply", r"respond", r"answer (?:him|her|them|it|that|this)"),
        ("reply", "↩", "↰"),
        ("reply", "arrow-reply"),
    ),
    "forward": Meaning(
        (r"forward (?:it|this|that|the (?:e-?mail|message|mail))",),
        ("forward", "↪", "➦"),
        ("forward", "share", "arrow-forward"),
    ),
    "print": Meaning((r"print",), ("print", "🖨", "⎙"), ("print", "printer")),
    "undo": Meaning((r"undo",), ("undo", "↶", "⟲"), ("undo", "rotate-left", "arrow-rotate-left")),
    "redo": Meaning((r"redo",), ("redo", "↷"), ("redo", "rotate-right", "arrow-rotate-right")),
    "zoom in": Meaning(
        (r"zoom in", r"enlarge"),
        ("zoom_in",),
        ("zoom-in", "magnifying-glass-plus", "search-plus"),
    ),
    "zoom out": Meaning(
        (r"zoom out",),
        ("zoom_out",),
        ("zoom-out", "magnifying-glass-minus", "search-minus"),
    ),
    "more options": Meaning(
        (r"more options", r"three dots", r"kebab", r"overflow", r"ellipsis"),
        ("⋮", "⋯", "…", "more_options", "options"),
        ("ellipsis", "ellipsis-vertical", "dots", "kebab", "more-vert", "more-horiz",
         "three-dots", "three-dots-vertical"),
    ),
    "notifications": Meaning((r"bell", r"notifications"), ("notifications", "🔔"), ("bell",)),
    "dark mode": Meaning(
        (r"dark (?:mode|look|theme)", r"night mode", r"moon"),
        ("dark", "moon", "🌙", "☾", "☽"),
        ("moon", "dark-mode"),
    ),
    "copy": Meaning((r"copy",), ("copy", "⧉", "📋"), ("copy", "clipboard", "content-copy")),
    "send": Meaning((r"send(?!\s+(?:\w+\s+)?back\b)",), ("send", "➤"), ("send", "paper-plane")),
    # "Send back something from the boots order": a return, whatever the button says.
    "return": Meaning(
        (r"send\s+(?:\w+\s+)?back", r"give\s+(?:\w+\s+)?back", r"return(?!\s+to\b)"),
        ("return", "returns", "↩"),
        ("return", "arrow-return", "undo-return"),
    ),
    "attach": Meaning((r"attach", r"paper ?clip"), ("attach", "📎"), ("paperclip", "attach")),
    "home": Meaning((r"home",), ("home", "🏠", "⌂"), ("home", "house")),
    "help": Meaning(
        (r"help", r"question mark"),
        ("help", "?", "❓", "ℹ"),
        ("help", "question", "circle-question", "info"),
    ),
    "show password": Meaning((r"show (?:the )?password", r"eye"), ("show", "👁"), ("eye",)),
    "yearly": Meaning(
        (r"once a year", r"(?:per|a|each|every) year", r"annual(?:ly)?", r"yearly"),
        ("yearly", "annual", "annually", "year", "yr", "/yr"),
    ),
    "monthly": Meaning(
        (r"once a month", r"(?:per|a|each|every) month", r"monthly"),
        ("monthly", "month", "mo", "/mo"),
    ),
    "weekly": Meaning(
        (r"once a week", r"(?:per|a|each|every) week", r"weekly"),
        ("weekly", "week", "wk"),
    ),
    "daily": Meaning(
        (r"once a day", r"(?:per|a|each|every) day", r"daily"),
        ("daily", "day"),
    ),
}  # fmt: skip
_MEANING_RES: dict[str, re.Pattern[str]] = {
    name: re.compile(r"(?<![\w-])(?:" + "|".join(m.said) + r")(?![\w-])", re.IGNORECASE)
    for name, m in MEANINGS.items()
}


def meanings_of(description: str) -> list[str]:
    """The meanings (keys of :data:`MEANINGS`) a description names, in the order it names
    them ("Put it away with the middle button" -> ["archive"])."""
    text = " ".join(description.split())
    found = [(m.start(), name) for name, pat in _MEANING_RES.items() if (m := pat.search(text))]
    return [name for _, name in sorted(found)]


# "Flag the mine on C2", "Star row B4": a code of a letter and a digit names the target
# itself; the verb says what is done to it, not which control does it.
_CODE_RE = re.compile(r"\b(?:[A-Za-z]\d{1,2}|\d{1,2}[A-Za-z])\b")


def meaning_hint(description: str) -> str:
    """``target.means`` for the runner: each meaning the description names, as
    "name: shown tokens #drawn names", separated by ";" ("archive: archive archived 🗄 📥 🗃
    #archive #box-archive #inbox-in"); "" when it names none."""
    if _CODE_RE.search(description):
        return ""
    parts = []
    for name in meanings_of(description):
        m = MEANINGS[name]
        tokens = [*m.shown, *(f"#{d}" for d in m.drawn)]
        parts.append(f"{name}: {' '.join(tokens)}")
    return "; ".join(parts)
