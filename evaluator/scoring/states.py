"""State words of a logical assertion, checked on the state the runner recorded.

"Buy oat milk is crossed out", "the Continue button is enabled", "13:00 is selected",
"2. Preferences highlighted in purple", "the switch is on", "the menu is expanded": a
state of an element, which no page text holds. :func:`stated_states` reads each such
claim off the assertion (its subject, the state, and whether it must hold: "no longer
crossed out", "not disabled", "unticked" must not); the host sends the subjects that name
something to the runner (``watch``), which records after the action the state of the
elements showing them and of the acted element (``sandbox/runner/states.py``, a step's
``states``). :func:`state_check` checks the claims on that record.

A subject with no name of its own ("the task", "it", "the checkbox", "the third option")
is the element acted on. A state the recorded elements have no means to show (a span has
no ``disabled``, nothing records a highlight by hover alone), or a subject no element
shows, gives no check: never a pass. Everything here reads saved evidence only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from evaluator.scoring.transitions import Check

# The subject "the element acted on" (the runner's ``of`` for it).
ACTED = "@target"
# As the runner bounds the words it is sent (sandbox/runner/states.py).
MAX_WATCH = 6
MAX_WORD_CHARS = 80
# A subject longer than this is a description, not a name on the page.
MAX_SUBJECT_WORDS = 6


class State(StrEnum):
    """A state an assertion names, by what the runner records for it."""

    STRUCK = "crossed out"
    DISABLED = "disabled"
    CHECKED = "checked"
    ON = "on"
    SELECTED = "selected"
    EXPANDED = "expanded"


# Each state word, what it names and whether it says the state holds ("enabled": not
# disabled). Longer phrases first.
# Words that are a state only after a copula: "is on", "is open" ("on screen", "squares
# open": no state).
_AFTER_COPULA = re.compile(r"on|off|open|opened|closed", re.IGNORECASE)
_WORDS: tuple[tuple[str, State, bool], ...] = (
    (r"crossed (?:out|off)|struck (?:through|out|off)|struck|strike-?through|"
     r"struck-through|lined through", State.STRUCK, True),
    (r"disabled|gr[ae]yed[ -]out|unclickable", State.DISABLED, True),
    (r"enabled|clickable", State.DISABLED, False),
    (r"unchecked|unticked|cleared", State.CHECKED, False),
    (r"checked|ticked|checked off|ticked off", State.CHECKED, True),
    (r"(?:switched|turned|toggled|set) on|on", State.ON, True),
    (r"(?:switched|turned|toggled|set) off|off", State.ON, False),
    (r"deselected|unselected|inactive|not highlighted", State.SELECTED, False),
    (r"selected|highlighted|active|chosen|outlined|current|pressed|marked", State.SELECTED,
     True),
    (r"expanded", State.EXPANDED, True),
    (r"collapsed", State.EXPANDED, False),
    (r"open|opened", State.EXPANDED, True),
    (r"closed", State.EXPANDED, False),
)  # fmt: skip
_STATE_RE = "|".join(f"(?P<w{i}>{pattern})" for i, (pattern, _, _) in enumerate(_WORDS))
# Between the subject and the state word: copulas, adverbs, a negation.
_VERBS = (
    r"is|are|was|were|be|been|being|has been|have been|gets?|got|becomes?|turns?|stays?|"
    r"remains?|appears?|looks?|shows? as|shown as|now|still|again|also|then|both|all|"
    r"no longer|not|never|isn't|aren't|is no|n't"
)
# "X is crossed out", "X highlighted in purple", "the switch is on": the state word ends its
# clause or is followed by a preposition or an adverb, not by a noun ("Selected theme").
_CLAIM_RE = re.compile(
    rf"^(?P<subject>.*?\S)\s+(?P<verbs>(?:(?:{_VERBS})\s+)*)(?P<state>{_STATE_RE})"
    r"(?=\s*$|\s+(?:in|with|by|and|again|now|too|as|at|for|instead|already|once)\b|\s*[(—–-])",
    re.IGNORECASE,
)
# A clause that starts with its verbs ("is outlined in green"): its subject came before.
_COPULA_RE = re.compile(rf"(?:(?:{_VERBS})\s*)+", re.IGNORECASE)
# A clause ends at "and", "but" or punctuation followed by a space, but not at the point of a
# numbered label ("2. Preferences").
_CLAUSE_RE = re.compile(r"\band\b|\bbut\b|[;,!?:](?=\s|$)|(?<!\b\d)\.(?=\s|$)", re.IGNORECASE)
_QUOTE_RE = re.compile(r"""(?<!\w)'(.+?)'(?!\w)|"(.+?)"|“(.+?)”|‘(.+?)’""")
_NEGATION_RE = re.compile(r"\b(?:not|no longer|never|isn't|aren't|is no)\b|n't\b", re.IGNORECASE)
# Where a clause's subject starts after a lead-in ("Step 2 is shown with 2. Preferences ...").
_LEAD_RE = re.compile(r"^.*\b(?:with|where|while|so|then|after|once|now|and)\s+", re.IGNORECASE)
# fmt: off
_DETERMINERS = frozenset(
    [
        "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her",
        "your", "my", "our", "it", "they", "one", "first", "second", "third", "fourth",
        "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "last", "next", "previous",
        "other", "same", "new", "now"
    ]
)
# fmt: on
# Words that say what kind of element the subject is, not which one.
# fmt: off
_KINDS = frozenset(
    [
        "button", "buttons", "tab", "tabs", "checkbox", "checkboxes", "check", "box",
        "boxes", "switch", "toggle", "link", "item", "items", "option", "options", "task",
        "tasks", "row", "card", "entry", "menu", "dropdown", "panel", "chip", "pill",
        "filter", "radio", "field", "icon", "slot", "tile", "step", "label", "control",
        "choice", "answer", "element", "square", "squares", "cell", "cells"
    ]
)
# fmt: on


@dataclass(frozen=True)
class StateClaim:
    """One state the assertion names: of ``subject`` (its words on the page, or ACTED), and
    whether it must hold; ``said`` is how the assertion put it."""

    subject: str
    state: State
    holds: bool
    said: str


def _subject(raw: str) -> str:
    """The subject's name on the page, ACTED when it has none, "" when it is no name."""
    quoted = [next(g for g in m.groups() if g) for m in _QUOTE_RE.finditer(raw)]
    if quoted:
        return _bounded(quoted[-1])
    text = _LEAD_RE.sub("", raw).strip(" \"'")
    words = text.split()
    while words and words[0].casefold() in _DETERMINERS:
        words.pop(0)
    while words and words[-1].casefold() in _KINDS:
        words.pop()
    while words and words[0].casefold() in _KINDS:
        words.pop(0)
    # "the Continue button": the name before the kind.
    name = " ".join(w for w in words if w.casefold() not in _KINDS)
    if not name:
        return ACTED
    if len(words) > MAX_SUBJECT_WORDS:
        return ""
    return _bounded(" ".join(words))


