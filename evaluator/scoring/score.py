"""Scores as a pure function of saved artifacts: the task, the runner's step trace
and the screenshots. Nothing here touches Docker, a browser or a model, so scores
can be recomputed and tested offline.

IFS follows the published protocol: the successful prefix of actions ends at the
first action whose target was not found, that failed to execute, or whose
assertions do not hold afterwards. The assertions are model-free: the task's
written expectations, plus the reference's own transition
(:mod:`evaluator.scoring.transitions`). VFS averages the visual score
(:mod:`evaluator.scoring.metrics`) over step 0 and the visually flagged steps of that prefix.
Final = 0.7 * IFS + 0.3 * VFS.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaluator.results import Verdict
from evaluator.scoring import budget, ocr, ocr_like
from evaluator.scoring.assertions import (
    appeared_facts,
    assertion_check,
    count_check,
    fact_check,
    fact_shown,
    gone_check,
    page_tokens,
    said_check,
    said_texts,
    stated_counts,
    stated_facts,
    stated_texts,
)
from evaluator.scoring.layout import Text, beside_on_screen, read_lines
from evaluator.scoring.metrics import ZERO, VisualScore, compare
from evaluator.scoring.painted import with_painted_text
from evaluator.scoring.spread import spread_check
from evaluator.scoring.states import state_check
from evaluator.scoring.transitions import (
    CHANGED_SHARE,
    Check,
    Neighbour,
    changed_share,
    neighbour,
    ocr_text_transition,
    probe_transition,
    text_transition,
    visual_transition,
)
from evaluator.tasks.hints import explain
from evaluator.tasks.task import Action, Expectation, Task
from sandbox.runner.record import Step
from sandbox.runner.result import StepStatus

IFS_WEIGHT = 0.7
VFS_WEIGHT = 0.3

# An action's status in the results: its own verdict, or the runner's status of its step.
StepVerdict = Verdict | StepStatus

_SPACE_RE = re.compile(r"\s+")


class JudgingUnavailable(RuntimeError):
    """Scoring could not be done (a judge model failed): an infrastructure fault, never
    a verdict on the page."""


def _norm(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip().casefold()


def check_expectation(expect: Expectation, page_text: str) -> list[str]:
    """Reasons the page text breaks the expectation; empty when it holds.

    Matching ignores case and runs of white space, since CSS can change both
    without changing what a person reads.
    """
    text = _norm(page_text)
    problems = [f"missing text {t!r}" for t in expect.text_present if _norm(t) not in text]
    problems += [f"unexpected text {t!r}" for t in expect.text_absent if _norm(t) in text]
    return problems


@dataclass
class StepScore:
    """One action's outcome as judged."""

    index: int
    type: str
    description: str
    status: StepVerdict
    reason: str
    visual: bool
    screenshot: str | None = None
    target: dict[str, Any] | None = None
    seconds: float = 0.0
    # Visual components and their mean, for steps that count towards VFS.
    vision: dict[str, float | None] | None = None
    # What was checked to decide the status, one sentence each.
    checks: list[str] = field(default_factory=list)
    # Where the target hints sent to the runner came from, one sentence each.
    hints: list[str] = field(default_factory=list)
    # The text typed, key pressed or scroll made, and where each came from
    # (e.g. {"text": "pasta", "text_source": "description"}).
    inputs: dict[str, Any] = field(default_factory=dict)


@dataclass
class TaskScore:
    """A task's scores in [0, 1] with the per-step detail behind them."""

    ifs: float
    vfs: float
    final: float
    passed: int
    total: int
    initial: dict[str, float | None] | None
    steps: list[StepScore] = field(default_factory=list)


# Turns a runner trace and its screenshots into scores: score_task, or a profile's own.
Scorer = Callable[[Task, Sequence[Step], Path], TaskScore]


def final_score(ifs: float, vfs: float) -> float:
    """The published combination, weighting function over looks."""
    return IFS_WEIGHT * ifs + VFS_WEIGHT * vfs


