"""result.json, written atomically and rewritten as the run progresses."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .config import RESULT_NAME


class ResultFile:
    """The run's result record; ``status`` stays ``running`` until ``finish`` is called."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / RESULT_NAME
        self.data: dict[str, Any] = {
            "status": "running",
            "reason": "the runner stopped before it finished",
            "browser": None,
            "viewport": None,
            "steps": [],
            "frames": [],
        }

    def write(self) -> None:
        # Write then rename, so a kill mid-write never leaves half a JSON document.
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(self.data, indent=1, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)

    def finish(self, status: str, reason: str) -> None:
        self.data["status"] = status
        self.data["reason"] = reason
        self.write()
