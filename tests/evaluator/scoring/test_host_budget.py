"""Host work per page is bounded: OCR runs in a process group that is stopped at its time or
when the page's host budget runs out; a text component OCR could not read scores 0 (it is
never left out of the mean); an honest page is not delayed by a hostile one judged beside it.

A stand-in Tesseract (a shell script that hangs and starts a child that hangs too) plays the
page whose screenshots cost OCR minutes; the honest page uses the real one when installed.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from evaluator.generation.postprocess import finalize_page
from evaluator.scoring import budget, ocr
from evaluator.scoring.metrics import compare

HANGING_TESSERACT = """#!/bin/sh
if [ "$1" = "--version" ]; then echo "tesseract 9.9-hanging"; exit 0; fi
sleep 300 &
echo $! > "{child}"
sleep 300
"""


@pytest.fixture
def hanging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """IWR_TESSERACT points at the hanging stand-in; returns where it writes its child's pid."""
    child = tmp_path / "child.pid"
    exe = tmp_path / "tesseract"
    exe.write_text(HANGING_TESSERACT.format(child=child))
    exe.chmod(0o755)
    monkeypatch.setenv("IWR_TESSERACT", str(exe))
    monkeypatch.setenv("IWR_OCR_CACHE", str(tmp_path / "cache"))
    ocr._tesseract_version.cache_clear()
    ocr._MEMORY.clear()
    yield child
    ocr._tesseract_version.cache_clear()


def _shot(path: Path, shade: int) -> Path:
    Image.new("RGB", (320, 240), (shade, shade, 255 - shade)).save(path)
    return path


def _gone(pid_file: Path) -> bool:
    pid = int(pid_file.read_text())
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A zombie is gone too (its parent, the killed script, was not there to reap it).
    status = Path(f"/proc/{pid}/status")
    return not status.exists() or "State:\tZ" in status.read_text()


def test_ocr_past_its_time_is_stopped_whole_and_scores_0(
    hanging: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "TIMEOUT_S", 1.0)
    ref, cand = _shot(tmp_path / "ref.png", 0), _shot(tmp_path / "cand.png", 40)
    started = time.monotonic()
    score = compare(ref, cand)
    assert time.monotonic() - started < 10
    assert score.text == 0.0 and score.text_source.startswith("none: tesseract ran past")
    assert score.score == pytest.approx((score.ssim + score.colour + score.layout + 0.0) / 4)
    deadline = time.monotonic() + 5
    while not _gone(hanging) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(hanging), "tesseract's own children are stopped with it"


def test_ocr_stops_when_the_page_budget_runs_out(hanging: Path, tmp_path: Path) -> None:
    ref, cand = _shot(tmp_path / "ref.png", 0), _shot(tmp_path / "cand.png", 40)
    started = time.monotonic()
    with pytest.raises(budget.HostBudgetExceeded, match="during OCR"), budget.page_budget(0.5):
        compare(ref, cand)
    assert time.monotonic() - started < 5
    with pytest.raises(budget.HostBudgetExceeded, match="before OCR"), budget.page_budget(0):
        compare(ref, cand)


def test_budgets_nest_and_belong_to_their_thread() -> None:
    assert budget.remaining() is None
    seen: list[float | None] = []
    with budget.page_budget(10):
        with budget.page_budget(100):
            left = budget.remaining()
            assert left is not None and left <= 10
        worker = threading.Thread(target=lambda: seen.append(budget.remaining()))
        worker.start()
        worker.join()
    assert seen == [None]
    assert budget.cap(5.0) == 5.0


HOSTILE_REPLY = "```" + " " * 1_200_000  # issue 19: past 15 minutes with the old pattern


@pytest.mark.slow
@pytest.mark.skipif(not ocr.available(), reason=ocr.UNAVAILABLE_REASON)
def test_an_honest_page_is_not_delayed_by_a_hostile_one(tmp_path: Path) -> None:
    """The hostile page costs the host all its budget (a 1.2 MB reply that used to stall the
    GIL, then OCR that hangs); the honest page, scored by OCR at the same time on another
    thread, takes about as long as alone."""
    honest_ref, honest = _shot(tmp_path / "a.png", 10), _shot(tmp_path / "b.png", 50)

    def score_honest() -> float:
        ocr._MEMORY.clear()
        os.environ["IWR_OCR_CACHE"] = str(tmp_path / f"cache-{time.monotonic_ns()}")
        started = time.monotonic()
        compare(honest_ref, honest)
        return time.monotonic() - started

    alone = score_honest()

    def hostile() -> None:
        with budget.page_budget(8):
            with contextlib.suppress(ValueError):
                finalize_page(HOSTILE_REPLY)
            deadline = time.monotonic() + 8
            while time.monotonic() < deadline:  # the page's own host work, all of it
                budget.cap(1.0)

    thread = threading.Thread(target=hostile)
    thread.start()
    try:
        time.sleep(0.2)
        beside = score_honest()
    finally:
        thread.join()
    assert beside < max(4 * alone, alone + 5.0), f"alone {alone:.2f}s, beside {beside:.2f}s"
