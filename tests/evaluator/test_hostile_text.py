"""Every host-side text path on hostile input: linear time, and the same results as before.

The scans that replaced backtracking patterns are checked against those patterns (kept here
as oracles) on thousands of random small inputs built from the characters that matter; then
every path x hostile input is timed at two sizes: 4x the input must cost well under 16x the
time (what a quadratic path costs), and a loose bound per MB holds.
"""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from pathlib import Path

import pytest

from evaluator.generation.postprocess import fence_blocks
from evaluator.judging.paper_selectors import strip_styles
from evaluator.judging.replies import json_objects
from evaluator.reporting import escape

REPO = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("iwr_host_text", REPO / "benchmarks/host_text.py")
assert _spec is not None and _spec.loader is not None
host_text = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = host_text
_spec.loader.exec_module(host_text)

OLD_FENCE_RE = re.compile(r"```[ \t]*(html|HTML)?[ \t]*\n(.*?)```", re.DOTALL)
OLD_STYLE_RE = re.compile(r"(<style\b[^>]*>).*?(</style>)", re.IGNORECASE | re.DOTALL)
OLD_JSON_RE = re.compile(r"\{.*?\}", re.DOTALL)


def _random_texts(alphabet: list[str], count: int = 3000, seed: int = 19) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(count)]


def test_fence_scan_finds_what_the_pattern_found() -> None:
    alphabet = ["`", "```", " ", "\t", "\n", "html", "HTML", "x", "<html>", "h"]
    for text in _random_texts(alphabet):
        assert fence_blocks(text) == OLD_FENCE_RE.findall(text), repr(text)


def test_style_scan_strips_what_the_pattern_stripped() -> None:
    alphabet = ["<style", "<STYLE", "<styles", ">", "</style>", "</STYLE>", " ", "a", "<", "\n"]
    for text in _random_texts(alphabet):
        assert strip_styles(text) == OLD_STYLE_RE.sub(r"\1\2", text), repr(text)


def test_brace_scan_finds_what_the_pattern_found() -> None:
    for text in _random_texts(["{", "}", "a", '"', "\n", "{}"]):
        assert json_objects(text) == OLD_JSON_RE.findall(text), repr(text)


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("![beacon](https://evil.example/b.png)", r"\!\[beacon\]\(https\://evil.example/b.png\)"),
        ("<img src=x onerror=alert(1)>", r"\<img src=x onerror=alert\(1\)\>"),
        ("a | b\nc", r"a \| b c"),
        ("www.evil.example", r"www\.evil.example"),
        ("\x1b[31mred\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07", "red link"),
    ],
)
def test_markdown_cells_are_inert(text: str, safe: str) -> None:
    assert escape.markdown(text) == safe
    assert escape.markdown_plain(escape.markdown(text)) == escape.markdown_plain(safe)


def test_terminal_lines_carry_no_control() -> None:
    line = escape.terminal("ok\x1b[2J\x1b[1;1Hfake\r[9/9] done\x07\x9b31m\u202etxt\ud800", None)
    assert line == "okfake [9/9] done31mtxt\ufffd"
    assert all(ch.isprintable() for ch in line)
    assert len(escape.terminal("x" * 1000, 50)) == 50


def test_html_escapes_and_refuses_script_urls() -> None:
    assert escape.html_text("<script>'\"&") == "&lt;script&gt;&#x27;&quot;&amp;"
    for url in ("javascript:alert(1)", " JavaScript:x", "data:text/html,x", "//evil/x"):
        assert escape.html_url(url) == "#"
    assert escape.html_url("t1/diff_step_0.png") == "t1/diff_step_0.png"
    assert escape.html_url("https://x/?a=<") == "https://x/?a=&lt;"


def test_json_strings_always_encode() -> None:
    value = escape.json_safe({"reason\ud800": ["\udfff", 1, {"x": "ok"}]})
    assert value == {"reason\ufffd": ["\ufffd", 1, {"x": "ok"}]}
    import json

    json.dumps(value, ensure_ascii=False).encode("utf-8")


