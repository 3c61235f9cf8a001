"""Visual metrics on screenshot pairs (numpy, scikit-image); no browser, no Docker.

Screenshots are compared at a normalised scale so the score does not depend on the
viewport's size, and so a comparison costs the same for every task.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image
from skimage.metrics import structural_similarity

NORMALISED_WIDTH = 640


def load_gray(path: Path, size: tuple[int, int] | None = None) -> np.ndarray:
    """A screenshot as float grey levels in [0, 1], resized to ``size`` (w, h) if given,
    else to NORMALISED_WIDTH keeping the aspect ratio."""
    with Image.open(path) as img:
        gray = img.convert("L")
        if size is None:
            w, h = gray.size
            size = (NORMALISED_WIDTH, max(8, round(h * NORMALISED_WIDTH / w)))
        if gray.size != size:
            gray = gray.resize(size, Image.Resampling.BILINEAR)
        return np.asarray(gray, dtype=np.float64) / 255.0


def ssim(reference: Path, candidate: Path) -> float:
    """Structural similarity of two screenshots at the normalised scale, in [0, 1].

    The candidate is resized to the reference's normalised size, so a page rendered
    at the wrong size is compared (and penalised) rather than rejected.
    """
    ref = load_gray(reference)
    cand = load_gray(candidate, size=(ref.shape[1], ref.shape[0]))
    value = structural_similarity(ref, cand, data_range=1.0)
    return float(np.clip(value, 0.0, 1.0))
