"""The locator's reading of a nudge: an action named by how it changes what is there, not
by its control. ``spec.step`` ("more|bottle cage", from "Add a bottle cage"): the + (or −)
of the one stepper on the item's card. ``spec.shift`` ("next|size", from "One size
bigger"): the member after (or before) the chosen one in the group the noun names. The host
reads both off the description (``evaluator/tasks/nudges.py``).

Part of the one script call that finds an action's target (see ``locate.py``); it runs
after the act and move controls, before the votes are ranked, and answers only when it
finds exactly one such control.
"""

from __future__ import annotations

NUDGE_JS = r"""
// A stepper's halves by what they show or say: "+", "More", "Increase guests"; "−", "Less".
const STEP_WORDS = {
  more: ["+", "＋", "more", "increase", "plus", "add", "increment"],
  fewer: ["−", "-", "–", "fewer", "less", "decrease", "minus", "remove", "decrement"],
};
function stepWay(el) {
  const parts = labelOf(el).join(" ").split(/[^\p{L}+＋−–-]+/u).filter(Boolean);
  const more = STEP_WORDS.more.some((w) => parts.includes(w));
  const fewer = STEP_WORDS.fewer.some((w) => parts.includes(w));
  return more === fewer ? "" : more ? "more" : "fewer";
}
// "Add a bottle cage": the words naming the item (each the start of a word of its text:
// "cage" in "Bottle cages") on text nobody clicks (the first 400 elements holding them, the
// deepest of those); up from it (at most four levels, while the box holds at most six
// controls) the first box holding one + and one −.
function stepControl() {
  if (!spec.step || action !== "click") return null;
  const [way, itemWords] = spec.step.split("|");
  const words = (itemWords || "").split(" ").filter(Boolean);
  if (!words.length) return null;
  const starts = words.map((w) => new RegExp(
    "(?:^|[^\\p{L}\\p{N}])" + w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "u"));
  const items = deepest(all("body *").filter((el) =>
    !["SCRIPT", "STYLE", "NOSCRIPT"].includes(el.tagName) && !el.closest(CLICKABLE) &&
    starts.every((re) => re.test(norm(el.innerText || "")))).slice(0, 400));
  const found = new Set();
  for (const item of items.slice(0, 20)) {
    let node = item;
    for (let k = 0; k < 4 && node.parentElement && node.parentElement !== document.body; k++) {
      node = node.parentElement;
      const controls = Array.from(node.querySelectorAll(CLICKABLE)).filter(shown);
      if (controls.length > 6) break;
      const ups = controls.filter((el) => stepWay(el) === "more");
      const downs = controls.filter((el) => stepWay(el) === "fewer");
      if (ups.length === 1 && downs.length === 1) {
        found.add(way === "more" ? ups[0] : downs[0]);
        break;
      }
    }
  }
  if (found.size !== 1) {
    if (found.size > 1) notes.push(`${found.size} steppers beside ${JSON.stringify(itemWords)}`);
    return null;
  }
  return [Array.from(found)[0], `the ${way === "more" ? "+" : "−"} of the stepper beside ` +
    `${JSON.stringify(itemWords)}`];
}
// "One size bigger": groups of at least three alike controls (same tag, one parent) with
// exactly one chosen (aria-checked, aria-selected, aria-pressed, or a chosen-like class);
// the group whose box (up to two levels above the parent) says the noun, else the only
// group; the member after (or before) the chosen one.
const CHOSEN_CLASSES = ["on", "active", "selected", "current", "checked", "is-active",
  "is-selected", "chosen"];
function chosen(el) {
  return ["aria-checked", "aria-selected", "aria-pressed"].some((a) =>
    el.getAttribute(a) === "true") || CHOSEN_CLASSES.some((c) => el.classList.contains(c));
}
function shiftControl() {
  if (!spec.shift || action !== "click") return null;
  const [way, noun] = spec.shift.split("|");
  const groups = [];
  const seen = new Set();
  for (const el of all(CLICKABLE).slice(0, 2000)) {
    const parent = el.parentElement;
    if (!parent || seen.has(parent)) continue;
    seen.add(parent);
    const members = Array.from(parent.children).filter((c) => c.tagName === el.tagName &&
      c.matches(CLICKABLE) && shown(c));
    if (members.length < 3 || members.filter(chosen).length !== 1) continue;
    // Its caption: the text of its nearest box (up to three levels) with words besides the
    // members' ("Frame size L · for riders 178–188 cm" around the size buttons).
    const own = norm(members.map((m) => m.innerText || "").join(" "));
    let groupCaption = "";
    for (let box = parent, k = 0; k < 4 && box && box !== document.body;
         box = box.parentElement, k++) {
      const text = norm(box.innerText || "");
      if (text.length > own.length + 2) { groupCaption = text; break; }
    }
    const stem = noun.replace(/s$/, "");
    groups.push({members: members, says: new RegExp("(?:^|[^\\p{L}])" + stem, "u")
      .test(groupCaption)});
  }
  const named = groups.filter((g) => g.says);
  const group = named.length === 1 ? named[0]
    : !named.length && groups.length === 1 ? groups[0] : null;
  if (!group) {
    if (groups.length) notes.push(`${groups.length} groups with a chosen member, ` +
      `${named.length} saying ${JSON.stringify(noun)}`);
    return null;
  }
  const at = group.members.findIndex(chosen);
  const to = group.members[at + (way === "next" ? 1 : -1)];
  if (!to) return null;
  return [to, `the ${noun} ${way === "next" ? "after" : "before"} the chosen one ` +
    `(${JSON.stringify(labelOf(group.members[at])[0].slice(0, 40))})`];
}
{
  const nudged = stepControl() || shiftControl();
  if (nudged) return pick("nudge", nudged[0], nudged[1]);
}
"""
