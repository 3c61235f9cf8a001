"""What produced a run, recorded in ``results.json`` as ``provenance``, and the part of it that
changes a score (the resume key).

A number is only comparable with another when both were produced the same way. So every run
records the evaluator (version and commit), the sandbox image and the browser in it, the
judging profile and judge model, the metric version, and a content hash of the task set.
Resuming a run folder with settings that change a score would average two judgings into one
number: :func:`score_differences` says which settings differ, and the run refuses to resume
(``--rejudge`` judges every stored page again under the new settings; ``--run-id`` starts a
new run).
"""

from __future__ import annotations

import configparser
import dataclasses
import functools
import hashlib
import json
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaluator.scoring.metrics import METRIC_NAME
from evaluator.tasks.task import Task

REPO_ROOT = Path(__file__).resolve().parents[2]
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Provenance:
    """What produced a run. Empty ``judge_model``: no judge model (the offline profile);
    ``image_id``/``browser_version`` ``"unknown"``: judged without asking the sandbox (pure
    tests with a stand-in judge)."""

    evaluator_version: str
    evaluator_commit: str
    image_id: str
    browser_version: str
    profile: str
    judge_model: str
    metric_version: str
    tasks_sha256: str
    # The profile's settings that change a score ("second tries 3"), from
    # evaluator.judging.profiles.judging_settings; "" where a profile has none.
    judging: str = ""

    # The settings that change a score, so a resumed run must have the same ones. The
    # evaluator's version and commit are recorded, not compared: a scoring change bumps
    # metric_version, and a resume across a code update that does not change scores is fine.
    SCORE_KEYS = (
        "image_id",
        "browser_version",
        "profile",
        "judge_model",
        "metric_version",
        "tasks_sha256",
        "judging",
    )

    def to_json(self) -> dict[str, str]:
        return dataclasses.asdict(self)

    def score_key(self) -> dict[str, str]:
        """The settings that change a score, by name."""
        return {k: getattr(self, k) for k in self.SCORE_KEYS}


def score_differences(stored: Mapping[str, Any] | None, current: Provenance) -> list[str]:
    """How ``current`` differs from a run's stored ``provenance`` in what changes a score,
    one phrase per setting (``judge_model: 'a' in the run folder, 'b' now``); empty when the
    run may resume. A run recorded without provenance differs in everything: its settings
    are unknown."""
    if not isinstance(stored, Mapping):
        return ["provenance: none recorded in the run folder (made by an older evaluator)"]
    return [
        f"{key}: {stored.get(key)!r} in the run folder, {value!r} now"
        for key, value in current.score_key().items()
        if stored.get(key) != value
    ]


def collect(
    tasks: Sequence[Task],
    *,
    profile: str,
    judge_model: str = "",
    image_id: str = UNKNOWN,
    browser_version: str = UNKNOWN,
    judging: str | None = None,
) -> Provenance:
    """The provenance of a run over ``tasks``; the sandbox facts come from the caller (the
    CLI asks the image once per run, see :func:`sandbox_facts`). ``judging``: the
    profile's settings that change a score; None: the profile's defaults."""
    if judging is None:
        from evaluator.judging.retries import judging_settings

        judging = judging_settings(profile, None)
    return Provenance(
        evaluator_version=evaluator_version(),
        evaluator_commit=evaluator_commit(),
        image_id=image_id,
        browser_version=browser_version,
        profile=profile,
        judge_model=judge_model,
        metric_version=METRIC_NAME,
        tasks_sha256=tasks_sha256(tasks),
        judging=judging,
    )


def sandbox_facts(browser: str) -> tuple[str, str]:
    """``(image_id, browser_version)`` of the image this checkout judges with.

    Raises:
        sandbox.errors.ImageBuildError: no image for this runner, or it cannot say its version.
        sandbox.errors.SandboxUnavailable: the Docker engine is unreachable.
    """
    from sandbox.image import browser_version, current_image_id

    image_id = current_image_id()
    return image_id, browser_version(image_id, browser)


