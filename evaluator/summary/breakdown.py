"""A run's scores as the paper tabulates them: intervals, and the split by category.

Reads task records as ``results.json`` holds them (dicts) or as ``TaskResult`` objects,
so the same figures come out of a finished run and out of an old results file that
predates them. A task's scores per sample are its ``samples`` entries when it was
generated several times (``--samples N``), else its own ``ifs``/``vfs``/``final``.
Failed tasks and samples score 0 and count, as in every average of this evaluator.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from evaluator.summary.statistics import METHOD, ci_over_samples, ci_over_tasks, mean, task_means

SCORES = ("ifs", "vfs", "final")
# The classification axes the paper breaks its tables down by, in its order.
CATEGORY_AXES = ("interaction_complexity", "visual_complexity", "domain")
# A task with no value on an axis is grouped under this name, never dropped.
UNSPECIFIED = "unspecified"


def _get(task: Any, key: str, default: Any = None) -> Any:
    if isinstance(task, Mapping):
        return task.get(key, default)
    return getattr(task, key, default)


def sample_scores(task: Any, key: str) -> list[float]:
    """One task's ``key`` score per sample (one entry when it was generated once)."""
    samples = _get(task, "samples") or []
    if samples:
        return [float(s.get(key) or 0.0) for s in samples]
    return [float(_get(task, key) or 0.0)]


def score_matrix(tasks: Sequence[Any], key: str) -> list[list[float]]:
    """``scores[task][sample]`` for one score name."""
    return [sample_scores(t, key) for t in tasks]


def ci95(tasks: Sequence[Any]) -> dict[str, Any]:
    """``summary.ci95``: per score, the interval over tasks and (with samples) over samples."""
    over_tasks: dict[str, list[float] | None] = {}
    over_samples: dict[str, list[float] | None] = {}
    for key in SCORES:
        matrix = score_matrix(tasks, key)
        t, s = ci_over_tasks(matrix), ci_over_samples(matrix)
        over_tasks[key] = t.as_list() if t else None
        over_samples[key] = s.as_list() if s else None
    has_samples = any(v is not None for v in over_samples.values())
    return {
        "tasks": over_tasks,
        "samples": over_samples if has_samples else None,
        "method": METHOD,
    }


def category_value(task: Any, axis: str) -> str:
    """The task's value on one classification axis, ``unspecified`` when it has none."""
    classification = _get(task, "classification") or {}
    value = classification.get(axis) if isinstance(classification, Mapping) else None
    text = str(value).strip() if value is not None else ""
    return text or UNSPECIFIED


def _group(tasks: Sequence[Any]) -> dict[str, Any]:
    means = {k: mean(task_means(score_matrix(tasks, k))) for k in SCORES}
    intervals = {}
    for k in SCORES:
        interval = ci_over_tasks(score_matrix(tasks, k))
        intervals[k] = interval.as_list() if interval else None
    return {"tasks": len(tasks), **means, "ci95": intervals}


def categories(tasks: Sequence[Any]) -> dict[str, dict[str, Any]]:
    """``summary.categories``: for each axis, each value's task count, means and intervals.

    Values are sorted by name with ``unspecified`` last; intervals are over the value's
    own tasks (a value held by one task has a zero-width interval: read it as "one task").
    """
    out: dict[str, dict[str, Any]] = {}
    for axis in CATEGORY_AXES:
        groups: dict[str, list[Any]] = {}
        for t in tasks:
            groups.setdefault(category_value(t, axis), []).append(t)
        names = sorted(groups, key=lambda v: (v == UNSPECIFIED, v))
        out[axis] = {name: _group(groups[name]) for name in names}
    return out


def has_categories(breakdown: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether any task carries a classification (else every table is one 'unspecified' row)."""
    return any(set(values) - {UNSPECIFIED} for values in breakdown.values())
