"""What a person sees of the page's text, beside the body's ``innerText``.

``innerText`` is the text layout keeps: it leaves out ``display: none`` and
``visibility: hidden``, but keeps text nobody can see (transparent, ``filter: opacity(0)``,
clipped away, scaled to nothing, covered, off the page, the colour of its background), and it
misses text a person does see (inside shadow roots, open or closed; CSS generated content; the
values of form fields; anything drawn on a canvas or painted by a web font whose glyphs are
not the characters the DOM holds). The step keeps ``innerText`` as its ``text`` (it means
what the reference's texts mean) and adds ``painted``:

- ``hidden``: text of ``innerText`` that is not painted, one fragment per text node (``why``:
  the reason for each, e.g. ``opacity``, ``clipped``, ``same-colour``);
- ``extra``: painted text ``innerText`` lacks (shadow roots, generated content, field values);
- ``regions``: boxes whose pixels must be read (OCR on the host, ``evaluator/scoring/
  painted.py``): canvases, and text in a loaded web font with the DOM text it claims.

Everything runs in the runner's isolated world. Closed shadow roots are out of reach of any
script; they are found through DevTools (``DOM.getDocument`` with ``pierce``) and handed to the
isolated world (``DOM.resolveNode``), where target finding (locate.py) searches them too.
The walk is bounded (``MAX_NODES`` text nodes, ``BUDGET_MS``); ``truncated`` says when it
stopped early.
"""

from __future__ import annotations

from typing import Any

from .cdp import Cdp

# Bounds: a page with an enormous DOM gets a partial account (``truncated``), never a long one.
MAX_NODES = 20_000
BUDGET_MS = 400
MAX_FRAGMENTS = 400
MAX_FRAGMENT_CHARS = 300
MAX_REGIONS = 24
# Text whose contrast with what is behind it is below this is the background's colour: a person
# reads faint text (#eee8ff on #fff8ee is 1.13), not text of the background's own colour.
MIN_CONTRAST = 1.05
# DOM.getDocument over the whole tree only for documents up to this many elements.
MAX_PIERCE_ELEMENTS = 20_000
MAX_ROOTS = 200

# Defines ``globalThis.__iwrShadowRoots()`` in the isolated world: every shadow root of the
# document, the open ones found by walking, the closed ones handed over by ``register_roots``.
ROOTS_JS = r"""() => {
globalThis.__iwrClosedRoots = globalThis.__iwrClosedRoots || new Set();
globalThis.__iwrShadowRoots = () => {
  const out = [];
  const seen = new Set();
  const visit = (root) => {
    for (const el of root.querySelectorAll("*")) {
      const r = el.shadowRoot;
      if (r && !seen.has(r)) { seen.add(r); out.push(r); visit(r); }
    }
  };
  visit(document);
  for (const r of globalThis.__iwrClosedRoots) {
    if (!r.host || !r.host.isConnected) { globalThis.__iwrClosedRoots.delete(r); continue; }
    if (!seen.has(r)) { seen.add(r); out.push(r); visit(r); }
  }
  return out;
};
return document.getElementsByTagName("*").length;
}"""

ADD_ROOT_JS = "function () { globalThis.__iwrClosedRoots.add(this); }"


def _closed_roots(node: dict[str, Any], found: list[int]) -> None:
    """Backend ids of the closed shadow roots in a ``DOM.getDocument`` tree (frames skipped:
    they are other documents)."""
    stack = [node]
    while stack and len(found) < MAX_ROOTS:
        item = stack.pop()
        for root in item.get("shadowRoots") or ():
            if root.get("shadowRootType") == "closed":
                found.append(int(root["backendNodeId"]))
            stack.append(root)
        stack.extend(item.get("children") or ())