@functools.cache
def evaluator_version() -> str:
    """The version in setup.cfg beside this source (what a checkout runs), else the installed
    distribution's, else "unknown"."""
    parser = configparser.ConfigParser()
    try:
        parser.read(REPO_ROOT / "setup.cfg", encoding="utf-8")
        return parser["metadata"]["version"]
    except (KeyError, configparser.Error):
        pass
    from importlib import metadata

    try:
        return metadata.version("iwr-bench")
    except metadata.PackageNotFoundError:
        return UNKNOWN


@functools.cache
def evaluator_commit() -> str:
    """The git commit of this source, ``-dirty`` when tracked files differ from it; "unknown"
    outside a git checkout."""
    # Only this source's own checkout: an installed copy may sit inside another repository
    # (a virtual environment in a clone), whose commit says nothing about this code.
    if not (REPO_ROOT / ".git").exists():
        return UNKNOWN
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "describe", "--always", "--dirty", "--abbrev=40"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return UNKNOWN
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else UNKNOWN


def tasks_sha256(tasks: Iterable[Task]) -> str:
    """SHA-256 over the task set's content, in id order: every field of each task (actions,
    expectations, viewport, ...) and the bytes of every file in its folder and of any other
    file it names, never where the folder is on disk. Two copies of the same tasks hash the
    same; any changed byte or field changes it."""
    digest = hashlib.sha256()
    for task in sorted(tasks, key=lambda t: t.id):
        fields = dataclasses.asdict(task)
        plain: dict[str, Any] = {}
        outside: dict[str, Path] = {}
        for key, value in fields.items():
            if key == "root":
                continue
            if isinstance(value, Path):
                # A path inside the task folder is covered by hashing the folder: keep only
                # where it sits in it. One outside it is hashed by content.
                if value.is_relative_to(task.root):
                    plain[key] = value.relative_to(task.root).as_posix()
                else:
                    outside[key] = value
            else:
                plain[key] = value
        digest.update(json.dumps(plain, sort_keys=True, default=str).encode())
        _hash_path(digest, task.root)
        for key in sorted(outside):
            digest.update(f"\0{key}\0".encode())
            _hash_path(digest, outside[key])
    return digest.hexdigest()


def _hash_path(digest: Any, path: Path) -> None:
    """A file's bytes, a folder's files by relative name (sorted), or a marker if absent."""
    if path.is_file():
        digest.update(b"f\0" + _file_sha256(path))
    elif path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            rel = child.relative_to(path).as_posix()
            digest.update(f"d\0{rel}\0".encode() + _file_sha256(child))
    else:
        digest.update(b"-\0")


def _file_sha256(path: Path) -> bytes:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").digest()


# What must agree for two runs' scores to sit side by side: how their pages were judged.
# (The image id is left out: a rebuild of the same sources has another id, and what in it
# changes a score, the browser, is compared by version.)
JUDGING_KEYS = ("profile", "judge_model", "metric_version", "browser_version")


def judged_differently(runs: Sequence[tuple[str, Mapping[str, Any] | None]]) -> list[str]:
    """Why runs ``(name, provenance)`` were not judged the same way, one line per setting
    that differs (``judge_model: 'a' (run-1); 'b' (run-2, run-3)``); empty when they were. A
    run with no provenance (an older evaluator) cannot be shown to agree, so it is named."""
    lines = [
        f"{name}: records no provenance (made before results.json schema 2)"
        for name, prov in runs
        if not isinstance(prov, Mapping)
    ]
    known = [(name, prov) for name, prov in runs if isinstance(prov, Mapping)]
    for key in JUDGING_KEYS:
        groups: dict[str, list[str]] = {}
        for name, prov in known:
            groups.setdefault(repr(prov.get(key, "")), []).append(name)
        if len(groups) > 1:
            lines.append(
                f"{key}: "
                + "; ".join(f"{value} ({', '.join(names)})" for value, names in groups.items())
            )
    return lines
