"""The locator's votes for where an element is and how it looks: a place in a grid or list
("the second card in the top row"), and a colour ("the purple button").

Part of the one script call that finds an action's target (see ``locate.py``); it runs
after the routes (``routes.py``) and adds votes to theirs.
"""

from __future__ import annotations

PLACES_JS = r"""
// A place in a grid or list ("the second card in the top row", "the fourth song"): among
// the hinted candidates when there are several (the second of the "Add" buttons), else
// among the largest set of like controls on screen (same tag and size: the cards, the
// squares, the rows of a list), laid out in rows by their position. The element there
// gets two votes: a place names one element, a word like "card" many. A place already
// found in a table (tables.py) stands.
// Controls, and elements a script made clickable (a pointer cursor their parent lacks).
function likeControls() {
  const els = deepest(all(preferred));
  const every = document.body ? document.body.getElementsByTagName("*") : [];
  for (let i = 0; i < every.length && i < 3000; i++) {
    const el = every[i];
    if (el.parentElement && getComputedStyle(el).cursor === "pointer" &&
        getComputedStyle(el.parentElement).cursor !== "pointer" && shown(el) &&
        !els.includes(el) && !els.some((o) => el.contains(o) || o.contains(el))) els.push(el);
  }
  return els;
}
// Whether a set's common parent is labelled with a word of the description: its ARIA
// label, or the text just before it (a heading or label above the row); or whether the
// set is named by the kind of item the place counts (``item``: "the third tab"): the
// members' role, class, id or data attribute names, or their parent's ("tabs", "chip",
// data-tab), plurals folded.
function namesOf(el) {
  const out = [el.id || "", el.getAttribute("class") || "", el.getAttribute("role") || ""];
  for (const a of Array.from(el.attributes)) {
    if (a.name.startsWith("data-")) out.push(a.name.slice(5));
  }
  return norm(out.join(" ").replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[-_]/g, " "))
    .split(" ").filter(Boolean).map((w) => (w.length > 3 && w.endsWith("s") ? w.slice(0, -1) : w));
}
function groupNamed(group, item) {
  let parent = group[0].parentElement;
  while (parent && !group.every((el) => parent.contains(el))) parent = parent.parentElement;
  if (!parent || parent === document.body) return false;
  if (item) {
    // The item, or a word of the description that is no place word ("the first chip of
    // the filter row": data-filter).
    const names = new Set([...namesOf(parent), ...group.flatMap(namesOf)]);
    const placeWords = new RegExp("^(first|second|third|fourth|fifth|last|final|top|bottom|" +
      "left|right|middle|row|column|list|line|one)$");
    const words = (spec.words || "").split(" ").map((w) => w.replace(/^\^/, ""))
      .filter((w) => w.length > 2 && !placeWords.test(w));
    return names.has(item) || words.some((w) => names.has(w));
  }
  const said = (spec.words || "").split(" ").map((w) => w.replace(/^\^/, "")).filter(Boolean);
  const label = norm((parent.getAttribute("aria-label") || "") + " " +
    ((parent.previousElementSibling || {}).innerText || ""));
  return said.some((w) => w.length > 2 && hasWords(label, w));
}
// "the x on the first card in the Done column": the item a list place counts (``item``)
// is no control but holds controls (a card). The items: elements named by the item (their
// class, id, role or data attribute names) that repeat among their siblings (same tag and
// class) and hold a control; those of the container the description's other words name
// (its heading or first line, ARIA label or data values say "Done") go first, counted in
// page order. On the item at the place, a hinted candidate, else the control whose own
// words share the most description words, gets the place's two votes; with neither, the
// place is counted as before (among the hinted candidates or the like controls).
function heldPlace(want) {
  if (want.index === undefined || !want.item || action !== "click") return null;
  const items = all("body *").filter((el) => !el.matches(CLICKABLE) && el.parentElement &&
    namesOf(el).includes(want.item) && el.querySelector(CLICKABLE) &&
    Array.from(el.parentElement.children).some((o) => o !== el && o.tagName === el.tagName &&
      o.className === el.className));
  if (items.length < 2) return null;
  const placeWords = new RegExp("^(first|second|third|fourth|fifth|last|final|top|bottom|" +
    "left|right|middle|row|column|list|line|one)$");
  const said = (spec.words || "").split(" ").map((w) => w.replace(/^\^/, ""))
    .filter((w) => w.length > 2 && !placeWords.test(w) && w !== want.item);
  const parents = Array.from(new Set(items.map((el) => el.parentElement)));
  const nameOf = (p) => {
    const first = p.firstElementChild && !items.includes(p.firstElementChild)
      ? p.firstElementChild.innerText || "" : "";
    const data = Array.from(p.attributes).filter((a) => a.name.startsWith("data-"))
      .map((a) => a.value).join(" ");
    return norm(`${first} ${p.getAttribute("aria-label") || ""} ${data}`);
  };
  const named = parents.filter((p) => said.some((w) => hasWords(nameOf(p), w)));
  const pool = named.length === 1 ? items.filter((el) => el.parentElement === named[0])
    : items.slice().sort((a, b) => {
      const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
      return ra.top - rb.top || ra.left - rb.left;
    });
  const n = want.index;
  const item = nthOf(pool, n);
  if (!item) return null;
  const where = `the ${want.item} at index:${n} of ${pool.length}` +
    (named.length === 1 ? ` in ${JSON.stringify(nameOf(named[0]).slice(0, 40))}` : "");
  const controls = deepest(Array.from(item.querySelectorAll(CLICKABLE)).filter(shown));
  const hinted = controls.filter((el) => {
    const v = votes.get(lift(el));
    return v && v.by.some((b) => b !== "role");
  });
  if (hinted.length) return [hinted[0], `on ${where} (a hinted candidate)`];
  if (controls.length === 1) return [controls[0], `on ${where} (its only control)`];
  // The item's own word is no control's ("Delete card" is not "the left arrow on the card").
  const wanted = new Set((spec.words || "").split(" ").map((w) => w.replace(/^\^/, ""))
    .filter((w) => w && w !== want.item));
  let best = null;
  controls.forEach((el) => {
    const own = new Set(labelOf(el).join(" ").split(/[^\p{L}\p{N}\p{So}°+−×✕›‹←→€$£%]+/u)
      .filter(Boolean));
    let k = 0;
    wanted.forEach((w) => { if (own.has(w)) k += 1; });
    if (k && (!best || k > best.k)) best = {el: el, k: k};
  });
  if (best) return [best.el, `on ${where} (its control sharing ${best.k} description word(s))`];
  return null;
}
// "row D": whether a text saying D (a leaf element saying exactly that) stands level with
// ``el``, its middle within el's height: a seat plan's letters at its rows' ends.
let labelRectsKept = null;
function labelledRow(el) {
  if (labelRectsKept === null) {
    const label = placeOf(spec.position).label;
    labelRectsKept = !label ? [] : all("body *").filter((e) => !e.children.length &&
      (e.innerText || "").trim() === label).map((e) => e.getBoundingClientRect());
  }
  const r = el.getBoundingClientRect();
  return labelRectsKept.some((b) => (b.top + b.bottom) / 2 >= r.top &&
    (b.top + b.bottom) / 2 <= r.bottom);
}
if (spec.position && action !== "press" && action !== "scroll" &&
    !Array.from(votes.values()).some((v) => v.by.includes("position"))) {
  const want = placeOf(spec.position);
  const held = heldPlace(want);
  if (held) {
    const el = lift(held[0]);
    const v = votes.get(el) ||
      {el: el, score: 0, rank: routes.length, order: 0, by: [], why: ""};
    v.score += 2;
    v.by.push("position");
    v.why = (v.why ? v.why + "; " : "") + held[1];
    votes.set(el, v);
  }
}
if (spec.position && action !== "press" && action !== "scroll" &&
    !Array.from(votes.values()).some((v) => v.by.includes("position"))) {
  const want = placeOf(spec.position);
  // Candidates found by a word (not by their role alone) are the things being counted.
  let group = Array.from(votes.values()).filter((v) => v.by.some((b) => b !== "role"))
    .map((v) => v.el);
  let source = "the hinted candidates";
  let guessed = false;
  // Two hinted candidates are counted for an item of a list ("Add the first drink" with
  // two drinks shown); a grid place needs three. They are counted only when they are alike
  // (all of one tag: the "Add" buttons of a list), as a person counts the items of a list,
  // not whatever shares a word: "the second job in the list" is no search box that says
  // "Job title".
  // Controls found by what they mean are counted among the largest set of them alike in
  // tag and class ("Bookmark the first of them": the stories' Save buttons, not the
  // "Saved (0)" list button in the header that says "saved" too).
  if (group.length > 2 && group.some((el) => votes.get(el).by.includes("means"))) {
    const kinds = new Map();
    group.forEach((el) => {
      const k = `${el.tagName}|${el.getAttribute("class") || ""}`;
      kinds.set(k, [...(kinds.get(k) || []), el]);
    });
    const most = Array.from(kinds.values()).sort((a, b) => b.length - a.length)[0];
    if (most.length >= 2 && most.length < group.length) {
      group = most;
      source = "the hinted candidates alike in tag and class";
    }
  }
  const alike = group.every((el) => el.tagName === (group[0] || {}).tagName);
  if (!alike || group.length < (want.index !== undefined ? 2 : 3)) {
    // Like controls: same tag and size (a grid's cards), or, for an item of a list, same
    // tag, height and left edge (a list's names, whatever their widths).
    // A role the description names ("tick the box of the first ingredient") counts only
    // controls of that role.
    const buckets = new Map();
    const pool = want.of ? byRole(want.of).map((p) => p[0]) : likeControls();
    pool.forEach((el) => {
      const r = el.getBoundingClientRect();
      const keys = [`${el.tagName}|${Math.round(r.width / 8)}x${Math.round(r.height / 8)}`];
      if (want.index !== undefined) {
        // A list's items share a left edge, whatever their widths; a row of chips, tabs or
        // options shares a top (counted only when named by the item, "the third tab", or
        // labelled with the description's words: "the rightmost theme" under "Theme").
        keys.push(`${el.tagName}|L${Math.round(r.left / 8)}|H${Math.round(r.height / 8)}`);
        keys.push(`row|${el.tagName}|T${Math.round(r.top / 8)}|H${Math.round(r.height / 8)}`);
      }
      keys.forEach((key) => {
        if (!buckets.has(key)) buckets.set(key, []);
        buckets.get(key).push(el);
      });
    });
    // The largest set, a set labelled with the description's words first ("the middle
    // storage option": the row under "Storage").
    const entries = Array.from(buckets.entries()).filter(([, g]) => g.length >= 2);
    const sets = entries.filter(([k]) => !k.startsWith("row|")).map(([, g]) => g);
    // The set named by the item the place counts ("the third tab": the tabs), then a set
    // labelled with the description's words, then the largest.
    const itemed = want.item ? entries.map(([, g]) => g)
      .filter((g) => groupNamed(g, want.item)) : [];
    const labelled = entries.map(([, g]) => g).filter((g) => groupNamed(g));
    // "the sixth seat in row D": a set with a row a text saying D labels.
    const lettered = want.label ? sets.filter((g) => g.some(labelledRow)) : [];
    // A control found by what it means ("Put it away with the middle button": the archive
    // button) is counted among its own like controls (its toolbar: a row sharing a top),
    // not among the largest set elsewhere (the list of emails).
    const meant = Array.from(votes.values()).filter((v) => v.by.includes("means"))
      .map((v) => v.el);
    let holding = meant.length ? entries.map(([, g]) => g)
      .filter((g) => g.some((el) => meant.includes(lift(el)))) : [];
    // Of those, the sets whose place is such a control first (the place and the meaning
    // agree), else any.
    const at = (g) => {
      const order = g.map((el) => [el, el.getBoundingClientRect()])
        .sort((a, b) => a[1].top - b[1].top || a[1].left - b[1].left).map((e) => e[0]);
      return want.index === undefined ? null : nthOf(order, want.index);
    };
    const agreeing = holding.filter((g) => !!at(g) && meant.includes(lift(at(g))));
    if (agreeing.length) holding = agreeing;
    group = (itemed.length ? itemed : lettered.length ? lettered : labelled.length ? labelled
      : holding.length ? holding : sets).sort((a, b) => b.length - a.length)[0] || [];
    source = (itemed.length ? `the like controls named "${want.item}"`
      : lettered.length ? `the like controls with a row labelled "${want.label}"`
      : labelled.length ? "the like controls under a label the description names"
      : holding.length ? "the like controls holding the control it means"
      : "the largest set of like controls") + (alike ? "" : " (the hinted candidates are " +
        "not alike)");
    // Nothing but the count chose the set ("the second one"): a guess, which the
    // recording's pointer may overrule (POINTED_JS).
    guessed = !(itemed.length || lettered.length || labelled.length || holding.length);
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
  let chosen = null;
  if (want.index !== undefined) {
    const flat = rows.flatMap((row) => row.els.map((e) => e[0]));
    chosen = nthOf(flat, want.index) || null;
  } else if (want.row !== undefined && want.col !== undefined && rows.length > 1) {
    // "the sixth seat in row D": the row a text saying D labels (at its start or end),
    // when one does; else the row counted.
    let row = want.label ? rows.find((r) => r.els.some(([el]) => labelledRow(el))) || null
      : null;
    if (row) source += ` in the row labelled "${want.label}"`;
    row = row || nthOf(rows, want.row);
    const cell = row ? nthOf(row.els, want.col) : null;
    chosen = cell ? cell[0] : null;
  }
  // "Light up the wardrobe, the last card": a member of the set that the description's
  // other words name, alone in it (its own words or its card's), is the one meant, where
  // the count may be off (a set gathered by tag and size holds more than the cards).
  if (group.length >= 2 && chosen) {
    const placeWord = new RegExp("^(first|second|third|fourth|fifth|last|final|top|bottom|" +
      "left|right|middle|row|column|list|line|one|card|item)$");
    const names = (spec.words || "").split(" ").map((w) => w.replace(/^\^/, ""))
      .filter((w) => w.length > 3 && !placeWord.test(w) && w !== want.item);
    const wordsOf = (el) => new Set((labelOf(el).join(" ") + " " + cardCaption(el))
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean));
    const named = names.length ? group.filter((el) => {
      const own = wordsOf(el);
      return names.some((w) => own.has(w));
    }) : [];
    if (named.length === 1 && named[0] !== chosen) {
      chosen = named[0];
      source += " (the one its other words name)";
    }
  }
  if (group.length >= 2 && chosen) {
    const el = lift(chosen);
    const v = votes.get(el) ||
      {el: el, score: 0, rank: routes.length, order: 0, by: [], why: ""};
    v.score += 2;
    v.by.push("position");
    if (guessed) v.guessed = true;
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
function colourDistance(el, colour) {
  const want = colour.split(",").map(Number);
  const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const st = getComputedStyle(el);
  let c = rgb(st.backgroundColor);
  if (c.length < 3 || (c.length > 3 && c[3] === 0)) c = rgb(st.color);
  const d = Math.hypot(c[0] - want[0], c[1] - want[1], c[2] - want[2]);
  // A person names a colour by its hue: a sage swatch is "the green circle" though a grey
  // one is nearer pure green. Same name: near; another name: far, unless its hue is within
  // 35 degrees of the named one (names blur at their borders: an indigo button is "the
  // purple button", a deep teal one "the dark green button"), then near after every
  // colour of the very name.
  if (colourName(c) === colourName(want)) return d * 0.3;
  const hc = hueOf(c), hw = hueOf(want);
  if (hc !== null && hw !== null) {
    const dh = Math.min(Math.abs(hc - hw), 360 - Math.abs(hc - hw));
    if (dh <= 35) return 60 + d * 0.3 + dh;
  }
  return d + 200;
}
// A colour's hue in degrees, null when it has too little to be named by one (black,
// white, grey: colourName's rule).
function hueOf(c) {
  const [r, g, b] = c.slice(0, 3).map((v) => v / 255);
  const max = Math.max(r, g, b), min = Math.min(r, g, b), l = (max + min) / 2;
  const span = max - min;
  const sat = span === 0 ? 0 : span / (l > 0.5 ? 2 - max - min : max + min);
  if (sat < 0.15 || l < 0.12 || l > 0.93) return null;
  const h = max === r ? ((g - b) / span) % 6 : max === g ? (b - r) / span + 2 : (r - g) / span + 4;
  return (h * 60 + 360) % 360;
}
// The name a person gives a colour: black, white or grey when it has little hue, else by
// its hue (brown: a dark orange or red).
function colourName(c) {
  const [r, g, b] = c.slice(0, 3).map((v) => v / 255);
  const max = Math.max(r, g, b), min = Math.min(r, g, b), l = (max + min) / 2;
  const span = max - min;
  const sat = span === 0 ? 0 : span / (l > 0.5 ? 2 - max - min : max + min);
  if (sat < 0.15 || l < 0.12 || l > 0.93) return l < 0.2 ? "black" : l > 0.85 ? "white" : "grey";
  let h = max === r ? ((g - b) / span) % 6 : max === g ? (b - r) / span + 2 : (r - g) / span + 4;
  h = (h * 60 + 360) % 360;
  if (h < 15 || h >= 345) return l < 0.25 ? "brown" : "red";
  if (h < 40) return l < 0.4 ? "brown" : "orange";
  if (h < 70) return "yellow";
  if (h < 170) return "green";
  if (h < 195) return "teal";
  if (h < 255) return "blue";
  return h < 290 ? "purple" : "pink";
}
// The element of ``pool`` nearest in colour, if near at all (null otherwise).
function nearestInColour(pool, colour) {
  let near = null;
  pool.forEach((el) => {
    const d = colourDistance(el, colour);
    if (!near || d < near.d) near = {el: el, d: d};
  });
  return near && near.d < 120 ? near.el : null;
}
// The elements of ``pool`` about as near in colour as the nearest (the red buttons).
function sameColour(pool, colour) {
  const ds = pool.map((el) => [el, colourDistance(el, colour)]);
  const best = Math.min(Infinity, ...ds.map((p) => p[1]));
  return best < 120 ? ds.filter((p) => p[1] < Math.max(60, best + 30)).map((p) => p[0]) : [];
}
if (spec.colour && action !== "press" && action !== "scroll") {
  const pool = votes.size ? Array.from(votes.keys()) : deepest(all(preferred));
  let near = nearestInColour(pool, spec.colour);
  // "the big red button": the largest of those coloured so.
  if (near && spec.size === "big") {
    const area = (el) => { const r = el.getBoundingClientRect(); return r.width * r.height; };
    near = sameColour(pool, spec.colour).sort((a, b) => area(b) - area(a))[0] || near;
  }
  if (near) {
    const v = votes.get(near) ||
      {el: near, score: 0, rank: routes.length, order: 0, by: [], why: ""};
    v.score += 0.75;
    v.by.push("colour");
    v.why = (v.why ? v.why + "; " : "") + `nearest in colour to rgb(${spec.colour})`;
    votes.set(near, v);
  }
}
"""

