"""Text read off a screenshot with Tesseract, for pages whose browser text is unknown.

Tasks in the published layout have reference *screenshots* only: nothing says what
text the reference page showed. To compare texts (the visual text score) and to check
the reference's text transition on such tasks, the text is read from the pixels.

Tesseract (Debian ``tesseract-ocr`` + ``tesseract-ocr-eng``) runs as a subprocess with
TSV output; no Python wrapper is needed, as the TSV is a few lines to parse and the
command line is all pytesseract would add. Before reading, each screenshot is

- scaled 2x (screen text is ~12 px high, Tesseract reads best near 30 px), and
- made dark-on-light everywhere: a pixel whose neighbourhood is dark is inverted, so
  white labels on dark buttons read like the rest (Tesseract's own binarisation is
  global and loses them otherwise).

Page segmentation is "sparse text" (``--psm 11``): a web page is blocks scattered
over a canvas, not a column of prose. Words below ``MIN_CONFIDENCE`` are dropped, and
lines are rebuilt from the word boxes (same row, small gaps) so the result does not
depend on how Tesseract grouped blocks. One thread (``OMP_THREAD_LIMIT=1``) keeps the
output deterministic. Results are cached by the image's content hash, in memory and
on disk (``$IWR_OCR_CACHE``, default ``~/.cache/iwr/ocr``); the memory holds at most
``MEMORY_ENTRIES`` results.

Speed: a reading asked for by several threads at once runs once (the others wait for it),
and at most one Tesseract process per core runs at a time in this process. Reading a
screenshot beside its checkpoint, and a page's readings side by side before its scores:
:mod:`evaluator.scoring.ocr_like`.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from evaluator.scoring import budget

SCALE = 2
# Box-blur radius (at the scaled size) of the neighbourhood that decides polarity.
POLARITY_RADIUS = 10
MIN_CONFIDENCE = 60.0
PSM = "11"
TIMEOUT_S = 60.0
# Bump when the preprocessing or parsing changes: old cache entries are then ignored.
OCR_VERSION = "iwr-ocr-v1"


class OcrUnavailable(RuntimeError):
    """Tesseract is not installed or failed; the message says how to fix it."""


class OcrFailed(OcrUnavailable):
    """Tesseract is there but could not read this image (it failed, or ran past its time):
    a fault of the image, so what needed the text scores 0 and says why."""


@dataclass(frozen=True)
class Word:
    text: str
    left: int  # box in the screenshot's own pixels
    top: int
    width: int
    height: int
    conf: float


@dataclass(frozen=True)
class OcrResult:
    words: tuple[Word, ...]
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def tesseract_path() -> str | None:
    return shutil.which(os.environ.get("IWR_TESSERACT", "tesseract"))


def available() -> bool:
    """Whether OCR can run here (the tesseract binary is on PATH)."""
    return tesseract_path() is not None


UNAVAILABLE_REASON = (
    "tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng; "
    "`make setup` does it)"
)


@functools.cache
def _tesseract_version() -> str:
    exe = tesseract_path()
    if exe is None:
        raise OcrUnavailable(UNAVAILABLE_REASON)
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=TIMEOUT_S)
    first = (out.stdout or out.stderr).splitlines()
    return first[0].strip() if first else "tesseract"


def _cache_dir() -> Path:
    return Path(os.environ.get("IWR_OCR_CACHE") or Path.home() / ".cache" / "iwr" / "ocr")


def prepare(path: Path) -> Image.Image:
    """The screenshot as Tesseract should see it: grey, 2x, dark text on light."""
    with Image.open(path) as img:
        gray = img.convert("L")
    return prepare_gray(gray)


def prepare_gray(gray: Image.Image) -> Image.Image:
    """:func:`prepare` on an image already in grey levels (a whole screenshot or a part)."""
    gray = gray.resize((gray.width * SCALE, gray.height * SCALE), Image.Resampling.LANCZOS)
    pixels = np.asarray(gray, dtype=np.int16)
    around = np.asarray(gray.filter(ImageFilter.BoxBlur(POLARITY_RADIUS)), dtype=np.int16)
    out = np.where(around < 128, 255 - pixels, pixels).astype(np.uint8)
    return Image.fromarray(out)


def _parse_tsv(tsv: str) -> list[Word]:
    words = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        try:
            conf = float(row["conf"])
            left, top, width, height = (
                int(row[k]) // SCALE for k in ("left", "top", "width", "height")
            )
        except (KeyError, TypeError, ValueError):
            continue
        if conf < MIN_CONFIDENCE or not any(c.isalnum() for c in text):
            continue
        words.append(Word(text, left, top, width, height, conf=round(conf, 1)))
    return words


def group_lines(words: list[Word]) -> tuple[str, ...]:
    """Words joined into lines: same row (vertical centres within half a word's
    height), split where the gap exceeds 1.5 word heights; read top to bottom, left
    to right."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top + w.height / 2, w.left)):
        centre = w.top + w.height / 2
        if rows:
            last = rows[-1]
            ref = sum(x.top + x.height / 2 for x in last) / len(last)
            if abs(centre - ref) <= max(4.0, 0.5 * max(x.height for x in last)):
                last.append(w)
                continue
        rows.append([w])
    lines: list[str] = []
    for row in rows:
        row.sort(key=lambda w: w.left)
        current = [row[0]]
        for w in row[1:]:
            prev = current[-1]
            if w.left - (prev.left + prev.width) > 1.5 * max(prev.height, w.height):
                lines.append(" ".join(x.text for x in current))
                current = [w]
            else:
                current.append(w)
        lines.append(" ".join(x.text for x in current))
    return tuple(lines)


