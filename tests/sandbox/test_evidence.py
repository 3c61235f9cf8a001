"""Settle detection and step timing on the real engine (real containers, real Chromium).

The runner waits after loading and after each action until the page is visually quiet (two
identical screenshots in a row, no finite animation running), bounded by a cap; the same page
replayed twice must give identical step screenshots, which a fixed short sleep does not when a
transition outlasts it. A job that names ``settle_seconds`` gets exactly that sleep instead.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from sandbox.launcher import Limits, run_job
from sandbox.runner.settle import CAP_S

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

W, H = 800, 600

# The click starts a 0.7 s transition (a box slides and fades in), a 0.5 s animation with a
# 0.2 s delay, and a text change after a zero timeout: longer than the old 0.3 s fixed wait.
MOVING = """<!doctype html><html><head><style>
  body { margin: 0; font-family: sans-serif; }
  #box { width: 120px; height: 120px; background: #36c; opacity: 0.1;
         transition: transform 0.7s ease-in-out, opacity 0.7s linear; }
  #box.on { transform: translateX(400px); opacity: 1; }
  @keyframes grow { from { width: 10px; } to { width: 500px; } }
  #bar { height: 20px; background: #c63; width: 10px; }
  #bar.on { animation: grow 0.5s 0.2s linear forwards; }
</style></head><body>
<button id="go">Go</button><p id="out">idle</p><div id="box"></div><div id="bar"></div>
<script>
  document.getElementById("go").addEventListener("click", () => {
    document.getElementById("box").classList.add("on");
    document.getElementById("bar").classList.add("on");
    setTimeout(() => { document.getElementById("out").textContent = "moved"; }, 0);
  });
</script></body></html>
"""

STATIC = """<!doctype html><html><body><button id="go">Go</button><p id="out">idle</p>
<script>document.getElementById("go").addEventListener("click",
  () => { document.getElementById("out").textContent = "clicked"; });</script></body></html>
"""

JOB = {
    "mode": "judge",
    "viewport": {"width": W, "height": H},
    "actions": [{"type": "click", "target": {"text": "Go"}}],
}


def _batch(tmp_path: Path, job: dict, pages: dict[str, str]) -> dict[str, dict]:
    root = tmp_path / "pages"
    for name, html in pages.items():
        (root / name).mkdir(parents=True)
        (root / name / "index.html").write_text(html, encoding="utf-8")
    out = tmp_path / "out"
    run = run_job({**job, "pages": list(pages)}, root, out, limits=Limits(wall_seconds=240))
    assert run.status == "ok", run
    return {name: json.loads((out / name / "result.json").read_text()) for name in pages}


def _pixels(path: Path) -> np.ndarray:
    with Image.open(path) as png:
        return np.asarray(png.convert("RGB"))


def test_settle_waits_for_motion_renders_repeat_and_quiet_pages_are_fast(tmp_path: Path) -> None:
    results = _batch(tmp_path, JOB, {"moving-a": MOVING, "moving-b": MOVING, "static": STATIC})
    for name, result in results.items():
        assert result["status"] == "ok", (name, result["reason"])
        steps = result["steps"]
        assert [s["status"] for s in steps] == ["ok", "ok"], (name, steps)
        assert set(steps[0]["timing"]) == {"load", "settle", "capture"}
        assert set(steps[1]["timing"]) == {"find", "act", "settle", "capture"}
        for step in steps:
            assert step["settled"] is True, (name, step)
            assert step["settle_seconds"] == step["timing"]["settle"]
            assert all(v >= 0 for v in step["timing"].values())
    moving = results["moving-a"]["steps"][1]
    # The transition (0.7 s) and the delayed animation (0.2 + 0.5 s) had finished.
    assert 0.6 <= moving["settle_seconds"] < CAP_S, moving
    assert "moved" in moving["text"]
    out = tmp_path / "out"
    a = _pixels(out / "moving-a" / "step_1.png")
    b = _pixels(out / "moving-b" / "step_1.png")
    assert a.shape == (H, W, 3)
    assert np.array_equal(a, b), "the same page replayed twice must give the same pixels"
    # The box ended where the transition takes it: 400 px right, fully opaque.
    assert tuple(a[100, 450]) == (0x33, 0x66, 0xCC)
    # A page with nothing moving settles in a small fraction of the old fixed schedule.
    static = results["static"]["steps"]
    assert all(s["settle_seconds"] < 0.6 for s in static), static
    assert "clicked" in static[1]["text"]


def test_a_named_settle_time_is_a_fixed_sleep(tmp_path: Path) -> None:
    results = _batch(tmp_path, {**JOB, "settle_seconds": 0.8}, {"static": STATIC})
    steps = results["static"]["steps"]
    assert [s["status"] for s in steps] == ["ok", "ok"]
    for step in steps:
        assert 0.8 <= step["settle_seconds"] < 1.2, step
    assert "clicked" in steps[1]["text"]
