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
from .headings import HEADINGS_JS
from .job import Target
from .moves import MOVE_JS
from .nudges import NUDGE_JS
from .places import (
    CHANGED_JS,
    CORNER_JS,
    PLACES_JS,
    POINTED_FALLBACK_JS,
    POINTED_JS,
    RELATION_JS,
)
from .routes import ROUTES_JS
from .stated import STATED_JS
from .tables import TABLE_JS
from .words import MEANS_JS, WORD_VOTES_JS, WORDS_FALLBACK_JS

# Ties among the best-voted candidates, and the hand-over from a row to its form control.
RANK_JS = r"""
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
// Among candidates tied so far, the one nearest the anchor of the description's relation
// ("under Espresso Blend"; "Archive it": the previous action's target).
const lastNear = (v) => (relation ? Math.min(1e9, relationDistance(v.el)) : 0);
// A container the description names ("Press play in the player bar") is a constraint: a
// candidate inside it goes before one outside, whatever the words around them.
const inside = (v) => (relation && relation.kind === "in" &&
  relationDistance(v.el) < Infinity ? 1 : 0);
const ranked = cands.sort((a, b) => b.score - a.score || inside(b) - inside(a) ||
  b.context - a.context ||
  (a.score === b.score && a.context === b.context ? lastNear(a) - lastNear(b) : 0) ||
  a.rank - b.rank ||
  // Last, nearest the recording's pointer (POINTED_JS), where the reference changed across
  // the action (CHANGED_JS), then page order.
  (a.score === b.score && a.context === b.context
    ? pointedOrder(a.el, b.el) || changedOrder(a.el, b.el) : 0) ||
  a.order - b.order);
if (ranked.length) {
  const best = ranked[0];
  const tied = ranked.filter((v) => v.score === best.score && v.context === best.context).length;
  const next = ranked[1];
  if (tied > 1 && next.rank === best.rank && lastNear(next) === lastNear(best)) {
    best.why += pointedWhy(best.el, next.el) ||
      (pointedOrder(best.el, next.el) ? "" : changedWhy(best.el, next.el));
  }
  // A role alone, when the text a person named is nowhere, would click an arbitrary
  // element: only an unambiguous one is accepted.
  const named = spec.text || (action === "press" && (spec.placeholder || spec.label));
  if (best.by.length === 1 && best.by[0] === "role" && named && ranked.length > 1) {
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
"""

