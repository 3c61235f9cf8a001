import pytest

from evaluator.generation.postprocess import NoPageError, extract_html, finalize_page
from evaluator.generation.prompt import ASSET_PLACEHOLDER, build_prompt


def test_takes_the_html_block_and_resolves_assets() -> None:
    reply = (
        "Here you go:\n```html\n<!DOCTYPE html><html><body>"
        f'<img src="{ASSET_PLACEHOLDER}/logo.png" width="4" height="4">'
        '<iframe src="https://example.com"></iframe></body></html>\n```\nDone.'
    )
    page = finalize_page(reply)
    assert page.startswith("<!DOCTYPE html>")
    assert 'src="assets/logo.png"' in page
    assert "iframe" not in page
    assert "Done." not in page


def test_last_html_block_wins_and_bare_html_is_accepted() -> None:
    reply = (
        "```html\n<html><body>draft</body></html>\n```\n"
        "```html\n<html><body>final</body></html>\n```"
    )
    assert "final" in extract_html(reply)
    assert "bare" in extract_html("Sure. <!DOCTYPE html><html><body>bare</body></html>")


@pytest.mark.parametrize("reply", ["", "I cannot help with that.", "```python\nprint(1)\n```"])
def test_no_page_is_an_error_not_an_empty_page(reply: str) -> None:
    with pytest.raises(NoPageError):
        extract_html(reply)


def test_prompt_states_the_published_rules() -> None:
    prompt = build_prompt(width=1280, height=800, frame_count=5, asset_names=["a.png", "b.svg"])
    for rule in ("index.html", '"btn"', ASSET_PLACEHOLDER, "1280x800", "```html", "a.png, b.svg"):
        assert rule in prompt


# docs/PROTOCOL.md "What counts as a page", rule by rule.
@pytest.mark.parametrize(
    ("reply", "page"),
    [
        # 2: tagged blocks only, when there is one; the untagged block is not a candidate.
        ("```\n<html>untagged</html>\n```\n```HTML \n<body>tagged</body>\n```", "<body>tagged"),
        # 2 + 4: no tagged block holds a page, so the bare document from <html on is taken.
        ("```html\nno page\n```\nthen <html>bare</html>", "<html>bare</html>"),
        # 1: untagged blocks count when nothing is tagged; <body alone makes a page in a block.
        ("```\n<body>plain</body>\n```", "<body>plain</body>"),
    ],
)
def test_what_counts_as_a_page(reply: str, page: str) -> None:
    assert extract_html(reply).startswith(page)


@pytest.mark.parametrize(
    "reply",
    [
        "```htm\n<body>other tag</body>\n```",  # 1: another tag opens no block
        "<body>bare body only</body>",  # 4: a bare <body without <html is not a document
    ],
)
def test_what_does_not_count_as_a_page(reply: str) -> None:
    with pytest.raises(NoPageError):
        extract_html(reply)


def test_published_pages_are_found_and_their_asset_paths_rebased(tmp_path) -> None:
    from evaluator.generation.postprocess import (
        published_page,
        rebase_published_assets,
    )

    assert published_page(tmp_path, "17", "Qwen/Qwen2.5-VL-7B") == (
        tmp_path / "17" / "qwen__qwen2.5-vl-7b" / "index.html"
    )
    page = (
        '<img src="../../../data/17/assets/asset001.png" width="8" height="8">'
        "<div style=\"background:url('../../../data/17/assets/asset002.jpg')\"></div>"
        '<img src="assets/asset003.png"><a href="../other.html">x</a>'
        '<img src="https://cdn.example/a/assets/x.png">'
    )
    assert rebase_published_assets(page) == (
        '<img src="assets/asset001.png" width="8" height="8">'
        "<div style=\"background:url('assets/asset002.jpg')\"></div>"
        '<img src="assets/asset003.png"><a href="../other.html">x</a>'
        '<img src="https://cdn.example/a/assets/x.png">'
    )
