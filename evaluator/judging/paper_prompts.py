"""The paper profile's questions to its judge model, and the templates a user may put in
their place (``--judge-templates DIR``)."""

from __future__ import annotations

from pathlib import Path

ASSERTION_PROMPT = """\
You are judging a web page. The first image is the page BEFORE an action, the second \
is the page AFTER it.
Action: {action}
Statement: {assertion}
Is the statement true of the page after the action? Answer with one word: Yes or No."""

RUBRIC_PROMPT = """\
Compare a generated web page (second image) with the reference page (first image). \
Score each aspect, at most the number given: layout (10), elements (15), content and \
text (40), style (15), overall impression (20).
Answer with JSON only, for example \
{{"layout": 8, "elements": 12, "content": 30, "style": 11, "overall": 15}}."""

SELECTOR_PROMPT = """\
You find elements on a web page for a test robot. Below are the user's actions, \
numbered, and the page's HTML (trimmed). For each action that acts on an element \
(click, type), give one CSS selector for that element in this page.
Answer with JSON only, mapping action numbers to selectors, null where no element \
fits, for example {{"1": "#add-to-cart", "2": "input[name=email]"}}.
Actions:
{actions}
HTML:
{html}"""
INPUTS_PROMPT = """\
A test robot replays a user's actions on a web page. Below are the actions, numbered. \
For each action marked NEEDS TEXT give the exact text the user typed, and for each \
marked NEEDS KEY the key the user pressed (a key name such as Enter, Escape, ArrowDown, \
Tab, or a single character), as the description says.
Answer with JSON only, mapping action numbers to the text or key, for example \
{{"2": "pasta", "3": "Enter"}}.
Actions:
{actions}"""
ELEMENT_PROMPT = """\
A test robot replays a user's actions on a web page. Below is the next action and the \
page's interactive elements as they are now, numbered. Which element does the action act on?
Answer with JSON only, for example {{"index": 3}}, or {{"index": null}} when none fits.
Action: {action}
Elements:
{elements}"""
ELEMENT_SCREENSHOT_PROMPT = """\
A test robot replays a user's actions on a web page. The image is the page as it is now; \
below are the next action and the page's interactive elements, numbered (position: left, \
top, width x height in the image's pixels). Which element does the action act on?
Answer with JSON only: {{"index": 3}} for a numbered element, or {{"x": 640, "y": 200}} \
for the point to click in the image when no number fits.
Action: {action}
Elements:
{elements}"""

# Prompt templates a user may supply (``--judge-templates DIR``: one file each, used
# unchanged but for the ``{field}`` names below, filled by plain substitution).
TEMPLATE_FILES = {
    "assertion": ("assertion.txt", ("action", "assertion")),
    "rubric": ("rubric.txt", ()),
    "targets": ("targets.txt", ("actions", "html")),
    "inputs": ("inputs.txt", ("actions",)),
    "element": ("element.txt", ("action", "elements")),
    "element_screenshot": ("element_screenshot.txt", ("action", "elements")),
}


def _unformat(template: str) -> str:
    """A str.format template's literal braces as plain text ({{ -> {)."""
    return template.replace("{{", "{").replace("}}", "}")


DEFAULT_TEMPLATES = {
    "assertion": _unformat(ASSERTION_PROMPT),
    "rubric": _unformat(RUBRIC_PROMPT),
    "targets": _unformat(SELECTOR_PROMPT),
    "inputs": _unformat(INPUTS_PROMPT),
    "element": _unformat(ELEMENT_PROMPT),
    "element_screenshot": _unformat(ELEMENT_SCREENSHOT_PROMPT),
}


def fill(template: str, **values: str) -> str:
    """``{name}`` replaced by its value; every other brace stays (prompts show JSON)."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


def load_templates(folder: Path) -> dict[str, str]:
    """Judge prompt templates from ``folder`` (the names of ``TEMPLATE_FILES``: assertion,
    rubric, targets, inputs, element and element_screenshot ``.txt``; any subset, the others
    stay ours).

    Raises:
        ValueError: the folder holds none of them, or one is unreadable.
    """
    found: dict[str, str] = {}
    for key, (name, _) in TEMPLATE_FILES.items():
        path = folder / name
        if path.is_file():
            try:
                found[key] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ValueError(f"judge template {path}: {exc}") from exc
    if not found:
        names = ", ".join(n for n, _ in TEMPLATE_FILES.values())
        raise ValueError(f"{folder}: no judge template ({names})")
    return found