def hint_trace(action: Action) -> list[str]:
    """Where the action's target hints came from (the task, or its description)."""
    return explain(action.target, action.description, action.type, action.text)


def step_score(
    index: int,
    action: Action,
    raw: Step | None,
    status: StepVerdict,
    reason: str,
    checks: list[str],
) -> StepScore:
    """Action ``index``'s record: the verdict given (status, reason, the checks behind it), the
    rest read off the task and the runner's step (None when it never ran). Every profile
    records its steps this way, so the results and reports read them alike."""
    return StepScore(
        index=index,
        type=action.type,
        description=action.description,
        status=status,
        reason=reason,
        visual=action.visual,
        screenshot=raw.screenshot if raw else None,
        target=raw.target if raw else None,
        seconds=float(raw.seconds or 0.0) if raw else 0.0,
        checks=checks,
        hints=hint_trace(action),
        inputs=action.inputs(),
    )


def judge_step(action: Action, runner_step: Step | None) -> tuple[StepVerdict, str]:
    """Status and reason of one action from the runner's evidence and the task's
    written expectations (the reference transition is checked in :func:`score_task`)."""
    if runner_step is None:
        return StepStatus.NOT_RUN, "the replay ended before this action"
    if runner_step.status != StepStatus.OK:
        return runner_step.status, runner_step.reason
    problems = check_expectation(action.expect, runner_step.text)
    if problems:
        return Verdict.ASSERTION_FAILED, "; ".join(problems)
    return Verdict.PASSED, ""


def check_note(check: Check) -> str:
    """One line of the step trace for a check."""
    return ("skipped: " if check.skipped else "ok: " if check.ok else "failed: ") + check.detail


def _transition_checks(
    task: Task,
    index: int,
    by_index: dict[int, Step],
    shots: Path,
    reference_texts: dict[int, str],
) -> list[Check]:
    """The reference transition of action ``index`` (a step that ran), checked on the
    judged page."""
    checks: list[Check] = []
    before, after = by_index.get(index - 1), by_index[index]
    typed = " ".join(a.text or "" for a in task.actions[:index] if a.type == "type")
    assertion = task.actions[index - 1].assertion
    if index - 1 in reference_texts and index in reference_texts:
        check = text_transition(reference_texts[index - 1], reference_texts[index], after.text)
        if check:
            checks.append(check)
    else:
        checks += _worded_checks(task, index, before, after, shots, typed)
    # The states it names ("Buy oat milk is crossed out"), on the runner's record of them.
    states = state_check(assertion, after.states)
    if states:
        checks.append(states)
    paths = (
        task.checkpoint(index - 1),
        task.checkpoint(index),
        shots / str((before.screenshot if before else None) or "-"),
        shots / str(after.screenshot or "-"),
    )
    if all(p.is_file() for p in paths):
        check = visual_transition(*paths)
        if check:
            checks.append(check)
        # Typing changes its field on any page, scripts or none: where the reference's
        # change reached beyond the field, the page's must too (spread.py).
        spread = spread_check(*paths) if task.actions[index - 1].type == "type" else None
        if spread:
            checks.append(spread)
    checks += _probe_checks(task, index, before, after, shots)
    return checks


