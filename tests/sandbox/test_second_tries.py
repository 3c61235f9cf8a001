"""Second tries end to end (offline profile, evaluator/judging/retries.py): real container,
Chromium and scoring, a task recorded by our recorder (its video shows the pointer).

The task: archive an email with an icon-only button. Its published twin keeps the recording
(video, checkpoints) and the assertion, but its words lead the finder to another control (a
text hint "Mark as unread", as a description's words can), so the first judging acts there
and fails. The second try takes the element the recording's pointer was on and passes; the
same page without scripts gains nothing from the tries; with tries off the step stays failed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from evaluator.judging.judge import judge_page
from evaluator.judging.retries import second_tries
from evaluator.recording.recorder import record_task
from evaluator.scoring import ocr
from evaluator.tasks.task import Task, load_task
from tests.sandbox.recordings import copy_recording

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

PAGE = Path(__file__).parent / "second_tries" / "reference.html"
ASSERTION = "The email is gone and 'Conversation archived. Inbox is empty.' shows under Inbox (0)"


def _write(root: Path, name: str, actions: list[dict]) -> Path:
    folder = root / name
    (folder / "reference").mkdir(parents=True)
    shutil.copy(PAGE, folder / "reference" / "index.html")
    task = {"id": name, "viewport": {"width": 800, "height": 600}, "actions": actions}
    (folder / "task.json").write_text(json.dumps(task))
    return folder


@pytest.fixture(scope="module")
def task(tmp_path_factory: pytest.TempPathFactory) -> Task:
    """The published twin of the recorded task, with words that point elsewhere."""
    if not ocr.available():
        pytest.skip("published-layout judging reads the checkpoints with Tesseract")
    root = tmp_path_factory.mktemp("second-tries")
    own = load_task(
        _write(
            root,
            "archive",
            [{"type": "click", "description": "Put it away", "target": {"selector": "#store"}}],
        )
    )
    record_task(own)
    twin = [
        {
            "type": "click",
            "description": "Put it away",
            "target": {"text": "Mark as unread"},
            "assertion": ASSERTION,
        }
    ]
    folder = _write(root, "archive-published", twin)
    copy_recording(own, folder)
    return load_task(folder)


def test_the_pointer_element_is_tried_and_kept(task: Task, tmp_path: Path) -> None:
    html = PAGE.read_text()
    without = judge_page(task, html, tmp_path / "without")
    assert without.status == "ok" and without.passed == 0, without.steps
    result = second_tries(judge_page)(task, html, tmp_path / "with")
    assert result.status == "ok" and result.passed == 1, result.steps
    step = result.steps[0]
    assert step["target"]["found_by"] == "element_index"
    assert "Archive" in step["target"]["why"] and "second try" in step["target"]["why"]
    assert any("second tries" in h and "it passed" in h for h in step["hints"]), step["hints"]
    # The folder holds the kept try's evidence, and no try's folder is left behind.
    trace = json.loads((tmp_path / "with" / "trace.json").read_text())
    assert trace["steps"][1]["target"]["found_by"] == "element_index"
    assert not list(tmp_path.glob(".with.try-*"))


def test_a_dead_page_gains_nothing(task: Task, tmp_path: Path) -> None:
    html = PAGE.read_text().split("<script>")[0] + "</body></html>"
    result = second_tries(judge_page)(task, html, tmp_path / "dead")
    assert result.status == "ok" and result.passed == 0
    assert result.judge.get("second_tries"), "no second try was made"
