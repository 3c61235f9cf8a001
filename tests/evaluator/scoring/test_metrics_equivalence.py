"""The fast scoring path (decode cache, buffered SSIM, 8-bit change counts) gives exactly
the numbers of the straightforward one it replaced, on the repository's own checkpoints.

``_reference_*`` below is the pre-cache implementation: every call decodes its PNGs with
PIL, resizes, converts to float64 and calls scikit-image's ``structural_similarity``.
Equality is exact (``==``), stricter than the 1e-6 the scores are reported to.
"""

from __future__ import annotations

import random
import threading
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from skimage.metrics import structural_similarity

from evaluator.scoring import images, metrics, ocr_like, transitions
from evaluator.scoring.metrics import COLOUR_WIDTH, NORMALISED_WIDTH, compare
from evaluator.scoring.score import score_task
from evaluator.scoring.transitions import PIXEL_DELTA, changed_share
from evaluator.tasks.task import load_task
from sandbox.runner.record import Step

TASKS = Path(__file__).resolve().parents[3] / "tasks"


@pytest.fixture(autouse=True)
def _own_disk_cache(tmp_path: Path, monkeypatch) -> None:
    """Reference checkpoints' scaled pixels go to this test's folder, not ~/.cache."""
    monkeypatch.setenv("IWR_IMAGE_CACHE", str(tmp_path / "scaled-cache"))


def _decoded(path: Path) -> Image.Image:
    with Image.open(path) as img:
        img.load()
        return img.copy()


def _reference_load(img: Image.Image, width: int, size: tuple[int, int] | None, mode: str):
    """The pre-cache ``metrics._load`` on an image decoded by the caller (decoding is
    deterministic, so the test decodes each file once per pair to stay short)."""
    img = img.convert(mode)
    if size is None:
        w, h = img.size
        size = (width, max(8, round(h * width / w)))
    if img.size != size:
        img = img.resize(size, Image.Resampling.BILINEAR)
    return np.asarray(img, dtype=np.float64) / 255.0


def _reference(ref_path: Path, cand_path: Path) -> tuple[tuple[float, float, float], float]:
    """(ssim, colour, layout) of the pre-cache ``compare``, and the pre-cache
    ``changed_share`` (float levels, ``> PIXEL_DELTA``) of the same two files."""
    ref_img, cand_img = _decoded(ref_path), _decoded(cand_path)
    ref = _reference_load(ref_img, NORMALISED_WIDTH, None, "L")
    cand = _reference_load(cand_img, NORMALISED_WIDTH, (ref.shape[1], ref.shape[0]), "L")
    ref_c = _reference_load(ref_img, COLOUR_WIDTH, None, "RGB")
    cand_c = _reference_load(cand_img, COLOUR_WIDTH, (ref_c.shape[1], ref_c.shape[0]), "RGB")
    ssim = float(np.clip(structural_similarity(ref, cand, data_range=1.0), 0.0, 1.0))
    scores = (ssim, metrics.colour_arrays(ref_c, cand_c), metrics.layout_arrays(ref, cand))
    # Any colour channel past the threshold (a hue change at equal brightness counts).
    ref_rgb = _reference_load(ref_img, NORMALISED_WIDTH, None, "RGB")
    size = (ref_rgb.shape[1], ref_rgb.shape[0])
    cand_rgb = _reference_load(cand_img, NORMALISED_WIDTH, size, "RGB")
    return scores, float(np.mean(np.abs(ref_rgb - cand_rgb).max(axis=2) > PIXEL_DELTA))


def _checkpoint_pairs() -> list[tuple[Path, Path]]:
    """Per task: step 0 against step 1 and the last step against step 0; plus pairs of
    checkpoints of different tasks (fixed seed), so alike and unalike pages both count."""
    folders = sorted(p for p in TASKS.glob("*/checkpoints") if any(p.glob("step_*.png")))
    pairs: list[tuple[Path, Path]] = []
    every: list[Path] = []
    for folder in folders:
        shots = sorted(folder.glob("step_*.png"), key=lambda p: int(p.stem.split("_")[1]))
        every += shots
        if len(shots) >= 2:
            pairs += [(shots[0], shots[1]), (shots[-1], shots[0])]
    rng = random.Random(7)
    pairs += [tuple(rng.sample(every, 2)) for _ in range(20)]  # type: ignore[misc]
    return pairs


