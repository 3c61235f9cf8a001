"""What every model client shares: retries, a request-rate limit and bounded concurrency.

A protocol client (``openai_client``, and any later one) only builds its request and parses
the reply in :meth:`RetryingClient._attempt`; this base decides whether and when to try
again. Faults split in two:

- :class:`TransientError`: worth another try (connection refused or reset, a timeout, HTTP
  408/409/429/5xx, a reply cut mid-way). Retried with exponential backoff and full jitter,
  or after the server's ``Retry-After`` when it sent one, until ``max_attempts`` attempts or
  ``max_total_s`` seconds are spent, whichever comes first.
- :class:`clients.types.ModelError`: final (another 4xx, a malformed body, a reply with no
  page). Never retried.

Either way the caller gets one :class:`ModelError` whose message names the last cause and
how many attempts were made.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

import tenacity

from clients.types import Bundle, Generation, ModelError


class TransientError(ModelError):
    """A fault that may pass: the call is tried again if the retry budget allows.

    ``retry_after`` is the server's ``Retry-After`` in seconds, when it sent one.
    """

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try one generation.

    ``max_attempts`` counts the first try; ``max_total_s`` bounds the whole generation,
    waits included (a wait that would end past it is not started). Backoff before attempt
    ``n`` (n >= 2) is uniform in [0, min(max_wait_s, base_wait_s * 2**(n-2))]; a server's
    ``Retry-After`` replaces it as given (a wait that would overrun ``max_total_s`` ends
    the generation instead).
    """

    max_attempts: int = 5
    max_total_s: float = 1800.0
    base_wait_s: float = 1.0
    max_wait_s: float = 60.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, got {self.max_attempts}")
        if self.max_total_s <= 0 or self.base_wait_s < 0 or self.max_wait_s < 0:
            raise ValueError("max_total_s must be positive and waits non-negative")

    def wait_before(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before attempt number ``attempt`` (2 or more)."""
        if retry_after is not None:  # the server knows best; the total budget still bounds it
            return max(retry_after, 0.0)
        ceiling = min(self.max_wait_s, self.base_wait_s * 2 ** max(attempt - 2, 0))
        return random.uniform(0, ceiling)


class RateLimiter:
    """At most ``rpm`` requests started per minute, shared by all threads; fractions
    allowed (0.5: one request every 120 s).

    A sliding window: at most ``ceil(rpm)`` starts in any ``60 * ceil(rpm) / rpm``
    seconds (for a whole ``rpm`` that is ``rpm`` starts in any 60 s). ``acquire`` blocks
    until a slot is free; ``rpm`` of 0 or None means no limit. Each attempt of a retried
    call takes its own slot, so retries cannot storm an API either.
    """

    def __init__(self, rpm: float | None) -> None:
        if rpm is not None and rpm < 0:
            raise ValueError(f"rpm must not be negative, got {rpm}")
        self.rpm = float(rpm or 0.0)
        self.slots = math.ceil(self.rpm) if self.rpm else 0
        self.window_s = 60.0 * self.slots / self.rpm if self.rpm else 0.0
        self._starts: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire(self, deadline: float | None = None) -> bool:
        """Wait for a slot; False when ``deadline`` (monotonic) would pass first."""
        if not self.slots:
            return True
        while True:
            with self._lock:
                now = time.monotonic()
                while self._starts and now - self._starts[0] >= self.window_s:
                    self._starts.popleft()
                if len(self._starts) < self.slots:
                    self._starts.append(now)
                    return True
                free_at = self._starts[0] + self.window_s
            if deadline is not None and free_at > deadline:
                return False
            time.sleep(max(free_at - time.monotonic(), 0.01))


# What a protocol client sends on each attempt (built once per generation by ``_prepare``).
RequestT = TypeVar("RequestT")


class RetryingClient(Generic[RequestT]):
    """Base of protocol clients: :meth:`generate` runs :meth:`_attempt` under the policy.

    ``concurrency`` bounds calls in flight through this client (0: no bound); ``limiter``
    bounds the request rate. Subclasses implement ``_prepare(bundle)`` (the request, built
    once however many attempts it takes) and ``_attempt(request, timeout_s)``, and set
    ``self.target`` (for messages) and ``self.timeout_s`` (per attempt).
    """

    target: str = ""
    timeout_s: float = 600.0

    def __init__(
        self,
        *,
        policy: RetryPolicy | None = None,
        limiter: RateLimiter | None = None,
        concurrency: int = 0,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.limiter = limiter or RateLimiter(None)
        self._slots = threading.BoundedSemaphore(concurrency) if concurrency > 0 else None

    def _prepare(self, bundle: Bundle) -> RequestT:
        """Work done once per generation, not per attempt (e.g. encoding the request)."""
        raise NotImplementedError

    def _attempt(self, request: RequestT, timeout_s: float) -> Generation:
        """One try with what ``_prepare`` made: raise TransientError to be retried,
        ModelError to give up."""
        raise NotImplementedError

    def generate(self, bundle: Bundle) -> Generation:
        """The model's answer for ``bundle``; ``extra["attempts"]`` says how many tries it took.

        Raises:
            ModelError: a final fault, or transient ones until the retry budget ran out.
        """
        if self._slots is None:
            return self._generate(bundle)
        with self._slots:
            return self._generate(bundle)

    def _generate(self, bundle: Bundle) -> Generation:
        policy = self.policy
        started = time.monotonic()
        request = self._prepare(bundle)
        deadline = started + policy.max_total_s
        attempts = 0

        def one_attempt() -> Generation:
            nonlocal attempts
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self.limiter.acquire(deadline):
                raise _OutOfTime()
            attempts += 1
            return self._attempt(request, min(self.timeout_s, remaining))

        def wait(state: tenacity.RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            retry_after = exc.retry_after if isinstance(exc, TransientError) else None
            pause = policy.wait_before(state.attempt_number + 1, retry_after)
            if time.monotonic() + pause >= deadline:
                raise _OutOfTime()
            return pause

        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(TransientError),
            stop=tenacity.stop_after_attempt(policy.max_attempts),
            wait=wait,
            reraise=True,
        )
        last: TransientError | None = None
        try:
            for attempt in retrying:
                with attempt:
                    try:
                        gen = one_attempt()
                    except TransientError as exc:
                        last = exc
                        raise
        except _OutOfTime:
            cause = f"last error: {last}" if last else "no attempt could start"
            raise ModelError(
                f"gave up on {self.target} after {attempts} attempt(s) in "
                f"{time.monotonic() - started:.1f} s (task budget {policy.max_total_s:g} s); "
                + cause
            ) from last
        except TransientError as exc:
            raise ModelError(
                f"gave up on {self.target} after {attempts} attempt(s): {exc}"
            ) from exc
        gen.extra["attempts"] = str(attempts)
        if not gen.seconds:
            gen.seconds = time.monotonic() - started
        return gen


class ServerHung(ModelError):
    """A gRPC server missed the deadline on every attempt it was given for one task."""


class _OutOfTime(Exception):
    """The total budget ends before the next attempt could start or finish waiting."""


class DeadlineClient(Protocol):
    """What :class:`RetryingGrpc` wraps: one generation under a deadline, no retries
    (:class:`clients.grpc_client.GrpcModelClient`, or a test's fake). Its ``target`` and
    ``timeout_s`` are read when it has them."""

    def info(self) -> object: ...

    def generate(self, bundle: Bundle, timeout_s: float | None = None) -> Generation: ...


class RetryingGrpc(RetryingClient[Bundle]):
    """A :class:`clients.grpc_client.GrpcModelClient` under the shared retry policy.

    Only faults of the call that may pass are retried: UNAVAILABLE (server down or
    restarting), RESOURCE_EXHAUSTED when the server is overloaded, and DEADLINE_EXCEEDED
    once (``max_deadline_attempts``: a server that misses the deadline twice is taken to be
    hung, so a hung server costs a task at most twice ``--timeout``, not its whole budget).
    A message over gRPC's size limit (RESOURCE_EXHAUSTED "message larger than max": the
    same reply would be too large again), a server's refusal (INVALID_ARGUMENT,
    UNAUTHENTICATED), a model's own FINISH_REASON_ERROR and a malformed answer are final.

    A server taken to be hung on ``max_hung_tasks`` tasks in a row (and no answer of any
    kind in between) is not sent the next tasks: they fail at once with a model error, and
    a re-run of the command resends them. So a server that stops answering costs a run at
    most ``max_hung_tasks`` x 2 x ``--timeout`` (plus the tasks in flight with
    ``--concurrency``), not that for every task.
    """

    RETRY_CODES = ("UNAVAILABLE", "RESOURCE_EXHAUSTED", "DEADLINE_EXCEEDED")
    max_deadline_attempts = 2
    max_hung_tasks = 3

    def __init__(
        self,
        client: DeadlineClient,
        *,
        policy: RetryPolicy | None = None,
        limiter: RateLimiter | None = None,
        concurrency: int = 0,
    ) -> None:
        super().__init__(policy=policy, limiter=limiter, concurrency=concurrency)
        self.client = client
        self.target = str(getattr(client, "target", ""))
        self.timeout_s = float(getattr(client, "timeout_s", 600.0))
        self._deadlines = threading.local()
        self._hung_streak = 0  # tasks in a row that ended with the server taken to be hung
        self._hung_lock = threading.Lock()

    def info(self) -> object:
        return self.client.info()

    def generate(self, bundle: Bundle) -> Generation:
        """As :meth:`RetryingClient.generate`, but not sent at all (a ModelError at once)
        once the server was taken to be hung on ``max_hung_tasks`` tasks in a row."""
        with self._hung_lock:
            streak = self._hung_streak
        if streak >= self.max_hung_tasks:
            raise ModelError(
                f"not sent: the model server at {self.target} was taken to be hung on the "
                f"last {streak} tasks (each missed its deadline twice); run the command again "
                "to resend this task once the server answers"
            )
        try:
            gen = super().generate(bundle)
        except ServerHung:
            with self._hung_lock:
                self._hung_streak += 1
            raise
        except ModelError:  # the server answered, if only with an error: not hung
            with self._hung_lock:
                self._hung_streak = 0
            raise
        with self._hung_lock:
            self._hung_streak = 0
        return gen

    def _prepare(self, bundle: Bundle) -> Bundle:
        self._deadlines.count = 0  # per generation; each generation runs in one thread
        return bundle

    def _attempt(self, request: Bundle, timeout_s: float) -> Generation:
        from clients.grpc_client import is_message_too_large

        try:
            # The attempt's deadline is the client's, or less when the task budget ends first.
            return self.client.generate(request, timeout_s)
        except ModelError as exc:
            code, details = _status_of(exc.__cause__)
            name = getattr(code, "name", "")
            if name not in self.RETRY_CODES or is_message_too_large(code, details):
                raise
            if name == "DEADLINE_EXCEEDED":
                self._deadlines.count = getattr(self._deadlines, "count", 0) + 1
                if self._deadlines.count >= self.max_deadline_attempts:
                    raise ServerHung(
                        f"{exc} (the deadline passed on {self._deadlines.count} attempts: "
                        "the server is taken to be hung)"
                    ) from exc
            raise TransientError(str(exc)) from exc


def _status_of(error: object) -> tuple[object, str]:
    """The gRPC status code and details of a failed call (None, "" for anything else)."""
    code = getattr(error, "code", None)
    details = getattr(error, "details", None)
    return (code() if callable(code) else None), (str(details() or "") if callable(details) else "")
