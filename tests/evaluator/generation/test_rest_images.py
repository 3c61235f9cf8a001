"""What an OpenAI-compatible request carries, received by a real local server: the prompt,
the labelled sheets, then a full set of frames, however many raster assets the task has
(as the published generator sends them)."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest
from PIL import Image

from clients.base import RetryPolicy
from clients.openai_client import OpenAIClient, load_settings
from clients.types import is_sheet
from evaluator.generation.bundle import build_bundle
from evaluator.tasks.task import load_task
from evaluator.tasks.video import encode_video
from tests.clients.fake_openai import FakeOpenAI

pytestmark = [pytest.mark.timeout(120), pytest.mark.slow]  # a 70 s video encoded: about 3 s
FAST = RetryPolicy(max_attempts=1, max_total_s=60)


def _task_with_assets(root: Path, assets: int, seconds: int) -> Path:
    folder = root / "many-assets"
    (folder / "reference" / "assets").mkdir(parents=True)
    (folder / "reference" / "index.html").write_text("<!DOCTYPE html><html><body></body></html>")
    for i in range(assets):
        Image.new("RGB", (40, 30), (i * 3 % 256, 90, 200)).save(
            folder / "reference" / "assets" / f"img{i:03d}.png"
        )
    (folder / "task.json").write_text(
        json.dumps(
            {
                "id": "many-assets",
                "viewport": {"width": 320, "height": 240},
                "actions": [{"type": "scroll", "description": "Scroll down"}],
            }
        )
    )
    (folder / "checkpoints").mkdir()
    shots = []
    for i in range(seconds):
        path = folder / "checkpoints" / f"frame_{i}.png"
        Image.new("RGB", (320, 240), (i * 3 % 256, 0, 0)).save(path)
        shots.append((float(i), path))
    encode_video(shots, folder / "video.mp4", fps=1)
    return folder


def _images(body: dict) -> list[bytes]:
    parts = body["messages"][0]["content"]
    assert parts[0]["type"] == "text"
    return [base64.b64decode(p["image_url"]["url"].split(",", 1)[1]) for p in parts[1:]]


def test_seventy_raster_assets_leave_room_for_every_frame(tmp_path: Path) -> None:
    task = load_task(_task_with_assets(tmp_path, assets=70, seconds=70))
    bundle = build_bundle(task)
    sheets = [a for a in bundle.assets if is_sheet(a)]
    assert len(bundle.assets) == len(sheets) + 70  # the bundle keeps every asset
    assert 1 < len(sheets) < 6
    with FakeOpenAI() as fake:
        OpenAIClient(fake.url, "vl-test", policy=FAST).generate(bundle)
        (body,) = fake.requests
    images = _images(body)
    # Sheets first, in order, then min(64, 70 - sheets) = 64 frames; no raw asset.
    assert images[: len(sheets)] == [s.data for s in sheets]
    assert images[len(sheets) :] == [f.data for f in bundle.frames]
    assert len(bundle.frames) == 64
    assert len(images) == len(sheets) + 64


@pytest.mark.slow
def test_a_per_model_cap_matched_by_part_of_the_name(tmp_path: Path) -> None:
    task = load_task(_task_with_assets(tmp_path, assets=70, seconds=70))
    bundle = build_bundle(task)
    sheets = [a for a in bundle.assets if is_sheet(a)]
    config = tmp_path / "models.toml"
    config.write_text(
        '[models."qwen2.5-vl"]\nmax_images = 20\nimage_long_side = 100\n'
        '[models."o3"]\nmax_tokens_param = "max_completion_tokens"\nsend_temperature = false\n'
    )
    settings = load_settings(config, "Qwen/Qwen2.5-VL-7B-Instruct".lower())
    with FakeOpenAI() as fake:
        OpenAIClient(fake.url, "qwen2.5-vl-7b", settings, policy=FAST).generate(bundle)
        (body,) = fake.requests
    images = _images(body)
    assert len(images) == 20  # the cap: every sheet, then 20 - sheets frames spread evenly
    frames = [Image.open(io.BytesIO(d)) for d in images[len(sheets) :]]
    assert len(frames) == 20 - len(sheets)
    assert all(max(f.size) <= 100 for f in frames)  # resized only because configured
    assert body["temperature"] == 0.0 and body["max_tokens"] == 16384
    reasoning = load_settings(config, "o3-2025-04-16")
    with FakeOpenAI() as fake:
        OpenAIClient(fake.url, "o3-2025-04-16", reasoning, policy=FAST).generate(bundle)
        (body,) = fake.requests
    assert "temperature" not in body and "max_tokens" not in body
    assert body["max_completion_tokens"] == 16384
    assert len(_images(body)) == len(sheets) + 64