PAIRS = _checkpoint_pairs()


def test_a_reference_is_read_from_disk_in_the_next_process(tmp_path: Path) -> None:
    """compare keeps its reference's scaled pixels on disk: with the memory cache gone (a
    new process, a new run) only the candidate is decoded, and the numbers are the same."""
    ref, cand = PAIRS[0]
    expected, _ = _reference(ref, cand)
    images.clear()
    first = compare(ref, cand, "a", "b")
    assert list((tmp_path / "scaled-cache").rglob("*.u8.z"))  # the reference's, on disk
    images.clear()
    before = images.decodes
    again = compare(ref, cand, "a", "b")
    assert images.decodes - before == 1  # the candidate only
    assert (first.ssim, first.colour, first.layout) == expected
    assert (again.ssim, again.colour, again.layout) == expected


def test_a_damaged_or_unwritable_disk_cache_costs_a_decode_not_a_score(
    tmp_path: Path, monkeypatch
) -> None:
    ref, cand = PAIRS[1]
    expected, _ = _reference(ref, cand)
    images.clear()
    compare(ref, cand, "a", "b")
    kept = sorted((tmp_path / "scaled-cache").rglob("*.u8.z"))
    # The reference's grey levels (scaled and at their own size) and colour (two widths).
    assert len(kept) == 4
    kept[0].write_bytes(kept[0].read_bytes()[:100])  # truncated: not zlib any more
    kept[1].write_bytes(zlib.compress(b"\0" * 100))  # zlib, but not the right size
    images.clear()
    before = images.decodes
    got = compare(ref, cand, "a", "b")
    assert images.decodes - before == 2
    assert (got.ssim, got.colour, got.layout) == expected
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("IWR_IMAGE_CACHE", str(blocker))
    images.clear()
    got = compare(ref, cand, "a", "b")
    assert (got.ssim, got.colour, got.layout) == expected


def test_the_repository_has_checkpoints_to_compare() -> None:
    assert len(PAIRS) >= 40


@pytest.mark.slow
def test_compare_and_changed_share_equal_the_reference_on_task_checkpoints() -> None:
    shares = []
    for ref, cand in PAIRS:
        expected, expected_share = _reference(ref, cand)
        images.clear()
        cold = compare(ref, cand, "a", "b")  # decodes both files
        share = changed_share(ref, cand)  # cached grey levels, read as 8-bit
        warm = compare(ref, cand, "a", "b")  # every array from the cache
        assert (cold.ssim, cold.colour, cold.layout) == expected, (ref, cand)
        assert (warm.ssim, warm.colour, warm.layout) == expected, (ref, cand)
        assert share == expected_share, (ref, cand)
        shares.append(share)
    assert min(shares) < transitions.CHANGED_SHARE < max(shares)  # both sides exercised


def test_the_8_bit_change_threshold_is_the_float_one_for_every_pair_of_levels() -> None:
    levels = np.arange(256)
    a, b = np.meshgrid(levels, levels)
    as_float = np.abs(a / 255.0 - b / 255.0) > PIXEL_DELTA
    assert np.array_equal(as_float, np.abs(a - b) >= transitions.PIXEL_STEP)


def test_ssim_equals_scikit_image_on_noise_and_odd_shapes() -> None:
    rng = np.random.default_rng(3)
    for shape in [(7, 7), (8, 640), (400, 640), (123, 77)]:
        x = rng.random(shape)
        for y in (x, rng.random(shape), np.clip(x + rng.normal(0, 0.05, shape), 0, 1)):
            assert metrics._ssim(x, y) == structural_similarity(x, y, data_range=1.0)
    with pytest.raises(ValueError):
        metrics._ssim(np.zeros((5, 5)), np.zeros((5, 5)))  # smaller than the window
    with pytest.raises(ValueError):
        metrics._ssim(np.zeros((8, 8)), np.zeros((8, 9)))


