"""Write the fourth held-out set's sources (task.json + a copy of the page).

A fourth held-out set, for when the third (``tasks-heldout3/``) has been looked at: written
on 6 December 2026 from the pages' screenshots and behaviour only, the way an annotator
watching the video writes them, without reading the target finder, the scorer or the list
of what they handle. Four of its pages (photo-editor, month-planner, budget-sheet,
shopping-basket) are new, written for this set and kept in ``pages/`` beside this script
(plain single-file HTML, no external resources, deterministic); the other two
(number-guess, tiles-2048) are bundled pages no other description-only set uses. Nothing
may be tuned on them. The ``selector`` of each action only drives the recorder; it is
stripped from ``data.jsonl``.

    python tasks-heldout4/make_sources.py /tmp/held4-src
    iwr tasks record --tasks /tmp/held4-src
    python tasks-described/publish.py /tmp/held4-src tasks-heldout4
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluator.recording.sources import Sources, click, press, scroll, typ, write_sources

HERE = Path(__file__).resolve().parent
# The pages written for this set, in the bundled layout (task.json + reference/).
NEW_PAGES = HERE / "pages"


NEW: Sources = {
    "h4-photo": (
        "photo-editor",
        "Snapfix photo editor, icon-only toolbar and colour swatches",
        [
            click(
                "#rotr",
                "Turn the picture a quarter turn clockwise",
                "The harbour photo lies on its side and Rotation reads 90° on the right.",
            ),
            click(
                "#fliph",
                "Mirror it with the icon of two triangles either side of an upright line",
                "Flip now reads horizontal.",
            ),
            click(
                "#brighter",
                "Brighten it with the sun that has a plus in the middle",
                "Brightness reads +10 and the photo looks lighter.",
            ),
            click(
                "#brighter",
                "Once more",
                "Brightness is now +20.",
            ),
            click(
                "[data-look='Cool']",
                "Give it the blue look, the third swatch in the top row",
                "That swatch has a yellow border and Look reads Cool.",
            ),
            click(
                "#undo",
                "Take that back with the arrow curving to the left at the top",
                "Look is back to None and the first swatch is outlined again; Brightness "
                "stays +20.",
            ),
            click(
                "#zin",
                "Zoom in with the magnifying glass on the right under the photo",
                "Between the two magnifiers it now says 125%.",
            ),
            click(
                "#crop",
                "Make it square with the last icon in the left bar",
                "That icon turns orange and Shape reads 1:1.",
            ),
            typ(
                "#name",
                "harbour-edit",
                "Call the file harbour-edit in the box under Export",
                "The box holds harbour-edit, followed by .png.",
            ),
            press(
                "Enter",
                "Save it",
                "Green text under the box says Saved harbour-edit.png (1200 × 1200).",
            ),
        ],
    ),
    "h4-retouch": (
        "photo-editor",
        "Snapfix photo editor, a second pass: turn, flip, darken, grey, discard, zoom out",
        [
            click(
                "#rotl",
                "Turn the photo a quarter turn anticlockwise with the top icon on the left",
                "The photo stands on its side and Rotation reads 270°.",
            ),
            click(
                "#flipv",
                "Turn it upside down with the mirror icon whose line lies flat",
                "Flip reads vertical.",
            ),
            click(
                "#darker",
                "Darken it a little",
                "Brightness reads −10.",
            ),
            click(
                "[data-look='Mono']",
                "Make it black and white with the first swatch of the bottom row",
                "The photo is grey, that swatch has a yellow border and Look reads Mono.",
            ),
            click(
                "#reset",
                "Throw away every edit with the bin at the top right",
                "The photo is back upright and in colour: Rotation 0°, Flip none, Brightness "
                "0, Look None; the history ends with Discarded all edits.",
            ),
            click(
                "#zout",
                "Zoom out with the magnifying glass on the left under the photo",
                "It says 75% between the two magnifiers and the photo is smaller.",
            ),
        ],
    ),
    "h4-calendar": (
        "month-planner",
        "Planwell calendar, days by week and weekday, coloured calendars",
        [
            click(
                ".day[data-date='2026-12-10']",
                "Open the fourth day of the second week",
                "The panel on the right reads Thursday 10 December, 1 event: Dentist at 09:30.",
            ),
            click(
                "#add",
                "Add something on that day with the round plus button",
                "A lilac box opens in the panel headed New event · Thu 10 Dec.",
            ),
            typ(
                "#title",
                "Pick up the cake",
                "Type Pick up the cake as its title",
                "The title box holds Pick up the cake.",
            ),
            click(
                ".dot[data-c='personal']",
                "Make it a green one",
                "The green dot is ringed and the word beside the dots is Personal.",
            ),
            press(
                "Enter",
                "Save it with Enter",
                "A second green bar appears on the 10th, and the panel says 2 events: Dentist "
                "and Pick up the cake (All day · Personal).",
            ),
            click(
                ".cal[data-cal='work']",
                "Hide the blue calendar using the list on the left",
                "Work is greyed out with an empty square, Hidden: Work is written under the "
                "list and the blue bars are gone from the month.",
            ),
            click(
                "#vweek",
                "Look at just that week",
                "The title reads 7 – 13 December 2026 and the days are shown as seven columns.",
            ),
            click(
                "#next",
                "Go forward with the arrow to the right of Today",
                "Now 14 – 20 December 2026; Thursday 17 is selected and nothing is planned.",
            ),
            click(
                "#today",
                "Jump back to today",
                "The title reads 30 November – 6 December 2026 and the panel shows Sunday 6 "
                "December.",
            ),
        ],
    ),
    "h4-budget": (
        "budget-sheet",
        "Tallysheet budget, cells by row and column, toolbar icons, sheet tabs",
        [
            click(
                "td[data-cell='F4']",
                "Click the cell in row 4, column 6",
                "The box at the left of the formula bar says F4 and the bar is empty.",
            ),
            typ(
                "#fx",
                "bus pass",
                "Write bus pass in the long bar above the grid",
                "The bar holds bus pass.",
            ),
            press(
                "Enter",
                "Confirm",
                "bus pass is written in the Notes column on the Transport row, and the cell "
                "below it (F5) is selected.",
            ),
            click(
                "td[data-cell='A8']",
                "Select the bottom left cell of the table",
                "A8, which says Total, is selected.",
            ),
            click(
                "#bold",
                "Make it bold",
                "Total in A8 is now in bold.",
            ),
            click(
                "th[data-col='E']",
                "Select the whole totals column by its letter",
                "Column E is highlighted and the box says E1:E10.",
            ),
            click(
                "#money",
                "Show those as dollars",
                "The totals read $3,600.00, $1,227.00 and so on, with $5,872.00 at the bottom.",
            ),
            click(
                "#fill",
                "Colour them with the paint bucket",
                "The cells of column E have a yellow background.",
            ),
            click(
                "[data-sheet='2025']",
                "Switch to last year's sheet at the bottom",
                "The 2025 tab is active: Rent is 1,150 a month and column E is plain again.",
            ),
            click(
                "[data-sheet='2026']",
                "Go back to this year",
                "The 2026 tab is active again, with the yellow dollar totals and bus pass "
                "beside Transport.",
            ),
        ],
    ),
    "h4-sort": (
        "budget-sheet",
        "Tallysheet budget, a second pass: a whole row, slanted text, sorting, a total's formula",
        [
            click(
                "th[data-row='3']",
                "Select the whole third row by its number on the left",
                "Row 3 (Groceries) is shaded, the box says A3:F3 and the bottom right says Sum: "
                "2,454 · Count: 4.",
            ),
            click(
                "#italic",
                "Slant its text with the second icon in the toolbar",
                "Groceries, 410, 385, 432, 1,227 and incl. party are in italics.",
            ),
            click(
                "#clear",
                "Wipe that formatting off again with the last toolbar icon",
                "The Groceries row is upright again.",
            ),
            click(
                "#sortup",
                "Put the items in A to Z order with the icon of an arrow beside lines",
                "The items now run Groceries, Phone, Rent, Streaming, Transport, Utilities "
                "from row 2 down.",
            ),
            click(
                "td[data-cell='C8']",
                "Click the bottom cell of the February column",
                "The box says C8, the bar holds =SUM(C2:C7) and the cell shows 1,930.",
            ),
        ],
    ),
    "h4-basket": (
        "shopping-basket",
        "Basketful basket, steppers and icons by row, code, delivery and suggestions",
        [
            click(
                ".line[data-id='mug'] .inc",
                "Make it three mugs",
                "The mug row shows 3 and $54.00; the heading says Your basket (6 items).",
            ),
            click(
                ".line[data-id='tote'] .bin",
                "Throw out the tote bag with the bin on its row",
                "The tote bag is gone and the heading says 5 items.",
            ),
            click(
                ".line[data-id='candle'] .later",
                "Keep the candle for later with the heart",
                "The candle leaves the basket and is listed under Saved for later "
                "(Beeswax candle ($9.50)).",
            ),
            typ(
                "#promo",
                "WINTER10",
                "Put the code WINTER10 in the box under the total",
                "The code box holds WINTER10.",
            ),
            press(
                "Enter",
                "Apply it",
                "Green text says WINTER10 applied: 10% off your items and a Discount (WINTER10) "
                "line shows −$6.80.",
            ),
            click(
                "[data-ship='exp']",
                "Choose next-day delivery",
                "Express has a purple border and Delivery costs $9.95.",
            ),
            scroll(
                600,
                "Scroll down to the suggestions",
                "You might also like is on screen with four products, and the order summary "
                "is still on the right.",
            ),
            click(
                ".s[data-id='spoon'] .add",
                "Add the second suggestion with its round purple button",
                "Olive wood spoon is added to the basket at $8.00.",
            ),
            click(
                ".line[data-id='spoon'] .inc",
                "Make it two of those",
                "The spoon row shows 2 and $16.00.",
            ),
            click(
                "#go",
                "Go on to paying with the big purple button",
                "Under it: Step 2 of 3 · Payment: card details next, and the button now reads "
                "Continue to payment.",
            ),
        ],
    ),
}

REUSED: Sources = {
    "h4-hilo": (
        "number-guess",
        "Hi-Lo guessing game, typed guesses, the clue button and a second round",
        [
            typ(
                "#guess",
                "60",
                "Guess 60 in the big box",
                "Below the box it says Press Enter to guess 60.",
            ),
            press(
                "Enter",
                "Submit it",
                "60 is too high. The range is now 1–59 and 60 ↓ is in your guesses.",
            ),
            click(
                "#hint",
                "Ask for a clue with the pale button beside the box",
                "It says Hint: the number is odd.",
            ),
            typ(
                "#guess",
                "30",
                "Now try 30",
                "Below the box: Press Enter to guess 30.",
            ),
            press(
                "Enter",
                "Go",
                "30 is too low. Range: 31–59, with 30 ↑ in blue beside 60 ↓.",
            ),
            typ(
                "#guess",
                "37",
                "Try 37",
                "Below the box: Press Enter to guess 37.",
            ),
            press(
                "Enter",
                "And send it",
                "Correct! It was 37, found in 3 attempts. Rounds won: 1.",
            ),
            click(
                "#again",
                "Start another round with the orange button that just appeared",
                "Round 2 · I'm thinking of a number between 1 and 100; no guesses yet.",
            ),
            typ(
                "#guess",
                "90",
                "Open the new round with 90",
                "Below the box: Press Enter to guess 90.",
            ),
            press(
                "Enter",
                "Enter it",
                "90 is too high. Range: 1–89.",
            ),
        ],
    ),
    "h4-tiles": (
        "tiles-2048",
        "Tiles 2048, moves by arrow keys, taking one back, a fresh board",
        [
            press(
                "ArrowDown",
                "Slide everything down",
                "It says Moved down. and Moves: 1; the 2 now sits right on top of the 4 in "
                "the second column.",
            ),
            press(
                "ArrowRight",
                "Now push them right",
                "Moved right. and Moves: 2; the 4 is in the bottom right corner.",
            ),
            click(
                "#undo",
                "Take that move back with the first of the two brown buttons",
                "Move undone. The board is as after the first move again, the 2 over the 4 "
                "in the second column, and Moves: 1.",
            ),
            press(
                "ArrowLeft",
                "Send the tiles left instead",
                "Moved left. The 4 is in the bottom left corner with a 2 two squares above "
                "it; the score is still 0.",
            ),
            press(
                "ArrowUp",
                "Up",
                "Nice merge! +4: the two 2s joined, the score is 4 and two 4s are stacked in "
                "the top left corner.",
            ),
            press(
                "ArrowUp",
                "Once more",
                "Nice merge! +12: an orange 8 in the top left corner, score 16, Largest tile: 8.",
            ),
            press(
                "ArrowLeft",
                "Left again",
                "Moved left. The 4 slid next to the 8 on the top row; Moves: 5, score still 16.",
            ),
            click(
                "#new",
                "Start over with the button on the far right",
                "The score is back to 0 while Best stays 16, and it says Moves: 0 · Largest "
                "tile: 4 and No moves yet.",
            ),
        ],
    ),
}

TASKS: Sources = {**NEW, **REUSED}


def main(out: Path) -> None:
    write_sources(NEW, NEW_PAGES, out)
    write_sources(REUSED, HERE.parent / "tasks", out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "src")
