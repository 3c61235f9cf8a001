"""Host time per MB of hostile text, on every host-side path that reads untrusted text.

A page, a model reply or a runner taken over by a page can hand the host any text. Each path
below is timed on inputs built to make a backtracking pattern or a rescanning loop blow up
(a fence followed by a long run of blanks, unclosed ``<style>`` tags, braces that never close,
escape sequences, deep JSON nesting, ...). ``worst_seconds_per_mb`` is the slowest of them
per MB of input: a linear path keeps it flat as the input grows, a quadratic one does not.
Used by ``benchmarks/run.py`` (``host_worst_s_per_mb``) and the fuzz tests
(``tests/evaluator/test_hostile_text.py``).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evaluator.generation.postprocess import NoPageError, extract_html, finalize_page
from evaluator.judging.paper_replies import JudgeError, parse_rubric, parse_yes_no
from evaluator.judging.paper_selectors import parse_selectors, plausible_selector, trim_html
from evaluator.reporting import escape
from sandbox.verify import InvalidResult, check_page_result, load


def _pattern(unit: str, size: int, head: str = "", tail: str = "") -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


# name -> input of about ``size`` characters.
HOSTILE_INPUTS: dict[str, Callable[[int], str]] = {
    "fence + blanks": lambda n: _pattern(" ", n, "```"),
    "fence + html + blanks": lambda n: _pattern(" \t", n, "``` html"),
    "many fences, no newline": lambda n: _pattern("``` x", n),
    "many open fences": lambda n: _pattern("```html\n<html>", n),
    "backtick runs": lambda n: _pattern("````", n),
    "unclosed style": lambda n: _pattern("<style>", n),
    "style without >": lambda n: _pattern("<style ", n),
    "unclosed iframe": lambda n: _pattern("<iframe ", n),
    "iframe close + blanks": lambda n: _pattern(" ", n, "<iframe></iframe"),
    "data uri run": lambda n: _pattern("data:a", n),
    "open braces": lambda n: _pattern("{", n),
    "brace pairs": lambda n: _pattern('{"layout": 1}', n),
    "placeholder": lambda n: _pattern("{{ASSET_DIR}}/", n, "<html>"),
    "escape sequences": lambda n: _pattern("\x1b[31m\x1b]0;t\x07\r\n\u202e", n),
    "unterminated escape": lambda n: _pattern("x", n, "\x1b]"),
    "markdown syntax": lambda n: _pattern("![a](http://b)<i>|`*_www.x@", n),
    "surrogates": lambda n: _pattern("\ud800a", n),
    "yes/no words": lambda n: _pattern("yesno", n),
    "selector soup": lambda n: _pattern("a.b#c[d] > ", n),
}


def _ignore(*errors: type[Exception]) -> Callable[[Callable[[str], Any]], Callable[[str], Any]]:
    def wrap(fn: Callable[[str], Any]) -> Callable[[str], Any]:
        def call(text: str) -> Any:
            try:
                return fn(text)
            except errors:
                return None

        return call

    return wrap


def _result_json(text: str) -> Any:
    """A runner result carrying ``text`` where the host reads strings, parsed and checked."""
    with tempfile.TemporaryDirectory(prefix="iwr-hostile-") as tmp:
        path = Path(tmp) / "result.json"
        step = {"index": 0, "status": "ok", "reason": text[:9000], "text": text[:99_000]}
        path.write_text(json.dumps({"status": "ok", "reason": text[:9000], "steps": [step]}))
        return check_page_result(load(path), Path(tmp))


def _nested_json(text: str) -> Any:
    """Deep nesting in a result file: refused, never a crash."""
    with tempfile.TemporaryDirectory(prefix="iwr-hostile-") as tmp:
        path = Path(tmp) / "result.json"
        path.write_text("[" * len(text))
        return load(path)


# name -> the host-side function reading untrusted text.
HOST_PATHS: dict[str, Callable[[str], Any]] = {
    "extract_html": _ignore(NoPageError)(extract_html),
    "finalize_page": _ignore(NoPageError)(finalize_page),
    "trim_html": trim_html,
    "parse_rubric": _ignore(JudgeError)(parse_rubric),
    "parse_yes_no": _ignore(JudgeError)(parse_yes_no),
    "parse_selectors": _ignore(JudgeError)(lambda t: parse_selectors(t, 3)),
    "plausible_selector": plausible_selector,
    "escape.terminal": lambda t: escape.terminal(t, None),
    "escape.markdown": lambda t: escape.markdown(t, None),
    "escape.html_text": escape.html_text,
    "escape.html_url": escape.html_url,
    "escape.json_text": escape.json_text,
    "verify result.json": _ignore(InvalidResult)(_result_json),
    "verify nesting": _ignore(InvalidResult)(_nested_json),
}


def seconds(fn: Callable[[str], Any], text: str, repeats: int = 3) -> float:
    """The fastest of ``repeats`` calls (the machine is shared: the minimum is the cost)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - start)
    return best


def worst_seconds_per_mb(size: int = 1_000_000) -> tuple[float, str]:
    """The slowest path x input in seconds per MB of input, and its name."""
    worst, name = 0.0, ""
    for input_name, make in HOSTILE_INPUTS.items():
        text = make(size)
        megabytes = len(text.encode("utf-8", "surrogatepass")) / 1e6
        for path_name, fn in HOST_PATHS.items():
            per_mb = seconds(fn, text, repeats=1) / megabytes
            if per_mb > worst:
                worst, name = per_mb, f"{path_name} on {input_name}"
    return round(worst, 4), name
