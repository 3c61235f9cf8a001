"""The ``paper`` profile: the published protocol's judging, with a judge model.

The judge model is reached through the same clients as the models under test (any
gRPC ``ModelService`` or OpenAI-compatible endpoint): each question is a bundle whose
prompt is the question and whose frames are the screenshots. Per the published
protocol:

- an action succeeds when it executed and the judge answers Yes to its logical
  assertion, given the screenshots before and after (the first No ends the
  successful prefix);
- HFS is the judge's 100-point rubric (layout 10, elements 15, content and text 40,
  style 15, overall 20) / 100;
- LFS is published as (OCR + DINOv2) / 2. DINOv2 weights cannot be fetched here, so
  LFS is the offline visual score (SSIM, colour, layout and browser-text similarity,
  :mod:`evaluator.scoring.metrics`): a stated departure;
- VFS = 0.5 LFS + 0.5 HFS over step 0 and the flagged steps of the prefix, and
  Final = 0.7 IFS + 0.3 VFS.

Every judge reply is cached by the hash of the judge's name, the question and the
images, so judging again costs nothing and gives the same answer.

Targets: the published judge has an LLM find each action's element from its
description. Our runner has no network, so this happens on the host, as a fallback:
actions are found with hints read off the descriptions (:mod:`evaluator.tasks.hints`); the
judge model is asked once per page (cached by content) for a CSS selector per action,
given the page's trimmed HTML and the descriptions, and a reply that parses and whose
selector is plausibly valid CSS goes to the runner as the action's
``fallback_selector``, which the runner tries only when the hints find nothing. The
question is asked only when the page's first judging missed a target (the page is then
judged once more, with every selector the reply gave); a reply already cached is sent
with the first judging, so the page is judged once. The step trace names the selector,
where it came from and why it was needed. A target still not found is then grounded as
the published agent does: the judge model chooses among the page's numbered interactive
elements as they stood before the action (:mod:`evaluator.judging.grounding`), with the
screenshot question as fallback (:meth:`PaperJudge.element`), and the page is judged again.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from clients.types import FRAME, Bundle, BundleFile, Generation, ModelError
from evaluator.atomic import write_atomic
from evaluator.judging.grounding import Element, element_at, parse_index, parse_point, serialise
from evaluator.judging.paper_prompts import DEFAULT_TEMPLATES, fill
from evaluator.judging.paper_replies import JudgeError, json_dicts, parse_rubric, parse_yes_no
from evaluator.judging.paper_selectors import parse_selectors, trim_html
from evaluator.results import Verdict
from evaluator.scoring.metrics import ZERO, VisualScore, compare
from evaluator.scoring.score import (
    Scorer,
    StepScore,
    StepVerdict,
    TaskScore,
    final_score,
    step_score,
)
from evaluator.tasks.task import Action, Task
from sandbox.runner.record import Step
from sandbox.runner.result import StepStatus

PROFILE = "paper"
# Default judge concurrency: questions of one page asked at once.
DEFAULT_JUDGE_CONCURRENCY = 4


class JudgeClient(Protocol):
    def generate(self, bundle: Bundle) -> Generation: ...


def assertion_for(action: Action) -> str:
    """The statement the judge checks: the task's own, else one read off expectations."""
    if action.assertion:
        return action.assertion
    parts = [f"the page shows {t!r}" for t in action.expect.text_present]
    parts += [f"the page does not show {t!r}" for t in action.expect.text_absent]
    if not parts:
        return f"the page visibly responded to the action ({action.description})"
    return "After the action, " + " and ".join(parts) + "."


