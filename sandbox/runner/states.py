"""The state of the elements an assertion can name, after each action.

A logical assertion states more than texts: "Buy oat milk is crossed out", "the Continue
button is enabled", "13:00 is selected", "the menu is expanded". None of that is in the
page's text, so after each action the runner keeps a small account of the state of

- the element the action acted on (``of``: ``"@target"``), and
- the elements whose text is one of the words the host asks about (``Action.watch``, read
  on the host off the assertion, ``evaluator/scoring/states.py``; ``of``: those words):
  elements whose own text is exactly the words first, else the smallest that contain them.

For each: ``disabled``, ``checked`` (a checkbox, radio or switch of its item: native or
``aria-checked``), ``selected``, ``pressed``, ``expanded`` (``aria-*``, ``<option>``,
``<details>``), ``current`` (``aria-current``), ``struck`` (``line-through`` on it, its
item's text or an ancestor, or inside ``<s>``/``<del>``) and ``highlighted`` (its item's
background, border, outline, shadow, text colour or weight: fewer of its alike siblings
(same tag; a shared class, or one without any) look like it than like another of them; where
the pointer or the focus is, since hover and focus styles are no highlight, by its classes
instead of its look, among at least two alike siblings). A
state the element has no means to show is null (a span has no ``disabled``; an element with
no alike sibling, or only hovered ones, has no ``highlighted``).

Everything runs in the runner's isolated world and is bounded (the page is hostile): at most
``MAX_WATCH`` words of ``MAX_WORD_CHARS`` characters, ``MAX_PER_WORD`` elements a word,
``MAX_TEXT_NODES`` text nodes walked, ``MAX_FIELD_CHARS`` characters a field.
"""

from __future__ import annotations

from typing import Any

from .cdp import Cdp, ScriptError

MAX_WATCH = 6
MAX_WORD_CHARS = 80
MAX_PER_WORD = 3
MAX_TEXT_NODES = 20_000
MAX_FIELD_CHARS = 80
# The states every entry carries (null: the element cannot show it).
STATE_KEYS = (
    "disabled",
    "checked",
    "selected",
    "pressed",
    "expanded",
    "current",
    "struck",
    "highlighted",
)

