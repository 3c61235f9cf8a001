"""A dataset in the published schema, judged end to end on the real engine: integer
ids, classification, Type actions whose text is only in the sentence, Press actions with
a null key, scrolls with a direction (one up), a row whose resolution is in its folder's
metadata, and a broken row that becomes a task_error while the others are judged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from evaluator.run.options import RunOptions
from evaluator.run.pages import judge_pages
from evaluator.scoring import ocr
from evaluator.tasks.published import load_published
from tests.evaluator.tasks.published_rows import BROKEN_ID, write_dataset

pytestmark = [
    pytest.mark.docker,
    pytest.mark.usefixtures("sandbox_image"),
    pytest.mark.skipif(not ocr.available(), reason=ocr.UNAVAILABLE_REASON),
]


def test_published_rows_judge_end_to_end(tmp_path: Path) -> None:
    jsonl = write_dataset(tmp_path / "dataset")
    tasks = load_published(jsonl)
    pages = tmp_path / "pages"
    for task in tasks:
        if task.reference_page is not None:  # the oracle: each row's own reference page
            (pages / task.id).mkdir(parents=True)
            shutil.copyfile(task.reference_page, pages / task.id / "index.html")
    run, run_dir = judge_pages(
        pages, tasks, tmp_path / "runs", RunOptions(workers=2, progress=print)
    )
    results = {t.id: t for t in run.tasks}
    assert list(results) == ["101", "102", "103", str(BROKEN_ID)]
    broken = results[str(BROKEN_ID)]
    assert (broken.status, broken.final) == ("task_error", 0.0)
    assert f"{jsonl}:4.action_sequence[0].type" in broken.reason
    assert f"{jsonl}:4.action_sequence[1].parameters" in broken.reason
    for tid in ("101", "102", "103"):
        assert results[tid].status == "ok", (tid, results[tid].reason)
    # The classification travels into every result, the broken row's too.
    assert results["102"].classification["domain"] == "Games"
    assert broken.classification["interaction_complexity"] == "Low"
    saved = json.loads((run_dir / "results.json").read_text())
    assert saved["tasks"][0]["classification"]["sub_domain"] == "To-do list"
    assert saved["summary"]["tasks"] == 4  # the task_error counts (as 0) in the averages
    # Text and keys read off the descriptions were typed and pressed; the trace says so.
    todo = results["101"]
    first, second = todo.steps[0], todo.steps[1]
    assert first["inputs"] == {"text": "Buy milk", "text_source": "description"}
    assert second["inputs"] == {"key": "Enter", "key_source": "description"}
    assert first["status"] == second["status"] == "passed", todo.steps[:2]
    guess = results["102"].steps
    assert [s["inputs"].get("text") for s in guess if s["type"] == "type"] == [
        "50",
        "25",
        "40",
        "37",
    ]
    assert all(s["status"] == "passed" for s in guess[:6]), [
        (s["status"], s["reason"]) for s in guess
    ]
    # The last scroll of 103 goes up (direction "up"): it executed, back towards the top.
    landing = results["103"].steps
    up = landing[-1]
    assert up["inputs"]["amount"] < 0 and up["inputs"]["direction_source"] == "parameters"
    if results["103"].passed == len(landing):
        assert up["status"] == "passed"
    print({tid: (r.status, r.passed, r.total, round(r.final, 3)) for tid, r in results.items()})
    print(json.dumps([{k: t[k] for k in ("id", "status", "ifs", "vfs", "final", "classification")}
                      for t in saved["tasks"]], indent=1))  # fmt: skip
    print(json.dumps(todo.steps[0]["inputs"]), json.dumps(landing[-1]["inputs"]))
