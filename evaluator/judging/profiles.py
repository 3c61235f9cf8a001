"""Judging profiles, named in every result: ``offline`` (the default: deterministic, no
model) and ``paper`` (the published protocol with a judge model, see
:mod:`evaluator.judging.paper`)."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from evaluator.generation.models import ClientOptions, open_model, parse_spec
from evaluator.judging.grounding import Element, read_elements, with_elements
from evaluator.judging.judge import OFFLINE_PROFILE as OFFLINE
from evaluator.judging.judge import PageJudge, judge_page
from evaluator.judging.paper import DEFAULT_JUDGE_CONCURRENCY, PaperJudge, score_paper
from evaluator.judging.paper import PROFILE as PAPER
from evaluator.judging.paper_prompts import load_templates
from evaluator.judging.paper_replies import JudgeError
from evaluator.judging.retries import DEFAULT_RETRIES, second_tries
from evaluator.results import TaskResult
from evaluator.scoring.score import TaskScore, hint_trace
from evaluator.tasks.task import Task
from sandbox.runner.record import Step
from sandbox.runner.result import StepStatus

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
    *,
    templates: Path | None = None,
    concurrency: int = DEFAULT_JUDGE_CONCURRENCY,
    target_retries: int | None = None,
) -> Iterator[PageJudge]:
    """The page judge for ``profile``; a judge model's client lives as long as the block.
    ``templates``: a folder of judge prompt templates (:func:`load_templates`);
    ``concurrency``: questions of one page asked at once, and calls in flight to the
    judge model per page; ``target_retries``: the offline profile's second tries per page
    (:mod:`evaluator.judging.retries`; None: its default).

    Raises:
        ProfileError: an unknown profile, ``paper`` without a judge model, a judge model
            or templates given to ``offline``, second tries given to ``paper``, or
            unreadable templates.
        evaluator.generation.models.ModelSpecError: the judge spec is malformed.
    """
    if profile == OFFLINE:
        if judge_spec or templates:
            raise ProfileError("--judge and --judge-templates are only used by --profile paper")
        retries = DEFAULT_RETRIES if target_retries is None else target_retries
        yield second_tries(judge_page, retries) if retries > 0 else judge_page
        return
    if profile != PAPER:
        raise ProfileError(f"unknown profile {profile!r}; known: {', '.join(PROFILES)}")
    if not judge_spec:
        raise ProfileError("--profile paper needs a judge model: --judge SPEC")
    if target_retries is not None:
        raise ProfileError(
            "--target-retries is only used by --profile offline (the paper profile's judge "
            "model grounds targets itself)"
        )
    spec = parse_spec(judge_spec, judge_name)
    try:
        prompts = load_templates(templates) if templates else {}
    except ValueError as exc:
        raise ProfileError(str(exc)) from exc
    # Calls in flight to the judge model: ``concurrency`` per page, for up to 4 pages.
    options = ClientOptions(config=judge_config, concurrency=max(1, concurrency) * 4)
    with open_model(spec, tasks_dir, 600.0, options) as client:
        # The cache is keyed by the judge model and the question, not by where it is served.
        judge = PaperJudge(
            client,
            spec.model_name or spec.label,
            out / JUDGE_CACHE_DIR,
            templates=prompts,
            concurrency=concurrency,
        )
        yield model_targets(judge)


def with_judged_inputs(task: Task, judge: PaperJudge) -> Task:
    """``task`` with each Type text and Press key the row left out supplied by the judge
    model from the description (source ``judge``), as the published judge's LLM does. An
    input the model does not give stays missing: the page judge reports the task_error.
    A failing judge model leaves the task as it is (the same task_error follows)."""
    if not any(a.missing_inputs() for a in task.actions):
        return task
    try:
        found = judge.inputs(task)
    except JudgeError:
        return task
    actions = list(task.actions)
    for index, value in found.items():
        action = actions[index - 1]
        name = action.missing_inputs()[0]
        # The field is named at run time (``text`` or ``key``), hence a mapping of changes.
        changes: dict[str, Any] = {name: value, "sources": {**action.sources, name: "judge"}}
        actions[index - 1] = dataclasses.replace(action, **changes)
    return dataclasses.replace(task, actions=tuple(actions))


FALLBACK = "fallback_selector"


class _Retry(Exception):
    """Judge the page again, now with the judge model's fallback selectors."""


def _with_fallbacks(task: Task, selectors: dict[int, str]) -> Task:
    """``task`` with each selector as its action's ``fallback_selector`` (the runner tries
    it only when the action's hints find nothing)."""
    actions = list(task.actions)
    for index, selector in selectors.items():
        action = actions[index - 1]
        actions[index - 1] = dataclasses.replace(
            action, target={**action.target, FALLBACK: selector}
        )
    return dataclasses.replace(task, actions=tuple(actions))