def test_other_sizes_and_modes_score_as_before(tmp_path: Path) -> None:
    """A candidate of another size (scaled to the reference's), palette and RGBA files."""
    base = Image.new("RGB", (1280, 800), "white")
    draw = ImageDraw.Draw(base)
    draw.rectangle((40, 40, 700, 120), fill=(30, 90, 200))
    draw.rectangle((40, 300, 400, 500), fill=(220, 120, 20))
    base.save(tmp_path / "ref.png")
    base.resize((1000, 1700)).save(tmp_path / "tall.png")
    base.convert("P").save(tmp_path / "palette.png")
    rgba = base.convert("RGBA")
    rgba.putalpha(128)
    rgba.save(tmp_path / "rgba.png")
    images.clear()
    for name in ("tall.png", "palette.png", "rgba.png"):
        cand = tmp_path / name
        got = compare(tmp_path / "ref.png", cand, "a", "b")
        expected, expected_share = _reference(tmp_path / "ref.png", cand)
        assert (got.ssim, got.colour, got.layout) == expected
        assert changed_share(tmp_path / "ref.png", cand) == expected_share


def test_scoring_a_task_decodes_each_screenshot_once() -> None:
    """score_task on a real task (its checkpoints judged against themselves) reads each
    checkpoint for the transitions and the visual scores, but decodes it once."""
    folder = TASKS / "coffee-shop"
    task = load_task(folder)
    trace = task.reference_texts()
    steps = [
        Step(i, text=trace.get(i, ""), screenshot=f"step_{i}.png")
        for i in range(len(task.actions) + 1)
    ]
    images.clear()
    before = images.decodes
    score = score_task(task, steps, folder / "checkpoints")
    # Screenshots and checkpoints are the same files here: one decode per file.
    assert images.decodes - before == len(task.actions) + 1
    assert (score.ifs, score.vfs) == (1.0, 1.0)


def test_a_rewritten_file_is_decoded_again(tmp_path: Path) -> None:
    """Same path, same size, written at once: the content key still sees the change."""
    path = tmp_path / "shot.png"
    Image.new("L", (64, 64), 10).save(path)
    first = metrics.load_gray(path)
    Image.new("L", (64, 64), 200).save(path)
    second = metrics.load_gray(path)
    assert first[0, 0] == 10 / 255.0 and second[0, 0] == 200 / 255.0


def test_cached_arrays_cannot_be_changed_by_a_caller(tmp_path: Path) -> None:
    path = tmp_path / "shot.png"
    Image.new("L", (64, 64), 10).save(path)
    (pixels,) = images.pixels(path, [("L", 64, None)])
    with pytest.raises(ValueError):
        pixels[0, 0] = 0
    gray = metrics.load_gray(path)
    gray[0, 0] = 0.0  # the float copy is the caller's own
    assert metrics.load_gray(path)[0, 0] == 10 / 255.0


