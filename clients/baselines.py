"""Reference models that bound the score range and exercise the whole pipeline.

``oracle`` answers with the task's own reference page (the ceiling), ``blank`` with an empty
page (the floor), and ``last-frame`` with a screenshot of the final state (looks right, does
nothing: it shows how much a static picture earns). They answer the way a chat model does,
inside an html code block, so the evaluator's extraction path is exercised too.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from pathlib import Path

from clients.limits import Limits
from clients.server import Model
from clients.types import Bundle, Generation, ModelError
from clients.wire import plain_name_problem

# Limits wide enough for any bundled task; the baselines read little of what they receive.
BASELINE_LIMITS = Limits(
    max_frames=64,
    max_bundle_bytes=512 << 20,
    image_media_types=("image/png", "image/jpeg", "image/webp"),
    max_output_tokens=0,
)
BASELINE_VERSION = "1"
# Where a task's reference page lives inside its task folder (see tasks/).
REFERENCE_PAGE = Path("reference") / "index.html"
BLANK_PAGE = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title></title></head><body></body></html>'
)


def as_code_block(page: str) -> str:
    """Wrap a page in an html code block, as chat models answer."""
    return f"```html\n{page.rstrip()}\n```\n"


class OracleModel:
    """Answers with the reference page of the bundle's task, read from ``tasks_dir``."""

    name = "oracle"
    version = BASELINE_VERSION
    limits = BASELINE_LIMITS

    def __init__(self, tasks_dir: Path | None) -> None:
        """Raises ValueError if ``tasks_dir`` is None or not a directory: fail at startup,
        not on the first task."""
        if tasks_dir is None:
            raise ValueError("the oracle baseline needs a tasks directory (--tasks DIR)")
        if not tasks_dir.is_dir():
            raise ValueError(f"the oracle's tasks directory {tasks_dir} does not exist")
        self.tasks_dir = tasks_dir

    def generate(self, bundle: Bundle) -> Generation:
        """Raises ModelError if the task id is not a plain name or has no reference page."""
        problem = plain_name_problem(bundle.task_id, "task id")
        if problem is not None:
            raise ModelError(problem)
        path = self.tasks_dir / bundle.task_id / REFERENCE_PAGE
        if not path.is_file():
            raise ModelError(f"unknown task {bundle.task_id!r}: no reference page at {path}")
        return Generation(text=as_code_block(path.read_text(encoding="utf-8")), model=self.name)


class BlankModel:
    """Answers with an empty but valid page: the score floor."""

    name = "blank"
    version = BASELINE_VERSION
    limits = BASELINE_LIMITS

    def generate(self, bundle: Bundle) -> Generation:
        return Generation(text=as_code_block(BLANK_PAGE), model=self.name)


class LastFrameModel:
    """Answers with a static page showing the bundle's last frame at viewport size."""

    name = "last-frame"
    version = BASELINE_VERSION
    limits = BASELINE_LIMITS

    def generate(self, bundle: Bundle) -> Generation:
        """Raises ModelError if the bundle carries no frames."""
        if not bundle.frames:
            raise ModelError(f"task {bundle.task_id!r}: the bundle has no frames to show")
        frame = bundle.frames[-1]
        uri = f"data:{frame.media_type};base64,{base64.b64encode(frame.data).decode('ascii')}"
        page = (
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title></title>'
            "<style>html,body{margin:0;padding:0}img{display:block}</style></head>"
            '<body style="margin:0">'
            f'<img src="{html.escape(uri)}" width="{bundle.width}" height="{bundle.height}" '
            'alt="">'
            "</body></html>"
        )
        return Generation(text=as_code_block(page), model=self.name)


# Every reference model by the name `iwr serve NAME` and `baseline:NAME` use.
BASELINES: dict[str, Callable[[Path | None], Model]] = {
    "oracle": OracleModel,
    "blank": lambda tasks_dir: BlankModel(),
    "last-frame": lambda tasks_dir: LastFrameModel(),
}


def make_baseline(name: str, tasks_dir: Path | None = None) -> Model:
    """The reference model called ``name``; ``tasks_dir`` is read only by the oracle.

    Raises:
        ValueError: ``name`` is not in BASELINES, or the oracle has no usable tasks_dir.
    """
    factory = BASELINES.get(name)
    if factory is None:
        raise ValueError(f"unknown baseline {name!r}; known: {', '.join(sorted(BASELINES))}")
    return factory(tasks_dir)