@dataclass
class PaperJudge:
    """Asks a judge model the published questions, caching every reply by content."""

    client: JudgeClient
    name: str
    cache_dir: Path
    calls: int = 0  # replies that came from the model, not the cache
    # Prompt templates replacing ours (see load_templates), by TEMPLATE_FILES key.
    templates: dict[str, str] = field(default_factory=dict)
    # Questions of one page asked at once (assertions in order, rubrics, ...).
    concurrency: int = DEFAULT_JUDGE_CONCURRENCY
    # Per task: calls made, replies from the cache, tokens in and out.
    usage: dict[str, dict[str, int]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def prompt(self, kind: str, **values: str) -> str:
        """The question ``kind`` (a TEMPLATE_FILES key): the user's template, else ours."""
        return fill(self.templates.get(kind) or DEFAULT_TEMPLATES[kind], **values)

    def _count(self, task_id: str, **amounts: int) -> None:
        with self._lock:
            entry = self.usage.setdefault(
                task_id, {"calls": 0, "cached": 0, "input_tokens": 0, "output_tokens": 0}
            )
            for key, amount in amounts.items():
                entry[key] += amount

    def take_usage(self, task_id: str) -> dict[str, int]:
        """What judging ``task_id`` cost since the last call (for its result)."""
        with self._lock:
            return self.usage.pop(
                task_id, {"calls": 0, "cached": 0, "input_tokens": 0, "output_tokens": 0}
            )

    def ask(
        self, task: Task, prompt: str, images: Sequence[Path], *, cached_only: bool = False
    ) -> str | None:
        """The judge's reply to ``prompt`` with ``images``, from the cache when asked before.

        ``cached_only``: never ask the model; None when the reply is not cached.
        """
        files = tuple(
            BundleFile(
                name=f"frame_{i:04d}.png", kind=FRAME, media_type="image/png", data=p.read_bytes()
            )
            for i, p in enumerate(images)
        )
        bundle = Bundle(
            task_id=task.id, width=task.width, height=task.height, prompt=prompt, frames=files
        )
        key = hashlib.sha256(f"{self.name}\0".encode() + bundle.sha256().encode()).hexdigest()
        cached = self.cache_dir / f"{key}.json"
        if cached.is_file():
            self._count(task.id, cached=1)
            return json.loads(cached.read_text(encoding="utf-8"))["reply"]
        if cached_only:
            return None
        try:
            gen = self.client.generate(bundle)
        except ModelError as exc:
            raise JudgeError(f"judge model failed: {exc}") from exc
        reply = gen.text
        with self._lock:
            self.calls += 1
        self._count(
            task.id, calls=1, input_tokens=gen.input_tokens, output_tokens=gen.output_tokens
        )
        write_atomic(cached, json.dumps({"judge": self.name, "reply": reply}) + "\n")
        return reply

    def _asked(self, task: Task, prompt: str, images: Sequence[Path]) -> str:
        reply = self.ask(task, prompt, images)
        assert reply is not None  # only cached_only asks may come back empty
        return reply

    def holds(self, task: Task, action: Action, before: Path, after: Path) -> bool:
        prompt = self.prompt(
            "assertion", action=action.description, assertion=assertion_for(action)
        )
        return parse_yes_no(self._asked(task, prompt, [before, after]))

    def rubric(self, task: Task, reference: Path, candidate: Path) -> float:
        return parse_rubric(self._asked(task, self.prompt("rubric"), [reference, candidate]))

    def selectors(
        self, task: Task, html: str, *, cached_only: bool = False
    ) -> tuple[dict[int, str], list[str]] | None:
        """A CSS selector per action for this page, found by the judge model from the
        descriptions and the page's trimmed HTML (one question per page, cached).

        ``cached_only``: None unless the question was answered before (nothing is asked).
        """
        actions = "\n".join(
            f"{i}. [{a.type}] {a.description}" for i, a in enumerate(task.actions, start=1)
        )
        prompt = self.prompt("targets", actions=actions, html=trim_html(html))
        reply = self.ask(task, prompt, [], cached_only=cached_only)
        return None if reply is None else parse_selectors(reply, len(task.actions))

    def element(
        self, task: Task, index: int, elements: list[Element], screenshot: Path | None
    ) -> tuple[Element | None, str]:
        """The element of the numbered list action ``index`` (1-based) acts on, as the
        judge model answers, and a note saying how it was chosen or why none was.

        First the list alone; when that reply names no listed element, the screenshot
        with the list (an index, or a point mapped to the smallest listed box holding
        it). One or two questions, each cached.

        Raises:
            JudgeError: the judge model failed.
        """
        action = task.actions[index - 1]
        described = f"[{action.type}] {action.description}"
        listed = serialise(elements)
        reply = self._asked(task, self.prompt("element", action=described, elements=listed), [])
        number = parse_index(reply, len(elements))
        if number is not None:
            return elements[number - 1], f"the judge model answered element [{number}]"
        first = f"the judge model named no listed element ({reply[:80]!r})"
        if screenshot is None:
            return None, f"{first}; no screenshot to ask about"
        prompt = self.prompt("element_screenshot", action=described, elements=listed)
        reply = self._asked(task, prompt, [screenshot])
        number = parse_index(reply, len(elements))
        if number is not None:
            return elements[number - 1], f"{first}; on the screenshot it answered [{number}]"
        point = parse_point(reply, task.width, task.height)
        chosen = element_at(elements, point) if point is not None else None
        if chosen is not None:
            return chosen, f"{first}; on the screenshot it answered {point}, in [{chosen.index}]"
        return None, f"{first}; nor on the screenshot ({reply[:80]!r})"

    def inputs(self, task: Task) -> dict[int, str]:
        """The text to type or key to press for each action the task leaves without
        one, as the judge model reads it from the description (one cached question).

        Raises:
            JudgeError: the judge model failed.
        """
        lines = []
        for i, a in enumerate(task.actions, start=1):
            need = {"text": " NEEDS TEXT", "key": " NEEDS KEY"}
            mark = "".join(need[m] for m in a.missing_inputs())
            lines.append(f"{i}. [{a.type}]{mark} {a.description}")
        reply = self._asked(task, self.prompt("inputs", actions="\n".join(lines)), [])
        wanted = {i for i, a in enumerate(task.actions, start=1) if a.missing_inputs()}
        found: dict[int, str] = {}
        for data in json_dicts(reply):
            for key, value in data.items():
                try:
                    index = int(str(key).strip().lstrip("#"))
                except ValueError:
                    continue
                if index in wanted and isinstance(value, str) and value and len(value) <= 500:
                    found.setdefault(index, value)
        return found


@dataclass
class PaperScore(TaskScore):
    """A task scored by the published protocol; ``vfs`` = 0.5 LFS + 0.5 HFS."""

    lfs: float = 0.0
    hfs: float = 0.0


def score_paper(
    task: Task, runner_steps: Sequence[Step], shots: Path, judge: PaperJudge
) -> PaperScore:
    """Score one judged page by the published protocol.

    Raises:
        JudgeError: the judge model failed or answered something unusable (an
            infrastructure fault of the judging, never a verdict on the page).
    """
    by_index = {s.index: s for s in runner_steps}

    def shot(i: int) -> Path | None:
        step = by_index.get(i)
        name = step.screenshot if step else None
        return shots / name if name and (shots / name).is_file() else None

    steps, passed = _judged_steps(task, by_index, shot, judge)
    reference_texts = task.reference_texts()
    low: list[float] = []
    high: list[float] = []
    # The rubric questions of every step that counts, asked at once.
    wanted = [0] + [s.index for s in steps[:passed] if s.visual]
    pairs = {
        i: (task.checkpoint(i), generated)
        for i in wanted
        if i in by_index and (generated := shot(i)) is not None and task.checkpoint(i).is_file()
    }
    with ThreadPoolExecutor(max(1, judge.concurrency), thread_name_prefix="iwr-rubric") as ex:
        futures = {i: ex.submit(judge.rubric, task, ref, gen) for i, (ref, gen) in pairs.items()}
        rubrics = {i: f.result() for i, f in futures.items()}

    def visual(i: int) -> dict[str, float | None]:
        gen, ref = shot(i), task.checkpoint(i)
        if gen is None or not ref.is_file():
            score: VisualScore = ZERO
            hfs = 0.0
        else:
            score = compare(ref, gen, reference_texts.get(i), by_index[i].text)
            hfs = (rubrics[i] if i in rubrics else judge.rubric(task, ref, gen)) / 100.0
        low.append(score.score)
        high.append(hfs)
        return {**score.to_json(), "lfs": score.score, "hfs": hfs}

    initial = visual(0) if 0 in by_index else None
    if initial is None:
        low.append(0.0)
        high.append(0.0)
    for step in steps[:passed]:
        if step.visual:
            step.vision = visual(step.index)
    ifs = passed / len(task.actions)
    lfs, hfs = sum(low) / len(low), sum(high) / len(high)
    vfs = paper_vfs(lfs, hfs)
    return PaperScore(
        ifs=ifs,
        vfs=vfs,
        final=final_score(ifs, vfs),
        passed=passed,
        total=len(task.actions),
        initial=initial,
        steps=steps,
        lfs=lfs,
        hfs=hfs,
    )


def _judged_steps(
    task: Task,
    by_index: dict[int, Step],
    shot: Callable[[int], Path | None],
    judge: PaperJudge,
) -> tuple[list[StepScore], int]:
    """Every action's step as the judge model sees it, and the length of the successful
    prefix: an executed action passes when the judge answers Yes to its assertion."""
    verdicts = _verdicts(task, by_index, shot, judge)
    steps: list[StepScore] = []
    passed, broken = 0, False
    for i, action in enumerate(task.actions, start=1):
        raw = by_index.get(i)
        status: StepVerdict = raw.status if raw else StepStatus.NOT_RUN
        reason = raw.reason if raw else ""
        checks: list[str] = []
        if status == StepStatus.OK and not broken:
            before, after = shot(i - 1), shot(i)
            if before is None or after is None:
                status, reason = Verdict.ASSERTION_FAILED, "no screenshot to judge"
            elif verdicts[i] if i in verdicts else judge.holds(task, action, before, after):
                status = Verdict.PASSED
                checks.append(f"judge: Yes to {assertion_for(action)!r}")
            else:
                status = Verdict.ASSERTION_FAILED
                reason = f"judge: No to {assertion_for(action)!r}"
        elif status == StepStatus.OK:
            status, reason = Verdict.NOT_JUDGED, "after the first failed action"
        if status == Verdict.PASSED:
            passed += 1
        else:
            broken = True
        steps.append(step_score(i, action, raw, status, reason, checks))
    return steps, passed


def _verdicts(
    task: Task,
    by_index: dict[int, Step],
    shot: Callable[[int], Path | None],
    judge: PaperJudge,
) -> dict[int, bool]:
    """The judge's Yes/No for the leading run of executed steps, ``judge.concurrency``
    questions at a time in step order, stopping after the group holding the first No
    (or a step that did not execute): at most ``concurrency - 1`` questions more than
    asking one by one, which the published judge does."""
    leading: list[tuple[int, Path, Path]] = []  # step, before, after
    for i in range(1, len(task.actions) + 1):
        raw = by_index.get(i)
        before, after = shot(i - 1), shot(i)
        if raw is None or raw.status != StepStatus.OK or before is None or after is None:
            break
        leading.append((i, before, after))
    found: dict[int, bool] = {}
    size = max(1, judge.concurrency)
    with ThreadPoolExecutor(size, thread_name_prefix="iwr-assert") as ex:
        for start in range(0, len(leading), size):
            group = leading[start : start + size]
            futures = {
                i: ex.submit(judge.holds, task, task.actions[i - 1], before, after)
                for i, before, after in group
            }
            found.update({i: f.result() for i, f in futures.items()})
            if not all(found[i] for i, _, _ in group):
                break
    return found


def paper_vfs(lfs: float, hfs: float) -> float:
    """The published VFS: low- and high-level visual scores weighted equally."""
    return 0.5 * lfs + 0.5 * hfs


def paper_scorer(judge: PaperJudge) -> Scorer:
    """A scorer for :func:`evaluator.judging.judge.judge_page` that judges by the paper profile."""

    def scorer(task: Task, steps: Sequence[Step], shots: Path) -> TaskScore:
        return score_paper(task, steps, shots, judge)

    return scorer
