"""The host's reading of where the reference changed across an action (the
``target.changed`` hint), on synthetic screenshots."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from evaluator.tasks import changes
from evaluator.tasks.changes import Box, changed_boxes, changed_hint


@pytest.fixture(autouse=True)
def _own_disk_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test has a disk cache of its own: no hint found by another test or run."""
    monkeypatch.setenv("IWR_CHANGES_CACHE", str(tmp_path / "changes-cache"))


def _blank(width: int = 800, height: int = 600) -> np.ndarray:
    return np.full((height, width, 3), 255, dtype=np.uint8)


def test_one_changed_region_is_one_box_in_css_px() -> None:
    before, after = _blank(), _blank()
    after[100:140, 200:320] = (20, 120, 60)  # a card appeared
    assert changed_boxes(before, after, 800) == [Box(200, 100, 120, 40)]
    # A 2x screenshot of a 400 px wide viewport: the same box, halved.
    assert changed_boxes(before, after, 400) == [Box(100, 50, 60, 20)]


def test_noise_and_a_caret_are_no_change() -> None:
    before, after = _blank(), _blank()
    after[50:70, 300:301] = 0  # a caret blinking: 1 x 20 px
    after[400:600, 0:800] = 255 - 10  # a faint shade everywhere below: under the threshold
    assert changed_boxes(before, after, 800) == []


def test_far_apart_changes_are_separate_boxes_largest_first() -> None:
    before, after = _blank(), _blank()
    after[20:40, 20:60] = 0
    after[500:560, 600:700] = 0
    assert changed_boxes(before, after, 800) == [Box(600, 500, 100, 60), Box(20, 20, 40, 20)]
    # Close changes (a label and its tick) join into one.
    after = _blank()
    after[100:120, 100:120] = 0
    after[100:120, 130:200] = 0
    assert changed_boxes(before, after, 800) == [Box(100, 100, 100, 20)]


def test_a_whole_new_screen_gives_no_hint() -> None:
    before, after = _blank(), _blank()
    after[:, :] = (30, 30, 30)  # a navigation: everything changed
    assert changed_boxes(before, after, 800) == []
    # Sparse changes all over (text reflowed) join into one box spanning the viewport: none.
    after = _blank()
    after[::24, ::24] = 0
    after[::24, 1::24] = 0
    after[1::24, ::24] = 0
    after[1::24, 1::24] = 0
    assert changed_boxes(before, after, 800) == []
    # Screenshots of different sizes cannot be compared.
    assert changed_boxes(before, _blank(400, 300), 800) == []


def test_hint_from_files(tmp_path: Path) -> None:
    before, after = _blank(), _blank()
    after[10:30, 10:110] = 0
    Image.fromarray(before).save(tmp_path / "step_0.png")
    Image.fromarray(after).save(tmp_path / "step_1.png")
    assert changed_hint(tmp_path / "step_0.png", tmp_path / "step_1.png", 800) == "10,10,100,20"
    assert changed_hint(tmp_path / "step_0.png", tmp_path / "missing.png", 800) == ""


def test_a_hint_is_remembered_per_version_of_the_files(tmp_path: Path) -> None:
    before, after = _blank(), _blank()
    after[10:30, 10:110] = 0
    Image.fromarray(before).save(tmp_path / "step_0.png")
    Image.fromarray(after).save(tmp_path / "step_1.png")
    pair = (tmp_path / "step_0.png", tmp_path / "step_1.png", 800)
    assert changed_hint(*pair) == changed_hint(*pair) == "10,10,100,20"
    # A checkpoint recorded again is read again, not served from memory.
    moved = _blank()
    moved[100:140, 200:260] = 0
    Image.fromarray(moved).save(tmp_path / "step_1.png")
    assert changed_hint(*pair) == "200,100,60,40"


def test_a_new_process_reads_the_hint_from_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, after = _blank(), _blank()
    after[10:30, 10:110] = 0
    Image.fromarray(before).save(tmp_path / "step_0.png")
    Image.fromarray(after).save(tmp_path / "step_1.png")
    pair = (tmp_path / "step_0.png", tmp_path / "step_1.png", 800)
    assert changed_hint(*pair) == "10,10,100,20"
    # A new process: nothing in memory, and the checkpoints are not decoded again.
    changes._hint.cache_clear()

    def no_decoding(_path: Path) -> None:
        raise AssertionError("the checkpoints were decoded again")

    monkeypatch.setattr(changes, "_pixels", no_decoding)
    assert changed_hint(*pair) == "10,10,100,20"
    # Another width is another key (the boxes are in its CSS px): found again.
    monkeypatch.undo()
    monkeypatch.setenv("IWR_CHANGES_CACHE", str(tmp_path / "changes-cache"))
    assert changed_hint(tmp_path / "step_0.png", tmp_path / "step_1.png", 400) == "5,5,50,10"
    # A checkpoint that cannot be read is not kept: readable later, it is found then.
    changes._hint.cache_clear()
    assert changed_hint(tmp_path / "step_0.png", tmp_path / "later.png", 800) == ""
    Image.fromarray(after).save(tmp_path / "later.png")
    changes._hint.cache_clear()
    assert changed_hint(tmp_path / "step_0.png", tmp_path / "later.png", 800) == "10,10,100,20"
