"""What a model sees: asset sheets, sampled frames, anonymised assets, the prompt;
nothing hidden, within the published image caps."""

from __future__ import annotations

import base64
import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from evaluator.generation.bundle import MAX_IMAGES, build_bundle
from evaluator.judging.judge import stage_page
from evaluator.tasks.loader import load_tasks
from evaluator.tasks.published import export_published
from evaluator.tasks.stitch import stitch_labelled
from evaluator.tasks.task import load_task
from evaluator.tasks.video import MAX_FRAMES, encode_video

REPO = Path(__file__).resolve().parents[3]


def test_bundle_holds_sheets_frames_and_anonymised_assets_only(
    mini_task: Path, tmp_path: Path
) -> None:
    shots = [(float(i), mini_task / "checkpoints" / f"step_{i}.png") for i in range(4)]
    encode_video(shots, mini_task / "video.mp4", fps=5)
    task = load_task(mini_task)
    bundle = build_bundle(task)
    assert len(bundle.frames) == 4  # a 3-second video at 1 fps
    # The labelled sheet leads the assets (sent first, as published), then the files.
    assert [a.name for a in bundle.assets] == ["stitched_image1.png", "asset001.png"]
    assert bundle.assets[0].media_type == "image/png"
    assert bundle.assets[1].data == (task.assets_dir / "logo.png").read_bytes()
    assert "asset001.png" in bundle.prompt and "logo.png" not in bundle.prompt
    assert "stitched_image1.png" in bundle.prompt
    assert "Static files: asset001.png\n" in bundle.prompt  # a sheet is not a page file
    for hidden in ("#add", "1 item", "Unsaved", "Click Add"):
        assert hidden not in bundle.prompt
    assert (bundle.width, bundle.height) == (320, 240)
    assert build_bundle(task).sha256() == bundle.sha256()  # deterministic content hash
    # The judged page finds the assets under both names.
    page = stage_page(task, "<html></html>", tmp_path / "page")
    assert (page / "assets" / "asset001.png").is_file() and (page / "assets" / "logo.png").is_file()


@pytest.mark.slow
def test_bundled_task_carries_sheets_labelled_with_anonymised_names() -> None:
    task = next(t for t in load_tasks(REPO / "tasks") if t.id == "league-table")
    bundle = build_bundle(task)
    sheets = [a for a in bundle.assets if a.name.startswith("stitched_image")]
    files = [a for a in bundle.assets if not a.name.startswith("stitched_image")]
    assert [s.name for s in sheets] == ["stitched_image1.png"]  # 16 assets fit on one
    assert bundle.assets[: len(sheets)] == tuple(sheets)
    assert [f.name for f in files] == [
        f"asset{i:03d}{p.suffix}" for i, p in enumerate(task.asset_files(), start=1)
    ]
    names = task.anonymised_names()
    paths = task.asset_files()
    anonymised = stitch_labelled([(names[p.name], p) for p in paths])
    original = stitch_labelled([(p.name, p) for p in paths])
    assert [s.data for s in sheets] == anonymised != original  # labels are the new names
    with Image.open(io.BytesIO(sheets[0].data)) as img:
        assert img.format == "PNG" and img.width <= 1000
    assert len(bundle.frames) + len(sheets) <= MAX_IMAGES


@pytest.mark.slow
def test_hash_changes_when_an_asset_changes(tmp_path: Path) -> None:
    shutil.copytree(REPO / "tasks" / "league-table", tmp_path / "league-table")
    task = load_task(tmp_path / "league-table")
    before = build_bundle(task)
    asset = task.assets_dir / "stadium.png"
    with Image.open(asset) as img:
        size = img.size
    Image.new("RGB", size, (0, 0, 0)).save(asset)
    after = build_bundle(task)
    assert after.sha256() != before.sha256()
    assert after.assets[0].name == "stitched_image1.png"
    assert after.assets[0].data != before.assets[0].data  # the sheet shows the new asset
    assert after.frames == before.frames


