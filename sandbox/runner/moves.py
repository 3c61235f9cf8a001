"""The locator's reading of a move ("Move 'Fix login bug' to Done", "Drag the card to In
progress"): pages without drag and drop move an item with a control on it (an arrow, a
"Move right" button, a button naming the destination). ``spec.move`` names the
destination; ``spec.text`` the item.

Part of the one script call that finds an action's target (see ``locate.py``); it runs
after the routes and before the votes are ranked, and answers only when it finds such a
control.
"""

from __future__ import annotations

MOVE_JS = r"""
// The item (found by its text), the destination (an element showing its name, outside the
// item: a column's heading), the way from one to the other, and on the item's card (its
// smallest ancestor holding controls) the control that goes that way: one naming the
// destination, else an arrow or "move right"-like label pointing there.
const MOVE_WORDS = {
  right: ["→", "›", "»", "▶", "right", "next", "forward"],
  left: ["←", "‹", "«", "◀", "left", "back", "previous", "prev"],
  down: ["↓", "▼", "down"],
  up: ["↑", "▲", "up"],
};
function moveControl() {
  if (!spec.move || action !== "click") return null;
  // "Done|Fix login bug": the destination, and the item when the host read one (the
  // text hint may be a symbol: "... with its → button").
  const [destName, itemName] = spec.move.split("|");
  const itemText = itemName || spec.text;
  if (!itemText) return null;
  const items = byText(itemText).map((p) => p[0]);
  if (!items.length) return null;
  const item = items[0];
  const dest = byText(destName).map((p) => p[0]).filter((el) => !el.contains(item) &&
    !item.contains(el) && !el.closest("button, [role=button]"));
  let card = item;
  let controls = [];
  for (let k = 0; k < 5 && card.parentElement && card.parentElement !== document.body; k++) {
    card = card.parentElement;
    controls = Array.from(card.querySelectorAll(CLICKABLE)).filter(shown);
    if (controls.length) break;
  }
  if (!controls.length) return null;
  const wordsOf = (el) => labelOf(el).join(" ");
  const named = controls.find((el) => hasWords(wordsOf(el), norm(destName)));
  if (named) return [named, `the control on ${JSON.stringify(itemText)} naming ` +
    `${JSON.stringify(destName)}`];
  if (!dest.length) return null;
  const a = item.getBoundingClientRect(), b = dest[0].getBoundingClientRect();
  const dx = (b.left + b.right - a.left - a.right) / 2;
  const dy = (b.top + b.bottom - a.top - a.bottom) / 2;
  const way = Math.abs(dx) >= Math.abs(dy) ? (dx > 0 ? "right" : "left") : (dy > 0 ? "down" : "up");
  const pointing = controls.find((el) => MOVE_WORDS[way].some((w) =>
    wordsOf(el).split(/\s+/).includes(w) || wordsOf(el) === w));
  return pointing ? [pointing, `the ${way} control on ${JSON.stringify(itemText)}: ` +
    `${JSON.stringify(destName)} is to the ${way}`] : null;
}
// "Delete the 'Old landing page copy' card", "Select the direct SK 808 flight": the text
// names an item that is no control itself; the control on its card labelled with the
// verb (``spec.act``: the verb and the words such a control shows) is the target.
function actControl() {
  if (!spec.act || !spec.text || action !== "click") return null;
  const items = byText(spec.text).map((p) => p[0]);
  if (!items.length) return null;
  const item = items[0];
  if (item.matches(CLICKABLE) || item.closest(CLICKABLE) ||
      getComputedStyle(item).cursor === "pointer") return null;
  const want = spec.act.split(" ").filter(Boolean);
  let card = item;
  for (let k = 0; k < 5 && card.parentElement && card.parentElement !== document.body; k++) {
    card = card.parentElement;
    const controls = Array.from(card.querySelectorAll(CLICKABLE)).filter(shown);
    if (!controls.length) continue;
    const labelled = controls.filter((el) => want.some((w) => labelOf(el).some((s) =>
      s === w || hasWords(s, w) || s.startsWith(w + " "))));
    if (labelled.length === 1) {
      return [labelled[0], `the ${JSON.stringify(want[0])} control on the item ` +
        `${JSON.stringify(spec.text)} (no control itself)`];
    }
    if (labelled.length > 1 || controls.length > 3) return null;
  }
  return null;
}
{
  const acted = actControl();
  if (acted) return pick("act", acted[0], acted[1]);
}
{
  const moved = moveControl();
  if (moved) return pick("move", moved[0], moved[1]);
  if (spec.move) notes.push(`no control moves the item to ${JSON.stringify(spec.move)}`);
}
"""
