from pathlib import Path

import pytest
from PIL import Image

from evaluator.scoring import ocr
from evaluator.scoring.metrics import (
    colour_similarity,
    compare,
    layout_similarity,
    ssim,
    text_similarity,
)
from evaluator.scoring.score import check_expectation, final_score, score_task
from evaluator.tasks.task import Expectation, load_task
from sandbox.runner.record import Step
from sandbox.runner.result import StepStatus


def _steps(statuses: list[str], texts: list[str]) -> list[Step]:
    steps = [Step(0, screenshot="step_0.png")]
    for i, (status, text) in enumerate(zip(statuses, texts, strict=True), start=1):
        steps.append(Step(i, StepStatus(status), text=text, screenshot=f"step_{i}.png"))
    return steps


def _copy_checkpoints(task_dir: Path, out: Path) -> None:
    out.mkdir(exist_ok=True)
    for p in (task_dir / "checkpoints").glob("step_*.png"):
        (out / p.name).write_bytes(p.read_bytes())


def test_expectations_ignore_case_and_spacing() -> None:
    exp = Expectation(text_present=("Cart (1)",), text_absent=("Empty",))
    assert check_expectation(exp, "CART   (1)\nitems") == []
    assert check_expectation(exp, "Cart (0) Empty") == [
        "missing text 'Cart (1)'",
        "unexpected text 'Empty'",
    ]


def test_identical_screenshots_score_full_marks(mini_task: Path, tmp_path: Path) -> None:
    task = load_task(mini_task)
    _copy_checkpoints(mini_task, tmp_path / "shots")
    score = score_task(task, _steps(["ok"] * 3, ["1 item", "", "saved"]), tmp_path / "shots")
    assert (score.passed, score.ifs, score.vfs, score.final) == (3, 1.0, 1.0, 1.0)
    assert [s.status for s in score.steps] == ["passed"] * 3


def test_prefix_ends_at_first_failure_and_visuals_are_cut(mini_task: Path, tmp_path: Path) -> None:
    task = load_task(mini_task)
    _copy_checkpoints(mini_task, tmp_path / "shots")
    # Step 1 passes, step 2 works but its text check is irrelevant, step 3 fails its check.
    steps = _steps(["ok", "ok", "ok"], ["1 item", "", "Unsaved"])
    score = score_task(task, steps, tmp_path / "shots")
    assert score.passed == 2 and score.ifs == pytest.approx(2 / 3)
    assert [s.status for s in score.steps] == ["passed", "passed", "assertion_failed"]
    # Visual list: step 0 and step 1 (step 2 is not flagged visual; step 3 is outside).
    assert score.steps[0].vision["score"] == 1.0 and score.steps[1].vision is None
    assert score.steps[2].vision is None
    assert score.final == pytest.approx(final_score(2 / 3, 1.0))


def test_a_failed_action_stops_the_prefix_even_if_later_ones_work(
    mini_task: Path, tmp_path: Path
) -> None:
    task = load_task(mini_task)
    _copy_checkpoints(mini_task, tmp_path / "shots")
    steps = _steps(["target_not_found", "ok", "ok"], ["", "", "saved"])
    score = score_task(task, steps, tmp_path / "shots")
    assert score.passed == 0 and score.ifs == 0.0
    assert score.steps[2].reason == "after the first failed action"


def test_missing_screenshot_scores_zero_not_dropped(mini_task: Path, tmp_path: Path) -> None:
    task = load_task(mini_task)
    (tmp_path / "shots").mkdir()
    score = score_task(task, _steps(["target_not_found"], [""])[:2], tmp_path / "shots")
    assert score.vfs == 0.0 and score.final == 0.0


