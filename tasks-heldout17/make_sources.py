"""Write the seventeenth held-out set's sources (task.json + a copy of the page).

A seventeenth held-out set: written on 7 December 2026 from the pages' screenshots and
behaviour only, the way an annotator watching the video writes them, without reading the
target finder, the scorer or the list of what they handle. All three of its pages
(housekeeping-board, garden-planner, trading-watchlist) are new, written for this set and
kept in ``pages/`` beside this script (plain single-file HTML, no external resources,
deterministic), of kinds no earlier set used. Nothing may be tuned on them. The
``selector`` of each action only drives the recorder; it is stripped from ``data.jsonl``.

    python tasks-heldout17/make_sources.py /tmp/held17-src
    iwr tasks record --tasks /tmp/held17-src
    python tasks-described/publish.py /tmp/held17-src tasks-heldout17
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluator.recording.sources import Sources, click, press, scroll, typ, write_sources

HERE = Path(__file__).resolve().parent
# The pages written for this set, in the bundled layout (task.json + reference/).
NEW_PAGES = HERE / "pages"

TASKS: Sources = {
    "h17-suite": (
        "housekeeping-board",
        "Linen: finishing the second-floor suite, an early arrival passed to a colleague",
        [
            click(
                "#map .room[data-r='204']",
                "Open the room second from the left on the bottom row of the map",
                "A side panel for Room 204, a suite: checked out and being cleaned.",
            ),
            click(
                ".ck[data-i='0']",
                "The bed's been changed",
                "Bed linen changed has a green tick and is crossed through.",
            ),
            click(
                ".ck[data-i='1']",
                "Bathroom's finished as well",
                "Bathroom cleaned is ticked too.",
            ),
            click("#tPlus", "Leave one extra set of towels", "The towels count reads 7."),
            click(
                "#done",
                "Room 204 is done now",
                "The panel has closed, 204 is green on the map and a message says Room 204 "
                "marked clean, 13 of 30 ready, with Undo.",
            ),
            click(
                "#undo",
                "Oops, not yet",
                "204 is amber again and the message says it is back to Cleaning.",
            ),
            click(
                "#map .room[data-r='207']",
                "The flagged room fourth along the top row",
                "Room 207's panel: a king room, arriving 13:00, to clean, rush.",
            ),
            click(
                ".st[data-s='progress']",
                "I'm starting on it",
                "Cleaning is chosen in the status switch and 207 is amber on the map.",
            ),
            click(
                ".att[data-a='DP']",
                "Actually, give it to Dev",
                "The blue DP circle is ringed and the panel says Assigned to Dev Patel.",
            ),
            press("Escape", "Close the room", "The panel has gone; 207 on the map shows DP."),
            click(
                ".floor[data-f='3']",
                "Go up a floor",
                "Floor 3's map and room list show, the list starting with 301.",
            ),
        ],
    ),
    "h17-leak": (
        "housekeeping-board",
        "Linen: a dripping shower in 309 reported, the alerts read, the account menu",
        [
            typ("#q", "309", "Jump to room 309", "The room search box reads 309."),
            press(
                "Enter",
                "Find it",
                "Floor 3 is picked and Room 309's panel is open: twin, stay-over, to clean.",
            ),
            click(
                "#probBtn",
                "Something's broken in there",
                "A Report a problem · Room 309 window with four kinds of fault.",
            ),
            click(".pc[data-c='Plumbing']", "It's a plumbing job", "Plumbing is filled in red."),
            typ(
                "#pText",
                "Shower drips all the time",
                "Say the shower keeps dripping",
                "The box reads Shower drips all the time.",
            ),
            click(
                "#oooSw",
                "Nobody should sleep in there until it's fixed",
                "The switch next to Take the room out of order is on.",
            ),
            press(
                "Enter",
                "Send it",
                "The window has closed; the panel shows Out of order and Reported: Plumbing: "
                "Shower drips all the time.",
            ),
            press(
                "Escape",
                "Close the panel",
                "The panel is gone and 309 is grey and striped on the map.",
            ),
            click(
                "#bell",
                "What's the red 2 on the bell about?",
                "Two alerts: Room 207's early arrival and Room 110 out of order.",
            ),
            click(
                "#readAll",
                "Mark them read",
                "The list says No new alerts and the red 2 has gone.",
            ),
            click(
                "#me",
                "The orange circle with my initials",
                "A menu under Jo Marsh: My shift, Swap a shift, Sign out.",
            ),
            press("Escape", "Never mind", "The menu has closed."),
        ],
    ),
    "h17-notes": (
        "housekeeping-board",
        "Linen: first-floor rooms still to clean, a rush flag, the shift notes",
        [
            click(
                ".floor[data-f='1']",
                "Floor one",
                "Floor 1's map; the list starts with Room 101.",
            ),
            click(
                ".chip[data-s='dirty']",
                "Only the rooms still to clean",
                "To clean is dark and the list shows 102, 104 and 107.",
            ),
            click(
                "#mine",
                "Just the ones I'm down for",
                "The switch is purple and only Room 107 is left.",
            ),
            click(
                ".flag[data-r='107']",
                "Make it a rush job",
                "107's flag is red and a message says it was flagged as rush.",
            ),
            click(
                "#mine",
                "Everyone's rooms again",
                "The switch is off; 102, 104 and 107 show, 104 and 107 with red flags.",
            ),
            click(
                ".chip[data-s='all']",
                "Show every status",
                "All ten first-floor rooms are listed again.",
            ),
            scroll(500, "Scroll down to the shift notes", "The Shift notes box with two notes."),
            typ(
                "#note",
                "Trolley on floor 1 needs new wheels",
                "Leave a note that the floor 1 trolley needs new wheels",
                "The note box reads Trolley on floor 1 needs new wheels.",
            ),
            press(
                "Enter",
                "Add it",
                "The trolley note is at the top of the notes, from Jo Marsh, just now.",
            ),
            click(
                ".ndel[data-i='2']",
                "Bin the note about the lift",
                "The lift note has gone and a message says Note deleted, with Undo.",
            ),
            click("#undo", "Bring it back", "The lift note is back at the bottom."),
        ],
    ),
    "h17-carrots": (
        "garden-planner",
        "Plotwise: carrots in the fourth bed, a tomato after the onions, watering it",
        [
            click(
                ".plant[data-p='carrot']",
                "Carrots",
                "Carrot is outlined in the plant list and the hint says Planting: Carrot.",
            ),
            click(
                "#plot .cell[data-c='D1']",
                "Put them at the start of the fourth bed",
                "A carrot is drawn in Bed D's first square.",
            ),
            click(
                "#plot .cell[data-c='D2']",
                "And in the square next to it",
                "Two carrot squares in Bed D.",
            ),
            click(
                "#plot .cell[data-c='D3']",
                "One more along",
                "Three carrot squares; the seed list has Carrot, 3 squares, 48.",
            ),
            typ("#pq", "tom", "Look for tomatoes", "Only Tomato is left in the plant list."),
            press("Enter", "Pick it", "The hint says Planting: Tomato."),
            click(
                "#plot .cell[data-c='B4']",
                "The first gap after the onions",
                "A tomato in Bed B's fourth square, next to the three onions.",
            ),
            click(
                "#tWater",
                "The watering can",
                "The watering can is outlined and the hint says Click a plant to water it.",
            ),
            click(
                "#plot .cell[data-c='B4']",
                "Water the tomato",
                "A blue drop on the tomato's square and a message says Watered the tomato in "
                "Bed B, square 4.",
            ),
            click("#tPlant", "Back to the trowel", "The trowel is outlined again."),
            click(
                "#plot .cell[data-c='D1']",
                "What's in the first carrot square?",
                "The side panel shows Carrot, Bed D, square 1, 16 per square.",
            ),
        ],
    ),
    "h17-clear": (
        "garden-planner",
        "Plotwise: nearly clearing the potato bed, a strawberry dug up, weather and settings",
        [
            click(
                "#plot .cell[data-c='A2']",
                "Check the potatoes, second square of the top bed",
                "The side panel shows Potato, Bed A, square 2.",
            ),
            click(
                "#clearBed",
                "Dig up that whole bed",
                "A window asks Clear Bed A? and lists Potato ×4.",
            ),
            press("Escape", "On second thoughts, no", "The window has gone; the potatoes stay."),
            click("#clearBed", "Actually, yes, clear it", "The Clear Bed A? window is back."),
            click(
                "#cYes",
                "Go ahead",
                "Bed A is empty and a message says Bed A cleared, with Undo.",
            ),
            click(
                "#hUndo",
                "Click the curved arrow at the top",
                "The four potatoes are back and the message says Undone: clearing Bed A.",
            ),
            click(
                "#tRemove",
                "The red bin tool",
                "The bin is outlined and the hint says Click a plant to dig it up.",
            ),
            click(
                "#plot .cell[data-c='C8']",
                "Get rid of the last strawberry",
                "Bed C's last square is bare and a message says Strawberry dug up from Bed C, "
                "square 8.",
            ),
            click(
                "#wx",
                "What's the weather doing?",
                "A forecast for Monday to Friday, with rain on Wednesday and Thursday.",
            ),
            press("Escape", "Close the forecast", "The forecast has gone."),
            click("#gear", "The cog", "A Settings panel has slid in from the right."),
            click(
                "#gridSw",
                "Turn on the spacing dots",
                "The spacing dots switch is green and dots fill the empty squares.",
            ),
            press(
                "Escape",
                "Done with settings",
                "The settings panel has closed; the empty squares are dotted.",
            ),
        ],
    ),
    "h17-harvest": (
        "garden-planner",
        "Plotwise: summer jobs ticked, strawberries logged, an entry removed and restored",
        [
            scroll(500, "Scroll down to the jobs", "The spring jobs, 1 of 5 done."),
            click(
                ".season[data-s='summer']",
                "Summer's jobs",
                "Summer jobs, 0 of 5 done.",
            ),
            click(
                ".job[data-i='1']",
                "The strawberries are netted",
                "Net the strawberries is ticked; 1 of 5 done.",
            ),
            click(
                ".job[data-i='3']",
                "Potatoes earthed up too",
                "Earth up the potatoes is ticked; 2 of 5 done.",
            ),
            click(
                ".hc[data-p='strawberry']",
                "I picked strawberries",
                "The strawberry chip in the harvest log is highlighted.",
            ),
            click("#kPlus", "Half a kilo more", "The weight reads 1.0 kg."),
            click("#kPlus", "And another half", "The weight reads 1.5 kg."),
            typ(
                "#hNote",
                "First picking this year",
                "Note that it's the first picking this year",
                "The note box reads First picking this year.",
            ),
            press(
                "Enter",
                "Save it to the log",
                "Strawberry · 1.5 kg is at the top of the log; picked so far 4.0 kg.",
            ),
            click(
                ".hdel[data-id='1']",
                "Bin the rhubarb",
                "The rhubarb entry has gone, picked so far 2.0 kg, and a message offers Undo.",
            ),
            click("#undo", "Undo", "Rhubarb is back at the bottom; picked so far 4.0 kg."),
            scroll(-500, "Back up to the plot", "The plot is in view again."),
        ],
    ),
    "h17-buy": (
        "trading-watchlist",
        "Brightline: a limit buy of the falling tech share, an old sell order cancelled",
        [
            click(
                ".lt[data-l='tech']",
                "The tech list",
                "Tech is underlined: Nova Robotics, Pixelworks, Quill Software, Lynx "
                "Semiconductors and Cirrus Cloud.",
            ),
            click(
                ".wrow[data-s='PIXL']",
                "Open the one that's down today",
                "Pixelworks is highlighted and the panel shows £64.25, −3.62% today.",
            ),
            click(
                ".rg[data-r='3']",
                "Show me the whole year",
                "1Y is dark and the chart reads +18.90% this year.",
            ),
            click(
                "#buy",
                "Buy some",
                "An order window: Buy PIXL · Pixelworks, market, 1 share.",
            ),
            click("#qPlus", "Make it two", "Shares reads 2; estimated cost £128.50."),
            click(
                ".ot[data-t='limit']",
                "I'll set my own price",
                "Limit is picked and a limit price box shows 64.25.",
            ),
            typ(
                "#lp",
                "60",
                "No more than sixty pounds",
                "The limit price reads 60 and the estimated cost £120.00.",
            ),
            click(
                "#review",
                "Check it over",
                "Check your order: buy 2 PIXL at a limit of £60.00, estimated cost £120.00.",
            ),
            click(
                "#place",
                "Send it",
                "The window has closed and a message says Limit order placed: buy 2 PIXL at "
                "£60.00.",
            ),
            scroll(
                600,
                "Scroll down to my open orders",
                "Open orders · 3, with the PIXL buy at the top.",
            ),
            click(
                ".oCancel[data-id='1']",
                "Cancel the Solaria sell",
                "A window asks Cancel this order? Sell 10 SOLR at a limit of £52.00.",
            ),
            click(
                "#coYes",
                "Yes, cancel it",
                "Open orders · 2 and a message says Order cancelled: sell 10 SOLR.",
            ),
        ],
    ),
    "h17-alert": (
        "trading-watchlist",
        "Brightline: Volta Grid found and added, an alert under £30, a starred row",
        [
            typ(
                "#sq",
                "volta",
                "Look up Volta",
                "Under the search, VLTA Volta Grid at £33.18.",
            ),
            press(
                "Enter",
                "Open it",
                "The right-hand panel shows Volta Grid at £33.18 with + Add to My list.",
            ),
            click(
                "#addList",
                "Put it on my list",
                "VLTA is the last row of My list, which counts 9, and a message says VLTA "
                "added to My list.",
            ),
            click(
                ".alertBtn[data-s='VLTA']",
                "The little bell on its row",
                "A Price alert · VLTA window; Volta Grid is at £33.18 now.",
            ),
            click(".dir[data-d='below']", "Tell me if it falls", "Drops below is picked."),
            typ("#ap", "30", "Under thirty", "The price box reads 30."),
            press(
                "Enter",
                "Save the alert",
                "The window has closed, the bell at the top shows 3 and VLTA's bell is yellow.",
            ),
            click(
                "#bell",
                "The bell at the top",
                "3 price alerts: NOVA above £150.00, TIDE below £12.00, VLTA below £30.00.",
            ),
            click(
                ".alDel[data-i='1']",
                "I don't need the mining one any more",
                "The TIDE alert has gone; 2 price alerts.",
            ),
            press("Escape", "Close that", "The alerts list is closed."),
            click(
                ".star[data-s='VLTA']",
                "Star Volta",
                "VLTA's star is yellow and a message says VLTA added to favourites.",
            ),
        ],
    ),
    "h17-trim": (
        "trading-watchlist",
        "Brightline: selling part of the Kelpie holding, a row removed and put back, the menu",
        [
            click(
                ".wrow[data-s='KELP']",
                "Kelpie Foods",
                "The panel shows Kelpie Foods at £31.84 and You own 40.",
            ),
            click(
                "#sell",
                "Sell some",
                "A Sell KELP · Kelpie Foods window; You own 40 shares.",
            ),
            typ(
                "#qty",
                "15",
                "Fifteen of them",
                "Shares reads 15; estimated proceeds £477.60.",
            ),
            click(
                "#review",
                "Review",
                "Check your order: sell 15 KELP at the market price, estimated £477.60.",
            ),
            click("#back", "Go back, I'll change it", "The order form again, 15 shares."),
            click("#qMinus", "One fewer", "14 shares, estimated proceeds £445.76."),
            click("#review", "Look again", "Sell 14 KELP, estimated proceeds £445.76."),
            click(
                "#place",
                "Place it",
                "A message says Sold 14 KELP at £31.84 · you now own 26.",
            ),
            click(
                ".more[data-s='ORBT']",
                "The three dots on the Orbital Freight row",
                "A small menu: Remove from My list, Set a price alert.",
            ),
            click(
                "#rmList",
                "Take it off the list",
                "ORBT has gone, My list counts 7, and a message offers Undo.",
            ),
            click(
                "#undo",
                "Put it back",
                "ORBT is third in the list again and the message says ORBT is back in My list.",
            ),
            click(
                "#me",
                "The round AK badge in the corner",
                "A menu: Aisha Khan, Account, Statements, Log out.",
            ),
            press("Escape", "Close it", "The menu has gone."),
        ],
    ),
}


def main(out: Path) -> None:
    write_sources(TASKS, NEW_PAGES, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "src")