def _bounded(word: str) -> str:
    return " ".join(word.split())[:MAX_WORD_CHARS]


def stated_states(assertion: str) -> list[StateClaim]:
    """The state claims of an assertion, in order (see the module docstring)."""
    text = _QUOTE_RE.sub(lambda m: m.group(0).replace(",", " ").replace(".", " "), assertion)
    bounds = [0, *(m.end() for m in _CLAUSE_RE.finditer(text)), len(text)]
    out: list[StateClaim] = []
    # The sentence's clauses so far: "Courier collection, £2.99, is outlined in green" says
    # its subject before the commas, its state after them.
    sentence: list[str] = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        clause = assertion[left:right].strip(" .;,:!?")
        clause = re.sub(r"\s+(?:and|but)$", "", clause, flags=re.IGNORECASE)
        earlier = sentence
        ends = assertion[left:right].rstrip()[-1:] in ".!?"
        sentence = [] if ends else [*sentence, clause]
        match = _CLAIM_RE.match(clause)
        if not match:
            continue
        raw, verbs = match.group("subject"), match.group("verbs")
        if _COPULA_RE.fullmatch(raw):
            # No subject of its own: the sentence's first clause names it.
            if not earlier:
                continue
            raw, verbs = earlier[0], f"{raw} {verbs}"
        index = next(i for i in range(len(_WORDS)) if match.group(f"w{i}"))
        _, state, holds = _WORDS[index]
        if _AFTER_COPULA.fullmatch(match.group("state")) and not verbs.strip():
            continue
        subject = _subject(raw)
        if not subject:
            continue
        # "4 automations, 3 active": a bare count before the state word is no name.
        if subject.isdigit() and not verbs.strip():
            continue
        if _NEGATION_RE.search(verbs):
            holds = not holds
        claim = StateClaim(subject, state, holds, clause)
        if claim not in out:
            out.append(claim)
    return out


def watch_words(assertion: str) -> list[str]:
    """The named subjects of the assertion's state claims, which the runner looks for."""
    out: list[str] = []
    for claim in stated_states(assertion):
        if claim.subject != ACTED and claim.subject not in out:
            out.append(claim.subject)
    return out[:MAX_WATCH]