# Only when every hint failed: the judge model's selector (paper profile).
FALLBACK_SELECTOR_JS = r"""
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

# The body of a function: arguments[0] = target spec, arguments[1] = action type,
# arguments[2] = the action's description. Returns {el, found_by, why, tag, text} or
# {el: null, why}.
LOCATE_JS = "\n".join(
    [
        ROUTES_JS,
        MEANS_JS,
        MOVE_JS,
        NUDGE_JS,
        TABLE_JS,
        PLACES_JS,
        RELATION_JS,
        WORD_VOTES_JS,
        CORNER_JS,
        CHANGED_JS,
        POINTED_JS,
        RANK_JS,
        HEADINGS_JS,
        WORDS_FALLBACK_JS,
        STATED_JS,
        POINTED_FALLBACK_JS,
        FALLBACK_SELECTOR_JS,
    ]
)


# Keeps the found element in the isolated world (the page cannot see that world's globals),
# brings it into view as the action needs, and measures it. ``prepare``: "center" (click,
# type), "focus" (press on a named target: centre, then focus), "nearest" (scroll), "none".
HOLD_JS = r"""
function hold(found, prepare) {
  const el = found.el;
  globalThis.__iwrTarget = el;
  // Its words, for "it" in the next action when the card it names is drawn elsewhere.
  globalThis.__iwrLastText = found.text || "";
  if (prepare === "center" || prepare === "focus") {
    el.scrollIntoView({block: "center", inline: "center", behavior: "instant"});
  } else if (prepare === "nearest") {
    el.scrollIntoView({block: "nearest", behavior: "instant"});
  }
  if (prepare === "focus") el.focus();
  const r = el.getBoundingClientRect();
  const box = [r.x, r.y, r.width, r.height].map((v) => Math.round(v * 10) / 10);
  // Where it was on the page, for "next to it" in the next action if it is gone by then.
  globalThis.__iwrLastBox = [r.x + scrollX, r.y + scrollY, r.width, r.height];
  // The in-view centre of the first box (as WebDriver's pointer actions use it).
  const rects = el.getClientRects();
  const first = rects.length ? rects[0] : r;
  const left = Math.max(0, first.left), right = Math.min(innerWidth, first.right);
  const top = Math.max(0, first.top), bottom = Math.min(innerHeight, first.bottom);
  const point = right > left && bottom > top
    ? [Math.floor((left + right) / 2), Math.floor((top + bottom) / 2)] : null;
  // The window's scroll at the moment of the action (after bringing into view): with it a
  // picture taken at another scroll tells where the target was on it (the recorder).
  const scroll = [scrollX, scrollY].map((v) => Math.round(v * 10) / 10);
  return {el: true, found_by: found.found_by, why: found.why, tag: found.tag,
          text: found.text, box: box, point: point, scroll: scroll};
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
    "(action, why, continueLast) => {\n"
    + HOLD_JS
    + """
let a = document.activeElement;
if (a === document.documentElement) a = document.body;
const NOT_TEXT = ["button", "submit", "reset", "checkbox", "radio", "file", "range", "color",
                  "image", "hidden"];
const editable = (el) => !!el && el !== document.body && (el.isContentEditable ||
  el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && !NOT_TEXT.includes(el.type)) ||
  ["textbox", "searchbox", "combobox"].includes(el.getAttribute("role")));
// A field typed into is brought into view at the centre, as a field found by its hints is
// (and as the recording did): a type action scrolls the page the same way whichever route
// found its field. A key press leaves the page where it is.
const bring = action === "type" ? "center" : "none";
// A type that finds no field and has none focused continues the field typed into last, if
// it is still shown ("Finish the address with '.io'" after Enter moved the focus).
const last = globalThis.__iwrLastTyped;
if (continueLast && action === "type" && !editable(a) && last && last.isConnected &&
    editable(last) &&
    last.getClientRects().length) {
  last.focus();
  try { last.setSelectionRange(last.value.length, last.value.length); } catch (e) { /* email */ }
  return hold({el: last, found_by: "focused",
               why: why + "; fell back to the field typed into last (nothing editable has focus)",
               tag: last.tagName.toLowerCase(),
               text: (last.value || last.innerText || "").replace(/\\s+/g, " ").trim()
                 .slice(0, 200)},
              bring);
}
// Nothing typed into yet, nothing focused, no field named: the page's only text field
// shown, else its only search field ("Look for anything about tides" on a page whose one
// box searches; a form's fields are named by their labels).
if (continueLast && action === "type" && !editable(a)) {
  const fields = Array.from(document.querySelectorAll(
    "input, textarea, [contenteditable], [role=textbox], [role=searchbox], [role=combobox]"))
    .filter((el) => editable(el) && !el.disabled && !el.readOnly &&
      el.getClientRects().length && getComputedStyle(el).visibility !== "hidden");
  const searches = fields.filter((el) => el.type === "search" ||
    el.getAttribute("role") === "searchbox" || /search/i.test([el.placeholder,
      el.getAttribute("aria-label"), el.name, el.id].filter(Boolean).join(" ")));
  const only = fields.length === 1 ? fields[0] : searches.length === 1 ? searches[0] : null;
  if (only) {
    only.focus();
    return hold({el: only, found_by: "focused",
                 why: why + (fields.length === 1 ? "; the page's only text field" :
                   "; the page's only search field") + " (nothing editable has focus)",
                 tag: only.tagName.toLowerCase(),
                 text: (only.value || only.innerText || "").replace(/\\s+/g, " ").trim()
                   .slice(0, 200)},
                bring);
  }
}
if (action === "type" && !editable(a)) return null;
if (!a) return null;
const body = a === document.body;
return hold({el: a, found_by: "focused",
             why: why + (body ? "; keys sent to the page body (nothing has focus)"
                              : "; fell back to the element with keyboard focus"),
             tag: a.tagName.toLowerCase(),
             text: body ? "" : (a.innerText || a.value || "").replace(/\\s+/g, " ").trim()
               .slice(0, 200)},
            body ? "none" : bring);
}"""
)


@dataclass
class Located:
    """A found element and how it was found; ``box`` is in viewport CSS pixels.

    The element itself stays in the runner's isolated world (``globalThis.__iwrTarget``);
    ``point`` is its in-view centre after it was brought into view (None: not on screen);
    ``scroll`` the window's scroll (x, y CSS px) then, the moment of the action: the box and
    the point are in the viewport at that scroll.
    """

    found_by: str
    why: str
    tag: str
    text: str
    box: list[float] | None = None
    point: tuple[int, int] | None = None
    scroll: tuple[float, float] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "found_by": self.found_by,
            "why": self.why,
            "tag": self.tag,
            "text": self.text,
            "box": self.box,
            "point": list(self.point) if self.point is not None else None,
            "scroll": list(self.scroll) if self.scroll is not None else None,
        }


class TargetNotFound(LookupError):
    """No displayed element matches the target; the message says what was tried."""


def scroll_of(held: dict[str, Any]) -> tuple[float, float] | None:
    """The window's scroll HOLD_JS measured at the action (None: not given)."""
    scroll = held.get("scroll")
    if isinstance(scroll, list) and len(scroll) == 2:
        return float(scroll[0]), float(scroll[1])
    return None


def _located(found: dict[str, Any]) -> Located:
    point = found.get("point")
    return Located(
        found_by=str(found["found_by"]),
        why=str(found["why"]),
        tag=str(found["tag"]),
        text=str(found.get("text") or ""),
        box=found.get("box"),
        point=(int(point[0]), int(point[1])) if point else None,
        scroll=scroll_of(found),
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


def focus_fallback(
    cdp: Cdp, action_type: str, why: str, continue_last: bool = False
) -> Located | None:
    """The focused element for a type or press whose hints found nothing (``why``): for a
    type, only an editable one (with ``continue_last``, for a type that named no field: else
    the field typed into last, if still shown), brought into view at the centre as any
    type's field is; for a press, the focused element or the body, left where it is. None:
    nothing fits (a type with no editable element focused)."""
    found = cdp.call(FOCUS_FALLBACK_JS, action_type, why, continue_last)
    return _located(found) if isinstance(found, dict) and found.get("el") else None
