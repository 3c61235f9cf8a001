"""What a model sees: sampled frames, anonymised assets, the prompt; nothing hidden."""

from __future__ import annotations

from pathlib import Path

from evaluator.bundle import build_bundle
from evaluator.judge import stage_page
from evaluator.tasks import load_task
from evaluator.video import encode_video


def test_bundle_holds_frames_and_anonymised_assets_only(mini_task: Path, tmp_path: Path) -> None:
    shots = [(float(i), mini_task / "checkpoints" / f"step_{i}.png") for i in range(4)]
    encode_video(shots, mini_task / "video.mp4", fps=5)
    task = load_task(mini_task)
    bundle = build_bundle(task)
    assert len(bundle.frames) == 4  # a 3-second video at 1 fps
    assert [a.name for a in bundle.assets] == ["asset001.png"]
    assert bundle.assets[0].data == (task.assets_dir / "logo.png").read_bytes()
    assert "asset001.png" in bundle.prompt and "logo.png" not in bundle.prompt
    for hidden in ("#add", "1 item", "Unsaved", "Click Add"):
        assert hidden not in bundle.prompt
    assert (bundle.width, bundle.height) == (320, 240)
    assert build_bundle(task).sha256() == bundle.sha256()  # deterministic content hash
    # The judged page finds the assets under both names.
    page = stage_page(task, "<html></html>", tmp_path / "page")
    assert (page / "assets" / "asset001.png").is_file() and (page / "assets" / "logo.png").is_file()
