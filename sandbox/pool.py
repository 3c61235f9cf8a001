"""A pool of pre-started sandboxes, so a page never waits for a container and a browser to start.

Each pooled sandbox is an ordinary sandbox container (``sandbox.warm.start_warm``: the same
protections, checked the same way, the same labels with an expiry that allows for the idle
wait) whose runner has started Chromium and waits for one job. ``run_job`` takes a ready one,
delivers the job and page (``warm.run_warm``), and the container judges that one page and is
removed, exactly as a cold one; a background filler starts replacements so ``size`` stay ready.

Nothing is ever reused: a pooled container judges one page. One that waited too long is
removed before its runner's idle limit (it exits by itself then anyway) and replaced. When the
pool is empty, closed, or broken (``max_failures`` starts failed in a row: it tries again after
``retry_seconds``), or the job asks for other limits or another image, the job runs in a fresh
container (``sandbox.cold.run_job``). A pool is a ``SandboxBackend`` (``sandbox.backend``):
``slots`` pages at once, the pool holding ``size`` (one more, so the next page finds one).
Removing a container once its page is done (its output fetched once its runner said it is
done, or after it stopped) is left to the pool's own threads, off the page's path: ``close``
waits for those removals and removes every container the pool still holds; ``iwr sandbox gc``
covers a process that died first.

    with SandboxPool(size=3) as pool:
        run = pool.run_job(job, page_dir, out_dir)
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import cold, containers, warm
from .backend import SandboxBackend
from .image import IMAGE_TAG
from .records import Limits, SandboxRun
from .runner.config import DEFAULT_BROWSER
from .warm import PoolMiss, WarmSandbox

__all__ = ["PoolStats", "SandboxPool"]

log = logging.getLogger(__name__)

DEFAULT_IDLE_S = 120.0
# A ready sandbox is handed out only this long before its runner's idle limit.
IDLE_MARGIN_S = 20.0
# Threads removing finished sandboxes (one removal is a few engine calls, mostly waiting).
REMOVERS = 2


@dataclass
class PoolStats:
    warm: int = 0  # jobs run in a pooled sandbox
    cold: int = 0  # jobs run in a fresh container (pool empty, broken, closed, other limits)
    misses: int = 0  # pooled sandboxes that could not take their job (then run cold)
    started: int = 0  # pooled sandboxes that became ready
    failed: int = 0  # pooled sandboxes that did not start
    expired: int = 0  # removed unused after waiting too long
    last_error: str = ""


class SandboxPool(SandboxBackend):
    """``size`` ready sandboxes for ``image`` and ``limits`` with ``browser`` started, refilled
    in the background; ``slots`` (default ``size``) is the pages a run judges in it at once.

    ``fillers``: sandboxes started at once (each start costs a CPU for a few seconds).
    ``wait_seconds``: how long ``run_job`` waits for a sandbox that is starting before it
    starts a fresh container itself. ``budget``: at most this many sandboxes are ever started
    (the number of pages a run has to judge), so the pool does not start sandboxes nobody will
    take; None: no limit.
    """

    def __init__(
        self,
        size: int,
        *,
        image: str = IMAGE_TAG,
        limits: Limits | None = None,
        idle_seconds: float = DEFAULT_IDLE_S,
        fillers: int = 2,
        wait_seconds: float = 30.0,
        max_failures: int = 3,
        retry_seconds: float = 60.0,
        budget: int | None = None,
        browser: str = DEFAULT_BROWSER,
        slots: int | None = None,
    ) -> None:
        if idle_seconds <= IDLE_MARGIN_S:
            raise ValueError(f"idle_seconds must be over {IDLE_MARGIN_S}")
        self.size = max(1, size)
        self._slots = max(1, slots if slots is not None else self.size)
        self.image = image
        self.limits = limits or Limits()
        self.browser = browser
        self.idle_seconds = idle_seconds
        self.wait_seconds = wait_seconds
        self.max_failures = max_failures
        self.retry_seconds = retry_seconds
        self._budget = budget  # starts left; a failed start gives its share back
        self.stats = PoolStats()
        self._ready: collections.deque[WarmSandbox] = collections.deque()
        self._starting = 0
        self._failures_in_row = 0
        self._broken_until = 0.0  # time.monotonic() until which no start is tried
        self._closed = False
        self._cond = threading.Condition()
        self._fills = ThreadPoolExecutor(max(1, fillers), thread_name_prefix="iwr-pool-fill")
        self._fillers = max(1, fillers)
        # Removes expired sandboxes and, off the page's path, those that judged their page.
        self._reaper = ThreadPoolExecutor(REMOVERS, thread_name_prefix="iwr-pool-reap")
        self._keeper = threading.Thread(target=self._keep, name="iwr-pool", daemon=True)
        self._keeper.start()

    name = "pool"

    # ---- public ------------------------------------------------------------------------------

    @property
    def slots(self) -> int:
        return self._slots

    @property
    def broken(self) -> bool:
        return time.monotonic() < self._broken_until

    def ready_count(self) -> int:
        with self._cond:
            return len(self._ready)

    def wait_ready(self, count: int | None = None, timeout: float = 60.0) -> bool:
        """Wait until ``count`` (default: ``size``) sandboxes are ready; False on timeout."""
        want = self.size if count is None else count
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._ready) < want:
                left = deadline - time.monotonic()
                if left <= 0 or self.broken or self._closed:
                    return False
                self._cond.wait(left)
        return True

    def grant(self, starts: int) -> None:
        """Allow ``starts`` more sandbox starts (a pool opened with a budget, whose owner
        learns page by page how many more it will take); no effect without a budget."""
        with self._cond:
            if self._budget is None or starts < 1:
                return
            self._budget += starts
            self._fill_locked()

    def take(self) -> WarmSandbox | None:
        """A ready sandbox (the caller must run or discard it), or None: start one cold.

        Waits up to ``wait_seconds`` for one that is starting; returns None at once when the
        pool is closed or broken.
        """
        deadline = time.monotonic() + self.wait_seconds
        with self._cond:
            while True:
                if self._closed:
                    return None
                self._expire_locked()
                if self._ready:
                    sandbox = self._ready.popleft()
                    self._fill_locked()
                    return sandbox
                if self.broken:
                    return None
                self._fill_locked()
                left = deadline - time.monotonic()
                if left <= 0 or self._starting == 0:
                    return None
                self._cond.wait(left)

    def run_job(
        self,
        job: dict,
        page_dir: Path | None,
        out_dir: Path,
        *,
        image: str = IMAGE_TAG,
        limits: Limits | None = None,
    ) -> SandboxRun:
        """As ``cold.run_job``, in a pooled sandbox when one fits (same image, limits and
        browser) and is ready.

        Either way the container is removed in the pool's threads once its output is out
        (``close`` waits for that).
        """
        limits = limits or Limits()
        sandbox = None
        browser = job.get("browser") or DEFAULT_BROWSER
        if image == self.image and limits == self.limits and browser == self.browser:
            # Packed first: a page that cannot be packed (ValueError) costs no sandbox.
            payload = containers.payload(job, page_dir)
            waited = time.monotonic()
            sandbox = self.take()
            waited = time.monotonic() - waited
        if sandbox is not None:
            try:
                run = warm.run_warm(
                    sandbox, job, page_dir, out_dir, payload=payload, remover=self._reaper
                )
            except PoolMiss as exc:
                log.warning("pooled sandbox %s missed its job: %s", sandbox.run_id, exc)
                with self._cond:
                    self.stats.misses += 1
            else:
                with self._cond:
                    self.stats.warm += 1
                # How long the page waited for a ready sandbox (0 when one was waiting).
                run.timing["take"] = round(waited, 4)
                return run
        with self._cond:
            self.stats.cold += 1
        return cold.run_job(
            job, page_dir, out_dir, image=image, limits=limits, remover=self._reaper
        )

    def close(self) -> None:
        """Stop refilling, remove every sandbox the pool holds and wait for the removals of
        those that judged a page (a page still running removes its own)."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            drain = list(self._ready)
            self._ready.clear()
            self._cond.notify_all()
        self._keeper.join(timeout=10)
        # Starting sandboxes see the pool closed and remove themselves.
        self._fills.shutdown(wait=True, cancel_futures=True)
        for sandbox in drain:
            self._reaper.submit(self._discard, sandbox)
        self._reaper.shutdown(wait=True)

    # ---- background ----------------------------------------------------------------------------

    def _keep(self) -> None:
        """Refill and expire, also when nobody asks (a run waiting on a slow model)."""
        with self._cond:
            while not self._closed:
                self._expire_locked()
                self._fill_locked()
                self._cond.wait(2.0)

    def _expire_locked(self) -> None:
        limit = self.idle_seconds - IDLE_MARGIN_S
        while self._ready and self._ready[0].age() > limit:
            sandbox = self._ready.popleft()
            self.stats.expired += 1
            self._reaper.submit(self._discard, sandbox)

    def _fill_locked(self) -> None:
        while (
            not (self._closed or self.broken)
            and len(self._ready) + self._starting < self.size
            and self._starting < self._fillers
            and (self._budget is None or self._budget > 0)
        ):
            self._starting += 1
            if self._budget is not None:
                self._budget -= 1
            self._fills.submit(self._fill)

    def _fill(self) -> None:
        try:
            sandbox = warm.start_warm(
                self.image,
                self.limits,
                idle_seconds=self.idle_seconds,
                cancelled=lambda: self._closed,
                browser=self.browser,
            )
        except Exception as exc:  # any failure counts; the pool then falls back to cold starts
            with self._cond:
                self._starting -= 1
                if self._budget is not None:
                    self._budget += 1
                self.stats.failed += 1
                self.stats.last_error = str(exc)[:500]
                self._failures_in_row += 1
                if not self._closed and self._failures_in_row >= self.max_failures:
                    self._broken_until = time.monotonic() + self.retry_seconds
                    self._failures_in_row = self.max_failures - 1  # one more failure: again
                    log.warning(
                        "sandbox pool: %d starts failed in a row (%s); containers start on "
                        "demand for the next %gs",
                        self.max_failures,
                        exc,
                        self.retry_seconds,
                    )
                self._cond.notify_all()
            return
        with self._cond:
            self._starting -= 1
            self._failures_in_row = 0
            self.stats.started += 1
            closed = self._closed
            if not closed:
                self._ready.append(sandbox)
                self._cond.notify_all()
        if closed:
            self._discard(sandbox)

    @staticmethod
    def _discard(sandbox: WarmSandbox) -> None:
        problems = sandbox.discard()
        if problems:
            log.warning("pooled sandbox %s left behind: %s", sandbox.run_id, "; ".join(problems))
