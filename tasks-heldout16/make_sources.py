"""Write the sixteenth held-out set's sources (task.json + a copy of the page).

A sixteenth held-out set: written on 7 December 2026 from the pages' screenshots and
behaviour only, the way an annotator watching the video writes them, without reading the
target finder, the scorer or the list of what they handle. All three of its pages
(cinema-tickets, bill-splitter, pixel-art) are new, written for this set and kept in
``pages/`` beside this script (plain single-file HTML, no external resources,
deterministic), of kinds no earlier set used. Nothing may be tuned on them. The
``selector`` of each action only drives the recorder; it is stripped from ``data.jsonl``.

    python tasks-heldout16/make_sources.py /tmp/held16-src
    iwr tasks record --tasks /tmp/held16-src
    python tasks-described/publish.py /tmp/held16-src tasks-heldout16
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluator.recording.sources import Sources, click, press, scroll, typ, write_sources

HERE = Path(__file__).resolve().parent
# The pages written for this set, in the bundled layout (task.json + reference/).
NEW_PAGES = HERE / "pages"

TASKS: Sources = {
    "h16-starfall": (
        "cinema-tickets",
        "Lumen: a Saturday IMAX evening for an adult and a child, centre seats, popcorn, paying",
        [
            click(
                ".day[data-d='5']",
                "Make it Saturday",
                "The Sat 19 tile is filled in deep pink and The Glass Orchard is still the "
                "first film.",
            ),
            click(
                ".fmt[data-f='IMAX']",
                "We want the huge screen",
                "IMAX is the dark chip and only Starfall Run and Dragon Choir are listed.",
            ),
            click(
                ".st[data-f='1'][data-s='3']",
                "The quarter past eight showing of the space film",
                "A window titled Starfall Run · IMAX · Sat 19 Dec · 20:15 is open on Tickets.",
            ),
            click(
                "[data-p='adult']",
                "One grown-up",
                "Adult shows 1 and the bottom line reads 1 ticket · £12.50.",
            ),
            click(
                "[data-p='child']",
                "Plus a ticket for my nephew, he's eleven",
                "Child shows 1 and the bottom line reads 2 tickets · £20.50.",
            ),
            click(
                "#next",
                "Carry on to the seats",
                "A seat map under a curved screen, rows A to H, and it says Choose 2 seats.",
            ),
            click(
                ".seat[data-seat='F7']",
                "Row F, the third seat of the middle block",
                "One seat in row F is now deep pink and the footer says 1 chosen: F7.",
            ),
            click(
                ".seat[data-seat='F8']",
                "And the one to its right",
                "Two pink seats side by side; the footer lists F7, F8.",
            ),
            click("#next", "Next", "The Snacks step: popcorn, nachos and cola."),
            click(
                "[data-pop='large']",
                "A big tub of popcorn to share",
                "Large is highlighted by the popcorn and snacks come to £6.50.",
            ),
            click(
                "#next",
                "On to paying",
                "A summary with seats F7, F8 and a total of £27.00, and an email box.",
            ),
            typ(
                "#email",
                "kit.moran@example.com",
                "Send the e-tickets to kit.moran@example.com",
                "The email box reads kit.moran@example.com.",
            ),
            press(
                "Enter",
                "Pay for it",
                "A green tick and You're going to Starfall Run, seats F7, F8, with a booking "
                "reference.",
            ),
        ],
    ),
    "h16-dragon": (
        "cinema-tickets",
        "Lumen: finding the dragon film, a watchlist heart, another cinema and too many seats",
        [
            typ(
                "#q",
                "dragon",
                "Search for the dragon one",
                "Only Dragon Choir is listed, its 12:15 and 16:50 showings sold out.",
            ),
            press(
                "Enter",
                "Open the earliest showing I can still get into",
                "A booking window for Dragon Choir at 10:30 on Fri 18 Dec.",
            ),
            press("Escape", "Actually, not now", "The window has gone; Dragon Choir is listed."),
            click(
                ".heart[data-h='dragon']",
                "Keep it in mind for later",
                "The heart beside Dragon Choir is filled red and a message says it was added "
                "to the watchlist.",
            ),
            click(
                "#qx",
                "Empty the search",
                "The search box is empty and all the films are back, The Glass Orchard first.",
            ),
            click(
                "#cin",
                "Change cinema",
                "A list of three cinemas drops down under the pin: Riverside, Canal Street, "
                "Westgate.",
            ),
            click(
                "#cinMenu button[data-c='1']",
                "The Canal Street one",
                "The heading reads What's on at Lumen Canal Street.",
            ),
            click(
                ".st[data-f='2'][data-s='0']",
                "The eleven o'clock cartoon with the otter",
                "A booking window for Otter & Finch at 11:00 on Fri 18 Dec, on Tickets.",
            ),
            click(
                "[data-p='senior']",
                "It's just for Grandma",
                "Senior shows 1 and the bottom line reads 1 ticket · £9.50.",
            ),
            click("#next", "Pick a seat", "The seat map, asking for 1 seat."),
            click(
                ".seat[data-seat='D5']",
                "Row D, first seat after the left-hand aisle",
                "That seat is pink and the footer reads 1 chosen: D5.",
            ),
            click(
                ".seat[data-seat='D6']",
                "Also the one beside it",
                "A pink warning says there is only 1 ticket and to free a seat first; still "
                "just D5.",
            ),
            press("Escape", "Forget it", "The booking window has closed."),
        ],
    ),
    "h16-refund": (
        "cinema-tickets",
        "Lumen: cancelling and restoring tickets, subtitled showings, stepping back",
        [
            click(
                "#tix",
                "Show me the tickets I already have",
                "A My tickets panel on the right: Otter & Finch, Sun 20 Dec · 11:00, seats C7, C8.",
            ),
            click(
                ".bin[data-t='1']",
                "Cancel them",
                "A box asks Cancel these tickets? with Keep them and Yes, cancel.",
            ),
            click(
                "#cYes",
                "Yes",
                "The panel says No tickets yet and a dark message mentions a refund, with Undo.",
            ),
            click(
                "#undo",
                "Wait, put them back",
                "The Otter & Finch tickets are listed in the panel again.",
            ),
            press("Escape", "Shut the panel", "The My tickets panel has closed."),
            click(
                "#subs",
                "Only the showings with subtitles",
                "The switch is pink and the times left carry a blue ST.",
            ),
            scroll(
                600,
                "Scroll further down the list",
                "Last Tram Home, the yellow poster with a red tram, is in view.",
            ),
            click(
                ".st[data-f='5'][data-s='0']",
                "The twenty past five tram comedy",
                "A booking window for Last Tram Home at 17:20 is open.",
            ),
            click(
                "[data-p='adult']",
                "Just me, one adult",
                "Adult shows 1 and the total line reads 1 ticket · £12.50.",
            ),
            click("#next", "Go on", "The seat map for 1 seat."),
            click(
                "#back",
                "Go back a step",
                "The tickets step again, Adult still at 1.",
            ),
        ],
    ),
    "h16-tasca": (
        "bill-splitter",
        "Halves: adding a dinner three of them shared, settling up and undoing it",
        [
            click(
                "#addBtn",
                "Log a new cost",
                "A window titled Add an expense with empty description and amount boxes.",
            ),
            typ(
                "#fDesc",
                "Dinner at Tasca",
                "It was dinner at Tasca",
                "The description reads Dinner at Tasca.",
            ),
            typ(
                "#fAmt",
                "86.40",
                "It came to eighty-six forty",
                "The amount reads 86.40 and each person's part shows €21.60.",
            ),
            click(
                ".pb[data-by='Chloe']",
                "Chloe paid",
                "The purple C circle has a dark ring round it.",
            ),
            click(
                ".tick[data-t='Dev']",
                "Dev wasn't with us",
                "Dev's box is unticked and says not in; the others show €28.80.",
            ),
            click(
                "#fSave",
                "Save it",
                "The window has closed and a message says Dinner at Tasca was added, paid by "
                "Chloe.",
            ),
            scroll(
                400,
                "Scroll to the bottom of the table",
                "The new Dinner at Tasca row and the totals are in view.",
            ),
            click(
                ".paid[data-s='0']",
                "Settle the first suggestion",
                "A message reads Dev paid Ana €154.00 with an Undo, and Dev's balance is +€0.00.",
            ),
            click(
                "#undo",
                "Oops, undo",
                "Paid back says Nothing paid back yet again and Dev owes €154.00 once more.",
            ),
            click(
                ".cat[data-cat='Food']",
                "Only the food and drink",
                "Food is the dark chip and only food rows are in the table.",
            ),
        ],
    ),
    "h16-castle": (
        "bill-splitter",
        "Halves: fixing who shared what, deleting and restoring a row, splitting by shares",
        [
            click(
                "td.cell[data-r='1'][data-p='Dev']",
                "Dev didn't take the airport taxi",
                "Dev's part of the taxi is a grey dash; Ana and Ben show €12.67, Chloe €12.66.",
            ),
            click(
                "td.cell[data-r='6'][data-p='Dev']",
                "He did come to the castle though",
                "The castle row now shows €11.25 for all four.",
            ),
            click(
                "#sortAmt",
                "Put the biggest costs first",
                "The apartment is at the top of the table.",
            ),
            click(
                ".kb[data-k='3']",
                "The three dots at the end of the bottom row, the pastries",
                "A small menu with Edit, Duplicate and a red Delete.",
            ),
            click("#rmDel", "Get rid of it", "The Pastéis de nata row is gone; Undo is offered."),
            click("#undo", "Bring it back", "Pastéis de nata is back in the table."),
            click(
                ".kb[data-k='7']",
                "More options for the fado evening, second from the top",
                "The same small menu opens by the Fado night row.",
            ),
            click("#rmEdit", "Change it", "A window titled Edit “Fado night”."),
            click(
                "#mode button[data-m='sh']",
                "Divide it by shares instead",
                "By shares is picked and each person has a − 1 + counter.",
            ),
            click(
                "[data-sp='Ana']",
                "Ana had twice as much",
                "Ana's counter shows 2 and her part is €38.40.",
            ),
            click(
                "#fSave",
                "Keep the changes",
                "The window has closed and a message says changes to Fado night were saved.",
            ),
        ],
    ),
    "h16-flat": (
        "bill-splitter",
        "Halves: the flat's bills in pounds, rounded, exported, and a water bill added",
        [
            click("#grp", "Switch group", "A list: Lisbon weekend, Flat bills, Ben's birthday."),
            click(
                "#gmenu button[data-g='1']",
                "The flat",
                "Flat bills with Ana, Sam and Priya and four expenses, December rent first.",
            ),
            click(
                "#gear",
                "Open the cog",
                "A small panel with Currency, Round to whole amounts and Hide settled payments.",
            ),
            click(
                "#cur button[data-c='£']",
                "In pounds please",
                "GBP is picked and the amounts start with £.",
            ),
            click(
                "#round",
                "Lose the pennies",
                "The rounding switch is green and the rent reads £1,650.",
            ),
            press("Escape", "Close the settings", "The settings panel has gone."),
            click(
                "#csv",
                "Download it as a spreadsheet",
                "A message says flat-bills.csv was downloaded, 4 rows.",
            ),
            click("#addBtn", "Add the water bill", "An Add an expense window, amount in £."),
            typ("#fDesc", "Water", "Call it water", "The description reads Water."),
            click(
                ".icn[data-ic='Stay']",
                "It's a household bill, the bed",
                "The bed icon is outlined in green.",
            ),
            typ(
                "#fAmt",
                "41.70",
                "Forty-one seventy",
                "The amount reads 41.70 and each of the three shows £14.",
            ),
            press(
                "Enter",
                "Save",
                "The window has closed and a message says Water was added, paid by Ana.",
            ),
        ],
    ),
    "h16-spots": (
        "pixel-art",
        "Pixie: a yellow spot, a sky behind the mushroom, undo and redo, exporting bigger",
        [
            click(
                ".sw[data-c='#ffd93d']",
                "Pick the yellow",
                "The big colour square is yellow and named Yellow.",
            ),
            click(
                ".tool[data-tool='fill']",
                "Switch to the paint pot",
                "The third tool is outlined in purple and the panel says Fill.",
            ),
            click(
                ".px[data-x='5'][data-y='4']",
                "Pour it into the big white spot on the left of the cap",
                "That spot is yellow and the line under the canvas says 12 squares were filled.",
            ),
            click(
                ".sw[data-c='#9ad0ff']",
                "Now the pale blue",
                "The big colour square is light blue, Sky.",
            ),
            click(
                ".px[data-x='0'][data-y='0']",
                "Fill the empty background at the top",
                "The see-through background round the top of the cap is pale blue; below "
                "the brim it is still checkered.",
            ),
            click("#undoB", "Undo", "The top of the background is checkered again."),
            click("#redoB", "Redo it", "The blue sky is back above the cap."),
            click("#expB", "Export it", "An Export PNG window, scale 1×, 16 × 16 pixels."),
            click("#scP", "Twice the size", "The scale reads 2× and 32 × 32 pixels."),
            typ(
                "#ename",
                "mushroom-sky",
                "Name the file mushroom-sky",
                "The file name box reads mushroom-sky.",
            ),
            press(
                "Enter",
                "Save the file",
                "The window has gone and a message says mushroom-sky.png was saved at 32 × 32.",
            ),
        ],
    ),
    "h16-mirror": (
        "pixel-art",
        "Pixie: rubbing out an eye, picking the stem colour, mirrored grass, keeping the picture",
        [
            click(
                ".tool[data-tool='eraser']",
                "Grab the rubber",
                "The pink eraser tool is outlined and the panel says Eraser.",
            ),
            click(
                ".px[data-x='6'][data-y='11']",
                "Rub out the eye on the left",
                "That eye is now a checkered hole in the stem.",
            ),
            click(
                ".tool[data-tool='pick']",
                "Use the dropper",
                "The dropper tool is outlined and the panel says Colour picker.",
            ),
            click(
                ".px[data-x='5'][data-y='12']",
                "Take the colour of the stem",
                "The big colour square is cream and named Cream.",
            ),
            click(
                ".px[data-x='6'][data-y='11']",
                "Fill in the hole with it",
                "Where the left eye was is now cream; the right eye is still there.",
            ),
            click(
                "#mirror",
                "Turn on the symmetry",
                "The mirror tool is outlined and a message says the right half copies the left.",
            ),
            click(".sw[data-c='#5ad17f']", "Grass green", "The big colour square is green."),
            click(
                ".px[data-x='2'][data-y='15']",
                "A blade of grass in the bottom row, third square in",
                "Two green squares in the bottom row, the third from each side.",
            ),
            click(
                "#gridB",
                "Hide the grid lines",
                "The canvas has no lines between the squares.",
            ),
            click(
                "#clearB",
                "Wipe the whole thing",
                "A box asks Clear frame 1? with Keep it and a red Clear.",
            ),
            press("Escape", "Never mind", "The box has gone and the mushroom is still there."),
        ],
    ),
    "h16-frames": (
        "pixel-art",
        "Pixie: a second frame with a shaded cap, an extra frame deleted and restored",
        [
            scroll(
                300,
                "Scroll down to the frames",
                "The Frames strip with a single mushroom thumbnail numbered 1.",
            ),
            click(
                "#fDup",
                "Copy this frame",
                "Two thumbnails, the second outlined, and a message that frame 1 was copied to "
                "frame 2.",
            ),
            click("#fpsP", "Speed it up a notch", "The speed reads 9 fps."),
            scroll(
                -300, "Back up to the drawing", "The canvas is back in full view, Frame 2 of 2."
            ),
            click(
                ".sw[data-c='#a82525']",
                "The darker red",
                "The big colour square is dark red.",
            ),
            click(
                ".px[data-x='8'][data-y='6']",
                "Shade the cap in row seven, just right of the middle",
                "That square of the cap is dark red.",
            ),
            click(
                ".px[data-x='9'][data-y='6']",
                "And the one next to it",
                "Two dark red squares side by side in the cap.",
            ),
            click(
                "#fAdd",
                "Add an empty frame after this one",
                "A third, blank thumbnail is outlined and the canvas above it is empty.",
            ),
            click(
                "#fDel",
                "Bin the empty one",
                "Only two thumbnails are left and a message says frame 3 was deleted, with Undo.",
            ),
            click("#tundo", "Undo", "The blank third frame is back."),
            click(
                ".fth[data-f='0']",
                "Go back to the first frame",
                "The first thumbnail is outlined, the count says 3 frames and the cap on "
                "the canvas has no dark red squares.",
            ),
        ],
    ),
}


def main(out: Path) -> None:
    write_sources(TASKS, NEW_PAGES, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "src")
