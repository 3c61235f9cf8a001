"""What a run says as it goes: one line per finished task."""

from __future__ import annotations

from evaluator.reporting.escape import terminal
from evaluator.results import (
    RunResult,
    TaskResult,
)


def progress_line(run: RunResult, n: int, total: int, result: TaskResult, note: str) -> str:
    # The reason may carry a page's URL or a container's log line: no escape codes reach
    # the console.
    return (
        f"[{n}/{total}] {terminal(run.model, 80)} {terminal(result.id, 80)}: {result.status} "
        f"IFS {result.ifs:.2f} VFS {result.vfs:.2f} Final {result.final:.2f}"
        + (f" ({terminal(result.reason, 120)})" if result.reason else "")
        + (f" [{terminal(note, 120)}]" if note else "")
    )
