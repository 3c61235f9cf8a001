"""The page's visible texts with where they sit, for numbers read by the row or column they
stand in.

``innerText`` gives a page's words in document order, where a number and what it counts
may stand far apart: a basket row reads "Stoneware mug / Sage green · 350 ml · $18.00 each
/ − / 3 / + / $54.00", and a spreadsheet's "Total" heading is a whole row of cells before
its first total. A person reads them side by side on the screen. So, after an action whose
logical assertion states a number (the host asks: ``Action.lines``), the runner keeps each
visible text node's text and box in page coordinates (a table cell's text, its cell's box:
a column's texts line up by their cells, whatever their alignment); the host checks the
number beside its words in the layout (``evaluator/scoring/layout.py``). An element that
shows no words gives its name (aria-label or title) at its box: "the bag shows 1" is the
badge on the bag icon.

Read in the runner's isolated world, like the page text; the host bounds every field again
(``sandbox/verify.py``).
"""

from __future__ import annotations

from typing import Any

from .cdp import Cdp

# At most this many texts (in document order) and characters each.
MAX_LINES = 2000
MAX_LINE_CHARS = 120

LINES_JS = r"""
(() => {
  const MAX = __MAX__, CHARS = __CHARS__;
  const out = [];
  if (!document.body) return out;
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const sx = scrollX, sy = scrollY;
  const CELLS = 'td, th, [role=gridcell], [role=cell], [role=columnheader], [role=rowheader]';
  for (let node = walk.nextNode(); node && out.length < MAX; node = walk.nextNode()) {
    const text = node.data.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    const parent = node.parentElement;
    if (!parent || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(parent.tagName)) continue;
    const st = getComputedStyle(parent);
    if (st.visibility !== 'visible' || parseFloat(st.opacity) === 0) continue;
    // A table cell's text stands for its cell: a column's heading and its numbers line
    // up by their cells, whatever each text's alignment inside them.
    const cell = parent.closest(CELLS);
    range.selectNodeContents(node);
    const r = cell ? cell.getBoundingClientRect() : range.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) continue;
    out.push([text.slice(0, CHARS), Math.round(r.left + sx), Math.round(r.top + sy),
              Math.round(r.width), Math.round(r.height)]);
  }
  // A field's value is text a person reads there too (a quantity box showing 3).
  for (const el of document.querySelectorAll('input, textarea, select')) {
    if (out.length >= MAX) break;
    const value = el.tagName === 'SELECT'
      ? (el.selectedOptions[0] || {}).text || '' : el.type === 'password' ? '' : el.value;
    const text = String(value || '').replace(/\s+/g, ' ').trim();
    const r = el.getBoundingClientRect();
    if (!text || r.width <= 0 || r.height <= 0) continue;
    out.push([text.slice(0, CHARS), Math.round(r.left + sx), Math.round(r.top + sy),
              Math.round(r.width), Math.round(r.height)]);
  }
  // An icon's name is what a person reads there (the bag drawn with its count "1": "the
  // bag shows 1"; a flame with the streak's 4): an element's aria-label or title, at its
  // box, when it shows no words.
  // At most MAX named elements looked at (a hostile page may name thousands).
  let named = 0;
  for (const el of document.querySelectorAll('[aria-label], [title]')) {
    if (out.length >= MAX || ++named > MAX) break;
    const name = (el.getAttribute('aria-label') || el.getAttribute('title') || '')
      .replace(/\s+/g, ' ').trim();
    if (!name || /\p{L}/u.test(el.innerText || '')) continue;
    const st = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    if (st.visibility !== 'visible' || r.width <= 0 || r.height <= 0) continue;
    out.push([name.slice(0, CHARS), Math.round(r.left + sx), Math.round(r.top + sy),
              Math.round(r.width), Math.round(r.height)]);
  }
  return out;
})()
"""


def text_lines(cdp: Cdp) -> list[list[Any]]:
    """The page's visible texts, each ``[text, x, y, width, height]`` in CSS px of the page
    (not the viewport: the page text covers the whole page too)."""
    script = LINES_JS.replace("__MAX__", str(MAX_LINES)).replace("__CHARS__", str(MAX_LINE_CHARS))
    got = cdp.evaluate(script)
    return got if isinstance(got, list) else []
