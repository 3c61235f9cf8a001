"""The text a person sees on a judged page: the step's evidence text for every check.

The runner records the body's ``innerText`` as a step's ``text`` and, beside it, what it
found painted differently (``sandbox/runner/painted.py``): text fragments ``innerText`` holds
but nobody can see (``hidden``), text a person sees that ``innerText`` lacks (``extra``:
shadow roots, generated content, field values), and regions whose pixels must be read
(``regions``: canvases; text in a loaded web font, with the DOM text it claims). Here those
become one text:

- hidden fragments are taken out of ``innerText`` (each once, where it occurs);
- each canvas region is read by OCR from the step's screenshot and its words added;
- each web-font region is read by OCR: when the pixels do not show the DOM's words (a font
  whose glyphs lie, or blank glyphs), the DOM's words are taken out and what OCR read is
  added instead;
- the extra text is added.

So a check on the page's text (a written expectation, the reference's text transition, the
visual text similarity) sees what is painted. A step without ``painted`` (an older runner,
a reference trace) keeps its ``text`` as it is. Without Tesseract, regions are not read and
the trace says so (``notes``): canvas text is then missing, web-font text kept as the DOM has
it.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from PIL import Image

from evaluator.scoring import ocr
from sandbox.runner.record import Step

# Caps on what a (possibly hostile) runner record makes the host do.
MAX_FRAGMENTS = 400
MAX_FRAGMENT_CHARS = 300
MAX_REGIONS = 24
# Share of a web-font region's DOM words OCR must read there for the DOM text to stand.
WEBFONT_AGREEMENT = 0.5
_WORD_RE = re.compile(r"[^\W_]+")


@dataclass
class Evidence:
    """A step's painted text and how it was made (one sentence per change)."""

    text: str
    notes: list[str] = field(default_factory=list)


def _strings(value: Any, cap: int) -> list[str]:
    if not isinstance(value, list):
        return []
    return [v[:MAX_FRAGMENT_CHARS] for v in value[:cap] if isinstance(v, str) and v.strip()]


def remove_once(text: str, fragment: str) -> str:
    """``text`` without the first occurrence of ``fragment``, matched word by word (case and
    white space folded, as ``innerText`` may have changed both)."""
    words = _WORD_RE.findall(fragment)
    if not words:
        return text
    # Literal words separated by non-word runs: linear, no nested repetition.
    pattern = re.compile(r"\W*".join(re.escape(w) for w in words), re.IGNORECASE)
    match = pattern.search(text)
    if match is None:
        return text
    return text[: match.start()] + text[match.end() :]


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD_RE.findall(text)}


def _crop_text(shot: Path, box: list[Any]) -> str:
    """OCR of ``box`` (viewport pixels) of the screenshot ``shot``."""
    x, y, w, h = (int(v) for v in box[:4])
    with Image.open(shot) as img:
        x, y = max(0, x), max(0, y)
        w, h = min(w, img.width - x), min(h, img.height - y)
        if w < 4 or h < 4:
            return ""
        crop = img.convert("RGB").crop((x, y, x + w, y + h))
        # A margin of the crop's own edge colour: Tesseract reads text touching the border badly.
        pad = Image.new("RGB", (w + 16, h + 16), crop.getpixel((0, 0)))
        pad.paste(crop, (8, 8))
    with tempfile.TemporaryDirectory(prefix="iwr-painted-") as tmp:
        path = Path(tmp) / "region.png"
        pad.save(path)
        return ocr.read(path).text


def _valid_box(box: Any) -> bool:
    return (
        isinstance(box, list)
        and len(box) == 4
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in box)
    )


def evidence(step: Step, shots_dir: Path | None) -> Evidence:
    """The painted text of one runner step (see the module docstring)."""
    text = str(step.text or "")
    seen = step.painted
    if not isinstance(seen, dict):
        return Evidence(text)
    notes: list[str] = []
    hidden = _strings(seen.get("hidden"), MAX_FRAGMENTS)
    for fragment in hidden:
        text = remove_once(text, fragment)
    if hidden:
        notes.append(f"{len(hidden)} unpainted text fragment(s) left out")
    added = _strings(seen.get("extra"), MAX_FRAGMENTS)
    if added:
        notes.append(f"{len(added)} painted fragment(s) innerText lacks added")
    raw_regions = seen.get("regions")
    regions: list[Any] = raw_regions if isinstance(raw_regions, list) else []
    shot = shots_dir / str(step.screenshot) if shots_dir and step.screenshot else None
    for region in regions[:MAX_REGIONS]:
        if not isinstance(region, dict) or not _valid_box(region.get("box")):
            continue
        kind = region.get("kind")
        claimed = str(region.get("text") or "")[:MAX_FRAGMENT_CHARS]
        if shot is None or not shot.is_file():
            notes.append(f"{kind} region not read: no screenshot")
            continue
        try:
            read = _crop_text(shot, region["box"])
        except ocr.OcrUnavailable as exc:
            notes.append(f"{kind} region not read: {exc}")
            continue
        if kind == "canvas":
            if read.strip():
                added.append(read)
                notes.append(f"canvas read by OCR: {read[:60]!r}")
        elif kind == "webfont":
            want = _words(claimed)
            got = _words(read)
            if want and len(want & got) < WEBFONT_AGREEMENT * len(want):
                text = remove_once(text, claimed)
                if read.strip():
                    added.append(read)
                notes.append(
                    f"web-font text {claimed[:40]!r} is painted as {read[:40]!r}: the pixels count"
                )
    if seen.get("truncated"):
        notes.append("the runner's account of painted text stopped early (a large page)")
    if added:
        text = text + "\n" + "\n".join(added)
    return Evidence(text, notes)


def with_painted_text(
    steps: Sequence[Step], shots_dir: Path | None
) -> tuple[list[Step], dict[int, list[str]]]:
    """Copies of the runner's steps whose ``text`` is the painted text, and by step index
    how each was made (the runner's ``innerText`` stays in the steps given)."""
    out = []
    notes: dict[int, list[str]] = {}
    for step in steps:
        if not isinstance(step.painted, dict):
            out.append(step)
            continue
        made = evidence(step, shots_dir)
        out.append(replace(step, text=made.text))
        notes[step.index] = made.notes
    return out, notes
