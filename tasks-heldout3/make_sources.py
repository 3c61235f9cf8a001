"""Write the third held-out set's sources (task.json + a copy of the page).

A third held-out set, for when the second (``tasks-heldout2/``) has been looked at:
written on 6 December 2026 from the bundled pages' screenshots and page behaviour only,
the way an annotator watching the video writes them, without reading the target finder,
the scorer or the list of what they handle. Three of its pages (docs-site,
mortgage-calculator, saas-landing) no other description-only set uses; the other four
are reused with new flows and new wording. Nothing may be tuned on them. The
``selector`` of each action only drives the recorder; it is stripped from ``data.jsonl``.

    python tasks-heldout3/make_sources.py /tmp/held3-src
    iwr tasks record --tasks /tmp/held3-src
    python tasks-described/publish.py /tmp/held3-src tasks-heldout3
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluator.recording.sources import Sources, click, press, scroll, typ, write_sources

HERE = Path(__file__).resolve().parent


TASKS: Sources = {
    "h3-docs": (
        "docs-site",
        "Quillpad API docs, sidebar by section, search and code tabs",
        [
            click(
                "nav.side [data-page='Rate limits']",
                "Open the first page under Reference in the left menu",
                "The Rate limits page is open and says each key may make 100 requests per "
                "minute; it is highlighted in the menu.",
            ),
            click(
                "#next",
                "Go on to the following page with the button at the bottom",
                "Now on Webhooks, with Events and Verifying signatures, and the button at the "
                "bottom reads Next: Errors →.",
            ),
            click(
                "#theme",
                "Switch the site to the dark look, top right",
                "The page turns dark and that button now says Light mode.",
            ),
            typ(
                "#q",
                "key",
                "Search the docs for key",
                "A dropdown under the search box says 1 result · press Enter to open, with "
                "Authentication highlighted.",
            ),
            press(
                "Enter",
                "Open it",
                "The Authentication page opens (Docs / Authentication) and the box on the "
                "right says Reading: API keys.",
            ),
            scroll(
                300,
                "Scroll down a bit to the code",
                "The Python, JavaScript and cURL buttons and the dark code box are on screen.",
            ),
            click(
                "[data-lang='cURL']",
                "Show the example as a curl command using the last of the three tabs",
                "The dark box now holds curl https://api.quillpad.dev/v3/notes?limit=20 with an "
                "Authorization: Bearer header; the cURL tab is dark, the other two white.",
            ),
            click(
                "#copy",
                "Copy it with the little button in the corner of the code",
                "The button reads Copied!",
            ),
        ],
    ),
    "h3-mortgage": (
        "mortgage-calculator",
        "HomeWise mortgage calculator, chips by place and meaning",
        [
            typ(
                "#price",
                "525000",
                "Put 525000 in the top box",
                "The big green number shows $2,654.69/mo and the loan amount is $420,000.",
            ),
            click(
                "[data-down='30']",
                "Put down the biggest deposit offered",
                "30% is filled in green; the loan drops to $367,500 at $2,322.85/mo.",
            ),
            typ(
                "#rate",
                "6.1",
                "Set 6.1 in the field with the percent sign",
                "Rate and term reads 6.1% · 30 years and the payment is $2,227.03/mo.",
            ),
            click(
                "[data-term='15']",
                "Choose the shorter loan",
                "15 years turns green; $3,121.06/mo, with total interest of $194,291.",
            ),
            click(
                "#save",
                "Keep this scenario with the button to the right of the schedule one",
                "A line appears below: Scenario 1: $525,000 · 30% down · 6.1% · 15 yrs → "
                "$3,121.06/mo.",
            ),
            click(
                "[data-down='10']",
                "Now try the smallest down payment",
                "The loan amount goes up to $472,500 and the monthly figure to $4,012.80/mo.",
            ),
            click(
                "#sched",
                "Open the year by year table",
                "A table lists Year 1 to Year 5 with the balance at each year end, and the "
                "button now says Hide yearly schedule.",
            ),
            click(
                "#save",
                "Save that one as well",
                "Scenario 2: $525,000 · 10% down · 6.1% · 15 yrs → $4,012.80/mo is listed "
                "under the first one.",
            ),
        ],
    ),
    "h3-waitlist": (
        "saas-landing",
        "Flowly landing page, billing toggle, FAQ by order and the waitlist",
        [
            scroll(
                750,
                "Scroll down to the prices",
                "Simple pricing is on screen with three plans: Starter $0, Team $10 and "
                "Business $24 per user per month.",
            ),
            click(
                "[data-bill='yearly']",
                "Switch to paying once a year",
                "The yearly button is purple now and Team costs $96 / user / year, Business $230.",
            ),
            click(
                "[data-bill='monthly']",
                "Go back with the button to its left",
                "Monthly is selected again and Team shows $10 / user / month.",
            ),
            click(
                "[data-faq='2']",
                "Expand the last question",
                "Its plus has become a minus and the answer Nonprofits get 50% off any plan. "
                "shows under it.",
            ),
            click(
                "[data-faq='0']",
                "Open the top one too",
                "Every paid plan starts with a 14-day free trial. No card needed. appears "
                "below the first question.",
            ),
            typ(
                "#email",
                "ravi@northwind.dev",
                "Put ravi@northwind.dev in the white box on the dark band",
                "The box on the dark strip holds ravi@northwind.dev.",
            ),
            press(
                "Enter",
                "Join with Enter",
                "Under the box it says You're on the list, ravi@northwind.dev! in light purple.",
            ),
        ],
    ),
    "h3-inbox": (
        "email-inbox",
        "Postbox webmail, mails by list place, keys and toolbar order",
        [
            click(
                "[data-mail='7']",
                "Open the seventh email in the list",
                "The SkyHop boarding pass LIS → OSL opens: flight SK 808 departs 09:40 from "
                "gate 14.",
            ),
            press(
                "k",
                "Go up one email with the k key",
                "June Lee's Re: Q2 roadmap is shown, and the inbox count is down to (3).",
            ),
            click(
                "#star",
                "Star this one",
                "The button now reads ★ Starred, June's row has a star and Starred shows (2).",
            ),
            click(
                "#archive",
                "Put it away with the middle button above the message",
                "A black note in the bottom left corner says Conversation archived. and the "
                "list is down to 7 conversations.",
            ),
            typ(
                "#q",
                "photos",
                "Look for photos using the search bar at the top",
                "1 conversation matches “photos”: Marco Rossi, Photos from Saturday.",
            ),
            click(
                "[data-mail='4']",
                "Open the result",
                "Marco's mail says he uploaded 64 photos to the shared album, and Inbox shows (2).",
            ),
            click(
                "#unread",
                "Now mark it as not read yet",
                "Marco's row is bold again and the Inbox count goes back to (3).",
            ),
        ],
    ),
    "h3-shakshuka": (
        "recipe-box",
        "Hearth & Herb recipe, servings, ticks by row and the cooking steps",
        [
            click(
                "#minus",
                "Cut it down to a single serving with the minus",
                "Serves 1 both under the title and above the ingredients: 2 eggs and 200 g "
                "chopped tomatoes.",
            ),
            click(
                "[data-unit='imperial']",
                "Show the amounts in ounces",
                "The tomatoes read 7.1 oz and the feta 0.5 oz.",
            ),
            click(
                "#ing li:nth-child(3) input",
                "Tick the third ingredient",
                "The chopped tomatoes are crossed out and it says 1 of 7 ingredients ready.",
            ),
            click(
                "#ing li:nth-child(7) input",
                "and the last one on the list as well",
                "The feta is crossed out too: 2 of 7 ingredients ready.",
            ),
            click(
                "#start",
                "Begin the step by step method with the dark red button",
                "Step 1 of 5: Soften the onion and pepper in olive oil over a medium heat for "
                "8 minutes.",
            ),
            press(
                "ArrowRight",
                "Go forward with the right arrow key",
                "Step 2 of 5 is about adding the garlic and paprika.",
            ),
            press(
                "ArrowRight",
                "Once more",
                "Step 3 of 5: Pour in the tomatoes, season, and simmer for 10 minutes until thick.",
            ),
            click(
                "#prev",
                "Go back a step with the button next to the red one",
                "Step 2 of 5 is shown again.",
            ),
        ],
    ),
    "h3-phone": (
        "gadget-store",
        "Volt One product page, swatch by colour, storage by size, postcode check",
        [
            click(
                "[data-colour='Silver']",
                "Pick the light grey colour",
                "The heading reads Volt One – Silver and the phone in the photo is silver.",
            ),
            click(
                "[data-storage='512']",
                "Choose the most storage",
                "512 GB is selected and the price is $999.00.",
            ),
            click(
                "#plus",
                "Make it two phones",
                "Quantity: 2 and the subtotal on the right shows $1,998.00.",
            ),
            click(
                "#buy",
                "Put them in the bag with the big dark button",
                "A pale green box under it says Added 2 × Volt One – Silver, 512 GB to your bag.",
            ),
            typ(
                "#post",
                "9021",
                "Type 9021 in the delivery check box",
                "The postcode box holds 9021.",
            ),
            press(
                "Enter",
                "Check it",
                "Next to the box it says Please enter a 5-digit postcode.",
            ),
            typ(
                "#post",
                "0",
                "Add a 0 to the end",
                "The box now reads 90210.",
            ),
            press(
                "Enter",
                "Try again with Enter",
                "It now says Delivery to 90210: tomorrow, free.",
            ),
        ],
    ),
    "h3-news": (
        "news-portal",
        "The Daily Ledger, sections by menu place, stories by order",
        [
            click(
                "[data-cat='Business']",
                "Pick the third section in the menu under the masthead",
                "Business is highlighted and the line beside the search box says Showing 2 "
                "stories in Business.",
            ),
            click(
                "#story-3 .save",
                "Bookmark the first of them",
                "Under the rail operator's first profit story, Save now reads Saved ★.",
            ),
            click(
                "#story-7 .read",
                "Expand the other one",
                "Construction begins in March and is expected to create 12,000 jobs. shows "
                "under it and the button now says Show less.",
            ),
            click(
                "#saved-btn",
                "Open your saved list at the right end of the search bar",
                "A Saved stories box lists Regional rail operator posts first profit in a decade.",
            ),
            click(
                "[data-cat='All']",
                "Go back to every section with the first button of the menu",
                "Showing 9 stories in all sections.",
            ),
            typ(
                "#q",
                "snow",
                "Search the stories for snow",
                "The line beside the box says 1 results for “snow”.",
            ),
            press(
                "Escape",
                "Clear the search with Escape",
                "The box is empty and all 9 stories are shown again.",
            ),
        ],
    ),
}


def main(out: Path) -> None:
    write_sources(TASKS, HERE.parent / "tasks", out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "src")
