"""Check what the runner reported before anything on the host uses it (host side).

The runner shares its container with the page, so result.json is untrusted: a page that
escaped into the runner's uid can write any JSON there (a status it did not earn, a screenshot
name such as ``../../etc/passwd`` that the scorer would open on the host, megabytes of nesting).
The archive checks (``sandbox.archive``) keep the files themselves harmless; this module checks
their content: a size cap, a strict JSON parse, the type of every field the host reads, the
known statuses, length caps on strings, and screenshot and frame names that are plain names of
files that came out with it. A violation is an ``InvalidResult``, which the launcher turns into
status "crashed" with the reason "runner reported invalid result: <where>: <problem>".

Fields the host does not read may be present (the runner can add evidence without a host
change) and count only against the size cap; a field the host starts to read belongs here.

A small hand-written validator rather than jsonschema: jsonschema is only a test extra (not
installed with the package), and two checks are not schema checks (files exist in the output,
names are plain), so the rules stay in one readable place.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from .runner.config import ACTION_TYPES, FRAMES_NAME, MAX_TEXT_CHARS, RESULT_NAME
from .runner.lines import MAX_LINE_CHARS, MAX_LINES
from .runner.record import Step
from .runner.result import RunnerStatus, StepStatus
from .runner.states import MAX_PER_WORD, MAX_WATCH, STATE_KEYS

# result.json is at most this big (a legitimate one: steps x 100 000 characters of text).
MAX_RESULT_BYTES = 8 * 1024**2
MAX_REASON_CHARS = 10_000
MAX_SHORT_CHARS = 200
MAX_STEPS = 1_000
MAX_FRAMES = 200_000
MAX_VIEWPORT = 100_000
# A window scroll (CSS px) beyond this is forged (Chromium caps a page's size far below).
MAX_SCROLL = 10_000_000
RUNNER_STATUSES = tuple(RunnerStatus)
STEP_STATUSES = tuple(StepStatus)
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
# The runner's name for step N's screenshot (sandbox/runner/steps.py). Held to exactly this:
# a screenshot named like one of the run's own files (ref_step_0.png, the reference) would
# otherwise be scored as the page's.
_SCREENSHOT_NAME = "step_{}.png"
# Screenshots are the viewport's pixels; a bigger image is forged, and decoding one (a PNG of
# 100 000 x 100 000 is a few KB) would cost the host gigabytes.
MAX_SHOT_SIDE = 16_384
MAX_SHOT_PIXELS = 40_000_000
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def screenshot_name(index: Any) -> str:
    """The file name the runner gives step ``index``'s screenshot."""
    return _SCREENSHOT_NAME.format(index)


# The runner's counterfactual probes (runner/probes.py): the probe pass's starting state and
# the screen after each probe press, by kind.
PROBE_KINDS = ("before", "inert", "neighbour")


def probe_screenshot_name(index: Any, kind: str) -> str:
    """The file name the runner gives step ``index``'s probe screenshot of ``kind``."""
    return f"probe_{index}_{kind}.png"


def step_screenshots(step: Step) -> list[str]:
    """Every screenshot a verified step names: its own, then its probes' (the host admits
    exactly these from the sandbox's output)."""
    names = [step.screenshot] if step.screenshot else []
    if step.probe_before:
        names.append(step.probe_before)
    names += [p["screenshot"] for p in step.probes or [] if isinstance(p, dict)]
    return names