def _worded_checks(
    task: Task, index: int, before: Step | None, after: Step, shots: Path, typed: str
) -> list[Check]:
    """Action ``index`` without reference text (the published layout): the numbers, gone
    items and quoted texts its logical assertion states, else the facts the reference
    shows and the transition read by OCR."""
    checks: list[Check] = []
    assertion = task.actions[index - 1].assertion
    before_text = before.text if before else ""
    # The numbers the assertion states, next to what they count ("the cart shows 1"),
    # whatever else it says: a number anywhere on the page proves nothing.
    # The texts with their boxes, when the runner kept them (sandbox/runner/lines.py).
    lines = read_lines(after.lines)
    reference, reference_lines = _reference_reading(task, index, assertion)
    counted = count_check(
        assertion,
        after.text,
        before_text,
        typed,
        (lambda number, words: beside_on_screen(lines, number, words)) if lines else None,
        reference,
        (lambda number, words: beside_on_screen(reference_lines, number, words))
        if reference_lines
        else None,
    )
    if counted:
        checks.append(counted)
    gone = _confirmed(
        task, index, lambda reference: gone_check(assertion, after.text, before_text, reference)
    )
    if gone:
        checks.append(gone)
    quoted = _confirmed(
        task, index, lambda reference: assertion_check(assertion, after.text, typed, reference)
    )
    if quoted is not None:
        # The logical assertion quotes what the page must show: checked exactly on the
        # browser's text, no OCR needed unless it fails.
        checks.append(quoted)
    elif task.checkpoint(index - 1).is_file() and task.checkpoint(index).is_file():
        # The assertion's facts the reference shows, and the transition read by OCR
        # unless a stated fact is what appeared.
        facts, settled = _fact_checks(task, index, after.text, typed, before_text)
        checks += facts
        check = None
        if not settled:
            check = ocr_text_transition(
                task.checkpoint(index - 1),
                task.checkpoint(index),
                after.text,
                typed,
                shots / str(after.screenshot or "-"),
                before.text if before else None,
            )
        if check:
            checks.append(check)
    return checks


def _confirmed(task: Task, index: int, check: Callable[[str | None], Check | None]) -> Check | None:
    """A check of the assertion's words on the judged page (``check(None)``); when it
    fails, asked again with the reference's own checkpoint text, so what the reference
    does not show as stated is dropped (None) or noted rather than failed."""
    first = check(None)
    if first is None or first.ok:
        return first
    return check(_reference_text(task, index))


def _reference_text(task: Task, index: int) -> str | None:
    """The reference's checkpoint after action ``index`` read by OCR, or None (no
    checkpoint, no OCR): read only when a check of the assertion's words failed, to drop
    what the reference itself does not show as stated."""
    path = task.checkpoint(index)
    if not path.is_file():
        return None
    try:
        return ocr.read(path).text
    except ocr.OcrUnavailable:
        return None


def _reference_reading(task: Task, index: int, assertion: str) -> tuple[str | None, list[Text]]:
    """The reference's checkpoint after action ``index`` read by OCR, as text and as words
    with their boxes, when the assertion states a number and OCR can read it (else None)."""
    path = task.checkpoint(index)
    if not stated_counts(assertion) or not path.is_file():
        return None, []
    try:
        read = ocr.read(path)
    except ocr.OcrUnavailable:
        return None, []
    words = [Text(tuple(page_tokens(w.text)), w.left, w.top, w.width, w.height) for w in read.words]
    return read.text, [w for w in words if w.tokens]


def _fact_checks(
    task: Task, index: int, page_text: str, typed: str, page_before: str = ""
) -> tuple[list[Check], bool]:
    """The logical assertion's numbers and names that checkpoint ``index`` shows (by OCR),
    and the texts it says something shows, checked on the page text; and whether they
    settle the text transition: they do when one of the facts is new on that checkpoint
    and new on the page too (the action's change is what the assertion states, read
    exactly on the page, with no OCR misreading of the page to fail on). A fact the page
    showed before the action is no evidence of it (h11-boots #2: "NB" and "Items", new on
    the checkpoint as the recording had scrolled, were on the judged page all along)."""
    assertion = task.actions[index - 1].assertion
    if not stated_facts(assertion) and not said_texts(assertion):
        return [], False
    try:
        before = ocr.read(task.checkpoint(index - 1)).text
        after = ocr.read(task.checkpoint(index)).text
    except ocr.OcrUnavailable:
        return [], False
    checks = []
    said = said_check(assertion, after, page_text, typed)
    if said is not None:
        checks.append(said)
    check = fact_check(assertion, after, page_text, typed)
    if check is None:
        return checks, False
    appeared = appeared_facts(assertion, before, after)
    new = [f for f in appeared if not fact_shown(f, page_before)] if page_before else appeared
    return [check, *checks], check.ok and bool(new)


