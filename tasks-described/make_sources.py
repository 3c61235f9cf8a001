"""Write the description-only tasks' sources (task.json + a copy of the reference page).

The descriptions and logical assertions below were written from the bundled pages'
screenshots and recordings, the way an annotator watching the video writes them, before
the target finder was changed for them. The ``selector`` of each action only drives the
recorder (it replays the reference page to make the checkpoints and the video); it is
stripped from ``data.jsonl``, which carries what the published dataset carries.
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluator.recording.sources import Sources, click, press, typ, write_sources

HERE = Path(__file__).resolve().parent
BUNDLED = HERE.parent / "tasks"


TASKS: Sources = {
    "d-music": (
        "music-player",
        "Wavelength player, described by its icons",
        [
            click(
                "#play",
                "Start the music with the play button",
                "The player at the bottom now shows Neon Harbor by The Midnight Tides playing.",
            ),
            click(
                "#next",
                "Click the skip forward icon to the right of the play button",
                "The song changes to Paper Planes by Lumen.",
            ),
            click("#next", "Skip forward once more", "Golden Hour Drive is now playing."),
            click(
                "#prev",
                "Click the skip back icon left of the play button",
                "Paper Planes is playing again.",
            ),
            click(
                "#like",
                "Click the heart outline next to the big green button",
                "Liked songs in the sidebar goes up to 1.",
            ),
            click(
                "[data-track='Rain on Tin Roofs']",
                "Click the fourth song in the list",
                "Rain on Tin Roofs by Maple & Moss starts playing.",
            ),
            click("#play", "Pause it", "The player says the music is paused."),
        ],
    ),
    "d-memory": (
        "memory-match",
        "Pairs! memory match, cards by grid position",
        [
            click(
                "#deck [data-card='1']",
                "Click the top-left card",
                "The card flips to show a sun and the panel asks for a second card.",
            ),
            click(
                "#deck [data-card='2']",
                "Click the card right next to it in the first row",
                "It shows a heart, no match, and Moves becomes 1.",
            ),
            click(
                "#deck [data-card='8']",
                "Click the rightmost card of row 2",
                "That card is a sun as well.",
            ),
            click(
                "#deck [data-card='1']",
                "Click the top-left card again",
                "The two suns stay face up and Pairs found shows 1 / 8.",
            ),
            click(
                "#deck [data-card='3']",
                "Click the third card from the left in the first row",
                "A star is revealed.",
            ),
            click(
                "#deck [data-card='10']",
                "Click the second card of the third row",
                "Another star: the star pair is found, 2 / 8.",
            ),
            click("#deck [data-card='4']", "Click the top-right card", "It shows a cloud."),
            click(
                "#deck [data-card='12']",
                "Click the card at the end of the third row",
                "It is a bike, not a match; Moves is now 4.",
            ),
            click(
                "#restart",
                "Press the green button under the score panel",
                "The board is reset: all cards face down, 0 / 8 pairs.",
            ),
        ],
    ),
    "d-mines": (
        "minesweeper",
        "Minefield Classic, squares by column and row",
        [
            click(
                "[data-cell='A1']",
                "Click the top-left square of the board",
                "A patch of squares opens and Revealed shows 6 of 56.",
            ),
            click(
                "[data-cell='C4']",
                "Click the square in column C, row 4",
                "More squares open: Revealed 17 of 56.",
            ),
            click(
                "#flag",
                "Turn flagging on with the toggle in the side panel",
                "The toggle now reads Flag mode: On.",
            ),
            click(
                "[data-cell='C2']",
                "Click the square in the third column, second row to flag it",
                "A flag appears there and Mines left drops to 7.",
            ),
            press("f", "Press the F key", "Flag mode is off again."),
            click(
                "[data-cell='H3']",
                "Click the last square in row 3",
                "Squares on the right edge open, 25 of 56 revealed.",
            ),
            click(
                "[data-cell='D8']",
                "Click the square in column D of the bottom row",
                "Revealed goes up to 32 of 56.",
            ),
            click(
                "[data-cell='E5']",
                "Click square E5 near the middle",
                "It was a mine: the game is lost.",
            ),
            click(
                "#new",
                "Click New game next to the flag toggle",
                "A fresh board: Revealed 0 of 56, Mines left 8.",
            ),
        ],
    ),
    "d-ttt": (
        "tic-tac-toe",
        "Grid Duel, cells by place on the board",
        [
            typ(
                "#pname",
                "Ada",
                "Enter the name Ada in the box next to 'Your name'",
                "The scoreboard now lists Ada with 0 points.",
            ),
            click(
                "[data-cell='A1']",
                "Click the top-left cell of the 3x3 grid",
                "An X is placed there and the computer answers in the centre.",
            ),
            click(
                "[data-cell='C3']",
                "Click the bottom-right cell",
                "X in the corner; the computer takes the top-right cell.",
            ),
            click(
                "[data-cell='A3']",
                "Click the bottom-left cell to block",
                "The computer plays the bottom middle.",
            ),
            click(
                "[data-cell='A2']",
                "Click the middle cell of the left column",
                "Three X in a column: Ada wins the round and has 1 point.",
            ),
            click(
                "#reset",
                "Click the purple button under the board to play again",
                "The board is empty again and it is your move.",
            ),
        ],
    ),
    "d-gadget": (
        "gadget-store",
        "Volt One product page, options by colour and place",
        [
            click(
                "[data-colour='Sage']",
                "Click the green colour circle",
                "The colour label changes to Sage.",
            ),
            click(
                "[data-storage='256']",
                "Select the middle storage option",
                "The price goes up to $799.00.",
            ),
            click(
                "[data-tab='Reviews']",
                "Click the third tab below the product photo",
                "Reviews are shown with a 4.6 out of 5 rating.",
            ),
            click(
                "#plus",
                "Click the plus next to the quantity",
                "Quantity becomes 2 and the subtotal doubles.",
            ),
            click(
                "#case",
                "Click the small Add button beside the leather case picture",
                "The case is added and the subtotal increases by $78.",
            ),
            click(
                "#buy",
                "Click the black button under the quantity",
                "The bag in the header shows 2 items.",
            ),
        ],
    ),
    "d-food": (
        "food-delivery",
        "Forkly ordering, dishes by place on the menu",
        [
            click(
                "[data-add='pizza']",
                "Click the red Add button on the first dish",
                "Cart (1) appears in the header and the order lists the Margherita Pizza.",
            ),
            click(
                "[data-add='salad']",
                "Add the dish in the second row on the left",
                "Cart shows 2 items, subtotal $21.50.",
            ),
            click(
                "[data-tab='Drinks']",
                "Click the Drinks pill above the menu",
                "Only drinks are listed now: Lemonade and Cola.",
            ),
            click(
                "[data-add='lemonade']",
                "Add the first drink",
                "A lemonade is in the order and the cart count is 3.",
            ),
            click(
                "[data-line='pizza'] .plus",
                "Click the plus next to the pizza in Your order",
                "The pizza quantity becomes 2.",
            ),
            click(
                "[data-mode='pickup']",
                "Switch the order panel from Delivery to Pickup",
                "The delivery fee becomes Free.",
            ),
            click(
                "#place",
                "Click the big red button at the bottom of the order panel",
                "A confirmation with the order number is shown.",
            ),
        ],
    ),
    "d-weather": (
        "weather-app",
        "Skycast, controls named by their symbols",
        [
            click(
                "[data-unit='F']",
                "Click °F in the top right corner",
                "The current temperature now reads 70°F.",
            ),
            click(
                "[data-unit='C']",
                "Click the °C toggle to go back",
                "Temperatures are in Celsius again: 21°C.",
            ),
            click(
                "[data-day='Wed']",
                "Click the Wednesday tile in the forecast",
                "The details line under the forecast describes Wednesday.",
            ),
            typ(
                "#q",
                "Oslo",
                "Search for Oslo in the search bar at the top",
                "Oslo, Norway is suggested.",
            ),
            press("Enter", "Hit Enter", "The page now shows the weather in Oslo, 7°C, light rain."),
            click(
                "[data-day='Thu']",
                "Click the fourth day of the 7-day forecast",
                "The details line now describes Thursday.",
            ),
        ],
    ),
    "d-mail": (
        "email-inbox",
        "Postbox webmail, by list position and icon",
        [
            click(
                "[data-mail='1']",
                "Open the first email in the list",
                "The invoice email from Northwind Billing opens; the amount due is $248.00.",
            ),
            click(
                "#star",
                "Click the star above the message",
                "The message is starred and Starred shows 2.",
            ),
            click("#archive", "Archive it", "A notice says the conversation was archived."),
            click(
                "#compose", "Click the orange button at the top left", "A New message form appears."
            ),
            typ(
                "#to",
                "sam@example.com",
                "Fill in sam@example.com as the recipient",
                "The form's title shows sam@example.com.",
            ),
            typ(
                "#subj",
                "Lunch Friday?",
                "Type Lunch Friday? as the subject",
                "The title now includes Lunch Friday?.",
            ),
            click("#send", "Hit Send", "Message sent; Sent (1) in the sidebar."),
        ],
    ),
    "d-league": (
        "league-table",
        "Matchday table, by column heading and rank",
        [
            click(
                "[data-sort='gd']",
                "Click the GD column header",
                "The table says it is sorted by goal difference.",
            ),
            click(
                "[data-sort='gf']",
                "Sort by the GF column instead",
                "The table is now sorted by goals scored.",
            ),
            click(
                "[data-team='harbour']",
                "Click the team in first place",
                "The side panel shows Harbour City, 1st with 27 pts.",
            ),
            click(
                "[data-tab='Results']",
                "Open Results in the team panel on the right",
                "The last result 3–1 vs Northgate is listed.",
            ),
            click(
                "#follow",
                "Click Follow in the team panel",
                "The button now says Following and the header shows Following (1).",
            ),
            click(
                "[data-sort='pts']",
                "Click the Pts heading to sort by points again",
                "The table is sorted by points.",
            ),
        ],
    ),
    "d-news": (
        "news-portal",
        "The Daily Ledger, by section and synonyms",
        [
            click(
                "[data-cat='Technology']",
                "Click Technology in the menu under the masthead",
                "Only 3 technology stories are shown.",
            ),
            click(
                "#story-2 .read",
                "Expand the processor story",
                "The chipmaker article expands and a Show less link appears.",
            ),
            click("#story-2 .save", "Bookmark that story", "Saved (1) appears at the top right."),
            click(
                "[data-cat='All']",
                "Click All at the start of the section menu",
                "All 9 stories are listed again.",
            ),
            click(
                "#saved-btn",
                "Click the saved stories button at the top right",
                "A Saved stories list opens.",
            ),
        ],
    ),
    "d-photos": (
        "photo-gallery",
        "Kai Okafor portfolio, photos by grid position",
        [
            click(
                "[data-filter='Water']", "Click the Water chip", "The grid shows 4 photos of water."
            ),
            click(
                "[data-photo='harbour-dawn']",
                "Open the second picture in the grid",
                "A viewer opens on Harbour Dawn, 2 of 4.",
            ),
            press(
                "ArrowRight",
                "Go to the next photo with the right arrow key",
                "The viewer shows Glacier Bay, 3 of 4.",
            ),
            click("#fav", "Click the heart to favourite it", "The photo is favourited."),
            press("Escape", "Close the viewer with Esc", "The grid is visible again."),
            click(
                "[data-filter='All']",
                "Click the first chip of the filter row",
                "All 9 photos are shown.",
            ),
        ],
    ),
    "d-recipe": (
        "recipe-box",
        "Hearth & Herb recipe, controls by symbol and place",
        [
            click(
                "#plus",
                "Click the plus next to Serves 2",
                "It now serves 3 and the amounts grow (6 eggs).",
            ),
            click("#plus", "Click the plus once more", "Serves 4, with 8 eggs."),
            click(
                "[data-unit='imperial']",
                "Click the Imperial toggle beside Metric",
                "Amounts are shown in ounces.",
            ),
            click(
                "#ing li:first-child input",
                "Tick the box of the first ingredient",
                "1 of 7 ingredients ready.",
            ),
            click(
                "#start", "Click the dark red button in the Method card", "Step 1 of 5 is shown."
            ),
            press(
                "ArrowRight",
                "Go to the next step with the right arrow",
                "Step 2 of 5: add the garlic and paprika.",
            ),
        ],
    ),
    "d-social": (
        "social-feed",
        "Chirpy feed, by icons under posts",
        [
            typ(
                "#text",
                "Shipping the new release today!",
                "Write Shipping the new release today! in the What's happening? box",
                "The counter shows 249 characters left.",
            ),
            click("#post", "Click the blue Post button", "The new post is at the top of the feed."),
            click(
                "#post-maya .like",
                "Click the heart under Maya Chen's post",
                "Her post now has 129 likes.",
            ),
            click(
                "[data-follow='leo']",
                "Follow the first person in Who to follow",
                "Following count goes to 43.",
            ),
            click(
                "#post-maya .cbtn",
                "Click the speech bubble under Maya's post",
                "The comments under her post open.",
            ),
            click(
                "[data-tab='following']",
                "Click the Following tab at the top",
                "The feed shows posts from the 3 people you follow.",
            ),
        ],
    ),
}


def main(out: Path) -> None:
    write_sources(TASKS, BUNDLED, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "src")