class InvalidResult(ValueError):
    """result.json (or a batch page's) breaks the contract; ``where`` names the field."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"runner reported invalid result: {where}: {problem}")
        self.where, self.problem = where, problem


def _type(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidResult(where, f"must be an object, got {_type(value)}")
    return value


def _list(value: Any, where: str, max_len: int) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidResult(where, f"must be a list, got {_type(value)}")
    if len(value) > max_len:
        raise InvalidResult(where, f"has {len(value)} entries, over the cap of {max_len}")
    return value


def _str(
    value: Any,
    where: str,
    max_len: int,
    *,
    choices: tuple[str, ...] | None = None,
    nullable: bool = False,
) -> None:
    if value is None and nullable:
        return
    if not isinstance(value, str):
        raise InvalidResult(where, f"must be a string, got {_type(value)}")
    if len(value) > max_len:
        raise InvalidResult(where, f"is {len(value)} characters, over the cap of {max_len}")
    if choices is not None and value not in choices:
        raise InvalidResult(where, f"{value[:40]!r} is not one of {', '.join(choices)}")


def _num(
    value: Any,
    where: str,
    *,
    nullable: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
) -> None:
    if value is None and nullable:
        return
    # bool is an int subclass; true seconds is not a number.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidResult(where, f"must be a number, got {_type(value)}")
    if (
        not math.isfinite(value)
        or (minimum is not None and value < minimum)
        or (maximum is not None and value > maximum)
    ):
        raise InvalidResult(where, f"{value!r} is out of range")


def _int(value: Any, where: str, minimum: int = 0, maximum: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidResult(where, f"must be an integer, got {_type(value)}")
    if value < minimum or (maximum is not None and value > maximum):
        raise InvalidResult(where, f"{value} is out of range")


def _bool(value: Any, where: str) -> None:
    if not isinstance(value, bool):
        raise InvalidResult(where, f"must be true or false, got {_type(value)}")


def _file(name: Any, where: str, out_dir: Path, *, folder: str | None = None) -> None:
    """A plain file name (``folder/name`` for frames) of a regular file that came out."""
    _str(name, where, MAX_SHORT_CHARS)
    parts = name.split("/")
    if folder is not None:
        if len(parts) != 2 or parts[0] != folder:
            raise InvalidResult(where, f"{name[:80]!r} is not a file in {folder}/")
        parts = parts[1:]
    if len(parts) != 1 or not _PLAIN_NAME.fullmatch(parts[0]):
        raise InvalidResult(where, f"{name[:80]!r} is not a plain file name")
    path = out_dir / name
    if path.is_symlink() or not path.is_file():
        raise InvalidResult(where, f"{name!r} is not a file in the output")


def _probe_file(name: Any, index: Any, kind: str, where: str, out_dir: Path) -> None:
    """A probe screenshot: a regular PNG named for its step and kind, nothing else."""
    _file(name, where, out_dir)
    if name != probe_screenshot_name(index, kind):
        raise InvalidResult(where, f"{name[:80]!r} is not {probe_screenshot_name(index, kind)!r}")
    _png(out_dir / name, where)


def _png(path: Path, where: str) -> None:
    """A PNG whose header declares a size a screenshot can have (read from the header
    only, before anything decodes it)."""
    with path.open("rb") as f:
        head = f.read(24)
    if len(head) < 24 or not head.startswith(_PNG_SIGNATURE) or head[12:16] != b"IHDR":
        raise InvalidResult(where, "is not a PNG image")
    width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    if not (0 < width <= MAX_SHOT_SIDE and 0 < height <= MAX_SHOT_SIDE) or (
        width * height > MAX_SHOT_PIXELS
    ):
        raise InvalidResult(where, f"is {width}x{height} pixels, not a screenshot's size")


def _target(value: Any, where: str) -> None:
    if value is None:
        return
    target = _obj(value, where)
    for key in ("found_by", "tag"):
        _str(target.get(key, ""), f"{where}.{key}", MAX_SHORT_CHARS, nullable=True)
    _str(target.get("why", ""), f"{where}.why", MAX_REASON_CHARS, nullable=True)
    _str(target.get("text", ""), f"{where}.text", MAX_TEXT_CHARS, nullable=True)
    box = target.get("box")
    if box is not None:
        for i, v in enumerate(_list(box, f"{where}.box", 4)):
            _num(v, f"{where}.box[{i}]")
    point = target.get("point")
    if point is not None:
        for i, v in enumerate(_list(point, f"{where}.point", 2)):
            _num(v, f"{where}.point[{i}]")
    # The window's scroll at the action (x may be negative on a right-to-left page).
    scroll = target.get("scroll")
    if scroll is not None:
        for i, v in enumerate(_list(scroll, f"{where}.scroll", 2)):
            _num(v, f"{where}.scroll[{i}]", minimum=-MAX_SCROLL, maximum=MAX_SCROLL)


def _states(value: Any, where: str) -> None:
    """The elements' states after an action (runner/states.py), which the scoring reads."""
    if value is None:
        return
    for i, raw in enumerate(_list(value, where, 1 + MAX_WATCH * MAX_PER_WORD)):
        entry = _obj(raw, f"{where}[{i}]")
        for key in ("of", "how", "tag", "text", "error"):
            _str(entry.get(key), f"{where}[{i}].{key}", MAX_SHORT_CHARS, nullable=True)
        for key in STATE_KEYS:
            got = entry.get(key)
            if not (got is None or isinstance(got, bool) or got == "mixed" or key == "current"):
                raise InvalidResult(
                    f"{where}[{i}].{key}", f"must be true, false or null, got {_type(got)}"
                )
            if key == "current":
                _str(got, f"{where}[{i}].{key}", MAX_SHORT_CHARS, nullable=True)


