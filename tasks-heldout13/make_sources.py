"""Write the thirteenth held-out set's sources (task.json + a copy of the page).

A thirteenth held-out set: written on 7 December 2026 from the pages' screenshots and
behaviour only, the way an annotator watching the video writes them, without reading the
target finder, the scorer or the list of what they handle. All three of its pages
(gym-timetable, home-search, vet-portal) are new, written for this set and kept in
``pages/`` beside this script (plain single-file HTML, no external resources,
deterministic), of kinds no earlier set used. Nothing may be tuned on them. The
``selector`` of each action only drives the recorder; it is stripped from ``data.jsonl``.

    python tasks-heldout13/make_sources.py /tmp/held13-src
    iwr tasks record --tasks /tmp/held13-src
    python tasks-described/publish.py /tmp/held13-src tasks-heldout13
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluator.recording.sources import Sources, click, press, scroll, typ, write_sources

HERE = Path(__file__).resolve().parent
# The pages written for this set, in the bundled layout (task.json + reference/).
NEW_PAGES = HERE / "pages"

TASKS: Sources = {
    "h13-spin": (
        "gym-timetable",
        "Pulse: a Wednesday spin class with a friend, a waitlist, a favourite, the alert",
        [
            click(
                ".day[data-d='2']",
                "Switch to Wednesday",
                "Wed 9 is the purple day and the list starts with Boxing Fit at 06:30.",
            ),
            click(
                ".chip[data-t='Spin']",
                "Just the bike classes",
                "Two classes are left: Rhythm Ride at 18:30, full, and Spin 45 at 19:30 with 7 "
                "spots left.",
            ),
            click(
                ".act[data-id='0-2-6']",
                "Book the half seven one",
                "A booking window for Spin 45 on Wednesday 9 December at 19:30 with Marcus Cole.",
            ),
            click(
                "#gPlus",
                "I'm bringing someone",
                "Bring a friend shows 1, a Friend's name box has appeared and it says Uses 2 "
                "credits.",
            ),
            typ(
                "#friend",
                "Tom Reilly",
                "He's called Tom Reilly",
                "The friend's name box reads Tom Reilly.",
            ),
            click(
                "#mat",
                "I'll need to hire a mat as well",
                "The mat switch is purple and the line below mentions mat hire £2 at the desk.",
            ),
            click(
                "#bYes",
                "Go ahead and book",
                "The window has closed; Spin 45 shows Booked, My week lists Spin 45 +1 on Wed 9 "
                "and the credits read 4 of 10.",
            ),
            click(
                ".act[data-id='0-2-5']",
                "Get me on the list for the full one",
                "Rhythm Ride's button now reads On waitlist · 5th and a message says so.",
            ),
            click(
                ".fav[data-id='0-2-5']",
                "Heart that one too",
                "Rhythm Ride's heart is red and the Favourites box lists Rhythm Ride · Wed 9 "
                "18:30.",
            ),
            click(
                "#bell",
                "What's the red 1 about?",
                "A white panel says a place opened up in a class and that it's yours.",
            ),
            press("Escape", "Close that", "The panel has gone."),
        ],
    ),
    "h13-anya": (
        "gym-timetable",
        "Pulse: searching the week for a teacher, booking and undoing, then boxing",
        [
            typ(
                "#q",
                "anya",
                "Find Anya's classes",
                "Results for “anya”: 12 classes this week, Monday's first.",
            ),
            press(
                "Enter",
                "Book the first one I can get into",
                "A booking window for Mat Pilates on Monday 7 December at 17:30.",
            ),
            press("Escape", "No, not that", "The window is closed and the results are back."),
            click(
                "#hide",
                "Leave out the ones with no room",
                "The switch by Hide full classes is purple and the results count 9 classes.",
            ),
            scroll(
                700,
                "Scroll down to the weekend",
                "Saturday 12 December's classes are in view.",
            ),
            click(
                ".act[data-id='0-5-2']",
                "Saturday morning at quarter past nine",
                "A booking window for Sunrise Flow on Saturday 12 December at 09:15.",
            ),
            click(
                "#bYes",
                "Confirm",
                "A dark message at the bottom says Booked: Sunrise Flow, Sat 12 at 09:15, with "
                "an Undo.",
            ),
            click(
                "#undo",
                "Undo that",
                "The message has gone and Saturday's Sunrise Flow has a Book button again.",
            ),
            click(
                "#qx",
                "Get rid of the search",
                "The search box is empty and Monday's timetable is back.",
            ),
            typ(
                "#q",
                "box",
                "Look up the boxing sessions",
                "Results for “box”: 6 classes, all Boxing Fit.",
            ),
            press(
                "Enter",
                "Open the first",
                "A booking window for Boxing Fit on Monday 7 December at 07:30 with Sam Okoye.",
            ),
        ],
    ),
    "h13-harbour": (
        "gym-timetable",
        "Pulse: cancelling Tuesday's class, another studio's Thursday yoga, the account menu",
        [
            click(
                ".x[data-id='0-1-5']",
                "I can't make Tuesday's boxing any more",
                "A window asks Cancel Boxing Fit on Tuesday 8 December?",
            ),
            click(
                "#cYes",
                "Yes, drop it",
                "Only Spin 45 is left under My week, the credits read 7 of 10 and a message says "
                "Boxing Fit was cancelled.",
            ),
            click(
                "#locBtn",
                "Pick a different studio",
                "A menu lists Pulse Northside, Pulse Harbour Quay and Pulse Old Mill.",
            ),
            click(
                ".locItem[data-l='1']",
                "The one by the harbour",
                "The heading reads Harbour Quay timetable.",
            ),
            click(
                ".day[data-d='3']",
                "Thursday's classes",
                "Thu 10 is picked and the list starts with HIIT Circuit at 06:30, full.",
            ),
            click(
                ".chip[data-t='Yoga']",
                "Yoga only",
                "Two yoga classes: Power Yoga at 12:15 and Sunrise Flow at 17:30.",
            ),
            click(
                ".act[data-id='1-3-4']",
                "The after-work one",
                "A booking window for Sunrise Flow on Thursday 10 December at 17:30 at Pulse "
                "Harbour Quay.",
            ),
            click("#mat", "Hire me a mat", "The mat switch is on."),
            click(
                "#bYes",
                "Book me in",
                "Sunrise Flow shows Booked and My week lists it for Thu 10 at Harbour Quay; 6 of "
                "10 credits left.",
            ),
            click(
                "#me",
                "The yellow circle with my initials",
                "A menu with My account, Membership, Payment details and Sign out.",
            ),
            press("Escape", "Close it", "The menu is gone."),
        ],
    ),
    "h13-garden": (
        "home-search",
        "Keystone: three bedrooms with a garden, saving the cheapest, the bungalow's photos",
        [
            click(
                ".seg[data-b='3']",
                "At least three bedrooms",
                "3+ is dark green and the count reads 5 homes for sale in Bristol.",
            ),
            click(
                "#gsw",
                "It has to have a garden",
                "The garden switch is on and 4 homes are left.",
            ),
            click(
                "#pm",
                "Knock the budget down a notch",
                "The top price reads £425,000 and 3 homes are left.",
            ),
            click(
                ".heart[data-id='a4']",
                "Save the cheapest of them",
                "The £349,000 house on Cannon Street has a red heart and the saved count at the "
                "top shows 2.",
            ),
            click(
                ".card[data-id='a10']",
                "Open the bungalow",
                "A panel for Kings Drive, Bishopston slides in: £375,000, the outside picture, "
                "1 / 4.",
            ),
            click("#next", "Next picture", "The picture is the living room, 2 / 4."),
            click(
                ".pd[data-i='3']",
                "Jump to the last photo",
                "The garden picture, 4 / 4.",
            ),
            typ(
                "#ask",
                "Is the garden south facing?",
                "Ask the agent whether the garden faces south",
                "The question box reads Is the garden south facing?",
            ),
            press(
                "Enter",
                "Send the question",
                "Under the box: Sent to Harper & Lowe, with the question.",
            ),
            press("Escape", "Close the details", "The panel is gone; the three results show."),
        ],
    ),
    "h13-clifton": (
        "home-search",
        "Keystone: a flat to rent in Clifton and a Saturday viewing",
        [
            click(
                ".mode[data-m='rent']",
                "I want to rent, not buy",
                "Rent is underlined and the count reads 6 homes to rent in Bristol.",
            ),
            typ("#loc", "Clifton", "Around Clifton", "The search box reads Clifton."),
            press("Enter", "Search", "4 homes to rent in Clifton."),
            click(
                ".tchip[data-t='Flat']",
                "Flats, not houses",
                "Flat is highlighted and 3 flats are left.",
            ),
            click(
                ".card[data-id='r1']",
                "Open the Whiteladies Road one",
                "The details of Whiteladies Road, Clifton: £1,650 pcm, 2 bedrooms.",
            ),
            click(
                "#viewBtn",
                "I'd like to go and see it",
                "A Book a viewing window with days Tue 8 to Sun 13 and five times.",
            ),
            click(".vd[data-i='4']", "Saturday", "Sat 12 is dark green."),
            click(".vt[data-i='1']", "Eleven o'clock", "11:00 is dark green as well."),
            typ("#vName", "Priya Shah", "My name's Priya Shah", "The name box reads Priya Shah."),
            press(
                "Enter",
                "Request it",
                "Viewing requested: Saturday 12 December at 11:00, for Priya Shah.",
            ),
            click("#vDone", "OK, done", "The window is gone and the flat's details are showing."),
        ],
    ),
    "h13-saved": (
        "home-search",
        "Keystone: saving two more homes, sharing one, tidying the saved list",
        [
            scroll(500, "Scroll down the results", "The bottom row of homes is in view."),
            click(
                ".heart[data-id='a10']",
                "Save the bungalow with the green door",
                "Its heart is red and the saved count is 2.",
            ),
            click(
                ".card[data-id='a11']",
                "Now the cheapest one, right next to it",
                "East Street, Bedminster: £198,000, a one-bedroom flat.",
            ),
            click(
                "#share",
                "Share it",
                "A message says the link to this home was copied.",
            ),
            click(
                "#dSave",
                "Keep this one too",
                "The button reads Saved and the count at the top shows 3.",
            ),
            press("Escape", "Close it", "The details panel has gone."),
            scroll(-500, "Back up to the top", "The search bar and filters are in view."),
            click(
                "#savedBtn",
                "Show what I've saved",
                "A Saved homes list: Royal York Crescent, Kings Drive and East Street.",
            ),
            click(
                ".rm[data-id='a8']",
                "I won't need the first one",
                "Royal York Crescent has gone from the list and a message offers Undo.",
            ),
            click("#undo", "Put it back", "Royal York Crescent is in the list again, at the end."),
            press("Escape", "Close the list", "The saved list is closed."),
        ],
    ),
    "h13-miso": (
        "vet-portal",
        "Pawfield: the cat's overdue vaccine, booked through the four steps",
        [
            click(
                ".pet[data-p='1']",
                "Show the cat",
                "Miso is ringed and her overview says British Shorthair, 4.8 kg.",
            ),
            click(
                ".tab[data-tab='vax']",
                "Her jabs",
                "Two vaccines: Cat flu and enteritis, due soon, and Feline leukaemia, overdue.",
            ),
            click(
                ".vbook[data-v='1']",
                "Book the overdue one",
                "A Book an appointment for Miso window on step 1, Vaccination picked.",
            ),
            click("#bNext", "Next", "Step 2: three vets and Any vet."),
            click(
                ".vet[data-v='0']",
                "The purple one, Dr Okafor",
                "Dr Amara Okafor's card is outlined.",
            ),
            click("#bNext", "Carry on", "Step 3: a December 2026 calendar and five times."),
            click(".cd[data-d='15']", "Tuesday the 15th", "15 is filled in dark teal."),
            click(".tslot[data-t='2']", "Quarter past eleven", "11:15 is picked."),
            click(
                "#bNext",
                "On to the last step",
                "Step 4 sums it up: Vaccination with Dr Amara Okafor on Tuesday 15 December at "
                "11:15.",
            ),
            typ(
                "#bNotes",
                "She gets very stressed in the carrier",
                "Warn them she hates the carrier",
                "The box reads She gets very stressed in the carrier.",
            ),
            click(
                "#bNext",
                "Book it",
                "Miso's appointments list the vaccination on Tuesday 15 December at 11:15 with "
                "Dr Amara Okafor.",
            ),
        ],
    ),
    "h13-biscuit": (
        "vet-portal",
        "Pawfield: a posted refill of the dog's tablets, a message, his past visits",
        [
            click(
                ".tab[data-tab='meds']",
                "His medicines",
                "Apoquel 16 mg with 9 tablets left, and NexGard Spectra.",
            ),
            click(
                ".refill[data-m='0']",
                "He's nearly out of the tablets, order more",
                "A Request a refill window for Apoquel 16 mg, 30 of them.",
            ),
            click("#qPlus", "Make it forty", "The number reads 40."),
            click(".opt[data-o='post']", "Post them to me", "Post it to me is outlined."),
            click(
                "#rSend",
                "Send it off",
                "The Apoquel card says Refill requested (40, by post).",
            ),
            click(
                "#msgBtn",
                "Check my messages",
                "A Messages panel on the right with a note from Dr Hale.",
            ),
            typ(
                "#msgIn",
                "Could I collect them on Saturday instead?",
                "Ask if I could pick them up on Saturday instead",
                "The message box reads Could I collect them on Saturday instead?",
            ),
            press(
                "Enter",
                "Send",
                "The question is a teal bubble, Just now, with an automatic reply under it.",
            ),
            press("Escape", "Close the messages", "The panel has gone."),
            click(
                ".tab[data-tab='over']",
                "Back to his summary",
                "Biscuit's overview: Cocker spaniel, 14.2 kg, and the weight chart.",
            ),
            scroll(450, "Scroll down to his past visits", "The Past visits list is in view."),
        ],
    ),
    "h13-pepper": (
        "vet-portal",
        "Pawfield: moving the rabbit's nail clip, cancelling and restoring a visit, a sick note",
        [
            click(".pet[data-p='2']", "The rabbit", "Pepper is ringed: Lionhead, 1.6 kg."),
            click(
                ".tab[data-tab='appt']",
                "Her appointments",
                "Two upcoming: Nail clip on 10 December and Dental check on 21 December.",
            ),
            click(
                ".resch[data-a='0']",
                "Move the nail clip",
                "A Reschedule nail clip window with a calendar and times.",
            ),
            click(".cd[data-d='18']", "Friday the 18th", "18 is filled in."),
            click(".tslot[data-t='3']", "Two in the afternoon", "14:00 is picked."),
            click(
                "#rsSave",
                "Save that",
                "The nail clip now reads Friday 18 December at 14:00.",
            ),
            click(
                ".cancelA[data-a='1']",
                "Bin the dental check",
                "A window asks Cancel Pepper's dental check?",
            ),
            click("#caYes", "Yes", "Only the nail clip is left and a message offers Undo."),
            click(
                "#undo",
                "Hang on, bring it back",
                "The dental check on 21 December is listed again.",
            ),
            click(
                "#newAppt",
                "Book something new",
                "A Book an appointment for Pepper window on step 1, nothing picked.",
            ),
            click(
                ".reason[data-r='2']",
                "She's not well",
                "Feeling poorly is outlined and a box asks what seems to be wrong.",
            ),
            typ(
                "#symp",
                "Hasn't touched her hay since yesterday",
                "Say she hasn't eaten her hay since yesterday",
                "The box reads Hasn't touched her hay since yesterday.",
            ),
            press("Escape", "Leave it for now", "The window has closed."),
        ],
    ),
}


def main(out: Path) -> None:
    write_sources(TASKS, NEW_PAGES, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "src")
