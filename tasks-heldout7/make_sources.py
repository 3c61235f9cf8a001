"""Write the seventh held-out set's sources (task.json + a copy of the page).

A seventh held-out set, for when the sixth (``tasks-heldout6/``) has been looked at: written
on 7 December 2026 from the pages' screenshots and behaviour only, the way an annotator
watching the video writes them, without reading the target finder, the scorer or the list
of what they handle. All three of its pages (code-review, chess-puzzles, journey-planner)
are new, written for this set and kept in ``pages/`` beside this script (plain single-file
HTML, no external resources, deterministic), of kinds no earlier set used. Nothing may be
tuned on them. The ``selector`` of each action only drives the recorder; it is stripped from
``data.jsonl``.

    python tasks-heldout7/make_sources.py /tmp/held7-src
    iwr tasks record --tasks /tmp/held7-src
    python tasks-described/publish.py /tmp/held7-src tasks-heldout7
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluator.recording.sources import Sources, click, press, scroll, typ, write_sources

HERE = Path(__file__).resolve().parent
# The pages written for this set, in the bundled layout (task.json + reference/).
NEW_PAGES = HERE / "pages"


def sq(name: str) -> str:
    """The chess board's square by its name, e.g. e8 (the recorder's selector only)."""
    return f".sq[data-sq='{name}']"


LOOKUP = "src/tariffs/lookup.py"
THREAD = f"{LOOKUP}:10"

TASKS: Sources = {
    "h7-files": (
        "code-review",
        "Patchwork code review, the changed files: side by side, a thread, viewed, a comment",
        [
            click(
                ".tab[data-t='files']",
                "Open the changed files",
                "Files changed is underlined; cache.py's 22 new lines are shown in green and it "
                "says 0 / 4 files viewed.",
            ),
            click(
                "#view button[data-v='split']",
                "Show old and new side by side",
                "The diff is in two columns: the left one empty for this new file, the added lines "
                "on the right.",
            ),
            click(
                f".tf[data-path='{LOOKUP}']",
                "Jump to lookup.py in the list on the left",
                "lookup.py is at the top: removed lines in red on the left, added ones in green on "
                "the right, and Mina's question under line 10.",
            ),
            click(
                f".rx[data-key='{THREAD}'][data-i='0']",
                "Give Mina's comment a thumbs up",
                "The thumbs-up under her comment is blue and shows 2.",
            ),
            typ(
                f".reply[data-key='{THREAD}']",
                "Yes, a miss still goes to fetch_tariff",
                "Answer her that a miss still goes to fetch_tariff",
                "The reply box reads Yes, a miss still goes to fetch_tariff.",
            ),
            press(
                "Enter",
                "Send it",
                "The reply is under Mina's comment, from you, just now, and a message says Reply "
                "posted.",
            ),
            click(
                f".resolve[data-key='{THREAD}']",
                "Mark the conversation as resolved",
                "The thread is one line now: mina-ortiz and you · conversation marked as resolved, "
                "with a Show button.",
            ),
            click(
                f".seen[data-path='{LOOKUP}']",
                "Tick lookup.py off as viewed",
                "lookup.py's box is ticked and its diff folded; it says 1 / 4 files viewed and "
                "lookup.py has a green tick on the left.",
            ),
            click(
                ".plus[data-key='tests/test_cache.py:16']",
                "Comment on line 16 of the test file",
                "A comment box opens under line 16 of test_cache.py with Cancel and Add comment.",
            ),
            typ(
                ".newc",
                "This test never checks anything",
                "Say the test never checks anything",
                "The box holds This test never checks anything.",
            ),
            press(
                "Enter",
                "Post it",
                "The comment shows under line 16, from you, just now; a message says Comment added "
                "on tests/test_cache.py, line 16.",
            ),
        ],
    ),
    "h7-approve": (
        "code-review",
        "Patchwork code review: a file's menu, folding files, viewed, approving in the dialog",
        [
            click(
                ".tab[data-t='files']",
                "Go to the files",
                "Files changed is the open tab; the list on the left shows cache.py, lookup.py, "
                "test_cache.py and README.md and it says 0 / 4 files viewed.",
            ),
            click(
                ".kebab[data-path='src/tariffs/cache.py']",
                "Open the three-dot menu on the first file",
                "A menu under the dots offers View file, Edit file, Copy permalink and Delete "
                "file.",
            ),
            click(
                ".fmenu button[data-act='link']",
                "Copy a link to it",
                "The menu is gone and a dark message at the bottom says Permalink to "
                "src/tariffs/cache.py copied.",
            ),
            click(
                ".chev[data-path='src/tariffs/cache.py']",
                "Fold that file away",
                "Only the cache.py header bar is left, with lookup.py's diff right under it.",
            ),
            click(
                ".tf[data-path='tests/test_cache.py']",
                "Open the test file from the tree",
                "tests/test_cache.py is at the top with its 16 added lines, test_zero_lifetime at "
                "the bottom; test_cache.py is highlighted on the left.",
            ),
            click(
                ".seen[data-path='tests/test_cache.py']",
                "Mark it viewed",
                "The test file's box is ticked and its diff folded; test_cache.py is grey with a "
                "green tick on the left and it says 1 / 4 files viewed.",
            ),
            click(
                "#review",
                "Start my review with the green button at the top",
                "A Finish your review box opens with an empty comment box and Comment (chosen), "
                "Approve and Request changes.",
            ),
            typ(
                "#summary",
                "Nice and small. Ship it.",
                "Write Nice and small. Ship it.",
                "The comment box holds Nice and small. Ship it.",
            ),
            click(
                "input[name='rv'][value='approve']",
                "Approve it",
                "Approve is chosen now instead of Comment.",
            ),
            click(
                "#submit",
                "Send the review",
                "The box is gone; next to Open it says You approved these changes in green, "
                "Conversation counts 3 and a message says Review submitted.",
            ),
        ],
    ),
    "h7-merge": (
        "code-review",
        "Patchwork code review, the conversation: labels, re-running a check, rebase and merge",
        [
            click(
                "#lblgear",
                "Edit the labels with the cog",
                "A list opens, Apply labels to this pull request: bug, performance, billing "
                "(ticked), needs docs and breaking change.",
            ),
            click(
                "#lmenu button[data-l='performance']",
                "Add the performance label",
                "performance is ticked too.",
            ),
            click(
                "#lmenu button[data-l='needs docs']",
                "And the yellow one",
                "needs docs is ticked as well.",
            ),
            press(
                "Escape",
                "Close the list",
                "The list is closed; Labels shows performance, billing and needs docs.",
            ),
            scroll(
                400,
                "Scroll down to the checks and the merge box",
                "The checks and the merge box are on screen: tests / pytest (3.12) has a red cross "
                "and says Failing after 1m 4s, and under it Merging is blocked.",
            ),
            click(
                "#rerun",
                "Run the failing tests again",
                "tests / pytest (3.12) has a green tick and says Successful in 1m 9s (re-run); "
                "the heading reads All checks have passed · 3 successful and the merge box says "
                "This branch has no conflicts with the base branch, with a green Squash and merge "
                "button.",
            ),
            click(
                "#caret",
                "Open the other ways to merge, the arrow beside the button",
                "A menu under the button lists Create a merge commit, Squash and merge and Rebase "
                "and merge.",
            ),
            click(
                "#mmenu button[data-m='Rebase and merge']",
                "Rebase instead",
                "The menu is gone and the green button reads Rebase and merge.",
            ),
            click("#mergebtn", "Merge it", "In its place: Confirm rebase and merge and Cancel."),
            click(
                "#confirmbtn",
                "Yes, confirm",
                "The pill at the top is purple and says Merged; the box says Pull request "
                "successfully rebased and merged, with a Delete branch button.",
            ),
        ],
    ),
    "h7-backrank": (
        "chess-puzzles",
        "Gambit chess puzzles, the back-rank mate: a wrong try, a hint, the mate, the move list",
        [
            click(
                sq("e2"),
                "Pick up the queen",
                "The queen's square is outlined in yellow and grey dots show where she can go.",
            ),
            click(
                sq("e7"),
                "Put it on e7",
                "The queen stays on e2, it says Queen to e7 is not the move. Try again, 1 mistake, "
                "and the rating at the top drops to 1492 with the streak at 0.",
            ),
            click(
                "#hint",
                "Give me a hint",
                "The queen's square is outlined in blue and it says Hint: move your queen.",
            ),
            click(
                sq("e2"),
                "Pick the queen up again",
                "The queen's square is outlined in yellow, with dots.",
            ),
            press(
                "Escape", "Put it down", "No square is outlined in yellow and the dots are gone."
            ),
            click(sq("e2"), "And once more", "The queen is selected again."),
            click(
                sq("e8"),
                "Now all the way up to e8",
                "Black's rook from c8 takes the queen on e8; it says Best move! Black answers with "
                "the rook: Rxe8. Keep going, and the moves read 1. Qe8+ Rxe8.",
            ),
            click(
                sq("e1"), "Now the rook", "The white rook in the bottom row is outlined in yellow."
            ),
            click(
                sq("e8"),
                "Take on e8",
                "A green box says Checkmate! The back rank was weak. Solved, +4; the rating reads "
                "1496, the streak 1, and Next puzzle is green.",
            ),
            press(
                "ArrowLeft",
                "Step back one move",
                "The board shows Black's rook on e8 and the white rook back on e1; Rxe8 after Qe8+ "
                "is highlighted in the move list.",
            ),
            press(
                "ArrowLeft",
                "And one more",
                "The white queen is on e8 and Black's rook back on c8; Qe8+ is highlighted.",
            ),
            click(
                "#flip",
                "Turn the board around",
                "The board is upside down: h to a along the bottom, 1 at the top, Black's pieces "
                "at the bottom.",
            ),
            click(
                "#nextp",
                "On to the next puzzle",
                "The Fork puzzle: Win material · puzzle rating 1310, White to move, a white knight "
                "and Black's king and rook, the board still turned around.",
            ),
        ],
    ),
    "h7-fork": (
        "chess-puzzles",
        "Gambit chess puzzles: the fork from the list, then a promotion with a wrong piece",
        [
            scroll(
                500,
                "Scroll down to the other puzzles",
                "More puzzles is on screen: Back rank, Fork and Promotion, then Pin, Skewer and "
                "Smothered mate with padlocks.",
            ),
            click(
                "#grid .card[data-i='1']",
                "Open the fork one, the second card",
                "Back at the top, the Fork puzzle: Win material · puzzle rating 1310, one star; a "
                "white knight on b5, Black's king on e8 and rook on a8.",
            ),
            click(
                sq("b5"),
                "Pick the knight",
                "The knight is outlined in yellow with dots where it can jump.",
            ),
            click(
                sq("c7"),
                "Jump to c7",
                "It says Best move! Black answers with the king: Kd7. Keep going; the moves read "
                "1. Nc7+ Kd7 and the king is on d7.",
            ),
            click(sq("c7"), "Now the knight again", "The knight on c7 is outlined in yellow."),
            click(
                sq("a8"),
                "Grab the rook in the corner",
                "The knight is on a8; a green box says You won the rook with a knight fork. "
                "Solved, +12, the rating reads 1512 and the streak 5.",
            ),
            click(
                "#nextp",
                "Next puzzle",
                "Promotion, Mate in 1 · puzzle rating 1250: a white pawn on c7 next to the white "
                "king, Black's king in the corner on a8.",
            ),
            click(
                sq("c7"),
                "Pick the pawn that's about to queen",
                "The pawn is outlined in yellow with a dot on c8.",
            ),
            click(
                sq("c8"),
                "Push it to the last row",
                "A white column drops from c8 with a queen, a knight, a rook and a bishop; it says "
                "Choose a piece to promote to.",
            ),
            click(
                ".promo button[data-p='N']",
                "Make it a knight",
                "The pawn is still on c7; it says A knight there is not checkmate. Try again, 1 "
                "mistake, and the rating is 1504 with the streak at 0.",
            ),
            click(
                sq("c7"), "Select the pawn again", "The pawn is outlined again, with the dot on c8."
            ),
            click(sq("c8"), "Up it goes", "The four pieces to choose from are back over c8."),
            click(
                ".promo button[data-p='Q']",
                "A queen this time",
                "A white queen stands on c8; the green box says Checkmate with a new queen! "
                "Solved, +4, and the rating is 1508.",
            ),
        ],
    ),
    "h7-commute": (
        "journey-planner",
        "Lineway journey planner: stops from suggestions, arrive by, no buses, open and save",
        [
            typ(
                "#from",
                "har",
                "Start typing har where I'm leaving from",
                "Under the from box: Harbour Square, Harrow Road and Hartley Park, the first one "
                "highlighted.",
            ),
            press("ArrowDown", "Down one", "Harrow Road is highlighted now."),
            press("Enter", "Choose it", "The from box reads Harrow Road and the list is gone."),
            typ(
                "#to",
                "uni",
                "Going to uni",
                "Under the to box: University (North gate), University (Library) and Union Street.",
            ),
            click(
                "#sugg-to div[data-i='1']",
                "The library one",
                "The to box reads University (Library).",
            ),
            click(
                "#whenmode button[data-m='arr']",
                "I need to arrive by a time",
                "Arrive by is selected and the 08:30 between the minus and plus is dark now.",
            ),
            click("#plus", "Ten minutes later", "The time reads 08:40."),
            click("#plus", "Another ten", "08:50."),
            click(
                "#go",
                "Find me a way there",
                "Harrow Road to University (Library): 08:02 – 08:36 with 2 changes, 08:06 – 08:41 "
                "on the 142 and S2, 08:10 – 08:46 direct on the T4 and 08:03 – 08:48 on the F1 "
                "ferry.",
            ),
            click(
                ".mode[data-m='bus']",
                "No buses",
                "The bus button is grey and white; only 08:10 – 08:46 on the T4 and 08:03 – 08:48 "
                "on the ferry are left.",
            ),
            click(
                ".card:first-child .exp",
                "Open the first journey's stops",
                "The T4 journey opens out: 08:10 Harrow Road, walk 4 min, 08:14 T4 stop, Tram T4 "
                "to Old Town, 29 min, 08:43 Old Town, walk 3 min, 08:46 University (Library).",
            ),
            click(
                ".card:first-child .star",
                "Save that one",
                "Its star is filled orange, the star at the top shows 1 and a message says Saved: "
                "08:10 from Harrow Road.",
            ),
        ],
    ),
    "h7-share": (
        "journey-planner",
        "Lineway journey planner: a recent trip turned round, fewest changes, share and save",
        [
            click(
                ".recent button[data-r='Market Hall|Central Station']",
                "Use my Market Hall trip again",
                "The from box reads Market Hall and the to box Central Station.",
            ),
            click("#swap", "Turn it round", "Now it is from Central Station to Market Hall."),
            click(
                "#go",
                "Search",
                "Central Station to Market Hall: 08:34 – 09:10 direct on the T4 first, then 08:39 "
                "– 09:14 on the 142 and S2, 08:32 – 09:17 by ferry and 08:44 – 09:18 with 2 "
                "changes.",
            ),
            click(
                "#sort button[data-s='changes']",
                "Fewest changes first",
                "Fewest changes is chosen; the two direct ones, 08:34 – 09:10 and 08:32 – 09:17, "
                "are at the top and the 2-change one is last.",
            ),
            click(
                ".card:first-child .shr",
                "Share the top one",
                "A Send this journey box opens for 08:34 – 09:10, Central Station to Market Hall, "
                "with an empty email address.",
            ),
            typ(
                "#email",
                "sam.k@example.com",
                "Send it to sam.k@example.com",
                "The address box holds sam.k@example.com.",
            ),
            press(
                "Enter",
                "Send",
                "The box is gone and a message at the bottom says Journey sent to "
                "sam.k@example.com.",
            ),
            click(
                ".card:nth-child(2) .star",
                "Keep the second one",
                "The second journey's star, 08:32 – 09:17 by ferry, is filled orange; the top "
                "star shows 1 and it says Saved: 08:32 from Central Station.",
            ),
            click(
                "#savedbtn",
                "See what I've saved",
                "A Saved journeys panel on the right lists 08:32 – 09:17, Central Station to "
                "Market Hall, with the F1.",
            ),
            press(
                "Escape", "Close that", "The panel is closed; the star at the top still shows 1."
            ),
        ],
    ),
    "h7-updates": (
        "journey-planner",
        "Lineway journey planner: typed stops, depart earlier, step-free, then service updates",
        [
            typ(
                "#from",
                "castle",
                "From Castle Hill",
                "Castle Hill, a bus stop, is offered under the from box.",
            ),
            press("Enter", "Pick it", "The from box reads Castle Hill."),
            typ("#to", "air", "To the airport", "Airport is offered under the to box."),
            press("Enter", "That one", "The to box reads Airport."),
            click(
                "#whenmode button[data-m='dep']",
                "Leave at a set time",
                "Depart at is selected and the minus and plus round 08:30 are dark.",
            ),
            click("#minus", "Ten minutes earlier", "The time reads 08:20."),
            click("#stepfree", "Step-free only", "The switch beside the wheelchair sign is blue."),
            click(
                "#go",
                "Go",
                "Castle Hill to Airport: three journeys, 08:24 – 08:59 on the T4, 08:22 – 09:06 "
                "by ferry and 08:34 – 09:20 with 2 changes; none says not step-free.",
            ),
            scroll(
                600,
                "Scroll down to the service updates",
                "Service updates are on screen: T4, F1 and the 9 Good service, S2 Minor delays, "
                "142 Diverted and T1 Part closed.",
            ),
            click(
                ".upd[data-i='1'] > button",
                "What's wrong with the S2",
                "Under Train S2: a signal fault at Central Station, delays of up to 10 minutes, "
                "and the lift on platform 3 is out of order.",
            ),
            click(
                ".upd[data-i='4'] > button",
                "And the one with the red crossed-out circle",
                "Under Tram T1: No trams between Union Street and Hartley Park this week; "
                "replacement buses every 10 minutes.",
            ),
        ],
    ),
}


def main(out: Path) -> None:
    write_sources(TASKS, NEW_PAGES, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "src")
