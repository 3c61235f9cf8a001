"""What a logical assertion states in words a program can check.

A published action carries a sentence such as "After the action, the page shows 'Cart
(1)' and no longer shows 'Your cart is empty'". The quoted strings in it are texts the
page must (or must no longer) show; they are checked on the judged page's browser text
(and the texts typed into fields so far, which the browser's text does not hold). A
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
    """The assertion's quoted texts checked on the page; None when it quotes none."""
    stated = stated_texts(assertion)
    if not stated:
        return None
    shown_on_page = _norm(page_text) + "\n" + _norm(typed)
    wrong = [s for s in stated if (_norm(s.text) in shown_on_page) != s.shown and s.text.strip()]
    good = len(stated) - len(wrong)
    detail = f"logical assertion: {good}/{len(stated)} quoted texts as stated on the page text"
    if wrong:
        detail += "; " + "; ".join(
            ("missing " if s.shown else "still shown ") + repr(s.text) for s in wrong[:4]
        )
    return Check(not wrong, detail)