def _probe_checks(
    task: Task, index: int, before: Step | None, after: Step, shots: Path
) -> list[Check]:
    """The runner's counterfactual probes of action ``index`` (sandbox/runner/probes.py)."""
    probes = after.probes
    if not isinstance(probes, list):
        return []
    # The probe pass's own starting state (target in view) when the runner kept it.
    start = after.probe_before or (before.screenshot if before else None)
    before_shot = shots / str(start or "-")
    after_shot = shots / str(after.screenshot or "-")
    if not (before_shot.is_file() and after_shot.is_file()):
        return []
    # Where the reference did not change visibly, the step asks for no change: nothing to
    # tell apart. Without checkpoints, the page's own change is what a probe must not make.
    ref = (task.checkpoint(index - 1), task.checkpoint(index))
    changed = not all(p.is_file() for p in ref) or changed_share(*ref, reference=True) > (
        CHANGED_SHARE
    )
    target = after.target
    # The container's words: bounded like the probe's own label.
    target_text = str(target.get("text") or "")[:200] if isinstance(target, dict) else ""
    checks = []
    for probe in probes[:4]:
        if not isinstance(probe, dict):
            continue
        shot = shots / str(probe.get("screenshot") or "-")
        if not shot.is_file():
            continue
        what = str(probe.get("what") or probe.get("kind") or "elsewhere")[:80]
        check = probe_transition(before_shot, after_shot, shot, what, reference_changed=changed)
        kind = (
            neighbour(target_text, what)
            if check and not check.ok and probe.get("kind") == "neighbour"
            else None
        )
        if check and kind is Neighbour.LIKE:
            check = Check(
                True, f"{check.detail}; a like control of the same set: noted, not failed"
            )
        elif check and kind is Neighbour.SAME and changed_share(shot, after_shot) > CHANGED_SHARE:
            # Two "Cancel booking" buttons each open their own window: alike, not the same.
            check = Check(
                True,
                f"{check.detail}; a control labelled the same, whose result differs from the "
                "action's: noted, not failed",
            )
        if check:
            checks.append(check)
    return checks


def reference_readings(task: Task) -> list[ocr_like.Job]:
    """The reference checkpoints scoring ``task`` reads by OCR whatever page is judged, if
    its actions run: those of the OCR text transitions and stated facts (actions with no
    reference text and a logical assertion that quotes nothing), first action first. A
    judge may read them while the page replays (:func:`ocr_like.read_in_background`)."""
    return _transition_jobs(task, None, task.reference_texts())


def _transition_jobs(
    task: Task, by_index: dict[int, Step] | None, reference_texts: dict[int, str]
) -> list[ocr_like.Job]:
    """The checkpoints the OCR text transitions of the executed steps (every step when
    ``by_index`` is None) will read (actions with no reference text and a logical
    assertion that quotes nothing), to read them side by side first
    (:func:`evaluator.scoring.ocr_like.read_many`; read once per machine)."""
    jobs: list[ocr_like.Job] = []
    for index, action in enumerate(task.actions, start=1):
        step = None if by_index is None else by_index.get(index)
        if by_index is not None and (step is None or step.status != StepStatus.OK):
            continue
        if index - 1 in reference_texts and index in reference_texts:
            continue
        if stated_texts(action.assertion):
            continue
        pair = (task.checkpoint(index - 1), task.checkpoint(index))
        if all(p.is_file() for p in pair):
            jobs += [(p, None) for p in pair]
    return jobs


def _seen_chain(
    task: Task, by_index: dict[int, Step], shots: Path, indices: Sequence[int]
) -> dict[int, ocr_like.Seen]:
    """The screenshots the visual scores of ``indices`` compare, in order, each with the
    one before it: OCR may read a step against the page's previous scored step instead of
    its checkpoint (:func:`evaluator.scoring.ocr_like.read_like`). Only evidence decides
    the chain (the scored steps), so rescoring reads the same."""
    chain: dict[int, ocr_like.Seen] = {}
    last: ocr_like.Seen | None = None
    for index in indices:
        step = by_index.get(index)
        shot, ref = (step.screenshot if step else None), task.checkpoint(index)
        if shot and (shots / shot).is_file() and ref.is_file():
            chain[index] = last = ocr_like.Seen(shots / shot, ref, last)
    return chain


