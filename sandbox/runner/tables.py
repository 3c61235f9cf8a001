"""The locator's vote for a place in a table ("the bottom cell of the February column",
"the cell in row 4, column 6", "select the whole totals column").

A table's cells are rarely controls (a spreadsheet's cells listen on the table), so the
grid places of ``places.py``, which count like controls, miss them. This vote reads the
page's own tables (``<table>``, ``role=grid``/``table``/``treegrid``) as a person reads
them, by their headings; the host reads the place off the description
(``evaluator/tasks/tables.py``, ``target.table``). Part of the one script call that finds
an action's target (``locate.py``); it runs before ``places.py``, which then adds no
place vote of its own.
"""

from __future__ import annotations

TABLE_JS = r"""
// ``spec.table``: "row:R col:C" counted among the table's body cells (bottom: the last row
// holding text; right: the last cell holding text), or with a line named by its label
// ("col:@feb": the column under the cell saying Feb or February; alone, that column's
// heading; "row:-1 col:@feb": its last filled cell). The cell gets two votes, as a place.
if (spec.table && action !== "press" && action !== "scroll") {
  const want = placeOf(spec.table);
  const named = (v) => typeof v === "string" && v !== "mid";
  const TABLES = "table, [role=grid], [role=treegrid], [role=table]";
  const CELLS = "[role=gridcell], [role=cell], [role=columnheader], [role=rowheader]";
  const tables = all(TABLES).filter((t) => !t.parentElement.closest(TABLES));
  // Rows of cells: each with its column (colspans counted) and whether it is a heading.
  const rowsOf = (t) => (t.tagName === "TABLE" ? Array.from(t.rows)
    : Array.from(t.querySelectorAll("[role=row]"))).filter(shown).map((tr) => {
    let col = 0;
    return (tr.cells ? Array.from(tr.cells) : Array.from(tr.querySelectorAll(CELLS)))
      .filter(shown).map((c) => {
        const cell = {el: c, col: col, text: norm(c.innerText || ""),
          head: c.tagName === "TH" || /header/.test(c.getAttribute("role") || "")};
        col += c.colSpan || 1;
        return cell;
      });
  }).filter((r) => r.length);
  const fold = (s) => s.split(" ").map((w) => (w.length > 3 && w.endsWith("s")
    ? w.slice(0, -1) : w)).join(" ");
  // How well a cell says a label: 3 the same words (plurals folded), 2 an abbreviation
  // of it (Feb for February: a prefix of three letters or more), 1 holding its words.
  const says = (cell, label) => {
    const a = fold(cell.text), b = fold(label);
    if (!a) return 0;
    if (a === b) return 3;
    if (a.length >= 3 && !a.includes(" ") && b.startsWith(a.replace(/\.$/, ""))) return 2;
    return b.split(" ").every((w) => hasWords(a, w)) ? 1 : 0;
  };
  // The cell saying a label best; a heading before a body cell saying it equally well.
  const labelled = (rows, label) => {
    let best = null;
    rows.flat().forEach((c) => {
      const k = says(c, label);
      const rank = k + (c.head ? 0.5 : 0);
      if (k >= 1 && (!best || rank > best.rank)) best = {c: c, rank: rank};
    });
    return best ? best.c : null;
  };
  // Without the empty ones at the end (a spreadsheet's blank rows are no part of the
  // table a person sees).
  const trimmed = (list, filled) => {
    let end = list.length;
    while (end > 0 && !filled(list[end - 1])) end -= 1;
    return list.slice(0, end);
  };
  const hasText = (c) => c.text !== "";
  // A cell's words in the trace, bounded (page text).
  const said = (c) => JSON.stringify(c.text.slice(0, 40));
  let chosen = null;
  let why = "";
  for (const t of tables) {
    const rows = rowsOf(t);
    if (named(want.col) || named(want.row)) {
      const colCell = named(want.col) ? labelled(rows, want.col) : null;
      const rowCell = named(want.row) ? labelled(rows, want.row) : null;
      if ((named(want.col) && !colCell) || (named(want.row) && !rowCell)) continue;
      const rowOf = (c) => rows.find((r) => r.includes(c));
      if (colCell && rowCell) {
        chosen = rowOf(rowCell).find((c) => c.col === colCell.col) || null;
        why = `the cell of the row saying ${said(rowCell)} in the column saying ` +
          `${said(colCell)}`;
      } else if (colCell) {
        const line = rows.map((r) => r.find((c) => c.col === colCell.col)).filter(Boolean);
        const below = line.slice(line.indexOf(colCell) + 1).filter((c) => !c.head);
        chosen = want.row === undefined ? line.find((c) => c.head) || colCell
          : nthOf(want.row < 0 ? trimmed(below, hasText) : below, want.row) || null;
        why = want.row === undefined ? `the heading of the column saying ${said(colCell)}`
          : `cell ${want.row} of the ${below.length} under ${said(colCell)}`;
      } else {
        const row = rowOf(rowCell);
        const after = row.slice(row.indexOf(rowCell) + 1).filter((c) => !c.head);
        chosen = want.col === undefined ? row.find((c) => c.head) || rowCell
          : nthOf(want.col < 0 ? trimmed(after, hasText) : after, want.col) || null;
        why = want.col === undefined ? `the heading of the row saying ${said(rowCell)}`
          : `cell ${want.col} of the ${after.length} after ${said(rowCell)}`;
      }
    } else if (want.row !== undefined && want.col !== undefined) {
      const body = rows.map((r) => r.filter((c) => !c.head)).filter((r) => r.length);
      if (body.length < 2) continue;
      const row = nthOf(want.row < 0 ? trimmed(body, (r) => r.some(hasText)) : body, want.row);
      chosen = row ? nthOf(want.col < 0 ? trimmed(row, hasText) : row, want.col) || null : null;
      why = `row ${want.row}, cell ${want.col} of the table's ${body.length} rows of cells`;
    }
    if (chosen) break;
  }
  if (chosen) {
    // A cell holding one control (a button, a link) is clicked on that control.
    const inner = deepest(Array.from(chosen.el.querySelectorAll(preferred)).filter(shown));
    const el = lift(inner.length === 1 ? inner[0] : chosen.el);
    const v = votes.get(el) ||
      {el: el, score: 0, rank: routes.length, order: 0, by: [], why: ""};
    v.score += 2;
    v.by.push("position");
    v.why = (v.why ? v.why + "; " : "") + `in the table: ${why} (${spec.table})`;
    votes.set(el, v);
  } else if (tables.length) {
    notes.push(`no cell at ${spec.table} in ${tables.length} table(s)`);
  }
}
"""