def _lines(value: Any, where: str) -> None:
    """The visible texts with their boxes (runner/lines.py), which the count check reads."""
    if value is None:
        return
    for i, raw in enumerate(_list(value, where, MAX_LINES)):
        entry = _list(raw, f"{where}[{i}]", 5)
        if len(entry) != 5:
            raise InvalidResult(f"{where}[{i}]", f"must be [text, x, y, w, h], got {len(entry)}")
        _str(entry[0], f"{where}[{i}][0]", MAX_LINE_CHARS)
        for k in range(1, 5):
            _num(entry[k], f"{where}[{i}][{k}]")


def _step(value: Any, where: str, out_dir: Path) -> int:
    step = _obj(value, where)
    if "index" not in step:
        raise InvalidResult(f"{where}.index", "is missing")
    _int(step["index"], f"{where}.index", 0, MAX_STEPS)
    _str(step.get("status"), f"{where}.status", MAX_SHORT_CHARS, choices=STEP_STATUSES)
    _str(step.get("reason", ""), f"{where}.reason", MAX_REASON_CHARS)
    if "type" in step:
        _str(step["type"], f"{where}.type", MAX_SHORT_CHARS, choices=ACTION_TYPES)
    _target(step.get("target"), f"{where}.target")
    if step.get("screenshot") is not None:
        _file(step["screenshot"], f"{where}.screenshot", out_dir)
        if step["screenshot"] != screenshot_name(step["index"]):
            raise InvalidResult(
                f"{where}.screenshot",
                f"{step['screenshot'][:80]!r} is not {screenshot_name(step['index'])!r}",
            )
        _png(out_dir / step["screenshot"], f"{where}.screenshot")
    _str(step.get("text", ""), f"{where}.text", MAX_TEXT_CHARS)
    # The runner's counterfactual probes (runner/probes.py): screenshots the host opens.
    if step.get("probe_before") is not None:
        _probe_file(step["probe_before"], step["index"], "before", f"{where}.probe_before", out_dir)
    for i, probe in enumerate(_list(step.get("probes", []), f"{where}.probes", 4)):
        entry = _obj(probe, f"{where}.probes[{i}]")
        kind = entry.get("kind")
        _str(kind, f"{where}.probes[{i}].kind", MAX_SHORT_CHARS, choices=PROBE_KINDS[1:])
        shot = entry.get("screenshot")
        _probe_file(shot, step["index"], str(kind), f"{where}.probes[{i}].screenshot", out_dir)
        _str(entry.get("what", ""), f"{where}.probes[{i}].what", MAX_SHORT_CHARS)
    _states(step.get("states"), f"{where}.states")
    _lines(step.get("lines"), f"{where}.lines")
    _num(step.get("scroll_y"), f"{where}.scroll_y", nullable=True)
    _num(step.get("seconds", 0.0), f"{where}.seconds", minimum=0.0)
    return int(step["index"])


