"""From a model's reply to the page that is judged, as the published protocol does.

The html code block is taken (the last complete one wins when a reply holds
drafts), iframes are removed (a page must not embed other pages), and the asset
placeholder is pointed at the ``assets/`` folder placed beside the page.
"""

from __future__ import annotations

import re
from pathlib import Path

from evaluator.generation.prompt import ASSET_PLACEHOLDER

PAGE_ASSETS_DIR = "assets"

FENCE = "```"
_BLANKS_RE = re.compile(r"[ \t]+")
_BACKTICKS_RE = re.compile(r"`+")
_LANGS = ("html", "HTML")
_IFRAME_RE = re.compile(r"<iframe\b.*?(</iframe\s*>|/>|$)", re.DOTALL | re.IGNORECASE)
_HTML_START_RE = re.compile(r"<!doctype html|<html[\s>]", re.IGNORECASE)


class NoPageError(ValueError):
    """The reply holds no usable page: the task is a model_error, never an empty page."""


def _skip_blanks(text: str, at: int) -> int:
    match = _BLANKS_RE.match(text, at)
    return match.end() if match else at


def fence_blocks(reply: str) -> list[tuple[str, str]]:
    """Every fenced block as (language tag or "", body), left to right.

    What ``re.findall(r"```[ \\t]*(html|HTML)?[ \\t]*\\n(.*?)```", reply, re.DOTALL)``
    returned, found by a scan that reads each character a bounded number of times: the
    pattern backtracked quadratically on a fence followed by a long run of blanks (100 000
    spaces took 9 s, holding the GIL for every other worker), and replies come from models
    and reach 32 MiB.
    """
    blocks: list[tuple[str, str]] = []
    at = reply.find(FENCE)
    while at >= 0:
        head = _skip_blanks(reply, at + len(FENCE))
        lang = next((tag for tag in _LANGS if reply.startswith(tag, head)), "")
        if lang:
            head = _skip_blanks(reply, head + len(lang))
        if not reply.startswith("\n", head):
            # Not an opening fence here. In a longer run of backticks only the last three
            # can open one (the fence must be followed by a blank, a tag or a line break).
            run = _BACKTICKS_RE.match(reply, at)
            run_end = run.end() if run else at + len(FENCE)
            longer = run_end - at > len(FENCE)
            at = run_end - len(FENCE) if longer else reply.find(FENCE, at + 1)
            continue
        end = reply.find(FENCE, head + 1)
        if end < 0:
            break  # no closing fence after this one, so none after any later one either
        blocks.append((lang, reply[head + 1 : end]))
        at = reply.find(FENCE, end + len(FENCE))
    return blocks


def extract_html(reply: str) -> str:
    """The page inside a reply, or raise :class:`NoPageError` saying why."""
    blocks = fence_blocks(reply)
    tagged = [body for lang, body in blocks if lang]
    candidates = tagged or [body for _, body in blocks]
    for body in reversed(candidates):
        if _HTML_START_RE.search(body) or "<body" in body.lower():
            return body.strip() + "\n"
    # Some models answer with bare HTML and no fence.
    match = _HTML_START_RE.search(reply)
    if match:
        return reply[match.start() :].strip() + "\n"
    if not reply.strip():
        raise NoPageError("the reply is empty")
    raise NoPageError("the reply holds no html code block and no <html> document")


def finalize_page(reply: str) -> str:
    """Extract the page, strip iframes and resolve the asset placeholder."""
    page = extract_html(reply)
    page = _IFRAME_RE.sub("", page)
    return page.replace(ASSET_PLACEHOLDER + "/", PAGE_ASSETS_DIR + "/").replace(
        ASSET_PLACEHOLDER, PAGE_ASSETS_DIR
    )


# An asset path the published generator wrote relative to RESULT/<id>/<model>/: one or
# more "../" then any folders then "assets/" (``../../../data/17/assets/asset001.png``).
_RELATIVE_ASSETS_RE = re.compile(r"(?<![\w/.-])(?:\.\./)+(?:[\w.-]+/)*?" + PAGE_ASSETS_DIR + "/")


def published_model_dir(model: str) -> str:
    """The folder the published generator names after a model: lower-cased, ``/`` -> ``__``."""
    return model.lower().replace("/", "__")


def published_page(pages_dir: Path, task_id: str, model: str) -> Path:
    """Where the published generator writes a task's page: ``DIR/<id>/<model>/index.html``."""
    return pages_dir / task_id / published_model_dir(model) / "index.html"


def rebase_published_assets(page: str) -> str:
    """A published page's asset paths (relative to where it was written, e.g.
    ``../../../data/17/assets/asset001.png``) pointed at the ``assets/`` folder beside the
    page, where the judge puts the task's assets: the same page ``iwr run`` would judge."""
    return _RELATIVE_ASSETS_RE.sub(PAGE_ASSETS_DIR + "/", page)
