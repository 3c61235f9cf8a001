"""OCR of reference checkpoints, and the transitions it lets us check on published tasks
(which carry screenshots only, no reference text)."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from evaluator.scoring import ocr, ocr_like, score
from evaluator.scoring.metrics import compare, text_similarity
from evaluator.scoring.score import score_task
from evaluator.scoring.transitions import ocr_text_transition
from evaluator.tasks.published import load_published
from sandbox.runner.record import Step

pytestmark = pytest.mark.skipif(not ocr.available(), reason=ocr.UNAVAILABLE_REASON)

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def render(path: Path, lines: list[str], *, button: str | None = None) -> Path:
    """A page-like screenshot: dark text on white, and optionally a white-on-dark button."""
    img = Image.new("RGB", (640, 400), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 16)
    for i, line in enumerate(lines):
        draw.text((30, 30 + 32 * i), line, fill=(30, 30, 30), font=font)
    if button:
        draw.rounded_rectangle((400, 300, 600, 344), radius=6, fill=(0, 70, 80))
        draw.text((430, 312), button, fill="white", font=font)
    img.save(path)
    return path


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IWR_OCR_CACHE", str(tmp_path / "ocr-cache"))
    ocr._MEMORY.clear()


def test_reads_lines_and_word_boxes_including_light_on_dark(tmp_path: Path) -> None:
    shot = render(tmp_path / "a.png", ["Your cart is empty", "Total $0.00"], button="Checkout")
    result = ocr.read(shot)
    assert "your cart is empty" in result.text.casefold()
    assert "total $0.00" in result.text.casefold()
    assert "checkout" in result.text.casefold()  # white on a dark button
    word = next(w for w in result.words if w.text == "Checkout")
    assert 400 <= word.left < 600 and 300 <= word.top < 344  # boxes in screenshot pixels


def test_results_are_cached_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shot = render(tmp_path / "a.png", ["Cached words"])
    first = ocr.read(shot)
    assert list((tmp_path / "ocr-cache").glob("*.json"))
    ocr._MEMORY.clear()
    monkeypatch.setattr(ocr, "_run", lambda *a: pytest.fail("OCR ran again"))
    assert ocr.read(shot) == first  # from the disk cache
    copy = shutil.copyfile(shot, tmp_path / "b.png")
    assert ocr.read(copy) == first  # same bytes, other name


def test_memory_keeps_the_most_recently_used_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "MEMORY_ENTRIES", 2)
    a, b, c = (render(tmp_path / f"{n}.png", [f"Shot {n}"]) for n in "abc")
    first = ocr.read(a)
    ocr.read(b)
    ocr.read(a)  # a is now the most recent: b goes when c comes
    ocr.read(c)
    assert len(ocr._MEMORY) == 2
    assert [r.text for r in ocr._MEMORY.values()] == [first.text, ocr.read(c).text]
    # What left memory is still on disk: read again without running Tesseract.
    monkeypatch.setattr(ocr, "_run", lambda *a: pytest.fail("OCR ran again"))
    assert "shot b" in ocr.read(b).text.casefold()


def test_a_missing_tesseract_is_a_clear_error_and_a_skipped_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IWR_TESSERACT", "no-such-tesseract")
    a = render(tmp_path / "a.png", ["Cart (0)"])
    with pytest.raises(ocr.OcrUnavailable, match="apt-get install tesseract-ocr"):
        ocr.read(a)
    check = ocr_text_transition(a, a, "Cart (0)")
    assert check is not None and check.skipped and check.ok
    assert "skipped" in check.detail


def test_ocr_transition_tolerates_misreads_but_not_an_unchanged_page(tmp_path: Path) -> None:
    before = render(tmp_path / "0.png", ["Cart (0)", "Split 1 way with a 0% tip"])
    after = render(tmp_path / "1.png", ["Cart (1)", "Split 1 way with a 15% tip"])
    good = ocr_text_transition(before, after, "Cart (1)\nSplit 1 way with a 15% tip")
    assert good is not None and good.ok, good
    # OCR-like noise on the page side still matches (fuzzy), a near twin of the old
    # line does not count as the new one.
    assert ocr_text_transition(before, after, "Cart (1)\nSpl1t 1 way with a 15% tlp").ok
    stale = ocr_text_transition(before, after, "Cart (0)\nSplit 1 way with a 0% tip")
    assert stale is not None and not stale.ok
    assert "not shown: 15" in stale.detail
    # Text typed into a field is read by OCR but is not in the browser's innerText.
    typed = render(tmp_path / "2.png", ["Cart (0)", "Split 1 way with a 0% tip", "Lisbon"])
    assert not ocr_text_transition(before, typed, "Cart (0)").ok
    assert ocr_text_transition(before, typed, "Cart (0)", typed="Lisbon").ok
    assert ocr_text_transition(before, shutil.copyfile(before, tmp_path / "x.png"), "") is None


def test_a_word_the_page_paints_as_the_reference_is_shown(tmp_path: Path) -> None:
    # The browser's text lacks what OCR read (a glyph it reads as a word), but the page's
    # screenshot has the checkpoint's pixels there: it shows what the reference shows.
    before = render(tmp_path / "0.png", ["Now playing"])
    after = render(tmp_path / "1.png", ["Now playing", "Quiet Rooms 1984"])
    same = shutil.copyfile(after, tmp_path / "page.png")
    check = ocr_text_transition(before, after, "Now playing", gen_shot=same)
    assert check is not None and check.ok, check
    assert "painted as on the reference" in check.detail
    # Another picture there (the old screen) is no such proof.
    other = shutil.copyfile(before, tmp_path / "old.png")
    stale = ocr_text_transition(before, after, "Now playing", gen_shot=other)
    assert stale is not None and not stale.ok, stale


LINE = {
    "id": "pub-cart",
    "recording_details": {"resolution": "640x400"},
    "action_sequence": [
        {
            "type": "Click",
            "parameters": {"description": "Click the 'Add to cart' button under the espresso"},
            "logical_assertion": "The cart holds one espresso.",
            "visual_evaluation_flag": True,
        },
        {
            "type": "Click",
            "parameters": {"description": "Click the Checkout button"},
            "logical_assertion": "The order is confirmed.",
            "visual_evaluation_flag": True,
        },
    ],
}
SCREENS = [
    ["Espresso $14.50", "Cart (0)", "Your cart is empty"],
    ["Espresso $14.50", "Cart (1)", "1 x Espresso"],
    ["Espresso $14.50", "Thank you for your order", "Order number 4711"],
]


def _published_task(root: Path):
    folder = root / "data" / LINE["id"]
    (folder / "checkpoints").mkdir(parents=True)
    for i, lines in enumerate(SCREENS):
        render(folder / "checkpoints" / f"step_{i}.png", lines, button="Checkout")
    jsonl = root / "data.jsonl"
    jsonl.write_text(json.dumps(LINE) + "\n")
    (task,) = load_published(jsonl)
    assert task.reference_texts() == {}  # screenshots only, as published
    return task


def _steps(texts: list[str]) -> list[Step]:
    return [Step(i, text=t, screenshot=f"step_{i}.png") for i, t in enumerate(texts)]


def test_published_task_judged_by_ocr_transitions(tmp_path: Path) -> None:
    task = _published_task(tmp_path)
    shots = tmp_path / "shots"
    shots.mkdir()
    # A working page: it shows what the reference showed after each action.
    for i in range(3):
        shutil.copyfile(task.checkpoint(i), shots / f"step_{i}.png")
    good = score_task(task, _steps(["\n".join(s + ["Checkout"]) for s in SCREENS]), shots)
    assert good.passed == 2, [s.reason for s in good.steps]
    assert any(c.startswith("ok: OCR text transition") for c in good.steps[0].checks)
    assert good.steps[0].vision is not None and good.steps[0].vision["text_source"] == "ocr"
    # A page whose click does nothing: same text after; the first step fails.
    for i in range(3):
        shutil.copyfile(task.checkpoint(0), shots / f"step_{i}.png")
    stale = "\n".join(SCREENS[0] + ["Checkout"])
    bad = score_task(task, _steps([stale] * 3), shots)
    assert bad.passed == 0 and bad.steps[0].status == "assertion_failed"
    assert "OCR text transition: 0/" in bad.steps[0].reason
    # Deterministic: judging the same evidence again gives the same scores.
    again = score_task(task, _steps([stale] * 3), shots)
    assert (again.ifs, again.vfs, again.final) == (bad.ifs, bad.vfs, bad.final)


def test_read_like_reads_only_what_differs_from_the_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = render(tmp_path / "ref.png", ["Your cart is empty", "Total $0.00"], button="Checkout")
    same = shutil.copyfile(ref, tmp_path / "same.png")
    changed = render(
        tmp_path / "new.png", ["Your cart is empty", "Total $12.50"], button="Checkout"
    )
    whole = ocr.read(changed)
    reference = ocr.read(ref)
    calls: list[object] = []
    real_run = ocr._run
    monkeypatch.setattr(ocr, "_run", lambda *a: calls.append(a) or real_run(*a))
    # The same pixels: the reference's reading, no OCR at all.
    assert ocr_like.read_like(same, ref) == reference and not calls
    like = ocr_like.read_like(changed, ref)
    assert len(calls) == 1  # one Tesseract call on the changed part only
    assert "12.50" in like.text and "0.00" not in like.text
    assert like.text.casefold() == whole.text.casefold()
    # Deterministic: the same pair reads the same.
    ocr._MEMORY.clear()
    assert ocr_like.read_like(changed, ref) == like


def test_a_step_like_its_checkpoint_scores_its_text_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same pixels, same text: the visual text score is 1 without reading either image,
    as reading both would give (read_like returns the reference's own reading)."""
    ref = render(tmp_path / "ref.png", ["Your cart is empty", "Total $0.00"], button="Checkout")
    same = shutil.copyfile(ref, tmp_path / "same.png")
    real_run = ocr._run
    calls: list[object] = []
    monkeypatch.setattr(ocr, "_run", lambda *a: calls.append(a) or real_run(*a))
    score = compare(ref, same)
    assert (score.text, score.text_source) == (1.0, "ocr") and not calls
    assert text_similarity(ocr.read(ref).text, ocr_like.read_like(same, ref).text) == 1.0
    # A page that differs is read (only where it differs), as before.
    changed = render(tmp_path / "new.png", ["Your cart is empty", "Total $9.99"])
    calls.clear()
    score = compare(ref, changed)
    assert calls and score.text == text_similarity(
        ocr.read(ref).text, ocr_like.read_like(changed, ref).text
    )
    # Without Tesseract an identical page is not spared the error: outcomes never depend
    # on whether a step happened to match.
    monkeypatch.setenv("IWR_TESSERACT", "no-such-tesseract")
    with pytest.raises(ocr.OcrUnavailable):
        compare(ref, same)


