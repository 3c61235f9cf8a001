"""Model-free assertions from the reference's own transition."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from evaluator.scoring import ocr
from evaluator.scoring.score import score_task
from evaluator.scoring.transitions import (
    changed_share,
    ocr_text_transition,
    text_transition,
    visual_transition,
)
from evaluator.tasks.task import load_task
from sandbox.runner.record import Step
from tests.evaluator.conftest import write_task


def _shot(path: Path, text: str = "", caret: bool = False) -> Path:
    img = Image.new("RGB", (640, 400), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle((20, 20, 300, 60), fill=(40, 60, 200))
    if text:
        draw.rectangle((20, 100, 20 + 12 * len(text), 140), fill=(30, 30, 30))
    if caret:
        draw.line((400, 200, 400, 216), fill=(0, 0, 0))
    img.save(path)
    return path


def test_text_transition_requires_what_appeared_and_vanished() -> None:
    before, after = "Cart (0)\nNothing here", "Cart (1)\nEspresso - $14.50"
    assert text_transition(before, after, "cart (1)\nespresso - $14.50").ok
    assert not text_transition(before, after, "Cart (0)\nNothing here").ok
    # Most of the transition is enough: pages word some things their own way.
    assert text_transition(before, after, "Cart (1)\nEspresso - 14.50 USD").ok
    assert text_transition("same", "same", "anything") is None


def test_visual_transition_needs_a_change_where_the_reference_changed(tmp_path: Path) -> None:
    a, b = _shot(tmp_path / "a.png"), _shot(tmp_path / "b.png", text="Added")
    caret = _shot(tmp_path / "c.png", caret=True)
    assert changed_share(a, caret) < 0.0002 < changed_share(a, b)
    assert visual_transition(a, b, a, b).ok
    assert not visual_transition(a, b, a, caret).ok  # a blinking caret is no change
    assert visual_transition(a, caret, a, a) is None  # reference did not change


def test_most_of_the_screen_changed_asks_for_more_than_a_small_change(tmp_path: Path) -> None:
    """h10-films #6: the reference opened a window over a dimmed page (94% of pixels); the
    judged page toggled a bookmark (1%). Where the reference changed most of the screen,
    a small change is not the same action; a window drawn without the dimming passes."""
    a = _shot(tmp_path / "a.png")
    dimmed = Image.new("RGB", (640, 400), (90, 90, 90))
    ImageDraw.Draw(dimmed).rectangle((160, 100, 480, 300), fill="white")
    dimmed.save(tmp_path / "dim.png")
    window = Image.open(a).copy()
    ImageDraw.Draw(window).rectangle((160, 100, 480, 300), fill=(200, 60, 60))
    window.save(tmp_path / "win.png")
    small = _shot(tmp_path / "small.png", text="Saved")
    assert changed_share(a, tmp_path / "dim.png") > 0.5
    bookmark = visual_transition(a, tmp_path / "dim.png", a, small)
    assert bookmark is not None and not bookmark.ok
    assert "most of the screen" in bookmark.detail
    drawn = visual_transition(a, tmp_path / "dim.png", a, tmp_path / "win.png")
    assert drawn is not None and drawn.ok, drawn


def test_a_static_page_fails_where_the_reference_moved(tmp_path: Path) -> None:
    folder = write_task(tmp_path / "tasks")
    data = json.loads((folder / "task.json").read_text())
    for action in data["actions"]:
        action["expect"] = {}
    (folder / "task.json").write_text(json.dumps(data))
    for i, text in enumerate(["", "1 item", "1 item hello", "1 item hello saved"]):
        _shot(folder / "checkpoints" / f"step_{i}.png", text=text)
    trace = [{"index": i, "text": t} for i, t in enumerate(["", "1 item", "1 item", "Saved"])]
    (folder / "checkpoints" / "reference_trace.json").write_text(json.dumps(trace))
    task = load_task(folder)
    shots = tmp_path / "shots"
    shots.mkdir()

    def steps(texts: list[str]) -> list[Step]:
        return [Step(i, text=t, screenshot=f"step_{i}.png") for i, t in enumerate(texts)]

    # Working copy: same screenshots, same texts.
    for i in range(4):
        shutil.copyfile(task.checkpoint(i), shots / f"step_{i}.png")
    good = score_task(task, steps(["", "1 item", "1 item", "Saved"]), shots)
    assert good.passed == 3, [s.reason for s in good.steps]
    assert any(c.startswith("ok: visible change") for c in good.steps[0].checks)
    # Static look-alike: every action executes, nothing changes.
    for i in range(4):
        shutil.copyfile(task.checkpoint(0), shots / f"step_{i}.png")
    static = score_task(task, steps(["", "", "", ""]), shots)
    assert static.passed == 0
    assert static.steps[0].status == "assertion_failed"
    assert "text transition: 0/1" in static.steps[0].reason


def _reading(text: str) -> ocr.OcrResult:
    words = tuple(ocr.Word(w, 10 * i, 0, 8, 8, 95.0) for i, w in enumerate(text.split()))
    return ocr.OcrResult(words, (text,))


def test_words_scrolled_into_view_are_no_change(monkeypatch: pytest.MonkeyPatch) -> None:
    # The coffee shop's first click scrolls the toast's line into the viewport: on the
    # reference "Added Ethiopia Guji to your cart" appears, and so do the footer's words.
    readings = {
        "before": _reading("Coffee Espresso Blend Ethiopia Guji"),
        "after": _reading("Coffee Ethiopia Guji Bean Brew Roasters Mill Lane Added your cart"),
    }
    monkeypatch.setattr(ocr, "read", lambda path: readings[Path(path).name])
    dead = "Coffee\nEspresso Blend\nEthiopia Guji\nAdd to cart\nBean & Brew Roasters 12 Mill Lane"
    live = dead + "\nAdded Ethiopia Guji to your cart"
    # Without the page's text before the action, the dead page shows most appeared words.
    assert ocr_text_transition(Path("before"), Path("after"), dead).ok  # type: ignore[union-attr]
    # With it: the footer was on the page all along ("added" reads like "Add"); "your" was
    # not, and the page without scripts does not bring it.
    check = ocr_text_transition(Path("before"), Path("after"), dead, gen_before=dead)
    assert check is not None and not check.ok
    assert "0/1 of those the page lacked before" in check.detail
    good = ocr_text_transition(Path("before"), Path("after"), live, gen_before=dead)
    assert good is not None and good.ok and "1/1 of those the page lacked before" in good.detail
    # Every appeared word already on the page: nothing more is asked, and the check says so.
    same = ocr_text_transition(Path("before"), Path("after"), live, gen_before=live)
    assert same is not None and same.ok and "all of them on the page before" in same.detail
