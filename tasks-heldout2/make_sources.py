"""Write the second held-out set's sources (task.json + a copy of the page).

A second held-out set, for when the first (``tasks-heldout/``) has been looked at: written
on 6 December 2026 from the bundled pages' screenshots and page behaviour only, the way
an annotator watching the video writes them, without reading the target finder, the
scorer or the list of what they handle, on pages neither ``tasks-described/`` nor
``tasks-heldout/`` uses. Nothing may be tuned on them. The ``selector`` of each action
only drives the recorder; it is stripped from ``data.jsonl``.

    python tasks-heldout2/make_sources.py /tmp/held2-src
    iwr tasks record --tasks /tmp/held2-src
    python tasks-described/publish.py /tmp/held2-src tasks-heldout2
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluator.recording.sources import Sources, click, press, scroll, typ, write_sources

HERE = Path(__file__).resolve().parent


TASKS: Sources = {
    "h2-chat": (
        "chat-app",
        "Pingly messages, chats by list place and avatar",
        [
            click(
                "[data-chat='june']",
                "Open the last conversation in the list",
                "June Lee's chat opens with her question about reviewing a PR, and the "
                "count above the list drops to 5 unread.",
            ),
            typ(
                "#text",
                "Sure, looking now",
                "Type Sure, looking now into the box at the bottom",
                "The box holds Sure, looking now and a small hint says Press Enter to send.",
            ),
            press(
                "Enter",
                "Send it",
                "The message shows in a purple bubble on the right and June answers Thank you!",
            ),
            click(
                "#mute",
                "Silence this chat with the button at the top right of the conversation",
                "Under her name it now says Notifications muted for June Lee, the button "
                "reads Unmute and the list shows June Lee (muted).",
            ),
            click(
                "[data-chat='team']",
                "Open the group chat with the green avatar",
                "Team Design is open with three messages, the last one Marco: Coffee after?, "
                "and 2 unread are left.",
            ),
            typ(
                "#q",
                "pri",
                "Search the conversations for pri",
                "Only Priya Shah is left in the list, still with her 2 badge.",
            ),
            click(
                "#readall",
                "Clear all the unread badges with the button beside the search box",
                "Priya's badge is gone and it says 0 unread.",
            ),
        ],
    ),
    "h2-ledger": (
        "finance-dashboard",
        "Ledgerly dashboard, table rows by place and chips by meaning",
        [
            click(
                "[data-range='12m']",
                "Show the whole year instead of the last week",
                "The chart is now Spending by month with bars from Apr to Mar, and Income "
                "reads $48,920.00.",
            ),
            click(
                "[data-cat='Dining']",
                "Show only restaurant and cafe spending",
                "Showing 2 of 12 transactions, both Blue Bottle Coffee.",
            ),
            click(
                "[data-cat='All']",
                "Clear that filter with the leftmost chip",
                "All 12 transactions are listed again.",
            ),
            click(
                "#sortamt",
                "Order the transactions by size using the header at the right end of the table",
                "The note says sorted by amount, largest first, and the top row is Payroll - "
                "Acme Corp at +$3,200.00.",
            ),
            click(
                "[data-review='Costco']",
                "Clear the review flag on the fourth row",
                "The Costco row no longer says Needs review and the budgets card reads "
                "1 transaction needs review.",
            ),
            click(
                "#hide",
                "Mask the amounts with the button next to the greeting",
                "Balance, income and spending show $••••• and the button now says Show balances.",
            ),
            typ(
                "#q",
                "shell",
                "Search for shell with the magnifier box above the table",
                "Only Shell Station is left: Showing 1 of 12 transactions.",
            ),
            click(
                "#export",
                "Download the list as a spreadsheet file",
                "A dark box in the bottom right corner says Exported 1 transactions to "
                "ledgerly-export.csv.",
            ),
        ],
    ),
    "h2-quiz": (
        "quiz-app",
        "Lingo Academy quiz, answers by grid place and key",
        [
            click(
                "#start",
                "Click the coral button under the picture to begin",
                "Question 1 of 5 is up: What is the capital of Australia?",
            ),
            click(
                "[data-opt='2']",
                "Pick the top right answer",
                "Canberra turns green with Correct! and the score card says Score: 1.",
            ),
            click(
                "#next",
                "Move on",
                "Question 2 of 5 asks which planet is the largest, and the progress bar is a "
                "fifth full.",
            ),
            press(
                "4",
                "Answer with the 4 key",
                "Jupiter is marked right: Score: 2, 2 of 5 answered.",
            ),
            press("Enter", "Go on with Enter", "Question 3 of 5, about the gas plants take in."),
            click(
                "[data-opt='1']",
                "Choose the answer in the top left box",
                "Oxygen is outlined in red and the text says Not quite, the answer is Carbon "
                "dioxide; the score stays at 2.",
            ),
            click(
                "#next",
                "Click the button below the explanation",
                "Question 4 of 5: How many sides does a hexagon have?",
            ),
        ],
    ),
    "h2-signup": (
        "signup-wizard",
        "Nimbus sign-up, fields and choices by place",
        [
            typ(
                "#name",
                "Lena Fischer",
                "Type Lena Fischer as your name",
                "The profile preview on the left shows Lena Fischer.",
            ),
            click(
                "#next",
                "Try to go on with the purple button",
                "It stays on step 1 and a red line says Please enter a valid email address.",
            ),
            typ(
                "#email",
                "lena@fischer.io",
                "Fill in lena@fischer.io in the field under the name",
                "The red warning is gone and the preview shows lena@fischer.io.",
            ),
            click(
                "#next",
                "Continue to the next step",
                "Step 2 of 3 is shown with 2. Preferences highlighted in purple.",
            ),
            typ(
                "#user",
                "admin",
                "Enter admin as the user name",
                "A red note says admin is taken.",
            ),
            typ(
                "#user",
                "_lf",
                "Add _lf to the end of it",
                "It now reads admin_lf is available in green.",
            ),
            click(
                "[data-theme='System']",
                "Choose the rightmost theme",
                "The third option is outlined and it says Selected theme: System.",
            ),
            click(
                "#next",
                "Go on to the review",
                "Step 3 of 3, Check your details, lists Username @admin_lf and Theme System.",
            ),
        ],
    ),
    "h2-flights": (
        "travel-booking",
        "SkyHop flight search, results by order and price",
        [
            typ(
                "#from",
                "Madrid",
                "Put Madrid in the departure box",
                "The trip summary's route starts with Madrid.",
            ),
            typ(
                "#to",
                "Oslo",
                "Then Oslo as where you're going",
                "The route reads Madrid → Oslo.",
            ),
            click(
                "#plus",
                "Make it two travellers",
                "The passengers box and the trip card both say 2 adults.",
            ),
            click(
                "#go",
                "Hit the orange search button",
                "4 flights found, Madrid → Oslo, listed by departure time.",
            ),
            scroll(
                400,
                "Scroll down to see the rest of the flights",
                "The fourth flight, FR 3321 leaving at 15:50 for €142, is on screen.",
            ),
            click(
                "[data-flight='FR 3321']",
                "Select the cheapest one, the last in the list",
                "Choose your fare opens for FR 3321, Direct, and the total for 2 passengers "
                "is €284.00.",
            ),
            click(
                "[data-fare='Standard']",
                "Take the middle fare",
                "Standard gets an orange border and the total goes up to €354.00.",
            ),
        ],
    ),
    "h2-tip": (
        "tip-calculator",
        "Splitter tip calculator, tip buttons by grid place",
        [
            typ(
                "#bill",
                "84.00",
                "Enter the bill of 84.00",
                "The total per person shows $84.00 with no tip yet.",
            ),
            click(
                "[data-tip='20']",
                "Choose the bottom right percentage",
                "20% lights up in turquoise; tip $16.80 and total $100.80.",
            ),
            typ(
                "#people",
                "4",
                "Split it 4 ways in the field below the tip buttons",
                "Each person pays $4.20 tip, $25.20 in all; it says Split 4 ways with a 20% tip.",
            ),
            click(
                "[data-tip='10']",
                "Lower the tip with the middle button of the top row",
                "10% is highlighted: tip $2.10 and total $23.10 per person.",
            ),
            click(
                "#reset",
                "Start over with the light button at the bottom of the dark panel",
                "Both amounts are back to $0.00 and the note says Enter a bill to get started.",
            ),
        ],
    ),
}


def main(out: Path) -> None:
    write_sources(TASKS, HERE.parent / "tasks", out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "src")
