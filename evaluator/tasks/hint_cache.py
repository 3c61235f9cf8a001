"""Task hints kept on disk, keyed by the contents of the files they are found in.

The hints the runner gets from a task's own files (where the reference changed across an
action, ``changes``; where the recording's pointer was, ``pointing``) are the same for
every page judged on the task, in every process: found once per machine, they are read
back by a new ``iwr judge`` instead of decoding the task's checkpoints or video again. A
missing, unwritable or damaged cache only costs finding them again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evaluator.atomic import write_atomic


def cache_dir(variable: str, name: str) -> Path:
    """``$variable``, else ``~/.cache/iwr/<name>``."""
    return Path(os.environ.get(variable) or Path.home() / ".cache" / "iwr" / name)


def content_key(header: str, paths: Sequence[Path]) -> str:
    """SHA-256 of ``header`` (the rules' version and parameters) and every file's contents
    (a missing file counts as ``missing``: found nothing for, the same each time)."""
    key = hashlib.sha256(header.encode())
    for path in paths:
        try:
            with path.open("rb") as f:
                key.update(hashlib.file_digest(f, "sha256").digest())
        except OSError:
            key.update(b"missing")
    return key.hexdigest()


def read(path: Path) -> Any:
    """The JSON value stored at ``path``; None when there is none or it is unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write(path: Path, value: Any) -> None:
    """Store ``value`` at ``path``; a read-only home only costs the next process the work."""
    with contextlib.suppress(OSError):
        write_atomic(path, json.dumps(value))
