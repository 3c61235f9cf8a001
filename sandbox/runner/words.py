"""The locator's use of the description's content words (``target.words``): a quarter
vote for a field or control found by its role whose own words (a field's caption, the text
before it in its parent when no ``<label>`` wraps it, included) hold them, and the last
resort when no hint found anything.

Parts of the one script call that finds an action's target (see ``locate.py``).
"""

from __future__ import annotations

WORD_VOTES_JS = r"""
// Candidates found by their role alone (any field, any button) whose own words (label,
// placeholder, text) hold the description's words get a quarter vote per word: "the city
// search" is the field whose placeholder says "Search for a city".
// A field's words include its caption: the text just before it in its parent when no
// <label> wraps it ("<div>Lead passenger full name<input></div>"), as a person reads the
// words beside a field as its name.
function caption(el) {
  if (!el.matches(EDITABLE) || (el.labels && el.labels.length)) return "";
  const parts = [];
  for (let n = el.previousSibling; n && parts.join(" ").length < 80; n = n.previousSibling) {
    if (n.nodeType === 3) { parts.unshift(n.textContent); continue; }
    if (n.nodeType !== 1) continue;
    if (n.matches("input, select, textarea, button") ||
        n.querySelector("input, select, textarea, button")) break;
    parts.unshift(n.innerText || "");
  }
  return norm(parts.join(" ")).slice(0, 80);
}
// A control's own words, as one text: its label, names, placeholder, <label>s and caption.
function ownText(el) {
  const named = Array.from(el.labels || []).map((l) => norm(l.innerText)).join(" ");
  return labelOf(el).join(" ") + " " + norm(el.getAttribute("placeholder")) + " " + named +
    " " + caption(el);
}
// Where words split: anything but letters, digits, symbols and the signs a control shows.
const WORD_SPLIT = /[^\p{L}\p{N}\p{So}°+−×✕›‹←→€$£%]+/u;
if (spec.words) {
  const wanted = new Set(spec.words.split(" ").filter(Boolean).map((w) => w.replace(/^\^/, "")));
  votes.forEach((v) => {
    if (v.by.length !== 1 || v.by[0] !== "role") return;
    const own = new Set((ownText(v.el) + " " + cardCaption(v.el)).split(WORD_SPLIT)
      .filter(Boolean));
    let n = 0;
    wanted.forEach((w) => { if (own.has(w)) n += 1; });
    if (n) {
      v.score += 0.25 * n;
      v.by.push("words");
      v.why += `; ${n} description word(s) in its label or caption`;
    }
  });
}
"""