def test_ssim_orders_similarity(tmp_path: Path) -> None:
    base = Image.new("RGB", (400, 300), "white")
    for x in range(0, 400, 20):
        for y in range(0, 300, 40):
            base.paste((20, 20, 20), (x, y, x + 10, y + 10))
    near = base.copy()
    near.paste((20, 20, 20), (0, 290, 400, 300))
    blank = Image.new("RGB", (400, 300), "white")
    for name, img in (("a", base), ("b", near), ("c", blank)):
        img.save(tmp_path / f"{name}.png")
    same = ssim(tmp_path / "a.png", tmp_path / "a.png")
    close = ssim(tmp_path / "a.png", tmp_path / "b.png")
    far = ssim(tmp_path / "a.png", tmp_path / "c.png")
    assert same == pytest.approx(1.0) and same > close > far >= 0.0


def _page(path, background, blocks, colour=(20, 20, 20)) -> None:
    img = Image.new("RGB", (400, 300), background)
    for x, y, w, h in blocks:
        img.paste(colour, (x, y, x + w, y + h))
    img.save(path)


def test_each_component_orders_near_above_far(tmp_path, monkeypatch) -> None:
    blocks = [(20, 20, 360, 30), (20, 80, 170, 150), (210, 80, 170, 150)]
    _page(tmp_path / "ref.png", "white", blocks)
    _page(tmp_path / "moved.png", "white", [(20, 20, 360, 30), (20, 80, 360, 60)])
    _page(tmp_path / "recoloured.png", (30, 60, 200), blocks, colour=(250, 200, 0))
    _page(tmp_path / "empty.png", "white", [])
    ref = tmp_path / "ref.png"
    assert layout_similarity(ref, ref) == 1.0
    assert layout_similarity(ref, tmp_path / "moved.png") < 1.0
    assert layout_similarity(ref, tmp_path / "empty.png") == 0.0
    assert colour_similarity(ref, ref) == pytest.approx(1.0)
    assert colour_similarity(ref, tmp_path / "recoloured.png") < 0.05
    # Same shapes, other colours: layout holds, colour collapses.
    recoloured = compare(ref, tmp_path / "recoloured.png")
    assert recoloured.layout > 0.9 and recoloured.colour < 0.05
    # Texts unknown: both sides are read by OCR, and the text counts like the others.
    assert recoloured.text_source == "ocr" and recoloured.text is not None
    assert recoloured.score == pytest.approx(
        (recoloured.ssim + recoloured.colour + recoloured.layout + recoloured.text) / 4
    )
    # Without Tesseract the judge cannot score here: an infrastructure fault, raised.
    monkeypatch.setenv("IWR_TESSERACT", "no-such-tesseract")
    with pytest.raises(ocr.OcrUnavailable, match="not installed"):
        compare(ref, tmp_path / "recoloured.png")


def test_text_similarity_is_normalised_levenshtein() -> None:
    assert text_similarity("Cart (1)", "Cart  (1)\n") == 1.0
    assert text_similarity("", "") == 1.0
    assert text_similarity("abcd", "abcf") == pytest.approx(0.75)
    assert text_similarity("Total: $41.50", "") == 0.0


def test_text_counts_when_both_sides_have_it(tmp_path) -> None:
    _page(tmp_path / "a.png", "white", [(10, 10, 50, 50)])
    full = compare(tmp_path / "a.png", tmp_path / "a.png", "Hello world", "Hello world")
    half = compare(tmp_path / "a.png", tmp_path / "a.png", "Hello world", "")
    assert full.score == pytest.approx(1.0)
    assert half.text == 0.0 and half.score == pytest.approx(0.75)


def test_compare_decodes_once_and_agrees_with_each_metric(tmp_path) -> None:
    blocks = [(20, 20, 360, 30), (20, 80, 170, 150)]
    _page(tmp_path / "ref.png", "white", blocks)
    _page(tmp_path / "other.png", (30, 60, 200), blocks[:1], colour=(250, 200, 0))
    # A candidate of another size is scaled to the reference's, as each metric does.
    Image.open(tmp_path / "other.png").resize((300, 500)).save(tmp_path / "odd.png")
    ref = tmp_path / "ref.png"
    for cand in (ref, tmp_path / "other.png", tmp_path / "odd.png"):
        both = compare(ref, cand, "a", "b")
        assert both.ssim == ssim(ref, cand)
        assert both.colour == colour_similarity(ref, cand)
        assert both.layout == layout_similarity(ref, cand)
