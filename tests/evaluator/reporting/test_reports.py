"""report.md, report.html and run comparison, built from a run folder alone."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from evaluator.reporting.html import write_html_report
from evaluator.reporting.markdown import comparison, run_report
from evaluator.results import RunResult, TaskResult, read_results, write_results


def _run(tmp_path: Path, model: str, final: float) -> Path:
    run = RunResult(run_id=f"r-{model}", model=model, profile="offline", metric="m")
    steps = [
        {
            "index": 1,
            "type": "click",
            "description": "Click <Add>",
            "status": "passed",
            "reason": "",
            "screenshot": "step_1.png",
            "target": {"tag": "button", "text": "Add", "found_by": "text", "why": "exact text"},
            "hints": ["text Add from the quoted phrase <Add>"],
            "vision": {"ssim": 0.9, "score": 0.9},
        },
        {
            "index": 2,
            "type": "type",
            "description": "Type a name",
            "status": "target_not_found",
            "reason": "no input",
            "screenshot": None,
            "target": None,
            "vision": None,
        },
    ]
    run.tasks = [
        TaskResult(
            id="shop",
            status="ok",
            ifs=0.5,
            vfs=0.9,
            final=final,
            passed=1,
            total=2,
            initial={"screenshot": "step_0.png", "vision": {"score": 1.0}},
            steps=steps,
        ),
        TaskResult(id="broken", status="model_error", reason="no html code block", total=3),
    ]
    run_dir = tmp_path / run.run_id
    task_dir = run_dir / "shop"
    task_dir.mkdir(parents=True)
    for name, shade in (("step_0", 200), ("step_1", 120), ("ref_step_0", 200), ("ref_step_1", 60)):
        Image.new("RGB", (320, 200), (shade, shade, shade)).save(task_dir / f"{name}.png")
    write_results(run, run_dir)
    return run_dir


def test_html_report_is_an_index_plus_one_page_per_task_with_every_step(
    tmp_path: Path,
) -> None:
    run_dir = _run(tmp_path, "model-a", 0.5)
    index = write_html_report(run_dir).read_text()
    # The index holds no screenshot: charts, the table and a link per task.
    assert "<img" not in index and index.count("<svg") >= 5
    assert 'href="shop/report.html"' in index
    assert "broken/report.html" not in index  # no folder, no page: no dead link
    assert "no html code block" in index  # failed tasks are shown, not dropped
    assert "class='sortable'" in index
    page = (run_dir / "shop" / "report.html").read_text()
    for src in (
        "ref_step_0.png",
        "step_0.png",
        "diff_step_0.png",
        "ref_step_1.png",
        "step_1.png",
        "diff_step_1.png",
    ):
        assert f'src="{src}" loading="lazy"' in page
        assert (run_dir / "shop" / src).is_file()
    assert 'href="../report.html"' in page
    assert "Click &lt;Add&gt;" in page  # escaped, never raw HTML from a task
    assert "found by <code>text</code>" in page and "exact text" in page
    assert "hints: text Add from the quoted phrase &lt;Add&gt;" in page
    assert "target_not_found" in page and "no input" in page
    # A task with no folder (it failed before generating anything) has no page, only a row.
    assert not (run_dir / "broken" / "report.html").exists()
    # The difference image is brighter-red where the screenshots differ.
    diff = Image.open(run_dir / "shop" / "diff_step_1.png").convert("RGB").getpixel((10, 10))
    same = Image.open(run_dir / "shop" / "diff_step_0.png").convert("RGB").getpixel((10, 10))
    assert diff[0] > diff[1] + 50 and abs(same[0] - same[1]) < 5


def test_comparison_and_markdown_count_failures_as_zero(tmp_path: Path) -> None:
    a = read_results(_run(tmp_path, "model-a", 0.5))
    b = read_results(_run(tmp_path, "model-b", 0.8))
    text = comparison([a, b])
    assert text.index("| model-b |") < text.index("| model-a |")  # best first
    assert "| shop | 50.00 (ok) | 80.00 (ok) |" in text
    assert "| broken | 0.00 (model_error) | 0.00 (model_error) |" in text
    assert a["summary"]["final"] == 0.25  # (0.5 + 0) / 2: the failed task counts
    run = RunResult(
        run_id="x",
        model="m",
        profile="offline",
        metric="m",
        tasks=[TaskResult(id="t", status="timeout", reason="page | hung", total=1)],
    )
    assert "| t | timeout | 0/1 |" in run_report(run) and "page \\| hung" in run_report(run)


def test_task_figures_are_made_as_a_task_is_judged_and_a_bad_shot_is_skipped(
    tmp_path: Path,
) -> None:
    from evaluator.reporting.html import write_task_figures

    run_dir = _run(tmp_path, "model-a", 0.5)
    task_dir = run_dir / "shop"
    task = read_results(run_dir)["tasks"][0]
    result = TaskResult(**{k: task[k] for k in ("id", "status", "initial", "steps")})
    (task_dir / "step_1.png").write_bytes(b"not a png")
    write_task_figures(task_dir, result)  # logs the broken step, makes the others
    assert (task_dir / "diff_step_0.png").is_file()
    assert not (task_dir / "diff_step_1.png").exists()
    assert sorted(p.name for p in task_dir.glob("diff_*")) == ["diff_step_0.png"]


def test_comparison_gives_paired_differences_and_category_tables(tmp_path: Path) -> None:
    a = read_results(_run(tmp_path, "model-a", 0.5))
    b = read_results(_run(tmp_path, "model-b", 0.2))
    for t in (*a["tasks"], *b["tasks"]):
        t["classification"] = {"domain": "Shopping" if t["id"] == "shop" else None}
    # Category tables are computed from the tasks when the summary predates them.
    a["summary"].pop("categories")
    b["summary"].pop("categories")
    text = comparison([a, b])
    # b minus a, task by task: shop 0.2 - 0.5, broken 0 - 0: mean -15 points.
    assert "| model-b (r-model-b) | model-a (r-model-a) | 2 |" in text
    assert "-15.00 [-30.0, 0.0]" in text
    assert "### Domain (Final, 95% CI)" in text
    assert "| Shopping | 1 | 50.00 [50.0, 50.0] | 20.00 [20.0, 20.0] |" in text
    assert "| unspecified | 1 |" in text


def test_run_report_has_intervals_and_says_when_nothing_is_classified(tmp_path: Path) -> None:
    run_dir = _run(tmp_path, "model-c", 0.5)
    run = read_results(run_dir)
    # Finals 0.5 and 0 (the failed task counts): the two-value interval spans both.
    assert run["summary"]["ci95"]["tasks"]["final"] == [0.0, 0.5]
    assert run["summary"]["ci95"]["samples"] is None
    record = RunResult(run_id="r", model="m", profile="offline", metric="v")
    record.tasks = [TaskResult(**t) for t in run["tasks"]]
    text = run_report(record)
    assert "| Final | 25.00 | [0.0, 50.0] | — |" in text
    assert "No task carries a classification." in text