# States a click brings about on the control clicked: a switch on or off, a box ticked, an
# option chosen, a menu opened.
_ACTED_STATES = (State.ON, State.CHECKED, State.SELECTED, State.EXPANDED)
# "the switch beside Reduce motion": the name a control stands beside.
_BESIDE_RE = re.compile(r"^(?:beside|next to|by|for)\s+", re.IGNORECASE)
# "Compact is the chosen option", "Dark is now the selected theme": a chosen one named.
_CHOSEN_RE = re.compile(
    r"^(?P<name>.+?)\s+is\s+(?:now\s+)?the\s+(?:chosen|selected|active|current|ticked|"
    r"highlighted)\s+[a-z]+\s*[.!]?$",
    re.IGNORECASE,
)
# At most this many names travel (the runner tries them in order).
MAX_ACTED = 3


def acted_names(assertion: str) -> list[str]:
    """The names of the controls an assertion says a click switched, ticked, chose or
    opened ("The Private profile switch is on", "Compact is the chosen option", "The switch
    beside Reduce motion is on"), in order: what the person most likely clicked when the
    description's own words find nothing on the page ("Hide the profile from strangers").
    The runner tries them as a last resort (``target.stated``)."""
    out: list[str] = []
    for claim in stated_states(assertion):
        if claim.state in _ACTED_STATES and claim.subject != ACTED:
            out.append(_BESIDE_RE.sub("", claim.subject))
    for clause in _CLAUSE_RE.split(assertion):
        chosen = _CHOSEN_RE.match(clause.strip()) if clause else None
        if chosen:
            out.append(_subject(chosen.group("name")))
    # A name has a letter or is a time ("13:00 is selected"), never a bare number.
    names = [n for n in dict.fromkeys(out) if n != ACTED and re.search(r"[^\W\d_]|:", n)]
    return names[:MAX_ACTED]


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _evidence(state: State, entry: Mapping[str, Any]) -> list[tuple[str, bool]]:
    """What one recorded element says of ``state``: (what, value) for each known signal."""
    names: tuple[str, ...] = {
        State.STRUCK: ("struck",),
        State.DISABLED: ("disabled",),
        State.CHECKED: ("checked",),
        State.ON: ("checked", "pressed"),
        State.SELECTED: ("selected", "pressed", "checked", "highlighted"),
        State.EXPANDED: ("expanded",),
    }[state]
    out = [(name, v) for name in names if (v := _flag(entry.get(name))) is not None]
    if state == State.SELECTED and isinstance(entry.get("current"), str) and entry["current"]:
        out.append(("current", True))
    return out


def _label(entry: Mapping[str, Any]) -> str:
    return f"{str(entry.get('tag') or '?')[:12]} {str(entry.get('text') or '')[:40]!r}"


def _judge(claim: StateClaim, entries: Sequence[Mapping[str, Any]]) -> tuple[bool, str] | None:
    """Whether the claim holds on the recorded elements, and the evidence; None: none."""
    found = [(e, what, v) for e in entries for what, v in _evidence(claim.state, e)]
    if not found:
        return None
    shown = [(e, what) for e, what, v in found if v]
    present = bool(shown)
    if present:
        entry, what = shown[0]
        evidence = f"{what} on {_label(entry)}"
    else:
        entry, what, _ = found[0]
        evidence = "not " + "/".join(dict.fromkeys(w for _, w, _ in found)) + f" on {_label(entry)}"
    return present == claim.holds, evidence


def state_check(assertion: str, recorded: Sequence[Any] | None) -> Check | None:
    """The assertion's state claims checked on a step's recorded states; None when it makes
    none, or none has an element that can show its state."""
    claims = stated_states(assertion)
    if not claims or not isinstance(recorded, list):
        return None
    entries = [e for e in recorded if isinstance(e, dict) and "error" not in e]
    judged: list[tuple[StateClaim, bool, str]] = []
    for claim in claims:
        mine = [e for e in entries if e.get("of") == claim.subject]
        verdict = _judge(claim, mine)
        if verdict is not None:
            judged.append((claim, *verdict))
    if not judged:
        return None
    wrong = [j for j in judged if not j[1]]
    detail = (
        f"logical assertion: {len(judged) - len(wrong)}/{len(judged)} stated states hold on "
        "the page's elements ("
        + "; ".join(f"{_said(c)}: {evidence}" for c, _, evidence in judged[:4])
        + ")"
    )
    if len(judged) < len(claims):
        detail += f"; {len(claims) - len(judged)} not checkable (no element shows it)"
    if wrong:
        detail += "; not as stated: " + ", ".join(repr(_said(c)) for c, _, _ in wrong[:4])
    return Check(not wrong, detail)


def _said(claim: StateClaim) -> str:
    who = "the element acted on" if claim.subject == ACTED else repr(claim.subject)
    return f"{who} {'' if claim.holds else 'not '}{claim.state.value}"
