"""The OpenAI gateway: our gRPC client, a real gRPC server, a real HTTP upstream."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from clients.base import RetryPolicy
from clients.gateway import OpenAIGatewayModel
from clients.grpc_client import GrpcModelClient
from clients.openai_client import OpenAIClient
from clients.server import start_server
from clients.types import ModelError
from tests.clients.fake_openai import Act, FakeOpenAI
from tests.clients.test_grpc import make_bundle

pytestmark = [pytest.mark.grpc, pytest.mark.timeout(60)]
REPO_ROOT = Path(__file__).resolve().parents[2]
FAST = RetryPolicy(max_attempts=2, base_wait_s=0.01, max_wait_s=0.05)


@pytest.fixture
def gateway() -> Iterator[tuple[FakeOpenAI, GrpcModelClient]]:
    with FakeOpenAI() as fake:
        model = OpenAIGatewayModel(OpenAIClient(fake.url, "vl-up", policy=FAST))
        server, port = start_server(model)
        try:
            with GrpcModelClient(f"127.0.0.1:{port}", timeout_s=20) as client:
                yield fake, client
        finally:
            server.stop(0).wait()


def test_gateway_passes_bundles_up_and_replies_down(
    gateway: tuple[FakeOpenAI, GrpcModelClient],
) -> None:
    fake, client = gateway
    info = client.info()
    assert info.name == "vl-up" and fake.url in info.version
    gen = client.generate(make_bundle())
    assert gen.text.startswith("```html") and gen.finish_reason == "stop"
    assert (gen.input_tokens, gen.output_tokens) == (123, 45)
    (body,) = fake.requests
    parts = body["messages"][0]["content"]
    assert parts[0]["text"] == "Rebuild the page shown in the frames."
    assert len(parts) == 3  # two frames; the svg and css assets are not images to send


def test_upstream_failure_reaches_the_evaluator_with_its_cause(
    gateway: tuple[FakeOpenAI, GrpcModelClient],
) -> None:
    fake, client = gateway
    fake.script.acts[:] = [Act("status", status=401)]
    with pytest.raises(ModelError, match="model 'vl-up' .* failed: .*HTTP 401"):
        client.generate(make_bundle())


def test_gateway_command_serves_as_a_subprocess() -> None:
    with FakeOpenAI() as fake:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "evaluator.cli",
                "serve",
                "openai-gateway",
                "--port",
                "0",
                "--upstream",
                fake.url,
                "--model-name",
                "vl-up",
            ],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            line = proc.stdout.readline()
            assert line.startswith("listening on 127.0.0.1:"), line
            port = int(line.rsplit(":", 1)[1])
            with GrpcModelClient(f"127.0.0.1:{port}", timeout_s=20) as client:
                client.wait_ready(10)
                assert "```html" in client.generate(make_bundle()).text
        finally:
            proc.terminate()
            assert proc.wait(15) == 0