WORDS_FALLBACK_JS = r"""
// When every hint found nothing: the element whose own words (text, label, title,
// placeholder) share the most of the description's content words, each word counting
// once ("^word" twice: the destination of "switch to X"), plain plurals folded. Ties go to
// the element with fewer words of its own (a "Next" button over a paragraph mentioning
// "next"), then page order. A type (or a key for a field) with an editable element
// focused keeps it, and so does one that names no field while the field typed into last
// is still shown ("Finish the address with '.io'", "Type 37"): see FOCUS_FALLBACK_JS.
const focusEditable = (() => {
  const a = document.activeElement;
  return !!a && a !== document.body && a.matches(EDITABLE);
})();
const lastTyped = globalThis.__iwrLastTyped;
const keepField = forField && (focusEditable || (!spec.placeholder && !spec.label &&
  !!lastTyped && lastTyped.isConnected && shown(lastTyped)));
// Words found only on a wordless control's card, deferred to the assertion's named control.
let deferredWords = null;
if (spec.words && !keepField) {
  // Plain plurals and -ing/-ed/-ly forms folded ("flagging" is "flag", "starred" is "star",
  // "monthly" is "month").
  const stem = (w) => {
    let t = w.length > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w;
    const suffix = t.length > 5 && t.endsWith("ing") ? 3
      : t.length > 4 && t.endsWith("ed") ? 2 : t.length > 5 && t.endsWith("ly") ? 2 : 0;
    if (suffix) {
      t = t.slice(0, -suffix);
      if (t.length > 2 && t[t.length - 1] === t[t.length - 2]) t = t.slice(0, -1);
    }
    return t;
  };
  const tokens = (s) => s.split(WORD_SPLIT).filter(Boolean).map(stem);
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
  // Ties: the description's other words around the element: in its largest ancestor
  // holding no other tied element (its card or row: "Mark the Netflix charge as reviewed"
  // is the "Mark reviewed" button of the row that says Netflix), at most three levels up.
  const around = (el, rivals) => {
    let node = el;
    for (let k = 0; k < 3 && node.parentElement && node.parentElement !== document.body &&
         !rivals.some((o) => o !== el && node.parentElement.contains(o)); k++) {
      node = node.parentElement;
    }
    const near = new Set(tokens(norm(node.innerText || "")));
    let n = 0;
    want.forEach((_, w) => { if (near.has(w)) n += 1; });
    lastWords.forEach((w) => { if (near.has(w) && !want.has(w)) n += 1; });
    return n;
  };
  // "Mark it viewed": "it" is the last target, whose own words name the card meant.
  const lastWords = spec.near === "tie|@last"
    ? tokens(norm(globalThis.__iwrLastText)).filter((w) => w.length > 1).slice(0, 8) : [];
  // An abbreviation: a short word of the control (2-4 letters) spelled, in order, by the
  // letters of a longer description word it starts like ("Pts" for points, "Qty" for
  // quantity, "Wed" for Wednesday): half the word's weight, each description word once.
  // A short word of the language is none ("my" is no abbreviation of "monthly").
  const PLAIN = new Set(["my", "me", "mine", "we", "us", "our", "you", "your", "it", "its",
    "he", "she", "his", "her", "they", "them", "the", "an", "and", "or", "not", "no", "yes",
    "to", "of", "in", "on", "at", "by", "up", "for", "off", "out", "as", "is", "be", "do",
    "go", "so", "if", "all", "any", "one", "two", "per", "via", "too", "now", "new", "see",
    "get", "set", "add", "buy", "pay", "put", "use", "ok", "how", "why", "who", "what",
    "this", "that", "from", "with", "into", "over", "more", "less", "some", "each", "back",
    "here", "then", "than", "just", "also", "only", "very", "will", "can", "may", "has",
    "had", "was", "are", "were", "been", "have", "find", "show", "make", "take", "give",
    "open", "save", "view", "edit", "help"]);
  const abbreviated = (own, hit) => {
    let score = 0;
    own.forEach((t) => {
      if (t.length < 2 || t.length > 4 || !/^\p{L}+$/u.test(t) || want.has(t) ||
          PLAIN.has(t)) return;
      want.forEach((weight, w) => {
        if (hit.includes(w) || w.length < t.length + 2 || w[0] !== t[0] || /\d/.test(w)) return;
        let i = 0;
        for (const ch of w + "s") if (ch === t[i]) i += 1;
        if (i === t.length) { score += weight / 2; hit.push(w); }
      });
    });
    return score;
  };
  const pool = deepest(all(preferred).filter((el) => !el.closest("[aria-hidden=true]")));
  const scored = [];
  pool.forEach((el, order) => {
    const own = new Set(tokens(ownText(el)));
    // A wordless control's card words count as its own, but are no abbreviations (a
    // card's prose says "see", no short label).
    const card = new Set(tokens(cardCaption(el)));
    // A wordless cell of a grid: the headings of its column and row (headings.py).
    const headed = !own.size && !card.size ? tokens(headingWords(el, pool)) : [];
    headed.forEach((w) => card.add(w));
    let score = 0;
    const hit = [];
    let ownHits = 0;
    want.forEach((weight, w) => {
      if (own.has(w) || card.has(w)) { score += weight; hit.push(w); }
      if (own.has(w)) ownHits += 1;
    });
    score += abbreviated(own, hit);
    if (score) {
      scored.push({el: el, score: score, size: own.size + card.size, hit: hit, order: order,
                   cardOnly: !ownHits, headed: headed.length > 0});
    }
  });
  // The control at the recording's pointer (places.POINTED_JS) counts as sharing one and a
  // half words more: it wins over a control sharing one word elsewhere, not over two.
  if (pointedControl) {
    const c = scored.find((x) => x.el === pointedControl.el);
    if (c) { c.score += 1.5; c.hit.push("(pointed)"); }
    else {
      scored.push({el: pointedControl.el, score: 1.5, size: 0, hit: ["(pointed)"],
                   order: pool.length});
    }
  }
  // A relation the description states ("the heart next to the big green button"): among
  // the elements scoring at least half the best, the one nearest the anchor gains one.
  let placed = "";
  if (relation && relation.kind !== "tie" && scored.length) {
    const top = Math.max(...scored.map((c) => c.score));
    const near = relationPick(scored.filter((c) => c.score >= top / 2).map((c) => c.el));
    if (near) {
      const c = scored.find((x) => x.el === near.el);
      c.score += 1;
      placed = `; nearest ${relation.kind} ${relation.named}`;
      c.placed = true;
    }
  }
  const top = scored.length ? Math.max(...scored.map((c) => c.score)) : 0;
  const tied = scored.filter((c) => Math.abs(c.score - top) < 1e-9);
  if (tied.length > 1) {
    const rivals = tied.map((c) => c.el);
    tied.forEach((c) => { c.ctx = around(c.el, rivals); });
  }
  const lastNear = (c) =>
    (relation && relation.kind === "tie" ? Math.min(1e9, relationDistance(c.el)) : 0);
  // Last, where the reference changed across the action (CHANGED_JS), then page order.
  tied.sort((a, b) => (b.ctx || 0) - (a.ctx || 0) || lastNear(a) - lastNear(b) ||
    a.size - b.size || pointedOrder(a.el, b.el) || changedOrder(a.el, b.el) ||
    a.order - b.order);
  const best = tied[0];
  // The pointer alone, or words found only on a wordless control's card, give way to a
  // control the assertion names (stated.py), tried next; without one, POINTED_FALLBACK_JS
  // takes the pointer's control after all.
  const pointerOnly = !!best && best.hit.length === 1 && best.hit[0] === "(pointed)";
  const weak = !!best && !!spec.stated && (pointerOnly ||
    (best.cardOnly && !best.hit.includes("(pointed)")));
  if (pointerOnly && !spec.stated) {
    const rest = scored.filter((c) => c !== best);
    return pick("pointed", best.el, `the control ${pointedSaid(pointedDistance(best.el))}; ` +
      (rest.length ? `the description's words matched only weakly elsewhere (best ` +
        `${Math.round(Math.max(...rest.map((c) => c.score)) * 100) / 100} of 1.5)`
        : "no control shares the description's words") +
      ` (hints: ${notes.join("; ") || "none"})`);
  }
  if (best && weak && !pointerOnly) {
    // Kept for after the assertion's named control (stated.py), if that finds none.
    const where = best.headed ? "with its grid's headings" : "on its card";
    deferredWords = [best.el, `shares the description's words ${JSON.stringify(best.hit)} ` +
      `${where} (hints: ${notes.join("; ") || "none"})`];
  }
  if (best && !pointerOnly && !weak) {
    const pointed = best.hit.includes("(pointed)")
      ? `; ${pointedSaid(pointedDistance(best.el))}, as sharing one and a half words` : "";
    return pick("words", best.el, `shares the description's words ${JSON.stringify(best.hit)}` +
      (best.headed ? " with its grid's headings" : "") + pointed + (best.placed ? placed : "") +
      (tied.length > 1 && (tied[1].ctx || 0) === (best.ctx || 0) &&
        lastNear(tied[1]) === lastNear(best) && tied[1].size === best.size
        ? pointedWhy(best.el, tied[1].el) ||
          (pointedOrder(best.el, tied[1].el) ? "" : changedWhy(best.el, tied[1].el)) : "") +
      ` (best of ${pool.length} ${forField ? "fields" : "controls"}; ` +
      `hints: ${notes.join("; ") || "none"})`);
  }
  notes.push(`no control shares the description's words ${JSON.stringify(spec.words)}`);
}
"""

