"""Places in a table a description names by its rows' and columns' labels ("the bottom
cell of the February column", "the Notes cell on the Transport row", "select the whole
totals column") or by counting its cells ("the cell in row 4, column 6").

A person reads a table by its headings: the February column is the column headed "Feb"
however far across it sits, and its bottom cell is the last one holding anything (a
spreadsheet's empty rows below are no part of what they see). The host reads the place;
the runner finds the table and its cells (``sandbox/runner/tables.py``). The place travels
in ``target.table``, in the grammar of the grid places of :mod:`evaluator.tasks.places`
(``target.position``, still sent: on a page with no table it is counted as ever):
``col:@feb`` is the column labelled so, ``row:-1`` its last filled cell.
"""

from __future__ import annotations

import re

from evaluator.tasks.places import ORDINALS, ordinal

# "the February column", "the whole totals column", "the Transport row", "the Unit price
# column": up to three words right before "column" or "row".
_LINE_RE = re.compile(
    r"\b(?:the|this|that|its)\s+((?:[\w'’&.$%-]+\s+){0,2}[\w'’&.$%-]+)\s+(column|row)\b",
    re.IGNORECASE,
)
# Words before "column" or "row" that say which one without naming it.
_NOT_LABELS = set(ORDINALS) | {
    "whole", "entire", "same", "next", "previous", "other", "new", "empty", "blank",
    "header", "heading", "this", "that", "each", "every", "one", "first", "upper", "lower",
    "far", "very", "of", "in", "on", "the", "a", "an", "and",
}  # fmt: skip
# Words that are no label though they lead the run ("the whole totals column": totals).
_LEADING_FILLER = {"whole", "entire", "same", "very"}
# The cell counted in the named line: "the bottom cell of", "the third cell in", "the last
# one of".
_CELL_RE = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final|top|"
    r"bottom|left|right|leftmost|rightmost|\d+(?:st|nd|rd|th))\s+(?:cell|one|entry|value|box)\b",
    re.IGNORECASE,
)
# "the Notes cell", "the Feb cell": a cell named by the line it sits in.
_NAMED_CELL_RE = re.compile(r"\bthe\s+([\w'’&.$%-]+)\s+cell\b", re.IGNORECASE)
# The description counts a table's cells ("the cell in row 4, column 6", "the bottom left
# cell of the table").
_CELL_WORD_RE = re.compile(r"\b(?:cell|cells)\b|\bof the (?:table|sheet|spreadsheet|grid)\b", re.I)


def _label(words: str) -> str:
    """A line's label from the words before "column"/"row", lower case; "" when they say
    which line without naming it ("the third row", "the same column")."""
    parts = words.split()
    while parts and parts[0].lower() in _LEADING_FILLER:
        parts = parts[1:]
    if not parts or any(p.lower() in _NOT_LABELS for p in parts):
        return ""
    # "row 4" / "column F" are counted, not named (places.position_hint).
    if len(parts) == 1 and (parts[0].isdigit() or len(parts[0]) == 1):
        return ""
    return " ".join(parts).lower()


def table_place(description: str) -> str:
    """The place in a table a description names by a row's or a column's label, as the
    runner reads it (``target.table``, "row:-1 col:@february"); "" when it names none.

    - "the bottom cell of the February column" -> ``row:-1 col:@february``: the column
      under the cell that says February (or Feb), its last filled cell;
    - "the second cell of the Rent row" -> ``row:@rent col:2``;
    - "the Notes cell on the Transport row" -> ``row:@transport col:@notes``;
    - "select the whole totals column" -> ``col:@totals``: the column's heading.
    """
    lines: dict[str, str] = {}
    for match in _LINE_RE.finditer(description):
        label = _label(match.group(1))
        kind = "col" if match.group(2).lower() == "column" else "row"
        if label and kind not in lines:
            lines[kind] = label
    if not lines:
        return ""
    # "the Notes cell on the Transport row": a label before "cell" names the other line.
    named_cell = _NAMED_CELL_RE.search(description)
    if named_cell and len(lines) == 1 and _label(named_cell.group(1)):
        lines["col" if "row" in lines else "row"] = _label(named_cell.group(1))
    cell = _CELL_RE.search(description)
    nth = ordinal(cell.group(1)) if cell else None
    parts = []
    if "row" in lines:
        parts.append(f"row:@{lines['row'].replace(' ', '_')}")
    elif nth is not None and "col" in lines:
        parts.append(f"row:{nth}")
    if "col" in lines:
        parts.append(f"col:@{lines['col'].replace(' ', '_')}")
    elif nth is not None:
        parts.append(f"col:{nth}")
    return " ".join(parts)


def counts_cells(description: str) -> bool:
    """Whether a grid place counts a table's cells ("the cell in row 4, column 6", "the
    bottom left cell of the table"), not a grid of like controls: the runner then counts
    a table's body cells first."""
    return bool(_CELL_WORD_RE.search(description))
