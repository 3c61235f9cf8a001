"""Write the ninth held-out set's sources (task.json + a copy of the page).

A ninth held-out set, for when the eighth (``tasks-heldout8/``) has been looked at: written
on 7 December 2026 from the pages' screenshots and behaviour only, the way an annotator
watching the video writes them, without reading the target finder, the scorer or the list
of what they handle. All three of its pages (password-vault, ev-charging, workout-log) are
new, written for this set and kept in ``pages/`` beside this script (plain single-file HTML,
no external resources, deterministic), of kinds no earlier set used. Nothing may be tuned on
them. The ``selector`` of each action only drives the recorder; it is stripped from
``data.jsonl``.

    python tasks-heldout9/make_sources.py /tmp/held9-src
    iwr tasks record --tasks /tmp/held9-src
    python tasks-described/publish.py /tmp/held9-src tasks-heldout9
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluator.recording.sources import Sources, click, press, scroll, typ, write_sources

HERE = Path(__file__).resolve().parent
# The pages written for this set, in the bundled layout (task.json + reference/).
NEW_PAGES = HERE / "pages"

TASKS: Sources = {
    "h9-github": (
        "password-vault",
        "Keyhold: finding GitHub, showing and copying its password, favourites",
        [
            typ(
                "#q",
                "git",
                "Look for GitHub",
                "Only GitHub is left in the list, under Results for “git”.",
            ),
            press(
                "Enter",
                "Open the first result",
                "GitHub's details are on the right: username maralind and a password hidden "
                "behind dots.",
            ),
            click("#eye", "Let me see the password", "The password reads gh!Quartz-Otter-2041."),
            click(
                "#cpPw",
                "Copy it",
                "A dark message at the bottom says the password was copied and clears in 90 "
                "seconds.",
            ),
            click(
                "#star",
                "Star this one",
                "The star by GitHub's name is filled in yellow and a message says GitHub was "
                "added to Favourites.",
            ),
            click(
                "#clearQ",
                "Get rid of the search",
                "The search box is empty and the whole vault is listed again, 13 items, with a "
                "yellow star on the GitHub row.",
            ),
            click(
                ".nav[data-v='fav']",
                "Show me just my favourites",
                "Favourites is selected on the left: 5 items, GitHub among them.",
            ),
            click(
                ".row[data-id='amazon']",
                "Open Amazon, the first one",
                "Amazon's details show mara.lind@postbox.eu and a strong password.",
            ),
            click(
                "#star",
                "Actually, take it out of the favourites",
                "Amazon has gone from the list, which now has 4 items; its star is empty.",
            ),
        ],
    ),
    "h9-netflix": (
        "password-vault",
        "Keyhold: the weak-password report, a generated password for Netflix",
        [
            click(
                ".nav[data-v='watch']",
                "Check which passwords are weak",
                "Watchtower lists 3 weak passwords, IronWorks Gym, Netflix and Spotify, each with "
                "a red Weak tag.",
            ),
            click(
                ".row[data-id='netflix']",
                "Open the second one",
                "Netflix's details: a short red strength bar marked Weak, last changed 30 Mar "
                "2021.",
            ),
            click(
                "#editBtn",
                "Edit it",
                "An Edit Netflix form with boxes for the name, username, password (sunshine1) and "
                "website.",
            ),
            click(
                "#dice",
                "Roll a new password",
                "A Generate password window shows a 16-character password with length 16.",
            ),
            click(
                "#len",
                "Drag the length to about the middle",
                "The length reads 24 and the password is longer.",
            ),
            click(
                "#tSym",
                "No symbols please",
                "The symbols switch is grey and the password has only letters and digits.",
            ),
            click(
                "#genUse",
                "Use that one",
                "The window is gone and the password box holds the new 24-character password.",
            ),
            click(
                "#save",
                "Save the changes",
                "Netflix's password is now Strong, changed 7 Dec 2026; a message says Netflix "
                "updated and Watchtower's red count shows 2.",
            ),
            click(
                ".row[data-id='gym']",
                "Now the gym one",
                "IronWorks Gym is open: username mlind90, a Weak password.",
            ),
            click(
                "#kebab",
                "Open its menu",
                "A small menu with Duplicate and a red Move to Trash.",
            ),
            press("Escape", "Never mind", "The menu is closed."),
        ],
    ),
    "h9-cabin": (
        "password-vault",
        "Keyhold: a new secure note, trashing Dropbox and undoing it, locking and unlocking",
        [
            click(
                "#newBtn",
                "Add something new",
                "A menu drops down from the blue plus: Login, Payment card and Secure note.",
            ),
            click(
                "#newMenu button[data-k='note']",
                "A secure note",
                "A New secure note form with an empty title and note.",
            ),
            typ("#eName", "Cabin Wi-Fi", "Title it Cabin Wi-Fi", "The title box says Cabin Wi-Fi."),
            typ(
                "#eNote",
                "Network Lakeside-5G, password pinecone-77",
                "Write down the network and its password",
                "The note reads Network Lakeside-5G, password pinecone-77.",
            ),
            click(
                "#save",
                "Save it",
                "Cabin Wi-Fi is third in the list and its note is shown; All items counts 14 and "
                "a message says Cabin Wi-Fi saved.",
            ),
            click(
                ".row[data-id='dropbox']",
                "Open Dropbox, right under it",
                "Dropbox's details: mara.lind@postbox.eu and a hidden password.",
            ),
            click("#kebab", "More options", "A menu with Duplicate and Move to Trash."),
            click(
                "#toTrash",
                "Bin it",
                "A window asks Move Dropbox to Trash?, with Cancel and a red button.",
            ),
            click(
                "#trashYes",
                "Yes, do it",
                "Dropbox is gone from the list, Trash shows 1 and a message at the bottom has an "
                "Undo.",
            ),
            click(
                "#undo",
                "Undo that",
                "Dropbox is back in the list and open on the right; the message says Dropbox is "
                "back.",
            ),
            click(
                "#lockBtn",
                "Lock the vault",
                "A dark screen says Keyhold is locked and asks for the master password.",
            ),
            typ(
                "#master",
                "blue-harbour-42",
                "Type the master password, blue-harbour-42",
                "The box shows a row of dots.",
            ),
            press(
                "Enter",
                "Unlock",
                "The vault is back with Dropbox open and a message says Vault unlocked.",
            ),
        ],
    ),
    "h9-fast": (
        "ev-charging",
        "Voltstop: a free CCS charger, a higher limit, paying from the wallet, stopping, rating",
        [
            click(
                ".chip[data-c='CCS']",
                "Only chargers with a CCS plug",
                "CCS is dark and bays 1 to 6 are shown.",
            ),
            click(
                "#avail",
                "Hide the ones I can't use now",
                "The switch is green and only bays 1, 2, 5 and 6 are left, all Available.",
            ),
            click(
                ".bay[data-n='6']",
                "Take the 350 kW one",
                "Bay 6 has a green outline; the panel on the right shows Bay 6 at £0.85 per kWh, "
                "charging to 80%: 35.6 kWh, about 12 min, £30.26.",
            ),
            click(
                "#tPlus",
                "Charge a bit more",
                "85%: 39.5 kWh, about 13 min, £33.55.",
            ),
            click("#tPlus", "And a bit more again", "90%: 43.3 kWh, about 14 min, £36.84."),
            click(
                "#payBtn",
                "Change how I pay",
                "A list opens under the card: Visa •• 4417, Voltstop wallet · £12.40 and Add a "
                "card.",
            ),
            click(
                "#payMenu button[data-pay='wallet']",
                "Use my Voltstop balance",
                "Pay with now says Voltstop wallet · £12.40.",
            ),
            click(
                "#start",
                "Start charging",
                "Charging · Bay 6: a green ring at 41% of 90%, 5.4 kWh and £4.61 so far.",
            ),
            click(
                "#stopBtn",
                "Stop the charge",
                "A window asks Stop charging now? with Keep charging and a red Stop.",
            ),
            click(
                "#stopYes",
                "Yes, stop",
                "All done: 5.4 kWh in 6 min, £4.61 paid with the Voltstop wallet; the Ioniq 5 is "
                "at 41%.",
            ),
            click(
                ".stars button[data-star='4']",
                "Give the charger four stars",
                "Four stars are yellow and it says Thanks for rating Bay 6!",
            ),
        ],
    ),
    "h9-van": (
        "ev-charging",
        "Voltstop: the van, the slow plug, a lower limit, holding bay 2",
        [
            click(
                "#carBtn",
                "Switch cars",
                "A list under the car shows the Ioniq 5, the Work van (e-Transit) and Add a "
                "vehicle.",
            ),
            click(
                "#carMenu button[data-car='van']",
                "I'm in the van today",
                "The top bar shows Work van 22% and a message says Switched to Work van.",
            ),
            click(
                ".bay[data-n='2']",
                "Bay 2",
                "The panel shows Bay 2 with CCS picked: Charge Work van to 80%, 39.4 kWh, about "
                "59 min, £27.21.",
            ),
            click(
                ".copt[data-con='Type 2']",
                "Use the slower plug instead",
                "Type 2 is outlined green: about 4 h 29 min, still £27.21.",
            ),
            click(
                "#target",
                "Click the percentage",
                "The 80% has a green ring around it.",
            ),
            press(
                "ArrowDown",
                "Bring it down a step",
                "75%: 36.0 kWh, about 4 h 6 min, £24.87.",
            ),
            click(
                "#hold",
                "Keep this bay for me",
                "A window offers to hold Bay 2 for 15 min, until 14:35, for £1.00.",
            ),
            click("#resPlus", "A little longer", "20 min: held until 14:40 · £2.00."),
            click(
                "#resYes",
                "Confirm",
                "A yellow note says Bay 2 is held for you until 14:40, and the Bay 2 card shows "
                "an orange dot with the same time.",
            ),
        ],
    ),
    "h9-report": (
        "ev-charging",
        "Voltstop: reporting the broken bay, reading the notifications",
        [
            scroll(
                600,
                "Scroll down to the bottom",
                "The Report a problem form is on screen beside At this hub and the reviews.",
            ),
            click(
                "#repBay button[data-rb='3']",
                "It's bay 3",
                "The 3 among the bay numbers is dark.",
            ),
            click(
                ".radio[data-is='0']",
                "The screen's not working",
                "Screen not working is the chosen answer, with a green dot.",
            ),
            typ(
                "#repText",
                "Screen is black and the card reader just beeps",
                "Describe what happens",
                "The box reads Screen is black and the card reader just beeps.",
            ),
            press(
                "Enter",
                "Send it",
                "A message says report #4471 was sent for Bay 3 and the form is empty again.",
            ),
            scroll(-600, "Back up to the top", "The charger cards are on screen again."),
            click(
                "#bell",
                "Check my notifications",
                "Two notifications: Bay 3 is out of order, and a receipt for 2 Dec.",
            ),
            click(
                "#readAll",
                "Mark them as read",
                "The red number on the bell is gone and neither notification is highlighted.",
            ),
            press("Escape", "Close that", "The notifications are closed."),
        ],
    ),
    "h9-bench": (
        "workout-log",
        "Repset: logging a bench set, rest, the plate calculator, the last set",
        [
            typ(
                "input[data-k='1:2']",
                "62.5",
                "Put 62.5 kg for the next bench set",
                "The kg box of bench set 2 reads 62.5.",
            ),
            press("Enter", "Go to the reps", "The reps box next to it has the cursor."),
            typ("input[data-r='1:2']", "6", "Six reps", "The reps box reads 6."),
            press(
                "Enter",
                "Tick it off",
                "That row turns green; a rest bar at the bottom shows 1:30; Sets done 3 of 13 and "
                "volume 1,255 kg.",
            ),
            click("#rPlus", "Give me fifteen seconds more", "The rest bar shows 1:45."),
            click("#skip", "Skip the rest", "The rest bar is gone."),
            click(
                ".platebtn[data-plate='1']",
                "Work out the plates",
                "A Plate calculator shows 60 kg: a blue 20 on each side of the bar.",
            ),
            click(
                "#pPlus",
                "Add two and a half kilos",
                "62.5 kg: each side is 20 + 1.25 kg.",
            ),
            press("Escape", "Close it", "The plate calculator is gone."),
            click(
                ".tick[data-tick='1:3']",
                "Done the last bench set, same as last time",
                "Set 3 is green with 60 and 7 filled in; volume 1,675 kg; the rest bar is back at "
                "1:30.",
            ),
        ],
    ),
    "h9-swap": (
        "workout-log",
        "Repset: replacing the overhead press, adding two arm exercises",
        [
            click(
                ".kebab[data-menu='2']",
                "Open the options for the overhead press",
                "A menu: Add a note, Replace exercise, Move up, Move down and a red Remove "
                "exercise.",
            ),
            click(
                "button[data-act='replace'][data-id='2']",
                "Swap it for something else",
                "A Replace Overhead press window with a search box, muscle tabs and a list.",
            ),
            typ(
                "#libQ",
                "arnold",
                "Search for the Arnold press",
                "Only Arnold press (Dumbbell · Shoulders) is listed.",
            ),
            press("Enter", "Pick it", "Arnold press is highlighted blue with its box ticked."),
            click(
                "#libGo",
                "Replace",
                "The second card is now Arnold press, Dumbbell, with empty sets; a message says "
                "Overhead press replaced with Arnold press.",
            ),
            scroll(
                700,
                "Go down to the end",
                "The Triceps pushdown card and the dashed Add exercises button are on screen.",
            ),
            click("#addEx", "Add more exercises", "An Add exercises window with every exercise."),
            click(
                "#tabs button[data-tab='Arms']",
                "Only arms",
                "Arms is underlined: Hammer curl, Skull crusher and Triceps pushdown.",
            ),
            click(
                ".lrow[data-lib='Hammer curl']",
                "Tick the curls",
                "Hammer curl is highlighted and the button says Add 1 exercise.",
            ),
            click(
                ".lrow[data-lib='Skull crusher']",
                "And the skull crushers",
                "Both are ticked and the button says Add 2 exercises.",
            ),
            click(
                "#libGo",
                "Add them",
                "The window is gone; a message says Added Hammer curl and Skull crusher.",
            ),
        ],
    ),
    "h9-done": (
        "workout-log",
        "Repset: a note on the pushdowns, a warm-up set, finishing and rating the workout",
        [
            scroll(
                500,
                "Scroll down to the triceps",
                "The Triceps pushdown card with its three sets is on screen.",
            ),
            click(
                ".kebab[data-menu='4']",
                "Three dots on the triceps one",
                "Its menu opens: Add a note, Replace exercise, Move up and Remove exercise.",
            ),
            click(
                "button[data-act='note'][data-id='4']",
                "Add a note to it",
                "A yellow box under Triceps pushdown waits for a note.",
            ),
            typ(
                "#noteIn",
                "Rope attachment, slow on the way up",
                "Note: rope attachment, slow on the way up",
                "The yellow box reads Rope attachment, slow on the way up.",
            ),
            press(
                "Enter",
                "Keep the note",
                "The note is pinned under Triceps pushdown and a message says Note saved.",
            ),
            click(
                ".setn[data-setn='4:0']",
                "Make its first set a warm-up",
                "The first set's number has become an orange W.",
            ),
            click(
                ".tick[data-tick='4:0']",
                "Tick that warm-up",
                "The W row is green with 25 kg × 12 and the rest bar shows 1:30.",
            ),
            click(
                "#finish",
                "Finish the workout",
                "A window asks Finish with 10 sets not done?",
            ),
            click(
                "#cYes",
                "Finish anyway",
                "Nice work, Mara!: 41 min, 3 sets, 1,180 kg, and five faces to rate it.",
            ),
            click(
                "#faces button[data-face='4']",
                "The smiley face, second from the right",
                "That face has a green ring.",
            ),
            typ(
                "#sumNote",
                "Shoulder felt fine today",
                "Add that the shoulder felt fine",
                "The notes read Shoulder felt fine today.",
            ),
            click(
                "#sumSave",
                "Save the workout",
                "Push day saved: it's in the history with 3 sets and 1,180 kg lifted.",
            ),
        ],
    ),
}


def main(out: Path) -> None:
    write_sources(TASKS, NEW_PAGES, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "src")
