"""What the CLI records as a run's provenance: the judge model and its settings file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import evaluator.run.provenance as provenance
from evaluator.cli.common import run_provenance
from tests.evaluator.conftest import write_task


def test_judge_model_and_its_settings_are_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evaluator.tasks.loader import load_tasks

    # The image is asked in tests/sandbox/test_image_facts.py; here only what the CLI adds.
    monkeypatch.setattr(
        provenance, "sandbox_facts", lambda browser: ("sha256:img", f"{browser} 1.0-1")
    )
    tasks = load_tasks(write_task(tmp_path / "tasks").parent)
    offline = run_provenance(tasks, "offline", None)
    assert offline.judge_model == "" and offline.browser_version == "headless-shell 1.0-1"

    config = tmp_path / "judge.toml"
    config.write_text("[default]\ntemperature = 0.0\n")
    digest = hashlib.sha256(config.read_bytes()).hexdigest()[:12]
    paper = run_provenance(
        tasks, "paper", "chromium", "openai+http://127.0.0.1:9/v1", "judge-x", config
    )
    assert paper.judge_model == f"judge-x (judge config sha256 {digest})"
    assert paper.browser_version == "chromium 1.0-1"
    assert paper.image_id == "sha256:img"
