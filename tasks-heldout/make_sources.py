"""Write the held-out description-only tasks' sources (task.json + a copy of the page).

A held-out set: written on 6 December 2026 from the bundled pages' screenshots and
page behaviour only, the way an annotator watching the video writes them, without
reading the target finder or the list of what it handles, on pages the 13 tasks of
``tasks-described/`` do not use. Nothing may be tuned on them: they measure how the
judge does on descriptions it has never been fitted to. The ``selector`` of each action
only drives the recorder; it is stripped from ``data.jsonl``.

    python tasks-heldout/make_sources.py /tmp/held-src
    iwr tasks record --tasks /tmp/held-src
    python tasks-described/publish.py /tmp/held-src tasks-heldout
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluator.recording.sources import Sources, click, press, typ, write_sources

HERE = Path(__file__).resolve().parent


TASKS: Sources = {
    "h-kanban": (
        "kanban-board",
        "Boardly board, cards by column and arrow",
        [
            click(
                "[data-card='Set up analytics events'] .right",
                "Move the analytics card over to In progress with its right arrow",
                "Set up analytics events is now in the In progress column, which counts 3.",
            ),
            click(
                "[data-card='Old landing page copy'] .del",
                "Click the x on the first card in the Done column",
                "Old landing page copy is gone and Done shows 1.",
            ),
            click(
                "[data-col='To do'] .add",
                "Click + Add a card at the bottom of the first column",
                "A box for the card title appears in To do.",
            ),
            typ(
                "[data-col='To do'] input",
                "Write release notes",
                "Type Write release notes as the title",
                "The box holds Write release notes.",
            ),
            press(
                "Enter",
                "Confirm it with Enter",
                "A new card Write release notes with a grey General tag sits at the bottom of "
                "To do.",
            ),
            click(
                "[data-label='Dev']",
                "Show only the blue Dev cards using the filter at the top",
                "Only Dev cards are left and the bar says Showing cards labelled Dev.",
            ),
            click(
                "[data-card='Set up analytics events'] .left",
                "Click the left arrow on the top card of In progress",
                "Set up analytics events is back under To do.",
            ),
        ],
    ),
    "h-coffee": (
        "coffee-shop",
        "Bean & Brew shop, products by picture and place",
        [
            click(
                "#add-guji",
                "Add the light roast coffee on the right to the cart",
                "A message at the bottom says Ethiopia Guji was added and the cart shows 1.",
            ),
            click(
                "#add-mug", "Put the red mug in the basket too", "The cart button reads Cart (2)."
            ),
            click(
                "#add-espresso",
                "Click the orange button beside $14.50",
                "The cart now has 3 items.",
            ),
            click(
                "#cart-button",
                "Open the cart at the top right",
                "A panel opens listing the three items, total $43.50.",
            ),
            click(
                "#checkout",
                "Click the button under the total",
                "Thank you! Your order of 3 items is confirmed.",
            ),
        ],
    ),
    "h-jobs": (
        "job-board",
        "Hireloop job search, by list position and icon",
        [
            click(
                "#remote",
                "Show only remote jobs",
                "The count says 4 jobs, remote only.",
            ),
            click(
                "#sort",
                "Change the sorting to highest pay",
                "The list is ordered by salary, Engineering Manager first.",
            ),
            click(
                "[data-job='1']",
                "Open the second job in the list",
                "The details panel shows Senior Product Designer at Lumio.",
            ),
            click(
                "#save",
                "Click the star to save it",
                "Saved jobs in the header shows 1 and the button reads Saved.",
            ),
            click(
                "#apply",
                "Click the blue button to apply",
                "An application form for Lumio opens.",
            ),
            typ(
                "#aname",
                "Dana Reyes",
                "Enter Dana Reyes as the full name",
                "The name field holds Dana Reyes.",
            ),
            typ(
                "#amail",
                "dana@example.com",
                "Put dana@example.com in the email box below it",
                "The email field holds dana@example.com.",
            ),
            click(
                "#submit",
                "Send the application",
                "Application sent to Lumio. Good luck, Dana!",
            ),
        ],
    ),
    "h-dental": (
        "dental-booking",
        "Brightsmile booking, calendar days by week and weekday",
        [
            click(
                "[data-svc='2']",
                "Pick the last treatment in the list",
                "Filling is highlighted and the summary says Treatment: Filling.",
            ),
            click(
                "#nextm",
                "Go to the next month with the arrow right of the month name",
                "The calendar shows April 2026.",
            ),
            click(
                "[data-day='10']",
                "Click the Friday in the second row of the calendar",
                "The times card says Friday 10 April: 7 times free.",
            ),
            click(
                "[data-slot='13:00']",
                "Choose the first afternoon time",
                "13:00 is selected and the summary reads Friday 10 April at 13:00.",
            ),
            typ(
                "#pname",
                "Sam Patel",
                "Fill in Sam Patel as the patient's name",
                "The summary shows Patient: Sam Patel.",
            ),
            click(
                "#confirm",
                "Click the dark green button under the summary",
                "Booked! See you Friday 10 April at 13:00, Sam.",
            ),
        ],
    ),
    "h-todo": (
        "todo-app",
        "Tasky list, by place and colour",
        [
            typ(
                "#new-todo",
                "Buy oat milk",
                "Write Buy oat milk in the box at the top",
                "The box shows Buy oat milk.",
            ),
            click(
                "#add",
                "Click the purple button next to it",
                "Buy oat milk is in the list and 1 item left.",
            ),
            typ(
                "#new-todo",
                "Call the plumber",
                "Add another one: Call the plumber",
                "The input holds Call the plumber.",
            ),
            press("Enter", "Hit Enter", "Two tasks are listed, 2 items left."),
            click(
                "#list li:first-child input",
                "Tick the first task off",
                "Buy oat milk is crossed out and 1 item left.",
            ),
            click(
                "[data-filter='done']",
                "Show only the finished ones",
                "Only Buy oat milk is shown.",
            ),
            click(
                "[data-filter='all']",
                "Switch back to the leftmost filter",
                "Both tasks are listed again.",
            ),
        ],
    ),
}


def main(out: Path) -> None:
    write_sources(TASKS, HERE.parent / "tasks", out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "src")
