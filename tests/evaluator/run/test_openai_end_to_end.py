"""OpenAI-compatible models on the whole path: real HTTP, real gRPC, real containers.

A real HTTP server on 127.0.0.1 plays an OpenAI-compatible model that answers with the
task's reference page (so it should score like the oracle), reached directly
(``openai+http://``) and through ``iwr serve openai-gateway`` (``grpc://``). Then a run
killed mid-way (SIGKILL of the evaluator process) is resumed and must end with the
results of an uninterrupted run.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from evaluator.cli.main import main
from tests.clients.fake_openai import Act, FakeOpenAI

REPO = Path(__file__).resolve().parents[3]
pytestmark = [pytest.mark.docker, pytest.mark.grpc, pytest.mark.usefixtures("sandbox_image")]


def _tasks(root: Path, *ids: str) -> Path:
    for tid in ids:
        shutil.copytree(REPO / "tasks" / tid, root / "tasks" / tid)
    return root / "tasks"


def _oracle_answer(task_id: str) -> Act:
    page = (REPO / "tasks" / task_id / "reference" / "index.html").read_text()
    return Act(text=f"Here it is.\n```html\n{page}\n```\n")


def _results(output: str) -> dict:
    path = Path(output.strip().splitlines()[-1].removeprefix("results: "))
    return json.loads(path.read_text())


def _check_oracle_like(data: dict) -> None:
    (task,) = data["tasks"]
    assert task["status"] == "ok", task["reason"]
    assert task["ifs"] == 1.0 and task["vfs"] >= 0.95
    assert task["generation"]["input_tokens"] == 123


def test_openai_endpoint_directly_and_through_the_gateway(tmp_path: Path) -> None:
    tasks = _tasks(tmp_path, "tip-calculator")
    with FakeOpenAI([_oracle_answer("tip-calculator")]) as fake:
        spec = "openai+" + fake.url
        out = CliRunner().invoke(
            main,
            ["run", "--model", spec, "--model-name", "fake-vl", "--tasks", str(tasks)]
            + ["--out", str(tmp_path / "runs")],
        )
        assert out.exit_code == 0, out.output
        direct = _results(out.output)
        assert direct["model"] == f"fake-vl@{fake.url}"
        _check_oracle_like(direct)
        assert fake.requests[0]["model"] == "fake-vl"

        gateway = subprocess.Popen(
            [sys.executable, "-m", "evaluator.cli", "serve", "openai-gateway", "--port", "0"]
            + ["--upstream", fake.url, "--model-name", "fake-vl"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            port = int(gateway.stdout.readline().rsplit(":", 1)[1])
            out = CliRunner().invoke(
                main,
                ["run", "--model", f"grpc://127.0.0.1:{port}", "--tasks", str(tasks)]
                + ["--out", str(tmp_path / "runs")],
            )
        finally:
            gateway.terminate()
            gateway.wait(15)
        assert out.exit_code == 0, out.output
        via_gateway = _results(out.output)
        _check_oracle_like(via_gateway)
        assert via_gateway["model_info"]["name"] == "fake-vl"
        assert len(fake.requests) == 2


def _run_cmd(url: str, tasks: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "evaluator.cli", "run", "--model", f"openai+{url}"] + [
        "--model-name",
        "fake-vl",
        "--tasks",
        str(tasks),
        "--out",
        str(out),
    ]


def _scores(data: dict) -> list[tuple]:
    return [
        (t["id"], t["status"], t["ifs"], round(t["vfs"], 2), t["passed"]) for t in data["tasks"]
    ]


def test_a_killed_run_resumes_to_the_results_of_an_uninterrupted_one(tmp_path: Path) -> None:
    tasks = _tasks(tmp_path, "tip-calculator", "todo-app")
    answer = _oracle_answer("tip-calculator")  # for both tasks: todo-app scores low
    with FakeOpenAI([answer]) as fake:
        done = subprocess.run(
            _run_cmd(fake.url, tasks, tmp_path / "whole"),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        whole = _results(done.stdout)
    # Judged for real, or the comparison below would prove nothing.
    assert whole["tasks"][0]["status"] == "ok", whole["tasks"][0]["reason"]
    assert whole["tasks"][0]["ifs"] == 1.0

    with FakeOpenAI([answer, Act(text=answer.text, delay_s=60)]) as fake:
        proc = subprocess.Popen(
            _run_cmd(fake.url, tasks, tmp_path / "cut"),
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 120
            first = None
            while time.monotonic() < deadline and proc.poll() is None:
                found = list((tmp_path / "cut").glob("*/tip-calculator/result.json"))
                if found and len(fake.requests) == 2:
                    first = found[0]
                    break
                time.sleep(0.2)
            assert first is not None, "the first task was not judged in time"
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    run_dir = first.parents[1]
    assert not (run_dir / "todo-app" / "generation.json").exists()
    judged_at = first.stat().st_mtime_ns
    stored_status = json.loads(first.read_text())["status"]

    # The very same command (the model's URL is part of the run id, so the same port).
    with FakeOpenAI([answer], port=fake.port) as fake2:
        cmd = _run_cmd(fake2.url, tasks, tmp_path / "cut")
        done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert len(fake2.requests) == 1  # only the task the kill interrupted
    resumed = _results(done.stdout)
    if stored_status == "ok":
        assert first.stat().st_mtime_ns == judged_at  # the judged task was not judged again
    else:  # an infrastructure fault (a busy machine) is judged again on resume, by design
        assert stored_status == "infra_error"
    assert resumed["resumed"] == 1
    assert _scores(resumed) == _scores(whole)
    assert resumed["summary"]["final"] == pytest.approx(whole["summary"]["final"], abs=0.01)
