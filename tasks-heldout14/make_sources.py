"""Write the fourteenth held-out set's sources (task.json + a copy of the page).

A fourteenth held-out set: written on 7 December 2026 from the pages' screenshots and
behaviour only, the way an annotator watching the video writes them, without reading the
target finder, the scorer or the list of what they handle. All three of its pages
(car-rental, daily-mini, parcel-tracking) are new, written for this set and kept in
``pages/`` beside this script (plain single-file HTML, no external resources,
deterministic), of kinds no earlier set used. Nothing may be tuned on them. The
``selector`` of each action only drives the recorder; it is stripped from ``data.jsonl``.

    python tasks-heldout14/make_sources.py /tmp/held14-src
    iwr tasks record --tasks /tmp/held14-src
    python tasks-described/publish.py /tmp/held14-src tasks-heldout14
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluator.recording.sources import Sources, click, press, scroll, typ, write_sources

HERE = Path(__file__).resolve().parent
# The pages written for this set, in the bundled layout (task.json + reference/).
NEW_PAGES = HERE / "pages"


def cell(r: int, c: int) -> str:
    """The letter box of the crossword square in row ``r``, column ``c`` (from 0)."""
    return f".cell[data-r='{r}'][data-c='{c}'] input"


TASKS: Sources = {
    "h14-edinburgh": (
        "car-rental",
        "Rentwell: an SUV from Edinburgh Airport for four days, a child seat, a second driver",
        [
            typ(
                "#loc",
                "Edinburgh Airport",
                "We're collecting it at Edinburgh airport",
                "The pick-up location box says Edinburgh Airport.",
            ),
            press("Enter", "Go", "The list heading now says 10 cars at Edinburgh Airport."),
            click(
                "#pdate",
                "Change the collection day",
                "A December 2026 calendar is open, asking for the pick-up day.",
            ),
            click(
                ".cd[data-d='19']",
                "The nineteenth",
                "The pick-up date reads Sat 19 Dec and the calendar now wants the return day.",
            ),
            click(
                ".cd[data-d='23']",
                "Dropping it off on Wednesday the twenty-third",
                "The calendar is gone; the dates read Sat 19 Dec and Wed 23 Dec and the prices "
                "are for 4 days.",
            ),
            click(
                ".cls[data-k='SUV']",
                "We need something roomier, SUVs",
                "SUV is highlighted in the left column and two cars remain: a green Nissan "
                "Qashqai and a black Kia Sportage.",
            ),
            click(
                ".pick[data-id='c5']",
                "Take the green one",
                "A side panel: Your Nissan Qashqai · 4 days, with a total of £192.",
            ),
            click(
                "#csPlus",
                "We've got a toddler with us",
                "Child seat shows 1 and the total has gone up to £228.",
            ),
            click(
                "#addDrv",
                "My wife will share the driving",
                "The switch on the additional driver row is orange; total £272.",
            ),
            click("#toDriver", "Next", "A Who's driving? form with name and email boxes."),
            typ("#fn", "Isla", "First name's Isla", "The first name box reads Isla."),
            typ("#ln", "Fraser", "Surname Fraser", "The last name box reads Fraser."),
            press(
                "Enter",
                "Submit",
                "Red text under the form says an email address is needed for the voucher.",
            ),
        ],
    ),
    "h14-zoe": (
        "car-rental",
        "Rentwell: the cheapest automatics, saving and booking the electric Zoe with full cover",
        [
            click(
                "#auto",
                "I can only drive automatics",
                "The Automatic only switch is orange and the heading says 5 cars at Glasgow "
                "Central.",
            ),
            click(
                "#sortBtn",
                "Change the order",
                "A little menu: Recommended, Lowest price, Most seats.",
            ),
            click(
                "#sortMenu button[data-s='low']",
                "Cheapest at the top",
                "The Ford Focus at £36 a day comes first, the Renault Zoe at £39 second.",
            ),
            click(
                ".fav[data-id='c9']",
                "Heart the teal one",
                "The Zoe's heart is filled red and a note at the bottom says it was saved.",
            ),
            click(
                ".pick[data-id='c9']",
                "Book the little electric car",
                "The panel says Your Renault Zoe · 3 days; total £117.",
            ),
            click(
                ".opt[data-p='full']",
                "I don't want to pay any excess",
                "Full cover is outlined in orange and the total is £168.",
            ),
            click("#gps", "Add the satnav", "The sat nav switch is on; total £186."),
            click("#toDriver", "Continue", "The driver details form is showing."),
            typ("#fn", "Ravi", "Ravi", "First name: Ravi."),
            typ("#ln", "Menon", "Menon", "Last name: Menon."),
            click(
                "#terms",
                "I agree to the terms",
                "The small square before the terms is dark with a white tick.",
            ),
            typ(
                "#em",
                "ravi.menon@example.com",
                "My email is ravi.menon@example.com",
                "The email box has ravi.menon@example.com in it.",
            ),
            press(
                "Enter",
                "Book it",
                "A green tick, You're booked, Ravi!, and the reference RW-7Q41K.",
            ),
        ],
    ),
    "h14-van": (
        "car-rental",
        "Rentwell: a later pick-up, saving the estate, pricing the van, account, help, currency",
        [
            click("#tPlus", "Make the pick-up half an hour later", "The time reads 10:30."),
            click("#tPlus", "A bit later again", "The time reads 11:00."),
            scroll(
                700,
                "Scroll down the cars",
                "The black Kia Sportage and the purple Skoda Octavia Estate are on screen.",
            ),
            click(
                ".fav[data-id='c7']",
                "Save the purple estate",
                "The estate's heart is red; the message says 1 saved car.",
            ),
            click(
                ".pick[data-id='c10']",
                "What about the van at the very bottom?",
                "Panel: Your Ford Transit Custom · 3 days, total £216.",
            ),
            click(
                ".opt[data-f='pre']",
                "I'll prepay the fuel",
                "Pre-paid tank is outlined and the total is £281.",
            ),
            press("Escape", "Never mind", "The panel has closed."),
            click(
                "#acct",
                "The person icon in the top corner",
                "A menu: My bookings, Saved cars, Driver profile, Sign out.",
            ),
            click(
                "#myBk",
                "Do I have anything booked?",
                "A message at the bottom: You have no upcoming bookings.",
            ),
            click(
                "#helpBtn",
                "The question mark",
                "A white box gives the phone number 0800 112 4000.",
            ),
            click("#curBtn", "Pounds", "A list of pound, euro and US dollar."),
            click(
                "#curMenu button[data-c='EUR']",
                "Show me euros",
                "The button at the top now reads € EUR.",
            ),
        ],
    ),
    "h14-heart": (
        "daily-mini",
        "The Daily Mini: the three Across answers, checking a wrong word, then 1 Down",
        [
            click(
                cell(0, 0),
                "Start at the top left",
                "The top-left square is yellow, the rest of the top row light blue, and the "
                "clue bar shows 1A.",
            ),
            typ(
                cell(0, 0),
                "HEART",
                "The answer's HEART",
                "HEART fills the top row and the first Across clue has gone grey.",
            ),
            click(
                ".clue[data-d='a'][data-i='2']",
                "The kettle one",
                "The middle row is highlighted and the bar reads 4A What rises from a boiling "
                "kettle.",
            ),
            typ(
                cell(2, 0),
                "STEEM",
                "Put STEEM",
                "The middle row reads STEEM.",
            ),
            click("#checkBtn", "Check", "A drop-down with Square, Word and Puzzle."),
            click(
                "#checkMenu button[data-chk='word']",
                "Only this answer",
                "The second E of STEEM is red with a line through it; one letter is wrong, says "
                "the note on the right.",
            ),
            click(
                cell(2, 3),
                "The crossed-out square",
                "That square, fourth along the middle row, is now yellow.",
            ),
            click(
                ".key[data-k='A']",
                "Press A on the keys below",
                "The middle row spells STEAM.",
            ),
            click(
                "#nextClue",
                "On to the next clue",
                "The bottom row is highlighted; 5A End-of-term tests is in the bar.",
            ),
            typ(
                cell(4, 0),
                "EXAMS",
                "EXAMS",
                "EXAMS runs along the bottom row and its clue has gone grey.",
            ),
            click(
                ".clue[data-d='d'][data-i='0']",
                "One down",
                "The left-hand column is highlighted with its second square yellow, and the "
                "bar reads 1D More ___, less speed.",
            ),
        ],
    ),
    "h14-arena": (
        "daily-mini",
        "The Daily Mini: two Down answers with mistakes shown, a revealed square, then the rest",
        [
            click(
                ".clue[data-d='d'][data-i='2']",
                "Two down",
                "The middle column is highlighted and the bar shows 2D Venue for a gig or a "
                "gladiator.",
            ),
            typ(cell(0, 2), "ARENA", "It's ARENA", "ARENA runs down the middle column."),
            click(
                "#gear",
                "The cog",
                "A Settings window with three switches, all off.",
            ),
            click(
                "#auto",
                "I want to see my mistakes as I go",
                "The second switch, Show mistakes as I type, is blue.",
            ),
            press("Escape", "Shut it", "The settings window has gone."),
            click(
                cell(0, 4),
                "The top right square",
                "The right-hand column is highlighted and the bar reads 3D Multiplied by, in "
                "maths.",
            ),
            typ(
                cell(0, 4),
                "TIMER",
                "Try TIMER",
                "TIMER runs down the right; its last letter, R, is red and struck through.",
            ),
            click("#revealBtn", "Reveal", "A menu: Square, Word, Puzzle."),
            click(
                "#revealMenu button[data-rev='sq']",
                "Just the one square",
                "The bottom-right square now holds a blue S with a red corner.",
            ),
            click("#revealBtn", "Reveal again", "The same menu is open again."),
            click(
                "#revealMenu button[data-rev='all']",
                "All of it",
                "A window asks Reveal the whole puzzle?",
            ),
            click(
                "#cfYes",
                "Yes, go on",
                "Puzzle complete: you finished with 12 revealed letters, so no streak today.",
            ),
            press("Escape", "Close", "The message window is closed and the full grid shows."),
        ],
    ),
    "h14-pencil": (
        "daily-mini",
        "The Daily Mini: help, a pencilled guess, statistics, clearing, an older puzzle",
        [
            click(
                "#helpBtn",
                "How does this work?",
                "A note says tapping the blue clue bar switches between Across and Down.",
            ),
            click(
                "#pencil",
                "I'm only guessing, use the pencil",
                "The pencil button has turned black and the note on the right says Pencil on.",
            ),
            click(
                cell(4, 0),
                "Bottom left",
                "The bottom-left square is yellow and the bar reads 5A End-of-term tests.",
            ),
            typ(
                cell(4, 0), "EXAMS", "EXAMS, maybe", "EXAMS is pencilled in grey along the bottom."
            ),
            click(
                "#statsBtn",
                "How am I doing overall?",
                "Your statistics: 41 played, 93% solved, a streak of 5, best 12.",
            ),
            press("Escape", "Okay", "The statistics window has closed."),
            click(
                "#clearBtn",
                "Bin it all",
                "A window asks Clear the grid? with Keep my letters and Clear.",
            ),
            click("#cfYes", "Clear", "The grid is empty and the note says the grid is cleared."),
            scroll(
                600,
                "Scroll down to the older ones",
                "Cards for earlier puzzles, Sunday 6 December to Sunday 29 November, are in view.",
            ),
            click(
                ".pcard[data-p='2']",
                "Friday's, the one I didn't finish",
                "A window headed Friday 4 December's Mini says No. 409 · Half done.",
            ),
            click("#cfNo", "Not now", "The window is closed."),
        ],
    ),
    "h14-porch": (
        "parcel-tracking",
        "Kestrel: a safe place for the shoes, copying the number, text updates, a chat",
        [
            click(
                "#tSafe",
                "If I'm out, they can leave it somewhere",
                "A Choose a safe place window with six places and a photo switch.",
            ),
            click(
                "#photo",
                "They don't need to take a picture",
                "The switch next to Take a photo where it's left is grey.",
            ),
            click(
                ".spot[data-s='other']",
                "None of those, somewhere else",
                "Somewhere else is outlined and a Describe the place box has appeared.",
            ),
            typ(
                "#safeOther",
                "In the blue recycling box by the gate",
                "Tell them the blue recycling box by the gate",
                "The box reads In the blue recycling box by the gate.",
            ),
            press(
                "Enter",
                "Save it",
                "The window has gone; Safe place: In the blue recycling box by the gate is "
                "listed under the four tiles.",
            ),
            click(
                "#copy",
                "Copy the parcel number",
                "The message at the bottom says KC 4471 2290 GB copied.",
            ),
            scroll(
                600,
                "Scroll down to the history",
                "The Journey so far list and the updates switches are in view.",
            ),
            click(
                "#sms",
                "Text me as well",
                "The text messages switch is green, like the email one, and a note says texts are "
                "on.",
            ),
            click(
                "#chatBtn",
                "The speech bubble at the top",
                "A chat panel opens on the right with a greeting from Kai.",
            ),
            typ(
                "#chatIn",
                "Will the driver ring the bell first?",
                "Ask whether the driver rings the bell",
                "The chat box reads Will the driver ring the bell first?",
            ),
            press(
                "Enter",
                "Send",
                "My question is a dark green bubble and Kai has answered under it.",
            ),
            press("Escape", "Close the chat", "The chat panel has gone."),
        ],
    ),
    "h14-books": (
        "parcel-tracking",
        "Kestrel: moving the book parcel to Saturday evening, a neighbour, Welsh",
        [
            click(
                ".pl[data-id='p2']",
                "The books",
                "The page is about the parcel from Pageturner Books: In transit, due Friday 11 "
                "December.",
            ),
            click(
                "#tDay",
                "Friday's no good for me",
                "A Pick another day window: Fri 11 to Wed 16, Sunday greyed out.",
            ),
            click(".dd[data-d='12']", "Saturday", "Sat 12 is outlined."),
            click(
                ".slot[data-s='eve']",
                "After work, in the evening",
                "Evening, 17:00 to 21:00 for £1.99, is picked.",
            ),
            click(
                "#dayOk",
                "That's it",
                "The status says Moved to Saturday, due Saturday 12 December, 17:00 to 21:00.",
            ),
            click(
                "#tNb",
                "Give it to a neighbour if nobody's in",
                "A Leave it with a neighbour window with three house chips.",
            ),
            click(
                ".nchip[data-n='16']",
                "Sixteen, next door",
                "No. 16, next door is outlined and the house number box says 16.",
            ),
            typ(
                "#nbName",
                "Bill Hennessy",
                "He's called Bill Hennessy",
                "The name box reads Bill Hennessy.",
            ),
            press(
                "Enter",
                "Send it there",
                "Below the tiles: If you're out: Bill Hennessy, No. 16 Alder Road.",
            ),
            click(
                "#globe",
                "The globe",
                "A list of languages: English, Cymraeg, Polski, Română.",
            ),
            click(
                ".lang[data-l='cy']",
                "Welsh please",
                "The big heading now reads Tracio parsel.",
            ),
        ],
    ),
    "h14-tent": (
        "parcel-tracking",
        "Kestrel: tracking the tent by its number, a pickup shop and undoing it, the delivered "
        "dress",
        [
            typ(
                "#trk",
                "KC 9145 0036 GB",
                "Look up KC 9145 0036 GB",
                "The tracking box holds KC 9145 0036 GB.",
            ),
            press(
                "Enter",
                "Find it",
                "The parcel from Northwind Outdoor is shown, due Monday 14 December, and it "
                "heads My parcels.",
            ),
            click(
                "#tShop",
                "I'd rather pick it up myself",
                "A Collect it nearby window listing six places with coloured pins.",
            ),
            click(
                ".shop[data-i='2']",
                "The locker, yellow pin",
                "The Kestrel Locker, Arndale Centre is outlined.",
            ),
            click(
                ".shop[data-i='4']",
                "No, the charity bookshop with the green pin",
                "Oxfam Books, North Lane is outlined instead.",
            ),
            click(
                "#shopOk",
                "Send it there",
                "The status says Going to Oxfam Books, North Lane.",
            ),
            click(
                "#undo",
                "Hang on, undo",
                "The status is back to In transit, due Monday 14 December.",
            ),
            click(
                "#share",
                "Share this",
                "The message at the bottom says a tracking link was copied.",
            ),
            click(
                ".pl[data-id='p4']",
                "The pink bag that already came",
                "From Mira Studio: Delivered Monday 7 December at 13:12.",
            ),
            click(
                "#proof",
                "Where did they leave it?",
                "A photo of a blue front door with a pink bag on the step.",
            ),
            press("Escape", "Close the picture", "The photo window is closed."),
        ],
    ),
}


def main(out: Path) -> None:
    write_sources(TASKS, NEW_PAGES, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "src")
