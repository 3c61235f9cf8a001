"""The pages-unlike-the-reference figure and the rescoring comparison, on made-up inputs.
No Docker, no browser, no Tesseract."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import rescore, unlike
from benchmarks.suites import SuiteRun
from evaluator.tasks.loader import load_tasks

REPO = Path(__file__).resolve().parents[2]


def test_the_unlike_pages_are_the_validity_suites_restyled_grade(tmp_path: Path) -> None:
    task = next(t for t in load_tasks(REPO / "tasks") if t.id == "tip-calculator")
    unlike.stage_restyled_pages([task], tmp_path)
    html = (tmp_path / task.id / "index.html").read_text(encoding="utf-8")
    reference = task.reference_page
    assert reference is not None and html != reference.read_text(encoding="utf-8")
    assert "iwr-shell" in html  # the restyled grade's new structure


def test_unlike_figures_count_the_passed_actions_and_part_readings(tmp_path: Path) -> None:
    results = {"tasks": [{"id": "a", "passed": 4}, {"id": "b", "passed": 0}, {"id": "c"}]}
    (tmp_path / "results.json").write_text(json.dumps(results))
    run = SuiteRun("unlike-k2", 2, None, 8.0, 10, 2, 3, tmp_path, ocr_runs=9, ocr_seconds=3.5)
    figures = unlike.unlike_figures(run, 6)
    assert figures["published_unlike_actions_per_s"] == 1.25
    detail = figures["published_unlike"]
    assert (detail["passed_actions"], detail["ocr_runs"], detail["ocr_part_runs"]) == (4, 9, 6)


def _scored(texts: dict[str, list[float]], vfs: dict[str, float]) -> dict:
    return {
        "pages": {
            page: {
                "ifs": 1.0,
                "vfs": vfs[page],
                "final": 0.7 + 0.3 * vfs[page],
                "steps": {str(i): {"text": t, "score": t / 2} for i, t in enumerate(values)},
            }
            for page, values in texts.items()
        }
    }


def test_rescoring_comparison_gives_the_largest_and_mean_differences() -> None:
    before = _scored({"a": [1.0, 0.5], "b": [0.8]}, {"a": 0.6, "b": 0.7})
    after = _scored({"a": [1.0, 0.7], "b": [0.7]}, {"a": 0.6, "b": 0.75})
    diff = rescore.compare(before, after)
    assert diff["text_similarity"] == {"n": 3, "max": 0.2, "mean": 0.1}
    assert diff["step_visual"]["max"] == 0.1
    assert diff["vfs"] == {"n": 2, "max": 0.05, "mean": 0.025}
    assert diff["ifs_same"] and len(diff["steps_moved"]) == 2
    assert rescore.compare(before, before)["steps_moved"] == []
