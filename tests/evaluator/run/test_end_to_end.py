"""The whole path on real parts: real containers, real Chromium, real gRPC sockets.

Marked docker (and grpc where a server runs); they need the sandbox image, which
the session fixture builds once if it is missing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from evaluator.cli.main import main
from evaluator.judging.judge import judge_page
from evaluator.recording.recorder import RecordError, record_task, verify_task
from evaluator.tasks.loader import load_tasks
from evaluator.tasks.task import load_task
from evaluator.tasks.video import sample_frames

REPO = Path(__file__).resolve().parents[3]
pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

MINI_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body{font-family:'DejaVu Sans';margin:40px} .btn{padding:8px 14px}</style></head><body>
<h1>Counter</h1><p id="n">Clicked 0 times</p>
<input id="name" placeholder="Your name"><p id="hello"></p>
<button class="btn" id="inc">Add one</button>
<script>let n=0;document.getElementById('inc').onclick=()=>{n++;
document.getElementById('n').textContent='Clicked '+n+' times'};
document.getElementById('name').oninput=e=>{
document.getElementById('hello').textContent='Hello, '+e.target.value};</script></body></html>
"""


def _mini_task(root: Path, expect_after_click: str = "Clicked 1 times") -> Path:
    folder = root / "mini-counter"
    (folder / "reference").mkdir(parents=True)
    (folder / "reference" / "index.html").write_text(MINI_PAGE)
    actions = [
        {
            "type": "click",
            "description": "Click 'Add one'",
            "target": {"selector": "#inc", "text": "Add one"},
            "expect": {"text_present": [expect_after_click]},
        },
        {
            "type": "type",
            "description": "Type Ada in the name box",
            "target": {"selector": "#name", "placeholder": "Your name"},
            "text": "Ada",
            "expect": {"text_present": ["Hello, Ada"]},
        },
    ]
    (folder / "task.json").write_text(
        json.dumps(
            {"id": "mini-counter", "viewport": {"width": 640, "height": 400}, "actions": actions}
        )
    )
    return folder


def test_recorder_produces_a_judgeable_task(tmp_path: Path) -> None:
    task = load_task(_mini_task(tmp_path))
    rec = record_task(task)
    assert task.missing_recording() == []
    assert rec.steps == 2 and rec.frames >= 3
    assert len(sample_frames(task.video)) >= 2  # every step is held about a second
    # A second recording reproduces every checkpoint (iwr tasks verify).
    checks = verify_task(task)
    assert len(checks) == 3 and all(c.ok for c in checks), checks
    # The oracle (its own reference page) passes; a blank page fails at once.
    oracle = judge_page(task, task.reference_page.read_text(), tmp_path / "oracle")
    assert (oracle.status, oracle.ifs) == ("ok", 1.0)
    assert oracle.vfs >= 0.95
    blank = judge_page(task, "<!DOCTYPE html><html><body></body></html>", tmp_path / "blank")
    assert blank.status == "ok" and blank.ifs == 0.0
    assert blank.steps[0]["status"] == "target_not_found"
    assert blank.steps[1]["status"] == "not_run"


def test_recorder_refuses_a_reference_that_fails_its_own_task(tmp_path: Path) -> None:
    task = load_task(_mini_task(tmp_path, expect_after_click="Clicked 5 times"))
    with pytest.raises(RecordError, match="step 1"):
        record_task(task)
    assert not task.video.exists()


def test_bundled_oracle_pages_pass_every_step(tmp_path: Path) -> None:
    task = next(t for t in load_tasks(REPO / "tasks") if t.id == "todo-app")
    result = judge_page(task, task.reference_page.read_text(), tmp_path / task.id)
    assert result.status == "ok", result.reason
    assert result.ifs == 1.0 and result.vfs >= 0.95
    assert len(result.steps) == len(task.actions)
    assert (tmp_path / task.id / "step_0.png").is_file()


