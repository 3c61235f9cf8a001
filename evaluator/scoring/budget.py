"""A budget of host time per page: what the host spends on a page after its sandbox ran.

The sandbox bounds what a page costs inside its container; this bounds what it costs the
host afterwards (reading its output, OCR, metrics, difference images). A page that redraws
dense small text could otherwise buy minutes of Tesseract per step, all of it on the host.

The budget is a deadline in a context variable, so the code between the judge and the OCR
subprocess needs no extra parameter, and each worker thread (each page) has its own. Work
that can be stopped (OCR, see :mod:`evaluator.scoring.ocr`) gets at most what is left; the
scorer checks the budget between steps. When it is spent, :class:`HostBudgetExceeded` ends
the page with the task status ``host_budget`` (scores 0, with the reason), never the run.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator
from contextlib import contextmanager

# Host seconds a page may cost beyond its sandbox's own run (issue 19's target).
PAGE_HOST_SECONDS = 60.0

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "iwr_page_host_deadline", default=None
)


class HostBudgetExceeded(RuntimeError):
    """The page used up its host time; the message says where."""


@contextmanager
def page_budget(seconds: float = PAGE_HOST_SECONDS) -> Iterator[None]:
    """Host work inside the block may take ``seconds`` in all (nested budgets can only
    shorten the one around them)."""
    deadline = time.monotonic() + seconds
    outer = _DEADLINE.get()
    token = _DEADLINE.set(deadline if outer is None else min(outer, deadline))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def remaining() -> float | None:
    """Seconds left of the page's budget; None outside a budget (no limit)."""
    deadline = _DEADLINE.get()
    return None if deadline is None else deadline - time.monotonic()


def check(what: str) -> None:
    """Raise :class:`HostBudgetExceeded` when the budget is spent, naming ``what`` was next.

    Raises:
        HostBudgetExceeded: no host time is left for this page.
    """
    left = remaining()
    if left is not None and left <= 0:
        raise HostBudgetExceeded(f"host time budget spent before {what}")


def cap(seconds: float) -> float:
    """``seconds``, or less when the budget has less left (0 when it is spent)."""
    left = remaining()
    return seconds if left is None else max(0.0, min(seconds, left))
