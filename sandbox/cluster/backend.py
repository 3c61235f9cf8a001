"""``RayBackend``: the sandbox slots of a Ray cluster behind the ``SandboxBackend`` interface.

Opened as ``--sandboxes ray://HOST:PORT``. The coordinator connects as a driver
(``connect``), creates one ``SandboxSlot`` actor per slot the cluster offers (custom resource
``iwr_sandbox: 1``, plus ``iwr_runsc: 1`` under ``--runtime runsc``) and asks each what judges
there. A slot whose image id, runner content hash or browser version differs from the run's is
refused, with its node named, and killed: scores never mix browsers. What a slot returns is
handled as a local container's output is: extracted warily (``sandbox.archive``, within the
same caps) and checked (``sandbox.verify``) here, before anything reads it.

Faults: a slot lost mid-page (its node died, its actor crashed, no answer within the page's
wall clock and a margin) is dropped and the page is submitted once more, to a slot on another
node where there is one; a second loss is ``SandboxUnavailable``, which the judge records as
``infra_error`` and a resume judges again: never a silent loss, never a score of 0. Slots of
machines that join after the backend opened are not used by it. Opening waits (bounded) for
slots another backend still holds, so a run opened right after one closed gets them all.
"""

from __future__ import annotations

import io
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..archive import ExtractLimits, UnsafeArchive, safe_extract
from ..backend import SandboxBackend
from ..containers import MAX_OUTPUT_BYTES, Phases
from ..errors import SandboxUnavailable
from ..image import IMAGE_TAG
from ..records import Limits, SandboxRun
from ..runner.config import DEFAULT_BROWSER, RESULT_NAME
from ..status import SandboxStatus
from ..verify import InvalidResult, check_output
from .connect import RUNSC, RUNSC_RESOURCE, SANDBOX_RESOURCE, connect, import_ray, slots_by_node
from .slot import SandboxSlot, SlotIdentity, pack_folder

__all__ = ["RayBackend", "SlotLost"]

log = logging.getLogger(__name__)

# Placing the actors and asking each what judges there (a container start per slot).
PLACE_TIMEOUT_S = 120.0
# Beyond a page's wall clock: delivering it, starting a container, fetching, removing.
PAGE_MARGIN_S = 120.0
CLOSE_TIMEOUT_S = 60.0
# Opening waits this long for slots the cluster offers but another backend holds: Ray frees a
# closed backend's slots a moment after its actors are killed (asynchronously), and a run
# opened right after it would otherwise get only some of them (measured: one of two).
FREE_WAIT_S = 30.0


class SlotLost(Exception):
    """A slot stopped answering (its node or actor died, or it hung): drop it, try another."""


@dataclass
class _Slot:
    name: str
    actor: Any  # a Ray actor handle of SandboxSlot
    node: str
    credit: int = 1  # sandboxes started (or starting) for it and not yet taken by a page