# Results kept in memory, least recently used out first. The checkpoints of the tasks being
# judged are read again for every page judged on them, so a few thousand entries keep them
# all while a long-lived process stays bounded (an entry is some KB of words).
MEMORY_ENTRIES = 4096
_MEMORY: OrderedDict[str, OcrResult] = OrderedDict()
_MEMORY_LOCK = threading.Lock()


def _recall(key: str) -> OcrResult | None:
    with _MEMORY_LOCK:
        result = _MEMORY.get(key)
        if result is not None:
            _MEMORY.move_to_end(key)
        return result


def _remember(key: str, result: OcrResult) -> None:
    with _MEMORY_LOCK:
        _MEMORY[key] = result
        _MEMORY.move_to_end(key)
        while len(_MEMORY) > MEMORY_ENTRIES:
            _MEMORY.popitem(last=False)


# Readings in progress, by key: a second thread asking for one waits for it instead of
# running the same Tesseract again (two pages' steps share their reference checkpoint).
_INFLIGHT: dict[str, threading.Event] = {}
# Tesseract processes at once in this process: one per core (each runs one thread).
_PROCESSES = threading.BoundedSemaphore(max(1, os.cpu_count() or 1))


# Tesseract runs in this process and their seconds, for the benchmark (see :func:`usage`).
_USAGE = {"runs": 0.0, "seconds": 0.0, "parts": 0.0}


def usage() -> dict[str, float]:
    """Tesseract runs made in this process so far, the seconds they took (summed over
    threads) and how many of the runs read a part of a screenshot (``ocr_like``): what a
    suite's OCR cost, read before and after it."""
    with _MEMORY_LOCK:
        return dict(_USAGE)


def _once(key: str, compute: Callable[[], OcrResult]) -> OcrResult:
    """The result under ``key``: remembered, or computed by exactly one thread at a time
    (a thread that finds it being computed waits, then takes it; if that computation
    failed, the waiting thread computes it itself and meets the same error)."""
    while True:
        known = _recall(key)
        if known is not None:
            return known
        with _MEMORY_LOCK:
            running = _INFLIGHT.get(key)
            if running is None:
                running = _INFLIGHT[key] = threading.Event()
                mine = True
            else:
                mine = False
        if not mine:
            running.wait()  # bounded: the computing thread's Tesseract has a timeout
            continue
        try:
            result = compute()
            _remember(key, result)
            return result
        finally:
            with _MEMORY_LOCK:
                _INFLIGHT.pop(key, None)
            running.set()


