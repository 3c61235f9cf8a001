"""From the sandbox's output to the run folder: only the files the host expects.

The sandbox's output is fetched into a staging folder beside the run folder (same file
system, so admitting a file is a rename), checked there (``sandbox.archive`` refuses links and
special files, ``sandbox.verify`` the runner's result), and only then are the step screenshots
the verified result names moved into the task's run folder. Anything else the runner left
(a directory called ``trace.json``, a planted ``ref_step_0.png`` or ``diff_step_0.png``, extra
files) stays in staging, is listed in the task's ``judge.ignored_output`` and is deleted with
it. So a runner taken over by a page can never write a name the run uses for its own
records (the trace, the reference checkpoints, the difference images, the page itself).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sandbox.runner.record import Step
from sandbox.verify import screenshot_name, step_screenshots

# How many ignored names a result lists (the count is always given).
MAX_IGNORED_LISTED = 20


class OutputRefused(ValueError):
    """A verified output could not be admitted (a name in the run folder is taken by
    something that is not a regular file): the task is ``crashed``, the run goes on."""


@dataclass
class Admitted:
    """What came into the run folder, and what was left behind."""

    files: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def report(self) -> dict[str, Any]:
        """The ``judge`` facts of the task: ignored names (at most MAX_IGNORED_LISTED)."""
        if not self.ignored:
            return {}
        return {
            "ignored_output": self.ignored[:MAX_IGNORED_LISTED],
            "ignored_output_count": len(self.ignored),
        }


@contextmanager
def staging_folder(out_dir: Path) -> Iterator[Path]:
    """A fresh folder beside ``out_dir`` for the sandbox's output, removed afterwards."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{out_dir.name}-", dir=out_dir.parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _listing(staging: Path) -> list[str]:
    """Every name under ``staging`` (folders as ``name/``), without following links."""
    names = []
    for root, dirs, files in os.walk(staging):
        rel = Path(root).relative_to(staging)
        names += [(rel / d).as_posix() + "/" for d in dirs]
        names += [(rel / f).as_posix() for f in files]
    return sorted(names)


def runner_steps(runner: Mapping[str, Any]) -> list[Step]:
    """The step records of a verified ``result.json`` (``runner``; an empty one has none).

    Raises:
        OutputRefused: ``steps`` is not a list of step records.
    """
    raw = runner.get("steps") or []
    if not isinstance(raw, list):
        raise OutputRefused(f"steps is a {type(raw).__name__}, not a list")
    try:
        return [Step.from_json(step) for step in raw]
    except (ValueError, TypeError, AttributeError) as exc:
        raise OutputRefused(f"a step is not a runner step: {str(exc)[:200]}") from None


def admit_output(
    staging: Path, out_dir: Path, steps: Sequence[Step], consumed: Sequence[str] = ()
) -> Admitted:
    """Move each step's screenshots (its runner names: ``step_<index>.png`` and its probes'
    ``probe_<index>_<kind>.png``) from ``staging`` into ``out_dir``; everything else is left
    and reported, except ``consumed`` names the host has already read (result.json).

    ``steps`` must come from a result that passed ``sandbox.verify`` (which also holds each
    screenshot to its step's name and to a regular file; :func:`runner_steps`).

    Raises:
        OutputRefused: a screenshot is not its step's, not a regular file in staging, or
            its place in the run folder holds something other than a regular file.
    """
    admitted = Admitted()
    expected: set[str] = set()
    for step in steps:
        name = step.screenshot
        if name and name != screenshot_name(step.index):
            raise OutputRefused(f"screenshot {str(name)[:80]!r} is not step {step.index}'s")
        for name in step_screenshots(step):
            _check_admissible(staging, out_dir, name)
            expected.add(name)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in sorted(expected):
        os.replace(staging / name, out_dir / name)
        admitted.files.append(name)
    admitted.ignored = [n for n in _listing(staging) if n not in set(consumed)]
    return admitted


def _check_admissible(staging: Path, out_dir: Path, name: str) -> None:
    """``name`` is a regular file in staging, and its place in the run folder is free or a
    regular file.

    Raises:
        OutputRefused: either is not so.
    """
    if "/" in name or name.startswith("."):
        raise OutputRefused(f"screenshot {name[:80]!r} is not a plain file name")
    source, target = staging / name, out_dir / name
    if source.is_symlink() or not source.is_file():
        raise OutputRefused(f"screenshot {name!r} is not a regular file")
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise OutputRefused(f"{name!r} in the run folder is not a regular file")
