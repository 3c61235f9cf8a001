"""The locator's routes: how an element is found by each hint a person would use.

Part of the one script call that finds an action's target (see ``locate.py``, which joins
the parts in order; they share one function scope). This part defines the basics (what is
shown, clickable or editable; an element's own words), one route per hint (visible text,
placeholder, ``<label>``, role), the author's selector, and the vote: every hint's route
adds the elements it matches to ``votes``.
"""

from __future__ import annotations

# Arguments: [0] the target spec, [1] the action type, [2] the description.
ROUTES_JS = r"""
const spec = arguments[0] || {};
const action = arguments[1];
const notes = [];
const norm = (s) => (s || "").replace(/\s+/g, " ").trim().toLowerCase();
// A place as the host sends it ("row:-1 col:@feb", "index:mid item:card", "row:4 col:6
// label:D"; target.position and target.table): counts as integers, "mid" kept, a line's
// label after "@" with "_" for spaces, and the item, role and row label as words.
function placeOf(text) {
  const want = {};
  (text || "").split(" ").filter(Boolean).forEach((p) => {
    const [k, v] = p.split(":");
    want[k] = ["of", "item", "label"].includes(k) || v === "mid" ? v
      : v.startsWith("@") ? v.slice(1).replace(/_/g, " ") : parseInt(v, 10);
  });
  return want;
}
// The item of ``list`` at place ``n``: 1-based, negative from the end, "mid" the middle.
function nthOf(list, n) {
  return n === "mid" ? list[Math.floor(list.length / 2)] : n < 0 ? list[list.length + n]
    : list[n - 1];
}
function shown(el) {
  if (!el || !el.isConnected) return false;
  const st = getComputedStyle(el);
  if (st.display === "none" || st.visibility !== "visible") return false;
  if (parseFloat(st.opacity) === 0) return false;
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}
const CLICKABLE = 'button, a[href], a[onclick], input[type=button], input[type=submit], ' +
  'input[type=reset], input[type=checkbox], input[type=radio], [role=button], [role=link], ' +
  '[role=tab], [role=menuitem], [role=option], [role=checkbox], [role=switch], .btn, [onclick], ' +
  'summary, select, label';
const EDITABLE = 'input:not([type]), input[type=text], input[type=search], input[type=email], ' +
  'input[type=password], input[type=number], input[type=tel], input[type=url], ' +
  'input[type=date], input[type=time], input[type=datetime-local], input[type=month], ' +
  'input[type=week], textarea, [contenteditable=""], [contenteditable=true], [role=textbox], ' +
  '[role=searchbox], [role=combobox]';
// A key pressed in a field the description names ("Press Backspace to clear the search")
// looks for a field, as a type does.
const forField = action === "type" || (action === "press" && spec.role === "textbox");
const preferred = forField ? EDITABLE : CLICKABLE;
const ROLES = {
  button: 'button, input[type=button], input[type=submit], input[type=reset], [role=button]',
  link: 'a[href], [role=link]',
  textbox: EDITABLE,
  searchbox: 'input[type=search], [role=searchbox]',
  checkbox: 'input[type=checkbox], [role=checkbox]',
  radio: 'input[type=radio], [role=radio]',
  combobox: 'select, [role=combobox]',
  listbox: 'select[multiple], [role=listbox]',
  option: 'option, [role=option]',
  tab: '[role=tab]',
  menuitem: '[role=menuitem]',
  heading: 'h1, h2, h3, h4, h5, h6, [role=heading]',
  listitem: 'li, [role=listitem]',
  img: 'img, [role=img]',
  // A toggle is often a checkbox or a pressed/unpressed button.
  switch: '[role=switch], [aria-pressed], input[type=checkbox]',
  slider: 'input[type=range], [role=slider]',
};
// A click on a child (icon, span) of a button is a click on the button.
function lift(el, climb = true) {
  if (forField) {
    if (el.tagName === "LABEL" && el.control) return el.control;
    return el;
  }
  const up = el.closest(CLICKABLE);
  if (up && shown(up)) return up;
  if (!climb) return el;
  // A row or card made clickable by a script shows the hand pointer (inherited by its
  // children): the outermost element still showing it is the one that listens.
  let node = el;
  while (node.parentElement && node.parentElement !== document.body &&
         getComputedStyle(node.parentElement).cursor === "pointer") {
    node = node.parentElement;
  }
  return node !== el && getComputedStyle(el).cursor === "pointer" ? node : el;
}
// Whether ``w`` occurs in ``s`` ending where a word ends ("heart" is not in "satellite
// hearts"; its start is not checked, as a badge glued to a label reads "BCanberra").
function hasWords(s, w) {
  let i = s.indexOf(w);
  const edge = (c) => !c || !/[\p{L}\p{N}]/u.test(c);
  while (i >= 0) {
    if (edge(s[i + w.length])) return true;
    i = s.indexOf(w, i + 1);
  }
  return false;
}
function labelOf(el) {
  const t = el.innerText !== undefined ? el.innerText : el.textContent;
  return [norm(t), norm(el.getAttribute("aria-label")), norm(el.getAttribute("title")),
          (el.tagName === "INPUT" && ["button", "submit", "reset"].includes(el.type))
            ? norm(el.value) : "",
          // A field's visible text is its placeholder, when a type action names it by text.
          forField ? norm(el.getAttribute("placeholder")) : ""];
}
const among = (els) => (els.length > 1 ? ` (first of ${els.length})` : "");
// Shadow roots too, open and closed (painted.py hands the closed ones to this world).
function all(sel) {
  const els = Array.from(document.querySelectorAll(sel));
  const roots = globalThis.__iwrShadowRoots ? globalThis.__iwrShadowRoots() : [];
  for (const r of roots) els.push(...r.querySelectorAll(sel === "body *" ? "*" : sel));
  return els.filter(shown);
}
// Deepest matches only: an ancestor whose text contains the match is not the target.
function deepest(els) {
  return els.filter((el) => !els.some((o) => o !== el && el.contains(o)));
}
function pick(found_by, el, why) {
  // An author's selector names the element itself: no climbing to a hand-pointer row.
  el = lift(el, found_by !== "selector" && found_by !== "fallback_selector");
  return {el: el, found_by: found_by, why: why, tag: el.tagName.toLowerCase(),
          text: (el.innerText || el.value || el.getAttribute("aria-label") || "")
            .replace(/\s+/g, " ").trim().slice(0, 200)};
}
// The one control a text sits beside: from ``el`` up (at most three levels), the first
// element holding a shown control, when it holds only that one (a settings row's
// words and its switch, an extra's name and its tick box). With ``wordless``, only a
// control with no words of its own.
// Each climbs and counts controls: bounded a call (a hostile page may hold thousands of
// wordless buttons), past which they find nothing.
let climbsLeft = 400;
// The shown controls in ``node``, deepest only, counted up to two (one is all it asks).
function fewControls(node) {
  const found = [];
  for (const el of node.querySelectorAll(CLICKABLE)) {
    if (!shown(el)) continue;
    const outer = found.findIndex((f) => f.contains(el));
    if (outer >= 0) found[outer] = el;
    else if (!found.some((f) => el.contains(f))) found.push(el);
    if (found.length > 1) break;
  }
  return found;
}
function soleControl(el, wordless) {
  if (climbsLeft-- <= 0) return null;
  for (let node = el, k = 0; k < 4 && node && node !== document.body;
       node = node.parentElement, k++) {
    const inside = fewControls(node);
    if (!inside.length) continue;
    if (inside.length > 1 || (wordless && labelOf(inside[0]).some(Boolean))) return null;
    return inside[0];
  }
  return null;
}
// A control with no words of its own (an icon, an empty tick box) is read by its card's:
// the text of its largest ancestor (at most three levels up) holding no other control.
// Kept a call: the word votes and the words fallback both ask.
const cardCaptions = new Map();
function cardCaption(el) {
  if (!cardCaptions.has(el)) cardCaptions.set(el, readCardCaption(el));
  return cardCaptions.get(el);
}
function readCardCaption(el) {
  if (labelOf(el).some(Boolean) || climbsLeft-- <= 0) return "";
  let text = "";
  for (let node = el, k = 0; k < 3 && node.parentElement &&
       node.parentElement !== document.body; k++) {
    node = node.parentElement;
    if (fewControls(node).length > 1) break;
    text = node.innerText || "";
  }
  return norm(text).slice(0, 80);
}
// Each route returns every element it matches, best first, as [el, why] pairs. The text
// route (``handOver``) also hands words nobody can click to the one control beside them,
// looking past exact words nobody can click (a summary line saying "Mudguards") to the
// card holding them; ``every``: the exact matches, then those containing the words.
function byText(want, handOver, every) {
  const w = norm(want);
  const els = all("body *").filter((el) => !["SCRIPT", "STYLE", "NOSCRIPT"].includes(el.tagName));
  const exact = els.filter((el) => labelOf(el).some((s) => s === w));
  const contains = els.filter((el) => labelOf(el).some((s) => s && hasWords(s, w)));
  const dead = (el) => !el.closest(CLICKABLE) && getComputedStyle(el).cursor !== "pointer";
  const out = [];
  let first = null;
  for (const [kind, group] of [["equals", exact], ["contains", contains]]) {
    if (!group.length) continue;
    const pref = deepest(group.filter((el) => el.matches(preferred)));
    const what = forField ? "field" : "clickable element";
    const list = pref.length ? pref : deepest(group);
    const why = `text ${kind} ${JSON.stringify(want)}` + (pref.length ? ` on a ${what}` : "");
    if (handOver && !pref.length && !forField) {
      // Words nobody can click beside one wordless control name it: "Mudguards" on an
      // extra's card is its tick box.
      // A control the description names by its kind and these words ("Open the language
      // menu": the label hint is the text) is the one control beside them, words or not.
      const kindNamed = !!spec.label && norm(spec.label) === w;
      const handed = Array.from(new Set(list.filter(dead)
        .map((el) => soleControl(el, !kindNamed)).filter(Boolean)));
      if (handed.length) {
        return handed.map((el) => [el, `text ${kind} ${JSON.stringify(want)} beside its ` +
          "one control"]);
      }
      if (kind === "equals" && list.every(dead)) {
        first = list.map((el) => [el, why]);
        continue;
      }
    }
    // After exact words nobody can click: a clickable element holding the words, else them.
    if (!every) return first && !pref.length ? first : list.map((el) => [el, why]);
    out.push(...list.map((el) => [el, why]));
  }
  return every ? out : first || [];
}
function byPlaceholder(want) {
  const w = norm(want);
  const els = all("[placeholder]");
  const exact = els.filter((el) => norm(el.getAttribute("placeholder")) === w);
  // A short name ("To") is a word of the placeholder ("Where to?"), not part of one ("Stop").
  const holds = (p) => (w.length <= 3 ? hasWords(p, w) : p.includes(w));
  const list = exact.length ? exact
    : els.filter((el) => holds(norm(el.getAttribute("placeholder"))));
  return list.map((el) => [el, `placeholder matches ${JSON.stringify(want)}`]);
}
function byLabel(want) {
  const w = norm(want);
  const labels = Array.from(document.querySelectorAll("label"));
  for (const test of [(s) => s === w, (s) => s.includes(w)]) {
    const out = [];
    for (const l of labels) {
      if (test(norm(l.innerText || l.textContent)) && l.control && shown(l.control)) {
        out.push([l.control, `<label> text matches ${JSON.stringify(want)}`]);
      }
    }
    for (const el of all("[aria-label], [aria-labelledby]")) {
      const ids = (el.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
      const named = ids.map((id) => (document.getElementById(id) || {}).textContent || "")
        .join(" ");
      if (test(norm(el.getAttribute("aria-label"))) || (named && test(norm(named)))) {
        out.push([el, `aria label matches ${JSON.stringify(want)}`]);
      }
    }
    if (out.length) return out;
  }
  return [];
}
function byRole(role) {
  const sel = ROLES[role] || `[role=${CSS.escape(role)}]`;
  return all(sel).map((el) => [el, `element with role ${role}`]);
}
if (spec.selector) {
  try {
    const els = Array.from(document.querySelectorAll(spec.selector));
    const vis = els.filter(shown);
    if (vis.length) return pick("selector", vis[0], `selector ${JSON.stringify(spec.selector)}` +
                                among(vis));
    notes.push(els.length ? `selector matched ${els.length} hidden element(s)`
                          : "selector matched nothing");
  } catch (e) {
    notes.push(`invalid selector: ${e.message}`);
  }
}
// Without a selector that works, every hint a person would use votes: the element that
// matches the most hints wins (a role counts half, as many elements share one); ties go
// to the route tried first for this kind of action, then to page order.
const routes = forField
  ? [["placeholder", byPlaceholder], ["label", byLabel], ["text", byText], ["role", byRole]]
  : [["text", (w) => byText(w, true)], ["label", byLabel], ["placeholder", byPlaceholder],
    ["role", byRole]];
const votes = new Map();
routes.forEach(([name, fn], rank) => {
  const want = spec[name];
  if (!want) return;
  const found = fn(want);
  if (!found.length) notes.push(`no visible element by ${name} ${JSON.stringify(want)}`);
  found.forEach(([raw, why], order) => {
    const el = lift(raw);
    const v = votes.get(el) || {el: el, score: 0, rank: rank, order: order, by: [], why: why};
    if (v.by.includes(name)) return;
    v.by.push(name);
    v.score += name === "role" ? 0.5 : 1;
    votes.set(el, v);
  });
});
"""
