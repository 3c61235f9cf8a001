"""Write the eleventh held-out set's sources (task.json + a copy of the page).

An eleventh held-out set: written on 7 December 2026 from the pages' screenshots and
behaviour only, the way an annotator watching the video writes them, without reading the
target finder, the scorer or the list of what they handle. All three of its pages
(pizza-builder, meeting-poll, returns-portal) are new, written for this set and kept in
``pages/`` beside this script (plain single-file HTML, no external resources,
deterministic), of kinds no earlier set used. Nothing may be tuned on them. The
``selector`` of each action only drives the recorder; it is stripped from ``data.jsonl``.

    python tasks-heldout11/make_sources.py /tmp/held11-src
    iwr tasks record --tasks /tmp/held11-src
    python tasks-described/publish.py /tmp/held11-src tasks-heldout11
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluator.recording.sources import Sources, click, press, scroll, typ, write_sources

HERE = Path(__file__).resolve().parent
# The pages written for this set, in the bundled layout (task.json + reference/).
NEW_PAGES = HERE / "pages"

TASKS: Sources = {
    "h11-halves": (
        "pizza-builder",
        "Crustworks: a large thin pizza with toppings on one half, two of them, the basket",
        [
            click(
                ".size[data-size='l']",
                "Go for the biggest one",
                'The Large 14" card is outlined in red and the price reads £12.50.',
            ),
            click(
                ".chip[data-crust='thin']",
                "Thin base",
                'Thin & crispy is the dark chip and the summary reads Large 14" · Thin & crispy.',
            ),
            click(
                ".tab[data-tab='veg']",
                "Show me the vegetables",
                "The Veggie tab is underlined: Mushrooms, Red onion, Green peppers, Black olives, "
                "Jalapeños, Sweetcorn and Pineapple.",
            ),
            click(
                ".hv[data-t='mushroom'][data-half='w']",
                "Mushrooms all over",
                "Mushrooms reads Whole · £1.20, brown dots cover the pizza and the price is "
                "£13.70.",
            ),
            click(
                ".hv[data-t='onion'][data-half='r']",
                "Red onion only on the right side",
                "Red onion reads Right half · £0.60, purple dots sit only on the right of the "
                "pizza and the price is £14.30.",
            ),
            click(
                ".hv[data-t='pepper'][data-half='l']",
                "Green peppers on the other half",
                "Green peppers reads Left half · £0.60 and the price is £14.90.",
            ),
            click(
                ".hv[data-t='onion'][data-half='r']",
                "Actually, no onion after all",
                "Red onion is back to £1.20 whole, £0.60 half, the purple dots are gone and the "
                "price is £14.30.",
            ),
            click(
                ".sw[data-sauce='bbq']",
                "The brown sauce",
                "The summary says Smoky BBQ sauce and the pizza's sauce ring is dark brown.",
            ),
            click(
                "#qPlus",
                "Make it two",
                "The quantity is 2 and the button reads Add 2 to basket · £28.60.",
            ),
            click(
                "#add",
                "Put them in the basket",
                'A dark message says 2 × Large 14" · Thin & crispy were added; the basket '
                "badge shows 2.",
            ),
            click(
                "#basketBtn",
                "Let me look at the basket",
                'The basket slides in: 2 × Large 14" · Thin & crispy at £28.60, delivery '
                "£2.49, total £31.09.",
            ),
        ],
    ),
    "h11-honey": (
        "pizza-builder",
        "Crustworks: starting from the hot honey pizza, goat's cheese, a dip, a promo code",
        [
            scroll(
                600,
                "Scroll to the bottom",
                "Or start from a favourite is on screen with Margherita, Pepperoni feast, Veggie "
                "garden and Hot honey.",
            ),
            click(
                ".cbtn[data-combo='3']",
                "Start from the hot honey one",
                'Back at the top: Medium 12" · Thin & crispy, Garlic white sauce with '
                "Pepperoni and Jalapeños, £12.40; a message says Started from Hot honey.",
            ),
            click(
                ".tab[data-tab='cheese']",
                "What cheeses are there",
                "The Cheese tab shows Extra mozzarella, Goat's cheese and Vegan cheese.",
            ),
            click(
                ".hv[data-t='goat'][data-half='l']",
                "Goat's cheese on the left half only",
                "Goat's cheese reads Left half · £0.60 and the price is £13.00.",
            ),
            click(
                "button[data-dip='garlic'][data-d='1']",
                "And one garlic dip",
                "The Garlic & herb dip count is 1 and the price is £13.80.",
            ),
            typ(
                "#kitchen",
                "Well done please",
                "Tell the kitchen to cook it well done",
                "The kitchen note box reads Well done please.",
            ),
            click(
                "#add",
                "Add it",
                'The basket badge shows 1 and a message says 1 × Medium 12" · Thin & crispy '
                "was added.",
            ),
            click(
                "#basketBtn",
                "Open the basket",
                'The basket lists 1 × Medium 12" · Thin & crispy with the note Well done '
                "please, £13.80; total £16.29.",
            ),
            typ(
                "#promo",
                "slice10",
                "Use the code SLICE10",
                "The promo box reads SLICE10.",
            ),
            press(
                "Enter",
                "Apply it",
                "Green text says SLICE10 applied: 10% off; a discount of −£1.38 and a total of "
                "£14.91.",
            ),
            press("Escape", "Close the basket", "The basket is closed and the builder is back."),
        ],
    ),
    "h11-oops": (
        "pizza-builder",
        "Crustworks: two small pizzas, binning one and undoing it, checkout for half seven",
        [
            click(
                ".size[data-size='s']",
                "The smallest size",
                'Small 10" is outlined in red and the price reads £8.00.',
            ),
            click(
                ".hv[data-t='ham'][data-half='w']",
                "Ham on the whole thing",
                "Ham reads Whole · £1.20 and the price is £9.20.",
            ),
            click(
                "#add",
                "Add to basket",
                'The basket badge shows 1 and a message says 1 × Small 10" · Classic was added.',
            ),
            click(
                ".chip[data-crust='stuffed']",
                "Stuffed crust on the next one",
                "Stuffed crust +£2.00 is the dark chip and the price is £11.20.",
            ),
            click(
                "#add",
                "Add that one as well",
                "The basket badge shows 2.",
            ),
            click(
                "#basketBtn",
                "Go to the basket",
                'Two pizzas: Small 10" · Classic £9.20 and Small 10" · Stuffed crust £11.20; '
                "subtotal £20.40.",
            ),
            click(
                ".bin[data-bin='1']",
                "Bin the first one",
                "Only the stuffed-crust pizza is left, subtotal £11.20, and a message says it "
                "was removed, with Undo.",
            ),
            click(
                "#undo",
                "No wait, put it back",
                "Both pizzas are in the basket again and the subtotal is £20.40.",
            ),
            click(
                "#checkout",
                "Checkout",
                "A window asks When should it arrive? with As soon as possible picked and £22.89 "
                "to pay.",
            ),
            click(
                ".slot[data-slot='1930']",
                "Half seven",
                "The 19:30 – 19:45 choice is outlined in red.",
            ),
            click(
                "#place",
                "Order it",
                "Order CW-4821 is in the oven: 2 pizzas, £22.89 paid, arriving at 19:30 – 19:45.",
            ),
            press(
                "Escape",
                "Close that",
                "The window is gone and the basket beside it says Your basket is empty.",
            ),
        ],
    ),
    "h11-vote": (
        "meeting-poll",
        "Whenly: adding my votes with a maybe, filtering, liking and posting a comment",
        [
            typ(
                "#myName",
                "Jonas Moreno",
                "Put my name in",
                "The name box at the bottom of the grid reads Jonas Moreno.",
            ),
            click(
                ".cell[data-cell='0']",
                "Tuesday morning works",
                "A green tick in my row under Tue 13, 09:00.",
            ),
            click(
                ".cell[data-cell='2']",
                "Wednesday at 10 as well",
                "A green tick in my row under Wed 14, 10:00.",
            ),
            click(
                ".cell[data-cell='4']",
                "And Thursday half nine",
                "A green tick in my row under Thu 15, 09:30.",
            ),
            click(
                ".cell[data-cell='4']",
                "Hmm, make Thursday a maybe",
                "The Thursday 09:30 box in my row now shows a yellow ring.",
            ),
            click(
                "#saveBtn",
                "Save",
                "Jonas Moreno is a row in the grid marked You, the grid's corner counts 6 people "
                "and the star is now on Wed 14, 10:00 with 5 yes.",
            ),
            click(
                "#onlyOk",
                "Hide the times someone can't do",
                "The switch is on and only three times are left: Tue 13 14:00, Wed 14 10:00 and "
                "Thu 15 13:00.",
            ),
            click(
                ".tab[data-tab='comments']",
                "See what people wrote",
                "The Comments (3) tab shows comments from Rosa Vidal, Ben Okafor and Emre Kaya.",
            ),
            click(
                ".heart[data-heart='0']",
                "Like Rosa's comment",
                "The heart on Rosa's comment is filled pink and reads 3.",
            ),
            typ(
                "#cInput",
                "Wednesday suits me best",
                "Say Wednesday is best for me",
                "The comment box reads Wednesday suits me best.",
            ),
            press(
                "Enter",
                "Post it",
                "A fourth comment by Jonas Moreno, just now: Wednesday suits me best; the tab "
                "reads Comments (4).",
            ),
        ],
    ),
    "h11-close": (
        "meeting-poll",
        "Whenly: adding a Friday time, Berlin time, closing the poll on Wednesday",
        [
            click(
                "#more",
                "Open the poll's menu",
                "A menu with Add a time, Export to calendar and a red Close poll and pick a time.",
            ),
            click(
                "#mAdd",
                "Add another time",
                "An Add a time window with day buttons Mon 12 to Fri 16, Mon 12 picked.",
            ),
            click(".day[data-day='Fri']", "Friday", "Fri 16 is picked."),
            typ(
                "#addTime",
                "15:00",
                "Three in the afternoon",
                "The start time box reads 15:00.",
            ),
            press(
                "Enter",
                "Add it",
                "The window is gone; a new last column Fri 16, 15:00 and a message Added Fri 16 "
                "Jan, 15:00.",
            ),
            click(
                "#tzBtn",
                "Change the time zone",
                "A list of London (GMT), Berlin (GMT+1) and New York (GMT−5).",
            ),
            click(
                "button[data-tz='ber']",
                "Berlin",
                "The chip reads Berlin (GMT+1) and every time is an hour later: Tue 13 10:00 "
                "first, Fri 16 16:00 last.",
            ),
            click("#more", "The three dots again", "The poll's menu is open again."),
            click(
                "#mClose",
                "Wrap the poll up",
                "A Close the poll window lists the times with their yes counts; Tue 13 Jan, "
                "15:00 is picked.",
            ),
            click(
                ".opt[data-pick='2']",
                "Wednesday at eleven",
                "Wed 14 Jan, 11:00 (4 yes · 1 if need be) is picked.",
            ),
            click(
                "#dOk",
                "Send the invites",
                "A green banner says the poll is closed and the offsite is on Wed 14 Jan, 11:00.",
            ),
        ],
    ),
    "h11-kit": (
        "meeting-poll",
        "Whenly: voting as Kit, removing the votes and undoing it, copying the link",
        [
            click(
                ".cell[data-cell='1']",
                "Tuesday afternoon is fine for me",
                "A green tick in the bottom row under Tue 13, 14:00.",
            ),
            click(
                ".cell[data-cell='3']",
                "Wednesday half three too",
                "A green tick in the bottom row under Wed 14, 15:30.",
            ),
            typ("#myName", "Kit", "Sign it as Kit", "The name box reads Kit."),
            press(
                "Enter",
                "Save them",
                "Kit is a row of the grid marked You, with ticks under Tue 14:00 and Wed 15:30; "
                "the grid's corner says 6 people.",
            ),
            click(
                "#delMine",
                "Bin my votes",
                "Kit's row is gone, the corner says 5 people and a message says your votes were "
                "removed, with Undo.",
            ),
            click(
                "#undo",
                "Undo that",
                "Kit's row is back and the corner says 6 people.",
            ),
            click(
                "#share",
                "Copy the link to send round",
                "A message says Link copied: whenly.app/p/q1-offsite.",
            ),
            click(
                "#more",
                "More options",
                "The menu with Add a time, Export to calendar and Close poll is open.",
            ),
            press("Escape", "Forget it", "The menu is closed."),
            scroll(
                400,
                "Scroll down to the activity",
                "Recent activity starts with Kit voted · just now.",
            ),
        ],
    ),
    "h11-boots": (
        "returns-portal",
        "Boxback: returning the boots and one pair of socks, with reasons",
        [
            scroll(
                400,
                "Scroll down through the older orders",
                "The older orders are on screen, down to the last one, NB-19602 from 28 Aug.",
            ),
            click(
                "button[data-ret='NB-20388']",
                "Send back something from the boots order",
                "A Return items from NB-20388 window on step 1, Items: the boots, the socks "
                "and the beanie.",
            ),
            click(
                ".ck[data-ck='0']",
                "The boots",
                "The boots are ticked and the bottom reads 1 item · refund £95.00.",
            ),
            click(
                ".ck[data-ck='1']",
                "And the socks",
                "The socks are ticked with 2 of 2; 2 items · refund £123.00.",
            ),
            click(
                "button[data-q='1'][data-d='-1']",
                "Only one pair of socks",
                "The socks read 1 of 2 and the refund is £109.00.",
            ),
            click(
                "#next",
                "Next",
                "Step 2, Reason: the boots and the socks, each with Choose a reason.",
            ),
            click(
                ".rsel[data-why='0']",
                "Say why the boots are going back",
                "A list of reasons drops down under the boots: Too small, Too big, Arrived "
                "damaged and more.",
            ),
            click(
                "button[data-reason='Too small'][data-ri='0']",
                "They're too small",
                "The boots' reason reads Too small.",
            ),
            click(
                ".rsel[data-why='1']",
                "Now the socks",
                "The list of reasons is open under the socks.",
            ),
            click(
                "button[data-reason='Arrived damaged'][data-ri='1']",
                "They came with a hole in them",
                "The socks' reason reads Arrived damaged and a box asks What was damaged?",
            ),
            typ(
                "#dmg",
                "Hole in the heel",
                "Say there's a hole in the heel",
                "The box reads Hole in the heel.",
            ),
            click(
                "#next",
                "Carry on",
                "Step 3, Refund: How would you like your £109.00 back?",
            ),
        ],
    ),
    "h11-tees": (
        "returns-portal",
        "Boxback: finding the tees, returning two for store credit, courier collection",
        [
            typ(
                "#q",
                "tee",
                "Find the T-shirt order",
                "1 order matches “tee”: NB-20255, with the Trail tee and the steel bottle.",
            ),
            click(
                "button[data-ret='NB-20255']",
                "Return from it",
                "A Return items from NB-20255 window: Trail tee × 3 and Steel bottle 750 ml.",
            ),
            click(
                ".ck[data-ck='0']",
                "The tees",
                "The tees are ticked with 3 of 3 and the refund is £66.00.",
            ),
            click(
                "button[data-q='0'][data-d='-1']",
                "Just two of them",
                "The tees read 2 of 3 and the refund is £44.00.",
            ),
            click("#next", "Next step", "Step 2, Reason: the Trail tee with Choose a reason."),
            click(".rsel[data-why='0']", "Pick a reason", "The list of reasons is open."),
            click(
                "button[data-reason='Changed my mind'][data-ri='0']",
                "I just changed my mind",
                "The reason reads Changed my mind.",
            ),
            click("#next", "Go on", "Step 3: How would you like your £44.00 back?"),
            click(
                "button[data-refund='credit']",
                "Take store credit instead",
                "Store credit, with a £5.00 bonus, is outlined in green.",
            ),
            click(
                "button[data-method='collect']",
                "Have someone pick it up from me",
                "Courier collection, £2.99, is outlined in green.",
            ),
            click(
                "#next",
                "Next",
                "Step 4, Check: 2 × Trail tee, Changed my mind, £44.00; store credit; courier "
                "collection −£2.99; you get back £46.01.",
            ),
        ],
    ),
    "h11-shed": (
        "returns-portal",
        "Boxback: tracking today's parcel, leaving it in the shed, the returns list",
        [
            typ(
                "#q",
                "20417",
                "Look up order 20417",
                "Only NB-20417 is listed, Out for delivery.",
            ),
            press(
                "Enter",
                "Open it",
                "Tracking NB-20417: Out for delivery is the current step, Parcelfox PFX 7702 "
                "1184 39.",
            ),
            click(
                "#copyTrk",
                "Copy the tracking number",
                "A message says Tracking number copied.",
            ),
            click(
                "#chg",
                "I won't be in",
                "A menu: Leave with a neighbour, Leave in a safe place, Deliver on another day.",
            ),
            click(
                "#optS",
                "Somewhere safe",
                "A Leave it in a safe place window with Porch, Back door, Shed and Behind the "
                "bins.",
            ),
            click(".place[data-place='Shed']", "The shed", "Shed is outlined in green."),
            typ(
                "#safeNote",
                "Code 4512 on the padlock",
                "Give the driver the padlock code",
                "The box reads Code 4512 on the padlock.",
            ),
            press(
                "Enter",
                "Save that",
                "Back on the tracking: Safe place: Shed (Code 4512 on the padlock), and a "
                "message with Undo.",
            ),
            press("Escape", "Close it", "The tracking window is closed; NB-20417 is listed."),
            click(
                "button[data-nav='returns']",
                "My returns",
                "Your returns is selected on the left and lists NB-20190, Returned.",
            ),
            click(
                "button[data-track='NB-20190']",
                "Open the gloves one",
                "Tracking NB-20190: every step ticked, the return received on 12 Nov and £26.00 "
                "refunded.",
            ),
        ],
    ),
}


def main(out: Path) -> None:
    write_sources(TASKS, NEW_PAGES, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "src")
