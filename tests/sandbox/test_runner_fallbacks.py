"""Runner fallbacks and record-mode detail, in the real sandbox: the judge model's fallback
selector (tried only after the hints), type and press going to the focused element when their
hints find nothing, and record mode's key-by-key typing, pre-action frame, per-frame scroll
position and wheel increments."""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.runner.actions import type_chunk, wheel_steps
from tests.sandbox.test_containers import TODO_PAGE, H, W, _run

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]


@pytest.mark.parametrize("amount", [400, -400, 7, 5, -3, 1001])
def test_wheel_increments_add_up(amount: int) -> None:
    parts = wheel_steps(amount)
    assert sum(parts) == amount and 1 <= len(parts) <= 6
    assert all(p != 0 for p in parts)


@pytest.mark.parametrize("length, chunk", [(1, 1), (31, 1), (60, 1), (61, 2), (120, 2), (500, 9)])
def test_typing_takes_at_most_sixty_frames(length: int, chunk: int) -> None:
    assert type_chunk("x" * length) == chunk


def test_fallback_selector_only_after_the_hints(tmp_path: Path) -> None:
    job = {
        "mode": "judge",
        "viewport": {"width": W, "height": H},
        "actions": [
            # The hints find the Add button: the fallback (the field) is not used.
            {"type": "click", "target": {"text": "Add", "fallback_selector": "#item"}},
            # The hints find nothing: the fallback is.
            {"type": "click", "target": {"text": "Plus", "fallback_selector": "#add"}},
            {"type": "click", "target": {"text": "Plus", "fallback_selector": "#nothing"}},
        ],
    }
    run, result = _run(tmp_path, job, TODO_PAGE)
    assert run.status == "ok", run
    _, hinted, fallback, missed = result["steps"]
    assert hinted["status"] == "ok" and hinted["target"]["found_by"] == "text"
    assert hinted["target"]["tag"] == "button"
    assert fallback["status"] == "ok", fallback["reason"]
    assert fallback["target"]["found_by"] == "fallback_selector"
    assert "fallback selector from the judge model" in fallback["target"]["why"]
    assert "Bought: nothing" in fallback["text"] and fallback["text"].count("Bought") == 2
    assert missed["status"] == "target_not_found"
    assert "fallback selector matched nothing" in missed["reason"]
    # The click point travels in the trace, inside the box.
    x, y = fallback["target"]["point"]
    bx, by, bw, bh = fallback["target"]["box"]
    assert bx <= x <= bx + bw and by <= y <= by + bh


def test_type_and_press_fall_back_to_the_focused_element(tmp_path: Path) -> None:
    job = {
        "mode": "judge",
        "viewport": {"width": W, "height": H},
        "actions": [
            {"type": "type", "target": {"placeholder": "New item"}, "text": "Milk"},
            {"type": "type", "target": {"placeholder": "No such field"}, "text": "s"},
            {"type": "press", "target": {"text": "Nowhere"}, "key": "Enter"},
            {"type": "click", "target": {"selector": "h1"}},
            {"type": "press", "target": {"text": "Nowhere"}, "key": "Escape"},
            {"type": "type", "target": {"placeholder": "No such field"}, "text": "x"},
        ],
    }
    run, result = _run(tmp_path, job, TODO_PAGE)
    assert run.status == "ok", run
    steps = result["steps"]
    assert [s["status"] for s in steps] == ["ok"] * 6 + ["target_not_found"], [
        s["reason"] for s in steps
    ]
    typed, pressed, body = steps[2], steps[3], steps[5]
    assert typed["target"]["found_by"] == "focused" and typed["target"]["tag"] == "input"
    assert "hints found nothing" in typed["target"]["why"]
    assert "keyboard focus" in typed["target"]["why"]
    assert pressed["target"]["found_by"] == "focused"
    assert "Bought: Milks" in pressed["text"]
    assert body["target"]["tag"] == "body" and "page body" in body["target"]["why"]
    assert "no editable element has focus" in steps[6]["reason"]


def _judge_and_record(tmp_path: Path, actions: list[dict], page: str) -> tuple[dict, dict]:
    """The results of judging ``actions`` on ``page`` and of recording them, both ``ok``."""
    base = {"viewport": {"width": W, "height": H}, "actions": actions}
    results = []
    for mode, extra in (("judge", {}), ("record", {"hold_seconds": 0.3, "frame_interval_s": 0.1})):
        (tmp_path / mode).mkdir()
        run, result = _run(tmp_path / mode, {**base, "mode": mode, **extra}, page)
        assert run.status == "ok", run
        results.append(result)
    return results[0], results[1]


