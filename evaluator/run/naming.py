"""What a run is called: its id, resumable or new, and the time stamps it records."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from evaluator.judging.judge import OFFLINE_PROFILE
from evaluator.scoring.metrics import METRIC_NAME

PROFILE = OFFLINE_PROFILE
METRIC = METRIC_NAME


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:80] or "run"


def new_run_id(model: str, out_root: Path) -> str:
    """Sortable and readable: UTC time plus the model's name; never an existing folder."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    base = f"{stamp}-{slug(model)}"
    run_id, n = base, 1
    while (out_root / run_id).exists():
        n += 1
        run_id = f"{base}-{n}"
    return run_id


def resume_run_id(model: str, task_ids: Sequence[str], profile: str = PROFILE) -> str:
    """The same id for the same model and task set, so re-running a command resumes it.

    ``<model slug>-<12 hex digits>``: a hash of the model label, the judging profile and
    the sorted task ids. The order of ``--task`` options does not matter.
    """
    key = "\0".join([model, profile, *sorted(task_ids)])
    return f"{slug(model)}-{hashlib.sha256(key.encode()).hexdigest()[:12]}"


def judge_run_id(name: str, pages_dir: Path, task_ids: Sequence[str], profile: str) -> str:
    """The same id for the same pages folder, name, profile and task set, so re-running an
    ``iwr judge`` command resumes it: ``<name slug>-<12 hex digits>``. The folder is part of
    the key (as its absolute path), so two folders judged under one name never share a run."""
    key = "\0".join(["judge", name, str(pages_dir.resolve()), profile, *sorted(task_ids)])
    return f"{slug(name)}-{hashlib.sha256(key.encode()).hexdigest()[:12]}"
