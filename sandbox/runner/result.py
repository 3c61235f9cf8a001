"""result.json, written atomically and rewritten as the run progresses."""

from __future__ import annotations

import json
import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import RESULT_NAME

if TYPE_CHECKING:  # record.py imports StepStatus from here
    from .record import Step


class RunnerStatus(StrEnum):
    """The runner's verdict on a whole job (result.json's ``status``)."""

    RUNNING = "running"  # not finished: the runner stopped (or is still going)
    OK = "ok"
    PAGE_ERROR = "page_error"  # the page could not be loaded
    BROWSER_ERROR = "browser_error"  # the browser did not start: says nothing of the page
    JOB_ERROR = "job_error"  # the job description was unusable
    RUNNER_ERROR = "runner_error"  # the runner itself failed


class StepStatus(StrEnum):
    """How one step (the load, or one action) ended."""

    OK = "ok"
    TARGET_NOT_FOUND = "target_not_found"
    ACTION_FAILED = "action_failed"
    TIMEOUT = "timeout"
    NAVIGATED_AWAY = "navigated_away"
    CRASHED = "crashed"
    NOT_RUN = "not_run"


class ResultFile:
    """The run's result record; ``status`` stays ``running`` until ``finish`` is called.

    ``steps`` are the replay's records, written as ``data["steps"]`` (``Step.to_json``).
    """

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / RESULT_NAME
        self.steps: list[Step] = []
        self.data: dict[str, Any] = {
            "status": RunnerStatus.RUNNING,
            "reason": "the runner stopped before it finished",
            "browser": None,
            "viewport": None,
            "steps": [],
            "frames": [],
        }

    def write(self) -> None:
        # Write then rename, so a kill mid-write never leaves half a JSON document.
        tmp = self.path.with_name(self.path.name + ".tmp")
        doc = dict(self.data)
        if "steps" in doc:  # in place, so the keys keep their order
            doc["steps"] = [step.to_json() for step in self.steps]
        tmp.write_text(json.dumps(doc, indent=1, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)

    def finish(self, status: RunnerStatus, reason: str) -> None:
        self.data["status"] = status
        self.data["reason"] = reason
        self.write()