class RayBackend(SandboxBackend):
    """Sandbox slots of the Ray cluster at ``address`` (see the module docstring).

    ``expect``: what the run judges with; empty fields are pinned by the first slot accepted
    (so all slots agree). ``node_ip``: this machine's cluster node to attach the driver to.
    ``pages``: how many pages the run judges, at most (None: unknown); when known, the slots
    start that many sandboxes in all, slots + 1 ready at first, as the local pool does
    (``sandbox.backends``), and no sandbox nobody will take.
    """

    name = "ray"

    def __init__(
        self,
        address: str,
        *,
        image: str = IMAGE_TAG,
        limits: Limits | None = None,
        browser: str = DEFAULT_BROWSER,
        token: str | None = None,
        expect: SlotIdentity | None = None,
        node_ip: str | None = None,
        place_seconds: float = PLACE_TIMEOUT_S,
        free_wait_seconds: float = FREE_WAIT_S,
        pages: int | None = None,
    ) -> None:
        self.address = address
        self.limits = limits or Limits()
        self.refused: list[str] = []
        self._cond = threading.Condition()
        self._free: deque[_Slot] = deque()
        self._alive: dict[str, _Slot] = {}
        self._running: dict[str, str] = {}  # slot name -> node, pages in flight
        self._closed = False
        self._pages = pages
        self._spare: int | None = None  # sandbox starts left to hand out (None: no limit)
        connect(address, token=token, node_ip=node_ip)
        self._ray = import_ray()
        free = self._wait_for_slots(free_wait_seconds)
        candidates = self._create(free, image, browser)
        self.expected = self._accept(candidates, expect, place_seconds)

    # ---- opening -----------------------------------------------------------------------------

    def _slot_counts(self) -> tuple[int, int]:
        """(the slots the cluster offers, those no other run holds now: one actor each)."""
        offered = sum(slots_by_node(self.limits.runtime).values())
        free = self._ray.available_resources()
        names = [SANDBOX_RESOURCE] + ([RUNSC_RESOURCE] if self.limits.runtime == RUNSC else [])
        return offered, min([offered, *(int(free.get(name, 0)) for name in names)])

    def _wait_for_slots(self, seconds: float) -> int:
        """The free slots, once every offered slot is free or ``seconds`` passed (a closed
        backend's slots come back a moment after it closed; another run may hold some).

        Raises:
            SandboxUnavailable: the cluster offers no slot, or none became free in time.
        """
        under = f" under {self.limits.runtime}" if self.limits.runtime else ""
        deadline = time.monotonic() + seconds
        offered, free = self._slot_counts()
        while offered > 0 and free < offered and time.monotonic() < deadline:
            time.sleep(0.2)
            offered, free = self._slot_counts()
        if offered < 1:
            raise SandboxUnavailable(
                f"the Ray cluster at {self.address} offers no sandbox slot{under}; "
                "add machines with `iwr cluster join`"
            )
        if free < 1:
            raise SandboxUnavailable(
                f"all {offered} sandbox slot(s){under} of the Ray cluster at {self.address} "
                f"are held by another run; none became free within {seconds:g}s "
                "(wait for that run to end, or add machines with `iwr cluster join`)"
            )
        if free < offered:
            log.warning(
                "ray backend: %d of %d slots are held by another run after %gs; using %d",
                offered - free,
                offered,
                seconds,
                free,
            )
        return free

    def _create(self, count: int, image: str, browser: str) -> list[Any]:
        resources = {SANDBOX_RESOURCE: 1.0}
        if self.limits.runtime == RUNSC:
            resources[RUNSC_RESOURCE] = 1.0
        remote = self._ray.remote(SandboxSlot).options(
            num_cpus=0, resources=resources, max_restarts=0, max_task_retries=0
        )
        # With the pages known, each slot keeps up to two ready (the first gets its + 1).
        budgeted = self._pages is not None
        keep = 2 if budgeted else 1
        return [
            remote.remote(
                f"slot-{i}",
                image=image,
                limits=self.limits,
                browser=browser,
                keep=keep,
                budgeted=budgeted,
            )
            for i in range(count)
        ]

    def _accept(
        self, actors: list[Any], expect: SlotIdentity | None, place_seconds: float
    ) -> SlotIdentity:
        """Keep the slots that judge as the run does; kill the others."""
        ray = self._ray
        refs = [actor.identity.remote() for actor in actors]
        ready, _ = ray.wait(refs, num_returns=len(refs), timeout=place_seconds)
        ready_set = set(ready)
        expected = expect or SlotIdentity("", "", "", "")
        accepted: list[_Slot] = []
        for i, (actor, ref) in enumerate(zip(actors, refs, strict=True)):
            if ref not in ready_set:
                self._refuse(actor, f"slot-{i}: not placed within {place_seconds:g}s")
                continue
            try:
                identity: SlotIdentity = ray.get(ref)
            except Exception as exc:  # the slot's engine or image failed: refuse it, say why
                self._refuse(actor, f"slot-{i}: cannot say what judges there: {exc}")
                continue
            differs = identity.differences(expected)
            if differs:
                self._refuse(
                    actor,
                    f"node {identity.node} slot-{i} judges differently from this run: "
                    + "; ".join(differs),
                )
                continue
            expected = _pin(expected, identity)
            accepted.append(_Slot(f"slot-{i}", actor, identity.node))
        if not accepted:
            raise SandboxUnavailable(
                f"no sandbox slot of the Ray cluster at {self.address} is usable: "
                + "; ".join(self.refused)
            )
        order = _spread(accepted)
        grants = _first_starts(len(order), self._pages)
        if self._pages is not None:
            self._spare = max(0, self._pages - sum(grants))
        for slot, grant in zip(order, grants, strict=True):
            slot.credit = grant
            slot.actor.start.remote(grant)  # its pooled containers start while the run begins
            self._alive[slot.name] = slot
            self._free.append(slot)
        return expected

    def _refuse(self, actor: Any, why: str) -> None:
        log.warning("ray backend refuses %s", why)
        self.refused.append(why)
        self._ray.kill(actor)

    # ---- the interface -----------------------------------------------------------------------

    @property
    def slots(self) -> int:
        with self._cond:
            return len(self._alive)

    def nodes(self) -> dict[str, int]:
        """Live slots per node."""
        with self._cond:
            found: dict[str, int] = {}
            for slot in self._alive.values():
                found[slot.node] = found.get(slot.node, 0) + 1
            return found

    def running(self) -> dict[str, str]:
        """The slots judging a page now, and their nodes."""
        with self._cond:
            return dict(self._running)

    def describe(self) -> dict[str, object]:
        return {
            "backend": self.name,
            "slots": self.slots,
            "address": self.address,
            "nodes": self.nodes(),
            "refused": list(self.refused),
        }

    def wait_ready(self, timeout: float = PLACE_TIMEOUT_S) -> bool:
        """Wait until every slot's first sandboxes are ready (a benchmark starts its clock
        then, as it does for a warm local pool); False when one was not within ``timeout``."""
        with self._cond:
            slots = list(self._alive.values())
        refs = [slot.actor.wait_ready.remote(timeout) for slot in slots]
        ready, _ = self._ray.wait(refs, num_returns=len(refs), timeout=timeout + 10)
        return len(ready) == len(refs) and all(self._ray.get(ready))

    def run_job(
        self,
        job: dict,
        page_dir: Path | None,
        out_dir: Path,
        *,
        limits: Limits | None = None,
    ) -> SandboxRun:
        limits = limits or self.limits
        if limits.runtime != self.limits.runtime:
            raise ValueError(
                f"this backend's slots were placed for runtime {self.limits.runtime!r}, "
                f"the job asks for {limits.runtime!r}"
            )
        phases = Phases()
        with phases("pack"):
            page = pack_folder(page_dir) if page_dir is not None else None
            page_ref = self._ray.put(page)  # once, whichever slot takes it
        lost: list[str] = []
        lost_nodes: set[str] = set()
        for _attempt in range(2):
            with phases("slot_wait"):
                slot = self._take(avoid=lost_nodes)
            refill = self._hand_out(slot)
            try:
                with phases("call"):
                    data, run = self._call(slot, job, page_ref, limits, refill)
            except SlotLost as exc:
                self._drop(slot, exc)
                lost.append(f"{slot.node} {slot.name}: {exc}")
                lost_nodes.add(slot.node)
                continue
            self._give_back(slot)
            run.timing = {**run.timing, **phases.seconds}
            return _receive(data, run, out_dir, job)
        raise SandboxUnavailable("the page's slot was lost twice: " + "; ".join(lost))

    def close(self) -> None:
        """Remove every slot's containers (bounded), then kill the actors; idempotent."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            slots = list(self._alive.values())
            self._alive.clear()
            self._free.clear()
            self._cond.notify_all()
        ray = self._ray
        refs = [slot.actor.close.remote() for slot in slots]
        if refs:
            ray.wait(refs, num_returns=len(refs), timeout=CLOSE_TIMEOUT_S)
        for slot in slots:
            try:
                ray.kill(slot.actor)
            except Exception as exc:  # already gone with its node
                log.debug("killing %s: %s", slot.name, exc)

    # ---- slots -------------------------------------------------------------------------------

    def _take(self, avoid: set[str]) -> _Slot:
        """A free slot, on a node not in ``avoid`` where there is one.

        Raises:
            SandboxUnavailable: no slot is left (or the backend is closed).
        """
        deadline = time.monotonic() + self.limits.wall_seconds + PAGE_MARGIN_S
        with self._cond:
            while True:
                if self._closed or not self._alive:
                    raise SandboxUnavailable(
                        f"no sandbox slot of the Ray cluster at {self.address} is left"
                    )
                if self._free:
                    chosen = _choose(self._free, avoid)
                    self._free.remove(chosen)
                    self._running[chosen.name] = chosen.node
                    return chosen
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SandboxUnavailable("no sandbox slot of the cluster became free in time")
                self._cond.wait(left)

    def _hand_out(self, slot: _Slot) -> bool:
        """The page about to run on ``slot`` takes one of its sandboxes; whether the slot may
        start its next one now (while the page is judged): while the run's budget lasts."""
        with self._cond:
            if self._spare is None:
                return True
            slot.credit = max(0, slot.credit - 1)
            if self._spare < 1:
                return False
            self._spare -= 1
            slot.credit += 1
            return True

    def _give_back(self, slot: _Slot) -> None:
        with self._cond:
            self._running.pop(slot.name, None)
            if not self._closed and slot.name in self._alive:
                self._free.append(slot)  # to the back: the next page goes to another slot
                self._cond.notify()

    def _drop(self, slot: _Slot, why: Exception) -> None:
        log.warning("ray backend lost %s on %s: %s", slot.name, slot.node, why)
        with self._cond:
            self._running.pop(slot.name, None)
            self._alive.pop(slot.name, None)
            self._cond.notify_all()
        try:
            self._ray.kill(slot.actor)
        except Exception as exc:  # gone with its node
            log.debug("killing %s: %s", slot.name, exc)

    def _call(
        self, slot: _Slot, job: dict, page_ref: Any, limits: Limits, refill: bool
    ) -> tuple[bytes, Any]:
        """Run the page on ``slot`` (``refill``: its next sandbox starts meanwhile).

        Raises:
            SlotLost: the slot died, hung or its engine failed (try another).
            ValueError: the job is the caller's error.
        """
        ray = self._ray
        ref = slot.actor.run.remote(job, page_ref, limits, refill)
        try:
            data, run = ray.get(ref, timeout=limits.wall_seconds + PAGE_MARGIN_S)
        except ray.exceptions.GetTimeoutError as exc:
            raise SlotLost(f"no answer within {limits.wall_seconds + PAGE_MARGIN_S:g}s") from exc
        except ray.exceptions.RayTaskError as exc:
            cause = exc.cause
            if isinstance(cause, ValueError):
                raise cause from None
            raise SlotLost(f"{type(cause).__name__}: {cause}") from exc
        except ray.exceptions.RayError as exc:  # ActorDiedError, ObjectLostError, ...
            raise SlotLost(f"{type(exc).__name__}: {str(exc)[:300]}") from exc
        if not isinstance(data, bytes) or not isinstance(run, SandboxRun):
            raise SlotLost(f"answered {type(data).__name__}, {type(run).__name__}")
        return data, run


