"""sandbox.verify: what the runner reports is checked before the host uses it (unit)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from sandbox import verify
from sandbox.verify import InvalidResult, check_output

JUDGE = {"mode": "judge", "actions": [{"type": "click"}]}


def _png_header(width: int = 1280, height: int = 800) -> bytes:
    """The first 24 bytes of a PNG of that size (all the host reads before decoding)."""
    size = width.to_bytes(4, "big") + height.to_bytes(4, "big")
    return b"\x89PNG\r\n\x1a\n" + (13).to_bytes(4, "big") + b"IHDR" + size + b"\x08\x02\0\0\0"


def _step(n: int, **extra: Any) -> dict[str, Any]:
    step = {
        "index": n,
        "status": "ok",
        "reason": "",
        "screenshot": f"step_{n}.png",
        "text": "hello",
        "scroll_y": 0,
        "seconds": 0.25,
    }
    if n:
        step.update(
            type="click",
            target={
                "found_by": "text",
                "why": "w",
                "tag": "button",
                "text": "Go",
                "box": [1, 2, 3, 4],
            },
        )
    step.update(extra)
    return step


def _result(**extra: Any) -> dict[str, Any]:
    data = {
        "status": "ok",
        "reason": "",
        "browser": {"chromium": "120", "chromedriver": "120", "chromium_sandbox": False},
        "viewport": {"width": 1280, "height": 800},
        "steps": [_step(0), _step(1)],
        "frames": [],
    }
    data.update(extra)
    return data


def _write(out: Path, data: Any, *, shots: tuple[str, ...] = ("step_0.png", "step_1.png")) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for name in shots:
        (out / name).write_bytes(_png_header())
    text = data if isinstance(data, str) else json.dumps(data)
    (out / "result.json").write_text(text)
    return out


def _problem(out: Path, job: dict = JUDGE) -> str:
    with pytest.raises(InvalidResult) as info:
        check_output(out, job)
    message = str(info.value)
    assert message.startswith("runner reported invalid result: ")
    return message


def test_a_genuine_result_passes(tmp_path: Path) -> None:
    data = check_output(_write(tmp_path, _result()), JUDGE)
    assert data is not None and data["status"] == "ok"


def test_fields_the_host_does_not_read_pass(tmp_path: Path) -> None:
    steps = [_step(0, evidence={"boxes": [1, 2]}), _step(1)]
    assert check_output(_write(tmp_path, _result(steps=steps, extra=[1])), JUDGE)


def test_recorded_states_pass(tmp_path: Path) -> None:
    entry = {"of": "@target", "how": "acted", "tag": "li", "text": "Buy milk", "struck": True,
             "checked": "mixed", "current": "page", "disabled": None}  # fmt: skip
    steps = [_step(0), _step(1, states=[entry, {"error": "TypeError: x"}])]
    assert check_output(_write(tmp_path, _result(steps=steps)), JUDGE)


def test_no_result_is_left_to_the_launcher(tmp_path: Path) -> None:
    assert check_output(tmp_path, JUDGE) is None


def test_a_not_run_step_without_screenshot_passes(tmp_path: Path) -> None:
    steps = [_step(0), _step(1, status="not_run", screenshot=None, scroll_y=None, text="")]
    assert check_output(_write(tmp_path, _result(steps=steps)), JUDGE)


@pytest.mark.parametrize(
    ("data", "where", "problem"),
    [
        ("[1, 2", "result.json", "is not JSON"),
        ('{"status": NaN}', "result.json", "is not JSON"),
        ("[" * 100_000 + "]" * 100_000, "result.json", "is not JSON"),
        ([], "result", "must be an object"),
        (_result(status="excellent"), "status", "is not one of"),
        (_result(status=None), "status", "must be a string"),
        (_result(reason="x" * 20_000), "reason", "over the cap"),
        (_result(steps={"0": {}}), "steps", "must be a list"),
        (_result(steps=["ok"]), "steps[0]", "must be an object"),
        (_result(steps=[{"status": "ok"}]), "steps[0].index", "is missing"),
        (_result(steps=[_step(0, index=True)]), "steps[0].index", "must be an integer"),
        (_result(steps=[_step(0, index=-1)]), "steps[0].index", "out of range"),
        (_result(steps=[_step(0), _step(0)]), "steps[1].index", "reported twice"),
        (_result(steps=[_step(0, status="passed")]), "steps[0].status", "is not one of"),
        (_result(steps=[_step(0, screenshot="../../etc/passwd")]), "steps[0].screenshot", "plain"),
        (_result(steps=[_step(0, screenshot="/etc/passwd")]), "steps[0].screenshot", "plain"),
        (_result(steps=[_step(0, screenshot="step_9.png")]), "steps[0].screenshot", "not a file"),
        (_result(steps=[_step(0, screenshot=7)]), "steps[0].screenshot", "must be a string"),
        (_result(steps=[_step(0, text=["a"])]), "steps[0].text", "must be a string"),
        (_result(steps=[_step(0, text="x" * 100_001)]), "steps[0].text", "over the cap"),
        (_result(steps=[_step(0, seconds="1")]), "steps[0].seconds", "must be a number"),
        (_result(steps=[_step(0, seconds=-1)]), "steps[0].seconds", "out of range"),
        (_result(steps=[_step(0, scroll_y=False)]), "steps[0].scroll_y", "must be a number"),
        (_result(steps=[_step(1, type="hack")]), "steps[0].type", "is not one of"),
        (_result(steps=[_step(1, target="#go")]), "steps[0].target", "must be an object"),
        (_result(steps=[_step(1, target={"box": "x"})]), "steps[0].target.box", "must be a list"),
        (
            _result(steps=[_step(1, target={"point": [1, "y"]})]),
            "steps[0].target.point[1]",
            "must be a number",
        ),
        (
            _result(steps=[_step(1, target={"point": [1, 2, 3]})]),
            "steps[0].target.point",
            "over the cap",
        ),
        (
            _result(steps=[_step(1, target={"scroll": [0, "y"]})]),
            "steps[0].target.scroll[1]",
            "must be a number",
        ),
        (
            _result(steps=[_step(1, target={"scroll": [0, 1e12]})]),
            "steps[0].target.scroll[1]",
            "out of range",
        ),
        (_result(browser={"chromium_sandbox": "yes"}), "browser.chromium_sandbox", "true or false"),
        (_result(viewport={"width": 0, "height": 800}), "viewport.width", "out of range"),
        (_result(frames=[{"file": "../x", "t": 0, "step": 0}]), "frames[0].file", "frames/"),
        # The elements' states after an action (runner/states.py), which scoring reads.
        (_result(steps=[_step(1, states={"of": "x"})]), "steps[0].states", "must be a list"),
        (_result(steps=[_step(1, states=[{}] * 40)]), "steps[0].states", "over the cap"),
        (
            _result(steps=[_step(1, states=[{"struck": "yes"}])]),
            "steps[0].states[0].struck",
            "true",
        ),
        (_result(steps=[_step(1, states=[{"of": "x" * 500}])]), "steps[0].states[0].of", "cap"),
        (
            _result(steps=[_step(1, states=[{"current": 1}])]),
            "steps[0].states[0].current",
            "string",
        ),
    ],
)
def test_violations_are_named(tmp_path: Path, data: Any, where: str, problem: str) -> None:
    message = _problem(_write(tmp_path, data))
    assert f": {where}: " in message, message
    assert problem in message, message


def test_a_screenshot_must_be_a_plausible_png_under_its_steps_name(tmp_path: Path) -> None:
    shots = ("step_0.png", "step_1.png", "ref_step_0.png")
    forged = _result(steps=[_step(0, screenshot="ref_step_0.png"), _step(1)])
    assert "'ref_step_0.png' is not 'step_0.png'" in _problem(_write(tmp_path, forged, shots=shots))
    out = _write(tmp_path, _result())
    (out / "step_0.png").write_bytes(b"GIF89a" + b"\0" * 30)
    assert "steps[0].screenshot: is not a PNG image" in _problem(out)
    (out / "step_0.png").write_bytes(_png_header(100_000, 100_000))  # a decompression bomb
    assert "is 100000x100000 pixels" in _problem(out)


def test_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verify, "MAX_RESULT_BYTES", 1000)
    message = _problem(_write(tmp_path, _result(reason="x" * 2000)))
    assert "result.json: is " in message and "over the cap of 1000" in message


def test_a_screenshot_that_is_a_symlink_is_refused(tmp_path: Path) -> None:
    out = _write(tmp_path, _result(), shots=("step_1.png",))
    os.symlink("/etc/passwd", out / "step_0.png")
    assert "not a file in the output" in _problem(out)


def test_probe_results_are_checked_loosely(tmp_path: Path) -> None:
    probe = {"mode": "probe"}
    assert check_output(_write(tmp_path / "a", {"status": "ok", "reason": "", "uid": 1}), probe)
    assert "cgroup" in _problem(_write(tmp_path / "b", {"status": "ok", "cgroup": [1]}), probe)


def test_batch_pages_are_checked_each(tmp_path: Path) -> None:
    job = {**JUDGE, "pages": ["p1", "p2"]}
    top = {"status": "ok", "reason": "", "pages": {"p1": {"status": "ok", "seconds": 1.0}}}
    _write(tmp_path, top, shots=())
    _write(tmp_path / "p1", _result())
    assert check_output(tmp_path, job)
    _write(tmp_path / "p2", _result(steps=[_step(0, screenshot="../p1/step_0.png")]))
    assert "p2/result.json steps[0].screenshot" in _problem(tmp_path, job)
    forged = {**top, "pages": {"p3": {"status": "ok", "seconds": 1.0}}}
    _write(tmp_path, forged, shots=())
    assert "not a page of the job" in _problem(tmp_path, job)
    timed = {"status": "ok", "seconds": 1.0, "start_s": 0.4, "quit_s": 0.1}
    _write(tmp_path / "p2", _result())
    _write(tmp_path, {**top, "pages": {"p1": timed}}, shots=())
    assert check_output(tmp_path, job)
    _write(tmp_path, {**top, "pages": {"p1": {**timed, "quit_s": "slow"}}}, shots=())
    assert "pages.p1.quit_s" in _problem(tmp_path, job)


def test_click_point_and_frame_scroll_position_pass(tmp_path: Path) -> None:
    step = _step(1)
    step["target"]["point"] = [2, 4]
    step["target"]["scroll"] = [-3, 412.5]
    data = _result(
        steps=[_step(0), step],
        frames=[{"file": "frames/000000.png", "t": 0.0, "step": 0, "scroll_y": 12.5}],
    )
    out = _write(tmp_path, data)
    (out / "frames").mkdir()
    (out / "frames" / "000000.png").write_bytes(b"png")
    check_output(out, {"mode": "record", "actions": [{"type": "click"}]})
    data["frames"][0]["scroll_y"] = "far"
    _write(tmp_path, data)
    with pytest.raises(InvalidResult, match="scroll_y"):
        check_output(out, {"mode": "record", "actions": [{"type": "click"}]})


def test_kept_texts_with_boxes_pass_and_forged_ones_do_not(tmp_path: Path) -> None:
    lines = [["Stoneware mug", 100, 262, 120, 18], ["3", 540.5, 263, 9, 18]]
    steps = [_step(0), _step(1, lines=lines)]
    assert check_output(_write(tmp_path / "ok", _result(steps=steps)), JUDGE)
    for bad, problem in [
        ([["3", 1, 2, 3]], "must be [text, x, y, w, h]"),
        ([[3, 1, 2, 3, 4]], "must be a string"),
        ([["3", 1, 2, "w", 4]], "must be a number"),
        ("3 by mug", "must be a list"),
    ]:
        out = _write(
            tmp_path / problem[:8].replace(" ", "_"), _result(steps=[_step(0), _step(1, lines=bad)])
        )
        assert problem in _problem(out), problem
