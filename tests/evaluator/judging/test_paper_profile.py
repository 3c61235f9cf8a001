"""The paper profile end to end: real sandbox, a judge model over the OpenAI wire format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from evaluator.cli.main import main
from tests.evaluator.fake_judge import RUBRIC, FakeJudge

REPO = Path(__file__).resolve().parents[3]
pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]


def _judge(tmp_path: Path, judge_url: str, out: Path) -> dict:
    tasks = tmp_path / "tasks"
    if not tasks.exists():
        shutil.copytree(REPO / "tasks" / "tip-calculator", tasks / "tip-calculator")
        page = tmp_path / "pages" / "tip-calculator" / "index.html"
        page.parent.mkdir(parents=True)
        shutil.copyfile(tasks / "tip-calculator" / "reference" / "index.html", page)
    result = CliRunner().invoke(
        main,
        [
            "judge",
            "--tasks",
            str(tasks),
            "--pages",
            str(tmp_path / "pages"),
            "--out",
            str(out),
            "--profile",
            "paper",
            "--judge",
            f"openai+{judge_url}",
            "--judge-name",
            "fake-judge",
        ],
    )
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip().splitlines()[-1].removeprefix("results: "))
    return json.loads(path.read_text())


def test_paper_profile_scores_with_a_judge_model_and_caches_it(tmp_path: Path) -> None:
    out = tmp_path / "runs"
    with FakeJudge() as judge:
        data = _judge(tmp_path, judge.url, out)
        asked = len(judge.requests)
    assert data["profile"] == "paper"
    (task,) = data["tasks"]
    assert task["status"] == "ok" and task["ifs"] == 1.0
    # 5 assertions, then the rubric for step 0 and the 5 flagged steps.
    assert asked == 11
    # Counted per task in results.json (the fake judge reports 123 prompt tokens a call).
    assert task["judge"]["judge_model"] == {
        "calls": 11,
        "cached": 0,
        "input_tokens": 11 * 123,
        "output_tokens": 11 * 45,
    }
    hfs = sum(RUBRIC.values()) / 100
    assert task["hfs"] == pytest.approx(hfs)
    assert task["vfs"] == pytest.approx(0.5 * task["lfs"] + 0.5 * hfs)
    assert task["final"] == pytest.approx(0.7 * 1.0 + 0.3 * task["vfs"])
    assert all(len(r["messages"][0]["content"]) == 3 for r in judge.requests)  # text + 2 images
    # Judged again on another port: answers come from the cache, keyed by the judge model
    # and the screenshots' content; a step whose pixels came out differently in the new
    # rendering is asked again (renders are not yet pixel-stable: see issue 7, settle).
    with FakeJudge() as judge:
        again = _judge(tmp_path, judge.url, out)
        assert len(judge.requests) < asked, "the judge cache was not used"
    assert again["tasks"][0]["final"] == pytest.approx(task["final"], abs=0.01)


def test_a_no_from_the_judge_ends_the_prefix(tmp_path: Path) -> None:
    with FakeJudge(deny=("$21.38",)) as judge:  # the 15% tip step's assertion
        data = _judge(tmp_path, judge.url, tmp_path / "runs")
    (task,) = data["tasks"]
    assert task["passed"] == 1 and task["ifs"] == pytest.approx(1 / 5)
    assert task["steps"][1]["status"] == "assertion_failed"
    assert "judge: No" in task["steps"][1]["reason"]
