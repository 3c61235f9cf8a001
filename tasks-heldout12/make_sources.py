"""Write the twelfth held-out set's sources (task.json + a copy of the page).

A twelfth held-out set: written on 7 December 2026 from the pages' screenshots and
behaviour only, the way an annotator watching the video writes them, without reading the
target finder, the scorer or the list of what they handle. All three of its pages
(airline-checkin, helpdesk-queue, plant-care) are new, written for this set and kept in
``pages/`` beside this script (plain single-file HTML, no external resources,
deterministic), of kinds no earlier set used. Nothing may be tuned on them. The
``selector`` of each action only drives the recorder; it is stripped from ``data.jsonl``.

    python tasks-heldout12/make_sources.py /tmp/held12-src
    iwr tasks record --tasks /tmp/held12-src
    python tasks-described/publish.py /tmp/held12-src tasks-heldout12
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluator.recording.sources import Sources, click, press, scroll, typ, write_sources

HERE = Path(__file__).resolve().parent
# The pages written for this set, in the bundled layout (task.json + reference/).
NEW_PAGES = HERE / "pages"

TASKS: Sources = {
    "h12-window": (
        "airline-checkin",
        "Skylark: a new passport number, seats together, then the exit row",
        [
            click(
                "button[data-edit='m']",
                "Change Mara's passport number",
                "An empty box for the new passport number is in Mara's row.",
            ),
            typ("#pp-m", "PT7734112", "It's PT7734112 now", "The box reads PT7734112."),
            press(
                "Enter",
                "Save it",
                "Mara's passport shows •••• 4112 and a message says Mara's passport updated.",
            ),
            click(
                "#dg",
                "Tick the box about what we can't pack",
                "The dangerous goods box is ticked.",
            ),
            click(
                "#go1",
                "Next",
                "Choose your seats: a drawn plane with rows of coloured seats; Mara has no seat "
                "yet.",
            ),
            click(
                "[data-seat='7A']",
                "Window seat on the left in row 7",
                "7A is orange with an M in it; Mara's tab says Seat 7A · free and Tomas's tab is "
                "outlined now.",
            ),
            click(
                "[data-seat='7B']",
                "Tomas right next to her",
                "7B is orange with a T; Tomas's tab says Seat 7B · free.",
            ),
            scroll(
                450,
                "Go further back",
                "The green exit rows, 12 and 13, are on screen with EXIT marked above them.",
            ),
            click(
                "[data-seat='12F']",
                "Move him to the roomier seat by the right-hand window, first exit row",
                "A window says Exit row seat: whoever sits there must be 16 or over and help "
                "open the exit.",
            ),
            click(
                "#exitYes",
                "He's fine with that",
                "12F is orange with a T, 7B is blue again and the seats cost €18.",
            ),
        ],
    ),
    "h12-bags": (
        "airline-checkin",
        "Skylark: no seats, two suitcases, a surfboard, priority boarding, paying",
        [
            click("#dg", "Confirm we've read the packing rules", "The box is ticked."),
            click("#go1", "On to the seats", "The seat map is shown with step 2, Seats, lit."),
            click(
                "#go2",
                "We don't mind where we sit",
                "A window asks Continue without seats? and says free seats will be given at "
                "random.",
            ),
            click(
                "#nsYes",
                "Carry on without them",
                "Bags & extras: a card each for Mara and Tomas with no checked bags; the total "
                "is €0.",
            ),
            click(
                "[data-plus='t']",
                "One suitcase for Tomas",
                "Tomas has 1 checked bag and the total at the bottom is €35.",
            ),
            click(
                "[data-plus='t']",
                "Make that two",
                "Tomas has 2 checked bags; the total is €70 and the button says Pay €70.",
            ),
            click(
                "[data-sport='m']",
                "Mara's bringing her surfboard",
                "The switch on Mara's sports equipment line is on (blue); the total is €115.",
            ),
            click(
                "#prio",
                "Let us get on the plane first",
                "The priority boarding switch is on and the total is €127.",
            ),
            click(
                "#go3",
                "Pay for all that",
                "A Pay €127 window with Mastercard •• 2290 and a box for the security code.",
            ),
            typ("#cvc", "381", "The code on the back is 381", "The code box reads 381."),
            press(
                "Enter",
                "Pay",
                "You're checked in: Mara Lind's boarding pass, seat 19C, zone 1 · Priority; a "
                "message says Paid €127 with Mastercard •• 2290.",
            ),
        ],
    ),
    "h12-pass": (
        "airline-checkin",
        "Skylark: seats across the aisle, no bags, emailing Tomas's pass and taking it back",
        [
            click("#dg", "I've read the dangerous goods part", "The box is ticked."),
            click("#go1", "Continue", "The seat map is on screen."),
            click(
                "[data-seat='5C']",
                "Aisle seat in row 5, on the left",
                "5C is orange with an M; Mara's tab says Seat 5C · free.",
            ),
            click(
                "[data-seat='5D']",
                "Tomas across the aisle from her",
                "5D is orange with a T; both tabs have seats and the seats cost €0.",
            ),
            click(
                "#go2",
                "That's the seats done",
                "Bags & extras; the bar at the bottom shows a total of €0 and Continue.",
            ),
            click(
                "#go3",
                "No bags, carry on",
                "You're checked in: Mara Lind's boarding pass, seat 5C, gate B14, boarding "
                "13:05, with a drawn square code.",
            ),
            click(
                "[data-pass='t']",
                "Tomas's pass",
                "The pass now says TOMAS LIND, seat 5D.",
            ),
            click(
                "#em",
                "Email it",
                "A window Email Tomas's boarding pass with an empty address box.",
            ),
            typ(
                "#mail",
                "tomas.lind@fjordpost.dk",
                "Send it to tomas.lind@fjordpost.dk",
                "The box reads tomas.lind@fjordpost.dk.",
            ),
            press(
                "Enter",
                "Send",
                "The window is gone and a message says the boarding pass was sent to "
                "tomas.lind@fjordpost.dk, with Undo.",
            ),
            click(
                "#undo",
                "Hang on, cancel that",
                "The message now says the email to tomas.lind@fjordpost.dk was cancelled.",
            ),
        ],
    ),
    "h12-refund": (
        "helpdesk-queue",
        "Beacon: taking the refund ticket, a saved reply, solving it and reopening",
        [
            click(
                ".tk[data-id='1042']",
                "Open the refund complaint",
                "Ticket #1042, Refund not received for order 8812, from Hannah Okoye, is on the "
                "right and nobody is assigned.",
            ),
            click(
                "#who",
                "Who's got this one?",
                "A list of agents opens: Sam Kowalski (me), Priya Nair, Joel Amsel and Unassign.",
            ),
            click(
                "#agentMenu [data-ag='sam']",
                "Me",
                "The ticket shows Sam K.; a message says #1042 assigned to you and My tickets "
                "counts 5.",
            ),
            click(
                "[data-pri='urgent']",
                "This one's urgent",
                "The red circle has a ring, the ticket's dot in the list is red and Urgent "
                "counts 3.",
            ),
            click(
                "#macro",
                "Pick a canned answer",
                "A list of saved replies: Refund issued, Need the order number, Passed to billing.",
            ),
            click(
                "[data-mac='0']",
                "The one saying the money's on its way",
                "The reply box says the €89 refund for order 8812 was issued today.",
            ),
            click(
                "#send",
                "Send it",
                "Sam Kowalski's reply is in the conversation and the ticket is Pending.",
            ),
            click(
                "#stBtn",
                "Change where it stands",
                "A small list: Open, Pending and Solved.",
            ),
            click(
                "[data-st='solved']",
                "It's sorted",
                "The ticket is Solved and gone from All open; a message says Ticket #1042 "
                "solved, with Undo.",
            ),
            click(
                "#undo",
                "Oops, put it back",
                "#1042 is back in the list as Pending and the message says it was reopened.",
            ),
            click(
                "[data-view='mine']",
                "Show only mine",
                "My tickets lists 5 tickets, the refund one among them.",
            ),
        ],
    ),
    "h12-printer": (
        "helpdesk-queue",
        "Beacon: the printer error, an internal note, fixing its tags and priority",
        [
            typ(
                "#q",
                "printer",
                "Look up the printer problems",
                "Results for “printer”: 2 tickets, the E-17 error and tray 2 jamming.",
            ),
            press(
                "Enter",
                "Open the top one",
                "#1041 Office printer shows error E-17, from Ines Duarte, is open on the right.",
            ),
            click(
                "#mNote",
                "Write something only the team sees",
                "Internal note is picked and the box below turns yellow.",
            ),
            typ(
                "#txt",
                "Toner and drum ordered, arriving Thursday",
                "Say the toner and drum are ordered and come Thursday",
                "The yellow box reads Toner and drum ordered, arriving Thursday.",
            ),
            click(
                "#send",
                "Post it",
                "A yellow internal note from Sam Kowalski is in the conversation.",
            ),
            click(
                "[data-untag='billing']",
                "It isn't a billing problem",
                "The billing tag is gone and a message says Removed the billing tag.",
            ),
            click("#addTag", "Tag it", "A small box for a new tag."),
            typ("#tagIn", "hardware", "hardware", "The tag box reads hardware."),
            press("Enter", "Add it", "A hardware tag is on the ticket."),
            click(
                "[data-pri='low']",
                "It can wait",
                "The grey circle has the ring and the ticket's dot in the list is grey.",
            ),
            press(
                "Escape",
                "Clear what I searched",
                "The search box is empty and All open lists 13 tickets.",
            ),
        ],
    ),
    "h12-dupes": (
        "helpdesk-queue",
        "Beacon: handing out unassigned tickets, merging the two login ones",
        [
            click(
                "[data-view='un']",
                "Only the ones nobody has taken",
                "Unassigned: 4 tickets, the VAT number one at the top.",
            ),
            click(
                "[data-cb='1045']",
                "Tick the top one",
                "Its box is ticked and a dark bar says 1 selected.",
            ),
            click(
                "[data-cb='1040']",
                "And the third",
                "The data export ticket is ticked too: 2 selected.",
            ),
            click(
                "#bAssign",
                "Hand them to someone",
                "A list of agents: Sam Kowalski (me), Priya Nair and Joel Amsel.",
            ),
            click(
                "#agentMenu [data-ag='priya']",
                "Priya",
                "A message says 2 tickets assigned to Priya N.; Unassigned now counts 2.",
            ),
            typ(
                "#q",
                "log",
                "Find the login trouble",
                "Two results: Can't log in after password reset and Login link not working, "
                "both from Leo Brandt.",
            ),
            click("[data-cb='1044']", "Tick the first", "1 selected."),
            click("[data-cb='1039']", "And the other", "2 selected, Merge can be clicked."),
            click(
                "#bMerge",
                "They're the same problem, merge them",
                "A window asks Merge #1039 into #1044?",
            ),
            press(
                "Enter",
                "Yes",
                "Only #1044 is left in the results; its conversation has both of Leo's messages "
                "and a message says #1039 merged into #1044.",
            ),
            click(
                "[data-view='all']",
                "Everything that's still open",
                "All open lists 12 tickets.",
            ),
            scroll(
                500,
                "Down to the oldest",
                "The coupon code SPRING ticket, #1033, is the last one on screen.",
            ),
        ],
    ),
    "h12-chores": (
        "plant-care",
        "Sprout: ticking off chores, the bathroom plants, the Calathea's care",
        [
            click(
                "[data-tick='c1']",
                "Done the Monstera's water",
                "Water the Monstera is crossed out with a green tick; 1 of 5 done and a message "
                "with Undo.",
            ),
            click(
                "[data-tick='c2']",
                "Misted the second one too",
                "Mist the Calathea is crossed out as well; 2 of 5 done.",
            ),
            click(
                "#undo",
                "No wait, not misted yet",
                "Mist the Calathea is back on the list, not ticked; 1 of 5 done.",
            ),
            click(
                "#tPlants",
                "See all my plants",
                "My plants: cards with drawn plants in pots; All rooms shows 10.",
            ),
            click(
                "[data-room='Bathroom']",
                "Just the bathroom ones",
                "Only the Calathea and the Boston fern, which says Thirsty — water today in red.",
            ),
            click(
                "[data-water='fern']",
                "Water the fern",
                "The fern's bar is full and blue, Water in 3 days, and a message says Boston fern "
                "watered.",
            ),
            click(
                ".pc[data-pl='calathea']",
                "Open the Calathea",
                "A panel on the right: Calathea, water every 5 days, low light, a white pot.",
            ),
            click("#ePlus", "Water it a bit less often", "Water every 6 days."),
            click(
                "[data-light='2']",
                "It gets lots of sun in there",
                "The biggest, orange sun is picked: Bright, direct sun.",
            ),
            typ(
                "#noteIn",
                "Brown tips in winter, use rain water",
                "Note down brown tips in winter, use rain water",
                "The notes box reads Brown tips in winter, use rain water.",
            ),
            press(
                "Enter",
                "Keep that note",
                "The note is shown on a pale yellow strip and a message says Note saved.",
            ),
            press("Escape", "Close the panel", "The panel is gone; the two bathroom plants show."),
        ],
    ),
    "h12-basil": (
        "plant-care",
        "Sprout: adding a basil plant, deleting it and bringing it back",
        [
            click(
                "#add",
                "Add a new plant",
                "A New plant window: name, room, pot and how often to water.",
            ),
            click("[data-nroom='Kitchen']", "It lives in the kitchen", "Kitchen is dark."),
            click("[data-npot='white']", "The white pot", "The white circle has a dark ring."),
            click("[data-nev='3']", "Water it every three days", "Every 3 days is dark."),
            typ("#nName", "Basil", "Call it Basil", "The name box reads Basil."),
            press(
                "Enter",
                "Add it",
                "My plants with All rooms 11, and a message says Basil added to the kitchen.",
            ),
            scroll(
                500,
                "Scroll down to find it",
                "Basil, in a white pot, is the last card: Kitchen, Water in 3 days.",
            ),
            click(
                ".pc[data-pl='new10']",
                "Open Basil",
                "A panel on the right: Basil, water every 3 days.",
            ),
            click(
                "#del",
                "Actually I don't want it on here",
                "A window asks Delete Basil? with Keep it and a red Delete.",
            ),
            click(
                "#delYes",
                "Delete",
                "Basil's card is gone and a message says Basil deleted, with Undo.",
            ),
            click(
                "#undo",
                "Bring Basil back",
                "Basil's card is back and the message says Basil is back.",
            ),
        ],
    ),
    "h12-bedroom": (
        "plant-care",
        "Sprout: the bedroom pothos, snoozing it, a black pot, two chores and the week ahead",
        [
            click("#tPlants", "Go to my plants", "The plant cards, All rooms 10."),
            click(
                "[data-room='Bedroom']",
                "The bedroom",
                "Golden pothos, Snake plant and ZZ plant.",
            ),
            click(
                ".pc[data-pl='pothos']",
                "Open the pothos, the first one",
                "Golden pothos in a panel: Water tomorrow, every 6 days, a sage green pot.",
            ),
            click(
                "#snooze",
                "Put its watering off a day",
                "It now says Water in 2 days and a message says the watering moved a day later.",
            ),
            click("#eMinus", "Water it more often", "Water every 5 days."),
            click(
                "[data-pot='black']",
                "Make the pot black",
                "The black circle is ringed and the drawn pot is black.",
            ),
            press("Escape", "Close it", "The panel is closed."),
            click("#tToday", "Back to today's list", "Good morning, Jo with five chores."),
            click(
                "[data-tick='c4']",
                "Turned the fig",
                "Turn the Fiddle-leaf fig is crossed out; 1 of 5 done.",
            ),
            click(
                "[data-tick='c3']",
                "Fed the one above it",
                "Feed the Golden pothos is crossed out too; 2 of 5 done.",
            ),
            scroll(
                600,
                "Look at the rest of the week",
                "The jobs for Wednesday, Thursday, Friday and Saturday are on screen.",
            ),
        ],
    ),
}


def main(out: Path) -> None:
    write_sources(TASKS, NEW_PAGES, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "src")
