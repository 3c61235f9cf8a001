"""The page as the judge model reads it (HTML trimmed) and the CSS selectors it answers,
each checked to read as one selector of real element names before it goes to the runner."""

from __future__ import annotations

import json
import re

from evaluator.judging.paper_replies import JudgeError

# The page's HTML is cut to this many characters for the question (styles, data URIs
# and runs of white space removed first).
MAX_HTML_CHARS = 24_000
MAX_SELECTOR_CHARS = 300


_STYLE_OPEN_RE = re.compile(r"<style\b", re.IGNORECASE)
_STYLE_CLOSE_RE = re.compile(r"</style>", re.IGNORECASE)
_DATA_URI_RE = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]{40,}")
_SPACES_RE = re.compile(r"\s+")


def strip_styles(html: str) -> str:
    """Every ``<style ...>...</style>`` emptied to ``<style ...></style>``.

    What ``re.sub(r"(<style\\b[^>]*>).*?(</style>)", r"\\1\\2", html, flags=I|S)`` did, by a
    scan that never rereads text: the pattern rescanned to the end for every unclosed
    ``<style>`` (140 KB of them took 17 s), and the page is the model's.
    """
    out: list[str] = []
    at = 0
    while (opening := _STYLE_OPEN_RE.search(html, at)) is not None:
        head_end = html.find(">", opening.end())
        closing = _STYLE_CLOSE_RE.search(html, head_end + 1) if head_end >= 0 else None
        if closing is None:
            break  # nothing closes this one, so nothing closes a later one either
        out += [html[at : head_end + 1], closing.group(0)]
        at = closing.end()
    out.append(html[at:])
    return "".join(out)


def trim_html(html: str, limit: int = MAX_HTML_CHARS) -> str:
    """The page's HTML as the judge model sees it: no style sheets, no inline data,
    white space collapsed, at most ``limit`` characters."""
    text = strip_styles(html)
    text = _DATA_URI_RE.sub("data:...", text)
    text = _SPACES_RE.sub(" ", text).strip()
    return text if len(text) <= limit else text[:limit] + " <!-- trimmed -->"


# A simplified CSS selector grammar: enough to refuse prose, markup and script, and
# to accept what a model writes (type, #id, .class, [attr op value], :pseudo(...),
# combinators, lists). The browser is the final judge; this keeps garbage out of a job.
_IDENT = r"-?(?:[_a-zA-Z]|\\.)(?:[\w-]|\\.)*"
_STRING = r"(?:\"[^\"\n]*\"|'[^'\n]*')"
_ATTR = rf"\[\s*{_IDENT}\s*(?:[~|^$*]?=\s*(?:{_IDENT}|{_STRING}|\d+)\s*(?:[iIsS]\s*)?)?\]"
_PSEUDO = rf"::?{_IDENT}(?:\((?:[^()]|\([^()]*\))*\))?"
_SUFFIX = rf"(?:#{_IDENT}|\.{_IDENT}|{_ATTR}|{_PSEUDO})"
_COMPOUND = rf"(?:(?:{_IDENT}|\*){_SUFFIX}*|{_SUFFIX}+)"
_COMPLEX = rf"{_COMPOUND}(?:\s*[>+~]\s*{_COMPOUND}|\s+{_COMPOUND})*"
_SELECTOR_RE = re.compile(rf"\s*{_COMPLEX}(?:\s*,\s*{_COMPLEX})*\s*")


# Element names a type selector may use (custom elements have a hyphen): "Click the
# button" is grammatical CSS, but "Click" and "the" are no elements.
_TAG_NAMES = (
    "a abbr address area article aside audio b bdi bdo blockquote body br button canvas "
    "caption cite code col colgroup data datalist dd del details dfn dialog div dl dt em "
    "embed fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html "
    "i iframe img input ins kbd label legend li main map mark menu meter nav noscript "
    "object ol optgroup option output p picture pre progress q s samp search section "
    "select slot small source span strong sub summary sup svg table tbody td template "
    "textarea tfoot th thead time tr u ul var video path g circle rect use"
)
HTML_TAGS = frozenset(_TAG_NAMES.split())
_NOT_TYPE_RE = re.compile(r"\[[^\]]*\]|\((?:[^()]|\([^()]*\))*\)|[#.:]+-?[\w\\-]+")
_TYPE_RE = re.compile(r"(?:^|(?<=[\s>+~,]))([A-Za-z][\w-]*)")


def plausible_selector(selector: str) -> bool:
    """Whether ``selector`` reads as one CSS selector (list) of real element names: no
    markup, braces, script or prose, within MAX_SELECTOR_CHARS."""
    if not selector or len(selector) > MAX_SELECTOR_CHARS or any(c in selector for c in "{};<\n"):
        return False
    if _SELECTOR_RE.fullmatch(selector) is None:
        return False
    names = _TYPE_RE.findall(_NOT_TYPE_RE.sub("", selector))
    return all(n.lower() in HTML_TAGS or "-" in n for n in names)


def parse_selectors(text: str, actions: int) -> tuple[dict[int, str], list[str]]:
    """Selectors per action number (1-based) from the judge's reply, and a note for
    each entry refused. A reply with no JSON object at all is unusable.

    Raises:
        JudgeError: no JSON object in the reply.
    """
    start, end = text.find("{"), text.rfind("}")
    try:
        data = json.loads(text[start : end + 1]) if 0 <= start < end else None
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict):
        raise JudgeError(f"judge gave no selector JSON: {text[:200]!r}")
    found: dict[int, str] = {}
    refused: list[str] = []
    for key, value in data.items():
        try:
            index = int(str(key).strip().lstrip("#"))
        except ValueError:
            refused.append(f"key {key!r} is not an action number")
            continue
        if value is None:
            continue
        if not 1 <= index <= actions:
            refused.append(f"action {index} does not exist")
        elif not isinstance(value, str) or not plausible_selector(value.strip()):
            refused.append(f"action {index}: {str(value)[:80]!r} is not a CSS selector")
        else:
            found[index] = value.strip()
    return found, refused
