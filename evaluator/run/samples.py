"""Several samples of a task (``--samples N``) summed up as one task result."""

from __future__ import annotations

import dataclasses

from evaluator.results import (
    TaskResult,
    TaskStatus,
)
from evaluator.run.folder import (
    SAMPLE_PREFIX,
)


def by_task(
    done: dict[tuple[str, int], TaskResult], samples: int, order: dict[str, int]
) -> list[TaskResult]:
    """Task results in task order; with several samples, one per task whose scores are the
    means over its samples (those not finished yet are left out until they are), its steps
    sample 0's, its status ``ok`` only when every sample's is (else the first other one)."""
    if samples == 1:
        return sorted(done.values(), key=lambda r: order[r.id])
    grouped: dict[str, dict[int, TaskResult]] = {}
    for (tid, k), result in done.items():
        grouped.setdefault(tid, {})[k] = result
    out = []
    for tid in sorted(grouped, key=order.__getitem__):
        parts = grouped[tid]
        first = parts[min(parts)]
        merged = dataclasses.replace(first, samples=[])
        failed = [(k, r) for k, r in sorted(parts.items()) if r.status != TaskStatus.OK]
        if failed:
            k, bad = failed[0]
            merged.status, merged.reason = bad.status, f"sample {k}: {bad.reason}"
        for key in ("ifs", "vfs", "final"):
            setattr(merged, key, sum(getattr(r, key) for r in parts.values()) / len(parts))
        merged.samples = [
            {
                "sample": k,
                "status": r.status,
                "reason": r.reason,
                "ifs": r.ifs,
                "vfs": r.vfs,
                "final": r.final,
                "passed": r.passed,
                "dir": "." if k == 0 else f"{SAMPLE_PREFIX}{k}",
            }
            for k, r in sorted(parts.items())
        ]
        out.append(merged)
    return out
