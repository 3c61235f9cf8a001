"""Reading the paper profile's judge replies: Yes or No to an assertion, the rubric total."""

from __future__ import annotations

import json
import re
from typing import Any

from evaluator.judging.replies import json_objects
from evaluator.scoring.score import JudgingUnavailable

RUBRIC_WEIGHTS = {"layout": 10, "elements": 15, "content": 40, "style": 15, "overall": 20}

_YES_NO_RE = re.compile(r"\b(yes|no)\b", re.IGNORECASE)


class JudgeError(JudgingUnavailable):
    """The judge model failed or answered something unusable."""


def json_dicts(text: str) -> list[dict[str, Any]]:
    """The JSON objects of a reply (flat ones: see :func:`json_objects`, bounded work)."""
    found: list[dict[str, Any]] = []
    for candidate in json_objects(text):
        try:
            data = json.loads(candidate)
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict):
            found.append(data)
    return found


def parse_yes_no(text: str) -> bool:
    """The judge's verdict: a JSON answer's ``result`` (the published judge's format,
    ``{"think": "...", "result": "Yes"}``; also true/false), else the first Yes or No in
    the reply.

    Raises:
        JudgeError: the reply holds neither.
    """
    for data in json_dicts(text):
        result = data.get("result", data.get("answer"))
        if isinstance(result, bool):
            return result
        if isinstance(result, str):
            word = _YES_NO_RE.search(result)
            if word:
                return word.group(1).lower() == "yes"
    match = _YES_NO_RE.search(text)
    if not match:
        raise JudgeError(f"judge answered neither Yes nor No: {text[:200]!r}")
    return match.group(1).lower() == "yes"


_SCORE_RE = re.compile(r"\bscore\W{0,3}(\d{1,3}(?:\.\d+)?)\s*(?:/\s*100)?", re.IGNORECASE)


def parse_rubric(text: str) -> float:
    """The rubric total in [0, 100]: a JSON object with the five aspects (each clipped to
    its maximum), a JSON ``score``/``result`` number, or the published text form
    ``Score: N/100`` (the last one in the reply).

    Raises:
        JudgeError: no rubric and no score in the reply.
    """
    for data in json_dicts(text):
        if set(RUBRIC_WEIGHTS) <= set(data):
            try:
                return float(
                    sum(min(max(float(data[k]), 0.0), w) for k, w in RUBRIC_WEIGHTS.items())
                )
            except (TypeError, ValueError):
                continue
        for key in ("score", "result", "total"):
            value = data.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                return float(min(max(value, 0.0), 100.0))
    scores = _SCORE_RE.findall(text)
    if scores:
        return float(min(max(float(scores[-1]), 0.0), 100.0))
    raise JudgeError(f"judge gave no rubric JSON and no score: {text[:200]!r}")