def _read_ahead(chain: dict[int, ocr_like.Seen], reference_texts: dict[int, str]) -> None:
    """Read by OCR, side by side, the screenshots the visual scores of ``chain`` will
    read one after another (those without the browser's text on both sides): each
    Tesseract is a process of its own, so a page's readings overlap one another and the
    other worker's browser. The scores then find them remembered (same results)."""
    ocr_like.read_many([seen for i, seen in chain.items() if i not in reference_texts])


def _prefix_steps(
    task: Task,
    by_index: dict[int, Step],
    screenshots_dir: Path,
    reference_texts: dict[int, str],
    text_notes: dict[int, list[str]],
) -> tuple[list[StepScore], int]:
    """Each action's verdict, and how many passed before the first failure (the prefix)."""
    steps: list[StepScore] = []
    passed = 0
    broken = False
    for i, action in enumerate(task.actions, start=1):
        raw = by_index.get(i)
        status, reason = judge_step(action, raw)
        notes: list[str] = [f"text: {n}" for n in text_notes.get(i, ())]
        if status == Verdict.PASSED:
            budget.check(f"the checks of step {i}")
            checks = _transition_checks(task, i, by_index, screenshots_dir, reference_texts)
            notes += [check_note(c) for c in checks]
            failed = [c.detail for c in checks if not c.ok]
            if failed:
                status, reason = Verdict.ASSERTION_FAILED, "; ".join(failed)
        if broken and status == Verdict.PASSED:
            # After the prefix ends nothing counts, even if it happened to work.
            reason = "after the first failed action"
        if status == Verdict.PASSED and not broken:
            passed += 1
        else:
            broken = True
        steps.append(step_score(i, action, raw, status, reason, notes))
    return steps, passed


def score_task(
    task: Task,
    runner_steps: Sequence[Step],
    screenshots_dir: Path,
    metric: Callable[[Path, Path, str | None, str | None], VisualScore] = compare,
) -> TaskScore:
    """Score one judged page from the runner's steps (index 0 = initial state).

    A step whose screenshot or checkpoint is missing scores 0 visually rather than
    being dropped, so a broken page cannot raise its own average.
    """
    # Every text check reads what is painted, not the DOM's innerText (painted.py).
    painted, text_notes = with_painted_text(runner_steps, screenshots_dir)
    by_index = {s.index: s for s in painted}

    reference_texts = task.reference_texts()
    if metric is compare:
        ocr_like.read_many(_transition_jobs(task, by_index, reference_texts))

    steps, passed = _prefix_steps(task, by_index, screenshots_dir, reference_texts, text_notes)
    chain = _seen_chain(
        task, by_index, screenshots_dir, [0] + [s.index for s in steps[:passed] if s.visual]
    )

    def visual(index: int) -> VisualScore:
        budget.check(f"the visual score of step {index}")
        seen, step = chain.get(index), by_index.get(index)
        if seen is None or step is None:
            return ZERO
        if metric is compare:
            texts = reference_texts.get(index), step.text
            return compare(seen.reference, seen.path, *texts, previous=seen.previous)
        return metric(seen.reference, seen.path, reference_texts.get(index), step.text)

    if metric is compare:
        _read_ahead(chain, reference_texts)
    initial = visual(0) if 0 in by_index else ZERO
    values = [initial.score]
    for step in steps[:passed]:
        if step.visual:
            score = visual(step.index)
            step.vision = score.to_json()
            values.append(score.score)
    ifs = passed / len(task.actions)
    vfs = sum(values) / len(values)
    return TaskScore(
        ifs=ifs,
        vfs=vfs,
        final=final_score(ifs, vfs),
        passed=passed,
        total=len(task.actions),
        initial=initial.to_json() if 0 in by_index else None,
        steps=steps,
    )
