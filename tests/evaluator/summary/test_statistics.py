"""Bootstrap intervals and paired differences, checked against cases worked out by hand."""

from __future__ import annotations

import pytest

from evaluator.summary.statistics import (
    Interval,
    bootstrap_ci,
    ci_over_samples,
    ci_over_tasks,
    mean,
    paired_difference,
    task_means,
)


def test_mean_of_nothing_is_zero() -> None:
    assert mean([]) == 0.0
    assert mean([0.2, 0.4]) == pytest.approx(0.3)


def test_no_values_no_interval() -> None:
    assert bootstrap_ci([]) is None
    assert ci_over_tasks([]) is None


def test_equal_values_give_a_zero_width_interval() -> None:
    # Every resample of [0.4, 0.4, 0.4] has mean 0.4.
    assert bootstrap_ci([0.4, 0.4, 0.4]) == Interval(pytest.approx(0.4), pytest.approx(0.4))
    assert bootstrap_ci([0.7]) == Interval(0.7, 0.7)


def test_two_values_span_both_ends() -> None:
    # Resampling [0, 1] twice gives means 0, 0.5, 1 with chances 1/4, 1/2, 1/4: the 2.5th
    # percentile is 0 and the 97.5th is 1 (each end holds about 25% of the resamples).
    ci = bootstrap_ci([0.0, 1.0])
    assert ci == Interval(0.0, 1.0)


def test_interval_holds_the_mean_and_narrows_with_more_tasks() -> None:
    few = [0.0, 1.0, 0.5, 0.25]
    many = few * 25
    small, large = bootstrap_ci(few), bootstrap_ci(many)
    assert small is not None and large is not None
    assert small.low <= mean(few) <= small.high
    assert large.low <= mean(many) <= large.high
    assert large.high - large.low < small.high - small.low
    # The mean of 100 values in [0, 1] with sd ~0.38: about +-1.96 * 0.038 around 0.4375.
    assert large.low == pytest.approx(0.4375 - 0.074, abs=0.02)
    assert large.high == pytest.approx(0.4375 + 0.074, abs=0.02)


def test_fixed_seed_is_deterministic_and_seeds_differ() -> None:
    values = [0.1, 0.9, 0.3, 0.6, 0.2]
    assert bootstrap_ci(values) == bootstrap_ci(values)
    # Few resamples, so the two seeds' draws visibly differ.
    assert bootstrap_ci(values, resamples=40, seed=1) != bootstrap_ci(values, resamples=40, seed=2)


def test_tasks_are_scored_by_the_mean_of_their_samples() -> None:
    assert task_means([[1.0, 0.0], [0.5], []]) == [0.5, 0.5, 0.0]
    # Both tasks average 0.5: resampling tasks cannot move the mean.
    assert ci_over_tasks([[1.0, 0.0], [0.5, 0.5]]) == Interval(0.5, 0.5)


def test_over_samples_needs_more_than_one_sample() -> None:
    assert ci_over_samples([[0.3], [0.9]]) is None
    assert ci_over_samples([]) is None
    # Identical samples: the model is deterministic on these tasks, zero width.
    assert ci_over_samples([[0.3, 0.3], [0.9, 0.9]]) == Interval(
        pytest.approx(0.6), pytest.approx(0.6)
    )


def test_over_samples_one_noisy_task() -> None:
    # Task 1 fixed at 1.0; task 2's two samples are 0 and 1, so its resampled mean is 0, 0.5
    # or 1 (1/4, 1/2, 1/4) and the run's mean (1 + m) / 2 is 0.5, 0.75 or 1.
    assert ci_over_samples([[1.0, 1.0], [0.0, 1.0]]) == Interval(0.5, 1.0)


def test_paired_difference_uses_shared_tasks_only() -> None:
    a = {"t1": 0.9, "t2": 0.5, "only-a": 0.0}
    b = {"t1": 0.4, "t2": 0.0, "only-b": 1.0}
    diff = paired_difference(a, b)
    assert diff.tasks == 2
    # Differences 0.5 and 0.5: mean 0.5, no spread.
    assert diff.mean == pytest.approx(0.5)
    assert diff.ci95 == Interval(pytest.approx(0.5), pytest.approx(0.5))


def test_paired_difference_sign_and_spread() -> None:
    a = {"t1": 0.0, "t2": 1.0}
    b = {"t1": 0.0, "t2": 0.0}
    diff = paired_difference(a, b)
    # Differences 0 and 1: as the two-value case above.
    assert diff.mean == pytest.approx(0.5)
    assert diff.ci95 == Interval(0.0, 1.0)
    assert paired_difference(b, a).mean == pytest.approx(-0.5)


def test_paired_difference_with_nothing_shared() -> None:
    diff = paired_difference({"x": 1.0}, {"y": 0.0})
    assert (diff.tasks, diff.mean, diff.ci95) == (0, 0.0, None)
