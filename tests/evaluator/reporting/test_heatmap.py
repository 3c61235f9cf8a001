"""The difference heat-map drawn by table look-up has the pixels of the float arithmetic it
replaced."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from evaluator.reporting import html
from evaluator.scoring import images
from evaluator.scoring.metrics import load_gray


def _float_heatmap(reference: Path, candidate: Path) -> np.ndarray:
    """The heat-map as it was computed before the table: float32 passes over the image."""
    ref = load_gray(reference).astype(np.float32)
    cand = load_gray(candidate, size=(ref.shape[1], ref.shape[0])).astype(np.float32)
    heat = np.clip(np.abs(ref - cand) * 3, 0, 1)[..., None]
    base = ((0.35 * 255) * ref + 0.65 * 255)[..., None]
    rgb = base * (1 - heat) + html._HEAT_RGB * heat
    return rgb.astype(np.uint8)


def test_the_table_holds_every_pair_of_levels_as_computed_directly() -> None:
    levels = np.arange(256) / 255.0
    ref, cand = np.meshgrid(levels, levels, indexing="ij")
    direct = html._heat_colours(ref, cand)
    assert np.array_equal(html._HEAT_TABLE.reshape(256, 256, 3), direct)


def test_heat_maps_have_the_float_arithmetics_pixels(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("IWR_IMAGE_CACHE", str(tmp_path / "cache"))
    rng = np.random.default_rng(11)
    ref = Image.fromarray(rng.integers(0, 256, (800, 1280, 3), dtype=np.uint8))
    ref.save(tmp_path / "ref.png")
    cand = ref.copy()
    ImageDraw.Draw(cand).rectangle((100, 100, 900, 500), fill=(250, 20, 90))
    cand.save(tmp_path / "cand.png")
    cand.resize((1000, 1700)).save(tmp_path / "tall.png")  # another size: scaled to the ref's
    images.clear()
    for name in ("ref.png", "cand.png", "tall.png"):
        out = html.diff_heatmap(tmp_path / "ref.png", tmp_path / name, tmp_path / f"d-{name}")
        with Image.open(out) as img:
            got = np.asarray(img)
        assert np.array_equal(got, _float_heatmap(tmp_path / "ref.png", tmp_path / name))
