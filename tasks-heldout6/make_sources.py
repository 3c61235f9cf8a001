"""Write the sixth held-out set's sources (task.json + a copy of the page).

A sixth held-out set, for when the fifth (``tasks-heldout5/``) has been looked at: written
on 7 December 2026 from the pages' screenshots and behaviour only, the way an annotator
watching the video writes them, without reading the target finder, the scorer or the list
of what they handle. All three of its pages (smart-home, sudoku, bike-builder) are new,
written for this set and kept in ``pages/`` beside this script (plain single-file HTML, no
external resources, deterministic), of kinds no earlier set used. Nothing may be tuned on
them. The ``selector`` of each action only drives the recorder; it is stripped from
``data.jsonl``.

    python tasks-heldout6/make_sources.py /tmp/held6-src
    iwr tasks record --tasks /tmp/held6-src
    python tasks-described/publish.py /tmp/held6-src tasks-heldout6
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluator.recording.sources import Sources, click, press, scroll, typ, write_sources

HERE = Path(__file__).resolve().parent
# The pages written for this set, in the bundled layout (task.json + reference/).
NEW_PAGES = HERE / "pages"


def cell(row: int, col: int) -> str:
    """The sudoku square at a 1-based row and column (the recorder's selector only)."""
    return f".cell[data-i='{(row - 1) * 9 + col - 1}'] input"


TASKS: Sources = {
    "h6-evening": (
        "smart-home",
        "Hearth smart home, an evening in the living room: lamps, a scene, heating, music",
        [
            click(
                ".dev[data-d='floor'] .sw",
                "Turn on the floor lamp",
                "The Floor lamp card goes yellow and reads On · 60%; the living room shows 3 of "
                "4 lights on and the dark strip says 6 lights on at home.",
            ),
            click(
                ".dev[data-d='ceil'] .sw",
                "Switch off the big light on the ceiling",
                "Ceiling light reads Off and its card is white again; 2 of 4 lights on.",
            ),
            click(
                ".dev[data-d='floor'] .br",
                "Set the floor lamp's brightness to about halfway on its slider",
                "The floor lamp reads On · 50%.",
            ),
            press(
                "ArrowRight",
                "A bit brighter",
                "The floor lamp reads On · 60%.",
            ),
            press(
                "ArrowRight",
                "Brighter again",
                "The floor lamp reads On · 70%.",
            ),
            click(
                ".scene[data-s='movie']",
                "Start the film scene",
                "Movie night is outlined in orange; TV backlight and Floor lamp are on at 20%, "
                "the ceiling and reading lights are off and the blinds read Closed.",
            ),
            click(
                "#tup",
                "Warm the room up with the plus",
                "The heating reads 21.0° and under it Heating to 21.0°.",
            ),
            click(
                "#tup",
                "Half a degree more",
                "It reads 21.5°; the strip at the bottom says Heating to 21.5°.",
            ),
            click(
                ".mode[data-m='cool']",
                "Cool it instead, the snowflake",
                "The snowflake button is blue and the line says Cooling to 21.5°.",
            ),
            click(
                "#play",
                "Put some music on in here",
                "The speaker says Playing · Living room speaker under Rain on a tin roof, and "
                "the middle button shows a pause sign.",
            ),
            click(
                "#next",
                "Skip this song",
                "The speaker now plays Low tide.",
            ),
        ],
    ),
    "h6-bedtime": (
        "smart-home",
        "Hearth smart home, going to bed: bedroom lights and blinds, the bell, the sleep scene",
        [
            click(
                ".room[data-r='bedroom']",
                "Go to the room with the bed",
                "The heading reads Bedroom, 0 of 3 lights on; the blinds are Fully open and the "
                "speaker has Night train, paused.",
            ),
            click(
                ".dev[data-d='bedr'] .sw",
                "Turn on the right-hand bedside light",
                "Bedside right is yellow and reads On · 40%; 1 of 3 lights on.",
            ),
            click(
                "#bldn",
                "Lower the blinds with the down arrow",
                "The blinds read 75% open and the little window is partly shaded.",
            ),
            click(
                "#bldn",
                "Bring them down further",
                "The blinds read 50% open.",
            ),
            click(
                ".dev[data-d='ward'] .sw",
                "Light up the wardrobe, the last card",
                "Wardrobe reads On · 100%; 2 of 3 lights on.",
            ),
            click(
                "#bell",
                "See what the bell has for me",
                "A Notifications box lists Back door opened 18:42 and Washing machine finished "
                "17:05; the red 2 on the bell is gone.",
            ),
            press(
                "Escape",
                "Close that",
                "The notifications box is gone.",
            ),
            click(
                ".scene[data-s='sleep']",
                "Time for bed, the moon",
                "Sleep is outlined; only Bedside left is on, at 10%, the blinds read Closed and "
                "the strip says 1 light on at home and Heating to 18.0°.",
            ),
            click(
                ".room[data-r='kitchen']",
                "Check the kitchen",
                "The heading reads Kitchen, 0 of 3 lights on; No blinds in this room and No "
                "speaker in this room.",
            ),
        ],
    ),
    "h6-routine": (
        "smart-home",
        "Hearth smart home, automations: switch one on, delete and undo, make a new one",
        [
            scroll(
                500,
                "Scroll down to the automations",
                "Automations is on screen: 4 automations, 2 active, from Porch light at sunset "
                "to Holiday mode.",
            ),
            click(
                ".auto[data-i='2'] .sw",
                "Turn on the night-time heating rule, the third one",
                "Its switch is green, it says 4 automations, 3 active and a dark box says "
                "Heating down at night is on.",
            ),
            click(
                ".auto[data-i='3'] .bin",
                "Bin the holiday one",
                "Holiday mode is gone: 3 automations, 3 active; the dark box says Deleted "
                "“Holiday mode” with an Undo.",
            ),
            click(
                "#undo",
                "Actually, bring it back",
                "Holiday mode is back at the bottom, 4 automations, 3 active, and the box says "
                "Restored “Holiday mode”.",
            ),
            click(
                "#newa",
                "Add a new one with the orange button",
                "A New automation box opens with an empty Name field and When and Do choices.",
            ),
            typ(
                "#an",
                "Garden off at bedtime",
                "Call it Garden off at bedtime",
                "The name box holds Garden off at bedtime.",
            ),
            click(
                "#when .chip[data-w='22:30']",
                "Have it run at half past ten",
                "The 22:30 choice is filled in orange.",
            ),
            click(
                "#do .chip[data-d='lights off']",
                "Make it turn the lights off",
                "Lights off is filled in orange as well.",
            ),
            press(
                "Enter",
                "Save it",
                "The box closes; Garden off at bedtime · 22:30 · lights off is first in the list "
                "and it says 5 automations, 4 active.",
            ),
            click(
                "#newa",
                "Start another one",
                "The New automation box is open again, its name empty.",
            ),
            press(
                "Escape",
                "Never mind",
                "The box is gone and the list still says 5 automations, 4 active.",
            ),
        ],
    ),
    "h6-easy": (
        "sudoku",
        "Nine sudoku, the easy board: squares by row and column, pad, keys, a mistake, a hint",
        [
            click(
                cell(1, 1),
                "Pick the top-left square",
                "The top-left square is highlighted and its row, column and box are tinted.",
            ),
            click(
                ".num[data-n='3']",
                "Put a 3 there with the pad",
                "A blue 3 is in the corner, Good: 3 in row 1, column 1, and Filled 41/81.",
            ),
            press(
                "ArrowRight",
                "Move one to the right",
                "The second square of the top row is highlighted now.",
            ),
            typ(
                cell(1, 2),
                "5",
                "Type 5 in it",
                "5 is in that square and it says Good: 5 in row 1, column 2.",
            ),
            press(
                "Tab",
                "Go on to the next square",
                "The third square of the top row is highlighted.",
            ),
            typ(
                cell(1, 3),
                "6",
                "Try a 6 there",
                "The 6 is red, it says 6 does not go in row 1, column 3 · 2 mistakes left and "
                "Mistakes 1/3.",
            ),
            press(
                "Delete",
                "Get rid of it",
                "The square is empty again, it says Cleared row 1, column 3; Mistakes stays 1/3.",
            ),
            click(
                ".num[data-n='8']",
                "Eight instead",
                "8 is in the square and it says Good: 8 in row 1, column 3.",
            ),
            click(
                cell(3, 1),
                "Now the first square of the third row",
                "That square is highlighted, under the 7 in the first column.",
            ),
            click(
                ".num[data-n='9']",
                "That's a nine",
                "9 goes in and green text says Column 1 complete!",
            ),
            click(
                cell(2, 2),
                "Select the empty square in the middle of the top-left box",
                "It is highlighted, right of the 7 and above the 1.",
            ),
            click(
                "#hint",
                "Get a hint with the light bulb",
                "A 2 fills the square, it says Hint: 2 goes in row 2, column 2 and the bulb's "
                "badge drops to 2.",
            ),
        ],
    ),
    "h6-notes": (
        "sudoku",
        "Nine sudoku, the medium board: pencil notes, undo, then the record below",
        [
            click(
                "#lv [data-l='medium']",
                "Switch to the middle difficulty",
                "Medium is the chosen level, the board is a new puzzle with Filled 32/81 and it "
                "says New medium puzzle.",
            ),
            click(
                "#notes",
                "Turn on pencil marks",
                "The pencil button is filled, its badge says ON and it reads Notes on: numbers "
                "go in small.",
            ),
            click(
                cell(5, 5),
                "Pick the square right in the middle of the board",
                "The centre square is highlighted.",
            ),
            click(
                ".num[data-n='2']",
                "Pencil in a 2",
                "A small 2 sits in the square and it says Notes in row 5, column 5: 2.",
            ),
            click(
                ".num[data-n='7']",
                "And a 7",
                "Small 2 and 7 in the square; Notes in row 5, column 5: 2 7.",
            ),
            click(
                "#notes",
                "Pencil off again",
                "The badge on the pencil says OFF and it reads Notes off.",
            ),
            click(
                ".num[data-n='2']",
                "Go with the 2",
                "A big 2 replaces the notes, Good: 2 in row 5, column 5, Filled 33/81.",
            ),
            click(
                "#undo",
                "Take that back with the curved arrow",
                "The small 2 and 7 are back, Filled 32/81, and it says Undid the last change in "
                "row 5, column 5.",
            ),
            press(
                "Escape",
                "Deselect",
                "Nothing on the board is highlighted and the message is gone.",
            ),
            scroll(
                500,
                "Scroll down to my record",
                "How to play and Your record are on screen: Easy 24 played, 22 won, best 4:51.",
            ),
        ],
    ),
    "h6-build": (
        "bike-builder",
        "Velo Atelier bike builder: colour, size and the size finder, wheels, gears, the bag",
        [
            click(
                ".sw[data-i='1']",
                "Paint it red",
                "The frame in the picture is red, it says Racing red · +£40 and the total is "
                "£1,490.",
            ),
            click(
                ".sw[data-i='2']",
                "No, the dark green one, third circle",
                "Forest green, the frame is green and the total is back to £1,450.",
            ),
            click(
                ".size[data-i='3']",
                "One size bigger",
                "L is black and it says L · for riders 178–188 cm.",
            ),
            press(
                "ArrowRight",
                "Bigger still",
                "XL is chosen now: for riders 186–196 cm.",
            ),
            click(
                "#guide",
                "Not sure, open the size finder",
                "A yellow box opens asking Your height in cm.",
            ),
            typ(
                "#height",
                "174",
                "I'm 174 centimetres",
                "The height box holds 174.",
            ),
            press(
                "Enter",
                "Work it out",
                "It says At 174 cm we suggest M; size M is now selected, and M is black.",
            ),
            press(
                "Escape",
                "Close the size helper",
                "The yellow box is gone; size M stays.",
            ),
            click(
                ".wc[data-i='2']",
                "Fatter wheels for gravel, the third card",
                "650b gravel is outlined, the summary lists 650b gravel wheels £120 and the total "
                "is £1,570.",
            ),
            click(
                "#gears button[data-i='2']",
                "Electronic shifting",
                "2×12 electronic is black, £650 in the summary and the total is £2,220.",
            ),
            click(
                "#bag",
                "Add it to the bag with the yellow button",
                "Under it: Added to bag: Aurora in Forest green, £2,220; the bag at the top "
                "shows 1.",
            ),
        ],
    ),
    "h6-extras": (
        "bike-builder",
        "Velo Atelier bike builder: extras, bottle cages, a promo code, monthly and delivery",
        [
            click(
                ".ex[data-x='guards'] .tick",
                "Tick the mudguards",
                "The mudguards box is green with a tick, Mudguards £35 is in the summary and the "
                "total is £1,485.",
            ),
            click(
                ".ex[data-x='lights'] .tick",
                "Lights too, the top box",
                "Front and rear lights is ticked and the total is £1,530.",
            ),
            click(
                ".ex[data-x='cages'] .inc",
                "Add a bottle cage",
                "The cage count reads 1, the summary has 1 × bottle cage £9 and the total is "
                "£1,539.",
            ),
            click(
                ".ex[data-x='cages'] .inc",
                "Make that two",
                "It reads 2, 2 × bottle cage £18 and the total is £1,548.",
            ),
            click(
                ".ex[data-x='guards'] .tick",
                "Actually, no mudguards",
                "Mudguards is unticked and the total is £1,513.",
            ),
            typ(
                "#code",
                "spoke10",
                "Put in the promo code spoke10",
                "The code box shows SPOKE10 in capitals.",
            ),
            press(
                "Enter",
                "Apply it",
                "Green text says SPOKE10 applied: 10% off the bike; a −£151 line and the total "
                "is £1,362.",
            ),
            click(
                "#pm",
                "Spread the payments",
                "The switch is orange and it says or £56.75 a month for 24 months, 0% APR.",
            ),
            click(
                "input[name='del'][value='25']",
                "Have it delivered",
                "Delivery £25 in the summary; the total is £1,387, or £57.79 a month.",
            ),
            click(
                "#save",
                "Save the build with the heart",
                "The heart at the top is red with a 1 on it and it says Build saved to your "
                "garage.",
            ),
        ],
    ),
    "h6-compare": (
        "bike-builder",
        "Velo Atelier bike builder: a sand frame, carbon wheels, a rack, the frame comparison",
        [
            click(
                ".sw[data-i='4']",
                "Try the sandy colour, the fifth swatch",
                "Sand · +£60; the frame is beige and the total is £1,510.",
            ),
            click(
                ".wc[data-i='1']",
                "Carbon wheels, the middle option",
                "Carbon 700c is outlined, Carbon 700c wheels £390 is in the summary and the total "
                "is £1,900.",
            ),
            click(
                ".ex[data-x='rack'] .tick",
                "Put a rack on the back",
                "Rear rack is ticked, Rear rack £55 is in the summary and the total is £1,955.",
            ),
            click(
                ".ex[data-x='bell'] .tick",
                "And the brass bell",
                "Brass bell is ticked and the total is £1,963.",
            ),
            scroll(
                900,
                "Scroll down to the comparison",
                "Compare the frames is on screen with Aurora All-Road, Atlas Tourer and Comet "
                "Race.",
            ),
            click(
                "td button[data-f='Comet']",
                "Build the titanium one instead",
                "Under the table: The Comet builder opens next month; we have saved your place "
                "on the list.",
            ),
            click(
                "td button[data-f='Atlas']",
                "What about the touring frame",
                "Under the table: The Atlas builder opens next month; we have saved your place "
                "on the list.",
            ),
            click(
                "#pm",
                "Show me monthly prices",
                "It says or £81.79 a month for 24 months, 0% APR.",
            ),
            click(
                "#bag",
                "Put it in the bag",
                "Under the yellow button: Added to bag: Aurora in Sand, £1,963; the bag icon at "
                "the top shows 1.",
            ),
        ],
    ),
}


def main(out: Path) -> None:
    write_sources(TASKS, NEW_PAGES, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "src")