# A corner of the page ("the saved stories button at the top right", ``spec.corner``
# "top-right"): among the candidates found by a word (not by their role alone), the one
# nearest that corner of the page (its box in page coordinates) gets half a vote.
CORNER_JS = r"""
if (spec.corner && action !== "press" && action !== "scroll") {
  const [vert, horiz] = spec.corner.split("-");
  const pageW = document.documentElement.scrollWidth;
  const pageH = document.documentElement.scrollHeight;
  const worded = Array.from(votes.values()).filter((v) => v.by.some((b) => b !== "role"));
  let near = null;
  worded.forEach((v) => {
    const r = v.el.getBoundingClientRect();
    const dx = horiz === "right" ? pageW - (r.right + scrollX) : r.left + scrollX;
    const dy = vert === "bottom" ? pageH - (r.bottom + scrollY) : r.top + scrollY;
    const d = Math.hypot(Math.max(0, dx), Math.max(0, dy));
    if (!near || d < near.d) near = {v: v, d: d};
  });
  if (near && worded.length > 1) {
    near.v.score += 0.5;
    near.v.by.push("corner");
    near.v.why += `; nearest the page's ${spec.corner} corner of ${worded.length} candidates`;
  }
}
"""

# A relation to an anchor ("the button under the price", "the plus next to the quantity",
# "the card right next to it"): ``spec.near`` is "kind|anchor words|r,g,b" or "kind|@last".
RELATION_JS = r"""
// The anchor's boxes: "@last" is the previous action's target (its element, else the box
// it had); else the elements whose own words (text, label, title, alt, placeholder) hold
// the most anchor words (deepest first), else whose id or class names do (outermost:
// "the board"), else the control nearest the anchor's colour.
let relationAnchorEls = [];
const relation = (() => {
  if (!spec.near || action === "press" || action === "scroll") return null;
  const [kind, anchorWords, anchorColour, holder] = spec.near.split("|");
  // "in the player bar" when nothing says "player": the elements of that kind of container.
  const HOLDERS = {
    bar: "footer, header, nav, [role=toolbar], [role=banner], [role=contentinfo]",
    toolbar: "[role=toolbar]", sidebar: "aside, [role=complementary], nav",
    header: "header, [role=banner]", footer: "footer, [role=contentinfo]",
    menu: "nav, [role=menu], [role=menubar], [role=navigation]",
    nav: "nav, [role=navigation]", navigation: "nav, [role=navigation]",
    dialog: "dialog, [role=dialog], [role=alertdialog]", modal: "dialog, [role=dialog]",
    popup: "dialog, [role=dialog]", form: "form", banner: "header, [role=banner]",
    post: "article", article: "article",
  };
  let holders = [];
  const rect = (el) => el.getBoundingClientRect();
  let anchors = [];
  let named = "";
  if (anchorWords === "@last") {
    const last = globalThis.__iwrTarget;
    if (last && last.isConnected && shown(last)) {
      anchors = [rect(last)];
      relationAnchorEls = [last];  // "the card next to it" is not it
    }
    else if (globalThis.__iwrLastBox) {
      const [x, y, w, h] = globalThis.__iwrLastBox;
      anchors = [new DOMRect(x - scrollX, y - scrollY, w, h)];
    }
    named = "the previous action's target";
  } else {
    const want = (anchorWords || "").split(" ").filter(Boolean);
    const toks = (s) => new Set(norm(s).split(/[^\p{L}\p{N}\p{So}°+−×✕›‹←→€$£%]+/u)
      .filter(Boolean));
    const scoreOf = (set) => want.filter((w) => set.has(w)).length;
    const own = (el) => toks(labelOf(el).join(" ") + " " + (el.getAttribute("alt") || "") +
      " " + (el.getAttribute("placeholder") || ""));
    const byWords = (els, outer) => {
      const scored = els.map((el) => [el, scoreOf(own(el))]).filter((p) => p[1] > 0);
      const best = Math.max(0, ...scored.map((p) => p[1]));
      const top = scored.filter((p) => p[1] === best).map((p) => p[0]);
      return outer ? top.filter((el) => !top.some((o) => o !== el && o.contains(el)))
        : deepest(top);
    };
    let els = want.length ? byWords(all("body *").filter((el) =>
      !["SCRIPT", "STYLE", "NOSCRIPT"].includes(el.tagName)), false) : [];
    named = `${JSON.stringify(anchorWords)} (its words)`;
    if (!els.length && want.length) {
      const idClass = (el) => toks(((el.id || "") + " " + (el.getAttribute("class") || ""))
        .replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[-_]/g, " "));
      const scored = all("[id], [class]").map((el) => [el, scoreOf(idClass(el))])
        .filter((p) => p[1] > 0);
      const best = Math.max(0, ...scored.map((p) => p[1]));
      const top = scored.filter((p) => p[1] === best).map((p) => p[0]);
      els = top.filter((el) => !top.some((o) => o !== el && o.contains(el)));
      named = `${JSON.stringify(anchorWords)} (its id or class)`;
    }
    if (!els.length && anchorColour) {
      const near = nearestInColour(deepest(all(CLICKABLE)), anchorColour);
      if (near) els = [near];
      named = `the control nearest rgb(${anchorColour})`;
    }
    if (!els.length && kind === "in" && HOLDERS[holder]) {
      holders = all(HOLDERS[holder]);
      named = `the page's ${holder} (${HOLDERS[holder]}; nothing says ${anchorWords})`;
    }
    anchors = (holders.length ? holders : els).map(rect);
    relationAnchorEls = els;
    // "the field under the name": for a field, an anchor that is a field's <label> stands
    // for the label and its field together (the field right under the label "Full name"
    // is that name's own field; the one under the name is the next).
    if (forField && kind !== "in" && !holders.length) {
      const labelled = els.filter((el) => el.tagName === "LABEL" && el.control &&
        !el.contains(el.control) && shown(el.control));
      if (labelled.length) {
        anchors = els.map((el) => {
          const a = rect(el);
          if (!labelled.includes(el)) return a;
          const c = rect(el.control);
          const left = Math.min(a.left, c.left), top = Math.min(a.top, c.top);
          return new DOMRect(left, top, Math.max(a.right, c.right) - left,
                             Math.max(a.bottom, c.bottom) - top);
        });
        relationAnchorEls = els.concat(labelled.map((el) => el.control));
        named += " with its field";
      }
    }
  }
  if (!anchors.length) {
    notes.push(`no anchor ${JSON.stringify(anchorWords)} for ${kind}`);
    return null;
  }
  // "in the Method card": around each anchor element, the smallest element that holds a
  // control besides the anchor (the card the heading "Method" heads).
  const containers = kind !== "in" ? [] : holders.length ? holders : relationAnchorEls.map((a) => {
    let node = a;
    while (node.parentElement && node.parentElement !== document.body) {
      node = node.parentElement;
      if (Array.from(node.querySelectorAll(CLICKABLE)).some((c) => c !== a && !a.contains(c) &&
          shown(c))) return node;
    }
    return null;
  }).filter(Boolean);
  if (kind === "in" && !containers.length) {
    notes.push(`nothing holds ${named} for ${kind}`);
    return null;
  }
  return {kind: kind, anchors: anchors, named: named, containers: containers,
          // The previous target's box, for "next to it" when it was drawn again.
          lastBox: anchorWords === "@last" ? anchors[0] : null};
})();
// How far ``el`` is from the anchor in the stated direction; Infinity when it is not
// there at all ("below" needs its centre below the anchor's middle, and so on).
function relationDistance(el) {
  if (!relation) return Infinity;
  if (relationAnchorEls.some((a) => a === el || a.contains(el) || el.contains(a))) {
    return Infinity;
  }
  const c = el.getBoundingClientRect();
  const cx = (c.left + c.right) / 2, cy = (c.top + c.bottom) / 2;
  // "next to it" is not it, drawn again where it was (a card re-rendered by the click).
  const l = relation.lastBox;
  if (l && relation.kind !== "tie" && Math.abs(l.left - c.left) < 4 &&
      Math.abs(l.top - c.top) < 4 && Math.abs(l.width - c.width) < 4 &&
      Math.abs(l.height - c.height) < 4) return Infinity;
  // "in the Method card": inside the container, nearer the anchor first.
  if (relation.kind === "in") {
    if (!relation.containers.some((box) => box.contains(el))) return Infinity;
  }
  let best = Infinity;
  for (const a of relation.anchors) {
    const hgap = Math.max(0, a.left - c.right, c.left - a.right);
    const vgap = Math.max(0, a.top - c.bottom, c.top - a.bottom);
    const ax = (a.left + a.right) / 2, ay = (a.top + a.bottom) / 2;
    let d = Infinity;
    if (relation.kind === "below" && cy > ay + 2) d = vgap + 2 * hgap;
    else if (relation.kind === "above" && cy < ay - 2) d = vgap + 2 * hgap;
    else if (relation.kind === "right" && cx > ax + 2) d = hgap + 2 * vgap;
    else if (relation.kind === "left" && cx < ax - 2) d = hgap + 2 * vgap;
    else if (relation.kind === "near" || relation.kind === "tie" || relation.kind === "in") {
      d = Math.hypot(hgap, vgap) + 0.01 * Math.hypot(cx - ax, cy - ay);
    }
    best = Math.min(best, d);
  }
  return best;
}
// The element of ``pool`` nearest the anchor in the stated direction (ties: the later in
// reading order, as "next to" reads on), or null.
function relationPick(pool) {
  let best = null;
  pool.forEach((el) => {
    const d = relationDistance(el);
    if (d === Infinity) return;
    if (!best || d < best.d - 0.5) best = {el: el, d: d};
  });
  return best;
}
// Among the candidates found by a word or a place (else those of the colour named, else,
// when the description names the target by nothing else: no content word, at most a role,
// every control of that role or every control), the one nearest the anchor gets one and a
// half votes: "the Add button beside the leather case picture", "the button under the
// total".
// A "tie" relation only breaks ties (locate.RANK_JS, words.WORDS_FALLBACK_JS).
if (relation && relation.kind !== "tie") {
  // Among hinted candidates the relation only breaks ties, after the words around them
  // (locate.RANK_JS): "'Add to cart' under Espresso Blend" is decided by the card that
  // says so. It votes among the controls of a colour, which have no words to go by.
  const wordy = (v) =>
    v.by.some((b) => ["text", "label", "placeholder", "position", "means"].includes(b));
  let pool = [];
  let source = "";
  if (!Array.from(votes.values()).some(wordy) && spec.colour) {
    pool = sameColour(deepest(all(preferred)), spec.colour);
    source = `the controls coloured like rgb(${spec.colour})`;
  } else if (!Array.from(votes.values()).some(wordy) &&
             (!spec.words || (action === "type" && !spec.placeholder && !spec.label))) {
    // "Click the button under the total": the target is named by nothing but its place
    // (and its role): every control of that role, else every control, is in the running.
    // So for a type that names no field ("Split it 4 ways in the field below the tip
    // buttons"): its words say what is typed, every field is in the running.
    pool = spec.role ? deepest(byRole(spec.role).map((p) => p[0]))
      : deepest(all(preferred));
    source = spec.role ? `every ${spec.role} (nothing else names it)`
      : "every control (nothing else names it)";
  }
  const chosen = pool.length ? relationPick(pool) : null;
  if (chosen) {
    const el = lift(chosen.el);
    const v = votes.get(el) ||
      {el: el, score: 0, rank: routes.length, order: 0, by: [], why: ""};
    v.score += 1.5;
    v.by.push("relation");
    v.why = (v.why ? v.why + "; " : "") +
      `nearest ${relation.kind} ${relation.named} among ${source} (${pool.length})`;
    votes.set(el, v);
  } else if (pool.length) {
    notes.push(`none of ${pool.length} candidates is ${relation.kind} ${relation.named}`);
  }
}
"""