def test_a_reading_asked_for_by_two_threads_runs_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shot = render(tmp_path / "a.png", ["Read once"])
    real_run = ocr._run
    calls: list[object] = []

    def slow_run(*a: object) -> ocr.OcrResult:
        calls.append(a)
        time.sleep(0.3)  # the second thread asks while the first is reading
        return real_run(*a)

    monkeypatch.setattr(ocr, "_run", slow_run)
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: ocr.read(shot), range(2)))
    assert len(calls) == 1 and results[0] == results[1]
    assert "read once" in results[0].text.casefold()


@pytest.mark.slow  # seconds on its own (real Tesseract runs, held 0.2 s each to show they overlap)
def test_read_many_reads_side_by_side_and_changes_no_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = render(tmp_path / "ref.png", ["Your cart is empty", "Total $0.00"])
    pages = [
        render(tmp_path / f"p{n}.png", [f"Page {n} of the cart", f"Total ${n}.50"])
        for n in range(3)
    ]
    jobs = [(p, ref) for p in pages] + [(ref, None)]
    # Read one after another first (the reference), then side by side from scratch.
    alone = [ocr_like.read_like(p, ref) for p in pages]
    ocr._MEMORY.clear()
    shutil.rmtree(tmp_path / "ocr-cache")
    real_run = ocr._run
    running, most = [0], [0]
    lock = threading.Lock()

    def counted(*a: object) -> ocr.OcrResult:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            time.sleep(0.2)
            return real_run(*a)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(ocr, "_run", counted)
    ocr_like.read_many(jobs)
    cores = os.cpu_count() or 1
    assert most[0] == min(cores, 3)  # side by side, at most one per core (3 differ)
    # What was read ahead is what the scores then read: nothing runs again, same words.
    monkeypatch.setattr(ocr, "_run", lambda *a: pytest.fail("OCR ran again"))
    assert [ocr_like.read_like(p, ref) for p in pages] == alone


