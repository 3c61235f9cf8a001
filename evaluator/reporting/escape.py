"""Text from a page or a container made safe for where it is written: one place for all.

Reasons, page URLs, step texts, target labels, the container's last log line and model names
reach the console, ``report.md``, ``report.html`` and JSON files. Each of them comes from
something we do not trust (the page, a runner it may have taken over, a model), so each is
passed through the function for its destination before it is written:

- :func:`terminal`: no control characters and no escape sequences (a page could move the
  cursor, rewrite earlier progress lines, set the window title or ring the bell);
- :func:`markdown`: a table cell that stays one inert cell: no image, link, autolink, HTML,
  emphasis or code span can be formed, no ``|`` splits the cell, no line break ends the row;
- :func:`html_text`, :func:`html_attr`: HTML-escaped (quotes too), and an attribute that holds
  a URL keeps only relative links and ``http(s)`` ones (no ``javascript:``);
- :func:`json_text`: a string JSON can encode to UTF-8 (a lone surrogate from a page's
  ``\\ud800`` escape would make writing the file fail).

Every function also drops lone surrogates and cuts to ``limit`` characters (with "…"), so a
megabyte reason stays a line. All are linear in their input.
"""

from __future__ import annotations

import html
import re

ELLIPSIS = "…"
# ANSI/VT escape sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and the
# two-byte ones (ESC + one character). Bounded classes only, so matching stays linear.
_ESCAPE_SEQUENCE_RE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC (title, hyperlinks)
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b.?",
    re.DOTALL,
)
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_LINE_BREAK_RE = re.compile("\r\n|[\r\n\v\f\x85\u2028\u2029]")
# Unicode's Cc (controls) and Cf (format: bidi overrides, zero-width, tags) categories.
_INVISIBLE_RE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891"
    "\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
# What could start or end a Markdown construct in a cell: links and images ([]()!), HTML and
# autolinks (<>&), code spans, emphasis and strike-through (`*_~), cell breaks (|), escapes
# (\\), GFM's bare autolinks ("https:", "a@b": ":" and "@" always).
# Each is backslash-escaped, which CommonMark allows for any ASCII punctuation.
_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*{}[]()<>#!|~&:@"})
# The dot of "www." (GFM's bare autolink) and an underscore that could open or close emphasis
# (one inside a word, as in model_error, never does).
_MARKDOWN_CONTEXT_RE = re.compile(r"(?<=[wW]{3})\.|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_SAFE_URL_SCHEMES = ("http://", "https://")


def _cut(text: str, limit: int | None) -> str:
    if limit is not None and len(text) > limit:
        return text[: max(limit - 1, 0)] + ELLIPSIS
    return text


def _no_surrogates(text: str) -> str:
    return _SURROGATE_RE.sub("\ufffd", text)


def _visible(text: str, newline: str = " ") -> str:
    """Escape sequences removed, line breaks replaced by ``newline``, tabs by a space, other
    control and format characters (C0, C1, DEL, bidi overrides, zero-width ones) dropped."""
    text = _ESCAPE_SEQUENCE_RE.sub("", text)
    text = _LINE_BREAK_RE.sub(newline, text).replace("\t", " ")
    return _INVISIBLE_RE.sub("", text)


def terminal(text: object, limit: int | None = 200) -> str:
    """One line for the console: escape sequences and control characters gone."""
    return _cut(_visible(_no_surrogates(str(text))), limit)


def markdown(text: object, limit: int | None = 160) -> str:
    """One inert Markdown table cell (also fine as inline text): every character Markdown
    could read as syntax is backslash-escaped, so no link, image, HTML or code span forms."""
    plain = _cut(_visible(_no_surrogates(str(text))), limit)
    escaped = plain.translate(_MARKDOWN_SPECIAL)
    return _MARKDOWN_CONTEXT_RE.sub(lambda m: "\\" + m.group(0), escaped)


_MARKDOWN_ESCAPED_RE = re.compile(r"\\([!-/:-@\[-`{-~])")


def markdown_plain(cell: str) -> str:
    """The text a :func:`markdown` cell shows (its backslash escapes undone), to be escaped
    again for its new place (report.html builds its tables from report.md's)."""
    return _MARKDOWN_ESCAPED_RE.sub(r"\1", cell)


def html_text(text: object, limit: int | None = None) -> str:
    """Text for an HTML element or attribute value: ``<>&"'`` escaped, controls gone."""
    return html.escape(_cut(_visible(_no_surrogates(str(text)), "\n"), limit), quote=True)


def html_attr(text: object) -> str:
    """:func:`html_text` for an attribute."""
    return html_text(text)


def html_url(url: object) -> str:
    """A URL for ``href``/``src``: relative paths and http(s) only, else ``#``; escaped."""
    value = _visible(_no_surrogates(str(url)), "").strip()
    lowered = value.lower()
    relative = ":" not in value.split("/", 1)[0] and not value.startswith("//")
    if not (relative or lowered.startswith(_SAFE_URL_SCHEMES)):
        return "#"
    return html.escape(value, quote=True)


def json_text(text: object, limit: int | None = None) -> str:
    """A string that encodes to UTF-8 (lone surrogates replaced); JSON's own escaping does
    the rest, so control characters stay as they were (escaped by the encoder)."""
    return _cut(_no_surrogates(str(text)), limit)


def json_safe(value: object) -> object:
    """``value`` (parsed JSON) with every string passed through :func:`json_text`."""
    if isinstance(value, str):
        return json_text(value)
    if isinstance(value, list):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {json_text(k): json_safe(v) for k, v in value.items()}
    return value