# Where the reference changed across this action (``spec.changed``: "x,y,w,h;..." in CSS px
# of the viewport, computed on the host from the checkpoints before and after it): the
# changed region often is, or sits beside, what was acted on. The weakest vote there is:
# it only orders candidates that every other vote and tie-breaker left equal (two identical
# "+ Add a card" buttons), nearest first (0 inside a region). The reference's screenshots
# show its viewport at a scroll the runner cannot know, so the rule applies only while the
# page is unscrolled (as every reference starts) and only to candidates in the viewport.
CHANGED_JS = r"""
const changedBoxes = (() => {
  if (!spec.changed || (action !== "click" && action !== "type")) return [];
  if (scrollX !== 0 || scrollY !== 0) {
    notes.push("changed region not used (page scrolled)");
    return [];
  }
  return spec.changed.split(";").map((b) => b.split(",").map(Number))
    .filter((b) => b.length === 4 && b.every(Number.isFinite));
})();
// Distance in CSS px from an element to the nearest changed region; Infinity when there is
// no region or the element is outside the viewport (those stay tied among themselves).
function changedDistance(el) {
  if (!changedBoxes.length) return Infinity;
  const r = el.getBoundingClientRect();
  if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) {
    return Infinity;
  }
  let best = Infinity;
  changedBoxes.forEach(([x, y, w, h]) => {
    const dx = Math.max(0, x - r.right, r.left - (x + w));
    const dy = Math.max(0, y - r.bottom, r.top - (y + h));
    best = Math.min(best, Math.round(Math.hypot(dx, dy)));
  });
  return best;
}
// Compare for a sort: nearer first; equal (0) when both are out of reach of the rule.
function changedOrder(a, b) {
  const da = changedDistance(a), db = changedDistance(b);
  return da === db ? 0 : da < db ? -1 : 1;
}
// The trace's reason when the rule decided between the first two of a ranking.
function changedWhy(best, second) {
  const d = changedDistance(best);
  return d < changedDistance(second)
    ? `; nearest the region the reference changed (${d === 0 ? "inside" : d + " px"})` : "";
}
"""