def _pin(expected: SlotIdentity, seen: SlotIdentity) -> SlotIdentity:
    """``expected`` with its empty facts taken from the first slot accepted."""
    return replace(
        expected,
        image_id=expected.image_id or seen.image_id,
        runner_hash=expected.runner_hash or seen.runner_hash,
        browser_version=expected.browser_version or seen.browser_version,
    )


def _first_starts(slots: int, pages: int | None) -> list[int]:
    """Sandboxes each slot starts when the backend opens: one each, and one more for the
    first slot (slots + 1 in all, as the local pool keeps), never more than ``pages``."""
    if pages is None:
        return [1] * slots
    grants = [1 if i < pages else 0 for i in range(slots)]
    if slots and pages > slots:
        grants[0] += 1
    return grants


def _choose(free: deque[_Slot], avoid: set[str]) -> _Slot:
    """The free slot for the next page: on a node not in ``avoid`` where there is one, and
    then one with a sandbox started for it (so the page need not start a container)."""
    allowed = [s for s in free if s.node not in avoid] or list(free)
    return next((s for s in allowed if s.credit > 0), allowed[0])


def _spread(slots: list[_Slot]) -> list[_Slot]:
    """The slots interleaved by node (a, b, a, b, ...), so pages spread over the machines."""
    by_node: dict[str, deque[_Slot]] = {}
    for slot in slots:
        by_node.setdefault(slot.node, deque()).append(slot)
    order: list[_Slot] = []
    while by_node:
        for node in list(by_node):
            order.append(by_node[node].popleft())
            if not by_node[node]:
                del by_node[node]
    return order


def _receive(data: bytes, run: SandboxRun, out_dir: Path, job: dict) -> SandboxRun:
    """Extract a slot's output into ``out_dir`` and check it, as ``containers.execute`` does
    for a local container: nothing reads it before it passed."""
    started = time.monotonic()
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        if len(data) > MAX_OUTPUT_BYTES:
            raise UnsafeArchive(f"output is over {MAX_OUTPUT_BYTES} bytes")
        if data:
            safe_extract(io.BytesIO(data), out_dir, limits=ExtractLimits())
    except UnsafeArchive as exc:
        run.status, run.reason = SandboxStatus.CRASHED, f"unsafe output refused: {exc}"
        return run
    try:
        check_output(out_dir, job)
    except InvalidResult as exc:
        (out_dir / RESULT_NAME).unlink(missing_ok=True)
        run.status, run.reason = SandboxStatus.CRASHED, str(exc)
    run.timing = {**run.timing, "receive": round(time.monotonic() - started, 4)}
    return run
