"""Write the tenth held-out set's sources (task.json + a copy of the page).

A tenth held-out set, for when the ninth (``tasks-heldout9/``) has been looked at: written
on 7 December 2026 from the pages' screenshots and behaviour only, the way an annotator
watching the video writes them, without reading the target finder, the scorer or the list
of what they handle. All three of its pages (podcast-app, bank-transfer, library-catalogue)
are new, written for this set and kept in ``pages/`` beside this script (plain single-file
HTML, no external resources, deterministic), of kinds no earlier set used. Nothing may be
tuned on them. The ``selector`` of each action only drives the recorder; it is stripped
from ``data.jsonl``.

    python tasks-heldout10/make_sources.py /tmp/held10-src
    iwr tasks record --tasks /tmp/held10-src
    python tasks-described/publish.py /tmp/held10-src tasks-heldout10
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluator.recording.sources import Sources, click, press, scroll, typ, write_sources

HERE = Path(__file__).resolve().parent
# The pages written for this set, in the bundled layout (task.json + reference/).
NEW_PAGES = HERE / "pages"

TASKS: Sources = {
    "h10-ferry": (
        "podcast-app",
        "Tidecast: a Night Ferry episode at a faster speed with a sleep timer",
        [
            click(
                ".show[data-show='ferry']",
                "Open the middle show in the top row",
                "Night Ferry's page lists its episodes, starting with Crossing at midnight.",
            ),
            click(
                "[data-play='ferry3']",
                "Play the third episode",
                "The bar at the bottom shows Lost luggage from Night Ferry, Playing, with a pause "
                "button in the middle.",
            ),
            click("#speed", "Make it go faster", "The speed next to the time reads 1.25×."),
            click("#speed", "A bit faster still", "The speed reads 1.5×."),
            click(
                "#sleep",
                "Set it to stop on its own after a while",
                "A small list opens above the moon: Off, 15 minutes, 30 minutes, 45 minutes and "
                "End of episode.",
            ),
            click(
                "[data-sleep='30']",
                "Half an hour",
                "A message says it stops in 30 minutes and 30m shows beside the moon.",
            ),
            click(
                "[data-like='ferry1']",
                "Heart the first episode",
                "The heart on Crossing at midnight is filled red and Liked in the sidebar shows 2.",
            ),
            click(
                "[data-dl='ferry4']",
                "Save the fourth one so I can listen offline",
                "Fog over the Minch has a green tick where the download arrow was; Downloads in "
                "the sidebar shows 3.",
            ),
            click(
                "#pp",
                "Pause it",
                "The player says Paused and the middle button shows a play triangle.",
            ),
            click(
                "#volDown",
                "Turn the volume down",
                "The volume bar is shorter and reads 60%.",
            ),
        ],
    ),
    "h10-moon": (
        "podcast-app",
        "Tidecast: searching, then lining up Low Orbit episodes in the queue",
        [
            typ(
                "#q",
                "tides",
                "Look for anything about tides",
                "Results for “tides”: 2 episodes, Reading the tides and Tides of the Moon.",
            ),
            press(
                "Enter",
                "Play the top one",
                "Reading the tides is playing in the bar at the bottom, at 21:04 of 44:30.",
            ),
            press(
                "Escape",
                "Clear the search",
                "The search box is empty and the Your shows grid is back.",
            ),
            click(
                ".show[data-show='orbit']",
                "Open the first show in the bottom row",
                "Low Orbit's episodes are listed, Tides of the Moon first.",
            ),
            click(
                "[data-more='orbit2']",
                "More options on the second episode",
                "A small menu opens by A toilet in space with Play next, Add to queue and Mark "
                "as played.",
            ),
            click(
                "[data-m='next'][data-id='orbit2']",
                "Have that one play next",
                "A message says A toilet in space will play next and Up next in the sidebar "
                "shows 3.",
            ),
            click(
                "[data-more='orbit7']",
                "Now the options on the last episode, at the very bottom",
                "The menu is open by Coming home.",
            ),
            click(
                "[data-m='queue'][data-id='orbit7']",
                "Put it at the end of the queue",
                "A message says Coming home was added to Up next, which now shows 4.",
            ),
            click(
                ".nav[data-nav='queue']",
                "Show me what's coming up",
                "Up next lists 4 episodes: A toilet in space, Pruning in winter, The missing key "
                "and Coming home.",
            ),
            click(
                "[data-unq='garden1']",
                "Take the second one out",
                "Pruning in winter is gone, 3 are left, and a message offers Undo.",
            ),
            click(
                "#undo",
                "Undo that",
                "Pruning in winter is back, second in the list, and Up next shows 4.",
            ),
        ],
    ),
    "h10-space": (
        "podcast-app",
        "Tidecast: clearing a download, download settings, resuming an episode",
        [
            click(
                ".nav[data-nav='downloads']",
                "Go to what's saved on the device",
                "Downloads shows 2 episodes, The lighthouse keeper's log and Starter from "
                "scratch, using 142 MB.",
            ),
            click(
                "[data-bin='coast1']",
                "Bin the first one",
                "A box asks Delete this download? about The lighthouse keeper's log.",
            ),
            press("Escape", "Never mind", "The box is gone and both downloads are still listed."),
            click(
                "[data-bin='loaf1']",
                "Get rid of the bread one instead",
                "The box asks to delete Starter from scratch.",
            ),
            click(
                "#cYes",
                "Yes, delete it",
                "Only The lighthouse keeper's log is left, using 61 MB, and a message says "
                "Starter from scratch was deleted.",
            ),
            click(
                "#autoSw",
                "Stop it downloading new episodes by itself",
                "The switch is grey and the line under the setting says Off.",
            ),
            click(
                "#qHi",
                "Better sound quality",
                "High is selected and it says about 90 MB an hour.",
            ),
            click(
                ".nav[data-nav='home']",
                "Back to the start",
                "The Your shows grid of six shows is back.",
            ),
            scroll(
                400,
                "Scroll down a bit",
                "The Continue listening list is in view, down to The night bus.",
            ),
            click(
                "[data-play='loaf4']",
                "Resume the one I've nearly finished",
                "Laminated dough from Proof & Loaf is playing in the bar, at 33:40 of 37:10.",
            ),
        ],
    ),
    "h10-rent": (
        "bank-transfer",
        "Lumen: paying the rent tomorrow with a reference",
        [
            click(
                ".nav[data-nav='payments']",
                "Go to payments",
                "Six saved payees are listed and the right side asks who you want to pay.",
            ),
            click(
                ".pe[data-payee='mill']",
                "Pay the landlord, second on the list",
                "A form to pay Mill Street Lettings with an empty amount.",
            ),
            typ("#amt", "850", "Eight hundred and fifty pounds", "The amount reads £850."),
            press("Enter", "Next box", "The cursor is in the reference box."),
            typ(
                "#ref",
                "DEC RENT",
                "Put December rent as the reference",
                "The reference reads DEC RENT.",
            ),
            click(
                "[data-when='tom']",
                "Send it tomorrow instead",
                "Tomorrow is highlighted and it says it arrives 8 Dec 2026.",
            ),
            click(
                "#cont",
                "Next",
                "A Check your payment box: £850.00 to Mill Street Lettings from the Current "
                "account, reference DEC RENT, tomorrow, 8 Dec 2026.",
            ),
            click(
                "#revOk",
                "Confirm",
                "Payment scheduled: £850.00 will go to Mill Street Lettings on 8 Dec 2026.",
            ),
            click(
                "#doneBtn",
                "That's it",
                "The form is gone and the right side asks who you want to pay again.",
            ),
            click(
                ".nav[data-nav='accounts']",
                "Back to my balances",
                "A Coming up list shows Mill Street Lettings, -£850.00, scheduled for 8 Dec 2026; "
                "the current account still has £2,418.60.",
            ),
            scroll(
                700,
                "Scroll down through the spending",
                "Older activity is in view, down to Monday's Fuel Stop.",
            ),
        ],
    ),
    "h10-card": (
        "bank-transfer",
        "Lumen: card details, freezing and limits, a replacement",
        [
            click(
                ".nav[data-nav='cards']",
                "Open my cards",
                "The green debit card ending 3382 is shown beside its controls.",
            ),
            click(
                "#eye",
                "Show me the full number",
                "The card shows 4921 5530 7710 3382 and CVV 418.",
            ),
            click(
                "#freeze",
                "Freeze it",
                "The card turns grey with a Frozen tag and a message offers Undo.",
            ),
            click("#undo", "Undo that", "The card is green again and says Active."),
            click(
                "#atmUp",
                "Raise the cash limit a notch",
                "The daily cash limit reads £300.",
            ),
            click("#atmUp", "And once more", "The daily cash limit reads £350."),
            click(
                "#online",
                "Block online shopping",
                "Online payments says Blocked and its switch is grey.",
            ),
            click(
                "#replBtn",
                "I need a new card",
                "A box asks why you need a new card: lost, stolen, or damaged or worn.",
            ),
            click(
                ".radio[data-why='damaged']",
                "It's worn out",
                "It's damaged or worn is picked.",
            ),
            press(
                "Escape",
                "Never mind",
                "The box is closed and the replace row still says Lost, stolen or damaged.",
            ),
            click(
                "[data-card='virtual']",
                "Look at the other card, the purple one",
                "The purple virtual card ending 9014 is shown, for online use only.",
            ),
        ],
    ),
    "h10-jonas": (
        "bank-transfer",
        "Lumen: a new payee paid from savings",
        [
            click(
                ".nav[data-nav='payments']",
                "Go to payments",
                "Six saved payees are listed, Ana Ruiz first.",
            ),
            click(
                "#addPayee",
                "Add someone new",
                "A New payee box with name, sort code and account number.",
            ),
            typ("#npName", "Jonas Berg", "Call him Jonas Berg", "The name reads Jonas Berg."),
            typ("#npSort", "20-45-77", "Sort code 20-45-77", "The sort code reads 20-45-77."),
            typ(
                "#npAcc",
                "41129083",
                "And his account number",
                "The account number reads 41129083.",
            ),
            press(
                "Enter",
                "Save him",
                "Jonas Berg is at the bottom of the payees, selected, with a form to pay him; a "
                "message says he was saved.",
            ),
            typ("#amt", "25", "Twenty-five quid", "The amount reads £25."),
            click(
                "[data-from='sav']",
                "Take it from savings",
                "Easy Saver · £8,200.00 is highlighted instead of Current.",
            ),
            click(
                "#cont",
                "Carry on",
                "Check your payment: £25.00 to Jonas Berg from Easy Saver, no reference, today.",
            ),
            press(
                "Enter",
                "Confirm",
                "Money sent: £25.00 is on its way to Jonas Berg; Easy Saver in the sidebar shows "
                "£8,175.00.",
            ),
            click(
                "#bell",
                "Check notifications",
                "A list opens with You sent £25.00 to Jonas Berg at the top.",
            ),
        ],
    ),
    "h10-river": (
        "library-catalogue",
        "Ashgrove: a hold on a river novel, then cancelling and restoring another",
        [
            typ("#q", "rivers", "Look for books about rivers", "The search box reads rivers."),
            press(
                "Enter",
                "Search",
                "Results for “rivers”: 3 titles, The River Keeper, Where Rivers Meet and "
                "Paddington at the River.",
            ),
            click(
                ".bk[data-bk='b2']",
                "Open the second one",
                "A window about Where Rivers Meet by Tomas Hale, on loan with 1 hold.",
            ),
            click(
                "#placeHold",
                "Reserve it",
                "It asks where you will pick it up: Central, Northbank or Eastfield.",
            ),
            click(
                "[data-br='Eastfield']",
                "Eastfield, the one on the right",
                "Eastfield is outlined.",
            ),
            click(
                "#holdOk",
                "Confirm",
                "The window is closed; Where Rivers Meet says On hold for you and a message says "
                "to pick it up at Eastfield.",
            ),
            click(
                ".tab[data-tab='holds']",
                "See what I've reserved",
                "My holds lists 3 titles, Where Rivers Meet last, 2nd in line at Eastfield.",
            ),
            click(
                "[data-cancel='0']",
                "Cancel the first one",
                "A box asks Cancel this hold? for The Quiet Engineer.",
            ),
            click(
                "#askYes",
                "Yes",
                "The Quiet Engineer is gone, 2 holds are left and a message offers Undo.",
            ),
            click(
                "#undo",
                "Actually, keep it",
                "The Quiet Engineer is back at the top, 3rd in line, and My holds shows 3.",
            ),
        ],
    ),
    "h10-renew": (
        "library-catalogue",
        "Ashgrove: renewing loans, paying a fine, newest titles, saving one",
        [
            click(
                ".tab[data-tab='loans']",
                "Check what I've got out",
                "Four loans: The Glass Orchard is overdue in red and a banner says £0.60 is owed.",
            ),
            click(
                "[data-renew='2']",
                "Renew the third one down",
                "Learn Spanish in 30 Days is now due 9 Jan 2027, renewed 1 of 2 times.",
            ),
            click(
                "#renewAll",
                "Renew whatever else can be",
                "A box asks Renew all your loans?",
            ),
            press(
                "Enter",
                "Go ahead",
                "A message says 2 items were renewed: Learn Spanish in 30 Days is due 6 Feb 2027 "
                "and Bread & Salt 12 Jan 2027.",
            ),
            click("#payFine", "Settle the fine", "A box asks to pay £0.60 in late fees."),
            click(
                "#askYes",
                "Pay it",
                "The late-fee banner is gone and a message says £0.60 was paid.",
            ),
            click(
                ".tab[data-tab='cat']",
                "Back to the catalogue",
                "New and popular shows 12 titles.",
            ),
            click(
                "#sortBtn",
                "Change the order",
                "A menu offers Relevance, Newest first and Title A to Z.",
            ),
            click(
                "[data-sort='new']",
                "Newest first",
                "A Field Guide to Moths (2026) comes first, then The Quiet Engineer (2025).",
            ),
            click(
                "[data-save='b11']",
                "Save that one for later",
                "The bookmark on the moth book is filled in and the count in the header reads 1.",
            ),
        ],
    ),
    "h10-films": (
        "library-catalogue",
        "Ashgrove: format and shelf filters, a film's copies, the saved list",
        [
            click(".cb[data-fmt='DVD']", "Only films", "3 titles are shown, all DVDs."),
            click(
                ".cb[data-fmt='Audiobook']",
                "Audiobooks too",
                "6 titles: the three films and three audiobooks.",
            ),
            click(
                "#availSw",
                "Hide anything that's out",
                "4 titles, all marked Available.",
            ),
            click(
                "#clear",
                "Start again with the filters",
                "No format is ticked and all 12 titles are back.",
            ),
            scroll(
                600,
                "Scroll down to the rest",
                "The bottom row is in view: Stars Over Ashgrove, Learn Spanish in 30 Days, A Field "
                "Guide to Moths and The Last Lighthouse.",
            ),
            click(
                ".bk[data-bk='b12']",
                "Open the last one",
                "A window about The Last Lighthouse by Nora Quill, a 2017 DVD, marked On hold "
                "for you.",
            ),
            click(
                "[data-dt='copies']",
                "Where are the copies?",
                "A table: Central on loan due 19 Dec, Northbank on loan due 2 Jan, Eastfield no "
                "copy.",
            ),
            press("Escape", "Close it", "The window is closed."),
            click(
                "[data-save='b9']",
                "Bookmark the observatory film",
                "The bookmark on Stars Over Ashgrove is filled in and the header count reads 1.",
            ),
            click(
                "#av",
                "Open my account menu",
                "A menu with My saved list, Library card and Sign out.",
            ),
            click(
                "#mSaved",
                "Show what I've saved",
                "A message lists Saved: Stars Over Ashgrove.",
            ),
        ],
    ),
}


def main(out: Path) -> None:
    write_sources(TASKS, NEW_PAGES, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "src")