def test_record_mode_types_key_by_key_and_scrolls_in_turns(tmp_path: Path) -> None:
    actions = [
        {"type": "type", "target": {"placeholder": "New item"}, "text": "Oat milk"},
        {"type": "scroll", "amount": 400},
        {"type": "click", "target": {"text": "Add"}},
    ]
    judged, recorded = _judge_and_record(tmp_path, actions, TODO_PAGE)
    assert [s["status"] for s in recorded["steps"]] == ["ok"] * 4
    # The same final positions as judging.
    assert [s["scroll_y"] for s in recorded["steps"]] == [s["scroll_y"] for s in judged["steps"]]
    frames = recorded["frames"]
    assert all(isinstance(f["scroll_y"], int | float) for f in frames)
    # Typing: a frame per character (plus the step's hold).
    hold = sum(1 for f in frames if f["step"] == 0)
    assert sum(1 for f in frames if f["step"] == 1) >= 8
    assert "wheel" in recorded["steps"][2]["reason"] and "turns" in recorded["steps"][2]["reason"]
    # Scrolling: the frames of step 2 climb in several increments to the final position.
    ys = [f["scroll_y"] for f in frames if f["step"] == 2]
    final = recorded["steps"][2]["scroll_y"]
    moving, before_click = ys[:-1], ys[-1]
    assert len(set(moving)) >= 4 and moving == sorted(moving) and moving[-1] == final, ys
    # Before the click, a frame still tagged step 2, once the Add button (at the top) was
    # scrolled back into view.
    assert before_click == 0 < final
    click = recorded["steps"][3]
    assert click["target"]["point"] is not None
    # The window's scroll at the click, the scroll of the frame taken just before it.
    assert click["target"]["scroll"] == [0, before_click]
    assert hold >= 1


# A feed that loads more when scrolled near its end, from its scroll handler: the page is
# 1000 px tall (400 px of room at 600 px high) until scrollY passes 300, then 2000 px.
GROWING_PAGE = """<!doctype html>
<html><head><style>body { margin: 0 } #feed div { height: 100px; border-bottom: 1px solid #999 }
</style></head><body><div id="feed"></div><script>
const feed = document.getElementById("feed");
function add(n) { for (let i = 0; i < n; i++) feed.append(document.createElement("div")); }
add(10);
let more = true;
addEventListener("scroll", () => { if (more && scrollY >= 300) { more = false; add(10); } });
</script></body></html>"""


def test_a_scroll_goes_on_as_the_page_grows_as_recorded(tmp_path: Path) -> None:
    """One wheel turn of the whole amount would stop at the page's first end (400 px), before
    the feed grows; turned in increments, judging ends where recording did (the amount)."""
    actions = [{"type": "scroll", "amount": 700}]
    judged, recorded = _judge_and_record(tmp_path, actions, GROWING_PAGE)
    step = judged["steps"][1]
    assert step["status"] == "ok" and "6 turns" in step["reason"], step["reason"]
    assert step["scroll_y"] == 700 == recorded["steps"][1]["scroll_y"]


# A sticky bar over the lower half of a list's row: its button's centre is under the bar.
COVERED_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"></head><body style="margin: 0; font-family: sans-serif">
<div style="height: 300px"></div>
<button id="under" style="height: 60px; width: 200px"
  onclick="document.getElementById('log').textContent += 'under; '">Build this</button>
<div style="position: fixed; left: 0; top: 300px; width: 400px; height: 200px;
  background: #eee" onclick="document.getElementById('log').textContent += 'bar; '">
  Summary</div>
<p id="log" style="margin-top: 600px"></p>
</body></html>"""


def test_record_mode_refuses_a_click_on_a_covered_target(tmp_path: Path) -> None:
    actions = [{"type": "click", "target": {"selector": "#under"}}]
    job = {"viewport": {"width": W, "height": H}, "actions": actions}
    for mode in ("judge", "record"):
        (tmp_path / mode).mkdir()
        extra = {"hold_seconds": 0.3, "frame_interval_s": 0.1} if mode == "record" else {}
        run, result = _run(tmp_path / mode, {**job, "mode": mode, **extra}, COVERED_PAGE)
        step = result["steps"][1]
        if mode == "judge":
            # Judging clicks as a user would: what covers the target receives it.
            assert step["status"] == "ok", step
            assert "bar;" in result["steps"][-1]["text"], result["steps"][-1]["text"]
        else:
            assert step["status"] == "action_failed", step
            assert "covered" in step["reason"] and "div" in step["reason"], step["reason"]
