"""What hostile pages cost the host, judged end to end on the real engine (issue 19): each of
the suite's host-* pages is judged with the offline profile on a task whose texts are unknown
(so both sides of the text score are read by OCR), within the page's host budget; what it
puts in reasons reaches report.md and the console inert; and an honest page judged beside the
costliest one is not held up by it.
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest

from evaluator.judging.judge import judge_page
from evaluator.reporting.markdown import run_report
from evaluator.results import RunResult, TaskResult, TaskStatus
from evaluator.run.progress import progress_line
from evaluator.scoring import ocr
from evaluator.scoring.budget import PAGE_HOST_SECONDS
from evaluator.tasks.task import Task, load_task
from tests.evaluator.conftest import write_task

pytestmark = [
    pytest.mark.docker,
    pytest.mark.usefixtures("sandbox_image"),
    pytest.mark.skipif(not ocr.available(), reason=ocr.UNAVAILABLE_REASON),
]

HOSTILE = Path(__file__).parent / "hostile"
HOST_PAGES = ("host-dense-text", "host-fence-text", "host-report-injection")
# What a page may cost past its budget: the work between two checks (one metric, one
# difference image) and writing the trace.
SLACK_S = 5.0
HONEST = "<!DOCTYPE html><html><body><h1>Shop</h1><p>Welcome</p><button>Go</button></body></html>"
TASK = {
    "id": "host-cost",
    "title": "Host cost",
    "category": "test",
    "viewport": {"width": 800, "height": 600},
    "actions": [{"type": "click", "description": "Click Go", "target": {"text": "Go"}}],
}


@pytest.fixture
def task(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Task:
    monkeypatch.setenv("IWR_OCR_CACHE", str(tmp_path / "ocr-cache"))
    ocr._MEMORY.clear()
    return load_task(write_task(tmp_path / "tasks", TASK, shots=2))


def test_hostile_pages_cost_the_host_a_bounded_time(task: Task, tmp_path: Path) -> None:
    results: list[TaskResult] = []
    for name in HOST_PAGES:
        html = (HOSTILE / name / "index.html").read_text()
        result = judge_page(task, html, tmp_path / "run" / name)
        print(f"{name}: {result.status}, host {result.judge['host_seconds']} s")
        assert result.status in (TaskStatus.OK, TaskStatus.HOST_BUDGET), result.reason
        assert result.judge["host_seconds"] <= PAGE_HOST_SECONDS + SLACK_S
        result.id = name
        results.append(result)
    run = RunResult(run_id="r", model="m", profile="offline", metric="v1", tasks=results)
    report = run_report(run)
    assert "evil.invalid" in report, "the reason with the planted URL is in the report"
    tasks_table = report.split("## Tasks")[1]
    assert not re.search(r"(?<!\\)[\[\]()<>!]", tasks_table.replace("|---", ""))
    for n, result in enumerate(results, start=1):
        assert progress_line(run, n, len(results), result, "").isprintable()


def test_an_honest_page_is_not_held_up_by_a_hostile_one(task: Task, tmp_path: Path) -> None:
    started = time.monotonic()
    alone = judge_page(task, HONEST, tmp_path / "alone")
    alone_s = time.monotonic() - started
    assert alone.status == TaskStatus.OK, alone.reason

    hostile = (HOSTILE / "host-dense-text" / "index.html").read_text()
    thread = threading.Thread(target=judge_page, args=(task, hostile, tmp_path / "hostile"))
    thread.start()
    # Honest pages one after another for as long as the hostile one is judged (its sandbox,
    # then its OCR on the host): the slowest of them is the figure.
    beside: list[float] = []
    try:
        while thread.is_alive() or len(beside) < 2:
            started = time.monotonic()
            result = judge_page(task, HONEST, tmp_path / f"beside-{len(beside)}")
            beside.append(time.monotonic() - started)
            assert result.status == TaskStatus.OK and result.final == pytest.approx(
                alone.final, abs=0.02
            )
    finally:
        thread.join()
    worst = max(beside)
    print(f"honest page alone {alone_s:.1f} s, beside the dense-text page at worst {worst:.1f} s")
    # Two containers share the machine's cores, so some slowdown is expected; the issue's
    # stall was 112 s for a 3 s page.
    assert worst < 2.5 * alone_s + 10, f"alone {alone_s:.1f} s, beside {beside}"
