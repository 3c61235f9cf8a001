"""The sandbox on the real engine: real containers, real Chromium, real isolation.

Each test costs a container start (a few seconds on two cores), so the set is kept small and
each one checks several things. The ``sandbox_image`` fixture (tests/conftest.py) builds the
image once per session.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import docker
import pytest
from PIL import Image

from sandbox.launcher import Limits, SandboxRun, run_job

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

W, H = 800, 600

TODO_PAGE = """<!doctype html>
<html><head><style>
  body { margin: 0; font-family: sans-serif; }
  .tall { height: 3000px; background: linear-gradient(#fff, #ccd); }
</style></head><body>
<h1>Groceries</h1>
<label for="item">Item name</label>
<input id="item" placeholder="New item">
<button id="add" type="button">Add</button>
<ul id="list"></ul>
<div id="box" style="height: 80px; overflow: auto"><div style="height: 400px">inner</div></div>
<div class="tall">more below</div>
<script>
  const input = document.getElementById("item");
  function add() {
    const li = document.createElement("li");
    li.textContent = "Bought: " + (input.value || "nothing");
    document.getElementById("list").appendChild(li);
  }
  document.getElementById("add").addEventListener("click", add);
  input.addEventListener("keydown", (e) => { if (e.key === "Enter") add(); });
</script>
</body></html>
"""


def _page(tmp_path: Path, html: str) -> Path:
    page = tmp_path / "page"
    page.mkdir()
    (page / "index.html").write_text(html, encoding="utf-8")
    return page


def _run(tmp_path: Path, job: dict, html: str | None, **limits: Any) -> tuple[SandboxRun, dict]:
    page = _page(tmp_path, html) if html is not None else None
    out = tmp_path / "out"
    run = run_job(job, page, out, limits=Limits(**limits))
    result_file = out / "result.json"
    result = json.loads(result_file.read_text()) if result_file.is_file() else {}
    return run, result


def _leftovers(run_id: str) -> list[str]:
    client = docker.from_env()
    label = {"label": f"iwr.sandbox.run={run_id}"}
    containers = [c.name for c in client.containers.list(all=True, filters=label)]
    volumes = [v.name for v in client.volumes.list(filters=label)]
    return containers + volumes


def test_probe_sees_no_network_no_privileges(tmp_path: Path) -> None:
    run, seen = _run(tmp_path, {"mode": "probe"}, None)
    assert run.status == "ok", run
    assert seen["status"] == "ok"
    assert seen["interfaces"] == ["lo"]
    assert seen["default_route"] is False
    assert seen["connect_out"] != "connected"
    assert "unreachable" in seen["connect_out"].lower()
    assert seen["root_writable"] is False
    assert seen["tmp_writable"] is True
    assert (seen["uid"], seen["gid"]) == (10001, 10001)
    assert int(seen["cap_eff"], 16) == 0
    assert seen["no_new_privs"] == 1
    assert not _leftovers(run.run_id)


@pytest.mark.parametrize("browser", [None, "chromium"])
def test_judge_replays_click_type_press_scroll(tmp_path: Path, browser: str | None) -> None:
    """Both browsers of the image judge the same way; without a choice, the headless shell."""
    job = {
        **({"browser": browser} if browser else {}),
        "mode": "judge",
        "viewport": {"width": W, "height": H},
        "actions": [
            {"type": "click", "description": "add an empty item", "target": {"text": "add"}},
            {"type": "type", "target": {"placeholder": "New item"}, "text": "Milk"},
            {"type": "press", "key": "Enter"},
            {"type": "type", "target": {"label": "Item name"}, "text": "s"},
            {"type": "click", "target": {"selector": "#add", "text": "nothing like it"}},
            {"type": "scroll", "amount": 400},
            {"type": "scroll", "target": {"selector": "#box"}, "amount": 100},
        ],
    }
    run, result = _run(tmp_path, job, TODO_PAGE)
    assert run.status == "ok", run
    assert result["status"] == "ok", result["reason"]
    assert result["viewport"] == {"width": W, "height": H}
    assert result["browser"]["chromium"] and result["browser"]["chromium_sandbox"] is False
    assert result["browser"]["browser"] == (browser or "headless-shell")
    steps = result["steps"]
    assert [s["index"] for s in steps] == list(range(8))
    assert [s["status"] for s in steps] == ["ok"] * 8, [s["reason"] for s in steps]
    for step in steps:
        with Image.open(tmp_path / "out" / step["screenshot"]) as png:
            assert png.size == (W, H)
    assert "Bought" not in steps[0]["text"]
    assert "Bought: nothing" in steps[1]["text"]
    assert steps[1]["target"]["found_by"] == "text"
    assert steps[1]["target"]["tag"] == "button"
    assert steps[2]["target"]["found_by"] == "placeholder"
    assert "Bought: Milk" in steps[3]["text"]
    assert steps[3]["target"]["found_by"] == "focused"
    assert steps[4]["target"]["found_by"] == "label"
    assert steps[5]["target"]["found_by"] == "selector"
    assert "Bought: Milks" in steps[5]["text"]
    assert steps[6]["scroll_y"] > steps[5]["scroll_y"]
    assert steps[7]["target"]["found_by"] == "selector"  # an inner scroller moved, not the window


LEAK_PAGE = """<!doctype html><html><body style="overflow: hidden"><pre id="out"></pre><script>
  // The job file sits next to the page folder; the server must not hand it out.
  const out = document.getElementById("out");
  for (const path of ["/../job.json", "/%2e%2e/job.json", "/..%2fjob.json"]) {
    const req = new XMLHttpRequest();
    req.open("GET", path, false);
    req.send();
    out.textContent += path + " " + req.status + " " + req.responseText.slice(0, 40) + "\\n";
  }
</script><button>Later</button></body></html>
"""


def test_page_cannot_read_the_job_and_a_stuck_scroll_fails(tmp_path: Path) -> None:
    job = {
        "mode": "judge",
        "viewport": {"width": W, "height": H},
        "actions": [{"type": "scroll"}, {"type": "click", "target": {"text": "Later"}}],
    }
    run, result = _run(tmp_path, job, LEAK_PAGE)
    assert run.status == "ok", run
    step0, scroll, click = result["steps"]
    assert "mode" not in step0["text"] and step0["text"].count(" 404 ") == 3, step0["text"]
    assert scroll["status"] == "action_failed" and "did not move" in scroll["reason"]
    assert click["status"] == "not_run"


def test_blank_page_fails_at_the_first_action(tmp_path: Path) -> None:
    job = {
        "mode": "judge",
        "viewport": {"width": W, "height": H},
        "actions": [
            {"type": "click", "target": {"text": "Add", "role": "button"}},
            {"type": "type", "target": {"placeholder": "New item"}, "text": "x"},
        ],
    }
    run, result = _run(tmp_path, job, "<!doctype html><html><body></body></html>")
    assert run.status == "ok", run
    assert result["status"] == "ok"
    assert [s["status"] for s in result["steps"]] == ["ok", "target_not_found", "not_run"]
    assert "Add" in result["steps"][1]["reason"]


def test_endless_script_is_killed_by_the_wall_clock(tmp_path: Path) -> None:
    job = {
        "mode": "judge",
        "viewport": {"width": W, "height": H},
        "page_load_timeout_s": 120,
        "actions": [{"type": "click", "target": {"text": "Add"}}],
    }
    html = "<!doctype html><html><body><p>spin</p><script>while (true) {}</script></body></html>"
    run, result = _run(tmp_path, job, html, wall_seconds=12)
    assert run.status == "timeout", run
    assert run.exit_code is None
    assert 12 <= run.seconds < 40
    # The runner writes result.json as it goes, so even a killed run says how far it got.
    assert result["status"] == "running"
    assert not _leftovers(run.run_id)


def test_record_mode_takes_timed_frames(tmp_path: Path) -> None:
    job = {
        "mode": "record",
        "viewport": {"width": W, "height": H},
        "hold_seconds": 1.0,
        "frame_interval_s": 0.1,
        "actions": [
            {"type": "click", "target": {"text": "Add"}},
            {"type": "type", "target": {"placeholder": "New item"}, "text": "Oat milk"},
        ],
    }
    run, result = _run(tmp_path, job, TODO_PAGE)
    assert run.status == "ok", run
    assert [s["status"] for s in result["steps"]] == ["ok", "ok", "ok"]
    frames = result["frames"]
    times = [f["t"] for f in frames]
    assert times[0] == 0.0
    assert all(a < b for a, b in zip(times, times[1:], strict=False))
    for frame in frames[:: max(1, len(frames) // 5)]:
        with Image.open(tmp_path / "out" / frame["file"]) as png:
            assert png.size == (W, H)
    # Every step stays on screen for at least about hold_seconds.
    for index in range(3):
        shown = [f["t"] for f in frames if f["step"] == index]
        assert shown and max(shown) - min(shown) >= 0.9, (index, shown)
    # Typing 8 characters 3 at a time takes frames in between.
    assert sum(1 for f in frames if f["step"] == 2) > sum(1 for f in frames if f["step"] == 1)


def test_memory_hungry_page_is_a_page_error_not_an_infra_fault(tmp_path: Path) -> None:
    job = {
        "mode": "judge",
        "viewport": {"width": W, "height": H},
        "settle_seconds": 3,
        "actions": [{"type": "click", "target": {"text": "Add"}}],
    }
    html = (
        "<!doctype html><html><body><button>Add</button><script>const a = [];"
        "setInterval(() => { for (let i = 0; i < 2e5; i++) a.push(new Array(50).fill(i)); }, 20);"
        "</script></body></html>"
    )
    run, result = _run(tmp_path, job, html, memory_mb=600, wall_seconds=90)
    # The renderer dies, the runner survives and reports; the evidence points at memory.
    assert run.status == "ok", run
    assert "memory" in run.reason
    failed = [s for s in result["steps"] if s["status"] not in ("ok", "not_run")]
    assert failed and "crashed" in failed[0]["reason"]
    assert result["status"] in ("page_error", "ok")
