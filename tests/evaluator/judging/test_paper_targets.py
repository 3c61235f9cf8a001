"""Paper profile: the judge model finds a target (CSS selector) when the hints read off
the description find none. Unit checks of the reply's validation, then end to end on a
published-layout task in the real sandbox, with the fake judge model over HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from evaluator.generation.models import ClientOptions, open_model, parse_spec
from evaluator.judging.judge import judge_page
from evaluator.judging.paper import PaperJudge
from evaluator.judging.paper_replies import JudgeError
from evaluator.judging.paper_selectors import parse_selectors, plausible_selector, trim_html
from evaluator.judging.profiles import JUDGE_CACHE_DIR, model_targets, open_judge
from evaluator.tasks.published import load_published
from tests.evaluator.fake_judge import FakeJudge


@pytest.mark.parametrize(
    "selector",
    [
        "#add",
        "button.btn",
        "input[name=email]",
        "input[placeholder='Your name']",
        "div > ul li:nth-child(2) a",
        "#main .row:nth-of-type(2n+1) > .btn",
        'button[aria-label="Add to cart" i]',
        "my-widget .x",
        "a, button",
    ],
)
def test_plausible_selectors_are_accepted(selector: str) -> None:
    assert plausible_selector(selector)


@pytest.mark.parametrize(
    "selector",
    ["", "Click the plus button", "<button>", "#a { color: red }", "a;alert(1)", "x" * 400],
)
def test_prose_markup_and_script_are_refused(selector: str) -> None:
    assert not plausible_selector(selector)


def test_parse_selectors_keeps_the_valid_and_says_what_it_refused() -> None:
    reply = 'Sure.\n{"1": "#add", "2": null, "3": "the plus", "9": "#x", "n": "#y"}'
    found, refused = parse_selectors(reply, 3)
    assert found == {1: "#add"}
    assert any("action 3" in r for r in refused) and any("action 9" in r for r in refused)
    with pytest.raises(JudgeError):
        parse_selectors("I cannot see the page", 3)


def test_trim_html_drops_styles_and_inline_data() -> None:
    html = "<style>body{margin:0}</style>\n\n<img src='data:image/png;base64," + "A" * 500 + "'>"
    assert trim_html(html) == "<style></style> <img src='data:...'>"
    assert trim_html("<p>" + "x" * 100 + "</p>", limit=20).endswith("<!-- trimmed -->")


FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
# The page draws its button as a "+": nothing says "Add to basket", and with two buttons
# the role alone is ambiguous, so the hints from the description find no element.
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body{font-family:'DejaVu Sans';margin:30px} button{font-size:18px;padding:6px 14px}</style>
</head><body><h1>Basket</h1><p id="n">0 items</p>
<button id="add" class="btn">+</button> <button class="btn" id="reset">Reset</button>
<script>let n=0;const p=document.getElementById('n');
document.getElementById('add').onclick=()=>{n++;p.textContent=n+' items'};
document.getElementById('reset').onclick=()=>{n=0;p.textContent='0 items'};</script>
</body></html>"""
LINE = {
    "id": "pub-basket",
    "recording_details": {"resolution": "640x400"},
    "action_sequence": [
        {
            "type": "Click",
            "parameters": {"description": "Click the 'Add to basket' button"},
            "logical_assertion": "The basket holds one item.",
            "visual_evaluation_flag": True,
        },
        {
            "type": "Click",
            "parameters": {"description": "Click the Reset button"},
            "logical_assertion": "The basket is empty again.",
            "visual_evaluation_flag": False,
        },
    ],
}


def _task(root: Path):
    folder = root / "data" / LINE["id"] / "checkpoints"
    folder.mkdir(parents=True)
    font = ImageFont.truetype(FONT, 18)
    for i, text in enumerate(["0 items", "1 items", "0 items"]):
        img = Image.new("RGB", (640, 400), "white")
        ImageDraw.Draw(img).text((30, 80), text, fill="black", font=font)
        img.save(folder / f"step_{i}.png")
    jsonl = root / "data.jsonl"
    jsonl.write_text(json.dumps(LINE) + "\n")
    (task,) = load_published(jsonl)
    return task, jsonl


