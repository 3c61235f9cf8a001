"""Judging profiles, named in every result: ``offline`` (the default: deterministic, no
model) and ``paper`` (the published protocol with a judge model, see
:mod:`evaluator.paper`)."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from pathlib import Path

from evaluator.judge import judge_page
from evaluator.models import ClientOptions, open_model, parse_spec
from evaluator.paper import PROFILE as PAPER
from evaluator.paper import PaperJudge, paper_scorer
from evaluator.run import PROFILE as OFFLINE
from evaluator.run import Judge

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
        yield functools.partial(judge_page, scorer=paper_scorer(judge))
