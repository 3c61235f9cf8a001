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
from dataclasses import dataclass

from evaluator.scoring.transitions import Check

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


def assertion_check(assertion: str, page_text: str, typed: str = "") -> Check | None:
    """The assertion's quoted texts checked on the page; None when it quotes none.

    Text typed so far (``typed``) counts only towards a text that must be shown: the
    browser's text lacks field values, so it is what was typed there. It never shows that
    a text is still there: a field is often emptied once its text is submitted ("Type
    'Walk the dog'", then "Click 'Completed'": the page no longer shows 'Walk the dog'),
    and a value still in a field is in the painted text the page text already holds."""
    stated = stated_texts(assertion)
    if not stated:
        return None
    page, with_typed = _norm(page_text), _norm(page_text) + "\n" + _norm(typed)
    wrong = [
        s
        for s in stated
        if (_norm(s.text) in (with_typed if s.shown else page)) != s.shown and s.text.strip()
    ]
    good = len(stated) - len(wrong)
    detail = f"logical assertion: {good}/{len(stated)} quoted texts as stated on the page text"
    if wrong:
        detail += "; " + "; ".join(
            ("missing " if s.shown else "still shown ") + repr(s.text) for s in wrong[:4]
        )
    return Check(not wrong, detail)


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
    follow each other there, numbers whole ("1" is not in "17")."""
    want = _tokens_of(fact)
    return bool(want) and f" {' '.join(want)} " in joined


def fact_check(
    assertion: str, reference_after: str, page_text: str, typed: str = ""
) -> Check | None:
    """The assertion's numbers and names that the reference's checkpoint after the action
    shows (``reference_after``, read by OCR: a fact the reference does not show may be
    put in other words on screen), checked on the judged page's text. None when the
    assertion states none that the reference shows."""
    ref = " " + " ".join(_tokens_of(reference_after)) + " "
    facts = [f for f in stated_facts(assertion) if _holds(f, ref)]
    if not facts:
        return None
    page = " " + " ".join(_tokens_of(page_text + "\n" + typed)) + " "
    missing = [f for f in facts if not _holds(f, page)]
    detail = (
        f"logical assertion: {len(facts) - len(missing)}/{len(facts)} stated facts the "
        "reference shows are on the page text"
    )
    if missing:
        detail += "; missing " + ", ".join(repr(f) for f in missing[:4])
    return Check(not missing, detail)


def appeared_facts(assertion: str, reference_before: str, reference_after: str) -> list[str]:
    """The stated facts the reference shows after the action and did not show before it
    (both read by OCR): what the action changed, in the assertion's own words."""
    before = " " + " ".join(_tokens_of(reference_before)) + " "
    after = " " + " ".join(_tokens_of(reference_after)) + " "
    return [f for f in stated_facts(assertion) if _holds(f, after) and not _holds(f, before)]
