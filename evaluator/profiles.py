"""Judging profiles, named in every result: ``offline`` (the default: deterministic, no
model) and ``paper`` (the published protocol with a judge model, see
:mod:`evaluator.paper`)."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from evaluator.judge import judge_page
from evaluator.models import ClientOptions, open_model, parse_spec
from evaluator.paper import MAX_SELECTOR_RETRIES, JudgeError, PaperJudge, score_paper
from evaluator.paper import PROFILE as PAPER
from evaluator.results import TaskResult
from evaluator.run import PROFILE as OFFLINE
from evaluator.run import Judge
from evaluator.scoring import TaskScore, hint_trace
from evaluator.tasks import Task

PROFILES = (OFFLINE, PAPER)
# Judge replies are cached under the output folder, shared by every run in it.
JUDGE_CACHE_DIR = ".judge-cache"


class ProfileError(ValueError):
    """A profile asked for with options that do not fit it."""


@contextlib.contextmanager
def open_judge(
    profile: str,
    judge_spec: str | None,
    judge_name: str,
    judge_config: Path | None,
    tasks_dir: Path,
    out: Path,
) -> Iterator[Judge]:
    """The page judge for ``profile``; a judge model's client lives as long as the block.

    Raises:
        ProfileError: an unknown profile, ``paper`` without a judge model, or a judge
            model given to ``offline``.
        evaluator.models.ModelSpecError: the judge spec is malformed.
    """
    if profile == OFFLINE:
        if judge_spec:
            raise ProfileError("--judge is only used by --profile paper")
        yield judge_page
        return
    if profile != PAPER:
        raise ProfileError(f"unknown profile {profile!r}; known: {', '.join(PROFILES)}")
    if not judge_spec:
        raise ProfileError("--profile paper needs a judge model: --judge SPEC")
    spec = parse_spec(judge_spec, judge_name)
    with open_model(spec, tasks_dir, 600.0, ClientOptions(config=judge_config)) as client:
        # The cache is keyed by the judge model, not by where it is served from.
        judge = PaperJudge(client, spec.model_name or spec.label, out / JUDGE_CACHE_DIR)
        yield model_targets(judge)


TARGET_NOT_FOUND = "target_not_found"


class _Retry(Exception):
    """Judge the page again with the judge model's selector for one action."""

    def __init__(self, index: int, selector: str, why: str) -> None:
        super().__init__(f"action {index}: retry with selector {selector!r}")
        self.index, self.selector, self.why = index, selector, why


def _with_selector(task: Task, index: int, selector: str) -> Task:
    actions = list(task.actions)
    action = actions[index - 1]
    actions[index - 1] = dataclasses.replace(action, target={**action.target, "selector": selector})
    return dataclasses.replace(task, actions=tuple(actions))


def model_targets(judge: PaperJudge, page_judge: Judge = judge_page) -> Judge:
    """The paper profile's page judge: hints first, the judge model's selector as the
    fallback (see :mod:`evaluator.paper`, "Targets").

    Scoring starts only once no retry is due, so a retried page costs no judge
    questions for the judging that was thrown away.
    """

    def judge_one(task: Task, html: str, out_dir: Path, **kwargs: Any) -> TaskResult:
        added: dict[int, tuple[str, str]] = {}  # action -> (selector, why it was needed)
        notes: dict[int, str] = {}  # action -> why the model's selector was not used

        def scorer(current: Task, steps: Sequence[dict[str, Any]], shots: Path) -> TaskScore:
            missed = next(
                (
                    s
                    for s in steps
                    if s.get("status") == TARGET_NOT_FOUND and isinstance(s.get("index"), int)
                ),
                None,
            )
            if missed is not None and missed["index"] not in added | notes:
                index = int(missed["index"])
                if len(added) >= MAX_SELECTOR_RETRIES:
                    notes[index] = f"no judge-model selector: {MAX_SELECTOR_RETRIES} retries used"
                else:
                    try:
                        found, refused = judge.selectors(task, html)
                    except JudgeError as exc:
                        found, refused = {}, [str(exc)]
                    if index in found:
                        raise _Retry(index, found[index], str(missed.get("reason") or ""))
                    notes[index] = "the judge model gave no usable selector" + (
                        f" ({'; '.join(refused)[:300]})" if refused else ""
                    )
            score = score_paper(current, steps, shots, judge)
            for step in score.steps:
                step.hints = hint_trace(task.actions[step.index - 1])
                if step.index in added:
                    selector, why = added[step.index]
                    step.hints.append(
                        f"selector {selector!r} from the judge model {judge.name!r}, asked "
                        f"because the hints found no element ({why})"
                    )
                if step.index in notes:
                    step.hints.append(notes[step.index])
            return score

        current = task
        while True:
            try:
                return page_judge(current, html, out_dir, scorer=scorer, **kwargs)
            except _Retry as retry:
                added[retry.index] = (retry.selector, retry.why)
                current = _with_selector(current, retry.index, retry.selector)

    return judge_one
