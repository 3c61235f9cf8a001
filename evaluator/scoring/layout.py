"""A stated number read beside what it counts on the screen, by the row or column it
stands in, where the page text puts them far apart.

The count check (:func:`evaluator.scoring.assertions.count_check`) looks for "3" within a
few tokens of "mug" in the page text. A basket row's text runs "Stoneware mug / Sage green
· 350 ml · $18.00 each / − / 3 / + / $54.00", seven tokens; a spreadsheet's "Total"
heading is a whole row of cells before its first total. Widening the token window would
let a dead page pass on a "3" in the next row. On the screen they are side by side: the
runner keeps the visible texts with their boxes after an action whose assertion states a
number (``sandbox/runner/lines.py``), and here a number counts as beside a word when both
sit in one row (their boxes share a quarter of their height or more, at most ``ROW_REACH`` px apart)
or the word heads the number's column (boxes overlapping across, the word above, at most
``COLUMN_REACH`` px up). A dead page's row shows its own number, so it still fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from evaluator.scoring.assertions import page_tokens

# How far apart (CSS px) a number and its word may sit in one row, and how far up its
# column a heading may be.
ROW_REACH = 720
COLUMN_REACH = 320
# At most this many texts holding the number, and as many holding its words, are paired (in
# page order): each pair's column test scans every text, so a page repeating both 2000
# times would otherwise cost the host billions of steps.
MAX_PAIRED = 64


@dataclass(frozen=True)
class Text:
    """A visible text of the page and its box in page CSS px."""

    tokens: tuple[str, ...]
    x: float
    y: float
    w: float
    h: float


def read_lines(raw: Any) -> list[Text]:
    """The step's ``lines`` evidence as texts; entries of any other shape are skipped (the
    evidence was checked on the way in, ``sandbox/verify.py``)."""
    out: list[Text] = []
    for entry in raw if isinstance(raw, list) else []:
        if not (isinstance(entry, list) and len(entry) == 5 and isinstance(entry[0], str)):
            continue
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in entry[1:]):
            continue
        tokens = tuple(page_tokens(entry[0]))
        if tokens and entry[3] > 0 and entry[4] > 0:
            out.append(Text(tokens, *(float(v) for v in entry[1:])))
    return out


def _holds(tokens: Sequence[str], want: Sequence[str]) -> bool:
    n = len(want)
    return any(list(tokens[i : i + n]) == list(want) for i in range(len(tokens) - n + 1))


def _wordy(t: Text) -> bool:
    return any(not tok[0].isdigit() for tok in t.tokens)


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _same_row(a: Text, b: Text) -> bool:
    """One row: boxes sharing a quarter of their height or more, at most ROW_REACH apart
    (a table row's other cells may stand between: "Packing list.docx | Document | 4 Dec
    2026 | 38 KB")."""
    if _overlap(a.y, a.y + a.h, b.y, b.y + b.h) < 0.25 * min(a.h, b.h):
        return False
    left, right = (a, b) if a.x <= b.x else (b, a)
    return right.x - (left.x + left.w) <= ROW_REACH


def _heads_column(head: Text, cell: Text, lines: Sequence[Text]) -> bool:
    """A heading: above the number, across the same span, at most COLUMN_REACH up, and the
    nearest text with words above it in that column (numbers between are the column's
    other cells; a text with words between is the number's own label)."""
    across = _overlap(head.x, head.x + head.w, cell.x, cell.x + cell.w)
    up = cell.y - (head.y + head.h)
    if across < 0.5 * min(head.w, cell.w) or not 0 <= up <= COLUMN_REACH:
        return False
    return not any(
        t is not head
        and t is not cell
        and _wordy(t)
        and t.y >= head.y + head.h - 1
        and t.y + t.h <= cell.y + 1
        and _overlap(t.x, t.x + t.w, cell.x, cell.x + cell.w) > 0
        for t in lines
    )


def beside_on_screen(lines: Sequence[Text], number: str, words: Sequence[str]) -> bool:
    """Whether ``number`` (its tokens) is shown in one row with one of ``words`` (folded
    page tokens), or under one heading its column."""
    want = number.split()
    wanted = set(words)
    numbers = [t for t in lines if _holds(t.tokens, want)][:MAX_PAIRED]
    if not numbers:
        return False
    named = [t for t in lines if wanted & set(t.tokens)][:MAX_PAIRED]
    return any(_same_row(n, w) or _heads_column(w, n, lines) for n in numbers for w in named)
