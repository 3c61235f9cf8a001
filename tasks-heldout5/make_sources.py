"""Write the fifth held-out set's sources (task.json + a copy of the page).

A fifth held-out set, for when the fourth (``tasks-heldout4/``) has been looked at: written
on 6 December 2026 from the pages' screenshots and behaviour only, the way an annotator
watching the video writes them, without reading the target finder, the scorer or the list
of what they handle. All three of its pages (seat-picker, settings-panel, file-manager) are
new, written for this set and kept in ``pages/`` beside this script (plain single-file HTML,
no external resources, deterministic): every bundled page is already used by an earlier
description-only set. Nothing may be tuned on them. The ``selector`` of each action only
drives the recorder; it is stripped from ``data.jsonl``.

    python tasks-heldout5/make_sources.py /tmp/held5-src
    iwr tasks record --tasks /tmp/held5-src
    python tasks-described/publish.py /tmp/held5-src tasks-heldout5
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluator.recording.sources import Sources, click, press, scroll, typ, write_sources

HERE = Path(__file__).resolve().parent
# The pages written for this set, in the bundled layout (task.json + reference/).
NEW_PAGES = HERE / "pages"


TASKS: Sources = {
    "h5-seats": (
        "seat-picker",
        "Reelhouse seat picker, seats by row letter and number, tickets to match",
        [
            click(
                ".time[data-t='20:45']",
                "Switch to the late showing",
                "The 20:45 button is yellow and the line under the title ends 20:45 · 1h 58m "
                "· 12A.",
            ),
            click(
                ".seat[data-seat='D6']",
                "Take the sixth seat in row D",
                "D6 is filled in teal and Your seats on the right lists D6.",
            ),
            press(
                "ArrowRight",
                "Move one seat along to the right",
                "D7 has an orange ring round it; only D6 is taken by you.",
            ),
            press(
                "Enter",
                "Take that one as well",
                "D7 turns teal too and Your seats lists D6 and D7.",
            ),
            click(
                ".st[data-k='adult'] .inc",
                "Add a ticket for a grown-up",
                "Adult shows 1, the total is £12.00 and it says 2 seats, 1 ticket: add 1 more "
                "ticket.",
            ),
            click(
                ".st[data-k='adult'] .inc",
                "Make that two",
                "Adult shows 2, the total is £24.00 and green text says Ready: 2 seats, 2 tickets.",
            ),
            click(
                ".seat[data-seat='G1']",
                "Also grab the gold-edged seat at the far left of row G",
                "G1 is teal, Recliner supplements reads £4.00, the total is £28.00 and it "
                "says 3 seats, 2 tickets: add 1 more ticket.",
            ),
            click(
                ".st[data-k='child'] .inc",
                "Make the third ticket a kid's",
                "Child shows 1, the total is £36.00 and green text says Ready: 3 seats, 3 tickets.",
            ),
            click(
                "#zin",
                "Blow the seating plan up with the magnifier that has a plus in it",
                "Between the magnifiers it reads 125% and the seats are bigger.",
            ),
            click(
                "#chips [data-rm='G1']",
                "Drop the G seat using the little x next to it in the right-hand panel",
                "Only D6 and D7 are left under Your seats, the total is £32.00 and it says 2 "
                "seats, 3 tickets: remove 1 ticket.",
            ),
            click(
                ".st[data-k='child'] .dec",
                "One child fewer",
                "Child is back to 0, the total is £24.00 and it says Ready: 2 seats, 2 tickets.",
            ),
            click(
                "#go",
                "Carry on with the teal button under the total",
                "Under it: Seats D6, D7 held for 10 minutes · Step 2 of 3: snacks and drinks; "
                "the button now reads Continue to payment.",
            ),
        ],
    ),
    "h5-aisle": (
        "seat-picker",
        "Reelhouse seat picker, a second pass: the wheelchair space, a taken seat, snacks",
        [
            click(
                ".seat[data-seat='A1']",
                "Book the wheelchair space at the front on the left",
                "That space is teal, Your seats lists A1 and the message under the plan "
                "starts Wheelchair space A1 chosen.",
            ),
            click(
                ".seat[data-seat='A2']",
                "And the seat right next to it for whoever comes along",
                "A2 is teal as well; it says 2 seats, 0 tickets: add 2 more tickets.",
            ),
            click(
                ".seat[data-seat='E5']",
                "Try the fifth seat in row E, the grey one",
                "Red text under the plan: E5 is already taken. Your seats are still A1 and A2.",
            ),
            press(
                "Escape",
                "Forget all of that",
                "No seats chosen yet, and under the plan it says Selection cleared.",
            ),
            click(
                "#zout",
                "Shrink the plan with the magnifier on the left under it",
                "The zoom reads 75% and the rows are smaller.",
            ),
            click(
                ".time[data-t='14:10']",
                "Look at the matinee instead",
                "14:10 Matinee is now the yellow button and the line under the title says 14:10.",
            ),
            scroll(
                500,
                "Scroll down to the snacks",
                "Add snacks is near the top with four boxes: Small popcorn, Large popcorn, "
                "Nachos and Cola, large; Also showing this week is below them.",
            ),
            click(
                ".sn[data-i='1'] .add",
                "Add the big popcorn, the second box, with its round yellow button",
                "A teal ×1 badge sits on Large popcorn and Snacks reads £6.50 in the summary.",
            ),
            click(
                ".sn[data-i='1'] .add",
                "Another of those",
                "The badge says ×2 and Snacks is £13.00; the total is £13.00.",
            ),
        ],
    ),
    "h5-look": (
        "settings-panel",
        "Orbit settings, appearance: theme cards, accent circles, a size slider, a language menu",
        [
            click(
                ".th[data-th='dark']",
                "Go for the dark scheme",
                "The whole page goes dark, the middle preview card is outlined and a strip "
                "at the bottom says 1 unsaved change.",
            ),
            click(
                ".dot[data-n='Rose']",
                "Use pink as the accent, the fourth circle",
                "Beside the circles it says Rose and the strip says 2 unsaved changes.",
            ),
            click(
                "#thumb",
                "Grab the handle on the text size slider",
                "A small label above the handle reads 16 px.",
            ),
            press(
                "ArrowRight",
                "Nudge it up a notch",
                "The label and the figure after the big A read 17 px; the sample sentence is "
                "larger.",
            ),
            press(
                "ArrowRight",
                "One more notch",
                "Now 18 px, and the strip says 4 unsaved changes.",
            ),
            click(
                "input[value='compact']",
                "Squeeze the list rows closer together",
                "Compact is the chosen option and the three sample rows sit tight together.",
            ),
            click(
                "#ddb",
                "Open the language menu",
                "A list drops down under English (UK), which is highlighted and ticked.",
            ),
            press(
                "ArrowDown",
                "Go down one",
                "English (US) is highlighted now.",
            ),
            press(
                "ArrowDown",
                "And another",
                "Deutsch is highlighted.",
            ),
            press(
                "Enter",
                "Pick that",
                "The list closes and the menu shows Deutsch; 6 unsaved changes.",
            ),
            click(
                ".sw[data-k='motion']",
                "Cut down on animations",
                "The switch beside Reduce motion is on (pink) and the strip says 7 unsaved "
                "changes.",
            ),
            click(
                "#save",
                "Keep all of it with the button at the right of the dark strip",
                "The strip now says All changes saved, without its buttons.",
            ),
        ],
    ),
    "h5-alerts": (
        "settings-panel",
        "Orbit settings, notifications: a grid of switches by kind and channel, quiet hours",
        [
            click(
                ".nv[data-p='notify']",
                "Open the section with the bell",
                "The heading reads Notifications, with Pause all notifications and a table of "
                "switches under three channel icons.",
            ),
            click(
                "[data-r='1'][data-ch='1']",
                "Turn on phone alerts for mentions, the middle switch on that row",
                "The middle switch of the Mentions row is blue and a strip at the bottom says 1 "
                "unsaved change.",
            ),
            click(
                "[data-r='4'][data-ch='0']",
                "Stop emailing me the weekly summary",
                "All three switches of the Weekly digest row are off; 2 unsaved changes.",
            ),
            click(
                "[data-r='2'][data-ch='2']",
                "Text me about new followers too, with the switch under the speech bubble",
                "The right-hand switch of the New followers row is on; 3 unsaved changes.",
            ),
            click(
                "#quiet",
                "Switch quiet hours on",
                "Under Quiet hours it says On: set the hours below and the From box has a blue "
                "ring.",
            ),
            typ(
                "#from",
                "21:30",
                "Start them at half past nine in the evening",
                "The From box holds 21:30.",
            ),
            press(
                "Tab",
                "Move on to the next box",
                "The Until box has the ring now and it says On: silent from 21:30 until 07:00.",
            ),
            typ(
                "#until",
                "06:45",
                "Until a quarter to seven",
                "The Until box holds 06:45.",
            ),
            click(
                "#pause",
                "Then hold everything with the switch at the top",
                "Pause all notifications is on, the table's switches are faded and the note "
                "above them says Paused: no alerts are sent on any channel.",
            ),
            click(
                "#save",
                "Save",
                "The bottom strip says All changes saved.",
            ),
        ],
    ),
    "h5-account": (
        "settings-panel",
        "Orbit settings, account: the profile, devices, a data copy and the danger zone",
        [
            click(
                ".nv[data-p='account']",
                "Go to the first item in the left menu",
                "The heading reads Account, with the profile, a round NK picture and a "
                "Display name box.",
            ),
            typ(
                "#dname",
                "Dee Kowalski",
                "Put Dee Kowalski as the name people see",
                "The box holds Dee Kowalski and the round picture and the top right corner "
                "show DK.",
            ),
            click(
                "#photo",
                "Change the picture with the camera button",
                "Beside it: Choose a square photo, at least 200 × 200; a strip at the bottom "
                "says 1 unsaved change.",
            ),
            click(
                "#priv",
                "Hide the profile from strangers",
                "The Private profile switch is on, it reads Only people you approve can see "
                "your profile, and 2 unsaved changes.",
            ),
            click(
                "[data-dev='tablet']",
                "Sign out the tablet",
                "On the Tablet · Safari row the button now says Signed out.",
            ),
            scroll(
                600,
                "Scroll to the bottom of the page",
                "Your data and the red-edged Danger zone are on screen.",
            ),
            click(
                "#export",
                "Ask for a copy of everything with the download button",
                "Green text: We'll email a download link to nadia.k@example.com within 48 hours.",
            ),
            click(
                "#del",
                "Delete the account",
                "A box asks Delete your account? and wants DELETE typed to confirm.",
            ),
            press(
                "Escape",
                "No, back out of that",
                "The box is gone and the danger zone says Nothing was deleted.",
            ),
            click(
                "#save",
                "Save what's left",
                "The bottom strip says All changes saved.",
            ),
        ],
    ),
    "h5-files": (
        "file-manager",
        "Stash files, tiles and a list, sorting, a star, deleting and undoing",
        [
            click(
                ".tile[data-i='1']",
                "Pick the second folder",
                "Trips is highlighted and the panel on the right shows Trips: Folder, "
                "Contains 6 items, Starred Yes.",
            ),
            press(
                "Enter",
                "Open it",
                "The path at the top reads My files › Documents › Trips, with six files.",
            ),
            click(
                "#vlist",
                "Show them as a list with the icon of stacked lines",
                "The files are in rows with Name, Owner, Modified and Size columns.",
            ),
            click(
                "th[data-s='size']",
                "Order them by size",
                "Size ↑ heads the column; Packing list.docx (38 KB) is first and Photos.zip "
                "(48.0 MB) last.",
            ),
            click(
                "th[data-s='size']",
                "Largest first",
                "Size ↓: Photos.zip is at the top and Packing list.docx at the bottom.",
            ),
            click(
                ".lrow[data-i='2'] .stb",
                "Star the third one",
                "Hotel booking.pdf has a yellow star and the message at the bottom says "
                "Starred “Hotel booking.pdf”.",
            ),
            click(
                ".lrow[data-i='0'] td:nth-child(4)",
                "Select the top file",
                "The Photos.zip row is highlighted and the right panel says Archive, 48.0 MB.",
            ),
            press(
                "Delete",
                "Get rid of it",
                "Photos.zip is gone, 5 items, and the dark box at the bottom says Moved "
                "“Photos.zip” to Trash.",
            ),
            click(
                "#undo",
                "Take that back with the link in the dark box",
                "Photos.zip is back at the top of the list, 6 items, and the box says "
                "“Photos.zip” is back.",
            ),
            click(
                "#crumbs [data-to='My files/Documents']",
                "Go up to Documents using the path at the top",
                "The path reads My files › Documents and the list has 10 items, Lease "
                "agreement.pdf first.",
            ),
        ],
    ),
    "h5-tidy": (
        "file-manager",
        "Stash files, a second pass: a new folder, a search, moving along and a preview",
        [
            click(
                "#newf",
                "Make a new folder with the folder icon that has a plus",
                "A new folder tile comes first with an empty Folder name box.",
            ),
            typ(
                "#nm",
                "Receipts 2026",
                "Call it Receipts 2026",
                "The name box holds Receipts 2026.",
            ),
            press(
                "Enter",
                "Confirm the name",
                "The first tile reads Receipts 2026 and is highlighted; the dark box at the "
                "bottom says Folder “Receipts 2026” created.",
            ),
            typ(
                "#q",
                "pdf",
                "Search this folder for pdf",
                "2 results for “pdf”: CV - Nadia K.pdf and Lease agreement.pdf.",
            ),
            press(
                "Escape",
                "Clear the search",
                "The search box is empty and all 11 items are back.",
            ),
            click(
                ".tile[data-i='5']",
                "Select the green spreadsheet",
                "Budget 2026.xlsx is highlighted; the right panel says Spreadsheet, 64 KB.",
            ),
            press(
                "ArrowRight",
                "Step to the next one",
                "CV - Nadia K.pdf is highlighted instead, and the panel shows PDF document, "
                "312 KB.",
            ),
            press(
                "Enter",
                "Preview it",
                "A dark overlay shows the CV page with CV - Nadia K.pdf · 312 KB · press Esc "
                "to close.",
            ),
            press(
                "Escape",
                "Close the preview",
                "The overlay is gone and CV - Nadia K.pdf is still highlighted.",
            ),
        ],
    ),
    "h5-trash": (
        "file-manager",
        "Stash files, sidebar views: starred, the bin, restoring, emptying, the photos",
        [
            click(
                ".sb[data-v='starred']",
                "Show everything with a star",
                "Starred is the heading; four tiles: Trips, Budget 2026.xlsx, Packing list.docx "
                "and IMG_107.jpg.",
            ),
            click(
                ".tile[data-i='1'] .stb",
                "Unstar the second one",
                "Budget 2026.xlsx drops out, 3 items, and the box at the bottom says Removed "
                "the star from “Budget 2026.xlsx”.",
            ),
            click(
                ".sb[data-v='trash']",
                "Open the bin in the sidebar",
                "Trash: 3 items in Trash · deleted after 30 days, with a red Empty trash button.",
            ),
            click(
                ".tile[data-i='1'] .rest",
                "Put the second one back with its curved arrow",
                "draft v1.docx leaves the Trash, 2 items, and the box says Restored “draft "
                "v1.docx” to Documents.",
            ),
            click(
                "#empty",
                "Empty it for good with the red button",
                "Trash is empty; the box says Deleted 2 items for good.",
            ),
            click(
                ".sb[data-v='home']",
                "Back to My files",
                "The path reads My files with Documents, Photos, Music, Shared and Welcome to "
                "Stash.pdf.",
            ),
            click(
                ".tile[data-i='1']",
                "Select the folder next to Documents",
                "Photos is highlighted and the right panel says Contains 28 items.",
            ),
            press(
                "Enter",
                "Go into it",
                "The path reads My files › Photos with image tiles IMG_101.jpg, IMG_102.jpg "
                "and on.",
            ),
            scroll(
                500,
                "Scroll down through the pictures",
                "The last rows are on screen, down to IMG_126.jpg, IMG_127.jpg and IMG_128.jpg.",
            ),
        ],
    ),
}


def main(out: Path) -> None:
    write_sources(TASKS, NEW_PAGES, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "src")