@pytest.mark.grpc
def test_run_with_baselines_over_grpc_writes_results(tmp_path: Path) -> None:
    tasks = tmp_path / "tasks"
    shutil.copytree(REPO / "tasks" / "tip-calculator", tasks / "tip-calculator")
    runner = CliRunner()
    scores = {}
    for name in ("oracle", "blank"):
        out = runner.invoke(
            main,
            [
                "run",
                "--model",
                f"baseline:{name}",
                "--tasks",
                str(tasks),
                "--out",
                str(tmp_path / "runs"),
            ],
        )
        assert out.exit_code == 0, out.output
        path = Path(out.output.strip().splitlines()[-1].removeprefix("results: "))
        data = json.loads(path.read_text())
        assert data["model"] == name and data["profile"] == "offline"
        (task,) = data["tasks"]
        assert len(task["steps"]) == 5
        assert all(0.0 <= task[k] <= 1.0 for k in ("ifs", "vfs", "final"))
        assert data["summary"]["final"] == pytest.approx(task["final"])
        assert (path.parent / "report.md").is_file()
        scores[name] = task
    assert scores["oracle"]["ifs"] == 1.0 and scores["oracle"]["vfs"] >= 0.95
    assert scores["blank"]["ifs"] == 0.0


def test_judge_command_scores_missing_pages_as_zero(tmp_path: Path) -> None:
    tasks = tmp_path / "tasks"
    shutil.copytree(REPO / "tasks" / "tip-calculator", tasks / "tip-calculator")
    pages = tmp_path / "pages"
    pages.mkdir()
    out = CliRunner().invoke(
        main,
        ["judge", "--tasks", str(tasks), "--pages", str(pages), "--out", str(tmp_path / "runs")],
    )
    assert out.exit_code == 0, out.output
    path = Path(out.output.strip().splitlines()[-1].removeprefix("results: "))
    (task,) = json.loads(path.read_text())["tasks"]
    assert task["status"] == "page_error" and task["final"] == 0.0
    assert "no page" in task["reason"]


def test_judge_command_judges_with_the_browser_asked_for(tmp_path: Path) -> None:
    tasks = tmp_path / "tasks"
    shutil.copytree(REPO / "tasks" / "tip-calculator", tasks / "tip-calculator")
    pages = tmp_path / "pages"
    (pages / "tip-calculator").mkdir(parents=True)
    shutil.copyfile(
        tasks / "tip-calculator" / "reference" / "index.html",
        pages / "tip-calculator" / "index.html",
    )
    args = ["judge", "--tasks", str(tasks), "--pages", str(pages), "--out", str(tmp_path / "r")]
    bad = CliRunner().invoke(main, [*args, "--browser", "firefox"])
    assert bad.exit_code == 2 and "--browser" in bad.output
    out = CliRunner().invoke(main, [*args, "--browser", "chromium", "--workers", "1"])
    assert out.exit_code == 0, out.output
    path = Path(out.output.strip().splitlines()[-1].removeprefix("results: "))
    (task,) = json.loads(path.read_text())["tasks"]
    assert task["status"] == "ok" and task["ifs"] == 1.0, task
    assert task["judge"]["browser"]["browser"] == "chromium"


def test_a_task_exported_to_the_published_layout_judges_the_same(tmp_path: Path) -> None:
    from evaluator.tasks.published import export_published

    task = next(t for t in load_tasks(REPO / "tasks") if t.id == "tip-calculator")
    (back,) = load_tasks(export_published([task], tmp_path / "pub"))
    ours = judge_page(task, task.reference_page.read_text(), tmp_path / "ours")
    theirs = judge_page(back, back.reference_page.read_text(), tmp_path / "theirs")
    assert ours.status == theirs.status == "ok"
    assert (theirs.ifs, theirs.passed) == (ours.ifs, ours.passed) == (1.0, 5)
    assert theirs.vfs == pytest.approx(ours.vfs, abs=0.01)
