"""report.html in a real browser: the sandbox image's Chromium, started by the launcher.

The index and a task page must render (charts, table, lazy screenshots), the sort script
must run under the page's Content-Security-Policy, and no text from a task, a page or a
model may become markup or script: each hostile string below must come out as the very
text it is, with the page around it intact.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from evaluator.reporting.html import REPORT_FILE, write_html_report
from evaluator.results import RunResult, TaskResult, write_results
from sandbox.launcher import Limits, run_job

pytestmark = pytest.mark.docker

W, H = 1280, 2000
# If any of these were written unescaped, its script would replace the page's body.
SCRIPT = "<script>document.body.innerHTML='PWNED'</script>"
IMG = "<img src=x onerror=\"document.body.innerHTML='PWNED'\">"
SVG = "<svg onload=\"document.body.innerHTML='PWNED'\">"
CLOSE = "</code></td></tr></table><b id=injected>bold</b>"
URL = "javascript:document.body.innerHTML='PWNED'"


def _hostile_run(tmp_path: Path) -> Path:
    run = RunResult(run_id="browser-check", model=f"model {SCRIPT}", profile="offline", metric="v")
    run.provenance = {"judge_model": IMG}
    finals = {"alpha": 0.9, "bravo": 0.1, "charlie": 0.5}
    for tid, final in finals.items():
        run.tasks.append(
            TaskResult(
                id=tid,
                status="ok" if tid != "bravo" else "page_error",
                reason=f"navigated to {URL} {IMG}" if tid == "bravo" else "",
                ifs=final,
                vfs=final / 2 + 0.2,
                final=final,
                passed=1,
                total=1,
                initial={"screenshot": "step_0.png"},
                steps=[
                    {
                        "index": 1,
                        "type": "click",
                        "description": f"Click {CLOSE}",
                        "status": "passed",
                        "reason": SCRIPT,
                        "screenshot": "step_1.png",
                        "target": {"tag": "a", "text": IMG, "found_by": "text", "why": URL},
                        "hints": [SVG],
                    }
                ],
                classification={"domain": SVG, "interaction_complexity": "L1"},
            )
        )
    run_dir = tmp_path / run.run_id
    for tid in finals:
        task_dir = run_dir / tid
        task_dir.mkdir(parents=True)
        for name, shade in (
            ("step_0", 230),
            ("step_1", 90),
            ("ref_step_0", 230),
            ("ref_step_1", 40),
        ):
            Image.new("RGB", (320, 200), (shade, 120, 255 - shade)).save(task_dir / f"{name}.png")
    write_results(run, run_dir)
    write_html_report(run_dir)
    return run_dir


def test_report_renders_sorts_and_shows_hostile_text_as_text(tmp_path: Path) -> None:
    run_dir = _hostile_run(tmp_path)
    # The runner serves a folder's index.html: the run folder, its index as index.html.
    page = tmp_path / "page"
    shutil.copytree(run_dir, page)
    shutil.copy(page / REPORT_FILE, page / "index.html")
    job = {
        "mode": "judge",
        "viewport": {"width": W, "height": H},
        "actions": [
            # Sort by Final (ascending), then open the first task's page.
            {"type": "click", "target": {"selector": "#tasks th:nth-child(9)"}},
            {"type": "click", "target": {"selector": "#tasks tbody a"}},
        ],
    }
    out = tmp_path / "out"
    run = run_job(job, page, out, limits=Limits(wall_seconds=240))
    assert run.status == "ok", run
    result = json.loads((out / "result.json").read_text())
    assert result["status"] == "ok", result["reason"]
    index, sorted_index, task_page = (s["text"] for s in result["steps"])
    assert [s["status"] for s in result["steps"]] == ["ok"] * 3, result["steps"]
    # Rendered: the headings and the table are there, and the body was not replaced.
    for text in (index, sorted_index):
        assert "IWR-Bench run browser-check" in text and "By category" in text
        # "PWNED" appears only inside the hostile strings shown as text.
        rest = text
        for hostile in (SCRIPT, IMG, SVG, URL):
            rest = rest.replace(hostile, "")
        assert "PWNED" not in rest, rest
    # Every hostile string is shown as the text it is.
    for hostile in (SCRIPT, IMG, SVG):
        assert hostile in index, hostile
    # The sort script ran (allowed by its hash): ascending Final puts bravo first.
    table = sorted_index[sorted_index.index("Tasks (3)") :]
    assert table.index("bravo") < table.index("charlie") < table.index("alpha"), table
    unsorted = index[index.index("Tasks (3)") :]
    assert unsorted.index("alpha") < unsorted.index("bravo")
    # The link led to the task page (sorted first: bravo), whose texts are inert too.
    assert "all tasks" in task_page and "bravo" in task_page
    for hostile in (SCRIPT, IMG, SVG, "<b id=injected>bold</b>", URL):
        assert hostile in task_page, hostile
    # The index drew something: its screenshot is far from one flat colour.
    shot = np.asarray(Image.open(out / "step_0.png").convert("L"), dtype=np.float32)
    assert shot.shape == (H, W) and shot.std() > 20
    keep = tmp_path / "report-index.png"
    shutil.copy(out / "step_0.png", keep)
    shutil.copy(out / "step_2.png", tmp_path / "report-task.png")
