"""The painted text (what every text check reads) and the probes' verdict, on saved evidence."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
from PIL import Image, ImageDraw, ImageFont

from evaluator.scoring import images, ocr, score, transitions
from evaluator.scoring.painted import evidence, remove_once, with_painted_text
from evaluator.tasks.task import Task
from sandbox.runner.record import Step

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def test_a_hidden_fragment_goes_once_whatever_case_and_spacing_innertext_gave_it() -> None:
    text = "Total\nORDER   CONFIRMED\nOrder confirmed"
    assert remove_once(text, "order confirmed") == "Total\n\nOrder confirmed"
    assert remove_once(text, "nothing like it") == text
    assert remove_once(text, "  ") == text  # no word: nothing to take out


def test_evidence_takes_hidden_text_out_and_adds_what_innertext_lacks() -> None:
    step = Step(
        1,
        text="Plan\nBasic plan selected\nNo plan chosen",
        painted={"hidden": ["Basic plan selected"], "extra": ["Closed shadow says hi"]},
    )
    made = evidence(step, None)
    assert "Basic plan selected" not in made.text
    assert "No plan chosen" in made.text and "Closed shadow says hi" in made.text
    assert len(made.notes) == 2
    # A step without the runner's account keeps its text; a copy holds the painted text and
    # the notes say how it was made, the runner's step unchanged.
    assert evidence(Step(1, text="as is"), None).text == "as is"
    (copied,), notes = with_painted_text([step], None)
    assert copied.text == made.text and notes == {1: made.notes}
    assert step.text == "Plan\nBasic plan selected\nNo plan chosen"


def test_a_malformed_account_is_ignored_not_trusted() -> None:
    step = Step(
        1,
        text="keep me",
        painted={"hidden": "keep me", "extra": [1, None], "regions": [{"box": "x"}]},
    )
    assert evidence(step, None).text == "keep me"


def _shot(path: Path, text: str) -> None:
    img = Image.new("RGB", (800, 200), (255, 255, 255))
    ImageDraw.Draw(img).text((20, 60), text, fill=(20, 20, 20), font=ImageFont.truetype(FONT, 28))
    img.save(path)


@pytest.mark.skipif(not ocr.available(), reason=ocr.UNAVAILABLE_REASON)
def test_canvas_and_web_font_regions_are_read_from_the_pixels(tmp_path: Path) -> None:
    _shot(tmp_path / "step_1.png", "Order confirmed 4471")
    canvas = Step(
        1,
        screenshot="step_1.png",
        painted={"regions": [{"kind": "canvas", "box": [0, 0, 800, 200], "text": ""}]},
    )
    assert "4471" in evidence(canvas, tmp_path).text
    # The DOM claims other words than the pixels show: the pixels count.
    lying = Step(
        1,
        text="Payment refused",
        screenshot="step_1.png",
        painted={
            "regions": [{"kind": "webfont", "box": [0, 0, 800, 200], "text": "Payment refused"}]
        },
    )
    made = evidence(lying, tmp_path)
    assert "refused" not in made.text.lower() and "4471" in made.text
    # An honest web font: the DOM words are on the screen, the DOM text stands.
    honest = replace(
        lying,
        text="Order confirmed 4471",
        painted={
            "regions": [
                {"kind": "webfont", "box": [0, 0, 800, 200], "text": "Order confirmed 4471"}
            ]
        },
    )
    assert evidence(honest, tmp_path).text.startswith("Order confirmed 4471")


def _screen(path: Path, colour: tuple[int, int, int]) -> Path:
    img = Image.new("RGB", (1280, 800), (255, 255, 255))
    img.paste(Image.new("RGB", (300, 200), colour), (100, 100))
    img.save(path)
    return path


def test_a_probe_that_makes_the_action_s_change_fails_and_one_that_does_nothing_passes(
    tmp_path: Path,
) -> None:
    images.clear()
    before = _screen(tmp_path / "before.png", (220, 220, 220))
    after = _screen(tmp_path / "after.png", (40, 90, 200))
    same = transitions.probe_transition(before, after, after, "an inert spot")
    assert same is not None and not same.ok
    inert = transitions.probe_transition(before, after, before, "an inert spot")
    assert inert is not None and inert.ok
    other = _screen(tmp_path / "other.png", (200, 60, 40))  # the neighbour did something else
    assert transitions.probe_transition(before, after, other, "the neighbour").ok
    # The action changed nothing visibly, or the reference asked for no change: no verdict.
    assert transitions.probe_transition(before, before, before, "x") is None
    assert transitions.probe_transition(before, after, after, "x", reference_changed=False) is None


def test_a_neighbour_whose_result_differs_by_a_twelfth_of_the_change_did_other_work(
    tmp_path: Path,
) -> None:
    # Two filters of one list: the action recoloured a 300 x 200 block; the neighbour's
    # result differs from the action's in a 50 x 100 part of it (1/12 of the change), as the
    # "Groceries" chip's did from the "Dining" chip's on heldout2's h2-ledger.
    images.clear()
    before = _screen(tmp_path / "before.png", (220, 220, 220))
    after = _screen(tmp_path / "after.png", (40, 90, 200))
    near = Image.open(after).copy()
    near.paste(Image.new("RGB", (50, 100), (200, 60, 40)), (100, 100))
    near.save(tmp_path / "near.png")
    check = transitions.probe_transition(before, after, tmp_path / "near.png", "the neighbour")
    assert check is not None and check.ok, check


@pytest.mark.parametrize(
    ("target", "what", "kind"),
    [
        ("Square A1", 'neighbouring control "square a2"', transitions.Neighbour.LIKE),
        ("Cell 3", 'neighbouring control "Cell 4"', transitions.Neighbour.LIKE),
        ("Row 2 column 3", 'neighbouring control "Row 2 column 4"', transitions.Neighbour.LIKE),
        ("Add to cart", 'neighbouring control "Checkout"', None),
        ("Next", 'neighbouring control "Back"', None),
        ("Square A1", 'neighbouring control "Square A1"', transitions.Neighbour.SAME),
        ("Cancel booking", 'neighbouring control "cancel booking "', transitions.Neighbour.SAME),
        ("", 'neighbouring control "square a2"', None),
        ("Square A1", "inert main", None),
    ],
)
def test_neighbours_are_cells_of_one_set_or_the_same_label(
    target: str, what: str, kind: transitions.Neighbour | None
) -> None:
    assert transitions.neighbour(target, what) is kind


def test_a_neighbour_labelled_the_same_that_opens_its_own_window_is_noted(
    tmp_path: Path,
) -> None:
    # h13-harbour #1: the × "Cancel booking" beside Tuesday's boxing opens "Cancel Boxing
    # Fit?"; the × beside the spin class, labelled the same, opens "Cancel Spin 45?": a like
    # window for its own item, a few words apart. One whose result is the action's very
    # picture still fails, as does an inert spot's.
    images.clear()
    _screen(tmp_path / "before.png", (220, 220, 220))
    after = Image.new("RGB", (1280, 800), (40, 40, 40))
    after.paste(Image.new("RGB", (400, 200), (255, 255, 255)), (440, 300))
    after.save(tmp_path / "after.png")
    own = after.copy()
    own.paste(Image.new("RGB", (60, 14), (90, 90, 90)), (500, 340))  # other words
    own.save(tmp_path / "own.png")
    reference = (_screen(tmp_path / "ref0.png", (220, 220, 220)), tmp_path / "after.png")
    task = cast(Task, SimpleNamespace(checkpoint=lambda i: reference[i]))

    def checks(shot: str, kind: str = "neighbour") -> list[transitions.Check]:
        what = 'neighbouring control "cancel booking"' if kind == "neighbour" else "inert div"
        step = Step(
            1,
            screenshot="after.png",
            target={"text": "Cancel booking"},
            probes=[{"kind": kind, "what": what, "screenshot": shot}],
            probe_before="before.png",
        )
        return score._probe_checks(task, 1, None, step, tmp_path)

    [noted] = checks("own.png")
    assert noted.ok and "labelled the same" in noted.detail, noted
    [same] = checks("after.png")
    assert not same.ok
    [inert] = checks("own.png", "inert")
    assert not inert.ok
