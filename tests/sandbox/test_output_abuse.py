"""A runner taken over by a page abuses its output folder, on the real engine: the host takes
only the screenshots the verified result names (into a staging folder, then the run folder),
ignores and reports the rest, and a bad output ends that task, never the run.

As in test_forged_result.py, the compromised runner is an image whose entry point is replaced;
it writes a genuine-looking result for the job, a real screenshot, and the abuse the job names.
Judged through ``judge_page`` (and a whole ``judge_pages`` run), with ``run_job`` pointed at
that image.
"""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docker
import pytest
from PIL import Image

from evaluator.judging import judge
from evaluator.results import TaskStatus
from evaluator.run.options import RunOptions
from evaluator.run.pages import judge_pages
from evaluator.tasks.task import load_task
from sandbox import backend
from sandbox.cold import run_job
from tests.evaluator.conftest import TASK, write_task

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

ABUSING_RUNNER = r"""
import json, os, struct, zlib
job = json.load(open("/work/in/job.json"))
abuse = open("/work/in/page/abuse.txt").read().strip()
out = "/work/out"

def png(path, rgb):
    w, h = 320, 240
    raw = b"".join(b"\0" + bytes(rgb) * w for _ in range(h))
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw))
    data += chunk(b"IEND", b"")
    open(path, "wb").write(data)

shot = "step_0.png"
if abuse == "trace-dir":
    os.mkdir(out + "/trace.json")
elif abuse == "diff-dir":
    os.mkdir(out + "/diff_step_0.png")
elif abuse == "planted-records":
    png(out + "/ref_step_0.png", (1, 2, 3))
    open(out + "/index.html", "w").write("<p>forged record of the judged page</p>")
    open(out + "/task_result.json", "w").write('{"status": "ok", "final": 1.0}')
elif abuse == "reference-as-screenshot":
    png(out + "/ref_step_0.png", (1, 2, 3))
    shot = "ref_step_0.png"
elif abuse == "screenshot-dir":
    os.mkdir(out + "/step_0.png")
if abuse != "screenshot-dir":
    png(out + "/" + shot, (9, 9, 9))
steps = [{"index": 0, "status": "ok", "screenshot": shot, "text": "Go"}]
steps += [{"index": i, "status": "not_run", "reason": "", "screenshot": None, "text": ""}
          for i in range(1, len(job["actions"]) + 1)]
json.dump({"status": "ok", "reason": "", "steps": steps}, open(out + "/result.json", "w"))
"""

# abuse -> (task status, what must hold in the run folder or the reason)
ABUSES = {
    "trace-dir": (TaskStatus.OK, "trace.json/"),
    "diff-dir": (TaskStatus.OK, "diff_step_0.png/"),
    "planted-records": (TaskStatus.OK, "ref_step_0.png"),
    "reference-as-screenshot": (TaskStatus.CRASHED, "'ref_step_0.png' is not 'step_0.png'"),
    "screenshot-dir": (TaskStatus.CRASHED, "steps[0].screenshot"),
}


@pytest.fixture(scope="module")
def abusing_image(sandbox_image: str) -> Iterator[str]:
    client = docker.from_env()
    files = {
        "Dockerfile": f"FROM {sandbox_image}\nCOPY abuse.py /opt/\n"
        'ENTRYPOINT ["python3", "/opt/abuse.py"]\n',
        "abuse.py": ABUSING_RUNNER,
    }
    context = io.BytesIO()
    with tarfile.open(fileobj=context, mode="w") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    context.seek(0)
    tag = "iwr-sandbox-abusing:test"
    client.images.build(fileobj=context, custom_context=True, tag=tag, rm=True, labels={})
    yield tag
    client.images.remove(tag, force=True)


@pytest.fixture
def abusing(abusing_image: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every cold sandbox (judge_page's default and judge_pages without a pool) runs the
    # abusing image: ColdBackend starts its containers through sandbox.backend.run_job.
    def abusing_run(*args: Any, **kwargs: Any) -> Any:
        return run_job(*args, **{**kwargs, "image": abusing_image})

    monkeypatch.setattr(backend, "run_job", abusing_run)


def _page(abuse: str) -> str:
    # The page folder carries the abuse for the runner to read (assets land beside index.html).
    return f"<!DOCTYPE html><html><body><button>Go</button><!-- {abuse} --></body></html>"


def _staged_with_abuse(monkeypatch: pytest.MonkeyPatch, abuse: str) -> None:
    stage = judge.stage_page

    def with_abuse(task, html, dest):  # noqa: ANN001, ANN202 (wraps judge.stage_page)
        folder = stage(task, html, dest)
        (folder / "abuse.txt").write_text(abuse)
        return folder

    monkeypatch.setattr(judge, "stage_page", with_abuse)


@pytest.mark.usefixtures("abusing")
@pytest.mark.parametrize("abuse", sorted(ABUSES))
def test_output_abuse_ends_the_task_at_most(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, abuse: str
) -> None:
    task = load_task(write_task(tmp_path / "tasks"))
    _staged_with_abuse(monkeypatch, abuse)
    out = tmp_path / "run" / task.id
    result = judge.judge_page(task, _page(abuse), out)
    status, mark = ABUSES[abuse]
    assert result.status == status, result.reason
    if status == TaskStatus.CRASHED:
        assert mark in result.reason, result.reason
        assert not (out / "ref_step_0.png").is_file() or _is_reference(out, task)
        return
    assert mark in result.judge["ignored_output"], result.judge
    assert (out / "trace.json").is_file() and (out / "step_0.png").is_file()
    assert _is_reference(out, task), "the reference copy is the task's, not the runner's"
    assert not (out / "diff_step_0.png").exists() and not (out / "index.html").exists()
    assert not (out / "task_result.json").exists()


def _is_reference(out: Path, task) -> bool:  # noqa: ANN001
    ours = Image.open(out / "ref_step_0.png").convert("RGB").getpixel((0, 0))
    return ours == Image.open(task.checkpoint(0)).convert("RGB").getpixel((0, 0))


@pytest.mark.usefixtures("abusing")
def test_a_run_with_abusive_output_finishes_with_its_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """issue 19: a directory trace.json aborted the whole run, diff_step_0.png stopped
    report.html. Now every task is judged and the reports are written."""
    tasks = []
    for i, abuse in enumerate(("trace-dir", "diff-dir")):
        data = json.loads(json.dumps(TASK))
        data["id"] = f"abuse-{i}"
        tasks.append(load_task(write_task(tmp_path / "tasks", data)))
        page = tmp_path / "pages" / data["id"]
        page.mkdir(parents=True)
        (page / "index.html").write_text(_page(abuse))
    abuses = {"abuse-0": "trace-dir", "abuse-1": "diff-dir"}
    stage = judge.stage_page

    def with_abuse(task, html, dest):  # noqa: ANN001, ANN202
        folder = stage(task, html, dest)
        (folder / "abuse.txt").write_text(abuses[task.id])
        return folder

    monkeypatch.setattr(judge, "stage_page", with_abuse)
    run, run_dir = judge_pages(
        tmp_path / "pages", tasks, tmp_path / "runs", RunOptions(progress=lambda _: None)
    )
    assert [t.status for t in run.tasks] == [TaskStatus.OK, TaskStatus.OK]
    assert (run_dir / "report.html").is_file() and (run_dir / "report.md").is_file()
    assert (run_dir / "abuse-1" / "diff_step_0.png").is_file()  # the report's own
