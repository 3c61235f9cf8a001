"""Screenshots decoded once and scaled once, shared by every metric and check.

Scoring one judged page reads each screenshot several times: the step's visual score
(grey levels and colours), and the visual transition of the action before and after it
(grey levels again). Decoding a 1280x800 PNG costs more than any metric computed on it,
so the scaled pixels are kept in a small in-process cache keyed by the file's content
(SHA-256 of its bytes: 45 us for a 80 KB screenshot, against ~10 ms to decode it). A
screenshot rewritten by a re-judged page is a new key, never a stale hit, even when the
rewrite keeps the size and lands within the file system's timestamp granularity (which a
path + mtime + size key would miss); identical copies share one entry.

Entries hold the scaled images as 8-bit arrays (about 300 KB a screenshot at the
normalised sizes), not the decoded 1280x800 image, and the cache is bounded
(``MAX_BYTES``, least recently used out first). The arrays handed out are the exact
values the metrics always used (``np.asarray(img, dtype=np.float64) / 255.0`` of PIL's
BILINEAR resize), so cached or not, the numbers are the same. Thread-safe: pages are
judged (and scored) in several threads at once.

Each file's grey levels at its own size (``grey``: what ``Image.open(path).convert("L")``
gives) are made on the same decode: the OCR side of scoring compares a judged screenshot
with its checkpoint pixel by pixel (:func:`evaluator.scoring.ocr_like.changed_pixels`), and
decoding both PNGs again for it cost more than every metric of the step together.

A task's reference checkpoints are the same files for every page judged on the task, in
every run: asked with ``keep=True`` (the metrics do so for the reference side), their
scaled pixels are also kept on disk (``$IWR_IMAGE_CACHE``, default
``~/.cache/iwr/scaled``, about 25 KB a checkpoint (zlib level 1: 0.3 ms to read back
against ~10 ms to decode the PNG), keyed by content hash and Pillow's version, whose
resize makes them), so the next run or process reads them instead of
decoding the PNG again. A missing, unwritable or damaged disk cache only costs a decode.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
import zlib
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import PIL
from PIL import Image

# Bound of the cache: the arrays of about 60 screenshots (about 2.1 MB each at 1280x800:
# grey at its own size 1 MB, the scaled ones 1.07 MB), enough for every step of a few pages
# judged at once and their tasks' checkpoints.
MAX_BYTES = 128 * 2**20

# (mode, width, size): the image converted to PIL ``mode`` and resized to ``size`` (w, h),
# or, when ``size`` is None, to ``width`` keeping the aspect ratio (``FULL``: its own size).
Request = tuple[str, int, tuple[int, int] | None]
FULL = 0
# The grey levels at the file's own size, unscaled (see ``grey``).
GREY: Request = ("L", FULL, None)
# What scoring asks of every screenshot (metrics.NORMALISED_WIDTH grey, metrics.COLOUR_WIDTH
# colour), made on any decode: the transition checks ask for grey first, the step's
# visual score for both later, and a resize costs far less than decoding again.
# The transition checks compare colour at the grey scale's width (a hue change at equal
# brightness is a visible change); OCR's side compares the grey levels unscaled.
STANDARD: tuple[Request, ...] = (("L", 640, None), ("RGB", 160, None), ("RGB", 640, None), GREY)


class _Entry:
    """One file's source size and the scaled images already made from it."""

    __slots__ = ("size", "arrays", "nbytes")

    def __init__(self, size: tuple[int, int]) -> None:
        self.size = size
        self.arrays: dict[tuple[str, tuple[int, int]], np.ndarray] = {}
        self.nbytes = 0


# Bump when what a request makes changes: old disk entries are then ignored.
SCALED_VERSION = "iwr-scaled-v1"

_CACHE: OrderedDict[bytes, _Entry] = OrderedDict()
_LOCK = threading.Lock()
_bytes = 0
# Decodes done (cache misses), for tests and profiling.
decodes = 0
_Key = tuple[str, tuple[int, int]]


def _disk_dir() -> Path:
    root = os.environ.get("IWR_IMAGE_CACHE") or Path.home() / ".cache" / "iwr" / "scaled"
    return Path(root) / f"{SCALED_VERSION}-pillow{PIL.__version__}"


def _disk_path(key: bytes, request: _Key) -> Path:
    mode, (w, h) = request
    return _disk_dir() / f"{key.hex()}-{mode}-{w}x{h}.u8.z"


_CHANNELS = {"L": 1, "RGB": 3}


def _disk_load(key: bytes, request: _Key) -> np.ndarray | None:
    mode, (w, h) = request
    if mode not in _CHANNELS:
        return None
    try:
        raw = zlib.decompress(_disk_path(key, request).read_bytes())
    except (OSError, zlib.error):
        return None
    shape = (h, w) if _CHANNELS[mode] == 1 else (h, w, _CHANNELS[mode])
    if len(raw) != int(np.prod(shape)):
        return None  # damaged (a partial write cannot happen: see _disk_save)
    arr = np.frombuffer(raw, dtype=np.uint8).reshape(shape)
    return arr  # backed by bytes: read-only already