@pytest.mark.slow  # seconds on its own (a published task scored twice with real Tesseract)
def test_reading_ahead_leaves_the_scores_exactly_as_they_were(tmp_path: Path) -> None:
    task = _published_task(tmp_path)
    shots = tmp_path / "shots"
    shots.mkdir()
    for i, lines in enumerate(SCREENS):  # a page like the reference, one price off
        render(shots / f"step_{i}.png", [lines[0].replace("14.50", "15.50"), *lines[1:]])
    steps = _steps(["\n".join(s + ["Checkout"]) for s in SCREENS])
    ahead = score_task(task, steps, shots)  # reads ahead, side by side
    ocr._MEMORY.clear()
    shutil.rmtree(tmp_path / "ocr-cache")
    # Any other metric than compare itself turns reading ahead off: one at a time.
    one_by_one = score_task(task, steps, shots, metric=lambda *a: compare(*a))
    assert (ahead.ifs, ahead.vfs, ahead.final) == (one_by_one.ifs, one_by_one.vfs, one_by_one.final)
    assert [s.vision for s in ahead.steps] == [s.vision for s in one_by_one.steps]
    assert all(s.vision and s.vision["text_source"] == "ocr" for s in ahead.steps)


def test_usage_counts_tesseract_runs_not_cache_hits(tmp_path: Path) -> None:
    shot = render(tmp_path / "a.png", ["Counted once"])
    before = ocr.usage()
    ocr.read(shot)
    ocr.read(shot)  # remembered: no run
    after = ocr.usage()
    assert after["runs"] - before["runs"] == 1 and after["seconds"] > before["seconds"]


