"""Small real task folders written on the fly for evaluator tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

TASK = {
    "id": "mini",
    "title": "Mini",
    "category": "test",
    "viewport": {"width": 320, "height": 240},
    "actions": [
        {
            "type": "click",
            "description": "Click Add",
            "target": {"selector": "#add", "text": "Add"},
            "expect": {"text_present": ["1 item"]},
        },
        {
            "type": "type",
            "description": "Type hello",
            "target": {"placeholder": "Name"},
            "text": "hello",
            "visual": False,
        },
        {
            "type": "click",
            "description": "Click Save",
            "target": {"text": "Save"},
            "expect": {"text_absent": ["Unsaved"]},
        },
    ],
}


def write_task(root: Path, data: dict | None = None, shots: int = 4) -> Path:
    data = data or TASK
    folder = root / data["id"]
    (folder / "reference" / "assets").mkdir(parents=True)
    (folder / "task.json").write_text(json.dumps(data))
    (folder / "reference" / "index.html").write_text("<!DOCTYPE html><html><body></body></html>")
    Image.new("RGB", (8, 8), (200, 0, 0)).save(folder / "reference" / "assets" / "logo.png")
    (folder / "checkpoints").mkdir()
    for i in range(shots):
        shade = 40 * i
        Image.new("RGB", (320, 240), (shade, shade, 255 - shade)).save(
            folder / "checkpoints" / f"step_{i}.png"
        )
    return folder


@pytest.fixture
def mini_task(tmp_path: Path) -> Path:
    return write_task(tmp_path)
