"""Judging a suite of pages as ``iwr judge`` does, timed: the bundled tasks' oracle pages,
and the same tasks exported in the published layout and stripped of our hints."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from evaluator.judging.judge import judge_page
from evaluator.judging.retries import second_tries
from evaluator.results import RunResult, TaskStatus
from evaluator.run.options import RunOptions
from evaluator.run.pages import judge_pages
from evaluator.run.sandboxes import DEFAULT_WORKERS
from evaluator.scoring import ocr
from evaluator.tasks import changes, pointing
from evaluator.tasks.loader import load_tasks
from evaluator.tasks.published import export_published
from evaluator.tasks.task import Task
from sandbox.pool import SandboxPool
from sandbox.runner.config import DEFAULT_BROWSER


def default_workers() -> int:
    """The K that ``iwr run``/``iwr judge`` use when not told (1 before --workers exists)."""
    return DEFAULT_WORKERS


@dataclass
class SuiteRun:
    label: str
    workers: int
    settle_s: float | None  # None: the runner's settle detection
    wall_s: float
    actions: int
    ok_tasks: int
    tasks: int
    run_dir: Path
    # Tesseract runs during the suite and their seconds summed over threads (ocr.usage).
    ocr_runs: int = 0
    ocr_seconds: float = 0.0

    @property
    def actions_per_s(self) -> float:
        return round(self.actions / self.wall_s, 3) if self.wall_s else 0.0

    @classmethod
    def of(
        cls,
        label: str,
        workers: int,
        settle_s: float | None,
        wall_s: float,
        tasks: Sequence[Task],
        run: RunResult,
        run_dir: Path,
    ) -> SuiteRun:
        """The figures of a judged suite: its tasks' actions, the run's ok tasks."""
        return cls(
            label=label,
            workers=workers,
            settle_s=settle_s,
            wall_s=round(wall_s, 3),
            actions=sum(len(t.actions) for t in tasks),
            ok_tasks=sum(1 for r in run.tasks if r.status == TaskStatus.OK),
            tasks=len(run.tasks),
            run_dir=run_dir,
        )


def stage_oracle_pages(tasks: Sequence[Task], dest: Path) -> Path:
    for task in tasks:
        (dest / task.id).mkdir(parents=True, exist_ok=True)
        source = task.reference_page or task.root / "reference" / "index.html"
        shutil.copyfile(source, dest / task.id / "index.html")
    return dest


def offline_judge(settle_s: float | None = None) -> Callable[..., Any]:
    """The page judge of the offline profile as ``iwr judge`` runs it: second tries on, so
    the runner lists the page's interactive elements at every step and a page that fails
    at a click or type is judged again (``evaluator.judging.retries``). ``settle_s``: a
    fixed wait instead of the runner's settle detection."""
    page_judge: Callable[..., Any] = judge_page
    if settle_s is not None:
        page_judge = partial(judge_page, settle_seconds=settle_s)
    return second_tries(page_judge)


def judge_suite(
    label: str,
    tasks: Sequence[Task],
    pages: Path,
    out_root: Path,
    *,
    workers: int = 1,
    settle_s: float | None = None,
    pool: bool = True,
    warm: bool = False,
    browser: str = DEFAULT_BROWSER,
) -> SuiteRun:
    """Judge ``pages`` as ``iwr judge`` does and time it.

    ``warm``: start the run's pool (``workers + 1`` sandboxes) and wait until it is ready before
    the clock starts, as ``iwr run`` has it when the pool's starts overlap the model's
    generation; the clock stops after the pool is closed (its removals included). Otherwise the
    run starts its own pool and the first pages wait for its cold starts.
    """
    judge = offline_judge(settle_s)
    warm_pool = None
    if warm and pool:
        warm_pool = SandboxPool(workers + 1, budget=len(tasks), browser=browser)
        ready = min(workers + 1, len(tasks))
        if not warm_pool.wait_ready(ready, timeout=180):
            print(f"  the pool did not get {ready} sandboxes ready: {warm_pool.stats}", flush=True)
    options = RunOptions(
        run_id=label,
        progress=lambda line: print(f"  {line}", flush=True),
        judge=judge,
        workers=workers,
        pool=warm_pool or pool,
        browser=browser,
    )
    started = time.monotonic()
    try:
        run, run_dir = judge_pages(pages, tasks, out_root, options, model=f"oracle-{label}")
    finally:
        if warm_pool is not None:
            warm_pool.close()
    wall = time.monotonic() - started
    return SuiteRun.of(label, workers, settle_s, wall, tasks, run, run_dir)


