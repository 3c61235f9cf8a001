"""Progress: plain lines without a terminal, the same lines plus a bar with one."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest

from evaluator.results import TaskResult, TaskStatus
from evaluator.run.options import RunOptions
from evaluator.run.pages import judge_pages
from evaluator.run.progress import (
    Reporter,
    Tally,
    clock,
    render_bar,
    reporter_for,
    terminal_reporter,
)
from evaluator.tasks.task import Task
from tests.evaluator.run.test_workers import TASK_IDS, tasks  # noqa: F401 (fixture)

ERASE = "\r\x1b[K"


class FakeTTY(io.StringIO):
    """A stream that says it is a terminal and remembers everything written to it."""

    def isatty(self) -> bool:
        return True


class FakeClock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def bars(stream: io.StringIO) -> list[str]:
    """Each bar drawn, in order (erasures alone left out)."""
    return [part for part in stream.getvalue().split(ERASE) if part]


def test_without_a_terminal_only_the_lines_are_written() -> None:
    lines: list[str] = []
    pipe = io.StringIO()  # isatty() is False
    reporter = terminal_reporter(lines.append, lines.append, pipe)
    reporter.begin(2, "model")
    with reporter.working():
        pass
    reporter.finished("[1/2] model a: ok", failed=False)
    reporter.finished("[2/2] model b: page_error", failed=True)
    reporter.end()
    assert lines == ["[1/2] model a: ok", "[2/2] model b: page_error"]
    assert pipe.getvalue() == ""


def test_a_plain_callable_becomes_a_reporter_of_lines_and_a_reporter_stays_itself() -> None:
    lines: list[str] = []
    wrapped = reporter_for(lines.append)
    wrapped.begin(1, "m")
    wrapped.finished("line", failed=False)
    wrapped.end()
    assert lines == ["line"]
    reporter = Reporter(lines.append)
    assert reporter_for(reporter) is reporter


def test_on_a_terminal_the_bar_stays_under_the_lines() -> None:
    events: list[str] = []
    tty = FakeTTY()
    now = FakeClock()

    def out(line: str) -> None:
        # When a line is printed the bar has just been erased (nothing after the last erase).
        assert tty.getvalue().endswith(ERASE) or tty.getvalue() == ""
        events.append(line)

    reporter = Reporter(out, bar=tty, refresh=0, now=now, width=lambda: 100)
    reporter.begin(4, "baseline:oracle")
    assert bars(tty)[-1].startswith("baseline:oracle [")
    assert " 0/4 · 0 running · 0 failed · 0:00 · ETA -:--" in bars(tty)[-1]
    with reporter.working():
        now.t += 10
        assert "1 running" in bars(tty)[-1]
    reporter.finished("[1/4] first", failed=False)
    # 10 s an item, 3 left.
    assert "1/4 · 0 running · 0 failed · 0:10 · ETA 0:30" in bars(tty)[-1]
    reporter.finished("[2/4] kept", failed=False, worked=False)
    # Kept items do not change the pace.
    assert "2/4 · 0 running · 0 failed · 0:10 · ETA 0:20" in bars(tty)[-1]
    reporter.finished("[3/4] broken", failed=True, err=True)
    assert "3/4 · 0 running · 1 failed" in bars(tty)[-1]
    reporter.say("a note")
    reporter.end()
    assert tty.getvalue().endswith(ERASE)  # no bar left behind
    assert len({len(bar) for bar in bars(tty)}) == 1  # it keeps its length as counts change
    assert events == ["[1/4] first", "[2/4] kept", "[3/4] broken", "a note"]


def test_the_bar_fits_the_terminal_and_draws_done_over_total() -> None:
    tally = Tally(total=10, done=5, running=2, failed=1, worked=5, first_began=0.0, began=0.0)
    line = render_bar("model", tally, 50.0, 80)
    assert len(line) <= 79
    assert line.startswith("model [")
    inside = line[line.index("[") + 1 : line.index("]")]
    assert inside.count("=") + inside.count(">") == len(inside) // 2
    assert line.endswith("5/10 · 2 running · 1 failed · 0:50 · ETA 0:50")
    narrow = render_bar("a-very-long-model-name", tally, 50.0, 30)
    assert len(narrow) <= 29 and "[" not in narrow
    assert clock(3725) == "1:02:05" and clock(65) == "1:05"


def test_hostile_labels_reach_the_bar_without_escape_codes() -> None:
    line = render_bar("evil\x1b]0;title\x07\x1b[2J", Tally(total=1), 0.0, 80)
    assert "\x1b" not in line and "\x07" not in line


def test_the_bar_ticks_while_nothing_finishes() -> None:
    tty = FakeTTY()
    reporter = Reporter(lambda line: None, bar=tty, refresh=0.01)
    reporter.begin(1, "m")
    drawn = threading.Event()
    for _ in range(200):
        if len(bars(tty)) >= 3:
            drawn.set()
            break
        threading.Event().wait(0.01)
    reporter.end()
    assert drawn.is_set()


class MeetingJudge:
    """Two judgings must be under way at once to pass its barrier."""

    def __init__(self) -> None:
        self.barrier = threading.Barrier(2, timeout=20)

    def __call__(self, task: Task, html: str, out_dir: Path, *, limits: object) -> TaskResult:
        self.barrier.wait()
        return TaskResult(id=task.id, status=TaskStatus.OK, ifs=1, vfs=1, final=1, total=1)


@pytest.mark.timeout(120)
def test_judging_pages_on_a_terminal_prints_the_same_lines_and_counts_the_running(
    tasks: list[Task],  # noqa: F811
    tmp_path: Path,
) -> None:
    def judged(out: Path, progress: object) -> list[str]:
        pages = tmp_path / "pages"
        for tid in TASK_IDS[:2]:  # the third page is missing: a page_error
            (pages / tid).mkdir(parents=True, exist_ok=True)
            (pages / tid / "index.html").write_text("<html><body>fake</body></html>")
        lines: list[str] = []
        reporter = progress(lines.append) if callable(progress) else lines.append
        judge_pages(
            pages,
            tasks,
            out,
            RunOptions(run_id="r", progress=reporter, judge=MeetingJudge(), workers=2),
        )
        return lines

    tty = FakeTTY()
    with_bar = judged(
        tmp_path / "a", lambda out: Reporter(out, bar=tty, refresh=0, width=lambda: 120)
    )
    plain = judged(tmp_path / "b", None)
    # The same lines (the two judged pages finish in either order).
    assert [line.split()[0] for line in with_bar] == ["[1/3]", "[2/3]", "[3/3]"]
    assert sorted(line.split(" ", 1)[1] for line in with_bar) == sorted(
        line.split(" ", 1)[1] for line in plain
    )
    drawn = bars(tty)
    assert any("2 running" in bar for bar in drawn)
    assert any("3/3 · 0 running · 1 failed" in bar for bar in drawn)
    assert tty.getvalue().endswith(ERASE)
