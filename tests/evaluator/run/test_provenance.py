"""What a run records about what produced it, and which differences stop a resume."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from evaluator.run.provenance import Provenance, collect, score_differences, tasks_sha256
from evaluator.tasks.loader import load_tasks
from tests.evaluator.conftest import TASK, write_task


def test_the_task_hash_follows_content_not_location(tmp_path: Path) -> None:
    write_task(tmp_path / "a")
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    first = tasks_sha256(load_tasks(tmp_path / "a"))
    assert first == tasks_sha256(load_tasks(tmp_path / "b"))
    assert len(first) == 64

    # One byte of a checkpoint.
    shot = tmp_path / "b" / "mini" / "checkpoints" / "step_1.png"
    shot.write_bytes(shot.read_bytes() + b"\0")
    assert tasks_sha256(load_tasks(tmp_path / "b")) != first

    # One expectation of an action (a hidden part: the bundle would not change).
    changed = json.loads(json.dumps(TASK))
    changed["actions"][0]["expect"]["text_present"] = ["2 items"]
    write_task(tmp_path / "c", changed)
    assert tasks_sha256(load_tasks(tmp_path / "c")) != first


def test_collect_records_every_key(tmp_path: Path) -> None:
    write_task(tmp_path)
    got = collect(
        load_tasks(tmp_path),
        profile="paper",
        judge_model="judge-x",
        image_id="sha256:abc",
        browser_version="headless-shell 1.2",
    ).to_json()
    assert set(got) == {
        "evaluator_version",
        "evaluator_commit",
        "image_id",
        "browser_version",
        "profile",
        "judge_model",
        "metric_version",
        "tasks_sha256",
        "judging",
    }
    assert got["judge_model"] == "judge-x" and got["profile"] == "paper"
    # The paper profile has no setting of its own that changes scores; offline's second
    # tries are one (evaluator.judging.retries).
    assert got["judging"] == ""
    assert collect(load_tasks(tmp_path), profile="offline").judging == "second tries 3"
    assert got["evaluator_version"] != "unknown"
    assert got["evaluator_commit"] != "unknown"  # the tests run from a git checkout


def _prov(**changes: str) -> Provenance:
    base = dict(
        evaluator_version="0.1.0",
        evaluator_commit="abc",
        image_id="sha256:1",
        browser_version="headless-shell 1",
        profile="paper",
        judge_model="judge-a",
        metric_version="m1",
        tasks_sha256="0" * 64,
    )
    return Provenance(**{**base, **changes})


def test_score_differences_name_each_setting() -> None:
    stored = _prov().to_json()
    assert score_differences(stored, _prov()) == []
    # The evaluator's commit is recorded, not compared.
    assert score_differences(stored, _prov(evaluator_commit="def")) == []
    found = score_differences(stored, _prov(judge_model="judge-b", browser_version="chromium 1"))
    assert found == [
        "browser_version: 'headless-shell 1' in the run folder, 'chromium 1' now",
        "judge_model: 'judge-a' in the run folder, 'judge-b' now",
    ]
    assert score_differences(None, _prov()) == [
        "provenance: none recorded in the run folder (made by an older evaluator)"
    ]