def _disk_save(key: bytes, request: _Key, arr: np.ndarray) -> None:
    if request[0] not in _CHANNELS:
        return
    path = _disk_path(key, request)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_bytes(zlib.compress(arr.tobytes(), 1))
        tmp.replace(path)  # atomic: readers see the whole file or none
    except OSError:
        pass  # a read-only home only costs the next run a decode


def target_size(
    source: tuple[int, int], width: int, size: tuple[int, int] | None
) -> tuple[int, int]:
    """The (w, h) a request resizes to: ``size`` if given, else ``width`` wide with the
    source's aspect ratio (at least 8 rows, as SSIM needs a 7x7 window); ``FULL`` wide:
    the source's own size."""
    if size is not None:
        return size
    if width == FULL:
        return source
    w, h = source
    return (width, max(8, round(h * width / w)))


def scale(
    img: Image.Image,
    mode: str,
    size: tuple[int, int],
    converted: dict[str, Image.Image] | None = None,
) -> np.ndarray:
    """``img`` in ``mode`` resized (BILINEAR) to ``size``, as 8-bit pixels. ``converted``:
    ``img`` already converted to some modes (filled in here), so several sizes of one mode
    convert once."""
    # convert() to the image's own mode only copies it: skip the copy, same pixels.
    if img.mode != mode:
        made = None if converted is None else converted.get(mode)
        if made is None:
            made = img.convert(mode)
            if converted is not None:
                converted[mode] = made
        img = made
    if img.size != size:
        img = img.resize(size, Image.Resampling.BILINEAR)
    return np.asarray(img, dtype=np.uint8)


def _as_float(pixels: np.ndarray) -> np.ndarray:
    # Exactly the metrics' historical conversion: float64 levels in [0, 1].
    return np.asarray(pixels, dtype=np.float64) / 255.0


def scaled(path: Path, requests: Sequence[Request], keep: bool = False) -> list[np.ndarray]:
    """Float64 pixels in [0, 1] of the screenshot at ``path``, one array per request,
    decoding the file at most once (not at all when every request is cached).

    Raises what PIL raises for a missing or unreadable file.
    """
    return [_as_float(a) for a in pixels(path, requests, keep)]


def pixels(path: Path, requests: Sequence[Request], keep: bool = False) -> list[np.ndarray]:
    """As :func:`scaled`, but the cached 8-bit arrays themselves (read-only): for checks
    that can be decided on integer levels without the float conversion. ``keep``: also
    look up and store the arrays on disk (for reference checkpoints, read every run)."""
    global _bytes, decodes
    data = path.read_bytes()
    key = hashlib.sha256(data).digest()
    with _LOCK:
        entry = _CACHE.get(key)
        if entry is not None:
            _CACHE.move_to_end(key)
            wanted = [(m, target_size(entry.size, w, s)) for m, w, s in requests]
            found = [entry.arrays.get(k) for k in wanted]
            if all(a is not None for a in found):
                return found  # type: ignore[return-value]
    # Decode outside the lock: other threads keep scoring meanwhile. Two threads missing
    # the same file both decode it once; the results are identical.
    with Image.open(io.BytesIO(data)) as img:
        source = img.size  # from the header: nothing decoded yet
        wanted = [(m, target_size(source, w, s)) for m, w, s in requests]
        standard = [(m, target_size(source, w, s)) for m, w, s in STANDARD]
        made: dict[_Key, np.ndarray] = {}
        if keep:
            for k in dict.fromkeys([*wanted, *standard]):
                arr = _disk_load(key, k)
                if arr is not None:
                    made[k] = arr
        decoded = not all(k in made for k in wanted)
        if decoded:
            img.load()
            converted: dict[str, Image.Image] = {}
            fresh = {k: scale(img, *k, converted) for k in dict.fromkeys([*wanted, *standard])}
            for k, arr in fresh.items():
                arr.setflags(write=False)  # shared between callers: nobody may change them
                if keep:
                    _disk_save(key, k, arr)
            made.update(fresh)
    with _LOCK:
        decodes += decoded
        entry = _CACHE.get(key)
        if entry is None:
            entry = _CACHE[key] = _Entry(source)
        for k, arr in made.items():
            if k not in entry.arrays:
                entry.arrays[k] = arr
                entry.nbytes += arr.nbytes
                _bytes += arr.nbytes
        _CACHE.move_to_end(key)
        while _bytes > MAX_BYTES and len(_CACHE) > 1:
            _, old = _CACHE.popitem(last=False)
            _bytes -= old.nbytes
    return [made[k] for k in wanted]


def grey(path: Path, keep: bool = False) -> np.ndarray:
    """The file's grey levels at its own size, 8-bit and read-only: the values of
    ``np.asarray(Image.open(path).convert("L"))``, from the decode that makes the scaled
    arrays (or the caches: ``keep`` as for :func:`pixels`).

    Raises what PIL raises for a missing or unreadable file.
    """
    return pixels(path, [GREY], keep)[0]


def clear() -> None:
    """Empty the cache (tests; a long-lived process that wants its memory back)."""
    global _bytes
    with _LOCK:
        _CACHE.clear()
        _bytes = 0


def cached_bytes() -> int:
    """Bytes of scaled images held now (at most about ``MAX_BYTES``)."""
    with _LOCK:
        return _bytes
