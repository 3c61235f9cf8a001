"""The hostile-page suite on the real engine: every page in tests/sandbox/hostile ends with the
status expected.json gives it, within its budget, the run goes on, and nothing labelled is left.

The forgery group patches every DOM API and getter a script-based judge would read (text, boxes,
scroll position, pixels, viewport, busy signals) to claim a passing state; the evidence the
runner records must still be what the browser shows, and an expectation the page only claims
must fail while the honest control passes.

Pages of a group are replayed in one container (the runner's batch mode, a fresh browser per
page) so the suite costs a few container starts, not one per page. A compromised runner is
played by an image whose entry point writes links, fifos, countless files and huge files.
"""

from __future__ import annotations

import io
import json
import shutil
import tarfile
from pathlib import Path
from typing import Any

import docker
import pytest
from PIL import Image

from evaluator.scoring.score import check_expectation
from evaluator.tasks.task import Expectation
from sandbox import gc, policy
from sandbox.launcher import Limits, run_job
from sandbox.runner.job import parse_job
from sandbox.runner.steps import action_budget, load_budget

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

HOSTILE = Path(__file__).parent / "hostile"
EXPECTED: dict[str, dict[str, Any]] = json.loads((HOSTILE / "expected.json").read_text())["pages"]
PAGE_LOAD_S, STEP_S = 5.0, 3.0
JOB = {
    "mode": "judge",
    "viewport": {"width": 800, "height": 600},
    "page_load_timeout_s": PAGE_LOAD_S,
    "step_timeout_s": STEP_S,
    "actions": [{"type": "click", "target": {"text": "Go"}}],
}
# Per page: the runner's watchdog budgets for loading and for the one step (each: its limit, the
# settle cap, the read-back), plus starting the browser and the forced quit. However slow the
# browser gets, the watchdog stops it when a step's budget runs out.
BROWSER_START_S, QUIT_S = 10.0, 8.0
_PARSED = parse_job(JOB)
PAGE_BUDGET_S = load_budget(_PARSED) + action_budget(_PARSED) + BROWSER_START_S + QUIT_S
# Memory bombs also wait for the kernel: with the cgroup at its limit and no swap, everything in
# the container (the runner included) pages its code back in, and killed processes give their
# memory back slowly. Seen once in CI: a 20.8 s quit (steps 20 s), 42.8 s in all.
MEMORY_RECLAIM_S = 30.0


def test_the_suite_is_complete() -> None:
    folders = {p.name for p in HOSTILE.iterdir() if p.is_dir()}
    assert folders == set(EXPECTED)
    assert len(folders) >= 30
    assert all((HOSTILE / name / "index.html").is_file() for name in folders)


def _run_group(tmp_path: Path, group: str, limits: Limits) -> tuple[Any, dict, dict[str, dict]]:
    names = sorted(name for name, e in EXPECTED.items() if e["group"] == group)
    pages = tmp_path / "pages"
    for name in names:
        shutil.copytree(HOSTILE / name, pages / name)
    out = tmp_path / "out"
    run = run_job({**JOB, "pages": names}, pages, out, limits=limits)
    top = json.loads((out / "result.json").read_text())
    results = {name: json.loads((out / name / "result.json").read_text()) for name in names}
    assert run.run_id not in gc.run_ids(), "the run left a labelled container or volume"
    return run, top, results


def _check_page(name: str, result: dict, entry: dict, out: Path) -> list[str]:
    """What is wrong with one page's outcome (empty: as expected); ``entry``: the batch's record
    of the page (status, seconds, browser start and quit times); ``out``: its output folder."""
    want = EXPECTED[name]
    wrong = []
    accepted = want["result"] if isinstance(want["result"], list) else [want["result"]]
    if result["status"] not in accepted:
        wrong.append(f"status {result['status']} ({result['reason']}), expected {accepted}")
    steps = [s["status"] for s in result["steps"]]
    if want.get("steps") is not None and steps != want["steps"]:
        reasons = [s["reason"][:80] for s in result["steps"]]
        wrong.append(f"steps {steps} {reasons}, expected {want['steps']}")
    texts = [s.get("text") or "" for s in result["steps"]]
    # What an ended page must show is asked only of a page that loaded.
    for needle in want.get("text_present", []) if result["status"] == "ok" else []:
        if not any(needle in t for t in texts):
            wrong.append(f"no step shows {needle!r}: {texts[:1]}")
    for needle in want.get("text_absent", []):
        if any(needle in t for t in texts):
            wrong.append(f"a step shows {needle!r}")
    if any(len(t) > want.get("max_text", 10**9) for t in texts):
        wrong.append("a step's text is over the cap")
    wrong += _check_evidence(want, result, out)
    budget = PAGE_BUDGET_S + (MEMORY_RECLAIM_S if want["group"] == "memory" else 0.0)
    if entry["seconds"] > budget:
        steps_s = [s["seconds"] for s in result["steps"]]
        wrong.append(
            f"took {entry['seconds']}s, over the {budget}s page budget (browser start "
            f"{entry.get('start_s')}s, steps {steps_s}, quit {entry.get('quit_s')}s)"
        )
    return [f"{name}: {w}" for w in wrong]


