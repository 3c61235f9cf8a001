"""The locator's last resort before the recording's pointer: the control the logical
assertion says the click switched, ticked, chose or opened.

An annotator's description may name a control by its purpose in words the page never
shows ("Hide the profile from strangers"), while the assertion names it as the page does
("The Private profile switch is on"). The host reads those names off the assertion
(``evaluator.scoring.states.acted_names``, ``target.stated``: names joined by "|"); this
part, tried only when every other route and the description's own words found nothing,
clicks the control showing the first name that is on the page (a label's own control),
or, when the name is a text beside a control (a settings row's words and its switch), the
one control beside it. It goes before the recording's pointer alone (a pointer decoded
from the video may still be where the last click was), not before a control sharing the
description's words.
Part of the one script call that finds an action's target (``locate.py``).
"""

from __future__ import annotations

STATED_JS = r"""
if (spec.stated && action === "click" && !forField) {
  for (const name of spec.stated.split("|").filter(Boolean).slice(0, 3)) {
    const found = byText(name, false, true).slice(0, 8);
    let chosen = null;
    let how = "";
    for (const [el] of found) {
      const own = el.closest(CLICKABLE);
      if (own && shown(own)) {
        // A label's own control when shown (the radio it names), as the page records it.
        chosen = own.tagName === "LABEL" && own.control && shown(own.control) ? own.control
          : own;
        how = "showing it";
        break;
      }
      // A text beside one control (up to three levels up): that control.
      chosen = soleControl(el, false);
      how = "beside it";
      if (chosen) break;
    }
    if (chosen) {
      return pick("stated", chosen, `the control ${how} that the assertion names, ` +
        `${JSON.stringify(name.slice(0, 40))} (hints: ${notes.join("; ") || "none"})`);
    }
    notes.push(`no control shows the assertion's ${JSON.stringify(name.slice(0, 40))}`);
  }
}
if (deferredWords) return pick("words", deferredWords[0], deferredWords[1]);
"""
