"""Model servers in practice, over real sockets: a slow start, a reply too large to receive,
a server that stops answering."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from concurrent import futures

import grpc
import pytest
from grpc_health.v1 import health_pb2

from clients.base import RetryingGrpc, RetryPolicy
from clients.baselines import make_baseline
from clients.grpc_client import GrpcModelClient
from clients.server import _start, start_server
from clients.types import Bundle, Generation, ModelError
from clients.wire import SERVICE_NAME
from evaluator.generation.models import ClientOptions, ModelSpec, open_model
from iwr.v1 import model_service_pb2 as pb
from iwr.v1 import model_service_pb2_grpc as pb_grpc
from tests.clients.test_grpc import SlowModel, make_bundle

pytestmark = [pytest.mark.grpc, pytest.mark.timeout(60)]

FAST = RetryPolicy(max_attempts=5, max_total_s=30, base_wait_s=0.01, max_wait_s=0.05)


def test_wait_ready_waits_for_a_slow_load_and_says_so() -> None:
    server, port, health = _start(make_baseline("blank"), "127.0.0.1", 0)
    for service in ("", SERVICE_NAME):  # still "loading weights"
        health.set(service, health_pb2.HealthCheckResponse.NOT_SERVING)
    loaded = threading.Timer(
        1.5, lambda: health.set(SERVICE_NAME, health_pb2.HealthCheckResponse.SERVING)
    )
    loaded.start()
    lines: list[str] = []
    try:
        with GrpcModelClient(f"127.0.0.1:{port}", timeout_s=10) as client:
            started = time.monotonic()
            client.wait_ready(10, lines.append, every_s=0.4)
            waited = time.monotonic() - started
    finally:
        loaded.cancel()
        server.stop(0).wait()
    assert 1.4 < waited < 5
    assert len(lines) >= 2, lines
    assert all("to report SERVING" in line and "NOT_SERVING" in line for line in lines)


def test_ready_timeout_ends_the_wait_with_the_last_status() -> None:
    server, port, health = _start(make_baseline("blank"), "127.0.0.1", 0)
    health.set(SERVICE_NAME, health_pb2.HealthCheckResponse.NOT_SERVING)
    try:
        with (
            GrpcModelClient(f"127.0.0.1:{port}", timeout_s=10) as client,
            pytest.raises(ModelError, match=r"not ready after 1 s .*NOT_SERVING"),
        ):
            client.wait_ready(1.0)
    finally:
        server.stop(0).wait()


def test_open_model_takes_the_ready_timeout_from_the_options(tmp_path) -> None:  # noqa: ANN001
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    lines: list[str] = []
    started = time.monotonic()
    with (
        pytest.raises(ModelError, match=r"not ready after 1\.5 s \(--ready-timeout\): UNAVAILABLE"),
        open_model(
            ModelSpec("grpc", f"127.0.0.1:{port}"),
            tmp_path,
            10.0,
            ClientOptions(ready_timeout_s=1.5),
            lines.append,
        ),
    ):
        pass
    assert time.monotonic() - started < 6


class HugeReply(pb_grpc.ModelServiceServicer):
    """Answers with one 5 MiB code message: more than any client receives (4 MiB)."""

    def __init__(self) -> None:
        self.calls = 0

    def GetInfo(self, request: pb.GetInfoRequest, context: object) -> pb.GetInfoResponse:
        return pb.GetInfoResponse(name="huge", version="1")

    def Generate(self, requests: Iterator[pb.GenerateRequest], context: object) -> Iterator:
        self.calls += 1
        for _ in requests:
            pass
        yield pb.GenerateResponse(code=pb.CodeChunk(text="x" * (5 << 20)))
        yield pb.GenerateResponse(done=pb.GenerateDone(finish_reason=pb.FINISH_REASON_STOP))


def test_a_reply_too_large_to_receive_is_final() -> None:
    servicer = HugeReply()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    pb_grpc.add_ModelServiceServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        with (
            GrpcModelClient(f"127.0.0.1:{port}", timeout_s=20) as raw,
            pytest.raises(ModelError, match="exceeded gRPC's size limit") as caught,
        ):
            RetryingGrpc(raw, policy=FAST).generate(make_bundle(frame_bytes=10))
    finally:
        server.stop(0).wait()
    assert servicer.calls == 1  # not generated again: it would be too large again
    assert "gave up" not in str(caught.value)


class CountingSlow(SlowModel):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def generate(self, bundle: Bundle) -> Generation:
        self.calls += 1
        return super().generate(bundle)


def test_a_hung_server_costs_two_deadlines_not_the_task_budget() -> None:
    model = CountingSlow()
    server, port = start_server(model)
    try:
        with GrpcModelClient(f"127.0.0.1:{port}", timeout_s=0.5) as raw:
            started = time.monotonic()
            with pytest.raises(ModelError, match="deadline passed on 2 attempts.*hung"):
                RetryingGrpc(raw, policy=FAST).generate(make_bundle(frame_bytes=10))
            elapsed = time.monotonic() - started
    finally:
        model.release.set()
        server.stop(0).wait()
    assert model.calls == 2
    assert elapsed < 3  # two 0.5 s deadlines, not the 30 s budget


def test_after_three_hung_tasks_the_rest_are_not_sent() -> None:
    model = CountingSlow()
    server, port = start_server(model)
    reasons = []
    try:
        with GrpcModelClient(f"127.0.0.1:{port}", timeout_s=0.3) as raw:
            client = RetryingGrpc(raw, policy=FAST)
            started = time.monotonic()
            for _ in range(5):
                with pytest.raises(ModelError) as caught:
                    client.generate(make_bundle(frame_bytes=10))
                reasons.append(str(caught.value))
            elapsed = time.monotonic() - started
            assert model.calls == 6  # three tasks, two attempts each; then nothing sent
    finally:
        model.release.set()
        server.stop(0).wait()
    assert all("hung" in r and "not sent" not in r for r in reasons[:3])
    assert all(r.startswith("not sent: ") and "last 3 tasks" in r for r in reasons[3:])
    assert elapsed < 6  # 3 x 2 x 0.3 s plus waits, and nothing for the last two


def test_an_answer_ends_the_hung_streak() -> None:
    model = CountingSlow()
    server, port = start_server(model)
    try:
        with GrpcModelClient(f"127.0.0.1:{port}", timeout_s=0.3) as raw:
            client = RetryingGrpc(raw, policy=FAST)
            for _ in range(2):
                with pytest.raises(ModelError, match="hung"):
                    client.generate(make_bundle(frame_bytes=10))
            model.release.set()  # the model answers at once from now on
            assert client.generate(make_bundle(frame_bytes=10)).text == "too late"
            model.release.clear()
            for _ in range(2):
                with pytest.raises(ModelError, match="taken to be hung"):
                    client.generate(make_bundle(frame_bytes=10))
            with pytest.raises(ModelError, match="hung"):  # third in a row: still sent
                client.generate(make_bundle(frame_bytes=10))
            assert model.calls == 4 + 1 + 6
    finally:
        model.release.set()
        server.stop(0).wait()
