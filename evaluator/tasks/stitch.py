"""Asset sheets as the published bundles carry them: every asset tiled onto a few
images, each tile labelled with its file name, so a model sees all assets at once
within a provider's image cap."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from clients.types import SHEET_NAME

SHEET_WIDTH = 1000
TILE = 180  # longest side of a thumbnail
LABEL_HEIGHT = 16
GAP = 10
MAX_ROWS = 5  # rows per sheet before a new sheet starts
BACKGROUND = (255, 255, 255)
# File name of sheet N (from 1): SHEET_NAME, shared with the clients that send them.
SHEET_RE = re.compile("^" + re.escape(SHEET_NAME).replace(r"\{\}", r"(\d+)") + "$")


def _thumbnail(path: Path) -> Image.Image:
    """The asset scaled into a TILE box; files PIL cannot draw (SVG, video) get a card."""
    try:
        with Image.open(path) as img:
            rgba = img.convert("RGBA")
            rgba.thumbnail((TILE, TILE))
            card = Image.new("RGB", rgba.size, BACKGROUND)
            card.paste(rgba, mask=rgba)
            return card
    except (UnidentifiedImageError, OSError):
        card = Image.new("RGB", (TILE, TILE // 2), (230, 232, 240))
        ImageDraw.Draw(card).text(
            (8, 8), path.suffix.lstrip(".").upper() or "FILE", fill=(60, 60, 80)
        )
        return card


def stitch_assets(paths: list[Path]) -> list[bytes]:
    """PNG sheets holding every asset in name order, each tile labelled with its name."""
    return stitch_labelled([(p.name, p) for p in paths])


def sheet_name(number: int) -> str:
    """The file name of sheet ``number`` (1-based)."""
    return SHEET_NAME.format(number)


def stitch_labelled(items: Sequence[tuple[str, Path]]) -> list[bytes]:
    """PNG sheets holding each ``(label, path)`` in the given order, tiles labelled ``label``.

    Bundles label tiles with the anonymised names a model must use (``asset001.png``)
    while the files keep their original names on disk.
    """
    if not items:
        return []
    font = ImageFont.load_default()
    per_row = max(1, (SHEET_WIDTH - GAP) // (TILE + GAP))
    per_sheet = per_row * MAX_ROWS
    sheets: list[bytes] = []
    for start in range(0, len(items), per_sheet):
        chunk = items[start : start + per_sheet]
        rows = (len(chunk) + per_row - 1) // per_row
        height = GAP + rows * (TILE + LABEL_HEIGHT + GAP)
        sheet = Image.new("RGB", (SHEET_WIDTH, height), BACKGROUND)
        draw = ImageDraw.Draw(sheet)
        for i, (label, path) in enumerate(chunk):
            x = GAP + (i % per_row) * (TILE + GAP)
            y = GAP + (i // per_row) * (TILE + LABEL_HEIGHT + GAP)
            sheet.paste(_thumbnail(path), (x, y))
            draw.text((x, y + TILE + 2), label[:30], fill=(0, 0, 0), font=font)
        buf = io.BytesIO()
        sheet.save(buf, format="PNG")
        sheets.append(buf.getvalue())
    return sheets
