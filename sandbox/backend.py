"""Where a page runs: one small interface every sandbox backend implements.

A backend takes a job and a page folder, runs them in a sandbox somewhere and leaves the
checked output in ``out_dir`` (``sandbox.verify`` has passed it on this machine, whatever
machine ran it); it says how many pages it judges at once (``slots``) and is closed when the
run ends. The judge and the run orchestration see only this interface:

- ``ColdBackend``: a fresh container per page on this machine's engine (``sandbox.cold``);
- ``sandbox.pool.SandboxPool``: pre-started containers on this machine's engine;
- ``sandbox.cluster.backend.RayBackend``: sandbox slots on the machines of a Ray cluster.

``sandbox.backends`` names them (``--sandboxes``); ``tests/sandbox/test_backend_conformance.py``
is the suite every backend passes.
"""

from __future__ import annotations

import abc
import socket
from pathlib import Path

from .cold import run_job
from .image import IMAGE_TAG
from .records import Limits, SandboxRun

__all__ = ["ColdBackend", "SandboxBackend"]


class SandboxBackend(abc.ABC):
    """Runs sandbox jobs somewhere; thread-safe: ``slots`` callers may run jobs at once."""

    #: The name ``--sandboxes`` knows it by (``sandbox.backends.BACKENDS``).
    name: str = ""

    @property
    @abc.abstractmethod
    def slots(self) -> int:
        """Pages it judges at once (a run's default number of workers)."""

    @abc.abstractmethod
    def run_job(
        self,
        job: dict,
        page_dir: Path | None,
        out_dir: Path,
        *,
        limits: Limits | None = None,
    ) -> SandboxRun:
        """Run ``job`` on the page in ``page_dir``; the checked output lands in ``out_dir``.

        ``SandboxRun.node`` and ``slot`` say where it ran.

        Raises:
            SandboxUnavailable: nothing could run it (an infrastructure fault, never a bad
                page).
            ValueError: the job is not JSON-serialisable or the page folder holds links.
        """

    def close(self) -> None:  # noqa: B027 (a backend with nothing to release keeps this)
        """Release what the backend holds (containers, cluster actors); idempotent."""

    def describe(self) -> dict[str, object]:
        """What a run records about where its pages ran."""
        return {"backend": self.name, "slots": self.slots}

    def __enter__(self) -> SandboxBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ColdBackend(SandboxBackend):
    """A fresh container per page on this machine's engine, ``slots`` at once."""

    name = "cold"

    def __init__(
        self, slots: int = 1, *, image: str = IMAGE_TAG, limits: Limits | None = None
    ) -> None:
        self._slots = max(1, slots)
        self.image = image
        self.limits = limits or Limits()

    @property
    def slots(self) -> int:
        return self._slots

    def run_job(
        self,
        job: dict,
        page_dir: Path | None,
        out_dir: Path,
        *,
        limits: Limits | None = None,
    ) -> SandboxRun:
        run = run_job(job, page_dir, out_dir, image=self.image, limits=limits or self.limits)
        run.node = run.node or socket.gethostname()
        return run