MEANS_JS = r"""
// What a control does or shows (``spec.means``, the host's vocabulary of meanings:
// "archive: archive archived 🗄 #archive #box-archive; ..."): "Put it away" is the archive
// control, "Make it two" the stepper's +, "paying once a year" the "Yearly" toggle, "the
// bookmark" an icon-only button. Tried for a click only when no text, label or placeholder
// hint found an element; each control whose meaning matches gets one vote (``means``), so
// places, relations, colours and the pointer then decide among them as among any hinted
// candidates. A control's meaning is read from
// - its words: text, aria-label, aria-labelledby, title, a button's value, and inside it
//   an SVG's <title>/<desc>, an image's alt, a child's aria-label or title (whole words;
//   a glyph standing alone between spaces: "+", "→" in "Next: Errors →", "🗑");
// - its picture's name, never its text: icon-set classes (fa-bookmark, bi-trash3,
//   icon-archive, mdi-delete-outline, archive-icon), data-icon, <use href="#icon-…">, a
//   Material icon's ligature, an image's file name; matched whole ("chevron-right") or by
//   its words, style suffixes (-outline, -fill, -o, digits) dropped.
const ICON_PREFIX = new RegExp("^(?:" + ["fa[srlbdt]?", "fa-solid", "fa-regular", "bi",
  "icons?", "ico", "mdi", "ri", "ti", "tabler", "lucide", "feather", "ion", "ionicons?",
  "la[srb]?", "bx[sl]?", "glyphicon", "gg", "hero", "heroicon", "ph", "octicon", "uil",
  "codicon", "iconoir", "fi", "i", "svg", "sprite", "si"].join("|") + ")[-_](.+)$");
const ICON_SUFFIX = new RegExp("[-_](?:" + ["o", "outline", "outlined", "fill", "filled",
  "line", "solid", "alt", "regular", "round", "rounded", "sharp", "bold", "light", "thin",
  "duotone", "icon", "\\d+"].join("|") + ")$");
function iconName(raw) {
  let n = norm(raw).replace(/^.*#/, "").replace(/\.(?:svg|png|gif|webp|jpe?g)$/, "")
    .replace(/_/g, "-");
  for (let k = 0; k < 3; k++) {
    const m = n.match(ICON_PREFIX);
    if (m) n = m[1];
  }
  for (let k = 0; k < 3 && ICON_SUFFIX.test(n); k++) n = n.replace(ICON_SUFFIX, "");
  return n.replace(/\d+$/, "");
}
function meaningSources(el) {
  const words = [...labelOf(el)];
  const ids = (el.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
  ids.forEach((id) => {
    const n = document.getElementById(id);
    if (n) words.push(norm(n.textContent));
  });
  const icons = [];
  const inner = [el, ...Array.from(el.querySelectorAll("*")).slice(0, 40)];
  inner.forEach((n) => {
    const tag = n.tagName.toLowerCase();
    if (n !== el) {
      words.push(norm(n.getAttribute("aria-label")), norm(n.getAttribute("title")));
    }
    if (tag === "title" || tag === "desc") words.push(norm(n.textContent));
    if (tag === "img") {
      words.push(norm(n.getAttribute("alt")));
      const src = (n.getAttribute("src") || "").split(/[?#]/)[0].split("/").pop();
      if (src && !src.startsWith("data:")) icons.push(iconName(src));
    }
    if (tag === "use") {
      const href = n.getAttribute("href") || n.getAttribute("xlink:href") || "";
      if (href.includes("#")) icons.push(iconName(href));
    }
    ["data-icon", "data-lucide", "data-feather", "icon", "name"].forEach((a) => {
      if (n !== el && n.getAttribute(a) && (a !== "name" || tag.includes("icon"))) {
        icons.push(iconName(n.getAttribute(a)));
      }
    });
    if (n === el && el.getAttribute("data-icon")) {
      icons.push(iconName(el.getAttribute("data-icon")));
    }
    // The control's own id names what it does as an icon's name does ("#play" between
    // "Previous" and "Next": a drawn triangle with no name).
    if (n === el && el.id && /^[A-Za-z][\w-]*$/.test(el.id)) icons.push(iconName(el.id));
    const cls = (typeof n.className === "string" ? n.className
      : (n.getAttribute("class") || "")).split(/\s+/).filter(Boolean);
    if (cls.some((c) => /^material-(?:icons|symbols)/.test(c))) icons.push(iconName(n.textContent));
    cls.forEach((c) => {
      if (ICON_PREFIX.test(c) || /[-_]icon$/.test(c)) {
        const name = iconName(c.replace(/[-_]icon$/, ""));
        if (name) icons.push(name);
      }
    });
  });
  return {words: words.filter(Boolean), icons: icons.filter(Boolean)};
}
// Which meaning a control has, and where it was read ("" when none).
function meaningOf(el, meanings) {
  const src = meaningSources(el);
  const words = new Set();
  const glyphs = new Set();
  src.words.forEach((s) => {
    s.split(/[^\p{L}\p{N}]+/u).filter(Boolean).forEach((w) => words.add(w));
    s.replace(/\uFE0F/g, "").split(/\s+/).filter((p) => p && !/[\p{L}\p{N}]/u.test(p))
      .forEach((p) => { glyphs.add(p); Array.from(p).forEach((c) => glyphs.add(c)); });
  });
  const icons = new Set();
  src.icons.forEach((n) => {
    icons.add(n);
    n.split("-").filter(Boolean).forEach((w) => icons.add(w));
  });
  for (const m of meanings) {
    for (const t of m.tokens) {
      if (t.startsWith("#")) {
        if (icons.has(t.slice(1))) return `${m.name} (its icon "${t.slice(1)}")`;
      } else if (t.includes("_")) {
        const phrase = t.replace(/_/g, " ");
        if (src.words.some((s) => hasWords(s, phrase))) return `${m.name} (it says "${phrase}")`;
      } else if (/[\p{L}\p{N}]/u.test(t) ? words.has(t) : glyphs.has(t)) {
        return `${m.name} (it says "${t}")`;
      } else if (/^[\p{L}\p{N}]+$/u.test(t) && icons.has(t)) {
        return `${m.name} (its icon "${t}")`;
      }
    }
  }
  return "";
}
if (spec.means && action === "click" &&
    !Array.from(votes.values()).some((v) => v.by.some((b) => b !== "role"))) {
  const meanings = spec.means.split(";").map((part) => {
    const i = part.indexOf(":");
    return {name: part.slice(0, i).trim(), tokens: part.slice(i + 1).split(" ").filter(Boolean)};
  }).filter((m) => m.name && m.tokens.length);
  const seen = new Set();
  let order = 0;
  likeControls().forEach((raw) => {
    const el = lift(raw);
    if (seen.has(el)) return;
    seen.add(el);
    const means = meaningOf(el, meanings);
    if (!means) return;
    const v = votes.get(el) ||
      {el: el, score: 0, rank: routes.length, order: order++, by: [], why: ""};
    v.by.push("means");
    v.score += 1;
    v.why = (v.why ? v.why + "; " : "") + `means ${means}`;
    votes.set(el, v);
  });
  if (!seen.size || !Array.from(votes.values()).some((v) => v.by.includes("means"))) {
    notes.push(`no control means ${meanings.map((m) => m.name).join(" or ")}`);
  }
}
"""