def _judge(url: str, root: Path, jsonl: Path, task, out: str):
    with open_judge("paper", f"openai+{url}", "fake-judge", None, jsonl, root / "runs") as judge:
        return judge(task, PAGE, root / "runs" / out)


def _selector_questions(judge: FakeJudge) -> list[str]:
    prompts = [r["messages"][0]["content"][0]["text"] for r in judge.requests]
    return [p for p in prompts if "CSS selector" in p]


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_the_judge_model_finds_a_target_the_hints_missed(tmp_path: Path) -> None:
    task, jsonl = _task(tmp_path)
    assert task.actions[0].target == {"text": "Add to basket", "role": "button"}
    with FakeJudge(selectors={"1": "#add", "2": None}) as judge:
        result = _judge(judge.url, tmp_path, jsonl, task, "a")
        (question,) = _selector_questions(judge)
    assert "1. [click] Click the 'Add to basket' button" in question
    assert '<button id="add" class="btn">+</button>' in question  # the page's HTML
    assert result.status == "ok" and result.passed == 2, result.steps
    first = result.steps[0]
    assert first["target"]["found_by"] == "fallback_selector"
    assert "fallback selector from the judge model" in first["target"]["why"]
    assert "selector '#add' from the judge model 'fake-judge'" in first["hints"][-1]
    assert "hints found no element" in first["hints"][-1]
    assert first["hints"][0].startswith("hint from the description: text 'Add to basket'")
    # The second action's hints worked: no model selector there.
    assert not any("judge model" in h for h in result.steps[1]["hints"])
    # Judged again: the selector answer comes from the cache.
    with FakeJudge(selectors={"1": "#add"}) as judge:
        again = _judge(judge.url, tmp_path, jsonl, task, "b")
        assert _selector_questions(judge) == []
    assert again.passed == 2


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_the_fallback_is_not_used_where_the_hints_find_the_target(tmp_path: Path) -> None:
    task, jsonl = _task(tmp_path)
    # Action 2's hints find the Reset button; its fallback would add an item instead.
    with FakeJudge(selectors={"1": "#add", "2": "#add"}) as judge:
        first = _judge(judge.url, tmp_path, jsonl, task, "a")
        assert len(_selector_questions(judge)) == 1
    # The reply is cached now: it goes with the first judging, the page is judged once.
    calls: list[dict] = []

    def counting(current, *args, **kwargs):
        calls.append({i: a.target for i, a in enumerate(current.actions, start=1)})
        return judge_page(current, *args, **kwargs)

    with FakeJudge(selectors={}) as judge:
        spec = parse_spec(f"openai+{judge.url}", "fake-judge")
        with open_model(spec, jsonl, 600.0, ClientOptions()) as client:
            paper = PaperJudge(client, "fake-judge", tmp_path / "runs" / JUDGE_CACHE_DIR)
            again = model_targets(paper, counting)(task, PAGE, tmp_path / "runs" / "b")
        assert _selector_questions(judge) == []
    for result in (first, again):
        assert result.passed == 2, result.steps
        hinted = result.steps[1]
        assert hinted["target"]["found_by"] == "text" and hinted["target"]["tag"] == "button"
        assert not any("judge model" in h for h in hinted["hints"])
        assert result.steps[0]["target"]["found_by"] == "fallback_selector"
    assert len(calls) == 1 and calls[0][2]["fallback_selector"] == "#add"


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
def test_an_unusable_selector_reply_leaves_the_step_failed_and_says_why(tmp_path: Path) -> None:
    task, jsonl = _task(tmp_path)
    with FakeJudge(selectors={"1": "Click the plus button"}) as judge:
        result = _judge(judge.url, tmp_path, jsonl, task, "a")
        assert len(_selector_questions(judge)) == 1
    assert result.status == "ok" and result.passed == 0
    first = result.steps[0]
    assert first["status"] == "target_not_found"
    (said,) = [h for h in first["hints"] if "the judge model gave no usable selector" in h]
    assert "is not a CSS selector" in said
