"""The benchmark's arithmetic on made-up traces: which steps count as actions, how the parts
add up, and where the score time comes from. No Docker, no browser."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from benchmarks import suites as bench_suites
from benchmarks import traces as bench_traces
from benchmarks.suites import SuiteRun
from evaluator.tasks.loader import load_tasks

REPO = Path(__file__).resolve().parents[2]


def _step(index: int, status: str = "ok", **timing: float) -> dict:
    return {
        "index": index,
        "status": status,
        "timing": timing,
        "settle_seconds": timing.get("settle"),
    }


@pytest.fixture
def suite(tmp_path: Path) -> tuple:
    task = next(t for t in load_tasks(REPO / "tasks") if t.id == "tip-calculator")
    steps = [
        _step(0, load=0.2, settle=0.1, capture=0.01),
        _step(1, find=0.01, act=0.02, settle=0.1, capture=0.01),
        _step(2, find=0.02, act=0.03, settle=0.2, capture=0.01),
        _step(3, "timeout", find=0.01),
    ]
    (tmp_path / task.id).mkdir()
    (tmp_path / task.id / "trace.json").write_text(json.dumps({"steps": steps}))
    run = SuiteRun("k1", 1, None, 10.0, 5, 1, 1, tmp_path)
    return run, task


def test_per_action_counts_executed_ok_actions_and_adds_their_parts(suite: tuple) -> None:
    run, task = suite
    totals, parts, steps = bench_traces.per_action(run, [task], {task.id: 0.05})
    assert [s["index"] for s in steps] == [1, 2]  # not step 0, not the failed step
    assert totals == pytest.approx(
        [0.01 + 0.02 + 0.1 + 0.01 + 0.05, 0.02 + 0.03 + 0.2 + 0.01 + 0.05]
    )
    assert parts["score"] == [0.05, 0.05] and parts["settle"] == [0.1, 0.2]


def test_a_task_without_a_score_time_takes_the_median_of_the_others(suite: tuple) -> None:
    run, task = suite
    totals, parts, _ = bench_traces.per_action(run, [task], {"other": 0.2, "third": 0.4})
    assert parts["score"] == [pytest.approx(0.3)] * 2


def test_settle_figures_count_capped_steps() -> None:
    steps = [
        {"settle_seconds": 0.1, "settle_captures": 1, "settled": True},
        {"settle_seconds": 2.0, "settle_captures": 9, "settled": False},
        {"settle_seconds": 0.3, "settle_captures": 2, "settled": True},
    ]
    figures = bench_traces.settle_figures(steps)
    assert figures["capped_steps"] == 1 and figures["median_s"] == 0.3
    assert figures["max_s"] == 2.0 and figures["captures_median"] == 2


def test_p90_is_a_value_that_was_measured() -> None:
    values = [float(v) for v in range(1, 11)]
    assert bench_traces.p90(values) == 10.0
    assert bench_traces.median([]) is None and bench_traces.p90([]) is None


def _results(folder: Path, tasks: dict[str, tuple[float, list[str]]]) -> SuiteRun:
    folder.mkdir()
    rows = [
        {
            "id": i,
            "ifs": ifs,
            "passed": statuses.count("passed"),
            "steps": [{"status": s} for s in statuses],
        }
        for i, (ifs, statuses) in tasks.items()
    ]
    (folder / "results.json").write_text(json.dumps({"tasks": rows}))
    return SuiteRun(folder.name, 2, None, 10.0, 4, len(rows), len(rows), folder)


def test_same_verdicts_names_the_tasks_whose_judging_changed(tmp_path: Path) -> None:
    first = _results(
        tmp_path / "a", {"x": (1.0, ["passed"] * 2), "y": (0.5, ["passed", "assertion_failed"])}
    )
    again = _results(
        tmp_path / "b", {"x": (1.0, ["passed"] * 2), "y": (0.0, ["assertion_failed"] * 2)}
    )
    assert bench_suites.same_scores(first, again) == {"same": 1, "compared": 2, "differ": ["y"]}
    assert bench_suites.same_scores(first, first)["differ"] == []


def test_a_suites_ocr_usage_is_what_ran_during_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = iter([{"runs": 3.0, "seconds": 1.5}, {"runs": 7.0, "seconds": 4.0}])
    monkeypatch.setattr(bench_suites.ocr, "usage", lambda: next(counts))
    run = bench_suites._with_ocr_usage(lambda: SuiteRun("p", 2, None, 10.0, 4, 1, 1, tmp_path))
    assert (run.ocr_runs, run.ocr_seconds) == (4, 2.5)


def test_the_ray_figure_is_skipped_with_its_reason_without_ray(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import importlib.util

    from benchmarks import ray_overhead

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "ray" else real(name, *a)
    )
    figures = ray_overhead.ray_figures([], tmp_path, tmp_path, 2)
    assert figures == {
        "ray_vs_local_ratio": None,
        "ray_overhead": {"skipped": "ray is not installed (pip install 'iwr-bench[ray]')"},
    }


def test_a_cluster_fault_loses_only_the_ray_figure(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import contextlib

    from benchmarks import ray_overhead

    @contextlib.contextmanager
    def broken(slots: int):  # noqa: ANN202 (a stand-in for loopback_cluster)
        raise RuntimeError("ray start failed")
        yield "never"

    monkeypatch.setattr(ray_overhead, "ray_available", lambda: None)
    monkeypatch.setattr(ray_overhead, "loopback_cluster", broken)
    figures = ray_overhead.ray_figures([], tmp_path, tmp_path, 2)
    assert figures == {
        "ray_vs_local_ratio": None,
        "ray_overhead": {"failed": "RuntimeError: ray start failed"},
    }


def test_the_stripped_suites_oracle_pages_are_served_every_asset_name(tmp_path: Path) -> None:
    bundled = [t for t in load_tasks(REPO / "tasks") if t.id == "chat-app"]
    exported = bench_suites.stripped_export(bundled, tmp_path / "published")
    served = bench_suites.with_original_assets(exported, bundled, tmp_path / "served")
    (task,) = served
    markup = task.reference_page.read_text(encoding="utf-8") if task.reference_page else ""
    named = set(re.findall(r"assets/(asset\d+\.\w+)", markup))
    assert named and all((task.assets_dir / n).is_file() for n in named)
    # The names the page's script builds ('assets/av-' + name) are served too...
    assert (task.assets_dir / "av-priya.png").is_file()
    # ...without changing the export itself.
    assert not (exported[0].assets_dir / "av-priya.png").exists()