def test_sheets_count_in_the_image_cap(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    (folder / "reference" / "assets").mkdir(parents=True)
    (folder / "task.json").write_text(
        '{"id": "many", "viewport": {"width": 320, "height": 240}, "actions": '
        '[{"type": "scroll", "description": "Scroll down"}]}'
    )
    (folder / "reference" / "index.html").write_text("<html></html>")
    for i in range(60):  # 25 tiles a sheet: three sheets
        Image.new("RGB", (8, 8), (i * 4, 0, 0)).save(folder / "reference" / "assets" / f"{i}.png")
    first, last = tmp_path / "a.png", tmp_path / "b.png"
    Image.new("RGB", (320, 240), "white").save(first)
    Image.new("RGB", (320, 240), "black").save(last)
    encode_video([(0.0, first), (100.0, last)], folder / "video.mp4", fps=1)
    task = load_task(folder)
    bundle = build_bundle(task)
    sheets = [a for a in bundle.assets if a.name.startswith("stitched_image")]
    assert len(sheets) == 3 and len(bundle.assets) == 63
    assert len(bundle.frames) == MAX_FRAMES  # 3 + 64 <= 70
    tight = build_bundle(task, max_images=40)
    assert len(tight.frames) == 37  # sheets first, frames fill the rest, spread evenly
    assert tight.sha256() != bundle.sha256()


def test_exported_task_bundles_to_the_same_hash(mini_task: Path, tmp_path: Path) -> None:
    shots = [(float(i), mini_task / "checkpoints" / f"step_{i}.png") for i in range(4)]
    encode_video(shots, mini_task / "video.mp4", fps=2)
    original = load_task(mini_task)
    (back,) = load_tasks(export_published([original], tmp_path / "pub"))
    # The published sheets are used as they are, and they are what we would stitch.
    assert build_bundle(back).sha256() == build_bundle(original).sha256()


def test_grpc_stream_and_rest_payload_carry_the_sheets(mini_task: Path) -> None:
    from clients.openai_client import OpenAISettings, build_payload
    from clients.wire import bundle_to_requests, requests_to_bundle

    shots = [(float(i), mini_task / "checkpoints" / f"step_{i}.png") for i in range(4)]
    encode_video(shots, mini_task / "video.mp4", fps=2)
    bundle = build_bundle(load_task(mini_task))
    sheet = bundle.assets[0]
    # gRPC: files travel generically; the server reassembles the same bundle, sheet first.
    received = requests_to_bundle(bundle_to_requests(bundle))
    assert received.sha256() == bundle.sha256() and received.assets[0] == sheet
    # REST: the sheet is the first image part, then the frames; the raw asset is on the sheet.
    payload = build_payload(bundle, "m", OpenAISettings())
    parts = payload["messages"][0]["content"]
    urls = [p["image_url"]["url"] for p in parts if p["type"] == "image_url"]
    assert urls[0] == "data:image/png;base64," + base64.b64encode(sheet.data).decode()
    assert len(urls) == 1 + len(bundle.frames) <= MAX_IMAGES


def test_a_prompt_template_is_sent_with_the_task_filled_in(mini_task: Path) -> None:
    from evaluator.tasks.video import encode_video

    shots = [(float(i), mini_task / "checkpoints" / f"step_{i}.png") for i in range(4)]
    encode_video(shots, mini_task / "video.mp4", fps=2)
    task = load_task(mini_task)
    template = 'Rebuild it at {resolution} ({width} wide). CSS: body {margin: 0} {"k": 1} {other}'
    bundle = build_bundle(task, prompt_template=template)
    assert (
        bundle.prompt == 'Rebuild it at 320x240 (320 wide). CSS: body {margin: 0} {"k": 1} {other}'
    )
    # The prompt is part of what the model saw: another template, another content hash.
    assert bundle.sha256() != build_bundle(task).sha256()