def test_reference_readings_are_the_checkpoints_the_transitions_read(tmp_path: Path) -> None:
    task = _published_task(tmp_path)
    jobs = score.reference_readings(task)
    # Both actions' assertions quote nothing: each reads its two checkpoints, in order.
    assert jobs == [(task.checkpoint(i), None) for i in (0, 1, 1, 2)]


@pytest.mark.slow  # seconds on its own (a published task scored with real Tesseract, twice)
def test_reading_references_in_the_background_leaves_the_scores_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = _published_task(tmp_path)
    shots = tmp_path / "shots"
    shots.mkdir()
    for i in range(3):
        shutil.copyfile(task.checkpoint(i), shots / f"step_{i}.png")
    steps = _steps(["\n".join(s + ["Checkout"]) for s in SCREENS])
    plain = score_task(task, steps, shots)
    ocr._MEMORY.clear()
    shutil.rmtree(tmp_path / "ocr-cache")
    for reading in ocr_like.read_in_background(score.reference_readings(task)):
        reading.result(timeout=60)
    # Every reading the score needs was made in the background: nothing runs again.
    monkeypatch.setattr(ocr, "_run", lambda *a: pytest.fail("OCR ran again"))
    ahead = score_task(task, steps, shots)
    assert (ahead.ifs, ahead.vfs, ahead.final) == (plain.ifs, plain.vfs, plain.final)
    assert [s.checks for s in ahead.steps] == [s.checks for s in plain.steps]


def render_unlike(path: Path, lines: list[str]) -> Path:
    """A page unlike :func:`render`'s: the same kind of text, elsewhere and larger, on a
    tinted ground, so it differs from such a checkpoint wherever either has text."""
    img = Image.new("RGB", (640, 400), (255, 248, 238))
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 19)
    for i, line in enumerate(lines):
        draw.text((60, 44 + 40 * i), line, fill=(20, 20, 60), font=font)
    img.save(path)
    return path


def _counted_runs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """The size of each picture Tesseract is given from here on (prepared, 2x)."""
    sizes: list[tuple[int, int]] = []
    real_run = ocr._run

    def run(exe: str, path: Path, image: Image.Image | None = None) -> ocr.OcrResult:
        sizes.append(image.size if image is not None else (0, 0))  # (0, 0): a whole reading
        return real_run(exe, path, image)

    monkeypatch.setattr(ocr, "_run", run)
    return sizes


