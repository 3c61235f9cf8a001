"""Second tries (offline profile): when a page fails at an action whose target the words
may have missed, judge it again with another element the task's own evidence points to,
and keep the judging that got furthest.

Why: a published row names its target only in words, and no reading of words covers the
next annotator's ("Put it away" for the archive icon, "Make it two" for the stepper's +).
The task has evidence besides the words: where the recording's pointer was when the
reference acted (:mod:`evaluator.tasks.pointing`) and where the reference changed across
the action (:mod:`evaluator.tasks.changes`). An element there that makes the step pass,
under the same checks as any step, is what the annotator meant; a dead page gains nothing,
as no element makes its step pass. The rules (docs/JUDGE.md, "Second tries"):

- Only the first failing action is tried again (a task's credit ends there), only a click
  or a type, only when it ran and its checks failed or it found no target.
- The candidates are the page's numbered interactive elements as the runner listed them
  just before that action (``sandbox/runner/elements.py``); a type takes fields only.
  Where the recording shows the pointer, only elements within ``POINTER_NEAR_PX`` of it
  are candidates: the recording says where the reference acted, and an element elsewhere
  that passes the step's checks passes them by chance (a filter chip "All" showing what
  the assertion counts). Each gains points for the evidence on it: the pointer on it
  (``POINTER_ON``) or near it (``POINTER_NEAR``), the reference's changed region over it
  (``CHANGED``: as often the action's consequence as its control), and the description's
  words in its name or text (``WORD`` each, at most ``MAX_WORDS``). An element needs
  ``MIN_POINTS``: a changed region or a word alone is not enough. The element the failed
  judging acted on is not tried again.
- Best first (points, then the smaller element: an icon before the card around it, then
  reading order), at most ``PER_ACTION`` per action and ``retries`` judgings per page.
- A try that gets past the action keeps its choice, and the next failing action may be
  tried in turn. The judging with the most actions passed is kept (a tie: the earlier one),
  its evidence moved into the page's folder; every step's trace says what was tried.

Everything is deterministic: the same page judged twice gives the same tries.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaluator.judging.grounding import Element, read_elements, with_elements
from evaluator.judging.judge import TRACE_FILE, PageJudge
from evaluator.results import TaskResult, TaskStatus, Verdict
from evaluator.tasks.changes import changed_hint
from evaluator.tasks.pointing import task_pointed_hint
from evaluator.tasks.task import Action, Task
from evaluator.tasks.vocabulary import content_words
from sandbox.runner.result import StepStatus

# Judgings more per page, at most; 0 turns second tries off.
DEFAULT_RETRIES = 3
PER_ACTION = 2
POINTER_ON = 3  # the pointer within POINTER_SLACK px of the element's box
POINTER_NEAR = 1  # within POINTER_NEAR_PX
POINTER_SLACK = 12
POINTER_NEAR_PX = 40
CHANGED = 1  # a changed region (grown by CHANGED_SLACK px) overlaps the element
CHANGED_SLACK = 8
WORD = 1
MAX_WORDS = 2
MIN_POINTS = 2
# What the runner's trace says chose the element (sandbox/runner/elements.py, ``pick``).
CHOOSER = "a second try on the task's evidence (pointer, changed region, words)"
FIELD_ROLES = frozenset({"textbox", "searchbox", "combobox", "spinbutton"})
_WORD_RE = re.compile(r"[\w°%€$£+−×]+")


@dataclass(frozen=True)
class Candidate:
    """An element worth a second try, with the evidence for it."""

    element: Element
    points: int
    why: str


def _boxes(hint: str) -> list[tuple[float, float, float, float]]:
    out = []
    for part in hint.split(";"):
        try:
            x, y, w, h = (float(v) for v in part.split(","))
        except ValueError:
            continue
        out.append((x, y, w, h))
    return out


def _point(hint: str) -> tuple[float, float] | None:
    try:
        x, y = (float(v) for v in hint.split(","))
    except ValueError:
        return None
    return x, y


def _distance(box: tuple[int, int, int, int], point: tuple[float, float]) -> float:
    x, y, w, h = box
    dx = max(0.0, x - point[0], point[0] - (x + w))
    dy = max(0.0, y - point[1], point[1] - (y + h))
    return float((dx * dx + dy * dy) ** 0.5)


def _overlaps(box: tuple[int, int, int, int], other: tuple[float, float, float, float]) -> bool:
    x, y, w, h = box
    ox, oy, ow, oh = other
    s = CHANGED_SLACK
    return x < ox + ow + s and ox - s < x + w and y < oy + oh + s and oy - s < y + h


def _iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    iw = max(0.0, min(ax + aw, bx + bw) - max(ax, bx))
    ih = max(0.0, min(ay + ah, by + bh) - max(ay, by))
    inter = iw * ih
    union = aw * ah + bw * bh - inter
    return inter / union if union > 0 else 0.0


def _was_tried(element: Element, tried: dict[str, Any] | None) -> bool:
    """Whether ``element`` is the one the failed judging acted on (its box, or its text
    and size when acting scrolled it: the list was read before the scroll)."""
    if not tried:
        return False
    box = tried.get("box")
    if not (isinstance(box, list) and len(box) == 4):
        return False
    if _iou(tuple(float(v) for v in element.box), tuple(float(v) for v in box)) >= 0.5:
        return True
    text = str(tried.get("text") or "").strip().casefold()
    same_size = (
        abs(element.box[2] - float(box[2])) <= 2 and abs(element.box[3] - float(box[3])) <= 2
    )
    return bool(text) and element.text.casefold() == text and same_size


def candidates(
    action: Action,
    listed: Sequence[Element],
    *,
    pointed: str = "",
    changed: str = "",
    tried: dict[str, Any] | None = None,
) -> list[Candidate]:
    """The elements of ``listed`` worth a second try at ``action``, best first (see the
    module's rules). ``pointed`` and ``changed`` are the action's hints as the runner gets
    them; ``tried`` the failed step's target record."""
    point = _point(pointed) if pointed else None
    regions = _boxes(changed) if changed else []
    said = {
        w.lstrip("^").casefold()
        for w in content_words(action.description, action.text or None).split()
    }
    found: list[Candidate] = []
    for element in listed:
        if action.type == "type" and element.role not in FIELD_ROLES:
            continue
        if element.disabled or _was_tried(element, tried):
            continue
        points, why = 0, []
        if point is not None:
            d = _distance(element.box, point)
            if d > POINTER_NEAR_PX:
                continue
            if d <= POINTER_SLACK:
                points += POINTER_ON
                why.append("the recording's pointer on it" + (f" ({d:.0f} px off)" if d else ""))
            elif d <= POINTER_NEAR_PX:
                points += POINTER_NEAR
                why.append(f"the recording's pointer {d:.0f} px from it")
        if any(_overlaps(element.box, r) for r in regions):
            points += CHANGED
            why.append("the reference changed there")
        own = set(_WORD_RE.findall(f"{element.name} {element.text}".casefold()))
        shared = sorted(said & own)[:MAX_WORDS]
        if shared:
            points += WORD * len(shared)
            why.append("the description's " + ", ".join(repr(w) for w in shared))
        if points >= MIN_POINTS:
            found.append(Candidate(element, points, "; ".join(why)))
    found.sort(key=lambda c: (-c.points, c.element.box[2] * c.element.box[3], c.element.index))
    return found


def _first_unpassed(result: TaskResult) -> dict[str, Any] | None:
    """The first action that did not pass (a judging that did not end ``ok`` stands at its
    first action); None when every action passed."""
    if result.status != TaskStatus.OK:
        return {"index": 1}
    return next((s for s in result.steps if s.get("status") != Verdict.PASSED), None)


def _retryable(step: dict[str, Any] | None) -> bool:
    """Whether a second try may help this failed action: a click or type that ran and
    failed its checks, or found no target."""
    return (
        step is not None
        and step.get("type") in ("click", "type")
        and step.get("status") in (Verdict.ASSERTION_FAILED, StepStatus.TARGET_NOT_FOUND)
    )


# The failed try's reason, cut: the trace says why the element did not do either.
WHY_CHARS = 200


def _failed_as_well(result: TaskResult) -> str:
    """The note for a try that did not get past its action: which action it stopped at and
    why (its first failed check), so the trace tells what the element did wrong."""
    unpassed = _first_unpassed(result) or {}
    reason = " ".join(str(unpassed.get("reason") or "").split())
    if len(reason) > WHY_CHARS:
        reason = reason[: WHY_CHARS - 1] + "…"
    where = f"at action {unpassed.get('index', '?')}"
    return f"it failed as well ({where}: {reason})" if reason else f"it failed as well ({where})"


def _got_past(result: TaskResult, index: int) -> bool:
    """Whether ``result`` passed action ``index`` and every action before it."""
    unpassed = _first_unpassed(result)
    return unpassed is None or int(unpassed.get("index", 0)) > index


class _Attempt:
    """One judging of the page: its result and the folder its files are in."""

    def __init__(self, result: TaskResult, folder: Path) -> None:
        self.result, self.folder = result, folder

    def before(self, index: int) -> dict[str, Any]:
        """The runner's record of the step just before action ``index`` (its element list,
        its scroll), from the trace; empty when there is none."""
        try:
            trace = json.loads((self.folder / TRACE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        steps = trace.get("steps") if isinstance(trace, dict) else None
        for step in steps if isinstance(steps, list) else []:
            if isinstance(step, dict) and step.get("index") == index - 1:
                return step
        return {}


def second_tries(page_judge: PageJudge, retries: int = DEFAULT_RETRIES) -> PageJudge:
    """The offline page judge with second tries (the module's rules): ``page_judge`` is
    called with ``elements=True`` (the runner lists the interactive elements each step)
    and at most ``retries`` more times per page."""

    def judge_one(task: Task, html: str, out_dir: Path, **kwargs: Any) -> TaskResult:
        return _Tries(page_judge, task, html, retries, kwargs).run(out_dir)

    return judge_one


class _Tries:
    def __init__(
        self,
        page_judge: PageJudge,
        task: Task,
        html: str,
        retries: int,
        kwargs: dict[str, Any],
    ) -> None:
        self.page_judge, self.task, self.html, self.retries = page_judge, task, html, retries
        kwargs.pop("elements", None)
        self.kwargs = kwargs
        # What was tried, per action number, one sentence a try.
        self.notes: dict[int, list[str]] = {}

    def judge(self, pins: dict[int, Candidate], folder: Path) -> _Attempt:
        task = with_elements(self.task, {i: c.element for i, c in pins.items()}, CHOOSER)
        result = self.page_judge(task, self.html, folder, elements=True, **self.kwargs)
        return _Attempt(result, folder)

    def choices(self, attempt: _Attempt, failed: dict[str, Any]) -> list[Candidate]:
        index = int(failed["index"])
        before = attempt.before(index)
        listed = read_elements(before.get("elements"), self.task.width, self.task.height)
        action = self.task.actions[index - 1]
        checkpoints = [self.task.checkpoint(i) for i in range(len(self.task.actions) + 1)]
        pointed = task_pointed_hint(self.task, index - 1)
        # The reference's screenshots show its viewport unscrolled only at the start: as
        # in the runner (places.py, CHANGED_JS), the changed region counts only while the
        # page is unscrolled.
        unscrolled = not before.get("scroll_y")
        changed = (
            changed_hint(checkpoints[index - 1], checkpoints[index], self.task.width)
            if unscrolled
            else ""
        )
        target = failed.get("target")
        return candidates(
            action,
            listed,
            pointed=pointed,
            changed=changed,
            tried=target if isinstance(target, dict) else None,
        )[:PER_ACTION]

    def run(self, out_dir: Path) -> TaskResult:
        stamps = _stamps(out_dir)
        first = self.judge({}, out_dir)
        best = current = first
        pins: dict[int, Candidate] = {}
        left = self.retries
        scratch: list[Path] = []
        try:
            while left > 0:
                failed = _first_unpassed(current.result)
                if failed is None or not _retryable(failed):
                    break
                index = int(failed["index"])
                passed_it = None
                for chosen in self.choices(current, failed):
                    if left == 0:
                        break
                    left -= 1
                    folder = Path(
                        tempfile.mkdtemp(prefix=f".{out_dir.name}.try-", dir=out_dir.parent)
                    )
                    scratch.append(folder)
                    tried = {**pins, index: chosen}
                    attempt = self.judge(tried, folder)
                    e = chosen.element
                    passed = _got_past(attempt.result, index)
                    self.notes.setdefault(index, []).append(
                        f"action {index}: tried [{e.index}] {e.role} {e.name!r} ({chosen.why}): "
                        + ("it passed" if passed else _failed_as_well(attempt.result))
                    )
                    if passed:
                        passed_it, pins = attempt, tried
                        break
                if passed_it is None:
                    break
                current = passed_it
                if current.result.passed > best.result.passed:
                    best = current
            if best is not first:
                _adopt(best.folder, out_dir, _written(out_dir, stamps))
        finally:
            for folder in scratch:
                shutil.rmtree(folder, ignore_errors=True)
        result = best.result
        if self.notes:
            tried_notes = [n for _, notes in sorted(self.notes.items()) for n in notes]
            result.judge = {**result.judge, "second_tries": tried_notes}
            kept = "kept the try" if best is not first else "kept the first judging"
            for step in result.steps:
                notes = self.notes.get(int(step.get("index", 0)))
                if notes:
                    step.setdefault("hints", []).append(
                        "second tries: " + "; ".join(notes) + f" ({kept})"
                    )
        return result


def _stamps(folder: Path) -> dict[str, int]:
    """Each entry of ``folder`` and when it last changed (none: an empty folder)."""
    try:
        return {e.name: e.stat().st_mtime_ns for e in os.scandir(folder)}
    except OSError:
        return {}


def _written(folder: Path, before: dict[str, int]) -> set[str]:
    """The entries of ``folder`` new or changed since ``before``: what a judging wrote."""
    return {name for name, stamp in _stamps(folder).items() if before.get(name) != stamp}


def _adopt(source: Path, out_dir: Path, written: set[str]) -> None:
    """Replace what the first judging wrote into ``out_dir`` (``written``) with the kept
    try's files, so the folder holds exactly the evidence its scores were read from."""
    for name in written:
        path = out_dir / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    for name in os.listdir(source):
        os.replace(source / name, out_dir / name)


def judging_settings(profile: str, retries: int | None) -> str:
    """The settings of ``profile`` that change a score, as provenance records them:
    the offline profile's second tries (``retries``; None: the default)."""
    if profile != "offline":
        return ""
    return f"second tries {DEFAULT_RETRIES if retries is None else retries}"
