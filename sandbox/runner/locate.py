"""Find the element an action targets, inside the page, in one script call.

A generated page has its own structure, so a CSS selector written for the original often misses;
the visible-text, placeholder, label and role routes matter as much. The search runs as one
JavaScript call in the runner's isolated world (see cdp.py): the page's patches of
``querySelectorAll``, ``getComputedStyle``, ``innerText`` or ``getBoundingClientRect`` do not
apply there. The same call brings the element into view and measures it, so finding a target
costs one round trip; the element stays in the isolated world for the action that follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .cdp import Cdp
from .job import Target

# The body of a function: arguments[0] = target spec, arguments[1] = action type,
# arguments[2] = the action's description. Returns {el, found_by, why, tag, text} or
# {el: null, why}.
LOCATE_JS = r"""
const spec = arguments[0] || {};
const action = arguments[1];
const notes = [];
const norm = (s) => (s || "").replace(/\s+/g, " ").trim().toLowerCase();
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
const preferred = action === "type" ? EDITABLE : CLICKABLE;
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
  switch: '[role=switch]',
  slider: 'input[type=range], [role=slider]',
};
// A click on a child (icon, span) of a button is a click on the button.
function lift(el, climb = true) {
  if (action === "type") {
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
          action === "type" ? norm(el.getAttribute("placeholder")) : ""];
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
// Each route returns every element it matches, best first, as [el, why] pairs.
function byText(want) {
  const w = norm(want);
  const els = all("body *").filter((el) => !["SCRIPT", "STYLE", "NOSCRIPT"].includes(el.tagName));
  const exact = els.filter((el) => labelOf(el).some((s) => s === w));
  const contains = els.filter((el) => labelOf(el).some((s) => s && hasWords(s, w)));
  for (const [kind, group] of [["equals", exact], ["contains", contains]]) {
    if (!group.length) continue;
    const pref = deepest(group.filter((el) => el.matches(preferred)));
    const what = action === "type" ? "field" : "clickable element";
    const list = pref.length ? pref : deepest(group);
    const why = `text ${kind} ${JSON.stringify(want)}` + (pref.length ? ` on a ${what}` : "");
    return list.map((el) => [el, why]);
  }
  return [];
}
function byPlaceholder(want) {
  const w = norm(want);
  const els = all("[placeholder]");
  const exact = els.filter((el) => norm(el.getAttribute("placeholder")) === w);
  const list = exact.length ? exact
    : els.filter((el) => norm(el.getAttribute("placeholder")).includes(w));
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
const routes = action === "type"
  ? [["placeholder", byPlaceholder], ["label", byLabel], ["text", byText], ["role", byRole]]
  : [["text", byText], ["label", byLabel], ["placeholder", byPlaceholder], ["role", byRole]];
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
// A place in a grid or list ("the second card in the top row", "the fourth song"): among
// the hinted candidates when there are several (the second of the "Add" buttons), else
// among the largest set of like controls on screen (same tag and size: the cards, the
// squares, the rows of a list), laid out in rows by their position. The element there
// gets two votes: a place names one element, a word like "card" many.
if (spec.position && action !== "press" && action !== "scroll") {
  const want = {};
  spec.position.split(" ").forEach((p) => {
    const [k, v] = p.split(":");
    want[k] = v === "mid" ? "mid" : parseInt(v, 10);
  });
  // Candidates found by a word (not by their role alone) are the things being counted.
  let group = Array.from(votes.values()).filter((v) => v.by.some((b) => b !== "role"))
    .map((v) => v.el);
  let source = "the hinted candidates";
  if (group.length < 3) {
    const buckets = new Map();
    deepest(all(preferred)).forEach((el) => {
      const r = el.getBoundingClientRect();
      const key = `${el.tagName}|${Math.round(r.width / 8)}x${Math.round(r.height / 8)}`;
      if (!buckets.has(key)) buckets.set(key, []);
      buckets.get(key).push(el);
    });
    group = Array.from(buckets.values()).sort((a, b) => b.length - a.length)[0] || [];
    source = "the largest set of like controls";
  }
  const boxes = group.map((el) => [el, el.getBoundingClientRect()])
    .sort((a, b) => a[1].top - b[1].top || a[1].left - b[1].left);
  const rows = [];
  boxes.forEach(([el, r]) => {
    const row = rows[rows.length - 1];
    if (row && Math.abs(r.top - row.top) < Math.max(4, r.height / 2)) row.els.push([el, r]);
    else rows.push({top: r.top, els: [[el, r]]});
  });
  rows.forEach((row) => row.els.sort((a, b) => a[1].left - b[1].left));
  const nth = (list, n) => (n === "mid" ? list[Math.floor(list.length / 2)]
    : n < 0 ? list[list.length + n] : list[n - 1]);
  let chosen = null;
  if (want.index !== undefined) {
    const flat = rows.flatMap((row) => row.els.map((e) => e[0]));
    chosen = nth(flat, want.index) || null;
  } else if (want.row !== undefined && want.col !== undefined && rows.length > 1) {
    const row = nth(rows, want.row);
    const cell = row ? nth(row.els, want.col) : null;
    chosen = cell ? cell[0] : null;
  }
  if (group.length >= 2 && chosen) {
    const el = lift(chosen);
    const v = votes.get(el) ||
      {el: el, score: 0, rank: routes.length, order: 0, by: [], why: ""};
    v.score += 2;
    v.by.push("position");
    v.why = (v.why ? v.why + "; " : "") + `at ${spec.position} of ${source} ` +
      `(${group.length} in ${rows.length} rows)`;
    votes.set(el, v);
  } else {
    notes.push(`no element at ${spec.position} (${group.length} like controls)`);
  }
}
// A colour the description names ("the purple button under the board"): among the
// candidates (or, with none, the controls on screen), the one whose background, else
// text, is nearest to it gets a vote, if it is near at all.
if (spec.colour && action !== "press" && action !== "scroll") {
  const want = spec.colour.split(",").map(Number);
  const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const dist = (el) => {
    const st = getComputedStyle(el);
    let c = rgb(st.backgroundColor);
    if (c.length < 3 || (c.length > 3 && c[3] === 0)) c = rgb(st.color);
    return Math.hypot(c[0] - want[0], c[1] - want[1], c[2] - want[2]);
  };
  const pool = votes.size ? Array.from(votes.keys()) : deepest(all(preferred));
  let near = null;
  pool.forEach((el) => { const d = dist(el); if (!near || d < near.d) near = {el: el, d: d}; });
  if (near && near.d < 120) {
    const v = votes.get(near.el) ||
      {el: near.el, score: 0, rank: routes.length, order: 0, by: [], why: ""};
    v.score += 0.75;
    v.by.push("colour");
    v.why = (v.why ? v.why + "; " : "") + `nearest in colour to rgb(${spec.colour})`;
    votes.set(near.el, v);
  }
}
// Candidates found by their role alone (any field, any button) whose own words (label,
// placeholder, text) hold the description's words get a quarter vote per word: "the city
// search" is the field whose placeholder says "Search for a city".
if (spec.words) {
  const wanted = new Set(spec.words.split(" ").filter(Boolean).map((w) => w.replace(/^\^/, "")));
  votes.forEach((v) => {
    if (v.by.length !== 1 || v.by[0] !== "role") return;
    const named = Array.from(v.el.labels || []).map((l) => norm(l.innerText)).join(" ");
    const own = new Set((labelOf(v.el).join(" ") + " " + norm(v.el.getAttribute("placeholder")) +
      " " + named).split(/[^\p{L}\p{N}°+−×✕›‹€$£%]+/u).filter(Boolean));
    let n = 0;
    wanted.forEach((w) => { if (own.has(w)) n += 1; });
    if (n) {
      v.score += 0.25 * n;
      v.by.push("words");
      v.why += `; ${n} description word(s) in its label`;
    }
  });
}
// Ties: the candidate whose surroundings (its largest ancestor holding no other candidate,
// e.g. its card or row) share the most words with the description, as a person reading
// "Select the direct SK 808 flight" looks at the row that says SK 808.
const said = new Set(norm(arguments[2]).split(/[^\p{L}\p{N}:.€$£%]+/u)
  .filter((w) => w.length > 1));
const cands = Array.from(votes.values());
function context(v) {
  let node = v.el;
  while (node.parentElement && node.parentElement !== document.body &&
         !cands.some((o) => o !== v && o.score === v.score &&
                     node.parentElement.contains(o.el))) {
    node = node.parentElement;
  }
  const words = new Set(norm(node.innerText || node.textContent).split(/[^\p{L}\p{N}:.€$£%]+/u));
  let n = 0;
  said.forEach((w) => { if (words.has(w)) n += 1; });
  return n;
}
const top = cands.length ? Math.max(...cands.map((v) => v.score)) : 0;
cands.forEach((v) => { v.context = v.score === top && said.size ? context(v) : 0; });
const ranked = cands.sort((a, b) => b.score - a.score || b.context - a.context ||
  a.rank - b.rank || a.order - b.order);
if (ranked.length) {
  const best = ranked[0];
  const tied = ranked.filter((v) => v.score === best.score && v.context === best.context).length;
  // A role alone, when the text a person named is nowhere, would click an arbitrary
  // element: only an unambiguous one is accepted.
  if (best.by.length === 1 && best.by[0] === "role" && spec.text && ranked.length > 1) {
    notes.push(`role ${spec.role}: ${ranked.length} candidates, none with the text`);
  } else {
    // "Tick the checkbox next to 'Buy milk'": the text names the row, the role the control
    // in it. A best match for a form control's role (checkbox, radio, switch, field)
    // without that role, beside one element with it (in the same parent, up to three
    // levels up), hands over to that element.
    const FORM_ROLES = ["checkbox", "radio", "switch", "textbox", "combobox", "slider"];
    if (FORM_ROLES.includes(spec.role) && !best.by.includes("role") &&
        !best.el.matches(ROLES[spec.role] || "-")) {
      const roled = ranked.filter((v) => v.by.includes("role")).map((v) => v.el);
      let node = best.el;
      for (let k = 0; k < 3 && node.parentElement && roled.length; k++) {
        node = node.parentElement;
        const beside = roled.filter((el) => node.contains(el));
        if (beside.length === 1) {
          return pick("role", beside[0], `${spec.role} beside ${best.why}`);
        }
        if (beside.length > 1) break;
      }
    }
    const why = `${best.why}; matches ${best.by.join(" + ")}` +
      (ranked.length > 1 ? ` (best of ${ranked.length} candidates` +
        (best.context ? `, ${best.context} description words around it` : "") +
        (tied > 1 ? `, first of ${tied} tied)` : ")") : "");
    return pick(best.by[0], best.el, why);
  }
}
// When every hint found nothing: the element whose own words (text, label, title,
// placeholder) share the most of the description's content words, each word counting
// once ("^word" twice: the destination of "switch to X"), plain plurals folded. Ties go to
// the element with fewer words of its own (a "Next" button over a paragraph mentioning
// "next"), then page order. A type action with an editable element focused keeps it.
const focusEditable = (() => {
  const a = document.activeElement;
  return !!a && a !== document.body && a.matches(EDITABLE);
})();
if (spec.words && !(action === "type" && focusEditable)) {
  const stem = (w) => (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w);
  const tokens = (s) => s.split(/[^\p{L}\p{N}°+−×✕›‹€$£%]+/u).filter(Boolean).map(stem);
  const want = new Map();
  // Earlier words weigh a little more: the verb's object comes first ("Open the comments
  // on Maya's post": comments, then whose); codes and numbers more ("Flag the mine on C2").
  spec.words.split(" ").filter(Boolean).forEach((w, n) => {
    const heavy = w.startsWith("^");
    const t = stem(heavy ? w.slice(1) : w);
    // A word with digits (a code like "C2", a number) names one thing: half as much again.
    const weight = (heavy ? 2 : 1) * Math.max(0.5, 1 - 0.1 * n) * (/\d/.test(t) ? 1.5 : 1);
    want.set(t, Math.max(want.get(t) || 0, weight));
  });
  // Ties: the description's other words around the element (its card or row).
  const around = (el) => {
    let node = el;
    for (let k = 0; k < 3 && node.parentElement && node.parentElement !== document.body; k++) {
      node = node.parentElement;
    }
    const near = new Set(tokens(norm(node.innerText || "")));
    let n = 0;
    want.forEach((_, w) => { if (near.has(w)) n += 1; });
    return n;
  };
  const pool = deepest(all(preferred).filter((el) => !el.closest("[aria-hidden=true]")));
  let best = null;
  pool.forEach((el, order) => {
    const named = Array.from(el.labels || []).map((l) => norm(l.innerText)).join(" ");
    const own = new Set(tokens(labelOf(el).join(" ") + " " +
      norm(el.getAttribute("placeholder")) + " " + named));
    let score = 0;
    const hit = [];
    want.forEach((weight, w) => { if (own.has(w)) { score += weight; hit.push(w); } });
    if (!score) return;
    const ctx = best && Math.abs(score - best.score) < 1e-9 ? around(el) : 0;
    if (best && Math.abs(score - best.score) < 1e-9 && best.ctx === undefined) {
      best.ctx = around(best.el);
    }
    const better = !best || score > best.score + 1e-9 ||
      (Math.abs(score - best.score) < 1e-9 &&
       (ctx > best.ctx || (ctx === best.ctx && own.size < best.size)));
    if (better) best = {el: el, score: score, size: own.size, hit: hit, order: order, ctx: ctx};
  });
  if (best) {
    return pick("words", best.el, `shares the description's words ${JSON.stringify(best.hit)} ` +
      `(best of ${pool.length} ${action === "type" ? "fields" : "controls"}; ` +
      `hints: ${notes.join("; ") || "none"})`);
  }
  notes.push(`no control shares the description's words ${JSON.stringify(spec.words)}`);
}
// Only when every hint failed: the fallback selector (the judge model's, paper profile).
if (spec.fallback_selector) {
  try {
    const els = Array.from(document.querySelectorAll(spec.fallback_selector));
    const vis = els.filter(shown);
    if (vis.length) {
      const sel = JSON.stringify(spec.fallback_selector);
      return pick("fallback_selector", vis[0], `fallback selector from the judge model ${sel}` +
                  among(vis) + (notes.length ? ` (hints: ${notes.join("; ")})` : ""));
    }
    notes.push(els.length ? `fallback selector matched ${els.length} hidden element(s)`
                          : "fallback selector matched nothing");
  } catch (e) {
    notes.push(`invalid fallback selector: ${e.message}`);
  }
}
return {el: null,
        why: notes.join("; ") || "target has no selector, text, role, placeholder or label"};
"""

# Keeps the found element in the isolated world (the page cannot see that world's globals),
# brings it into view as the action needs, and measures it. ``prepare``: "center" (click,
# type), "focus" (press on a named target: centre, then focus), "nearest" (scroll), "none".
HOLD_JS = r"""
function hold(found, prepare) {
  const el = found.el;
  globalThis.__iwrTarget = el;
  if (prepare === "center" || prepare === "focus") {
    el.scrollIntoView({block: "center", inline: "center", behavior: "instant"});
  } else if (prepare === "nearest") {
    el.scrollIntoView({block: "nearest", behavior: "instant"});
  }
  if (prepare === "focus") el.focus();
  const r = el.getBoundingClientRect();
  const box = [r.x, r.y, r.width, r.height].map((v) => Math.round(v * 10) / 10);
  // The in-view centre of the first box (as WebDriver's pointer actions use it).
  const rects = el.getClientRects();
  const first = rects.length ? rects[0] : r;
  const left = Math.max(0, first.left), right = Math.min(innerWidth, first.right);
  const top = Math.max(0, first.top), bottom = Math.min(innerHeight, first.bottom);
  const point = right > left && bottom > top
    ? [Math.floor((left + right) / 2), Math.floor((top + bottom) / 2)] : null;
  return {el: true, found_by: found.found_by, why: found.why, tag: found.tag,
          text: found.text, box: box, point: point};
}
"""

FIND_JS = (
    "(spec, action, description, prepare) => {\n"
    + HOLD_JS
    + "const found = (function () {\n"
    + LOCATE_JS
    + "\n}).apply(null, [spec, action, description]);\n"
    "if (!found || !found.el) return {el: null, why: found ? found.why : ''};\n"
    "return hold(found, prepare);\n}"
)

FOCUSED_JS = (
    "(prepare) => {\n"
    + HOLD_JS
    + """
const a = document.activeElement;
if (!a || a === document.body || a === document.documentElement) return null;
return hold({el: a, found_by: "focused", why: "element with keyboard focus",
             tag: a.tagName.toLowerCase(),
             text: (a.innerText || a.value || "").replace(/\\s+/g, " ").trim().slice(0, 200)},
            prepare);
}"""
)

# When an action's hints find nothing: a type action goes to the focused editable element,
# a press to the focused element or, with nothing focused, the document body (where the
# keys go anyway). Null when a type action has no editable element focused.
FOCUS_FALLBACK_JS = (
    "(action, why) => {\n"
    + HOLD_JS
    + """
let a = document.activeElement;
if (a === document.documentElement) a = document.body;
const NOT_TEXT = ["button", "submit", "reset", "checkbox", "radio", "file", "range", "color",
                  "image", "hidden"];
const editable = (el) => !!el && el !== document.body && (el.isContentEditable ||
  el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && !NOT_TEXT.includes(el.type)) ||
  ["textbox", "searchbox", "combobox"].includes(el.getAttribute("role")));
