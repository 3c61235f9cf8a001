"""One step of a replay (the page's load, or one action) as the runner reports it.

The runner writes each step into ``result.json``; the host checks it there
(``sandbox.verify``), copies it into the task's ``trace.json`` and scores it. One record for
all of them, here because the runner may import only the standard library: the host imports
it from this module.

The JSON is the contract and stays as it was when steps were plain dicts: the same keys in
the same order (step 0, the load, has no ``type`` and no ``target``; evidence a step did not
collect is left out, not written as null), so the bytes of ``result.json`` and ``trace.json``
do not change. Keys this record does not know (an older or newer runner's) are kept in
``extra`` and written back after the known ones, so reading a trace never loses anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .result import StepStatus

# The keys every step carries, in the order they are written (``type`` and ``target`` only
# on action steps).
BASE_KEYS = (
    "index",
    "type",
    "status",
    "reason",
    "target",
    "screenshot",
    "text",
    "scroll_y",
    "seconds",
    "settle_seconds",
    "timing",
)
# Evidence a step may add once it ran (left out when it did not), in the order it is written:
# what the observation after the settle wait read (an action step's ``states`` too), then the
# counterfactual probes.
EVIDENCE_KEYS = (
    "lines",
    "elements",
    "elements_error",
    "painted",
    "states",
    "settled",
    "settle_captures",
    "probes",
    "probe_before",
)


@dataclass
class Step:
    """A step's outcome and evidence. ``index`` 0 is the load; action ``i`` is step ``i``."""

    index: int
    status: StepStatus = StepStatus.OK
    reason: str = ""
    # The action's type; None for the load (step 0), which then has no ``target`` key either.
    type: str | None = None
    # Where the action's target was found (``Located.as_dict``); None when none was.
    target: dict[str, Any] | None = None
    screenshot: str | None = None
    text: str = ""
    scroll_y: float | None = None
    seconds: float = 0.0
    settle_seconds: float | None = None
    timing: dict[str, float] = field(default_factory=dict)
    # Evidence of a step that ran (see EVIDENCE_KEYS); None: not collected, not written.
    # ``lines``: the visible texts with their boxes, after an action that asked (lines.py).
    lines: list[Any] | None = None
    elements: list[Any] | None = None
    elements_error: str | None = None
    painted: dict[str, Any] | None = None
    # After an action: the state of the acted element and of the elements the assertion
    # names (states.py), one dict each; or ``[{"error": ...}]`` when the script failed.
    states: list[dict[str, Any]] | None = None
    settled: bool | None = None
    settle_captures: int | None = None
    probes: list[dict[str, Any]] | None = None
    probe_before: str | None = None
    # Keys of another runner version, kept as they came; base keys its JSON did not have
    # (a recorded reference trace has no ``screenshot``), left out again when written.
    extra: dict[str, Any] = field(default_factory=dict)
    omitted: frozenset[str] = frozenset()

    @classmethod
    def load(cls) -> Step:
        """Step 0 before the page is loaded."""
        return cls(index=0)

    @classmethod
    def action(cls, index: int, action_type: str) -> Step:
        """Action step ``index`` before it runs."""
        return cls(index=index, type=action_type)

    @classmethod
    def not_run(cls, index: int, action_type: str) -> Step:
        """Action step ``index`` after an earlier step failed."""
        return cls(
            index=index,
            type=action_type,
            status=StepStatus.NOT_RUN,
            reason="an earlier step failed",
        )

    def fail(self, status: StepStatus, reason: str) -> None:
        """Mark the step as ended by ``status`` (not ok), saying why."""
        self.status, self.reason = status, reason

    def to_json(self) -> dict[str, Any]:
        """The step as ``result.json`` and ``trace.json`` hold it (see the module docstring)."""
        out: dict[str, Any] = {}
        for key in BASE_KEYS:
            if key in self.omitted or (key in ("type", "target") and self.type is None):
                continue
            out[key] = getattr(self, key)
        for key in EVIDENCE_KEYS:
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        for key, value in self.extra.items():
            out.setdefault(key, value)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Step:
        """A step read back from JSON (a checked ``result.json``, or any trace written before).

        Raises:
            ValueError: ``data`` has no integer ``index`` or a status no runner writes.
        """
        index = data.get("index")
        if not isinstance(index, int) or isinstance(index, bool):
            raise ValueError(f"a step needs an integer index, not {index!r}")
        known = {k: data[k] for k in BASE_KEYS if k in data}
        known.update({k: data[k] for k in EVIDENCE_KEYS if k in data})
        known["status"] = StepStatus(data.get("status", StepStatus.OK))
        known.setdefault("reason", "")
        known.setdefault("text", "")
        known.setdefault("seconds", 0.0)
        known.setdefault("timing", {})
        extra = {k: v for k, v in data.items() if k not in BASE_KEYS and k not in EVIDENCE_KEYS}
        # ``type`` and ``target`` are left out by the load-step rule; other base keys only
        # when the JSON had none.
        omitted = frozenset(k for k in BASE_KEYS[2:] if k not in data and k != "target")
        if "type" in data and "target" not in data:
            omitted |= {"target"}
        return cls(**known, extra=extra, omitted=omitted)


def steps_to_json(steps: list[Step]) -> list[dict[str, Any]]:
    """Steps as ``result.json``'s ``steps`` list."""
    return [step.to_json() for step in steps]
