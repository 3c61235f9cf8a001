"""A small dataset written the way the published one is: real-shaped rows of the
published schema over three bundled tasks' recordings, plus one broken row.

The rows are our tasks exported, then stripped of everything the published schema
does not have (our ``iwr`` key, ``parameters.text``) and given what it does have:
integer ids, ``classification`` (with nulls), ``source_website`` (null), null keys on
Press actions, ``direction``/``scroll_page`` on scrolls, a row whose resolution is only
in its folder's ``metadata.json``, and a row of an unknown action kind.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from evaluator.tasks.loader import load_tasks
from evaluator.tasks.published import export_published

REPO = Path(__file__).resolve().parents[3]
# Bundled task -> published id and classification (sub_domain left null on purpose).
SOURCES = {
    "todo-app": (101, {"interaction_complexity": "Low", "visual_complexity": "Low",
                       "domain": "Productivity", "sub_domain": "To-do list"}),
    "number-guess": (102, {"interaction_complexity": "Medium", "visual_complexity": "Low",
                           "domain": "Games", "sub_domain": None}),
    "saas-landing": (103, {"interaction_complexity": "Medium", "visual_complexity": "High",
                           "domain": "Marketing", "sub_domain": "Landing page"}),
}  # fmt: skip
BROKEN_ID = 104


def as_published(line: dict, new_id: int, classification: dict) -> dict:
    """One exported row as the published dataset writes it."""
    line = dict(line)
    line.pop("iwr", None)
    line["id"] = new_id
    line["classification"] = classification
    line["source_website"] = None
    for action in line["action_sequence"]:
        params = action["parameters"]
        params.pop("text", None)  # the published schema has none: the text is in the sentence
        if action["type"] == "Press":
            params["key"] = None  # read off the description
    return line


def write_dataset(root: Path) -> Path:
    """``root/data.jsonl`` + ``root/data/<id>/``: three good rows, then a broken one."""
    tasks = [t for t in load_tasks(REPO / "tasks") if t.id in SOURCES]
    exported = export_published(tasks, root / "export")
    data = root / "data"
    lines = []
    for raw in exported.read_text().splitlines():
        line = json.loads(raw)
        new_id, classification = SOURCES[line["id"]]
        shutil.copytree(root / "export" / "data" / line["id"], data / str(new_id))
        lines.append(as_published(line, new_id, classification))
    shutil.rmtree(root / "export")
    lines.sort(key=lambda line: line["id"])
    # 103 has no resolution in its row: the folder's metadata.json gives it.
    lines[2]["recording_details"] = None
    meta = data / "103" / "metadata.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "resolution": "1280x800"}))
    broken = dict(lines[0], id=BROKEN_ID)
    broken["action_sequence"] = [
        {
            "type": "Hover",
            "parameters": {"description": "Hover over the menu", "key": None},
            "logical_assertion": None,
            "visual_evaluation_flag": None,
        },
        {"type": "Scroll", "parameters": {"direction": "sideways"}},
    ]
    lines.append(broken)
    jsonl = root / "data.jsonl"
    jsonl.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return jsonl
