"""The per-pixel channel difference is exactly the widened ``abs(a - b).max(axis=-1)``."""

from __future__ import annotations

import numpy as np
import pytest

from evaluator.pixeldiff import channel_difference


@pytest.mark.parametrize(
    ("dtype", "shape"),
    [(np.uint8, (40, 60, 3)), (np.uint8, (40, 60, 4)), (np.int16, (5, 8, 9, 3))],
)
def test_same_values_as_the_widened_reduction(dtype: type, shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(7)
    low, high = (0, 256) if dtype is np.uint8 else (-1000, 256)
    a = rng.integers(low, high, shape).astype(dtype)
    b = rng.integers(low, high, shape).astype(dtype)
    expected = np.abs(a.astype(np.int32) - b.astype(np.int32)).max(axis=-1)
    got = channel_difference(a, b)
    assert got.shape == expected.shape
    assert np.array_equal(got.astype(np.int32), expected)
    # 8-bit levels do not wrap: 0 against 255 is 255, either way round.
    assert (
        channel_difference(np.zeros((1, 1, 3), np.uint8), np.full((1, 1, 3), 255, np.uint8))[0, 0]
        == 255
    )


def test_broadcasts_one_image_against_a_stack() -> None:
    rng = np.random.default_rng(3)
    stack = rng.integers(0, 256, (4, 6, 7, 3)).astype(np.int16)
    one = rng.integers(0, 256, (6, 7, 3)).astype(np.int16)
    assert np.array_equal(channel_difference(stack, one), np.abs(stack - one).max(axis=3))
