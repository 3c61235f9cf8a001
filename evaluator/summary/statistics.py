"""Means with 95% bootstrap confidence intervals, and paired differences between runs.

Pure functions of plain numbers, so a result's intervals can be recomputed from
``results.json`` alone and tested by hand. Every bootstrap here is the percentile
bootstrap of a mean with a fixed seed: the same scores always give the same interval,
so two people reading one run see the same figures.

Two sources of uncertainty are kept apart (a run has ``tasks × samples`` scores):

- **over tasks**: which tasks the benchmark happens to hold. Tasks are resampled with
  replacement, each task scored by the mean of its samples. This is the interval to
  quote when comparing models on "the benchmark".
- **over samples**: how much the model's own randomness moves the score on these very
  tasks. Tasks stay fixed; each task's samples are resampled with replacement. It exists
  only when some task has more than one sample (``--samples N``).

A paired difference resamples the tasks both runs share, and differences their scores
task by task, which is far tighter than comparing two independent intervals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

# Fixed so that an interval is a function of the scores only.
SEED = 20250
RESAMPLES = 2000
LEVEL = 0.95
METHOD = f"percentile bootstrap of the mean, {RESAMPLES} resamples, seed {SEED}"


@dataclass(frozen=True)
class Interval:
    """A confidence interval ``[low, high]`` (written to JSON as a two-number list)."""

    low: float
    high: float

    def as_list(self) -> list[float]:
        return [round(self.low, 6), round(self.high, 6)]


@dataclass(frozen=True)
class PairedDifference:
    """Run A minus run B over the tasks both hold: the mean difference and its interval."""

    tasks: int
    mean: float
    ci95: Interval | None


def mean(values: Sequence[float]) -> float:
    """The arithmetic mean; 0.0 for no values (a run with no tasks scores 0)."""
    return float(sum(values) / len(values)) if values else 0.0


def _percentiles(means: np.ndarray, level: float) -> Interval:
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return Interval(float(low), float(high))


def bootstrap_ci(
    values: Sequence[float],
    *,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    level: float = LEVEL,
) -> Interval | None:
    """Percentile bootstrap interval of the mean of ``values``; None for no values.

    One value (or all equal) gives a zero-width interval: resampling cannot vary it.
    """
    data = np.asarray(values, dtype=np.float64)
    if data.size == 0:
        return None
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, data.size, size=(resamples, data.size))
    return _percentiles(data[picks].mean(axis=1), level)


def task_means(scores: Sequence[Sequence[float]]) -> list[float]:
    """Each task's mean over its samples (a task with no sample counts as 0)."""
    return [mean(s) for s in scores]


def ci_over_tasks(
    scores: Sequence[Sequence[float]], *, resamples: int = RESAMPLES, seed: int = SEED
) -> Interval | None:
    """Interval of the run's mean when tasks are resampled (``scores[task][sample]``)."""
    return bootstrap_ci(task_means(scores), resamples=resamples, seed=seed)


def ci_over_samples(
    scores: Sequence[Sequence[float]],
    *,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    level: float = LEVEL,
) -> Interval | None:
    """Interval of the run's mean when each task's samples are resampled, tasks fixed.

    None when no task has more than one sample: there is nothing to resample, and a
    zero-width interval would wrongly claim the model is deterministic.
    """
    if not scores or all(len(s) <= 1 for s in scores):
        return None
    rng = np.random.default_rng(seed)
    totals = np.zeros(resamples)
    for task in scores:
        data = np.asarray(task if len(task) else [0.0], dtype=np.float64)
        picks = rng.integers(0, data.size, size=(resamples, data.size))
        totals += data[picks].mean(axis=1)
    return _percentiles(totals / len(scores), level)


def paired_difference(
    a: Mapping[str, float],
    b: Mapping[str, float],
    *,
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> PairedDifference:
    """``A - B`` over the task ids both mappings hold, with a bootstrap interval over them.

    Tasks only one run holds are left out (they cannot be paired); ``tasks`` says how many
    were compared. No shared task gives ``tasks == 0``, mean 0 and no interval.
    """
    shared = [k for k in a if k in b]
    diffs = [a[k] - b[k] for k in shared]
    return PairedDifference(
        tasks=len(shared),
        mean=mean(diffs),
        ci95=bootstrap_ci(diffs, resamples=resamples, seed=seed),
    )