def test_the_cache_stays_within_its_bound(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(images, "MAX_BYTES", 5 * 2**20)
    images.clear()
    for i in range(12):
        Image.new("RGB", (1280, 800), (i, 2 * i, 3 * i)).save(tmp_path / f"{i}.png")
        metrics.load_gray(tmp_path / f"{i}.png")
    # One entry (640x400 grey + 160x100 and 640x400 colour + 1280x800 grey) is about 2.1 MB:
    # two are kept.
    assert 3 * 2**20 < images.cached_bytes() <= 5 * 2**20
    images.clear()
    assert images.cached_bytes() == 0


def test_standard_sizes_are_the_metrics_sizes() -> None:
    assert images.STANDARD == (
        ("L", NORMALISED_WIDTH, None),
        ("RGB", COLOUR_WIDTH, None),
        ("RGB", NORMALISED_WIDTH, None),
        ("L", images.FULL, None),
    )


@pytest.mark.slow
def test_threads_scoring_at_once_get_the_same_numbers() -> None:
    images.clear()
    pairs = PAIRS[:12]
    expected = [_reference(r, c)[0] for r, c in pairs]
    results: dict[int, list[tuple[float, float, float]]] = {}

    def work(n: int) -> None:
        out = []
        for ref, cand in pairs:
            got = compare(ref, cand, "a", "b")
            out.append((got.ssim, got.colour, got.layout))
        results[n] = out

    threads = [threading.Thread(target=work, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [results[n] for n in range(3)] == [expected] * 3


def test_a_hue_change_at_equal_brightness_is_a_visible_change(tmp_path: Path) -> None:
    """Red and a green of the same grey level: grey alone sees no change, colour does."""
    red, green = (200, 0, 0), (0, 102, 0)
    assert Image.new("RGB", (1, 1), red).convert("L").getpixel((0, 0)) == Image.new(
        "RGB", (1, 1), green
    ).convert("L").getpixel((0, 0))
    for name, colour in (("before", red), ("after", green)):
        img = Image.new("RGB", (1280, 800), (255, 255, 255))
        img.paste(Image.new("RGB", (200, 100), colour), (100, 100))
        img.save(tmp_path / f"{name}.png")
    images.clear()
    share = changed_share(tmp_path / "before.png", tmp_path / "after.png")
    assert share > transitions.CHANGED_SHARE
    check = transitions.visual_transition(
        tmp_path / "before.png",
        tmp_path / "after.png",
        tmp_path / "before.png",
        tmp_path / "before.png",
    )
    assert check is not None and not check.ok  # the reference changed; the page did not


def test_unscaled_grey_levels_are_pils_and_come_from_the_metrics_decode(tmp_path: Path) -> None:
    """``images.grey`` gives what ``Image.open(path).convert("L")`` gives (RGB, palette and
    RGBA files), and OCR's pixel comparison of a pair the metrics decoded decodes nothing
    again (its checkpoint's grey levels also come back from disk in a new process)."""
    base = Image.new("RGB", (320, 200), "white")
    ImageDraw.Draw(base).rectangle((20, 20, 200, 60), fill=(30, 90, 200))
    base.save(tmp_path / "ref.png")
    base.convert("P").save(tmp_path / "palette.png")
    rgba = base.convert("RGBA")
    rgba.putalpha(128)
    rgba.save(tmp_path / "rgba.png")
    for name in ("ref.png", "palette.png", "rgba.png"):
        images.clear()
        expected = np.asarray(Image.open(tmp_path / name).convert("L"))
        assert np.array_equal(images.grey(tmp_path / name), expected)
        assert images.grey(tmp_path / name).dtype == np.uint8
    ref, cand = tmp_path / "ref.png", tmp_path / "rgba.png"
    images.clear()
    compare(ref, cand, "a", "b")
    before = images.decodes
    changed = ocr_like.changed_pixels(cand, ref)
    assert images.decodes == before
    old = np.abs(
        np.asarray(Image.open(cand).convert("L"), np.int16)
        - np.asarray(Image.open(ref).convert("L"), np.int16)
    )
    assert changed is not None and np.array_equal(changed, old > ocr_like.LIKE_DELTA)
    images.clear()
    images.grey(ref, keep=True)
    assert images.decodes == before  # the checkpoint's grey levels from disk


def test_identical_images_score_what_the_full_computation_gives() -> None:
    """SSIM and layout skip their work on identical images: scikit-image's SSIM and the
    content maps give exactly 1.0 there too (real checkpoints, flat and noisy images)."""
    rng = np.random.default_rng(5)
    arrays = [np.zeros((400, 640)), np.ones((400, 640)), rng.random((400, 640))]
    arrays += [metrics.load_gray(ref) for ref, _ in PAIRS[:12]]
    for x in arrays:
        assert structural_similarity(x, x.copy(), data_range=1.0) == 1.0
        assert metrics._ssim(x, x.copy()) == 1.0
        a = metrics.content_map(x)
        union = np.logical_or(a, a).sum()
        full = 1.0 if union == 0 else float(np.logical_and(a, a).sum() / union)
        assert metrics.layout_arrays(x, x.copy()) == full == 1.0
