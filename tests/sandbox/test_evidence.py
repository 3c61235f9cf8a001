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

# Motion that no animation list shows: a script moving a box frame by frame for 0.4 s (DOM
# changes), a smooth scroll (scroll events) and a canvas drawn frame by frame (no signal at all:
# the screenshot comparison), each started by the click; the settle wait must see all three end.
SCRIPTED = """<!doctype html><html><head><style>
  html { scroll-behavior: smooth; } body { margin: 0; height: 3000px; }
  #slide { position: absolute; top: 460px; left: 0; width: 50px; height: 50px; background: #2a4; }
</style></head><body><button id="go">Go</button><div id="slide"></div><p id="out">idle</p>
<script>
  document.getElementById("go").addEventListener("click", () => {
    const box = document.getElementById("slide"), t0 = performance.now();
    const step = (now) => { const k = Math.min(1, (now - t0) / 400);
      box.style.left = Math.round(600 * k) + "px";
      if (k < 1) requestAnimationFrame(step);
      else document.getElementById("out").textContent = "slid"; };
    requestAnimationFrame(step);
    setTimeout(() => window.scrollTo({ top: 400 }), 0);
  });
</script></body></html>
"""

CANVAS = """<!doctype html><html><body style="margin:0"><button id="go">Go</button><br>
<canvas id="c" width="600" height="100"></canvas>
<script>
  const ctx = document.getElementById("c").getContext("2d");
  document.getElementById("go").addEventListener("click", () => {
    const t0 = performance.now();
    const draw = (now) => { const k = Math.min(1, (now - t0) / 400);
      ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, 600, 100);
      ctx.fillStyle = "#a24"; ctx.fillRect(0, 0, Math.round(600 * k), 100);
      if (k < 1) requestAnimationFrame(draw); };
    requestAnimationFrame(draw);
  });
</script></body></html>
"""

# A change 50 ms after the click, with nothing to see until then: within the quiet time (0.1 s
# from the action), so it is waited for however fast the screenshot came back.
TIMER = """<!doctype html><html><body style="margin:0"><button id="go">Go</button>
<script>document.getElementById("go").addEventListener("click", () => setTimeout(() => {
  document.body.style.background = "#3a6"; }, 50));</script></body></html>
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
    pages = {"moving-a": MOVING, "moving-b": MOVING, "static": STATIC}
    pages |= {"scripted-a": SCRIPTED, "scripted-b": SCRIPTED}
    pages |= {"canvas-a": CANVAS, "canvas-b": CANVAS, "timer": TIMER}
    results = _batch(tmp_path, JOB, pages)
    for name, result in results.items():
        assert result["status"] == "ok", (name, result["reason"])
        steps = result["steps"]
        assert [s["status"] for s in steps] == ["ok", "ok"], (name, steps)
        # "painted": the runner's account of what is painted unlike the DOM text; "states":
        # the elements' states after an action (runner/states.py).
        assert set(steps[0]["timing"]) == {"load", "settle", "capture", "painted"}
        assert set(steps[1]["timing"]) == {"find", "act", "settle", "capture", "painted", "states"}
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
    # The scripted slide and the smooth scroll (DOM changes and scroll events) had ended.
    scripted = results["scripted-a"]["steps"][1]
    assert "slid" in scripted["text"] and scripted["scroll_y"] == 400, scripted
    assert scripted["settle_seconds"] >= 0.35, scripted
    a = _pixels(out / "scripted-a" / "step_1.png")
    assert np.array_equal(a, _pixels(out / "scripted-b" / "step_1.png"))
    # The box ended 600 px right, seen 400 px up the page after the scroll.
    assert tuple(a[80, 620]) == (0x22, 0xAA, 0x44) and tuple(a[80, 20]) != (0x22, 0xAA, 0x44)
    assert tuple(_pixels(out / "timer" / "step_1.png")[300, 400]) == (0x33, 0xAA, 0x66)
    # A canvas changes no DOM: the page falls back to comparing screenshots, which sees the
    # drawing end (the bar spans the full 600 px) and repeats on replay.
    canvas = results["canvas-a"]["steps"][1]
    assert canvas["settle_seconds"] >= 0.35 and canvas["settle_captures"] >= 2, canvas
    c = _pixels(out / "canvas-a" / "step_1.png")
    assert np.array_equal(c, _pixels(out / "canvas-b" / "step_1.png"))
    bar_y = int(np.nonzero((c[:, 5] == (0xAA, 0x22, 0x44)).all(axis=1))[0][0])
    assert tuple(c[bar_y, 595]) == (0xAA, 0x22, 0x44)


def test_a_named_settle_time_is_a_fixed_sleep(tmp_path: Path) -> None:
    results = _batch(tmp_path, {**JOB, "settle_seconds": 0.8}, {"static": STATIC})
    steps = results["static"]["steps"]
    assert [s["status"] for s in steps] == ["ok", "ok"]
    for step in steps:
        assert 0.8 <= step["settle_seconds"] < 1.2, step
    assert "clicked" in steps[1]["text"]