def register_roots(cdp: Cdp) -> int:
    """Hand the document's closed shadow roots to the isolated world; returns how many.

    Open roots need nothing (``el.shadowRoot``); closed ones are only reachable through
    DevTools. Skipped for documents over ``MAX_PIERCE_ELEMENTS`` elements (the tree would be
    too big to send).
    """
    count = cdp.call(ROOTS_JS)
    if not isinstance(count, int) or count > MAX_PIERCE_ELEMENTS:
        return 0
    tree = cdp.cmd("DOM.getDocument", {"depth": -1, "pierce": True}).get("root") or {}
    ids: list[int] = []
    _closed_roots(tree, ids)
    context = cdp.context()
    for backend in ids:
        obj = cdp.cmd("DOM.resolveNode", {"backendNodeId": backend, "executionContextId": context})
        object_id = (obj.get("object") or {}).get("objectId")
        if object_id:
            cdp.cmd(
                "Runtime.callFunctionOn",
                {"functionDeclaration": ADD_ROOT_JS, "objectId": object_id, "silent": True},
            )
            cdp.cmd("Runtime.releaseObject", {"objectId": object_id})
    return len(ids)


# The walk. A text node is painted when its box has a size, it is on the page, nothing
# transparent or clipped hides it (opacity, ``filter: opacity()``, ``clip-path`` through the
# hit test, transparent colour), its colour differs from what is behind it, and in the viewport
# nothing opaque covers it. Ancestors are walked through shadow hosts (the composed tree).
PAINTED_JS = r"""(limits) => {
const started = performance.now();
const out = { hidden: [], why: [], extra: [], regions: [], truncated: false, roots: 0 };
const W = innerWidth, H = innerHeight;
const pageW = Math.max(document.documentElement.scrollWidth, W);
const pageH = Math.max(document.documentElement.scrollHeight, H);
const styles = new Map();
const style = (el) => {
  let s = styles.get(el);
  if (!s) { s = getComputedStyle(el); styles.set(el, s); }
  return s;
};
const up = (el) => el.parentElement || (el.parentNode && el.parentNode.host) || null;
const rgba = (c) => {
  const m = /rgba?\(([^)]+)\)/.exec(c || "");
  if (!m) return null;
  const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(parseFloat);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
};
const lum = (c) => {
  const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
};
const contrast = (a, b) => {
  const x = lum(a), y = lum(b);
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
};
const filterOpacity = (f) => {
  let o = 1;
  if (f && f !== "none") for (const m of f.matchAll(/opacity\(([\d.]+)(%?)\)/g))
    o *= m[2] ? parseFloat(m[1]) / 100 : parseFloat(m[1]);
  return o;
};
// Per element: why it hides its text (a word), or "" when it does not. Cached.
const veil = new Map();
function hides(el) {
  if (veil.has(el)) return veil.get(el);
  let why = "";
  const s = style(el);
  if (s.display === "none") why = "display";
  else if (s.visibility !== "visible") why = "visibility";
  else if (parseFloat(s.opacity) * filterOpacity(s.filter) < 0.05) why = "opacity";
  else if (s.contentVisibility === "hidden") why = "content-visibility";
  if (!why) {
    const p = up(el);
    why = p ? hides(p) : "";
  }
  veil.set(el, why);
  return why;
}
// What is painted behind a point, below ``el``: an opaque colour, or null for an image,
// canvas, video, background image, or nothing known.
function backdrop(el, x, y) {
  const stack = document.elementsFromPoint(x, y);
  let below = stack.indexOf(el) < 0;
  for (const o of stack) {
    if (!below) { if (o === el) below = true; else continue; }
    if (["IMG", "CANVAS", "VIDEO", "SVG", "svg", "IFRAME", "OBJECT", "EMBED"].includes(o.tagName))
      return null;
    const s = style(o);
    if (s.backgroundImage && s.backgroundImage !== "none") return null;
    const c = rgba(s.backgroundColor);
    if (c && c[3] > 0.9) return c;
  }
  return [255, 255, 255, 1];
}
function ancestorBackdrop(el) {
  for (let o = el; o; o = up(o)) {
    const s = style(o);
    if (s.backgroundImage && s.backgroundImage !== "none") return null;
    if (["IMG", "CANVAS", "VIDEO"].includes(o.tagName)) return null;
    const c = rgba(s.backgroundColor);
    if (c && c[3] > 0.9) return c;
  }
  return [255, 255, 255, 1];
}
const inside = (el, o) => o === el || el.contains(o) || o.contains(el);
function covered(el, x, y) {
  // The hit test honours clip-path and overflow clipping; pointer-events: none lets the
  // point through to what is below, which then is an ancestor (not a cover).
  const hit = (el.getRootNode().elementFromPoint || document.elementFromPoint)
    .call(el.getRootNode().elementFromPoint ? el.getRootNode() : document, x, y);
  if (!hit || hit === el || el.contains(hit)) return "";
  // A hit on an ancestor: the point went through the text (pointer-events: none) or the
  // text is clipped away there.
  const through = hit.contains(el) && style(el).pointerEvents === "none";
  if (through) return "";
  // The point is not the text's: cut away by a clip (clip-path, clip, an overflow box)?
  for (let o = el; o; o = up(o)) {
    const s = style(o);
    if ((s.clipPath && s.clipPath !== "none") || (s.clip && s.clip !== "auto")) return "clipped";
    if (o !== el && s.overflow !== "visible") {
      const r = o.getBoundingClientRect();
      if (x < r.left || x >= r.right || y < r.top || y >= r.bottom) return "clipped";
    }
  }
  if (hit.contains(el)) return "";
  // A fixed or sticky layer (a header, a dialog and everything in it, its picture included)
  // covers what scrolling or closing it shows: a person still reaches that text, and the
  // reference's texts hold it.
  for (let o = hit; o && !inside(el, o); o = up(o)) {
    const s = style(o);
    if (s.position === "fixed" || s.position === "sticky") return "";
  }
  // Something else is on top: it hides the text only when it paints an opaque surface.
  for (let o = hit; o && !inside(el, o); o = up(o)) {
    const s = style(o);
    if (["IMG", "CANVAS", "VIDEO", "IFRAME"].includes(o.tagName)) return "covered";
    const c = rgba(s.backgroundColor);
    if ((c && c[3] > 0.9) || (s.backgroundImage && s.backgroundImage !== "none"))
      return parseFloat(s.opacity) > 0.9 ? "covered" : "";
  }
  return "";
}
const loaded = new Set();
try {
  for (const f of document.fonts) if (f.status === "loaded")
    loaded.add(f.family.replace(/^["']|["']$/g, "").toLowerCase());
} catch (e) {}
const webFont = (s) => {
  const first = (s.fontFamily || "").split(",")[0].trim().replace(/^["']|["']$/g, "");
  return loaded.has(first.toLowerCase());
};
const clip = (r) => {
  const x = Math.max(0, r.left), y = Math.max(0, r.top);
  const w = Math.min(W, r.right) - x, h = Math.min(H, r.bottom) - y;
  return w >= 4 && h >= 4 ? [Math.round(x), Math.round(y), Math.round(w), Math.round(h)] : null;
};
const push = (list, text, cap) => {
  text = text.replace(/\s+/g, " ").trim();
  if (text && list.length < cap) list.push(text.slice(0, limits.chars));
};
const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TITLE", "HEAD"]);
const roots = globalThis.__iwrShadowRoots ? globalThis.__iwrShadowRoots() : [];
out.roots = roots.length;
let nodes = 0;
// Why the text node ``t`` is not painted ("" when it is).
function unpainted(t, el) {
  const why = hides(el);
  if (why) return why;
  const s = style(el);
  const color = rgba(s.webkitTextFillColor || s.color);
  if (color && color[3] < 0.05) return "transparent";
  const range = document.createRange();
  range.selectNodeContents(t);
  const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
  if (!rects.length) return "no-box";
  const big = rects.filter((r) => r.height >= 4 && r.width >= 2);
  if (!big.length) return "tiny";
  const sx = scrollX, sy = scrollY;
  const on = big.filter((r) => r.right + sx > 0 && r.bottom + sy > 0 &&
                               r.left + sx < pageW && r.top + sy < pageH);
  if (!on.length) return "off-page";
  const seen = on.filter((r) => r.right > 0 && r.bottom > 0 && r.left < W && r.top < H);
  if (seen.length) {
    let reasons = [];
    for (const r of seen.slice(0, 3)) {
      const x = Math.min(W - 1, Math.max(0, (Math.max(0, r.left) + Math.min(W, r.right)) / 2));
      const y = Math.min(H - 1, Math.max(0, (Math.max(0, r.top) + Math.min(H, r.bottom)) / 2));
      const c = covered(el, x, y);
      if (c) { reasons.push(c); continue; }
      const back = backdrop(el, x, y);
      const outlined = (s.textShadow && s.textShadow !== "none") ||
        parseFloat(s.webkitTextStrokeWidth) > 0;
      if (color && back && contrast(color, back) < limits.contrast && !outlined) {
        reasons.push("same-colour");
        continue;
      }
      return "";
    }
    return reasons[0] || "";
  }
  const back = ancestorBackdrop(el);
  const shadowed = s.textShadow && s.textShadow !== "none";
  if (color && back && contrast(color, back) < limits.contrast && !shadowed) return "same-colour";
  return "";
}
function walk(root, light) {
  const it = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  for (let n = it.nextNode(); n; n = it.nextNode()) {
    if (++nodes > limits.nodes || performance.now() - started > limits.ms) {
      out.truncated = true;
      return;
    }
    if (n.nodeType === 1) {
      if (SKIP.has(n.tagName)) continue;
      if (hides(n)) continue;
      // Generated content, field values, canvases: painted text innerText does not hold.
      const s = style(n);
      for (const pseudo of ["::before", "::after"]) {
        const c = getComputedStyle(n, pseudo).content;
        if (c && c.startsWith('"') && c.length > 2)
          push(out.extra, c.slice(1, -1).replace(/\\"/g, '"'), limits.fragments);
      }
      if (n.tagName === "TEXTAREA" || (n.tagName === "INPUT" &&
          !["password", "hidden", "checkbox", "radio", "file", "range", "color", "button",
            "submit", "reset", "image"].includes(n.type))) {
        if (n.value) push(out.extra, n.value, limits.fragments);
      } else if (n.tagName === "SELECT" && n.selectedOptions && n.selectedOptions.length) {
        push(out.extra, n.selectedOptions[0].text, limits.fragments);
      } else if (n.tagName === "CANVAS" && out.regions.length < limits.regions) {
        const box = clip(n.getBoundingClientRect());
        if (box && box[2] >= 16 && box[3] >= 16)
          out.regions.push({ kind: "canvas", box, text: "" });
      }
      continue;
    }
    const text = n.data;
    if (!text.trim()) continue;
    const el = n.parentElement || (n.parentNode && n.parentNode.host);
    if (!el || SKIP.has(el.tagName)) continue;
    const why = unpainted(n, el);
    if (why) {
      if (light && hides(el) !== "display" && hides(el) !== "visibility" &&
          out.hidden.length < limits.fragments) {
        push(out.hidden, text, limits.fragments);
        out.why.push(why);
      }
      continue;
    }
    if (!light) push(out.extra, text, limits.fragments);
    if (webFont(style(el)) && out.regions.length < limits.regions) {
      const range = document.createRange();
      range.selectNodeContents(n);
      const box = clip(range.getBoundingClientRect());
      const said = text.replace(/\s+/g, " ").trim().slice(0, limits.chars);
      if (box) out.regions.push({ kind: "webfont", box, text: said });
    }
  }
}
if (document.body) walk(document.body, true);
for (const r of roots) if (!out.truncated) walk(r, false);
out.ms = Math.round(performance.now() - started);
return out;
}"""


def painted(cdp: Cdp) -> dict[str, Any]:
    """The step's ``painted`` record (see the module docstring); closed roots registered first."""
    closed = register_roots(cdp)
    limits = {
        "nodes": MAX_NODES,
        "ms": BUDGET_MS,
        "fragments": MAX_FRAGMENTS,
        "chars": MAX_FRAGMENT_CHARS,
        "regions": MAX_REGIONS,
        "contrast": MIN_CONTRAST,
    }
    found = cdp.call(PAINTED_JS, limits)
    if not isinstance(found, dict):
        return {"hidden": [], "extra": [], "regions": [], "truncated": True, "closed_roots": 0}
    found["closed_roots"] = closed
    return found
