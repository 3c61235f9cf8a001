"""Pages that try to win the judge without working, and working pages that are hard to read.

One small task (choose a plan, confirm it; written expectations and recorded reference texts)
is recorded from ``gaming/reference.html``; a copy of it without reference texts or
expectations plays a task in the published layout (checkpoints only, transitions read by OCR).
Each page in ``gaming/`` is judged on the real path (container, Chromium, scoring):

- cheats must not score IFS 1.0: a page that advances on any press (``any-click``), a canned
  show for a headless judge only (``fingerprint-gated``), the checkpoints' words hidden on the
  page with a colour change on any press (``hidden-words``, published layout), a web font
  whose glyphs lie (``lying-font``), the right words in text nobody can see (``invisible``,
  one page per way of hiding);
- a page that looks right and does nothing, where the reference's only change is a hue at
  equal brightness (``hue-dead``; its reference ``hue-reference``);
- working pages are judged as a person would: inside a closed shadow root
  (``closed-shadow``), with the message drawn on a canvas (``canvas-display``), and the
  reference page itself.

Every judged page's scores are printed (``-s``), the figures of docs/SECURITY.md.
"""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest

from evaluator.judging.judge import judge_page
from evaluator.recording.recorder import record_task
from evaluator.scoring import ocr
from evaluator.tasks.task import Task, load_task
from tests.sandbox.recordings import copy_recording

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

PAGES = Path(__file__).parent / "gaming"
INVISIBLE = (
    "filter-opacity",
    "clip-path",
    "scale-zero",
    "same-colour",
    "transparent",
    "off-screen",
    "tiny",
    "covered",
)
ACTIONS = [
    {
        "type": "click",
        "description": "Choose the Basic plan",
        "target": {"selector": "#basic", "text": "Basic"},
        "expect": {"text_present": ["Basic plan selected: 12 EUR"]},
    },
    {
        "type": "click",
        "description": "Click Confirm",
        "target": {"selector": "#ok", "text": "Confirm"},
        "expect": {"text_present": ["Order confirmed, number 4471"]},
    },
]


def _write_task(
    root: Path, name: str, actions: list[dict], reference: str = "reference.html"
) -> Path:
    folder = root / name
    (folder / "reference").mkdir(parents=True)
    shutil.copy(PAGES / reference, folder / "reference" / "index.html")
    task = {"id": name, "viewport": {"width": 800, "height": 600}, "actions": actions}
    (folder / "task.json").write_text(json.dumps(task))
    return folder


@pytest.fixture(scope="module")
def tasks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Task]:
    """The recorded task, and its published-layout twin (same checkpoints, no texts)."""
    root = tmp_path_factory.mktemp("gaming")
    own = load_task(_write_task(root, "plan-picker", ACTIONS))
    record_task(own)
    bare = [{k: v for k, v in a.items() if k != "expect"} for a in ACTIONS]
    folder = _write_task(root, "plan-picker-published", bare)
    copy_recording(own, folder)
    published = load_task(folder)
    assert published.reference_texts() == {}
    toggle = [{"type": "click", "description": "Toggle", "target": {"text": "Toggle"}}]
    hue = load_task(_write_task(root, "hue-switch", toggle, "hue-reference.html"))
    record_task(hue)
    return {"own": own, "published": published, "hue": hue}


def page(name: str, variant: str = "") -> str:
    html = (PAGES / f"{name}.html").read_text()
    font = base64.b64encode((PAGES / "lier.ttf").read_bytes()).decode()
    return html.replace("{{FONT}}", font).replace("{{VARIANT}}", variant)


def _judge(task: Task, html: str, out: Path, label: str):  # noqa: ANN202 (TaskResult)
    result = judge_page(task, html, out)
    checks = [c for s in result.steps for c in s.get("checks", [])]
    print(f"\n{label}: status {result.status} IFS {result.ifs:.2f} VFS {result.vfs:.3f}")
    for step in result.steps:
        print(f"  step {step['index']}: {step['status']} {step.get('reason', '')[:160]}")
    assert result.status == "ok", result
    return result, checks


def test_the_reference_page_passes_both_layouts(tasks: dict[str, Task], tmp_path: Path) -> None:
    result, _ = _judge(tasks["own"], page("reference"), tmp_path / "own", "reference (own)")
    assert result.ifs == 1.0
    if ocr.available():
        result, _ = _judge(tasks["published"], page("reference"), tmp_path / "pub", "ref (pub)")
        assert result.ifs == 1.0


def test_a_page_that_advances_on_any_press_fails(tasks: dict[str, Task], tmp_path: Path) -> None:
    result, checks = _judge(tasks["own"], page("any-click"), tmp_path, "any-click")
    assert result.ifs < 1.0
    assert any("probe" in c and "same change" in c for c in checks), checks


def test_a_show_for_headless_judges_only_is_not_played(
    tasks: dict[str, Task], tmp_path: Path
) -> None:
    result, _ = _judge(tasks["own"], page("fingerprint-gated"), tmp_path, "fingerprint-gated")
    assert result.ifs == 0.0  # the judge looks like a person's browser: the page does nothing


@pytest.mark.skipif(not ocr.available(), reason=ocr.UNAVAILABLE_REASON)
def test_hidden_checkpoint_words_and_a_colour_change_win_nothing(
    tasks: dict[str, Task], tmp_path: Path
) -> None:
    result, _ = _judge(tasks["published"], page("hidden-words"), tmp_path, "hidden-words")
    assert result.ifs < 1.0


@pytest.mark.skipif(not ocr.available(), reason=ocr.UNAVAILABLE_REASON)
def test_a_web_font_whose_glyphs_lie_is_read_from_the_pixels(
    tasks: dict[str, Task], tmp_path: Path
) -> None:
    result, checks = _judge(tasks["own"], page("lying-font"), tmp_path, "lying-font")
    assert result.ifs < 1.0
    assert any("web-font text" in c for c in checks), checks


@pytest.mark.parametrize("variant", INVISIBLE)
def test_text_nobody_can_see_does_not_count(
    tasks: dict[str, Task], tmp_path: Path, variant: str
) -> None:
    result, _ = _judge(tasks["own"], page("invisible", variant), tmp_path, f"invisible {variant}")
    assert result.ifs < 1.0


def test_a_working_page_in_a_closed_shadow_root_works(
    tasks: dict[str, Task], tmp_path: Path
) -> None:
    result, _ = _judge(tasks["own"], page("closed-shadow"), tmp_path, "closed-shadow")
    assert result.ifs == 1.0


@pytest.mark.skipif(not ocr.available(), reason=ocr.UNAVAILABLE_REASON)
def test_a_working_page_drawn_on_a_canvas_works(tasks: dict[str, Task], tmp_path: Path) -> None:
    result, _ = _judge(tasks["own"], page("canvas-display"), tmp_path, "canvas-display")
    assert result.ifs == 1.0


def test_a_hue_change_at_equal_brightness_is_required(
    tasks: dict[str, Task], tmp_path: Path
) -> None:
    works, _ = _judge(tasks["hue"], page("hue-reference"), tmp_path / "ref", "hue reference")
    assert works.ifs == 1.0
    dead, checks = _judge(tasks["hue"], page("hue-dead"), tmp_path / "dead", "hue-dead")
    assert dead.ifs == 0.0
    assert any("visible change" in c for c in checks), checks