# Small enough for the suite, big enough that a quadratic path shows (at 200 000 characters
# the old fence pattern took seconds). 4x the input: a linear path takes 4x the time, a
# quadratic one 16x; the bound sits between, loose enough for a shared machine.
SMALL, LARGE = 50_000, 200_000
MAX_RATIO = 8.0
# Timings this short are noise: such a path is fast whatever it is.
NOISE_S = 0.05
MAX_S_PER_MB = 5.0


# Slow: every path times every input twice at up to 200 000 characters (about 10 s in all,
# and timing-sensitive on a loaded machine); the full suite runs it, the unit tier has the
# oracle checks above and the issue's two inputs below.
@pytest.mark.slow
@pytest.mark.parametrize("input_name", list(host_text.HOSTILE_INPUTS))
def test_every_host_path_is_linear_on_hostile_text(input_name: str) -> None:
    make = host_text.HOSTILE_INPUTS[input_name]
    small, large = make(SMALL), make(LARGE)
    for path_name, fn in host_text.HOST_PATHS.items():
        t_small = host_text.seconds(fn, small)
        t_large = host_text.seconds(fn, large)
        if t_large > NOISE_S:
            ratio = t_large / max(t_small, NOISE_S / 2)
            assert ratio < MAX_RATIO, f"{path_name}: {t_small:.3f}s -> {t_large:.3f}s"
        assert t_large / (len(large) / 1e6) < MAX_S_PER_MB, f"{path_name}: {t_large:.3f}s"


def test_the_issue_inputs_are_fast() -> None:
    """The two inputs of issue 19: 100 000 blanks after a fence (9 s before) and 140 KB of
    unclosed style tags (17 s before)."""
    fence = host_text.HOSTILE_INPUTS["fence + blanks"](100_000)
    styles = host_text.HOSTILE_INPUTS["unclosed style"](140_000)
    assert host_text.seconds(host_text.HOST_PATHS["finalize_page"], fence) < 0.5
    assert host_text.seconds(host_text.HOST_PATHS["trim_html"], styles) < 0.5


def test_report_md_carries_no_markup_from_a_page() -> None:
    from evaluator.reporting.markdown import run_report
    from evaluator.results import RunResult, TaskResult

    beacon = "navigated to ![x](https://evil.example/b.png) <img src=//evil> \x1b[2J|"
    run = RunResult(run_id="r", model="m](https://evil)", profile="offline", metric="v1")
    run.tasks.append(TaskResult(id="t", status="page_error", reason=beacon))
    report = run_report(run)
    unescaped = re.compile(r"(?<!\\)[\[\]()<>!]")
    assert not unescaped.search(report.split("## Tasks")[1].replace("|---", ""))
    assert "\x1b" not in report
    row = next(line for line in report.splitlines() if line.startswith("| t |"))
    assert row.count(" | ") == 6  # the planted | did not add a cell


def test_report_html_is_written_whatever_the_strings(tmp_path: Path) -> None:
    """A lone surrogate (a page's JSON escape) or an escape code in a reason or step text
    must not stop report.html from being written, nor reach it raw."""
    from evaluator.reporting.html import write_html_report
    from evaluator.results import RunResult, TaskResult, write_results

    run = RunResult(run_id="r", model="m<script>", profile="offline", metric="v1")
    step = {"index": 1, "status": "failed", "reason": "bad \ud800 \x1b[2J", "type": "click"}
    step["target"] = {"tag": "button", "text": "<b>\udfff", "found_by": "text"}
    run.tasks.append(TaskResult(id="t", status="ok", reason="\x1b]0;title\x07", steps=[step]))
    write_results(run, tmp_path)
    (tmp_path / "t").mkdir()
    index = write_html_report(tmp_path).read_text(encoding="utf-8")
    task_page = (tmp_path / "t" / "report.html").read_text(encoding="utf-8")
    for page in (index, task_page):
        # The one script is the report's own sort script (the policy allows it by hash).
        assert page.count("<script>") == 1 and "m<script>" not in page
        assert "\x1b" not in page and "<b>" not in page
