"""From a model's reply to the page that is judged, as the published protocol does.

The html code block is taken (the last complete one wins when a reply holds
drafts), iframes are removed (a page must not embed other pages), and the asset
placeholder is pointed at the ``assets/`` folder placed beside the page.
"""

from __future__ import annotations

import re

from evaluator.generation.prompt import ASSET_PLACEHOLDER

PAGE_ASSETS_DIR = "assets"

_FENCE_RE = re.compile(r"```[ \t]*(html|HTML)?[ \t]*\n(.*?)```", re.DOTALL)
_IFRAME_RE = re.compile(r"<iframe\b.*?(</iframe\s*>|/>|$)", re.DOTALL | re.IGNORECASE)
_HTML_START_RE = re.compile(r"<!doctype html|<html[\s>]", re.IGNORECASE)


class NoPageError(ValueError):
    """The reply holds no usable page: the task is a model_error, never an empty page."""


def extract_html(reply: str) -> str:
    """The page inside a reply, or raise :class:`NoPageError` saying why."""
    blocks = _FENCE_RE.findall(reply)
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