# Where the recording's pointer was when the reference acted (``spec.pointed``: "x,y" in CSS
# px of the viewport, read off the video on the host, evaluator/tasks/pointing.py): the
# recording's own evidence of the target. The point is on the page as it was before the
# action (pointing.py adds back any scroll between the checkpoint and the click), which is
# the page the runner sees now: the replay brought every earlier target into view as the
# recording did. So it is compared with each element's box as it is now, before this
# action brings its target into view. Three uses, each said in the step's ``target.why``:
# - a vote: the candidate whose box holds the point (within POINT_SLACK px) gains one;
# - a hand-over: when the hints found candidates but none is a clear description match
#   (two hints or votes agreeing, score 2 or more; a text equal to a control's; a
#   placeholder or label), the control at the point (the control or script-made control
#   whose box holds it, the smallest, else the nearest within POINT_SLACK px) joins the
#   candidates a quarter vote above the best: a heading that merely contains "treatment"
#   gives way to the treatment pointed at; a clear match elsewhere (a model's page laid
#   out differently) is never overridden;
# - a tie-breaker: among candidates every other vote and tie-breaker left equal, the one
#   nearest the point first (before the changed region's, which is coarser).
# In the last resort (words.WORDS_FALLBACK_JS) the control at the point counts as sharing
# one and a half words, so a control sharing two of the description's words elsewhere still
# wins; when nothing else is found it is the target (POINTED_FALLBACK_JS).
POINTED_JS = r"""
const POINT_SLACK = 12;
const pointedAt = (() => {
  if (!spec.pointed || (action !== "click" && action !== "type")) return null;
  const [x, y] = spec.pointed.split(",").map(Number);
  return Number.isFinite(x) && Number.isFinite(y) ? {x: x, y: y} : null;
})();
// CSS px from the recording's pointer to ``el`` where it is now (0: on it); Infinity
// without a point.
function pointedDistance(el) {
  if (!pointedAt) return Infinity;
  const b = el.getBoundingClientRect();
  const dx = Math.max(0, b.left - pointedAt.x, pointedAt.x - b.right);
  const dy = Math.max(0, b.top - pointedAt.y, pointedAt.y - b.bottom);
  return Math.round(Math.hypot(dx, dy));
}
function pointedOrder(a, b) {
  const da = pointedDistance(a), db = pointedDistance(b);
  return da === db ? 0 : da < db ? -1 : 1;
}
function pointedWhy(best, second) {
  const d = pointedDistance(best);
  return d < pointedDistance(second)
    ? `; nearest the recording's pointer (${d === 0 ? "on it" : d + " px"})` : "";
}
// Whether ``el`` is what a click at its point nearest the pointer would hit: not under a
// window or a backdrop (a dialog over the list: its button, not the list's, is pointed
// at). A point off the screen hits nothing and rules nothing out.
function pointedHit(el) {
  const b = el.getBoundingClientRect();
  const x = Math.min(Math.max(pointedAt.x, b.left + 1), b.right - 1);
  const y = Math.min(Math.max(pointedAt.y, b.top + 1), b.bottom - 1);
  const root = el.getRootNode();
  const hit = (root.elementFromPoint ? root : document).elementFromPoint(x, y);
  return !hit || el === hit || el.contains(hit) || hit.contains(el);
}
// The control at the point: a field for a type, else a control or script-made control
// (likeControls); the smallest whose box holds the point, else the nearest within the slack;
// one hidden under another element there (a window over it) is not pointed at.
const pointedControl = (() => {
  if (!pointedAt) return null;
  let best = null;
  (forField ? all(EDITABLE) : likeControls()).forEach((el) => {
    const d = pointedDistance(el);
    if (d > POINT_SLACK || !pointedHit(el)) return;
    const r = el.getBoundingClientRect();
    const area = r.width * r.height;
    if (!best || d < best.d || (d === best.d && area < best.area)) {
      best = {el: el, d: d, area: area};
    }
  });
  // None within the slack: a card or row a script made clickable (the hand pointer its
  // parent lacks) under the point, though it holds small controls of its own (a book's
  // card with its bookmark button: likeControls leaves such holders out).
  if (!best && !forField) {
    const hit = document.elementFromPoint(pointedAt.x, pointedAt.y);
    const card = hit && hit !== document.body && hit !== document.documentElement
      ? lift(hit) : null;
    if (card && card !== document.body && getComputedStyle(card).cursor === "pointer" &&
        shown(card)) {
      const r = card.getBoundingClientRect();
      best = {el: card, d: 0, area: r.width * r.height};
    }
  }
  if (!best) return null;
  // The pointer still on the last action's target, for a description that says nothing of
  // doing it again: the frame was taken before the pointer moved (a recorder moves it in
  // one jump), so it is no evidence of this target. ``spec.again``: the host read "again",
  // "another", "two more" in the description (places.says_again).
  // The last target drawn again by its own click (a list re-rendered) is found by its box.
  const last = globalThis.__iwrTarget;
  const lastBox = globalThis.__iwrLastBox;
  const redrawn = () => {
    if (!lastBox || (last && last.isConnected)) return false;
    const r = lift(best.el).getBoundingClientRect();
    return [r.x + scrollX, r.y + scrollY, r.width, r.height]
      .every((v, i) => Math.abs(v - lastBox[i]) < 4);
  };
  if (!spec.again && ((last && last.isConnected && lift(best.el) === lift(last)) || redrawn())) {
    notes.push("the recording's pointer is on the last action's target (taken before it moved)");
    return null;
  }
  return {el: lift(best.el), d: best.d};
})();
const pointedSaid = (d) => `at the recording's pointer (${spec.pointed}` +
  (d ? `, ${d} px off` : "") + ")";
if (pointedControl) {
  const cands = Array.from(votes.values());
  const v = votes.get(pointedControl.el);
  // A control whose own name or icon means what the description says (MEANS_JS) is a
  // clear match too: the recording's pointer does not take its place.
  // A place counted in the largest set of like controls, nothing else naming it ("Unstar
  // the second one": the second of the sidebar's links), is a guess, not a clear match.
  const clear = (c) => !(c.guessed && c.by.every((b) => b === "position")) && (
    c.score >= 2 || c.by.includes("placeholder") ||
    c.by.includes("label") || c.by.includes("means") ||
    (c.by.includes("text") && c.why.startsWith("text equals") && c.el.matches(preferred)));
  if (v) {
    v.score += 1;
    v.by.push("pointed");
    v.why += `; ${pointedSaid(pointedControl.d)}`;
  } else if (cands.length && !cands.some(clear)) {
    const top = Math.max(0, ...cands.map((c) => c.score));
    const weak = cands.length ? `the description's best match was weak (${cands.length} ` +
      `candidate(s), best score ${top})` : "the description's hints found nothing";
    votes.set(pointedControl.el, {el: pointedControl.el, score: top + 0.25, rank: routes.length,
      order: 0, by: ["pointed"], why: `the control ${pointedSaid(pointedControl.d)}; ${weak}`});
  } else if (cands.length) {
    notes.push(`the control at the recording's pointer is no candidate and a clear ` +
      `description match stands`);
  }
}
"""

