"""A run's results as they come in: each recorded on disk at once, in task order, and reported.

``results.json`` and ``report.md`` are rewritten after every task (a run stopped at any point
keeps everything finished so far); ``report.html`` once the run ends.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from types import TracebackType

from evaluator.reporting.html import write_html_report
from evaluator.results import RunResult, TaskResult, TaskStatus
from evaluator.run.folder import SAMPLE_PREFIX, finish
from evaluator.run.naming import now
from evaluator.run.progress import Reporter, progress_line
from evaluator.run.samples import by_task
from evaluator.tasks.task import Task

# Notes of results that took no work now: they say nothing of the pace (the bar's ETA).
KEPT_NOTES = frozenset({"stored", "unusable task"})


class Ledger:
    """The results of ``run`` over ``tasks`` (``samples`` pages each) in ``run_dir``; used as a
    context manager, its progress bar is taken down however the run ends."""

    def __init__(
        self,
        run: RunResult,
        run_dir: Path,
        tasks: list[Task],
        samples: int,
        reporter: Reporter,
    ) -> None:
        self.run, self.run_dir, self.samples = run, run_dir, samples
        self.order = {t.id: i for i, t in enumerate(tasks)}
        self._classes = {t.id: dict(t.classification) for t in tasks}
        self._total = len(tasks) * samples
        self._reporter = reporter
        self.done: dict[tuple[str, int], TaskResult] = {}

    def __enter__(self) -> Ledger:
        self._reporter.begin(self._total, self.run.model)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._reporter.end()

    def working(self) -> AbstractContextManager[None]:
        """One page being generated or judged, for the ``with`` block (shown as running)."""
        return self._reporter.working()

    def folder(self, task_id: str, k: int = 0) -> Path:
        """Where sample ``k`` of a task lives (sample 0 in the task's own folder)."""
        base = self.run_dir / task_id
        return base if k == 0 else base / f"{SAMPLE_PREFIX}{k}"

    def record(self, result: TaskResult, note: str, k: int = 0) -> None:
        """Sample ``k`` of a task is done: reported, and the run's files rewritten."""
        result.classification = dict(self._classes[result.id])
        self.done[(result.id, k)] = result
        self.run.tasks = by_task(self.done, self.samples, self.order)
        label = f" sample {k}" if self.samples > 1 else ""
        line = progress_line(self.run, len(self.done), self._total, result, note) + label
        self._reporter.finished(
            line, failed=result.status != TaskStatus.OK, worked=note not in KEPT_NOTES
        )
        finish(self.run, self.run_dir)

    def close(self) -> None:
        """The run is over: its end time, files and HTML report written."""
        self.run.finished_at = now()
        finish(self.run, self.run_dir)
        write_html_report(self.run_dir)