def stripped_export(tasks: Sequence[Task], dest: Path) -> list[Task]:
    """The tasks as the published dataset has them: exported in the published layout, then
    stripped of our ``iwr`` key (no authored hints, expectations or reference text), and
    read back as any published ``data.jsonl`` is."""
    data = export_published(list(tasks), dest)
    stripped = dest / "desc.jsonl"
    lines = []
    for line in data.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        row.pop("iwr", None)
        lines.append(json.dumps(row))
    stripped.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (dest / "desc").symlink_to(dest / data.stem, target_is_directory=True)
    return load_tasks(stripped)


def with_original_assets(
    published: Sequence[Task], bundled: Sequence[Task], dest: Path
) -> list[Task]:
    """The stripped tasks served with their bundled assets' original names beside the
    export's anonymised ones: the export rewrites the names a reference page's markup
    holds, not those its script builds (``'assets/av-' + name + '.png'``), and an oracle
    page with broken images is not the reference (its screenshots differ from every
    checkpoint there). Only the files the runner serves change: the rows, checkpoints and
    export are as published."""
    by_id = {t.id: t for t in bundled}
    served = []
    for task in published:
        folder = dest / task.id
        folder.mkdir(parents=True, exist_ok=True)
        source = by_id.get(task.id)
        if source is not None and source.assets_dir.is_dir():
            shutil.copytree(source.assets_dir, folder, dirs_exist_ok=True)
        if task.assets_dir.is_dir():  # the export's names win a clash
            shutil.copytree(task.assets_dir, folder, dirs_exist_ok=True)
        served.append(dataclasses.replace(task, assets_dir=folder))
    return served


def _with_ocr_usage(judge: Callable[[], SuiteRun]) -> SuiteRun:
    """``judge()``'s suite with the Tesseract runs it made and their seconds."""
    before = ocr.usage()
    suite = judge()
    after = ocr.usage()
    return dataclasses.replace(
        suite,
        ocr_runs=int(after["runs"] - before["runs"]),
        ocr_seconds=round(after["seconds"] - before["seconds"], 3),
    )


def same_scores(a: SuiteRun, b: SuiteRun) -> dict[str, Any]:
    """Tasks whose IFS, passed actions and step statuses are the same in both runs' results
    (judging again must give the same verdicts), and the ids of those that differ."""

    def verdicts(run: SuiteRun) -> dict[str, Any]:
        data = json.loads((run.run_dir / "results.json").read_text(encoding="utf-8"))
        return {
            t["id"]: (t.get("ifs"), t.get("passed"), [s.get("status") for s in t.get("steps", [])])
            for t in data.get("tasks", [])
        }

    first, again = verdicts(a), verdicts(b)
    differ = sorted(i for i in first if first[i] != again.get(i))
    return {"same": len(first) - len(differ), "compared": len(first), "differ": differ}


def published_suites(
    tasks: Sequence[Task], work: Path, workers: int, browser: str
) -> tuple[SuiteRun, SuiteRun]:
    """The stripped suite judged twice at ``workers`` on its own oracle pages (the
    export's reference pages), with OCR, pointer and changed-region caches of its own:
    first with nothing read yet (every checkpoint it needs read by OCR, every video decoded
    for its pointer, every checkpoint pair compared), then as a later run on the machine
    judges it: checkpoints, points and changed regions from the disk caches, and nothing
    kept in memory from the first run (a new ``iwr judge`` process reads the judged
    screenshots again)."""
    published = with_original_assets(
        stripped_export(tasks, work / "published"), tasks, work / "published-assets"
    )
    # The oracle pages as the export wrote them: their images under the anonymised names the
    # published layout gives the assets (the bundled pages' own names are not served there,
    # so judging those would judge pages with broken images, unlike their checkpoints).
    pages = stage_oracle_pages(published, work / "published-pages")
    caches = {
        "IWR_OCR_CACHE": "ocr-cache",
        "IWR_POINTING_CACHE": "pointing-cache",
        "IWR_CHANGES_CACHE": "changes-cache",
    }
    previous = {name: os.environ.get(name) for name in caches}
    os.environ.update({name: str(work / folder) for name, folder in caches.items()})
    try:
        _forget_in_memory()
        first = _with_ocr_usage(lambda: judge_suite(
            f"published-k{workers}-first", published, pages, work / "runs",
            workers=workers, warm=True, browser=browser,
        ))  # fmt: skip
        _forget_in_memory()
        again = _with_ocr_usage(lambda: judge_suite(
            f"published-k{workers}", published, pages, work / "runs",
            workers=workers, warm=True, browser=browser,
        ))  # fmt: skip
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return first, again


def _forget_in_memory() -> None:
    """What a new ``iwr judge`` process would not have: OCR readings, the recording's
    points and the changed regions held in memory (the disk caches stay)."""
    ocr_memory = getattr(ocr, "_MEMORY", None)
    if ocr_memory is not None:
        ocr_memory.clear()
    pointing._hints.cache_clear()
    changes._hint.cache_clear()