def model_targets(judge: PaperJudge, page_judge: PageJudge = judge_page) -> PageJudge:
    """The paper profile's page judge: hints first; then the judge model's selector (one
    question per page, from the trimmed HTML); then, for an action whose target is still
    not found, the judge model's choice among the page's numbered interactive elements as
    they were just before it (the published agent's grounding, with a screenshot question
    as its fallback), see :mod:`evaluator.judging.paper`, "Targets".

    Every step keeps its numbered element list, so the element question for action i
    uses the list the runner read when it stood before action i. A page is judged again
    when the selectors are new, and once for each action grounded by an element (the
    replay is deterministic up to it; the runner checks the number still names the same
    role and name). Scoring starts only once no retry is due.
    """

    def judge_one(task: Task, html: str, out_dir: Path, **kwargs: Any) -> TaskResult:
        task = with_judged_inputs(task, judge)
        result = _Grounding(judge, task, html).run(page_judge, out_dir, **kwargs)
        # What the judge model cost for this page (calls, cache hits, tokens).
        result.judge = {**result.judge, "judge_model": judge.take_usage(task.id)}
        return result

    return judge_one


class _Grounding:
    """One page judged by :func:`model_targets`: the judge model's selectors and chosen
    elements so far, and the scorer that asks for more (raising ``_Retry``) or scores."""

    def __init__(self, judge: PaperJudge, task: Task, html: str) -> None:
        self.judge, self.task, self.html = judge, task, html
        # (selectors, refused notes) once the judge model was asked; None before.
        self.reply = judge.selectors(task, html, cached_only=True)
        # Per action: the element the judge model chose, and why (or why none).
        self.chosen: dict[int, Element] = {}
        self.notes: dict[int, str] = {}

    def run(self, page_judge: PageJudge, out_dir: Path, **kwargs: Any) -> TaskResult:
        # Each retry follows new selectors (once) or a new action's element (at most one
        # per action), so this ends after at most len(task.actions) + 2 judgings.
        while True:
            try:
                return page_judge(
                    self.current(), self.html, out_dir, scorer=self.scorer, elements=True, **kwargs
                )
            except _Retry:
                continue

    def current(self) -> Task:
        grounded = _with_fallbacks(self.task, self.reply[0]) if self.reply else self.task
        return with_elements(grounded, self.chosen)

    def ground(self, steps: Sequence[Step], index: int, shots: Path) -> bool:
        """Ask for action ``index``'s element; True when one was chosen."""
        task, notes = self.task, self.notes
        before = next((s for s in steps if s.index == index - 1), None)
        listed = before.elements if before else None
        elements = read_elements(listed, task.width, task.height)
        if before is None or not elements:
            notes[index] = "no numbered elements were listed before this action"
            return False
        name = before.screenshot
        screenshot = shots / name if isinstance(name, str) else None
        if screenshot is not None and not screenshot.is_file():
            screenshot = None
        try:
            element, notes[index] = self.judge.element(task, index, elements, screenshot)
        except JudgeError as exc:
            notes[index] = str(exc)[:300]
            return False
        if element is None:
            return False
        self.chosen[index] = element
        return True

    def scorer(self, current: Task, steps: Sequence[Step], shots: Path) -> TaskScore:
        missed = next((s for s in steps if s.status == StepStatus.TARGET_NOT_FOUND), None)
        if missed is not None and self.reply is None:
            try:
                self.reply = self.judge.selectors(self.task, self.html)
            except JudgeError as exc:
                self.reply = ({}, [str(exc)])
            if self.reply is not None and self.reply[0]:
                raise _Retry()
        if (
            missed is not None
            and missed.index not in self.notes
            and self.ground(steps, missed.index, shots)
        ):
            raise _Retry()
        score = score_paper(current, steps, shots, self.judge)
        self.explain(score)
        return score

    def explain(self, score: TaskScore) -> None:
        """Each step's hint trace, with where its selector or element came from."""
        found, refused = self.reply or ({}, [])
        for step in score.steps:
            step.hints = hint_trace(self.task.actions[step.index - 1])
            target = step.target if isinstance(step.target, dict) else {}
            selector = found.get(step.index)
            if target.get("found_by") == FALLBACK and selector:
                step.hints.append(
                    f"selector {selector!r} from the judge model {self.judge.name!r}, used as "
                    f"the fallback because the hints found no element ({target.get('why')})"
                )
            elif step.status == StepStatus.TARGET_NOT_FOUND and selector is None and self.reply:
                step.hints.append(
                    "the judge model gave no usable selector"
                    + (f" ({'; '.join(refused)[:300]})" if refused else "")
                )
            if step.index in self.notes:
                step.hints.append(f"numbered elements: {self.notes[step.index]}")
