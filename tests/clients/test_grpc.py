"""Client and server over real sockets on 127.0.0.1: the path every model takes."""

from __future__ import annotations

import base64
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent import futures
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from clients.baselines import BASELINES, BLANK_PAGE, as_code_block, make_baseline
from clients.grpc_client import GrpcModelClient, ServerInfo
from clients.limits import Limits
from clients.server import Model, ModelServicer, start_server
from clients.types import ASSET, FRAME, Bundle, BundleFile, Generation, ModelError
from clients.wire import CHUNK_BYTES, SERVICE_NAME, bundle_to_requests
from iwr.v1 import model_service_pb2 as pb
from iwr.v1 import model_service_pb2_grpc as pb_grpc

pytestmark = [pytest.mark.grpc, pytest.mark.timeout(60)]

REPO_ROOT = Path(__file__).resolve().parents[2]


def make_bundle(task_id: str = "demo", frame_bytes: int = 3 * CHUNK_BYTES // 2) -> Bundle:
    """Two frames (the first larger than one chunk), one asset, one empty asset."""
    return Bundle(
        task_id=task_id,
        width=800,
        height=600,
        prompt="Rebuild the page shown in the frames.",
        frames=(
            BundleFile("frame_0000.png", FRAME, "image/png", os.urandom(frame_bytes)),
            BundleFile("frame_0001.png", FRAME, "image/png", b"\x89PNG last frame"),
        ),
        assets=(
            BundleFile("logo.svg", ASSET, "image/svg+xml", b"<svg/>"),
            BundleFile("empty.css", ASSET, "text/css", b""),
        ),
    )


class EchoModel:
    """Describes the bundle it received in a long answer, so the test can check both ways."""

    name = "echo"
    version = "7"
    limits = Limits(max_frames=8, max_bundle_bytes=64 << 20, image_media_types=("image/png",))

    def generate(self, bundle: Bundle) -> Generation:
        summary = f"{bundle.sha256()} {len(bundle.frames)} {len(bundle.assets)}\n"
        # Several 64 KiB answer chunks, with multi-byte characters across the boundaries.
        return Generation(
            text=summary + "é€😀" * 40_000,
            finish_reason="length",
            input_tokens=11,
            output_tokens=22,
        )


class SlowModel:
    name, version, limits = "slow", "1", Limits()

    def __init__(self) -> None:
        self.release = threading.Event()

    def generate(self, bundle: Bundle) -> Generation:
        self.release.wait(20)
        return Generation(text="too late")


class FailingModel:
    name, version, limits = "failing", "1", Limits()

    def generate(self, bundle: Bundle) -> Generation:
        raise RuntimeError("out of cheese")


class OddReasonModel:
    name, version, limits = "odd", "1", Limits()

    def generate(self, bundle: Bundle) -> Generation:
        return Generation(text="x", finish_reason="tired")


class ReasonModel:
    """Finishes with whatever reason the task id names, to check the mapping both ways."""

    name, version, limits = "reason", "1", Limits()

    def generate(self, bundle: Bundle) -> Generation:
        extra = {"error": "upstream said no"} if bundle.task_id == "error" else {}
        return Generation(text="<html></html>", finish_reason=bundle.task_id, extra=extra)


class CountingInterceptor(grpc.ServerInterceptor):
    """Counts calls per method, to prove a refused bundle never reached the server."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def intercept_service(self, continuation, handler_call_details):
        self.calls.append(handler_call_details.method)
        return continuation(handler_call_details)


@pytest.fixture()
def serve() -> Iterator[Callable[..., str]]:
    """Start servers for the test; each call returns the target "127.0.0.1:PORT"."""
    servers: list[grpc.Server] = []

    def start(model: Model, **kwargs: object) -> str:
        server, port = start_server(model, "127.0.0.1", 0, **kwargs)
        servers.append(server)
        return f"127.0.0.1:{port}"

    yield start
    for server in servers:
        server.stop(0).wait()


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_info_and_round_trip(serve: Callable[..., str]) -> None:
    target = serve(EchoModel())
    bundle = make_bundle()
    assert bundle.total_bytes() > CHUNK_BYTES
    with GrpcModelClient(target, timeout_s=30) as client:
        assert client.info() == ServerInfo("echo", "7", 8, 64 << 20, ("image/png",), 0)
        result = client.generate(bundle)
    expected = EchoModel().generate(bundle)
    assert result.text == expected.text
    assert result.text.startswith(f"{bundle.sha256()} 2 2\n")
    assert (result.finish_reason, result.input_tokens, result.output_tokens) == ("length", 11, 22)
    assert result.model == "echo"
    assert result.extra == {"model_version": "7", "bundle_sha256": bundle.sha256()}
    assert result.seconds > 0


def test_a_client_sending_parsed_messages_is_served(serve: Callable[..., str]) -> None:
    """A peer built on the generated stub (messages serialised by protobuf, not pre-encoded
    like ours) gets the same answer: the wire contract is the .proto, not our encoder."""
    target = serve(EchoModel())
    bundle = make_bundle()
    with grpc.insecure_channel(target) as channel:
        answer = list(
            pb_grpc.ModelServiceStub(channel).Generate(bundle_to_requests(bundle), timeout=30)
        )
    text = "".join(m.code.text for m in answer if m.WhichOneof("payload") == "code")
    assert text == EchoModel().generate(bundle).text
    assert answer[-1].done.finish_reason == pb.FINISH_REASON_LENGTH


def test_client_works_with_a_server_parsing_messages() -> None:
    """Our client against a server registered the generated way (every request parsed by
    protobuf before the servicer sees it), as a server written from the .proto would be."""
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    pb_grpc.add_ModelServiceServicer_to_server(ModelServicer(EchoModel()), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        bundle = make_bundle(frame_bytes=3 * CHUNK_BYTES)  # the default 4 MiB message limit
        with GrpcModelClient(f"127.0.0.1:{port}", timeout_s=30) as client:
            result = client.generate(bundle)
        assert result.text == EchoModel().generate(bundle).text
        assert result.extra["bundle_sha256"] == bundle.sha256()
    finally:
        server.stop(0).wait()


def test_undecodable_request_is_invalid_argument(serve: Callable[..., str]) -> None:
    """Bytes that are no GenerateRequest end the call as a bad request, naming the message."""
    target = serve(EchoModel())
    header = next(iter(bundle_to_requests(make_bundle()))).SerializeToString()
    with grpc.insecure_channel(target) as channel:
        generate = channel.stream_stream(f"/{SERVICE_NAME}/Generate")
        with pytest.raises(grpc.RpcError) as rpc:
            list(generate(iter([header, b"\x12\x05\x1a\x03\xff\xfe\xfd"]), timeout=30))
    assert rpc.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "request message 1 is not a valid GenerateRequest" in rpc.value.details()


@pytest.mark.parametrize("name", sorted(BASELINES))
def test_baselines_describe_themselves(
    name: str, serve: Callable[..., str], tmp_path: Path
) -> None:
    target = serve(make_baseline(name, tmp_path))
    with GrpcModelClient(target, timeout_s=30) as client:
        info = client.info()
    assert (info.name, info.version) == (name, "1")
    assert info.max_frames == 64
    assert info.max_bundle_bytes == 512 << 20
    assert set(info.image_media_types) == {"image/png", "image/jpeg", "image/webp"}


def test_health_reports_serving(serve: Callable[..., str]) -> None:
    target = serve(make_baseline("blank"))
    with grpc.insecure_channel(target) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        for service in ("", SERVICE_NAME):
            reply = stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=10)
            assert reply.status == health_pb2.HealthCheckResponse.SERVING
    with GrpcModelClient(target) as client:
        client.wait_ready(10)


def test_deadline_exceeded_is_a_model_error(serve: Callable[..., str]) -> None:
    model = SlowModel()
    target = serve(model)
    try:
        with GrpcModelClient(target, timeout_s=1.0) as client:
            client.info()
            with pytest.raises(ModelError, match="deadline of 1 s exceeded"):
                client.generate(make_bundle())
    finally:
        model.release.set()


def test_model_exception_reaches_the_client(serve: Callable[..., str]) -> None:
    target = serve(FailingModel())
    with (
        GrpcModelClient(target, timeout_s=30) as client,
        pytest.raises(ModelError, match="RuntimeError: out of cheese"),
    ):
        client.generate(make_bundle())


def test_unknown_finish_reason_is_reported_as_error(serve: Callable[..., str]) -> None:
    target = serve(OddReasonModel())
    with (
        GrpcModelClient(target, timeout_s=30) as client,
        pytest.raises(ModelError, match="unknown finish reason 'tired'"),
    ):
        client.generate(make_bundle())


@pytest.mark.parametrize("reason", ["stop", "length", "content_filter"])
def test_finish_reasons_survive_the_wire(reason: str, serve: Callable[..., str]) -> None:
    with GrpcModelClient(serve(ReasonModel()), timeout_s=30) as client:
        result = client.generate(make_bundle(reason, frame_bytes=10))
    assert (result.finish_reason, result.text) == (reason, "<html></html>")


def test_error_finish_reason_is_a_model_error(serve: Callable[..., str]) -> None:
    with (
        GrpcModelClient(serve(ReasonModel()), timeout_s=30) as client,
        pytest.raises(ModelError, match="model 'reason' at .* failed: upstream said no"),
    ):
        client.generate(make_bundle("error", frame_bytes=10))


def test_unreachable_server_is_a_model_error() -> None:
    with GrpcModelClient(f"127.0.0.1:{free_port()}", timeout_s=5) as client:
        with pytest.raises(ModelError, match="unreachable"):
            client.info()
        with pytest.raises(ModelError, match="unreachable"):
            client.generate(make_bundle())
        with pytest.raises(
            ModelError, match=r"not ready after 0.5 s \(--ready-timeout\): UNAVAILABLE"
        ):
            client.wait_ready(0.5)


def test_bundle_over_limits_is_refused_before_sending(serve: Callable[..., str]) -> None:
    class Strict(EchoModel):
        limits = Limits(max_frames=1, max_bundle_bytes=1000, image_media_types=("image/jpeg",))

    counter = CountingInterceptor()
    target = serve(Strict(), interceptors=[counter])
    with GrpcModelClient(target, timeout_s=30) as client, pytest.raises(ModelError) as info:
        client.generate(make_bundle())
    message = str(info.value)
    assert "refused before sending" in message
    assert "2 frames exceed the server's limit of 1" in message
    assert "exceed the server's limit of 1000" in message
    assert "media type 'image/png'" in message
    assert not any(call.endswith("/Generate") for call in counter.calls)

    # A client that skips the check meets the same rule on the server: INVALID_ARGUMENT.
    with grpc.insecure_channel(target) as channel:
        stub = pb_grpc.ModelServiceStub(channel)
        with pytest.raises(grpc.RpcError) as rpc:
            list(stub.Generate(bundle_to_requests(make_bundle()), timeout=30))
    assert rpc.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "2 frames exceed" in rpc.value.details()


def test_oracle_answers_the_reference_page(serve: Callable[..., str], tmp_path: Path) -> None:
    page = "<!DOCTYPE html>\n<html><body><h1>Demo ✓</h1></body></html>\n"
    (tmp_path / "demo" / "reference").mkdir(parents=True)
    (tmp_path / "demo" / "reference" / "index.html").write_text(page, encoding="utf-8")
    target = serve(make_baseline("oracle", tmp_path))
    with GrpcModelClient(target, timeout_s=30) as client:
        result = client.generate(make_bundle("demo"))
        assert result.text == as_code_block(page)
        assert result.text.startswith("```html\n<!DOCTYPE html>")
        assert (result.finish_reason, result.model) == ("stop", "oracle")
        with pytest.raises(ModelError, match="unknown task 'nope'"):
            client.generate(make_bundle("nope"))


def test_oracle_serves_a_bundled_task(serve: Callable[..., str]) -> None:
    tasks = REPO_ROOT / "tasks"
    reference = next(iter(sorted(tasks.glob("*/reference/index.html"))), None)
    if reference is None:
        pytest.skip("no bundled tasks in this checkout")
    task_id = reference.parent.parent.name
    target = serve(make_baseline("oracle", tasks))
    with GrpcModelClient(target, timeout_s=30) as client:
        result = client.generate(make_bundle(task_id))
    assert result.text == as_code_block(reference.read_text(encoding="utf-8"))


def test_blank_answers_an_empty_page(serve: Callable[..., str]) -> None:
    target = serve(make_baseline("blank"))
    with GrpcModelClient(target, timeout_s=30) as client:
        result = client.generate(make_bundle())
    assert result.text == f"```html\n{BLANK_PAGE}\n```\n"


def test_last_frame_embeds_the_last_frame(serve: Callable[..., str]) -> None:
    bundle = make_bundle(frame_bytes=1000)
    target = serve(make_baseline("last-frame"))
    with GrpcModelClient(target, timeout_s=30) as client:
        result = client.generate(bundle)
    last, first = bundle.frames[-1], bundle.frames[0]
    assert f"data:image/png;base64,{base64.b64encode(last.data).decode()}" in result.text
    assert base64.b64encode(first.data).decode() not in result.text
    assert 'width="800" height="600"' in result.text
    assert "margin:0" in result.text
    assert result.text.startswith("```html\n<!DOCTYPE html>")


def test_unknown_baseline_and_oracle_without_tasks() -> None:
    with pytest.raises(ValueError, match="unknown baseline 'gpt'; known: blank, last-frame"):
        make_baseline("gpt")
    with pytest.raises(ValueError, match="needs a tasks directory"):
        make_baseline("oracle")
    with pytest.raises(ValueError, match="does not exist"):
        make_baseline("oracle", Path("/nonexistent/tasks"))


class BrokenServicer(pb_grpc.ModelServiceServicer):
    """Breaks the answer protocol in the way named by the task id."""

    def GetInfo(self, request, context):
        return pb.GetInfoResponse(name="broken", version="0")

    def Generate(self, request_iterator, context):
        task_id = next(request_iterator).header.task_id
        for _ in request_iterator:
            pass
        done = pb.GenerateResponse(done=pb.GenerateDone(finish_reason=pb.FINISH_REASON_STOP))
        if task_id == "no-done":
            yield pb.GenerateResponse(code=pb.CodeChunk(text="<html>"))
        elif task_id == "two-done":
            yield done
            yield done
        elif task_id == "code-after-done":
            yield done
            yield pb.GenerateResponse(code=pb.CodeChunk(text="<html>"))
        elif task_id == "unspecified":
            yield pb.GenerateResponse(done=pb.GenerateDone())
        elif task_id == "empty-message":
            yield pb.GenerateResponse()


@pytest.fixture(scope="module")
def broken_target() -> Iterator[str]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    pb_grpc.add_ModelServiceServicer_to_server(BrokenServicer(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield f"127.0.0.1:{port}"
    server.stop(0).wait()


@pytest.mark.parametrize(
    ("task_id", "message"),
    [
        ("no-done", "the stream ended without a done message"),
        ("two-done", "done after the done message"),
        ("code-after-done", "code after the done message"),
        ("unspecified", "finish reason 0 \\(FINISH_REASON_UNSPECIFIED\\)"),
        ("empty-message", "a message with no payload"),
    ],
)
def test_malformed_answer_is_a_model_error(broken_target: str, task_id: str, message: str) -> None:
    expected = "malformed answer from 127.0.0.1:[0-9]+: " + message
    with (
        GrpcModelClient(broken_target, timeout_s=30) as client,
        pytest.raises(ModelError, match=expected),
    ):
        client.generate(make_bundle(task_id, frame_bytes=10))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_forever_announces_its_port_and_stops_on_signal(sig: signal.Signals) -> None:
    code = (
        "from clients.baselines import make_baseline\n"
        "from clients.server import serve_forever\n"
        "serve_forever(make_baseline('blank', None), '127.0.0.1', 0)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # pytest-timeout bounds this if nothing is announced
        match = re.fullmatch(r"listening on 127\.0\.0\.1:(\d+)\n", line)
        assert match, f"unexpected announcement {line!r}"
        with GrpcModelClient(f"127.0.0.1:{match.group(1)}", timeout_s=30) as client:
            client.wait_ready(10)
            assert client.generate(make_bundle()).text == f"```html\n{BLANK_PAGE}\n```\n"
        proc.send_signal(sig)
        assert proc.wait(15) == 0, proc.stderr.read() if proc.stderr else ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
