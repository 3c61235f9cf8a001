"""What a logical assertion states in words a program can check.

A published action carries a sentence such as "After the action, the page shows 'Cart
(1)' and no longer shows 'Your cart is empty'". The quoted strings in it are texts the
page must (or must no longer) show; they are checked on the judged page's browser text
(and, for a text that must be shown, the texts typed into fields so far, which the
browser's text does not hold; a typed text never keeps a text "still shown"). A
quote is negated by the words of its clause before it ("no longer", "not") or after it
("disappears", "is removed", "is hidden", "is gone").

When an assertion gives such texts they say what the action must do better than text
read by OCR off the reference's checkpoints (no misread characters, no clipped words), so
the OCR text transition is then not needed (:mod:`evaluator.scoring.score`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from evaluator.scoring.transitions import Check
from evaluator.tasks.wording import NUMBER_WORDS

# A quote opens after a non-word character and closes before one, so the apostrophe in
# "Luca's" neither opens nor closes one.
_QUOTE_RE = re.compile(r"""(?<!\w)'(.+?)'(?!\w)|"(.+?)"|“(.+?)”|‘(.+?)’""")
_NEGATION_RE = re.compile(
    r"\b(no longer|not|n't|never|disappear\w*|vanish\w*|removed|hidden|gone|without)\b",
    re.IGNORECASE,
)
_AFTER_RE = re.compile(
    r"\b(disappear\w*|vanish\w*|is gone|(?:is|gets|was) (?:removed|hidden)|no longer)\b",
    re.IGNORECASE,
)
_CLAUSE_RE = re.compile(r"\band\b|\bbut\b|[;,.]", re.IGNORECASE)
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Stated:
    """One text the assertion names: shown (True) or no longer shown (False)."""

    text: str
    shown: bool


def stated_texts(assertion: str) -> list[Stated]:
    """The quoted texts of an assertion with their polarity, in order."""
    out: list[Stated] = []
    last = 0
    for match in _QUOTE_RE.finditer(assertion):
        text = next(g for g in match.groups() if g is not None).strip()
        lead = assertion[last : match.start()]
        # Only the words of the quote's own clause decide its polarity.
        clauses = _CLAUSE_RE.split(lead)
        negated = bool(_NEGATION_RE.search(clauses[-1] if clauses else lead))
        # "'Saved' disappears": the verb after the quote, up to the clause's end.
        trailing = _CLAUSE_RE.split(assertion[match.end() :])[0]
        trailing = _QUOTE_RE.split(trailing)[0]
        negated = negated or bool(_AFTER_RE.search(trailing))
        last = match.end()
        if text:
            out.append(Stated(text, not negated))
    return out


def _norm(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip().casefold()


def assertion_check(
    assertion: str, page_text: str, typed: str = "", reference_after: str | None = None
) -> Check | None:
    """The assertion's quoted texts checked on the page; None when it quotes none.

    Text typed so far (``typed``) counts only towards a text that must be shown: the
    browser's text lacks field values, so it is what was typed there. It never shows that
    a text is still there: a field is often emptied once its text is submitted ("Type
    'Walk the dog'", then "Click 'Completed'": the page no longer shows 'Walk the dog'),
    and a value still in a field is in the painted text the page text already holds.

    ``reference_after`` (the reference's checkpoint after the action, read by OCR): a
    quote the reference itself does not show as stated is not asked: the assertion was
    misread (a quote's polarity) or the page says it otherwise.
    None when every quote is dropped so."""
    stated = stated_texts(assertion)
    if not stated:
        return None
    page, with_typed = _norm(page_text), _norm(page_text) + "\n" + _norm(typed)
    wrong = [
        s
        for s in stated
        if (_norm(s.text) in (with_typed if s.shown else page)) != s.shown and s.text.strip()
    ]
    unconfirmed: list[Stated] = []
    if reference_after is not None and wrong:
        ref = _joined(reference_after)
        unconfirmed = [s for s in wrong if _holds(s.text, ref) != s.shown]
        wrong = [s for s in wrong if s not in unconfirmed]
        stated = [s for s in stated if s not in unconfirmed]
        if not stated:
            return None
    good = len(stated) - len(wrong)
    detail = f"logical assertion: {good}/{len(stated)} quoted texts as stated on the page text"
    if wrong:
        detail += "; " + "; ".join(
            ("missing " if s.shown else "still shown ") + repr(s.text) for s in wrong[:4]
        )
    if unconfirmed:
        detail += "; " + _unconfirmed([s.text for s in unconfirmed])
    return Check(not wrong, detail)


def _joined(text: str) -> str:
    """``text``'s tokens joined by spaces and space-padded, for :func:`_holds`."""
    return " " + " ".join(_tokens_of(text)) + " "


def _unconfirmed(items: list[str]) -> str:
    """The trace's note for items the reference's own checkpoint does not confirm."""
    return "not asked, the reference's checkpoint does not show them as stated: " + ", ".join(
        repr(item) for item in items[:4]
    )


# Unquoted assertions ("Cart shows 2 items, subtotal $21.50", "The song changes to Paper
# Planes by Lumen"): the numbers and the names (runs of Capitalised words inside a
# sentence) they state. Numbers glued to letters ("3x3", "7-day") describe, not show.
_NUMBER_RE = re.compile(r"(?<![\w.-])[$€£]?\d+(?:[.,:]\d+)*(?:%|°[CF])?(?![\w-])")
_NAME_RE = re.compile(r"(?<![\w°])[A-Z][\w'’]*(?:\s+(?:(?:of|&|and|de|la)\s+)?[A-Z][\w'’]*)*")
# A clause ends at "and", "but", or punctuation followed by a space (not the point of 21.50).
_FACT_CLAUSE_RE = re.compile(r"\band\b|\bbut\b|[;,.:!?](?=\s|$)", re.IGNORECASE)


def stated_facts(assertion: str) -> list[str]:
    """The numbers and names an assertion states the page shows, in order, without those of
    negated clauses ("no longer shows 3 items") and without quoted texts (checked apart).
    A single Capitalised word that opens a sentence is its first word, not a name."""
    text = _QUOTE_RE.sub(lambda m: " " * len(m.group(0)), assertion)
    bounds = [0, *(m.end() for m in _FACT_CLAUSE_RE.finditer(text)), len(text)]
    starts = {0, *(m.end() for m in re.finditer(r"[.!?;:]\s+", text))}
    facts: list[str] = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        clause = text[left:right]
        if _NEGATION_RE.search(clause):
            continue
        found = [(m.start(), m.group(0)) for m in _NUMBER_RE.finditer(clause)]
        for m in _NAME_RE.finditer(clause):
            name = re.sub(r"^(?:A|An|One|Two|Three)\s+", "", m.group(0).strip())
            first = not clause[: m.start()].strip() and left in starts
            if len(name) < 2 or (first and " " not in name):
                continue
            found.append((m.start(), name))
        facts += [f for _, f in sorted(found) if f not in facts]
    return facts


def _tokens_of(text: str) -> list[str]:
    return re.findall(r"\d+(?:[.,:]\d+)*|[^\W\d_]+", text.casefold())


def _holds(fact: str, joined: str) -> bool:
    """A fact is on a text (its tokens joined by spaces, space-padded) when its words
    follow each other there, numbers whole ("1" is not in "17"), or do so but for the
    spaces between them: a badge set beside its label without one ("2DVenue for a gig"
    in the browser's text, "2D Venue for a gig" on the screen)."""
    want = _tokens_of(fact)
    if not want:
        return False
    if f" {' '.join(want)} " in joined:
        return True
    return len(want) > 1 and _glued(want, joined.split())


def _glued(want: list[str], tokens: list[str]) -> bool:
    """Whether a run of whole ``tokens`` spells ``want``'s tokens run together."""
    glued = "".join(want)
    for start in range(len(tokens)):
        run = ""
        for token in tokens[start:]:
            run += token
            if not glued.startswith(run):
                break
            if run == glued:
                return True
    return False


def fact_check(
    assertion: str, reference_after: str, page_text: str, typed: str = ""
) -> Check | None:
    """The assertion's numbers and names that the reference's checkpoint after the action
    shows (``reference_after``, read by OCR: a fact the reference does not show may be
    put in other words on screen), checked on the judged page's text. None when the
    assertion states none that the reference shows."""
    facts = _shown_by(stated_facts(assertion), reference_after)
    if not facts:
        return None
    return _on_page(facts, page_text, typed, "stated facts the reference shows are")


def fact_shown(fact: str, text: str) -> bool:
    """Whether a stated fact stands on ``text`` (its words in order, numbers whole)."""
    return _holds(fact, _joined(text))


def _shown_by(items: list[str], reference_after: str) -> list[str]:
    """The items the reference's checkpoint after the action shows (read by OCR)."""
    ref = _joined(reference_after)
    return [item for item in items if _holds(item, ref)]


def _on_page(asked: list[str], page_text: str, typed: str, what: str) -> Check:
    """Whether each of ``asked`` is on the judged page's text (a field's typed text too);
    the check says how many, ``what`` they are, and which are missing."""
    page = _joined(page_text + "\n" + typed)
    missing = [item for item in asked if not _holds(item, page)]
    detail = (
        f"logical assertion: {len(asked) - len(missing)}/{len(asked)} {what} on the page text ("
        + ", ".join(map(repr, asked[:4]))
        + ")"
    )
    if missing:
        detail += "; missing " + ", ".join(repr(item) for item in missing[:4])
    return Check(not missing, detail)


def appeared_facts(assertion: str, reference_before: str, reference_after: str) -> list[str]:
    """The stated facts the reference shows after the action and did not show before it
    (both read by OCR): what the action changed, in the assertion's own words."""
    before, after = _joined(reference_before), _joined(reference_after)
    return [f for f in stated_facts(assertion) if _holds(f, after) and not _holds(f, before)]


# Numbers with their noun ("the cart shows 1", "Cart (2)", "Done shows 1", "7 times free",
# "2 items left"): a number counts something the clause names, so the page must show the
# number next to one of the clause's words, not anywhere (a dead page still shows "1
# litre"). The clause's words are its own content words: neither the verbs that say
# "shows", nor articles, prepositions or state words.
# fmt: off
_COUNT_STOP = frozenset({
    "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "by",
    "from", "into", "onto", "over", "under", "up", "down", "is", "are", "was", "were", "be",
    "been", "being", "am", "it", "its", "it's", "this", "that", "these", "those", "there",
    "their", "theirs", "his", "her", "hers", "your", "yours", "my", "our", "which", "who",
    "whom", "what", "when", "where", "now", "then", "still", "again", "back", "only",
    "just", "also", "all", "any", "each", "every", "some", "no", "not", "new", "old",
    "same", "other", "another", "more", "less", "one", "shows", "show", "showing", "shown",
    "reads", "read", "reading", "says", "say", "saying", "said", "displays", "display",
    "displayed", "lists", "list", "listing", "listed", "has", "have", "had", "holds",
    "hold", "holding", "contains", "counts", "count", "counting", "becomes", "become",
    "goes", "go", "going", "went", "gets", "get", "got", "rises", "drops", "drop", "falls",
    "grows", "grow", "increases", "decreases", "changes", "change", "changed", "updates",
    "updated", "appears", "appear", "stays", "stay", "remain", "remains", "set", "sets",
    "page", "after", "before", "action", "selected", "highlighted", "crossed", "out",
    "gone", "removed", "hidden", "visible", "enabled", "disabled", "checked",
    "ticked", "active", "open", "opens", "opened", "closed"
})
# fmt: on
# How many tokens apart a number and its word may stand on the page ("Cart (2)", "Done 1",
# "Friday 10 April", "2 of 5 steps", "Saved jobs (1)").
COUNT_WINDOW = 3
_RELATIVE_RE = re.compile(r"\s*(?:which|that|where|whose)\b", re.IGNORECASE)
_BY_RE = re.compile(r"\b(?:by|from)\s*$", re.IGNORECASE)
# "from row 2 down", "on page 3", "step 2 of 4", "bench set 2", "bay 3": a number after an
# index noun is a place.
_INDEX_RE = re.compile(
    r"\b(?:row|column|col|line|step|page|level|week|slide|chapter|question|round|turn|"
    r"stage|seat|gate|platform|track|part|number|no\.|#|set|bay|room|table|lane|door|"
    r"slot|pad|floor|aisle|zone|court|screen|episode|lap|bed|cabin|desk)\s*$",
    re.IGNORECASE,
)
# "The 4 is in the bottom left corner", "a 2 two squares above it", "under the 7 in the
# first column", "A 2 fills the square", "A big 2 replaces the notes": a number after an
# article (and a word of size or colour) and before no noun names a thing by the value it
# shows (a tile, a die, a sudoku's digit).
# So does one after a possessive: "under the snare's 13", "beside Maya's 2." (a step, a
# tile of hers); "Maya's 3 messages" is still a count (a noun follows).
_ARTICLE_RE = re.compile(
    r"(?:\b(?:the|a|an)|\w['’]s)\s+(?:(?:big|small|large|little|tiny|huge|bold|faint|red|"
    r"green|blue|orange|yellow|grey|gray|black|white|pink|purple|dark|light|new)\s+)?$",
    re.IGNORECASE,
)
_AFTER_LABEL_RE = re.compile(
    r"^\s*(?:$|[,.;:!?)]|(?:is|are|was|were|sits|stands|moves|now|one|two|three|four|in|on|"
    r"at|under|above|below|beside|fills|goes|appears|replaces)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Count:
    """A number the assertion states with the words of its clause that say what it counts."""

    number: str
    words: tuple[str, ...]
    # The quoted heading or label it is said of ("Results for “printer”: 2"): beside
    # them it is shown too, though they alone never make it asked.
    label: tuple[str, ...] = ()

    @property
    def named(self) -> tuple[str, ...]:
        """The words it may stand beside on the page."""
        return self.words + self.label


# Month and weekday names as pages abbreviate them ("December" / "Dec", "Thursday" / "Thu"):
# both sides are folded to the first three letters.
_CALENDAR = {
    **{m: m[:3] for m in (
        "january", "february", "march", "april", "june", "july", "august", "september",
        "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
        "friday", "saturday", "sunday",
    )},
    "sept": "sep", "tues": "tue", "thur": "thu", "thurs": "thu",
}  # fmt: skip


def _fold(word: str) -> str:
    """A word without its plural ending: items/item, times/time, boxes/box; a month or
    weekday name as its three-letter abbreviation."""
    if word in _CALENDAR:
        return _CALENDAR[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _clause_words(clause: str) -> list[str]:
    words = re.findall(r"[^\W\d_]+", clause.casefold())
    out: list[str] = []
    for word in words:
        folded = _fold(word)
        if len(word) >= 3 and word not in _COUNT_STOP and folded not in out:
            out.append(folded)
    return out


# What a number is said of, just before it: a quoted heading ("Results for “printer”: 2
# tickets") or a label that lists, shows or counts it ("All open lists 12 tickets"); its
# words name the counter too, though the count stop list drops them ("open", "all").
_LABELLED_RE = re.compile(
    r"(?:“(?P<curly>[^”]+)”|\"(?P<straight>[^\"]+)\"|‘(?P<single>[^’]+)’)\s*[:–—-]?\s*$"
    r"|(?P<label>\b(?!(?:The|A|An|It|Its|This|That|Now|Then)\b)[A-Z][\w'’&-]*"
    r"(?:\s+[\w'’&-]+){0,2}?)\s+"
    r"(?:lists|shows|reads|counts|says|displays|has)\s+$"
)
_LABEL_SKIP = frozenset(
    {"the", "a", "an", "its", "his", "her", "their", "my", "your", "now", "still", "also"}
)


def _label_words(head: str) -> list[str]:
    """The words of the quoted heading or label that ``head`` (the assertion up to a
    number) ends with, folded; none when it ends with neither."""
    match = _LABELLED_RE.search(head)
    if not match:
        return []
    said = next(g for g in match.groups() if g)
    words = re.findall(r"[^\W\d_]+", said.casefold())
    return [_fold(w) for w in words if len(w) >= 2 and w not in _LABEL_SKIP]


def stated_counts(assertion: str) -> list[Count]:
    """The numbers the assertion states (in digits) with the words of their clause, outside
    negated clauses and quotes. A relative clause with no other word ("..., which counts 3")
    takes the words of the clause before it ("the In progress column"). Spelled numbers in
    the assertion ("listing the three items") describe more often than they quote, so they
    are not taken."""
    text = _QUOTE_RE.sub(lambda m: " " * len(m.group(0)), assertion)
    bounds = [0, *(m.end() for m in _FACT_CLAUSE_RE.finditer(text)), len(text)]
    counts: list[Count] = []
    previous: list[str] = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        clause = text[left:right]
        words = _clause_words(_NUMBER_RE.sub(" ", clause))
        if _NEGATION_RE.search(clause):
            previous = words or previous
            continue
        # "which counts 3": a relative clause counts what the clause before names.
        own = words or (previous if _RELATIVE_RE.match(clause) else [])
        for start, end in _number_runs(clause):
            head, tail = clause[:start], clause[end:]
            # "increases by $78": a difference, which no counter shows; "from row 2" a
            # place; "the 4 is in the corner" a thing named by the value it shows.
            if _BY_RE.search(head) or _INDEX_RE.search(head):
                continue
            if _ARTICLE_RE.search(head) and _AFTER_LABEL_RE.match(tail):
                continue
            number = " ".join(_tokens_of(clause[start:end]))
            label = [w for w in _label_words(assertion[: left + start]) if w not in own]
            if number and own and all(c.number != number for c in counts):
                counts.append(Count(number, tuple(own), tuple(label)))
        previous = words or previous
    return counts


def _number_runs(clause: str) -> list[tuple[int, int]]:
    """Where the clause's numbers stand, numbers written one after another with only
    spaces between them taken as one ("The card shows 4921 5530 7710 3382": one card
    number, whose groups no counter shows one by one)."""
    runs: list[tuple[int, int]] = []
    for match in _NUMBER_RE.finditer(clause):
        if runs and not clause[runs[-1][1] : match.start()].strip(" "):
            runs[-1] = (runs[-1][0], match.end())
        else:
            runs.append((match.start(), match.end()))
    return runs


def page_tokens(text: str) -> list[str]:
    """The page's tokens, plurals folded and spelled numbers as digits."""
    return [
        # Spelled numbers a page may use for a count the assertion gives in digits.
        NUMBER_WORDS.get(t, t) if not t[0].isdigit() else t
        for t in map(_fold, _tokens_of(text))
    ]


def _near(tokens: list[str], number: str, words: tuple[str, ...]) -> bool:
    """Whether ``number`` (one or more tokens) stands within COUNT_WINDOW tokens of one of
    ``words`` on ``tokens``."""
    want = number.split()
    wanted = set(words)
    for i in range(len(tokens) - len(want) + 1):
        if tokens[i : i + len(want)] == want and wanted & _beside(tokens, i, i + len(want)):
            return True
    return False


def _beside(tokens: list[str], start: int, end: int) -> set[str]:
    """The words standing beside ``tokens[start:end]``: the COUNT_WINDOW tokens each side,
    and also the nearest two words each side past small words and other numbers, within
    twice that ("Total for 2 passengers: €354.00" has the total beside 354.00; in "1 litre.
    $27.00 Add to cart" the cart is not beside 1)."""
    out = set(tokens[max(0, start - COUNT_WINDOW) : start] + tokens[end : end + COUNT_WINDOW])
    reach = 2 * COUNT_WINDOW
    for side in (
        range(start - 1, max(-1, start - 1 - reach), -1),
        range(end, min(len(tokens), end + reach)),
    ):
        taken = 0
        for k in side:
            if tokens[k][0].isdigit() or tokens[k] in _COUNT_STOP:
                continue
            out.add(tokens[k])
            taken += 1
            if taken == 2:
                break
    return out


def _counters(tokens: list[str], words: tuple[str, ...]) -> bool:
    """Whether the page shows some number next to one of ``words``: a counter of what the
    clause names, whatever its value."""
    wanted = set(words)
    return any(t[0].isdigit() and wanted & _beside(tokens, i, i + 1) for i, t in enumerate(tokens))


# A number of this many characters or more (a rating 1512, a time 08:03, a price) is
# specific enough to be found anywhere on a page; a shorter one (a badge's 1) is not.
SPECIFIC = 3


def count_check(
    assertion: str,
    page_text: str,
    page_before: str = "",
    typed: str = "",
    on_screen: Callable[[str, tuple[str, ...]], bool] | None = None,
    reference_after: str | None = None,
    reference_on_screen: Callable[[str, tuple[str, ...]], bool] | None = None,
) -> Check | None:
    """The assertion's numbers checked next to what they count on the page after the action.

    A number is required only where the page (after the action, or before it) shows some
    number next to one of its clause's words: that counter must then show the stated
    number. A page that shows no such counter may say it in other words ("Your order is
    confirmed" for "3 items"), so the number is not asked there (the other checks still
    are). None when no number is asked.

    ``on_screen(number, words)``, when the step kept the page's texts with their boxes
    (:func:`evaluator.scoring.layout.beside_on_screen`), also finds a number beside its
    word by the row or column it stands in, where the page text puts them far apart.

    ``reference_after`` (the text of the reference's checkpoint after the action, read by
    OCR) and ``reference_on_screen`` (the same test on its words' boxes): a number of at
    least SPECIFIC characters the reference shows, but never beside the words the annotator
    counted it by, is named by what the page draws for it (a bolt before the rating 1512, a
    ferry icon before 08:03); the page must show it, anywhere. A shorter one proves nothing
    anywhere (a 1 in "1 litre" is no cart badge): asked beside its words as before."""
    page = page_tokens(page_text + "\n" + typed)
    before = page_tokens(page_before)
    # A number typed into a field is that field's value: shown, though by no words.
    entered = {" ".join(page_tokens(line)) for line in typed.splitlines()}
    asked = [
        c
        for c in stated_counts(assertion)
        if (_counters(page, c.words) or _counters(before, c.words)) and c.number not in entered
    ]
    if not asked:
        return None
    reference = page_tokens(reference_after) if reference_after is not None else []
    drawn = [
        c.number
        for c in asked
        if len(c.number) >= SPECIFIC
        and _shown(reference, c.number)
        and not _near(reference, c.number, c.words)
        and not (reference_on_screen is not None and reference_on_screen(c.number, c.words))
    ]
    missing = [
        c
        for c in asked
        if not _near(page, c.number, c.named)
        and not (on_screen is not None and on_screen(c.number, c.named))
        and not (c.number in drawn and _shown(page, c.number))
    ]
    detail = (
        f"logical assertion: {len(asked) - len(missing)}/{len(asked)} stated numbers next to "
        "what they count on the page text (" + ", ".join(map(_count_label, asked[:4])) + ")"
    )
    if drawn:
        detail += "; apart from those words on the reference, asked anywhere: " + ", ".join(
            drawn[:4]
        )
    if missing:
        detail += "; not shown: " + ", ".join(map(_count_label, missing[:4]))
    return Check(not missing, detail)


def _shown(tokens: list[str], number: str) -> bool:
    """Whether ``number`` (one or more tokens) stands anywhere on ``tokens``."""
    want = number.split()
    return any(tokens[i : i + len(want)] == want for i in range(len(tokens) - len(want) + 1))


def _count_label(count: Count) -> str:
    return f"{count.number} by {' / '.join(count.words[:3])}"


# What a named thing says, unquoted: "the summary says Treatment: Filling", "The toggle now
# reads Flag mode: On", "the header shows Following (1)". The words after the verb, up to
# the clause's end, when they open like a text on screen (a capital, a digit, a currency
# sign): "says the music is paused" describes, and is not taken.
_SAID_RE = re.compile(
    r"\b(?:says|reads|shows|holds|displays)\s+(?P<said>[A-Z0-9$€£][^;!?]*?)"
    r"(?=\s*(?:[.!?;](?:\s|$)|,\s|\s+and\s|\s+but\s|$))"
)


def said_texts(assertion: str) -> list[str]:
    """The unquoted texts an assertion says something shows, outside negated clauses (not
    a number alone: :func:`count_check`)."""
    text = _QUOTE_RE.sub(lambda m: " " * len(m.group(0)), assertion)
    out: list[str] = []
    for match in _SAID_RE.finditer(text):
        start = max((m.end() for m in _FACT_CLAUSE_RE.finditer(text, 0, match.start())), default=0)
        if _NEGATION_RE.search(text[start : match.start()]):
            continue
        said = match.group("said").strip()
        # A number alone ("Done shows 1") is a count, checked next to what it counts.
        if any(not t[0].isdigit() for t in _tokens_of(said)) and said not in out:
            out.append(said)
    return out


def said_check(
    assertion: str, reference_after: str, page_text: str, typed: str = ""
) -> Check | None:
    """The texts the assertion says something shows (:func:`said_texts`), whole, on the
    page's text: asked only for those the reference's checkpoint after the action shows
    whole (read by OCR), as a fact is, since "shows Neon Harbor by The Midnight Tides
    playing" may be the annotator's words around the page's. A page that shows each of
    the names apart ("Treatment: Check-up & clean" and a "Filling" button) does not show
    "Treatment: Filling". None when nothing is asked."""
    asked = _shown_by(said_texts(assertion), reference_after)
    if not asked:
        return None
    return _on_page(asked, page_text, typed, "texts it says are shown (the reference shows them)")


# "Old landing page copy is gone", "Walk the dog disappears": an item named at the head of
# its clause that must leave the page.
_GONE_RE = re.compile(
    r"^\s*(?P<item>\S.*?)\s+(?:(?:is|are|was|were|gets|get|has been|have been)\s+"
    r"(?:now\s+)?(?:gone|removed|deleted|no longer (?:shown|listed|there|visible))|"
    r"disappears?|vanish(?:es)?|goes away)\b",
    re.IGNORECASE,
)
_DETERMINER_RE = re.compile(
    r"^(?:the|a|an|this|that|these|those|its|their|his|her|your|my|our|every|all|it|they)\b",
    re.IGNORECASE,
)


def gone_texts(assertion: str) -> list[str]:
    """The items an assertion says leave the page, named by their own text: the head of a
    clause before "is gone", "is removed", "disappears" ..., when it opens with no article
    ("Old landing page copy is gone"; not "The toast disappears", which describes)."""
    text = _QUOTE_RE.sub(lambda m: " " * len(m.group(0)), assertion)
    bounds = [0, *(m.end() for m in _FACT_CLAUSE_RE.finditer(text)), len(text)]
    out: list[str] = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        match = _GONE_RE.match(text[left:right])
        if not match:
            continue
        item = match.group("item").strip()
        if item and not _DETERMINER_RE.match(item) and item not in out:
            out.append(item)
    return out


def _line_of(item: str, text: str) -> bool:
    """Whether ``item`` is a whole line of ``text`` (its words, in order, and nothing else)."""
    want = _tokens_of(item)
    return any(_tokens_of(line) == want for line in text.splitlines())


def gone_check(
    assertion: str, page_text: str, page_before: str, reference_after: str | None = None
) -> Check | None:
    """The items the assertion says leave the page (:func:`gone_texts`) that the page showed
    before the action (its words whole, in order), checked off the page after it. One the
    page never showed is not asked: the words may be the annotator's, not the page's. An
    item that was a line of its own before (a card's title) must no longer be one: a notice
    naming it ("Deleted Old landing page copy. Undo") may rightly follow. An item the
    reference's checkpoint after the action (``reference_after``, by OCR) still shows the
    same way is not asked. None when nothing is asked."""
    asked = [g for g in gone_texts(assertion) if _holds(g, _joined(page_before))]
    if not asked:
        return None

    def shown(g: str, text: str) -> bool:
        return _line_of(g, text) if _line_of(g, page_before) else _holds(g, _joined(text))

    still = [g for g in asked if shown(g, page_text)]
    unconfirmed = [g for g in still if reference_after is not None and shown(g, reference_after)]
    if unconfirmed:
        asked = [g for g in asked if g not in unconfirmed]
        still = [g for g in still if g not in unconfirmed]
        if not asked:
            return None
    detail = (
        f"logical assertion: {len(asked) - len(still)}/{len(asked)} items it says are gone "
        "are off the page text (" + ", ".join(map(repr, asked[:4])) + ")"
    )
    if still:
        detail += "; still shown " + ", ".join(repr(g) for g in still[:4])
    if unconfirmed:
        detail += "; " + _unconfirmed(unconfirmed)
    return Check(not still, detail)