# After the last resort found nothing: the control at the recording's pointer (see
# POINTED_JS). A type that names no field otherwise keeps the focused field or the one
# typed into last, but not over the pointer: the recording shows where the reference
# clicked before typing ("Then Oslo as where you're going": the "To" field, not the "From"
# field still focused).
POINTED_FALLBACK_JS = r"""
if (pointedControl && (!keepField || action === "type")) {
  return pick("pointed", pointedControl.el, `the control ${pointedSaid(pointedControl.d)}` +
    ` (hints: ${notes.join("; ") || "none"})`);
}
// "Another ten", "Once more": a click said to be done again, whose words name nothing
// else, is the last target again (still shown, or the control drawn again at its box).
// ``spec.again`` "2": the host read the same control in the words (places.says_repeat).
if (spec.again === "2" && action === "click") {
  let again = globalThis.__iwrTarget;
  if (!again || !again.isConnected || !shown(again)) {
    const box = globalThis.__iwrLastBox;
    again = null;
    if (box) {
      const x = box[0] + box[2] / 2 - scrollX, y = box[1] + box[3] / 2 - scrollY;
      const hit = x >= 0 && y >= 0 && x < innerWidth && y < innerHeight
        ? document.elementFromPoint(x, y) : null;
      again = hit ? lift(hit) : null;
    }
  }
  if (again) {
    return pick("again", again, "the last target again: the description says it is " +
      `done again and names nothing else (hints: ${notes.join("; ") || "none"})`);
  }
}
"""