if (action === "type" && !editable(a)) return null;
if (!a) return null;
const body = a === document.body;
return hold({el: a, found_by: "focused",
             why: why + (body ? "; keys sent to the page body (nothing has focus)"
                              : "; fell back to the element with keyboard focus"),
             tag: a.tagName.toLowerCase(),
             text: body ? "" : (a.innerText || a.value || "").replace(/\\s+/g, " ").trim()
               .slice(0, 200)},
            "none");
}"""
)


@dataclass
class Located:
    """A found element and how it was found; ``box`` is in viewport CSS pixels.

    The element itself stays in the runner's isolated world (``globalThis.__iwrTarget``);
    ``point`` is its in-view centre after it was brought into view (None: not on screen).
    """

    found_by: str
    why: str
    tag: str
    text: str
    box: list[float] | None = None
    point: tuple[int, int] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "found_by": self.found_by,
            "why": self.why,
            "tag": self.tag,
            "text": self.text,
            "box": self.box,
            "point": list(self.point) if self.point is not None else None,
        }


class TargetNotFound(LookupError):
    """No displayed element matches the target; the message says what was tried."""


def _located(found: dict[str, Any]) -> Located:
    point = found.get("point")
    return Located(
        found_by=str(found["found_by"]),
        why=str(found["why"]),
        tag=str(found["tag"]),
        text=str(found.get("text") or ""),
        box=found.get("box"),
        point=(int(point[0]), int(point[1])) if point else None,
    )


def locate(
    cdp: Cdp, target: Target, action_type: str, description: str = "", prepare: str = "center"
) -> Located:
    """Find the target element, bring it into view, measure it: one call.

    Raises:
        TargetNotFound: nothing matched; the message says which routes were tried.
    """
    found = cdp.call(FIND_JS, target.as_dict(), action_type, description, prepare)
    if not isinstance(found, dict) or not found.get("el"):
        why = found.get("why", "") if isinstance(found, dict) else "locator returned nothing"
        raise TargetNotFound(why or "locator returned nothing")
    return _located(found)


def focused(cdp: Cdp, prepare: str = "none") -> Located | None:
    """The element that has keyboard focus, or None when that is just the body."""
    found = cdp.call(FOCUSED_JS, prepare)
    return _located(found) if isinstance(found, dict) else None


def focus_fallback(cdp: Cdp, action_type: str, why: str) -> Located | None:
    """The focused element for a type or press whose hints found nothing (``why``): for a
    type, only an editable one; for a press, the focused element or the body. None: nothing
    fits (a type with no editable element focused)."""
    found = cdp.call(FOCUS_FALLBACK_JS, action_type, why)
    return _located(found) if isinstance(found, dict) and found.get("el") else None