def read(path: Path) -> OcrResult:
    """Words and lines of a screenshot, cached by its content.

    Raises:
        OcrUnavailable: tesseract is missing or failed on the image.
    """
    exe = tesseract_path()
    if exe is None:
        raise OcrUnavailable(UNAVAILABLE_REASON)
    data = path.read_bytes()
    settings = f"{OCR_VERSION}|{_tesseract_version()}|{SCALE}|{POLARITY_RADIUS}|{PSM}"
    key = hashlib.sha256(settings.encode() + b"\0" + data).hexdigest()
    return _once(key, lambda: _read_stored(exe, path, key))


def _read_stored(exe: str, path: Path, key: str) -> OcrResult:
    """The reading on disk under ``key``, else Tesseract's, then stored."""
    cached = _cache_dir() / f"{key}.json"
    try:
        raw = json.loads(cached.read_text(encoding="utf-8"))
        return OcrResult(tuple(Word(**w) for w in raw["words"]), tuple(raw["lines"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    result = _run(exe, path)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(
            json.dumps({"words": [asdict(w) for w in result.words], "lines": result.lines}),
            encoding="utf-8",
        )
        tmp.replace(cached)
    except OSError:
        pass  # a read-only home only costs the next run another OCR pass
    return result


def _run(exe: str, path: Path, image: Image.Image | None = None) -> OcrResult:
    """Tesseract on the prepared image (``image``: made by the caller, else prepared from
    ``path``), in its own process group, stopped (the whole group, SIGKILL) at TIMEOUT_S or
    when the page's host budget runs out, whichever comes first.

    Raises:
        OcrFailed: tesseract failed or ran past TIMEOUT_S.
        budget.HostBudgetExceeded: the page's host budget ran out first.
    """
    budget.check(f"OCR of {path.name}")
    with _PROCESSES, tempfile.TemporaryDirectory(prefix="iwr-ocr-") as tmp:
        # Uncompressed TIFF: the same pixels as a PNG and the same TSV (checked on 39
        # checkpoints), written in 3 ms instead of 20-70 ms of compression; PGM and BMP
        # cost Tesseract more to load (and BMP changed a reading).
        src = Path(tmp) / "in.tif"
        (image if image is not None else prepare(path)).save(src)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        # Counted from here: the wait for a free core is not Tesseract's time.
        budget.check(f"OCR of {path.name}")
        limit = budget.cap(TIMEOUT_S)
        try:
            proc = subprocess.Popen(
                [exe, str(src), "-", "-l", "eng", "--psm", PSM, "tsv"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                start_new_session=True,
            )
        except OSError as exc:
            raise OcrFailed(f"tesseract failed on {path.name}: {exc}") from exc
        started = time.monotonic()
        try:
            stdout, stderr = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            _stop(proc)
            if limit < TIMEOUT_S:
                raise budget.HostBudgetExceeded(
                    f"host time budget ran out during OCR of {path.name}"
                ) from None
            raise OcrFailed(f"tesseract ran past {TIMEOUT_S:.0f} s on {path.name}") from None
        finally:
            with _MEMORY_LOCK:
                _USAGE["runs"] += 1
                _USAGE["parts"] += image is not None
                _USAGE["seconds"] += time.monotonic() - started
    if proc.returncode != 0:
        raise OcrFailed(f"tesseract failed on {path.name}: {stderr.strip()[-300:]}")
    words = _parse_tsv(stdout)
    return OcrResult(tuple(words), group_lines(words))


def _stop(proc: subprocess.Popen[str]) -> None:
    """Kill tesseract and anything it started, and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
