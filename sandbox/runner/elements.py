"""The page's interactive elements as a numbered list, the way an agent sees the page.

The published judge's agent gives its language model the live page's accessibility tree
serialised as numbered interactive elements (role, accessible name, text, position) and
acts on the index the model answers. This module builds that list inside the sandbox: a
script in the runner's isolated world reads every visible interactive element of the
viewport, and the elements are numbered in reading order (top, then left, then document
order), so the same page state always gives the same numbers.

It is read only when a job asks for it (``elements``); the host treats every field as
untrusted (it is page content) and bounds and escapes it again before any prompt.
"""

from __future__ import annotations

from typing import Any

from .cdp import Cdp
from .locate import HOLD_JS, Located, scroll_of

# At most this many elements (in reading order) and characters per field.
MAX_ELEMENTS = 200
MAX_FIELD_CHARS = 80

# Runs in the isolated world: the page's own prototypes and getters are not consulted.
SNAPSHOT_JS = r"""
(() => {
  const MAX = __MAX__, CHARS = __CHARS__;
  const W = innerWidth, H = innerHeight;
  const SEL = 'a[href],button,input:not([type=hidden]),select,textarea,summary,' +
    '[role=button],[role=link],[role=checkbox],[role=radio],[role=tab],[role=menuitem],' +
    '[role=option],[role=switch],[role=textbox],[role=combobox],[role=slider],' +
    '[onclick],[tabindex]:not([tabindex="-1"]),[contenteditable=""],[contenteditable=true]';
  const INPUT_ROLES = {button: 'button', submit: 'button', reset: 'button', image: 'button',
    checkbox: 'checkbox', radio: 'radio', range: 'slider', search: 'searchbox',
    number: 'spinbutton'};
  const clip = (s) => String(s || '').replace(/\s+/g, ' ').trim().slice(0, CHARS);
  const role = (el) => {
    const own = (el.getAttribute('role') || '').trim().split(/\s+/)[0];
    if (own) return own;
    const tag = el.tagName.toLowerCase();
    if (tag === 'a') return 'link';
    if (tag === 'button' || tag === 'summary') return 'button';
    if (tag === 'select') return 'combobox';
    if (tag === 'textarea') return 'textbox';
    if (tag === 'input') return INPUT_ROLES[(el.type || 'text').toLowerCase()] || 'textbox';
    return 'generic';
  };
  const name = (el) => {
    const by = el.getAttribute('aria-labelledby');
    if (by) {
      const t = by.split(/\s+/).map((id) => document.getElementById(id))
        .filter(Boolean).map((n) => n.innerText || n.textContent).join(' ');
      if (clip(t)) return clip(t);
    }
    for (const a of ['aria-label', 'alt', 'title']) {
      if (clip(el.getAttribute(a))) return clip(el.getAttribute(a));
    }
    if (el.labels && el.labels.length) return clip(el.labels[0].innerText);
    const img = el.querySelector && el.querySelector('img[alt],svg[aria-label]');
    if (img) return clip(img.getAttribute('alt') || img.getAttribute('aria-label'));
    if (clip(el.getAttribute('placeholder'))) return clip(el.getAttribute('placeholder'));
    return clip(el.innerText || el.value);
  };
  const shown = (el, r) => {
    if (r.width < 1 || r.height < 1) return false;
    if (r.bottom <= 0 || r.right <= 0 || r.top >= H || r.left >= W) return false;
    const cs = getComputedStyle(el);
    return cs.visibility !== 'hidden' && cs.display !== 'none' && Number(cs.opacity) > 0.05;
  };
  const seen = new Set(), found = [];
  const all = Array.from(document.querySelectorAll(SEL));
  // Script-made controls: a pointer cursor whose parent has none (cheap enough to bound).
  const every = document.body ? document.body.getElementsByTagName('*') : [];
  for (let i = 0; i < every.length && i < 5000; i++) {
    const el = every[i];
    if (getComputedStyle(el).cursor === 'pointer' && el.parentElement &&
        getComputedStyle(el.parentElement).cursor !== 'pointer') all.push(el);
  }
  const order = new Map();
  const walk = document.body ? document.body.getElementsByTagName('*') : [];
  for (let i = 0; i < walk.length; i++) order.set(walk[i], i);
  for (const el of all) {
    if (seen.has(el)) continue;
    seen.add(el);
    const r = el.getBoundingClientRect();
    if (!shown(el, r)) continue;
    const text = clip(el.innerText || el.value || '');
    const entry = {role: role(el), name: name(el), text: text,
      x: Math.round(r.left), y: Math.round(r.top),
      w: Math.round(r.width), h: Math.round(r.height), dom: order.get(el) || 0};
    if (el.disabled) entry.disabled = true;
    if (el.checked) entry.checked = true;
    found.push([entry, el]);
  }
  found.sort((a, b) => a[0].y - b[0].y || a[0].x - b[0].x || a[0].dom - b[0].dom);
  const kept = found.slice(0, MAX);
  // The elements themselves stay in the isolated world, for PICK_JS.
  globalThis.__iwrElements = kept.map((p) => p[1]);
  return kept.map((p, i) => Object.assign(p[0], {index: i + 1}));
})()
""".replace("__MAX__", str(MAX_ELEMENTS)).replace("__CHARS__", str(MAX_FIELD_CHARS))


def snapshot(cdp: Cdp) -> list[dict[str, Any]]:
    """The viewport's visible interactive elements, numbered from 1 in reading order."""
    found = cdp.evaluate(SNAPSHOT_JS)
    return found if isinstance(found, list) else []


# The element numbered ``index`` by the snapshot just taken becomes the action's target,
# brought into view as a target found by its hints is (locate.HOLD_JS) and measured.
_PICK_JS = (
    "(index, prepare) => {\n"
    + HOLD_JS
    + """
const el = (globalThis.__iwrElements || [])[index - 1];
if (!el || !el.isConnected) return null;
return hold({el: el, found_by: "element_index", why: "", tag: el.tagName.toLowerCase(),
             text: ""}, prepare);
}"""
)


def pick(
    cdp: Cdp,
    index: int,
    role: str,
    name: str,
    *,
    prepare: str = "center",
    chooser: str = "the judge model",
) -> Located | None:
    """The element ``chooser`` (the judge model, or the offline profile's second try)
    chose by its number, if the page, listed again now, still has that number on an
    element of the same role and name (the host chose from the list of the same state in
    an earlier replay); None otherwise.

    It is brought into view as ``prepare`` says (``locate.HOLD_JS``: "center" for a click
    or type, as every target found by its hints is), and the click goes to its in-view
    centre.
    """
    listed = snapshot(cdp)
    if not 1 <= index <= len(listed):
        return None
    entry = listed[index - 1]
    if entry.get("role") != role or entry.get("name") != name:
        return None
    held = cdp.call(_PICK_JS, index, prepare)
    if not isinstance(held, dict) or not held.get("point"):
        return None
    x, y = held["point"]
    box = held.get("box")
    return Located(
        found_by="element_index",
        why=f"element [{index}] {role} {name!r} of the numbered list, chosen by {chooser}",
        tag=str(held.get("tag") or ""),
        text=str(entry.get("text") or "")[:200],
        box=[float(v) for v in box] if isinstance(box, list) else None,
        point=(int(x), int(y)),
        scroll=scroll_of(held),
    )
