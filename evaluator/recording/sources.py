"""Writing the sources of a description-only task set: each task's ``task.json`` and a copy
of the bundled page it reuses, ready for ``iwr tasks record``.

The description-only sets (``tasks-described/``, ``tasks-heldout*/``) are written as an
annotator would write them; their ``make_sources.py`` scripts share these action builders
and this writer. An action's ``selector`` only drives the recorder; publishing strips it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

Action = dict[str, Any]
# A set's tasks: id -> (the bundled page it reuses, title, actions).
Sources = dict[str, tuple[str, str, list[Action]]]


def click(sel: str, desc: str, asrt: str) -> Action:
    """A click on ``sel``, described and asserted in words."""
    return {
        "type": "click",
        "description": desc,
        "target": {"selector": sel},
        "assertion": asrt,
        "visual": True,
    }


def typ(sel: str, text: str, desc: str, asrt: str) -> Action:
    """Typing ``text`` into ``sel`` (a published Type row carries the text too)."""
    return {
        "type": "type",
        "description": desc,
        "target": {"selector": sel},
        "text": text,
        "assertion": asrt,
        "visual": True,
    }


def press(key: str, desc: str, asrt: str) -> Action:
    """Pressing ``key`` (a published Press row carries the key)."""
    return {"type": "press", "description": desc, "key": key, "assertion": asrt, "visual": True}


def scroll(amount: int, desc: str, asrt: str) -> Action:
    """A window scroll by ``amount`` pixels (published as a direction and a page fraction)."""
    return {
        "type": "scroll",
        "description": desc,
        "amount": amount,
        "assertion": asrt,
        "visual": True,
    }


def write_sources(tasks: Sources, bundled: Path, out: Path) -> None:
    """Each task's folder under ``out``: task.json and a copy of the reference of its page
    in ``bundled`` (the repository's ``tasks/``), whose category and viewport it keeps."""
    for task_id, (source, title, actions) in tasks.items():
        folder = out / task_id
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(bundled / source / "reference", folder / "reference")
        page = json.loads((bundled / source / "task.json").read_text(encoding="utf-8"))
        task = {
            "id": task_id,
            "title": title,
            "category": page["category"],
            "description": f"{title} (the {source} page, described as an annotator would)",
            "viewport": page["viewport"],
            "actions": actions,
        }
        (folder / "task.json").write_text(json.dumps(task, indent=2, ensure_ascii=False) + "\n")
