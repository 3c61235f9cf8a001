"""Write the fifteenth held-out set's sources (task.json + a copy of the page).

A fifteenth held-out set, written blind on 7 December 2026: descriptions and assertions come
from the pages' screenshots and behaviour, as an annotator watching the recording would write
them, by a session that never read how targets are found or steps are scored. Its three pages
(teacher-gradebook, table-booking, flashcard-decks) are new, kept in ``pages/`` beside this
script (single-file HTML, no external resources, deterministic), and of kinds no earlier set
used. Nothing may be tuned on them. Each action's ``selector`` only drives the recorder;
publishing strips it from ``data.jsonl``.

    python tasks-heldout15/make_sources.py /tmp/held15-src
    iwr tasks record --tasks /tmp/held15-src
    python tasks-described/publish.py /tmp/held15-src tasks-heldout15
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluator.recording.sources import Sources, click, press, scroll, typ, write_sources

HERE = Path(__file__).resolve().parent
# The pages written for this set, in the bundled layout (task.json + reference/).
NEW_PAGES = HERE / "pages"

TASKS: Sources = {
    "h15-dawson": (
        "teacher-gradebook",
        "Markwell: a missing mark, a flag and a comment for 9B, then percentages",
        [
            click(
                ".mk[data-k='Dawson'][data-i='4']",
                "Ella Dawson still has nothing for the reading log, put a mark in",
                "An empty box with a dark outline is open in Ella Dawson's row under Reading log.",
            ),
            typ("#ed", "6", "She got six", "The box in her row holds 6."),
            press(
                "Enter",
                "Keep that",
                "Ella Dawson's reading log shows 6, her average reads 47% and a message at "
                "the bottom mentions 6 / 10.",
            ),
            click(
                ".flag[data-k='Kowalski']",
                "Piotr needs following up, mark him",
                "The little flag at the end of Piotr Kowalski's row has turned red.",
            ),
            click(
                ".who[data-k='Kowalski']",
                "Open Piotr's details",
                "A white panel on the right shows Piotr Kowalski with a bar chart of his marks "
                "and a comment from 20 Nov.",
            ),
            click(
                "#qc button:nth-child(2)",
                "Use the suggestion about going over the basics again",
                "The comment box reads Needs to revise the basics.",
            ),
            press(
                "Enter",
                "Post the comment",
                "The panel now lists two comments, the newer one dated 7 Dec.",
            ),
            click(
                "#dMail",
                "Let his mum and dad know",
                "A dark message says an email to Piotr Kowalski's parents is in drafts.",
            ),
            press("Escape", "Done with him", "The side panel is closed and the grid is back."),
            click(
                "#pct",
                "I'd rather see them out of a hundred",
                "The switch is blue and the marks are percentages: Tolu Adebayo's letter "
                "reads 80%.",
            ),
            scroll(
                500,
                "Go down to the end of the list",
                "The bottom of the class is in view, Zara Patel last.",
            ),
        ],
    ),
    "h15-review": (
        "teacher-gradebook",
        "Markwell: a new project for 10A, a first mark in it, weakest students first",
        [
            click(
                ".cls[data-c='1']",
                "Switch to my Year 10s",
                "The heading says 10A English, with twelve students and four pieces of work.",
            ),
            click(
                "#addA",
                "Set a new piece of work",
                "A New assignment window: the name is empty, Homework is chosen and it's out "
                "of 20.",
            ),
            typ(
                "#aName",
                "Poetry anthology review",
                "Name it Poetry anthology review",
                "The name box says Poetry anthology review.",
            ),
            click(
                ".ty[data-t='Project']",
                "This one's a project, not homework",
                "The green Project card is outlined in blue.",
            ),
            click("#oPlus", "Out of twenty-five", "The number between minus and plus is 25."),
            click("#oPlus", "Actually thirty", "It now reads 30."),
            press(
                "Enter",
                "Create it",
                "The window has gone; the grid has a fifth column, Poetry anthology review, out "
                "of 30, full of dashes.",
            ),
            click(
                ".mk[data-k='Price'][data-i='4']",
                "Sophie's already handed hers in, give her a mark",
                "An entry box is open in Sophie Price's row under the new column.",
            ),
            typ("#ed", "27", "Twenty-seven", "The box holds 27."),
            press(
                "Enter",
                "Save",
                "Sophie Price has 27 in the new column and her average is 94%.",
            ),
            click(
                "#sortBtn",
                "Change the order of the list",
                "A little menu: Surname A–Z, highest average first, lowest average first.",
            ),
            click(
                "#sortMenu .mi[data-s='lo']",
                "The ones who are struggling at the top",
                "Daniel Quinn is first with 45%, then Amelia Novak.",
            ),
        ],
    ),
    "h15-hanson": (
        "teacher-gradebook",
        "Markwell: a comment for a Year 11, the comments page and the alerts",
        [
            click(
                ".cls[data-c='2']",
                "Go to the literature set",
                "The heading reads 11C Literature, with eight students and three assignments.",
            ),
            typ(
                "#q",
                "hans",
                "Find Joshua Hanson",
                "Only Joshua Hanson is left in the grid.",
            ),
            click(
                ".who[data-k='Hanson']",
                "Open his record",
                "Joshua Hanson's panel: average 54%, no comments yet.",
            ),
            typ(
                "#cIn",
                "Signed up for the Thursday revision club",
                "Note that he's joined the Thursday revision club",
                "The comment box reads Signed up for the Thursday revision club.",
            ),
            press(
                "Enter",
                "Save that note",
                "The note is listed under Comments, dated 7 Dec.",
            ),
            press("Escape", "Close his panel", "The panel has gone; the search still shows him."),
            click(
                "#qx",
                "Show the whole class again",
                "The search is empty and all eight students are listed.",
            ),
            click(
                ".tab[data-tab='comments']",
                "Everyone's comments",
                "A list of students with their latest comment; Chloe Barnes says No term "
                "comment yet in red.",
            ),
            click(
                "#bell",
                "What's the red two?",
                "A Notifications box: reports due Friday 18 December and a shared rubric from "
                "Mr Doyle.",
            ),
            click(
                "#readAll",
                "I've seen them",
                "The button reads All caught up and the red number has gone from the bell.",
            ),
            click(
                "#help",
                "The question mark",
                "A Quick help box explains how to change a mark.",
            ),
            press("Escape", "Shut it", "The help box has closed."),
        ],
    ),
    "h15-birthday": (
        "table-booking",
        "Ember & Vine: a window table for four on Saturday, a birthday",
        [
            click("#pPlus", "There'll be three of us", "The guests box reads 3 guests."),
            click("#pPlus", "Make that four", "It reads 4 guests."),
            click(
                ".day[data-d='12']",
                "Saturday the twelfth",
                "Sat 12 is dark and 18:30 and 20:00 are crossed out.",
            ),
            click(
                ".tm[data-t='19:30']",
                "Half past seven",
                "19:30 is orange and some tables on the plan are grey with a cross.",
            ),
            click(
                ".tbl[data-n='4']",
                "The round window table for four, the one nearest the bar",
                "Table 4 is orange and the summary says Table 4, 4 seats, by the window.",
            ),
            click(
                ".oc[data-o='Birthday']",
                "We're celebrating her birthday",
                "The cake is outlined in orange and the text says they'll bring a candle.",
            ),
            typ(
                "#nm",
                "Nadia Rahman",
                "Put it under Nadia Rahman",
                "The name box reads Nadia Rahman.",
            ),
            typ(
                "#mob",
                "07700 900412",
                "My mobile is 07700 900412",
                "The mobile box reads 07700 900412.",
            ),
            press(
                "Enter",
                "Book the table",
                "A window says See you on Saturday, Nadia!: table 4 for 4 at 19:30, birthday "
                "noted.",
            ),
            click(
                "#okDone",
                "Lovely, that's it",
                "The window has closed and the bookings icon at the top shows 2.",
            ),
        ],
    ),
    "h15-terrace": (
        "table-booking",
        "Ember & Vine: outside on Friday at six with a high chair",
        [
            click(
                ".day[data-d='11']",
                "This Friday",
                "Fri 11 is picked and seven o'clock is crossed through.",
            ),
            click(
                ".chip[data-a='terrace']",
                "We want to sit outside",
                "The Terrace filter is on and only the terrace tables are bright on the plan.",
            ),
            click(
                ".tm[data-t='18:00']",
                "Six o'clock",
                "18:00 is orange; the two terrace tables in view, 10 and 11, are still free.",
            ),
            click(
                ".tbl[data-n='11']",
                "The bigger table out there",
                "Table 11 is orange; the summary says 4 seats, terrace.",
            ),
            click("#pPlus", "With the baby we're three", "The guests box says 3 guests."),
            click(
                "#hc",
                "She'll need a high seat",
                "The switch beside High chair is green.",
            ),
            typ(
                "#req",
                "Somewhere out of the wind if possible",
                "Ask for a spot sheltered from the wind",
                "The notes box reads Somewhere out of the wind if possible.",
            ),
            typ("#nm", "Owen Price", "The booking's for Owen Price", "Name: Owen Price."),
            click(
                "#go",
                "Reserve",
                "See you on Friday, Owen!: table 11 for 3 at 18:00, and a high chair will be "
                "ready.",
            ),
            press("Escape", "Close the confirmation", "The confirmation has gone."),
            scroll(
                600,
                "See what they're cooking",
                "The four dishes of the week and the opening hours are showing.",
            ),
        ],
    ),
    "h15-whitaker": (
        "table-booking",
        "Ember & Vine: cancelling, restoring and then changing Friday's booking",
        [
            click(
                "#mine",
                "Check the reservation I already have",
                "A My reservations panel: Friday 11 December, 20:00, 2 guests, table 6.",
            ),
            click(
                ".bin[data-r='EV-3107']",
                "Get rid of it",
                "A window asks whether to cancel Friday's table for 2.",
            ),
            click(
                "#cYes",
                "Yes, cancel the booking",
                "The panel says No upcoming reservations and a message offers Undo.",
            ),
            click(
                "#undo",
                "Oh no, bring it back",
                "Friday 11 December at 20:00 is in the panel again.",
            ),
            click(
                ".chg[data-r='EV-3107']",
                "Change it instead",
                "The panel has closed; on the right, a yellow note says Changing booking "
                "EV-3107 and table 6 is orange.",
            ),
            click(
                ".tm[data-t='20:30']",
                "Half an hour later",
                "20:30 is now the orange time.",
            ),
            click("#pPlus", "A friend is joining us", "3 guests."),
            click(
                ".tbl[data-n='4']",
                "Move us to the round table at the right-hand window",
                "Table 4 is orange and the summary says by the window.",
            ),
            click(
                ".oc[data-o='Business']",
                "It's for work",
                "The briefcase is outlined and the text says a quiet table.",
            ),
            click(
                "#go",
                "Save the changes",
                "Booking updated: EV-3107, Friday 11 December at 20:30, 3 guests, table 4.",
            ),
            click("#okDone", "Fine", "The window has closed."),
            click(
                "#call",
                "What's their phone number?",
                "A dark message at the bottom gives 0117 496 0321.",
            ),
        ],
    ),
    "h15-viaje": (
        "flashcard-decks",
        "Flipdeck: a short session on the Spanish travel deck",
        [
            click(
                ".deck[data-d='1']",
                "The travel one, with the blue suitcase",
                "The heading reads Spanish · Travel: 8 cards, 3 due.",
            ),
            click(
                "#study",
                "Start practising",
                "A big white card with a red train and el tren; Card 1 of 6.",
            ),
            click(
                "#big",
                "Turn it over",
                "The back says the train with El tren sale a las ocho., and four coloured "
                "buttons appear below.",
            ),
            click(
                ".rate[data-r='Good']",
                "I knew that",
                "Card 2 of 6: el billete with a yellow ticket.",
            ),
            click("#big", "Show me the answer", "The back reads the ticket."),
            click(
                ".rate[data-r='Again']",
                "Forgot it, ask me again soon",
                "Card 3 of 7: el mapa, with a green map.",
            ),
            click(
                "#say",
                "How's it pronounced?",
                "Next to the speaker it reads “el mapa” (Spanish).",
            ),
            click("#big", "Flip", "The back reads the map."),
            click(
                ".rate[data-r='Easy']",
                "Far too easy",
                "Card 4 of 7: la llave, with a gold key.",
            ),
            press(
                "Escape",
                "Stop there",
                "Nice work: 3 cards reviewed, with Again 1, Good 1 and Easy 1 in colour.",
            ),
            click(
                "#doneBtn",
                "Back to the deck",
                "The travel deck shows 0 due and 4 known.",
            ),
        ],
    ),
    "h15-casa": (
        "flashcard-decks",
        "Flipdeck: two new Italian cards, then deleting one and taking it back",
        [
            click(
                ".deck[data-d='2']",
                "The Italian deck, with the door",
                "Italian · Home is open: 6 cards.",
            ),
            click(
                "#add",
                "Make a new card",
                "A New card for Italian · Home window with empty Front and Back boxes.",
            ),
            typ("#aFront", "la finestra", "Front: la finestra", "Front reads la finestra."),
            typ("#aBack", "the window", "On the back, the window", "Back reads the window."),
            click(
                ".pk[data-k='window']",
                "With the window picture",
                "The first little picture, a brown-framed window, is outlined in purple.",
            ),
            press(
                "Enter",
                "Add it",
                "Green text says Added “la finestra”. Add another? and both boxes are empty.",
            ),
            typ("#aFront", "la sedia", "Next one, la sedia", "Front reads la sedia."),
            typ("#aBack", "the chair", "Meaning the chair", "Back reads the chair."),
            press("Enter", "Add that too", "Green text says Added “la sedia”."),
            press("Escape", "Close it", "The window is gone and the deck has 8 cards."),
            scroll(
                500,
                "Scroll down to see them",
                "la finestra and la sedia are at the bottom with blue New tags.",
            ),
            click(
                ".del[data-i='4']",
                "Delete the book card",
                "il libro has disappeared and a message at the bottom offers Undo.",
            ),
            click("#undo", "Undo", "il libro is back and the message says Card restored."),
        ],
    ),
    "h15-queso": (
        "flashcard-decks",
        "Flipdeck: quieter settings, English first, a starred and edited cheese card",
        [
            click(
                "#gear",
                "Settings",
                "A Study settings box with a daily goal of 20 and two purple switches.",
            ),
            click("#gPlus", "Up my daily goal by five", "The daily goal reads 25."),
            click(
                "#snd",
                "No sound effects",
                "The switch on the Sound effects line is grey.",
            ),
            press(
                "Escape",
                "Close settings",
                "The box has gone; the sidebar says 0 of 25 cards reviewed.",
            ),
            click(
                "#rev",
                "Show me the English first",
                "The switch is purple and the first card says the apple in big letters.",
            ),
            typ(
                "#find",
                "que",
                "Look for the cheese",
                "1 of 8 cards match “que”: the cheese, el queso.",
            ),
            click(
                ".star[data-i='2']",
                "Star it",
                "The star is yellow and a message says Starred “el queso”.",
            ),
            click(
                ".pen[data-i='2']",
                "Edit the card",
                "An Edit card window with el queso and the cheese; the example is empty.",
            ),
            typ(
                "#eEx",
                "Me encanta el queso manchego.",
                "Add an example: Me encanta el queso manchego.",
                "The example box reads Me encanta el queso manchego.",
            ),
            press(
                "Enter",
                "Save it",
                "The window closed; the message says Saved “el queso” with an example.",
            ),
            click("#fx", "Clear the search", "All 8 cards are listed again."),
            click(
                "#study",
                "Practise this deck",
                "Card 1 of 6 shows the apple with a red apple.",
            ),
            click(
                "#say",
                "Play the word",
                "Beside the speaker: Sound is off in settings.",
            ),
        ],
    ),
}


def main(out: Path) -> None:
    write_sources(TASKS, NEW_PAGES, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "src")
