"""gRPC extras over real sockets: TLS, a bearer token, and server reflection."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import grpc
import pytest
from google.protobuf import descriptor_pb2
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from clients.baselines import make_baseline
from clients.grpc_client import GrpcModelClient
from clients.server import start_server
from clients.types import ModelError
from clients.wire import SERVICE_NAME
from tests.clients.test_grpc import make_bundle

pytestmark = [pytest.mark.grpc, pytest.mark.timeout(60)]


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """A self-signed certificate for 127.0.0.1 and localhost: (PEM chain, PEM key)."""
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
        + ["-nodes", "-days", "1", "-subj", "/CN=localhost"]
        + ["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
        + ["-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True,
        capture_output=True,
    )
    return (folder / "cert.pem").read_bytes(), (folder / "key.pem").read_bytes()


@pytest.fixture
def secure_server(cert: tuple[bytes, bytes]) -> Iterator[int]:
    server, port = start_server(make_baseline("blank"), tls=cert, token="s3cret")
    yield port
    server.stop(0).wait()


def test_tls_and_token_let_the_right_client_in(
    secure_server: int, cert: tuple[bytes, bytes]
) -> None:
    with GrpcModelClient(
        f"127.0.0.1:{secure_server}", timeout_s=20, tls=True, root_certs=cert[0], token="s3cret"
    ) as client:
        client.wait_ready(10)
        assert "```html" in client.generate(make_bundle()).text


def test_a_wrong_or_missing_token_is_refused_by_name(
    secure_server: int, cert: tuple[bytes, bytes]
) -> None:
    for token in ("wrong", None):
        with GrpcModelClient(
            f"127.0.0.1:{secure_server}", timeout_s=20, tls=True, root_certs=cert[0], token=token
        ) as client:
            client.wait_ready(10)  # health stays open for probes
            with pytest.raises(ModelError, match="UNAUTHENTICATED|not authorised"):
                client.generate(make_bundle())


def test_plaintext_client_cannot_talk_to_a_tls_server(secure_server: int) -> None:
    client = GrpcModelClient(f"127.0.0.1:{secure_server}", timeout_s=3, token="s3cret")
    with client, pytest.raises(ModelError, match="GetInfo .* failed"):
        client.info()


@pytest.mark.parametrize("version", ["v1", "v1alpha"])
def test_reflection_lists_and_describes_the_service(version: str) -> None:
    # v1 is what current grpcurl asks first, v1alpha what older tools ask: both are served.
    # The two versions' messages are the same on the wire, so v1alpha's classes speak v1.
    server, port = start_server(make_baseline("blank"))
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            info = channel.stream_stream(
                f"/grpc.reflection.{version}.ServerReflection/ServerReflectionInfo",
                request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
                response_deserializer=reflection_pb2.ServerReflectionResponse.FromString,
            )
            requests = [
                reflection_pb2.ServerReflectionRequest(list_services=""),
                reflection_pb2.ServerReflectionRequest(file_containing_symbol=SERVICE_NAME),
            ]
            listed, described = list(info(iter(requests), timeout=10))
    finally:
        server.stop(0).wait()
    names = {s.name for s in listed.list_services_response.service}
    assert {
        SERVICE_NAME,
        "grpc.health.v1.Health",
        f"grpc.reflection.{version}.ServerReflection",
    } <= names
    files = [
        descriptor_pb2.FileDescriptorProto.FromString(raw)
        for raw in described.file_descriptor_response.file_descriptor_proto
    ]
    methods = {m.name for f in files for s in f.service for m in s.method}
    assert {"GetInfo", "Generate"} <= methods


def test_reflection_stays_open_behind_a_token() -> None:
    server, port = start_server(make_baseline("blank"), token="s3cret")
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = reflection_pb2_grpc.ServerReflectionStub(channel)
            request = reflection_pb2.ServerReflectionRequest(list_services="")
            (listed,) = list(stub.ServerReflectionInfo(iter([request]), timeout=10))
    finally:
        server.stop(0).wait()
    assert listed.list_services_response.service


def test_serve_command_with_tls_and_a_token(
    cert: tuple[bytes, bytes], tmp_path_factory: pytest.TempPathFactory
) -> None:
    import os
    import sys

    folder = tmp_path_factory.mktemp("serve-tls")
    (folder / "cert.pem").write_bytes(cert[0])
    (folder / "key.pem").write_bytes(cert[1])
    proc = subprocess.Popen(
        [sys.executable, "-m", "evaluator.cli", "serve", "blank", "--port", "0"]
        + ["--tls-cert", str(folder / "cert.pem"), "--tls-key", str(folder / "key.pem")]
        + ["--token-env", "IWR_TEST_SERVE_TOKEN"],
        env={**os.environ, "IWR_TEST_SERVE_TOKEN": "t0ken"},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        port = int(proc.stdout.readline().rsplit(":", 1)[1])
        target = f"127.0.0.1:{port}"
        tls = {"timeout_s": 20, "tls": True, "root_certs": cert[0]}
        with GrpcModelClient(target, token="t0ken", **tls) as c:
            c.wait_ready(10)
            assert c.info().name == "blank"
        c = GrpcModelClient(target, **tls)
        with c, pytest.raises(ModelError, match="not authorised"):
            c.info()
    finally:
        proc.terminate()
        assert proc.wait(15) == 0