UNLIKE = ["Your basket holds two items", "Coffee beans 250 g", "Total $14.50"]


def test_a_step_unlike_its_checkpoint_is_read_against_the_previous_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref0 = render(tmp_path / "ref0.png", ["Your cart is empty", "Total $0.00"])
    ref1 = render(tmp_path / "ref1.png", ["Your cart holds one item", "Total $14.50"])
    step0 = render_unlike(tmp_path / "step_0.png", UNLIKE)
    step1 = render_unlike(tmp_path / "step_1.png", [*UNLIKE[:2], "Total $29.00"])
    ocr.read(ref0), ocr.read(ref1)
    sizes = _counted_runs(monkeypatch)
    first = ocr_like.read_like(step0, ref0)
    previous = ocr_like.Seen(step0, ref0)
    after = ocr_like.read_like(step1, ref1, previous)
    # Step 0 as before (against its checkpoint); step 1 only where the action changed it:
    # a part far smaller than what its checkpoint would leave to read.
    assert len(sizes) == 2 and "14.50" in first.text
    part = sizes[1][0] * sizes[1][1]
    ocr._MEMORY.clear()
    against_checkpoint = ocr_like.read_like(step1, ref1)
    assert 0 < part < (sizes[-1][0] * sizes[-1][1] or 4 * 640 * 400) / 4
    # The words the step shows, as the whole reading and the checkpoint's splice read them.
    whole = ocr.read(step1)
    assert "29.00" in after.text and "14.50" not in after.text
    assert after.text.casefold() == whole.text.casefold() == against_checkpoint.text.casefold()


def test_the_previous_step_is_a_base_only_where_it_leaves_less_to_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page like its reference keeps the checkpoint as its base (as before this base
    existed): the previous step differs from it more than its checkpoint does."""
    ref0 = render(tmp_path / "ref0.png", ["Your cart is empty", "Total $0.00"])
    ref1 = render(tmp_path / "ref1.png", ["Your cart holds one item", "Total $14.50"])
    step0 = shutil.copyfile(ref0, tmp_path / "step_0.png")
    step1 = render(tmp_path / "step_1.png", ["Your cart holds one item", "Total $14.90"])
    alone = ocr_like.read_like(step1, ref1)
    sizes = _counted_runs(monkeypatch)
    assert ocr_like.read_like(step1, ref1, ocr_like.Seen(step0, ref0)) == alone
    assert sizes == []  # the same reading, remembered under the checkpoint's key
    # Same pixels as the previous step: its reading, nothing read.
    same = shutil.copyfile(step1, tmp_path / "step_2.png")
    chain = ocr_like.Seen(step1, ref1, ocr_like.Seen(step0, ref0))
    assert ocr_like.read_like(same, ref0, chain) == alone and sizes == []


@pytest.mark.slow  # seconds on its own (a page read along its chain in three orders)
def test_a_chained_reading_depends_on_the_evidence_alone(tmp_path: Path) -> None:
    """The same chain reads the same whatever was read or remembered before, in whatever
    order or threads: in order, last step first, side by side from a cold cache."""
    refs = [
        render(tmp_path / f"ref{i}.png", [f"Reference screen {i}", "Total $0.00"]) for i in range(4)
    ]
    shots = [
        render_unlike(tmp_path / f"step_{i}.png", [*UNLIKE[:2], f"Total ${10 + i}.50"])
        for i in range(4)
    ]
    chain: list[ocr_like.Seen] = []
    for shot, ref in zip(shots, refs, strict=True):
        chain.append(ocr_like.Seen(shot, ref, chain[-1] if chain else None))

    def read(seen: ocr_like.Seen) -> str:
        return ocr_like.read_like(seen.path, seen.reference, seen.previous).text

    in_order = [read(s) for s in chain]
    for arrange in (lambda: [read(s) for s in reversed(chain)][::-1], None):
        ocr._MEMORY.clear()
        shutil.rmtree(tmp_path / "ocr-cache", ignore_errors=True)
        if arrange is None:
            ocr_like.read_many(list(reversed(chain)))
            assert [read(s) for s in chain] == in_order
        else:
            assert arrange() == in_order
    assert [f"${10 + i}.50" in t for i, t in enumerate(in_order)] == [True] * 4
