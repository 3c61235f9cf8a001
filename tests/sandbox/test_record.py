"""The runner's Step record writes the JSON that plain step dicts wrote, byte for byte, and
reads back every trace written before it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sandbox.runner.record import Step
from sandbox.runner.result import ResultFile, RunnerStatus, StepStatus

REPO = Path(__file__).resolve().parents[2]
TRACES = sorted(REPO.glob("tasks/*/checkpoints/reference_trace.json"))

# The dicts the runner wrote before the record (steps.py and replay.py, verbatim).
OLD_STEP0 = {
    "index": 0,
    "status": StepStatus.OK,
    "reason": "",
    "screenshot": None,
    "text": "",
    "scroll_y": None,
    "seconds": 0.0,
    "settle_seconds": None,
    "timing": {},
}
OLD_ACTION = {
    "index": 2,
    "type": "click",
    "status": StepStatus.OK,
    "reason": "",
    "target": None,
    "screenshot": None,
    "text": "",
    "scroll_y": None,
    "seconds": 0.0,
    "settle_seconds": None,
    "timing": {},
}


def _dumps(value: object) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False)


def test_there_are_traces_to_read() -> None:
    assert len(TRACES) >= 10


@pytest.mark.parametrize("path", TRACES, ids=lambda p: p.parent.parent.name)
def test_every_bundled_trace_reads_back_to_the_same_bytes(path: Path) -> None:
    steps = json.loads(path.read_text(encoding="utf-8"))
    again = [Step.from_json(s).to_json() for s in steps]
    assert _dumps(again) == _dumps(steps)


def test_fresh_steps_are_the_old_dicts() -> None:
    assert _dumps(Step.load().to_json()) == _dumps(OLD_STEP0)
    assert _dumps(Step.action(2, "click").to_json()) == _dumps(OLD_ACTION)
    not_run = {**OLD_ACTION, "status": StepStatus.NOT_RUN, "reason": "an earlier step failed"}
    assert _dumps(Step.not_run(2, "click").to_json()) == _dumps(not_run)


def test_observed_evidence_lands_where_dict_updates_put_it() -> None:
    old = dict(OLD_ACTION)
    old["target"] = {"tag": "button", "found_by": "text"}
    old.update(
        {
            "elements": [{"n": 1}],
            "screenshot": "step_2.png",
            "text": "Hello",
            "painted": {"covered": []},
            "scroll_y": 40,
            "settle_seconds": 0.2,
            "settled": True,
            "settle_captures": 3,
        }
    )
    old["probes"] = [{"kind": "inert", "screenshot": "probe_2_inert.png"}]
    old["probe_before"] = "probe_2_before.png"
    step = Step.action(2, "click")
    step.target = {"tag": "button", "found_by": "text"}
    step.screenshot, step.text, step.scroll_y = "step_2.png", "Hello", 40
    step.settle_seconds, step.settled, step.settle_captures = 0.2, True, 3
    step.elements, step.painted = [{"n": 1}], {"covered": []}
    step.probes = [{"kind": "inert", "screenshot": "probe_2_inert.png"}]
    step.probe_before = "probe_2_before.png"
    assert _dumps(step.to_json()) == _dumps(old)
    assert Step.from_json(old) == step


def test_unknown_keys_are_kept_and_bad_steps_refused() -> None:
    data = {**OLD_ACTION, "from_a_newer_runner": [1, 2]}
    step = Step.from_json(data)
    assert step.extra == {"from_a_newer_runner": [1, 2]}
    assert _dumps(step.to_json()) == _dumps(data)
    with pytest.raises(ValueError, match="index"):
        Step.from_json({"status": "ok"})
    with pytest.raises(ValueError):
        Step.from_json({"index": 1, "status": "won"})


def test_result_file_writes_the_steps_in_place(tmp_path: Path) -> None:
    result = ResultFile(tmp_path)
    result.steps.append(Step.load())
    result.finish(RunnerStatus.OK, "")
    written = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert list(written) == ["status", "reason", "browser", "viewport", "steps", "frames"]
    assert written["steps"] == [json.loads(_dumps(OLD_STEP0))]
    # A probe job's result has no steps at all, and gets none.
    result.data = {"status": RunnerStatus.RUNNING, "reason": ""}
    result.finish(RunnerStatus.OK, "")
    assert "steps" not in json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))


class _FakeCdp:
    """Just what one action step reads after acting (a pure unit test: no browser)."""

    class driver:  # noqa: N801 (stands for the WebDriver attribute)
        window_handles = ["home"]
        current_url = "http://127.0.0.1:8000/index.html"

    def screenshot(self) -> bytes:
        return b"png"

    def evaluate(self, script: str) -> str:
        return "page text"

    def scroll_y(self) -> float:
        return 12.0


class _Frames:
    enabled = False

    def grab(self, index: int) -> None:
        pass


def test_an_action_step_is_written_as_the_runner_wrote_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sandbox.runner import steps
    from sandbox.runner.job import parse_job
    from sandbox.runner.locate import TargetNotFound
    from sandbox.runner.settle import Settled

    job = parse_job({"mode": "judge", "elements": True, "actions": [{"type": "click"}]})
    monkeypatch.setattr(
        steps, "wait_quiet", lambda cdp, fixed_s, during=None: Settled(None, 0.1, True, 2)
    )
    monkeypatch.setattr(steps, "png_size", lambda png: (job.width, job.height))
    monkeypatch.setattr(steps, "painted", lambda cdp: {"covered": []})
    monkeypatch.setattr(steps, "snapshot", lambda cdp: [{"n": 1}])
    monkeypatch.setattr(steps, "states", lambda cdp, words, target: [{"of": "x"}])

    def not_found(*args: object) -> None:
        raise TargetNotFound("no element with text 'Go'")

    monkeypatch.setattr(steps, "find_target", not_found)
    origin = "http://127.0.0.1:8000"
    step = steps._run_action(_FakeCdp(), job, 1, _Frames(), tmp_path, "home", origin)  # type: ignore[arg-type]
    written = step.to_json()
    # The old dict, updated with the observation as steps.py did: new keys in update order.
    assert list(written) == [
        *OLD_ACTION,
        "elements",
        "painted",
        "states",
        "settled",
        "settle_captures",
    ]
    assert written["status"] == StepStatus.TARGET_NOT_FOUND and written["target"] is None
    assert (written["screenshot"], written["text"], written["scroll_y"]) == (
        "step_1.png",
        "page text",
        12.0,
    )
    assert list(written["timing"]) == ["settle", "capture", "painted", "elements", "states"]
    assert (tmp_path / "step_1.png").read_bytes() == b"png"
