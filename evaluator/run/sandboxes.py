"""Where pages are judged: the sandboxes bound to the judge, and the order pages go in."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
from collections.abc import Iterator, Sequence
from typing import Any

from evaluator.judging.judge import PageJudge
from evaluator.run.options import RunOptions
from evaluator.tasks.task import Task
from sandbox.backend import SandboxBackend
from sandbox.backends import BackendOptions, open_backend
from sandbox.launcher import Limits
from sandbox.runner.config import DEFAULT_BROWSER

log = logging.getLogger(__name__)


# Pages judged at once by default: one per core (each sandbox gets one CPU), at most 4.
DEFAULT_WORKERS = max(1, min(os.cpu_count() or 1, 4))


@contextlib.contextmanager
def judge_in_sandboxes(options: RunOptions, pages: int) -> Iterator[PageJudge]:
    """``options.judge`` with the sandboxes it judges in bound: a pool of ``workers + 1``
    pre-started sandboxes with the browser up (at most ``pages`` started in all) when
    ``options.pool`` is True, removed again when the run ends; a ``SandboxBackend`` given
    there (``sandbox.backend``), used as it is and left open (its owner started it earlier,
    while models generate say, and closes it); nothing when False (a fresh container per page). The
    browser is bound when one was asked for."""
    chosen: dict[str, Any] = {"browser": options.browser} if options.browser is not None else {}
    judge = options.judge
    if isinstance(options.pool, SandboxBackend):
        yield functools.partial(judge, sandboxes=options.pool, **chosen)
        return
    if not options.pool or pages < 1:
        yield functools.partial(judge, **chosen) if chosen else judge
        return
    backend = open_backend(
        "pool",
        BackendOptions(
            slots=max(1, options.workers),
            limits=options.limits or Limits(),
            browser=options.browser or DEFAULT_BROWSER,
            pages=pages,
        ),
    )
    try:
        yield functools.partial(judge, sandboxes=backend, **chosen)
    finally:
        backend.close()
        log.info("sandboxes: %s", backend.describe())


def longest_first(tasks: Sequence[Task], workers: int) -> list[Task]:
    """The order to judge pages in: with several workers, the tasks with the most actions
    first, so the run does not end on one long page while the other workers sit idle (its
    results still list the tasks in their own order). One worker keeps the task order."""
    if workers <= 1:
        return list(tasks)
    return sorted(tasks, key=lambda t: len(t.actions), reverse=True)