def check_page_result(data: Any, out_dir: Path, where: str = "") -> dict[str, Any]:
    """A judge or record result: the fields judge.py, scoring and the reports read."""
    top = _obj(data, where or "result")
    _str(top.get("status"), f"{where}status", MAX_SHORT_CHARS, choices=RUNNER_STATUSES)
    _str(top.get("reason", ""), f"{where}reason", MAX_REASON_CHARS)
    browser = top.get("browser")
    if browser is not None:
        _obj(browser, f"{where}browser")
        for key in ("browser", "chromium", "chromedriver"):
            _str(browser.get(key, ""), f"{where}browser.{key}", MAX_SHORT_CHARS)
        _bool(browser.get("chromium_sandbox", False), f"{where}browser.chromium_sandbox")
    viewport = top.get("viewport")
    if viewport is not None:
        _obj(viewport, f"{where}viewport")
        for key in ("width", "height"):
            _int(viewport.get(key), f"{where}viewport.{key}", 1, MAX_VIEWPORT)
    seen: set[int] = set()
    for i, step in enumerate(_list(top.get("steps", []), f"{where}steps", MAX_STEPS)):
        index = _step(step, f"{where}steps[{i}]", out_dir)
        if index in seen:
            raise InvalidResult(f"{where}steps[{i}].index", f"step {index} is reported twice")
        seen.add(index)
    for i, frame in enumerate(_list(top.get("frames", []), f"{where}frames", MAX_FRAMES)):
        entry = _obj(frame, f"{where}frames[{i}]")
        _file(entry.get("file"), f"{where}frames[{i}].file", out_dir, folder=FRAMES_NAME)
        _num(entry.get("t"), f"{where}frames[{i}].t", minimum=0.0)
        _int(entry.get("step"), f"{where}frames[{i}].step", 0, MAX_STEPS)
        _num(entry.get("scroll_y"), f"{where}frames[{i}].scroll_y", nullable=True)
    return top


def _check_probe(data: Any) -> None:
    """Probe results carry what the probe saw; policy.check_inside reads them warily."""
    top = _obj(data, "result")
    _str(top.get("status"), "status", MAX_SHORT_CHARS, choices=RUNNER_STATUSES)
    _str(top.get("reason", ""), "reason", MAX_REASON_CHARS)
    for key in ("cgroup", "rlimits"):
        if top.get(key) is not None:
            _obj(top[key], key)


def _check_batch(data: Any, out_dir: Path, names: list[str]) -> None:
    top = _obj(data, "result")
    _str(top.get("status"), "status", MAX_SHORT_CHARS, choices=RUNNER_STATUSES)
    _str(top.get("reason", ""), "reason", MAX_REASON_CHARS)
    pages = _obj(top.get("pages", {}), "pages")
    for name, entry in pages.items():
        if name not in names:
            raise InvalidResult("pages", f"{name[:80]!r} is not a page of the job")
        _obj(entry, f"pages.{name}")
        _str(entry.get("status"), f"pages.{name}.status", MAX_SHORT_CHARS, choices=RUNNER_STATUSES)
        _num(entry.get("seconds"), f"pages.{name}.seconds", minimum=0.0)
        for key in ("start_s", "quit_s"):  # optional: the browser's start and quit
            _num(entry.get(key, 0.0), f"pages.{name}.{key}", minimum=0.0)
    for name in names:
        path = out_dir / name / RESULT_NAME
        if path.exists():
            where = f"{name}/{RESULT_NAME} "
            check_page_result(load(path, where.strip()), out_dir / name, where)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def load(path: Path, where: str = RESULT_NAME) -> Any:
    """Parse a result file within the size cap (strict JSON: no NaN or Infinity)."""
    if path.is_symlink() or not path.is_file():
        raise InvalidResult(where, "is not a regular file")
    size = path.stat().st_size
    if size > MAX_RESULT_BYTES:
        raise InvalidResult(where, f"is {size} bytes, over the cap of {MAX_RESULT_BYTES}")
    try:
        return json.loads(path.read_bytes(), parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise InvalidResult(where, f"is not JSON: {str(exc)[:200]}") from None


def check_output(out_dir: Path, job: dict[str, Any]) -> dict[str, Any] | None:
    """Check the runner's result.json (and a batch's per-page ones) for ``job``.

    Returns the parsed top-level result, or None when the runner wrote none (the launcher
    reports that by itself).

    Raises:
        InvalidResult: the first violation, naming where it is.
    """
    path = out_dir / RESULT_NAME
    if not path.exists() and not path.is_symlink():
        return None
    data = load(path)
    if job.get("mode") == "probe":
        _check_probe(data)
    elif job.get("pages"):
        _check_batch(data, out_dir, list(job["pages"]))
    else:
        check_page_result(data, out_dir)
    return data
