"""gRPC models under faults: retries through the shared base, and a server killed mid-run.

Real gRPC servers, in-process and as subprocesses (``iwr serve blank``); judging is the
recording stand-in of test_resume.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import grpc
import pytest

from clients.base import RetryingGrpc, RetryPolicy
from clients.baselines import make_baseline
from clients.grpc_client import GrpcModelClient
from clients.server import start_server
from clients.types import ModelError
from evaluator.run.options import RunOptions
from evaluator.run.orchestrate import run_model
from evaluator.tasks.task import Task
from tests.clients.test_grpc import make_bundle
from tests.evaluator.run.test_resume import FakeJudge, tasks  # noqa: F401 (fixture)

REPO = Path(__file__).resolve().parents[3]
FAST = RetryPolicy(max_attempts=3, max_total_s=20, base_wait_s=0.01, max_wait_s=0.05)
pytestmark = [pytest.mark.grpc, pytest.mark.timeout(120)]


class FailFirst(grpc.ServerInterceptor):
    """Abort the first ``n`` Generate calls with ``code``."""

    def __init__(self, n: int, code: grpc.StatusCode) -> None:
        self.n, self.code, self.seen = n, code, 0

        def abort(request: object, context: grpc.ServicerContext) -> None:
            context.abort(self.code, "staged fault")

        self._abort = grpc.stream_stream_rpc_method_handler(abort)

    def intercept_service(self, continuation, details):  # noqa: ANN001, ANN201
        if details.method.endswith("/Generate"):
            self.seen += 1
            if self.seen <= self.n:
                return self._abort
        return continuation(details)


@pytest.mark.parametrize(
    ("code", "calls", "ok"),
    [
        (grpc.StatusCode.UNAVAILABLE, 3, True),
        (grpc.StatusCode.RESOURCE_EXHAUSTED, 3, True),
        (grpc.StatusCode.INVALID_ARGUMENT, 1, False),
        (grpc.StatusCode.UNAUTHENTICATED, 1, False),
    ],
)
def test_passing_faults_are_retried_refusals_are_not(
    code: grpc.StatusCode, calls: int, ok: bool
) -> None:
    staged = FailFirst(2, code)
    server, port = start_server(make_baseline("blank"), interceptors=[staged])
    try:
        with GrpcModelClient(f"127.0.0.1:{port}", timeout_s=10) as raw:
            client = RetryingGrpc(raw, policy=FAST)
            if ok:
                assert client.generate(make_bundle()).extra["attempts"] == "3"
            else:
                with pytest.raises(ModelError, match=r"failed"):
                    client.generate(make_bundle())
    finally:
        server.stop(0).wait()
    assert staged.seen == calls


def _serve_blank() -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "evaluator.cli", "serve", "blank", "--port", "0"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    return proc, "127.0.0.1:" + proc.stdout.readline().rsplit(":", 1)[1].strip()


def test_server_process_killed_mid_run_then_resumed(
    tasks: list[Task],  # noqa: F811 (fixture)
    tmp_path: Path,
) -> None:
    proc, target = _serve_blank()

    def kill_after_first(line: str) -> None:
        if "coffee-shop" in line and proc.poll() is None:
            proc.kill()
            proc.wait()

    try:
        with GrpcModelClient(target, timeout_s=10) as raw:
            raw.wait_ready(10)
            _, run_dir = run_model(
                RetryingGrpc(raw, policy=FAST),
                "blank",
                tasks,
                tmp_path,
                RunOptions(
                    run_id="g",
                    progress=kill_after_first,
                    judge=FakeJudge(),
                ),
            )
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    first = json.loads((run_dir / "results.json").read_text())
    assert [t["status"] for t in first["tasks"]] == ["ok", "model_error", "model_error"]
    assert all("unreachable" in t["reason"] for t in first["tasks"][1:])
    assert first["summary"]["tasks"] == 3

    proc, target = _serve_blank()
    judge = FakeJudge()
    try:
        with GrpcModelClient(target, timeout_s=10) as raw:
            raw.wait_ready(10)
            run_model(
                RetryingGrpc(raw, policy=FAST),
                "blank",
                tasks,
                tmp_path,
                RunOptions(
                    run_id="g",
                    progress=lambda line: None,
                    judge=judge,
                ),
            )
    finally:
        proc.terminate()
        proc.wait(15)
    second = json.loads((run_dir / "results.json").read_text())
    assert [t["status"] for t in second["tasks"]] == ["ok"] * 3
    assert second["tasks"][0]["generation"].get("reused") is True
    assert "reused" not in second["tasks"][1]["generation"]
    assert judge.judged == ["tip-calculator", "todo-app"]


# A server that starts answering, then its process dies: the stream is cut mid-way.
CUT_SERVER = """
import os, sys
from concurrent import futures
import grpc
from iwr.v1 import model_service_pb2 as pb, model_service_pb2_grpc as pb_grpc

class Cut(pb_grpc.ModelServiceServicer):
    def GetInfo(self, request, context):
        return pb.GetInfoResponse(name="cut", version="1")

    def Generate(self, requests, context):
        for _ in requests:
            pass
        yield pb.GenerateResponse(code=pb.CodeChunk(text="```html\\n<html>" + "x" * 1000))
        if sys.argv[1] == "cut":
            os._exit(1)
        for _ in range(40):  # 40 x 1 MiB of text: more than a client accepts
            yield pb.GenerateResponse(code=pb.CodeChunk(text="z" * (1 << 20)))
        yield pb.GenerateResponse(done=pb.GenerateDone(finish_reason=pb.FINISH_REASON_STOP))

server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
pb_grpc.add_ModelServiceServicer_to_server(Cut(), server)
port = server.add_insecure_port("127.0.0.1:0")
server.start()
print(f"listening on 127.0.0.1:{port}", flush=True)
server.wait_for_termination()
"""


@pytest.mark.parametrize(
    ("mode", "why"),
    [
        # Cut: retried (the server is gone), then a model error naming the cause.
        ("cut", r"gave up .* after 3 attempt\(s\): .*server unreachable"),
        ("big", "malformed answer .*: more than 33554432 bytes of text"),
    ],
)
def test_answer_stream_cut_mid_way_or_oversized(mode: str, why: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", CUT_SERVER, mode], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        target = "127.0.0.1:" + proc.stdout.readline().rsplit(":", 1)[1].strip()
        with GrpcModelClient(target, timeout_s=20) as raw:
            client = RetryingGrpc(raw, policy=FAST)
            with pytest.raises(ModelError, match=why):
                client.generate(make_bundle(frame_bytes=10))
    finally:
        proc.kill()
        proc.wait()


def test_task_budget_bounds_a_slow_grpc_server() -> None:
    import time

    from tests.clients.test_grpc import SlowModel

    model = SlowModel()
    server, port = start_server(model)
    try:
        with GrpcModelClient(f"127.0.0.1:{port}", timeout_s=600) as raw:
            policy = RetryPolicy(max_attempts=5, max_total_s=1.0, base_wait_s=0.01)
            started = time.monotonic()
            with pytest.raises(ModelError, match=r"task budget 1 s.*deadline of 0\.\d+ s exceeded"):
                RetryingGrpc(raw, policy=policy).generate(make_bundle(frame_bytes=10))
            assert time.monotonic() - started < 3  # not the client's 600 s
    finally:
        model.release.set()
        server.stop(0).wait()
