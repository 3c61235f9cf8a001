"""Write the eighth held-out set's sources (task.json + a copy of the page).

An eighth held-out set, for when the seventh (``tasks-heldout7/``) has been looked at:
written on 7 December 2026 from the pages' screenshots and behaviour only, the way an
annotator watching the video writes them, without reading the target finder, the scorer or
the list of what they handle. All three of its pages (store-finder, video-call, beat-maker)
are new, written for this set and kept in ``pages/`` beside this script (plain single-file
HTML, no external resources, deterministic), of kinds no earlier set used. Nothing may be
tuned on them. The ``selector`` of each action only drives the recorder; it is stripped from
``data.jsonl``.

    python tasks-heldout8/make_sources.py /tmp/held8-src
    iwr tasks record --tasks /tmp/held8-src
    python tasks-described/publish.py /tmp/held8-src tasks-heldout8
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluator.recording.sources import Sources, click, press, scroll, typ, write_sources

HERE = Path(__file__).resolve().parent
# The pages written for this set, in the bundled layout (task.json + reference/).
NEW_PAGES = HERE / "pages"


def pad(row: str, step: int) -> str:
    """The sequencer's pad of a row at a step, 1 to 16 (the recorder's selector only)."""
    return f".pad[data-r='{row}'][data-s='{step}']"


TASKS: Sources = {
    "h8-nearest": (
        "store-finder",
        "Fernleaf store finder: a town from the suggestions, filters, a pin, my store, a heart",
        [
            typ(
                "#q",
                "Bri",
                "Start searching for Bristol",
                "Under the search box a list offers Bristol, Bristol Airport and Brixham.",
            ),
            press(
                "ArrowDown",
                "Go down to the first suggestion",
                "Bristol, at the top of the list, is highlighted green.",
            ),
            press(
                "Enter",
                "Choose it",
                "The box says Bristol; 7 stores near Bristol, nearest first, with Fernleaf "
                "Harbourside 0.4 mi at the top.",
            ),
            click(
                ".chip[data-f='cafe']",
                "Only places with a café",
                "The Café filter is green and 5 stores near Bristol are left.",
            ),
            click(
                ".chip[data-f='open']",
                "And only what's open right now",
                "Open now is green as well; 4 stores remain: Harbourside, Clifton, Portishead and "
                "Bath.",
            ),
            click(
                "#pins .pin[data-id='clifton']",
                "Click the number 2 pin on the map",
                "Pin 2 turns orange with a bubble over it for Fernleaf Clifton, open until 18:00; "
                "Clifton's card in the list is highlighted.",
            ),
            click(
                "#pop .more",
                "See that store's page",
                "The left side shows Fernleaf Clifton: its address and phone number and the "
                "opening hours for every day of the week.",
            ),
            click(
                "#makeMine",
                "Set it as my store",
                "The button is yellow and says Your store; the header reads My store: Clifton.",
            ),
            click(
                "#back",
                "Back to the results",
                "The four stores are listed again and Clifton's card has a MY STORE tag.",
            ),
            click(
                ".fav[data-id='harbour']",
                "Heart the top one",
                "Harbourside's heart is filled red and the heart at the top of the page shows 1.",
            ),
        ],
    ),
    "h8-clinic": (
        "store-finder",
        "Fernleaf store finder: my location, a filter, sorting, booking a plant clinic slot",
        [
            click(
                "#locate",
                "Use where I am",
                "It lists 7 stores near your location, Fernleaf Clifton 0.3 mi first, and a blue "
                "dot is on the map.",
            ),
            click(
                ".chip[data-f='clinic']",
                "Just the ones with a plant clinic",
                "Four stores are left: Clifton, Keynsham, Portishead and Bath.",
            ),
            click(
                "#sortbtn",
                "Change the order",
                "A small menu offers Nearest first, Name A–Z and Open latest.",
            ),
            click(
                "#sortmenu button[data-s='late']",
                "Put the ones open latest first",
                "Bath, closing at 19:00, is first, then Clifton and Portishead; Keynsham, which is "
                "closed, is last.",
            ),
            click(
                "#list .card[data-id='portis'] .name",
                "Open the third store",
                "Fernleaf Portishead's page, with a green Book plant clinic button and its hours.",
            ),
            click(
                "#book",
                "Book a visit to the plant clinic",
                "A booking window shows Sat 12, Sun 13 and Mon 14 Dec, Saturday picked, and its "
                "times.",
            ),
            click(
                ".day[data-d='sun']",
                "Make it Sunday",
                "Sun 13 is highlighted; its times run from 10:30 to 14:30 with 11:30 and 14:00 "
                "crossed out.",
            ),
            click(".slot[data-t='11:00']", "Eleven o'clock", "11:00 is filled in green."),
            typ(
                "#who",
                "Dana Whitfield",
                "My name's Dana Whitfield",
                "The name box reads Dana Whitfield.",
            ),
            press(
                "Enter",
                "Book it",
                "A green tick: You're booked in, Sun 13 Dec, 11:00 at Fernleaf Portishead.",
            ),
            press(
                "Escape",
                "Close it",
                "The window is gone and Portishead's page says Your plant clinic visit: Sun 13 "
                "Dec, 11:00.",
            ),
        ],
    ),
    "h8-map": (
        "store-finder",
        "Fernleaf store finder: zoom, satellite, a pin's directions by bus, a question",
        [
            click(
                "#zin",
                "Zoom in on the map",
                "The map is closer: only pins 3, 4 and 5 are left on it and the scale says 1 mi.",
            ),
            click(
                "#layers",
                "Change how the map looks",
                "A little panel offers Map, Satellite and Terrain.",
            ),
            click(
                "#styles button[data-m='sat']",
                "Satellite",
                "The panel is gone and the map is dark green, like a photo from above.",
            ),
            click(
                "#pins .pin[data-id='harbour']",
                "Click pin 4",
                "A bubble for Fernleaf Harbourside, open until 20:00, sits over pin 4.",
            ),
            click(
                "#pop .go",
                "Get directions there",
                "A Directions to Harbourside window asks where you're starting from.",
            ),
            typ(
                "#from",
                "Temple Meads",
                "From Temple Meads",
                "The starting point reads Temple Meads.",
            ),
            press(
                "Enter",
                "Look it up",
                "It says 9 min from Temple Meads, 2.1 mi via the A4044, with the car picked.",
            ),
            click(
                ".mode[data-m='bus']",
                "By bus instead",
                "The bus is highlighted: 17 min from Temple Meads on the Bus 8, every 10 minutes.",
            ),
            click(
                "#dlg .x",
                "Close that",
                "The directions window is gone; the Harbourside bubble is still on the map.",
            ),
            scroll(
                600,
                "Scroll down to the questions",
                "Questions about our stores is on screen with four questions under it.",
            ),
            click(
                ".faq[data-q='returns'] > button",
                "What if a plant I bought dies?",
                "The first question is open: hardy plants come with a five-year promise, bring the "
                "plant and the receipt for a replacement or a refund.",
            ),
        ],
    ),
    "h8-chat": (
        "video-call",
        "Huddle call: mute, the chat, a pinned message, a hand, a heart and captions",
        [
            click(
                "#mic",
                "Mute myself",
                "The microphone button is red with a line through it and my tile shows a "
                "crossed-out mic.",
            ),
            click(
                "#chatBtn",
                "Open the chat",
                "In-call messages is open on the right with Priya's Figma link and messages from "
                "Tom and Sam; the blue 3 is gone.",
            ),
            typ(
                "#msg",
                "Sorry, my mic is acting up",
                "Tell everyone my mic is acting up",
                "The message box reads Sorry, my mic is acting up.",
            ),
            press("Enter", "Send", "The message is at the bottom of the chat, from You at 10:12."),
            click(
                ".pinbtn[data-i='0']",
                "Pin Priya's link",
                "The Figma link is pinned above the messages with a yellow pin.",
            ),
            click(
                "#hand",
                "Put my hand up",
                "The hand button is yellow and a yellow hand is in the corner of my tile.",
            ),
            click(
                "#reactBtn",
                "Open the reactions",
                "A row of five reactions pops up over the toolbar: a thumbs up, a heart, two faces "
                "and a party hat.",
            ),
            click(
                "#tray button[data-r='heart']",
                "Send a heart",
                "A red heart is on my tile and a message says You sent a heart.",
            ),
            click(
                "#cc",
                "Turn on subtitles",
                "Captions run along the bottom: Priya Nair: …so on mobile the header stays put…",
            ),
            click(
                "#closePanel",
                "Close the chat",
                "The chat is gone and the video tiles fill the width again.",
            ),
        ],
    ),
    "h8-people": (
        "video-call",
        "Huddle call, the people list: mute all, pin, remove, admit, invite",
        [
            click(
                "#peopleBtn",
                "See who's in the call",
                "The People list: Marco Ruiz waiting to join with Admit and Deny, and 6 in the "
                "call.",
            ),
            click(
                "#muteAll",
                "Mute everyone",
                "A box asks Mute everyone? All 5 other people in the call will be muted.",
            ),
            click(
                "#dlg .b.blue",
                "Yes, do it",
                "Every tile but mine shows a crossed-out mic and a message says Everyone else is "
                "muted.",
            ),
            click(
                ".dots[data-id='tom']",
                "Open the menu next to Tom",
                "A menu offers Pin for everyone, Ask to unmute, Make co-host and Remove from call.",
            ),
            click(
                "#menu button[data-k='pin']",
                "Pin him",
                "Tom's tile is big on the left with a pin on it, the others in a column on the "
                "right.",
            ),
            click(
                ".dots[data-id='tel']",
                "Now the three dots by the phone number",
                "The same menu opens under the phone caller's row.",
            ),
            click(
                "#menu button[data-k='remove']",
                "Take them out of the call",
                "A box asks Remove +44 7700 900123?",
            ),
            click(
                "#dlg .b.red",
                "Remove",
                "The phone caller is gone: 5 in the call, and a message says so.",
            ),
            click(
                ".admit[data-i='0']",
                "Let Marco in",
                "Nobody is waiting now; Marco Ruiz is in the call list, 6 in the call, and has a "
                "tile.",
            ),
            typ(
                "#inv",
                "lena.ortiz@northwind.io",
                "Invite Lena, lena.ortiz@northwind.io",
                "The invite box at the bottom reads lena.ortiz@northwind.io.",
            ),
            press(
                "Enter",
                "Send the invite",
                "Under Invited (1) is lena.ortiz@northwind.io, not joined yet, and a message says "
                "the invitation was sent.",
            ),
        ],
    ),
    "h8-leave": (
        "video-call",
        "Huddle call: settings (louder, noise, blur), leaving and rating the call",
        [
            click(
                "#more",
                "Open more options",
                "A menu over the button: Change layout, Start recording, Open whiteboard and "
                "Settings.",
            ),
            click(
                "#menu button[data-k='settings']",
                "Go into the settings",
                "Settings open on Audio: the speaker volume is at 70% and noise suppression is "
                "off.",
            ),
            click(
                "#dlg .vol button[data-v='1']",
                "A bit louder",
                "The speaker volume says 80%.",
            ),
            click(
                "[data-sw='noise']",
                "Filter out background noise",
                "Noise suppression's switch is on, in blue.",
            ),
            click(
                ".stabs button[data-t='video']",
                "Now the camera settings",
                "The Video page: a preview of my camera, Mirror my video on, Blur my background "
                "off.",
            ),
            click(
                "[data-sw='blur']",
                "Blur what's behind me",
                "The blur switch is on and the room behind me in the preview is blurred.",
            ),
            press(
                "Escape",
                "Close the settings",
                "The settings are gone and the background of my tile is blurred.",
            ),
            click(
                "#leave",
                "Hang up",
                "A box asks Leave the meeting? with Cancel, End for everyone and Leave.",
            ),
            click(
                "#dlg .b.blue",
                "Just leave, don't end it for the others",
                "You left the meeting, with Rejoin and a row of five stars.",
            ),
            click(
                ".stars button[data-n='4']",
                "Four stars",
                "Four stars are yellow and it says Thanks, you gave this call 4 out of 5.",
            ),
        ],
    ),
    "h8-groove": (
        "beat-maker",
        "Beatgrid: pads, tempo, swing, play, mute and solo, stop",
        [
            click(pad("kick", 5), "Add a kick on step 5", "The fifth kick pad is pink."),
            click(
                pad("kick", 13),
                "And one on 13",
                "The kick row has pads 1, 5, 9, 11 and 13 lit.",
            ),
            click(
                pad("clap", 13),
                "Double the last snare with a clap",
                "The clap row has step 13 lit in green, under the snare's 13.",
            ),
            click(
                pad("ohat", 16),
                "Open hat on the very last step",
                "The last pad of the Open hat row is purple.",
            ),
            click("#faster", "Speed it up", "The tempo reads 125."),
            click("#swingUp", "Add some swing", "Swing is at 10%."),
            click(
                "#play",
                "Start it",
                "The round button is orange with a pause sign and it says Playing A.",
            ),
            click(
                ".ms.m[data-r='chat']",
                "Silence the closed hat",
                "The M of the Closed hat row is orange and that row is faded.",
            ),
            click(
                ".ms.s[data-r='snare']",
                "Solo the snare",
                "The snare's S is blue and every other row is faded.",
            ),
            click(
                ".ms.s[data-r='snare']",
                "Unsolo it",
                "The S is grey again; only the closed hat row is still faded.",
            ),
            click(
                "#stop",
                "Stop",
                "The round button is green with a play triangle and it says Stopped.",
            ),
        ],
    ),
    "h8-copy": (
        "beat-maker",
        "Beatgrid: copy a pattern, another kit, keys on the grid, clearing, the song",
        [
            click(
                "#dup",
                "Make a copy of this pattern",
                "Slot B is picked and says Groove copy, with the same steps as A; a message says "
                "Pattern A copied to B.",
            ),
            click(
                "#kitBtn",
                "Pick a different drum kit",
                "A list: Studio 808 (in use), Garage, Lo-fi tape and Brushes.",
            ),
            click(
                "#kitMenu button[data-k='lofi']",
                "The lo-fi one",
                "The kit says Lo-fi tape and the rows' sounds are now Tape kick, Dusty snare, Tape "
                "clap and so on.",
            ),
            click(pad("tom", 15), "Tom on step 15", "The fifteenth tom pad is lit orange."),
            press(
                "ArrowRight",
                "Move one to the right",
                "The last tom pad has a white outline.",
            ),
            press("Enter", "Switch that on too", "The last two tom pads are both lit."),
            click(
                "#clear",
                "Empty this pattern",
                "A box asks Clear pattern B? with Keep it and Clear.",
            ),
            press(
                "Escape",
                "Actually, keep it",
                "The box is gone and pattern B still has all its steps.",
            ),
            scroll(
                500,
                "Scroll down to the song",
                "The Song is on screen: four pink A blocks and a dashed plus.",
            ),
            click(
                "#addBlk",
                "Add a block to the end",
                "A small list of patterns A, B, C and D.",
            ),
            click(
                "#addMenu button[data-k='B']",
                "Pattern B",
                "A blue B block, Groove copy, is fifth in the song: 5 bars · 0:10 at 120 bpm.",
            ),
        ],
    ),
    "h8-song": (
        "beat-maker",
        "Beatgrid: typing a tempo, editing the song, exporting an MP3",
        [
            click(
                "#bpm",
                "Click the tempo so I can type one",
                "The tempo turns into a box with a pink border, the old 120 greyed out in it.",
            ),
            typ("#bpmIn", "96", "Make it 96", "The box holds 96."),
            press("Enter", "Set it", "The tempo reads 96."),
            scroll(
                500,
                "Scroll down to the song",
                "The song is on screen: four A blocks, 4 bars · 0:10 at 96 bpm.",
            ),
            click(
                "#chain .rm[data-i='3']",
                "Take out the last block",
                "Three A blocks are left: 3 bars · 0:08 at 96 bpm.",
            ),
            click("#addBlk", "Add one", "A list of patterns A to D opens."),
            click(
                "#addMenu button[data-k='C']",
                "The fill",
                "A green C block, Fill, follows the three A's: 4 bars · 0:10.",
            ),
            click(
                "#exportBtn",
                "Export the song",
                "An Export song window with a file name box and WAV, MP3 and MIDI.",
            ),
            typ(
                "#fname",
                "friday-loop",
                "Call it friday-loop",
                "The file name box reads friday-loop.",
            ),
            click(".seg button[data-f='mp3']", "Make it an MP3", "MP3 is highlighted pink."),
            click(
                "#dlg .b.pink",
                "Export it",
                "The window is gone and a message says friday-loop.mp3 exported · 4 bars, 0:10.",
            ),
        ],
    ),
}


def main(out: Path) -> None:
    write_sources(TASKS, NEW_PAGES, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "src")
