"""The instructions sent with every bundle: the published prompt rules, in our words.

The rules matter to the judge: the ``btn`` class helps find clickable elements, and
the asset placeholder lets the evaluator point the page at the real files after
generation (see :mod:`evaluator.generation.postprocess`).
"""

from __future__ import annotations

ASSET_PLACEHOLDER = "__PLACEHOLDER_ASSETS_BASE_DIR__"

_TEMPLATE = """\
You are shown a screen recording of a person using a web page ({frames} frames \
sampled at one per second, in order) and the static files that page used \
({assets} files, named below).{sheets} Rebuild that page.

Requirements:
1. Answer with ONE complete, self-contained index.html (HTML, CSS and JavaScript in \
the one file). No external libraries, fonts, CDNs or network requests.
2. Reproduce both the look and the behaviour seen in the recording. Anything a \
server did (search results, a cart, a login) must be imitated in JavaScript.
3. Give every clickable element the class "btn".
4. Refer to a static file as {placeholder}/<file name>, for example \
{placeholder}/{example}. Give every <img> explicit width and height attributes.
5. The page is shown in a browser viewport of {width}x{height} CSS pixels.
6. Reply with the code only, inside a single ```html code block.

Static files: {names}
"""


_SHEETS = " You also get asset sheets ({names}): images showing every static file as a \
thumbnail labelled with its file name, so you can tell which file is which. The \
sheets themselves are not files of the page."


def build_prompt(
    *,
    width: int,
    height: int,
    frame_count: int,
    asset_names: list[str],
    sheet_names: list[str] | None = None,
) -> str:
    """The prompt text for one task's bundle; ``sheet_names`` are its asset sheets."""
    return _TEMPLATE.format(
        frames=frame_count,
        assets=len(asset_names),
        sheets=_SHEETS.format(names=", ".join(sheet_names)) if sheet_names else "",
        placeholder=ASSET_PLACEHOLDER,
        example=asset_names[0] if asset_names else "logo.png",
        width=width,
        height=height,
        names=", ".join(asset_names) if asset_names else "(none)",
    )


# Fields a prompt template file may use; each ``{name}`` is replaced by plain text
# substitution (no str.format: a prompt's CSS and JSON examples keep their braces).
TEMPLATE_FIELDS = ("width", "height", "resolution", "frame_count", "asset_names", "sheet_names")


def render_template(
    template: str,
    *,
    width: int,
    height: int,
    frame_count: int,
    asset_names: list[str],
    sheet_names: list[str] | None = None,
) -> str:
    """A user's prompt template (``iwr run --prompt-template FILE``) with the task filled
    in: ``{width}``, ``{height}``, ``{resolution}`` (``"1920x1080"``), ``{frame_count}``,
    ``{asset_names}`` and ``{sheet_names}`` (comma-separated). Any other text, braces
    included, is sent unchanged, so the published prompt can be used as it is."""
    values = {
        "width": str(width),
        "height": str(height),
        "resolution": f"{width}x{height}",
        "frame_count": str(frame_count),
        "asset_names": ", ".join(asset_names),
        "sheet_names": ", ".join(sheet_names or []),
    }
    for name in TEMPLATE_FIELDS:
        template = template.replace("{" + name + "}", values[name])
    return template
