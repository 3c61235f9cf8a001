"""A stated number read beside what it counts by the row or column it stands in on the
screen (evaluator.scoring.layout), and the count check that asks it."""

from __future__ import annotations

from evaluator.scoring.assertions import count_check
from evaluator.scoring.layout import beside_on_screen, read_lines

# A basket: each row's name on the left, its stepper and price on the right; the page
# text puts the quantity seven tokens after the name.
BASKET = [
    ["Your basket (6 items)", 40, 100, 260, 30],
    ["Linen tea towels", 40, 160, 140, 18],
    ["Set of 2 · oatmeal · $14.00 each", 40, 182, 240, 16],
    ["1", 540, 170, 9, 18],
    ["$14.00", 640, 170, 60, 18],
    ["Stoneware mug", 40, 262, 120, 18],
    ["Sage green · 350 ml · $18.00 each", 40, 284, 250, 16],
    ["3", 540, 272, 9, 18],
    ["$54.00", 640, 272, 60, 18],
]
BASKET_TEXT = (
    "\n".join(t[0] for t in BASKET[:3])
    + "\n−\n1\n+\n$14.00\n"
    + "\n".join(t[0] for t in BASKET[5:7])
    + "\n−\n3\n+\n$54.00"
)
# The dead page: the mug row still shows 2; the candle row below shows 3.
DEAD = [[t, x, y, w, h] for t, x, y, w, h in BASKET]
DEAD[7][0], DEAD[8][0] = "2", "$36.00"
DEAD += [
    ["Beeswax candle", 40, 364, 120, 18],
    ["Honey · 40 h burn · $9.50 each", 40, 386, 250, 16],
    ["3", 540, 374, 9, 18],
    ["$28.50", 640, 374, 60, 18],
]
DEAD_TEXT = BASKET_TEXT.replace("−\n3\n+\n$54.00", "−\n2\n+\n$36.00") + (
    "\nBeeswax candle\nHoney · 40 h burn · $9.50 each\n−\n3\n+\n$28.50"
)
ASSERTION = "The mug row shows 3 and $54.00; the heading says Your basket (6 items)."


def _on(lines: list) -> object:
    texts = read_lines(lines)
    return lambda number, words: beside_on_screen(texts, number, words)


def test_a_number_in_its_row_counts_where_the_text_puts_it_far() -> None:
    # Before: the page text alone (the quantity 7 tokens after "mug") failed the step.
    alone = count_check(ASSERTION, BASKET_TEXT)
    assert alone is not None and not alone.ok
    check = count_check(ASSERTION, BASKET_TEXT, on_screen=_on(BASKET))
    assert check is not None and check.ok, check


def test_the_dead_page_shows_its_own_number_in_that_row() -> None:
    check = count_check(ASSERTION, DEAD_TEXT, on_screen=_on(DEAD))
    assert check is not None and not check.ok


def test_a_heading_counts_for_its_column() -> None:
    sheet = [["Total", 600, 60, 40, 18], ["3,600.00", 600, 88, 70, 18], ["Rent", 40, 88, 40, 18]]
    texts = read_lines(sheet)
    assert beside_on_screen(texts, "3,600.00", ("total",))
    # A heading far up, or a column beside, is not its heading.
    assert not beside_on_screen(
        read_lines([["Total", 600, 60, 40, 18], ["3,600.00", 600, 900, 70, 18]]),
        "3,600.00",
        ("total",),
    )
    assert not beside_on_screen(
        read_lines([["Total", 300, 60, 40, 18], ["3,600.00", 600, 88, 70, 18]]),
        "3,600.00",
        ("total",),
    )


def test_rows_apart_are_not_one_row() -> None:
    texts = read_lines(BASKET)
    assert beside_on_screen(texts, "3", ("mug",))
    assert not beside_on_screen(texts, "1", ("mug",))
    assert not beside_on_screen(texts, "3", ("towel",))


def test_malformed_entries_are_skipped() -> None:
    assert read_lines([["3", 1, 2, 3], "x", ["3", True, 1, 1, 1], ["", 1, 1, 1, 1]]) == []
    assert read_lines(None) == []


def test_a_label_between_takes_the_number() -> None:
    # h-coffee's dead page: "1 litre." under the card whose "Add to cart" is above; the
    # card's own title stands between, so the cart is no heading of that 1.
    card = [
        ["Add to cart", 332, 492, 83, 18],
        ["Glass pour-over kettle", 242, 640, 200, 20],
        ["Borosilicate glass, steel frame. 1 litre.", 242, 681, 265, 16],
    ]
    assert not beside_on_screen(read_lines(card), "1", ("cart",))
    assert beside_on_screen(read_lines([card[0], card[2]]), "1", ("cart",))
    # In a row, other cells with words may stand between (a file's type and date before
    # its size).
    row = [
        ["Packing list.docx", 40, 100, 140, 18],
        ["Document", 300, 100, 80, 18],
        ["4 Dec 2026", 500, 100, 90, 18],
        ["38 KB", 700, 100, 50, 18],
    ]
    assert beside_on_screen(read_lines(row), "38", ("packing",))


def test_a_table_column_by_its_cells() -> None:
    # h4-budget #7: the runner gives a cell's text its cell's box, so the heading "Total"
    # (left-aligned) heads "$3,600.00" (right-aligned) in the same column.
    cells = [
        ["Mar", 440, 185, 130, 28],
        ["Total", 570, 185, 130, 28],
        ["Notes", 700, 185, 130, 28],
        ["1,200", 440, 213, 130, 28],
        ["$3,600.00", 570, 213, 130, 28],
    ]
    texts = read_lines(cells)
    assert beside_on_screen(texts, "3,600.00", ("total",))
    assert not beside_on_screen(texts, "3,600.00", ("note",))


def test_a_page_repeating_number_and_word_is_bounded() -> None:
    # 2000 texts each holding both, stacked in one column: the pairs are bounded, the answer
    # comes at once (the first pair sits in one row).
    many = [["mug 3", 40, 20 * i, 60, 18] for i in range(2000)]
    assert beside_on_screen(read_lines(many), "3", ("mug",))
    # None beside: 2000 numbers under 2000 words far across; still bounded.
    far = [["mug", 0, 20 * i, 30, 18] for i in range(1000)] + [
        ["3", 2000, 20 * i + 5000, 9, 18] for i in range(1000)
    ]
    assert not beside_on_screen(read_lines(far), "3", ("mug",))