STATES_JS = r"""(words, acted, targetText, limits) => {
const CHARS = limits.chars, PER = limits.per;
const norm = (s) => String(s || "").replace(/\s+/g, " ").trim().toLowerCase();
const clip = (s) => String(s || "").replace(/\s+/g, " ").trim().slice(0, CHARS);
const shown = (el) => {
  if (!el || !el.isConnected || !el.getClientRects().length) return false;
  const s = getComputedStyle(el);
  return s.visibility === "visible" && s.display !== "none";
};
const up = (el) => el.parentElement || (el.parentNode && el.parentNode.host) || null;
const CONTROL = "button,a[href],input,select,textarea,summary,option,[role=button]," +
  "[role=link],[role=checkbox],[role=radio],[role=switch],[role=tab],[role=option]," +
  "[role=menuitem],[role=menuitemcheckbox],[role=menuitemradio],[role=treeitem]," +
  "[role=gridcell],[role=row]";
const TOGGLE = "input[type=checkbox],input[type=radio],[role=checkbox],[role=radio]," +
  "[role=switch],[role=menuitemcheckbox],[role=menuitemradio]";
const tri = (v) => v === "true" ? true : v === "false" ? false : v === "mixed" ? "mixed" : null;
// The element's item: itself and its ancestors while their text stays about its own (at
// most 3 levels up), up to the first that is one of a set (an alike sibling beside it, and
// children of its own or a control's tag): a list row, a card, a label with its box.
const ITEM_TAGS = new Set(["LI", "TR", "OPTION", "BUTTON", "A", "LABEL", "SUMMARY", "DETAILS"]);
const siblings = (e) => {
  const parent = up(e);
  if (!parent || !parent.children) return [];
  return Array.from(parent.children).slice(0, 60).filter((s) => s !== e && alike(s, e));
};
function chain(el) {
  const own = norm(el.innerText || el.textContent).length;
  const out = [el];
  let cur = el;
  while (out.length < 4) {
    const isItem = cur.children.length > 0 || ITEM_TAGS.has(cur.tagName) ||
      cur.hasAttribute("role");
    if (isItem && siblings(cur).length) break;
    const p = up(cur);
    if (!p || p === document.body || p === document.documentElement) break;
    if (norm(p.innerText || p.textContent).length > Math.max(2 * own + 40, 120)) break;
    out.push(p);
    cur = p;
  }
  return out;
}
function toggleOf(el, items) {
  for (const e of items) if (e.matches(TOGGLE)) return e;
  if (el.control && el.control.matches && el.control.matches(TOGGLE)) return el.control;
  const lab = el.closest && el.closest("label");
  if (lab && lab.control && lab.control.matches(TOGGLE)) return lab.control;
  for (const e of items) {
    const inner = e.querySelectorAll ? e.querySelectorAll(TOGGLE) : [];
    if (inner.length === 1) return inner[0];
  }
  return null;
}
function checked(t) {
  if (!t) return null;
  const aria = tri(t.getAttribute("aria-checked"));
  if (aria !== null) return aria;
  if (t.tagName === "INPUT") return t.indeterminate ? "mixed" : !!t.checked;
  return null;
}
function attr(items, name) {
  for (const e of items) {
    const v = e.getAttribute(name);
    if (v !== null) return v;
  }
  return null;
}
// The style a highlight changes, and whether two elements are alike (same tag, a class in
// common, or neither with a class).
const LOOK = ["backgroundColor", "backgroundImage", "borderTopColor", "borderLeftColor",
  "borderBottomColor", "borderTopWidth", "borderBottomWidth", "outlineStyle", "outlineColor",
  "boxShadow", "color", "fontWeight", "textDecorationLine"];
const look = (el) => {
  const s = getComputedStyle(el);
  const a = getComputedStyle(el, "::after"), b = getComputedStyle(el, "::before");
  const parts = LOOK.map((k) => s[k]);
  for (const p of [a, b]) {
    parts.push(p.content === "none" ? "" : p.content + p.backgroundColor + p.borderBottomColor);
  }
  return parts.join("|");
};
const alike = (a, b) => {
  if (a.tagName !== b.tagName) return false;
  const ca = Array.from(a.classList), cb = new Set(b.classList);
  if (!ca.length || !cb.size) return true;
  return ca.some((c) => cb.has(c));
};
// Over the item's levels that have alike siblings: true when it looks unlike most of them
// (fewer of the set share its look than share another one); with a single sibling, the one
// that stands out from their container. A level under the pointer or holding the focus is
// left out (hover and focus styles are no highlight), as are siblings under the pointer.
const busy = (e) => e.matches(":hover") || e.matches(":focus-within");
// A level under the pointer or holding the focus (the control just clicked) is read by
// its classes instead, which hover and focus do not change: "wc on" among two "wc".
const classes = (e) => Array.from(e.classList).sort().join(" ");
function highlighted(items) {
  let seen = null;
  for (const e of items) {
    const parent = up(e);
    const sibs = siblings(e).filter((s) => shown(s) && !busy(s));
    if (!sibs.length) continue;
    const by = busy(e) ? classes : look;
    if (by === classes && sibs.length < 2) continue;
    const mine = by(e);
    const counts = new Map([[mine, 1]]);
    for (const s of sibs) { const l = by(s); counts.set(l, (counts.get(l) || 0) + 1); }
    let other = 0;
    for (const [l, c] of counts) if (l !== mine) other = Math.max(other, c);
    let out = null;
    if (counts.get(mine) < other) out = true;
    else if (counts.get(mine) > other) out = false;
    else if (sibs.length === 1 && by === look) {
      const bg = (x) => getComputedStyle(x).backgroundColor;
      const plain = (c) => c === "rgba(0, 0, 0, 0)" || c === "transparent" || c === bg(parent);
      out = !plain(bg(e)) && plain(bg(sibs[0]));
    }
    if (out === true) return true;
    if (out === false) seen = false;
  }
  return seen;
}
const STRUCK = /line-through/;
function struck(items) {
  for (const e of items) {
    if (STRUCK.test(getComputedStyle(e).textDecorationLine)) return true;
    if (e.closest && e.closest("s,del,strike")) return true;
  }
  // Text inside the item (a row's label when the row's box was acted on).
  const top = items[items.length - 1];
  const inner = top.querySelectorAll ? Array.from(top.querySelectorAll("*")).slice(0, 40) : [];
  for (const e of inner) {
    const text = Array.from(e.childNodes).some((n) => n.nodeType === 3 && n.data.trim());
    const line = STRUCK.test(getComputedStyle(e).textDecorationLine);
    if (text && (line || /^(S|DEL|STRIKE)$/.test(e.tagName))) return true;
  }
  // Ancestors beyond the item: a decoration there spans the item's text too.
  let p = up(top), hops = 0;
  while (p && hops < 3 && p !== document.body) {
    if (STRUCK.test(getComputedStyle(p).textDecorationLine)) return true;
    p = up(p); hops++;
  }
  return false;
}
function state(el, of, how) {
  const items = chain(el);
  // The control it is part of, if that is at most 3 levels up.
  let ctl = null;
  for (let e = el, hops = 0; e && hops < 4; e = up(e), hops++) {
    if (e.matches && e.matches(CONTROL)) { ctl = e; break; }
  }
  const scope = ctl && !items.includes(ctl) ? [...items, ctl] : items;
  const t = toggleOf(el, scope);
  let disabled = null;
  const d = ctl || t;
  if (d) disabled = !!(d.matches(":disabled") || (d.closest("[aria-disabled]") &&
    d.closest("[aria-disabled]").getAttribute("aria-disabled") === "true"));
  let selected = tri(attr(scope, "aria-selected"));
  const opt = scope.find((e) => e.tagName === "OPTION");
  if (opt) selected = !!opt.selected;
  let expanded = tri(attr(scope, "aria-expanded"));
  const det = scope.find((e) => e.tagName === "DETAILS") ||
    (scope.find((e) => e.tagName === "SUMMARY") || {}).parentElement;
  if (expanded === null && det && det.tagName === "DETAILS") expanded = det.open;
  const cur = attr(scope, "aria-current");
  return {
    of: of, how: how, tag: el.tagName.toLowerCase(), text: clip(el.innerText || el.textContent),
    disabled: disabled, checked: checked(t), selected: selected,
    pressed: tri(attr(scope, "aria-pressed")), expanded: expanded,
    current: cur === null || cur === "false" ? null : clip(cur).slice(0, 20),
    struck: struck(items), highlighted: highlighted(items),
  };
}
// Elements showing ``word``: whose own text is the word, else the smallest containing it.
function find(word) {
  const want = norm(word);
  if (!want) return [];
  const roots = [document, ...(globalThis.__iwrShadowRoots ? globalThis.__iwrShadowRoots() : [])];
  const exact = [], within = [];
  let walked = 0;
  const first = want.split(" ").sort((a, b) => b.length - a.length)[0];
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n && walked < limits.nodes; n = walker.nextNode()) {
      walked++;
      if (!norm(n.data).includes(first)) continue;
      let el = n.parentElement, hops = 0;
      while (el && hops < 4 && !norm(el.innerText || el.textContent).includes(want)) {
        el = up(el); hops++;
      }
      if (!el || hops >= 4 || !shown(el)) continue;
      const own = norm(el.innerText || el.textContent);
      const list = own === want ? exact : within;
      if (!list.includes(el) && list.length < 50) list.push(el);
    }
  }
  const size = (e) => norm(e.innerText || e.textContent).length;
  const pick = exact.length ? exact : within.sort((a, b) => size(a) - size(b));
  return pick.slice(0, PER).map((el) => [el, exact.length ? "exact" : "contains"]);
}
const out = [];
const target = acted ? globalThis.__iwrTarget : null;
if (target && target.isConnected && target !== document.body) {
  out.push(state(target, "@target", "acted"));
} else if (acted && targetText) {
  const again = find(targetText).filter((p) => p[1] === "exact");
  if (again.length) out.push(state(again[0][0], "@target", "refound"));
}
for (const word of words) for (const [el, how] of find(word)) out.push(state(el, word, how));
return out;
}"""


def watched_words(words: tuple[str, ...]) -> list[str]:
    """The host's words, bounded as the runner looks for them."""
    out: list[str] = []
    for word in words[:MAX_WATCH]:
        word = " ".join(word.split())[:MAX_WORD_CHARS]
        if word and word not in out:
            out.append(word)
    return out


def states(cdp: Cdp, words: tuple[str, ...], target: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The state of the element this step acted on (``@target``, when ``target``, the step's
    found target, says it found one; found again by its exact text when the action replaced
    it) and of the elements showing each of ``words``.

    Raises:
        ScriptError: the script failed (the caller records the error, not a state).
    """
    found = cdp.call(
        STATES_JS,
        watched_words(words),
        target is not None,
        " ".join(str((target or {}).get("text") or "").split())[:MAX_WORD_CHARS],
        {"chars": MAX_FIELD_CHARS, "per": MAX_PER_WORD, "nodes": MAX_TEXT_NODES},
    )
    if not isinstance(found, list):
        raise ScriptError("the state script returned no list")
    return [entry for entry in found if isinstance(entry, dict)][: 1 + MAX_WATCH * MAX_PER_WORD]
