"""The locator's words for a wordless control in a grid: its line's headings.

A grid's cells are often bare boxes (a poll's vote boxes, a seat map's seats, a planner's
plots): a person names one by the texts outside the grid that head its column and its row
("Wednesday at 10" is the box under "WED 14 10:00"; "F7" the seat in the row marked F under
7). A cell's column headings are the texts above the topmost like control (same tag and
size) of its column, over the column; its row headings the texts left of the leftmost like
control of its row, beside the row. The words fallback (``words.py``) counts them as a
wordless control's card words. Part of the one script call that finds an action's target
(``locate.py``).
"""

from __future__ import annotations

HEADINGS_JS = r"""
// Texts standing alone (elements with a text node of their own, outside every control),
// read once per call, at most HEADING_SCAN elements, with their boxes.
const HEADING_SCAN = 3000;
// How far from the grid a heading stands, in CSS px.
const HEADING_GAP = 250;
let headingLeaves = null;
function headingTexts() {
  if (headingLeaves) return headingLeaves;
  headingLeaves = [];
  const every = document.body ? document.body.getElementsByTagName("*") : [];
  for (let i = 0; i < every.length && i < HEADING_SCAN; i++) {
    const el = every[i];
    if (["SCRIPT", "STYLE", "NOSCRIPT", "OPTION"].includes(el.tagName)) continue;
    const own = Array.from(el.childNodes).filter((n) => n.nodeType === 3)
      .map((n) => n.textContent).join(" ").trim();
    if (!own || el.closest(CLICKABLE) || !shown(el)) continue;
    headingLeaves.push({r: el.getBoundingClientRect(), text: norm(own).slice(0, 40),
      head: !!el.closest("th, thead, [role=columnheader], [role=rowheader]")});
  }
  return headingLeaves;
}
// The headings of ``el``'s column and row among ``pool`` (the candidate controls), as one
// string of words; "" when it has no like controls (a lone button is in no grid).
const headingBoxes = new Map();
function headingBox(el) {
  if (!headingBoxes.has(el)) headingBoxes.set(el, el.getBoundingClientRect());
  return headingBoxes.get(el);
}
function headingWords(el, pool) {
  const r = headingBox(el);
  const boxes = pool.filter((o) => o.tagName === el.tagName).map(headingBox)
    .filter((q) => Math.abs(q.width - r.width) <= 2 && Math.abs(q.height - r.height) <= 2);
  if (boxes.length < 3) return "";
  const cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2;
  const column = boxes.filter((q) => Math.abs((q.left + q.right) / 2 - cx) < r.width / 2);
  const row = boxes.filter((q) => Math.abs((q.top + q.bottom) / 2 - cy) < r.height / 2);
  const top = Math.min(...column.map((q) => q.top));
  const left = Math.min(...row.map((q) => q.left));
  const words = [];
  headingTexts().forEach((t) => {
    const tx = (t.r.left + t.r.right) / 2, ty = (t.r.top + t.r.bottom) / 2;
    // Just above the column (HEADING_GAP; a table's heading cell however far: the rows of
    // others' votes stand between), centred over it or spanning it no wider than a few cells.
    const over = t.r.bottom <= top + 2 && (t.head || t.r.bottom >= top - HEADING_GAP) &&
      ((tx >= r.left - 4 && tx <= r.right + 4) ||
       (cx >= t.r.left && cx <= t.r.right && t.r.width <= 2.5 * r.width + 40));
    // Just left of the row, level with it.
    const beside = t.r.right <= left + 2 && (t.head || t.r.right >= left - HEADING_GAP) &&
      ty >= r.top - 4 && ty <= r.bottom + 4;
    if (over || beside) words.push(t.text);
  });
  return words.join(" ");
}
"""