def _check_evidence(want: dict, result: dict, out: Path) -> list[str]:
    """The forgery group's checks: the recorded evidence is the browser's, not the page's."""
    wrong = []
    steps = result["steps"]
    shot = [s for s in steps if s.get("screenshot")]
    if "scroll_y" in want and [s["scroll_y"] for s in shot] != want["scroll_y"]:
        wrong.append(f"scroll_y {[s['scroll_y'] for s in shot]}, expected {want['scroll_y']}")
    if want.get("target_box"):
        box = (steps[1].get("target") or {}).get("box") if len(steps) > 1 else None
        # The real button: 300 px in, well below the page's 20 px decoy in the corner.
        if not box or box[2] <= 0 or box[3] <= 0 or box[0] < 250:
            wrong.append(f"target box {box} is not the real button's")
    if "pixel" in want:
        index, x, y, rgb = want["pixel"]
        step = next((s for s in steps if s["index"] == index), {})
        if not step.get("screenshot"):
            wrong.append(f"no screenshot for step {index}")
        else:
            with Image.open(out / step["screenshot"]) as png:
                got = list(png.convert("RGB").getpixel((x, y)))
                if got != rgb or png.size != (JOB["viewport"]["width"], JOB["viewport"]["height"]):
                    wrong.append(f"step {index} pixel ({x},{y}) is {got} in {png.size}, not {rgb}")
    if "settled" in want and [s.get("settled") for s in shot] != want["settled"]:
        wrong.append(f"settled {[s.get('settled') for s in shot]}, expected {want['settled']}")
    settles = [s.get("settle_seconds") or 0.0 for s in shot]
    if settles and max(settles) > want.get("max_settle", 10**9):
        wrong.append(f"settle waits {settles}, over {want['max_settle']}s")
    if "expect" in want:
        expect = Expectation(
            tuple(want["expect"].get("text_present", ())),
            tuple(want["expect"].get("text_absent", ())),
        )
        after = steps[1].get("text") or "" if len(steps) > 1 else ""
        verdict = "fail" if check_expectation(expect, after) else "pass"
        if verdict != want["verdict"]:
            wrong.append(f"the expectation {verdict}s on {after[:120]!r}, must {want['verdict']}")
    return wrong


@pytest.mark.parametrize(
    ("group", "limits"),
    [
        ("browser", Limits(wall_seconds=400)),
        ("budget", Limits(wall_seconds=400)),
        # Small enough that every bomb reaches it quickly.
        ("memory", Limits(memory_mb=900, wall_seconds=400)),
        ("forgery", Limits(wall_seconds=300)),
    ],
)
def test_hostile_pages_end_as_expected(tmp_path: Path, group: str, limits: Limits) -> None:
    run, top, results = _run_group(tmp_path, group, limits)
    assert run.status == "ok", run
    assert top["status"] == "ok", top
    wrong = []
    for name, result in results.items():
        wrong += _check_page(name, result, top["pages"][name], tmp_path / "out" / name)
    assert not wrong, "\n".join(wrong)
    if group == "browser":
        # The browser's own record: Chromium's sandbox is off (the container is the sandbox).
        assert all(r["browser"]["chromium_sandbox"] is False for r in results.values())


EVIL_RUNNER = r"""
import json, os, sys
job = json.load(open("/work/in/job.json"))
out = "/work/out"
kind = job["evil"]
if kind == "symlink":
    os.symlink("/etc/passwd", out + "/step_0.png")
elif kind == "dir-symlink":
    os.symlink("/", out + "/frames")
elif kind == "hardlink":
    open(out + "/a", "w").write("a")
    os.link(out + "/a", out + "/b")
elif kind == "fifo":
    os.mkfifo(out + "/pipe")
elif kind == "countless":
    for i in range(20_001):
        open(f"{out}/f{i}", "w").close()
elif kind == "huge":
    size = 0
    chunk = b"x" * (1 << 20)
    try:
        with open(out + "/huge", "wb") as f:
            while size < (1 << 30):
                f.write(chunk)
                f.flush()
                size += len(chunk)
    except OSError as exc:
        size = os.path.getsize(out + "/huge")
    os.unlink(out + "/huge")
    json.dump({"status": "ok", "reason": "", "stopped_at": size}, open(out + "/result.json", "w"))
    sys.exit(0)
json.dump({"status": "ok", "reason": "forged"}, open(out + "/result.json", "w"))
"""


@pytest.fixture(scope="module")
def evil_image(sandbox_image: str) -> str:
    """The sandbox image with its runner replaced by one that attacks the output channel."""
    client = docker.from_env()
    dockerfile = (
        f'FROM {sandbox_image}\nCOPY evil.py /opt/evil.py\nENTRYPOINT ["python3", "/opt/evil.py"]\n'
    )
    context = io.BytesIO()
    with tarfile.open(fileobj=context, mode="w") as tar:
        for name, text in (("Dockerfile", dockerfile), ("evil.py", EVIL_RUNNER)):
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    context.seek(0)
    tag = "iwr-sandbox-evil:test"
    client.images.build(fileobj=context, custom_context=True, tag=tag, rm=True, labels={})
    yield tag
    client.images.remove(tag, force=True)


@pytest.mark.parametrize("kind", ["symlink", "dir-symlink", "hardlink", "fifo", "countless"])
def test_compromised_runner_output_is_refused_whole(
    tmp_path: Path, evil_image: str, kind: str
) -> None:
    out = tmp_path / "out"
    run = run_job({"mode": "probe", "evil": kind}, None, out, image=evil_image)
    assert run.status == "crashed", run
    assert "unsafe output refused" in run.reason
    assert not any(out.iterdir()), "a refused archive must leave nothing on the host"
    assert run.run_id not in gc.run_ids()


def test_compromised_runner_cannot_write_a_file_over_the_size_cap(
    tmp_path: Path, evil_image: str
) -> None:
    out = tmp_path / "out"
    run = run_job({"mode": "probe", "evil": "huge"}, None, out, image=evil_image)
    assert run.status == "ok", run
    result = json.loads((out / "result.json").read_text())
    assert result["stopped_at"] <= policy.FSIZE_BYTES
