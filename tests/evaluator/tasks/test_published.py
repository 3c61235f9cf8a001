"""The published dataset layout: reading it as it is, exporting ours, validating both."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from evaluator.tasks.loader import load_tasks
from evaluator.tasks.published import export_published, load_published
from evaluator.tasks.published_row import hints_from_description
from evaluator.tasks.task import load_task
from evaluator.tasks.validate import validate
from evaluator.tasks.video import encode_video
from tests.evaluator.conftest import write_task

LINE = {
    "id": "pub-1",
    "recording_details": {"resolution": "320x240"},
    "action_sequence": [
        {
            "type": "Click",
            "parameters": {"description": 'Click the "Sign in" button'},
            "logical_assertion": "A login form appears.",
            "visual_evaluation_flag": True,
        },
        {
            "type": "Type",
            "parameters": {"description": "Type the e-mail", "text": "a@b.c", "element_index": 0},
            "logical_assertion": "The field shows the address.",
            "visual_evaluation_flag": False,
        },
        {
            "type": "Press",
            "parameters": {"description": "Press Enter", "key": "Enter"},
            "logical_assertion": "",
            "visual_evaluation_flag": False,
        },
        {
            "type": "Scroll",
            "parameters": {"description": "Scroll up a bit"},
            "logical_assertion": "",
            "visual_evaluation_flag": True,
        },
    ],
}


def _published(root: Path, line: dict = LINE) -> Path:
    folder = root / "data" / line["id"]
    (folder / "assets").mkdir(parents=True)
    (folder / "checkpoints").mkdir()
    Image.new("RGB", (8, 8), "red").save(folder / "assets" / "asset001.png")
    shots = []
    for i in range(len(line["action_sequence"]) + 1):
        path = folder / "checkpoints" / f"step_{i}.png"
        Image.new("RGB", (320, 240), (i * 30, 0, 0)).save(path)
        shots.append((float(i), path))
    encode_video(shots, folder / "video.mp4", fps=2)
    jsonl = root / "data.jsonl"
    jsonl.write_text(json.dumps(line) + "\n")
    return jsonl


def test_reads_the_published_layout_as_it_is(tmp_path: Path) -> None:
    (task,) = load_tasks(_published(tmp_path))
    assert (task.id, task.width, task.height) == ("pub-1", 320, 240)
    assert [a.type for a in task.actions] == ["click", "type", "press", "scroll"]
    assert task.actions[0].target == {"text": "Sign in", "role": "button"}
    assert task.actions[1].target == {}  # "Type the e-mail": the focused field
    assert task.actions[0].assertion == "A login form appears."
    assert task.actions[1].text == "a@b.c" and task.actions[2].key == "Enter"
    assert task.actions[3].amount == -120  # "up": half a page upwards
    assert [a.visual for a in task.actions] == [True, False, False, True]
    assert task.reference_page is None
    assert [p.name for p in task.asset_files()] == ["asset001.png"]
    assert task.missing_recording() == []
    assert validate(tmp_path / "data.jsonl") == (1, [])


def test_hints_from_description() -> None:
    assert hints_from_description("Click the 'Add to cart' button") == {
        "text": "Add to cart",
        "role": "button",
    }
    assert hints_from_description("Scroll down", "scroll") == {}


def test_bad_lines_are_all_reported_with_their_place(tmp_path: Path) -> None:
    jsonl = _published(tmp_path)
    bad_type = {**LINE, "id": "pub-2", "action_sequence": [{"type": "Hover", "parameters": {}}]}
    bad_res = {**LINE, "id": "pub-3", "recording_details": {"resolution": "wide"}}
    jsonl.write_text("\n".join(json.dumps(x) for x in (LINE, bad_type, bad_res)) + "\n{oops\n")
    tasks = load_published(jsonl)
    assert [t.id for t in tasks] == ["pub-1", "pub-2", "pub-3", "line-4"]
    assert tasks[0].problems == ()
    text = "\n".join(p for t in tasks for p in t.problems)
    assert "data.jsonl:2.action_sequence[0].type" in text
    assert "data.jsonl:3.recording_details.resolution" in text
    assert "data.jsonl:4: not JSON" in text
    checked, problems = validate(jsonl)
    assert checked == 4 and len(problems) == 3


def test_export_then_read_back_is_the_same_task(tmp_path: Path) -> None:
    folder = write_task(tmp_path / "ours")
    shots = [(float(i), folder / "checkpoints" / f"step_{i}.png") for i in range(4)]
    encode_video(shots, folder / "video.mp4", fps=2)
    original = load_task(folder)
    jsonl = export_published([original], tmp_path / "pub")
    (back,) = load_tasks(jsonl)

    def fields(task):  # the exported assertion sentence is new; everything else returns
        return [
            (a.type, a.target, a.text, a.key, a.amount, a.expect, a.visual) for a in task.actions
        ]

    assert fields(back) == fields(original)
    assert (back.width, back.height, back.title) == (original.width, original.height, "Mini")
    assert [p.name for p in back.asset_files()] == ["asset001.png"]
    assert (back.root / "stitched_assets" / "stitched_image1.png").is_file()
    assert back.reference_page is not None
    assert validate(jsonl) == (1, [])


def test_validate_reports_file_problems_with_their_place(tmp_path: Path) -> None:
    folder = write_task(tmp_path / "tasks", shots=3)  # one checkpoint short
    Image.new("RGB", (100, 100)).save(folder / "checkpoints" / "step_0.png")  # wrong size
    (folder / "checkpoints" / "step_9.png").write_bytes(b"")
    (folder / "video.mp4").write_bytes(b"not a video")
    broken = tmp_path / "tasks" / "broken"
    broken.mkdir()
    (broken / "task.json").write_text('{"id": "broken"}')
    checked, problems = validate(tmp_path / "tasks")
    assert checked == 2
    text = "\n".join(problems)
    assert "cannot decode video" in text
    assert "step_0.png: 100x100 does not match the viewport 320x240" in text
    assert "missing checkpoint step_3.png" in text
    assert "step_9.png: no action 9" in text
    assert "broken/task.json: viewport" in text
