"""The worked examples in docs/PROTOCOL.md must be true of the real server.

The grpcurl example is the first thing someone implementing a server in another language
will copy; these tests send its exact JSON (parsed the way grpcurl parses it, as proto3
JSON) to a real reference server and compare the answers with the ones the document shows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from google.protobuf import json_format

from clients.baselines import make_baseline
from clients.server import start_server
from clients.wire import requests_to_bundle
from iwr.v1 import model_service_pb2 as pb
from iwr.v1 import model_service_pb2_grpc as pb_grpc

DOC = Path(__file__).resolve().parents[2] / "docs" / "PROTOCOL.md"


def json_messages(text: str) -> list[dict]:
    """Consecutive JSON objects, as grpcurl reads them from stdin with ``-d @``."""
    decoder, messages, pos = json.JSONDecoder(), [], 0
    text = text.strip()
    while pos < len(text):
        message, end = decoder.raw_decode(text, pos)
        messages.append(message)
        pos = end
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return messages


def doc_request_stream() -> list[pb.GenerateRequest]:
    heredoc = re.search(r"<<'EOF'\n(.*?)\nEOF\n", DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert heredoc, "PROTOCOL.md lost its grpcurl Generate example"
    return [json_format.ParseDict(m, pb.GenerateRequest()) for m in json_messages(heredoc[1])]


def doc_json_answers() -> list[list[dict]]:
    """The ```json blocks of the document, each as its list of messages."""
    blocks = re.findall(r"```json\n(.*?)```\n", DOC.read_text(encoding="utf-8"), re.DOTALL)
    return [json_messages(block) for block in blocks]


def test_example_stream_is_a_valid_bundle() -> None:
    bundle = requests_to_bundle(doc_request_stream())
    doc = DOC.read_text(encoding="utf-8")
    assert bundle.task_id == "todo-app" and bundle.total_bytes() == 41
    assert f"the hash is\n`{bundle.sha256()}`" in doc


@pytest.fixture(scope="module")
def blank_target() -> Iterator[str]:
    server, port = start_server(make_baseline("blank"))
    yield f"127.0.0.1:{port}"
    server.stop(0).wait()


@pytest.mark.grpc
@pytest.mark.timeout(60)
def test_example_answers_match_a_real_server(blank_target: str) -> None:
    info_doc, generate_doc = doc_json_answers()
    with grpc.insecure_channel(blank_target) as channel:
        stub = pb_grpc.ModelServiceStub(channel)
        info = stub.GetInfo(pb.GetInfoRequest(), timeout=30)
        answers = list(stub.Generate(iter(doc_request_stream()), timeout=30))
    assert [json_format.MessageToDict(info)] == info_doc
    assert [json_format.MessageToDict(a) for a in answers] == generate_doc


@pytest.mark.grpc
@pytest.mark.timeout(60)
def test_example_with_a_changed_byte_is_rejected(blank_target: str) -> None:
    requests = doc_request_stream()
    requests[1].chunk.data = b"hellp"
    with grpc.insecure_channel(blank_target) as channel:
        stub = pb_grpc.ModelServiceStub(channel)
        with pytest.raises(grpc.RpcError) as info:
            list(stub.Generate(iter(requests), timeout=30))
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert info.value.details().startswith("bundle sha256 is ")
