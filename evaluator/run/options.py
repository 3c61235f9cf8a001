"""How a run goes, as one record: what ``run_model`` and ``judge_pages`` take beside what
they run (the model or the pages, the tasks, the output folder)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from evaluator.judging.judge import OFFLINE_PROFILE, PageJudge, judge_page
from evaluator.run.provenance import Provenance
from sandbox.backend import SandboxBackend
from sandbox.launcher import Limits

# Where a run's one-line progress messages go (``print``, ``click.echo``, a list's append);
# an ``evaluator.run.progress.Reporter`` also keeps a progress bar on a terminal.
Progress = Callable[[str], None]


@dataclass(frozen=True)
class RunOptions:
    """Options of a run; every field has the default a plain run uses.

    ``judge`` must be safe to call from several threads when ``workers`` > 1
    (``judge_page`` and the paper judge are); it must take ``sandboxes=`` when ``pool`` is set
    and ``browser=`` when ``browser`` is, as ``judge_page`` does.
    """

    # The run folder's name under the output folder; None: a new one from the time and model.
    run_id: str | None = None
    # Each sandbox's limits; None: sandbox.launcher.Limits() as it is.
    limits: Limits | None = None
    progress: Progress = print
    # Generations sent to the model at once.
    concurrency: int = 1
    # Send every task to the model again, even those with a usable stored page.
    regenerate: bool = False
    # Judge every stored page again, even those with a stored result. With either, a run
    # folder judged with other settings that change a score may be resumed into.
    rejudge: bool = False
    judge: PageJudge = judge_page
    # The judging profile's name, recorded in results.json (it must match ``judge``).
    profile: str = OFFLINE_PROFILE
    # Pages judged at once, each in its own sandbox.
    workers: int = 1
    # Where pages run (``sandbox.backend``). True: keep ``workers + 1`` sandboxes started (the
    # local pool); a SandboxBackend (a SandboxPool, a ColdBackend, ...): judge in it and leave
    # it open for its owner; False: a fresh container per page.
    pool: bool | SandboxBackend = False
    # Which of the image's browsers judges (sandbox.runner.config.BROWSERS); None: default.
    browser: str | None = None
    # What produces the run, recorded in results.json; None: what can be known without the
    # sandbox (the CLI adds the image and browser). A run folder resumes only with the same
    # settings that change a score.
    provenance: Provenance | None = None
    # Prompt text sent instead of ours (``iwr run --prompt-template``), the task filled in;
    # the bundle hash covers it, so a page made from another prompt is generated again.
    prompt_template: str | None = None
    # Pages generated and judged per task (``iwr run --samples N``): sample 0 lives in the
    # task's folder, sample k in ``<task>/sample-<k>/``; sample k is asked with seed k. The
    # task's scores are the means over its samples (results.json ``samples``).
    samples: int = 1
