"""The Generate request stream: round trips and every rule a server enforces."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Callable

import pytest
from google.protobuf.message import DecodeError

from clients.digest import bundle_sha256
from clients.limits import Limits
from clients.types import ASSET, FRAME, Bundle, BundleFile
from clients.wire import (
    CHUNK_BYTES,
    BundleStreamError,
    bundle_problems,
    bundle_to_requests,
    bundle_to_wire,
    requests_to_bundle,
    text_chunks,
)
from clients.wire.decode import decode_chunk
from clients.wire.protowire import varint
from iwr.v1 import model_service_pb2 as pb


def make_bundle() -> Bundle:
    """Frames of 2.5 MiB (three chunks), exactly 1 MiB (one chunk) and 0 bytes, two assets."""
    return Bundle(
        task_id="todo-app",
        width=1280,
        height=720,
        prompt="Rebuild this page. Ünïcode counts in bytes.",
        frames=(
            BundleFile("frame_0000.png", FRAME, "image/png", os.urandom(5 * CHUNK_BYTES // 2)),
            BundleFile("frame_0001.png", FRAME, "image/png", os.urandom(CHUNK_BYTES)),
            BundleFile("frame_0002.png", FRAME, "image/png", b""),
        ),
        assets=(
            BundleFile("logo.svg", ASSET, "image/svg+xml", b"<svg/>"),
            BundleFile("empty.css", ASSET, "text/css", b""),
        ),
    )


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return make_bundle()


@pytest.fixture()
def requests(bundle: Bundle) -> list[pb.GenerateRequest]:
    return list(bundle_to_requests(bundle))


def test_round_trip(bundle: Bundle, requests: list[pb.GenerateRequest]) -> None:
    assert requests_to_bundle(requests) == bundle


def test_stream_layout(bundle: Bundle, requests: list[pb.GenerateRequest]) -> None:
    header = requests[0].header
    assert requests[0].WhichOneof("payload") == "header"
    assert header.task_id == "todo-app"
    assert (header.viewport.width, header.viewport.height) == (1280, 720)
    assert (header.frame_count, header.asset_count) == (3, 2)
    assert header.total_bytes == bundle.total_bytes()
    assert header.bundle_sha256 == bundle.sha256()
    chunks = [r.chunk for r in requests[1:]]
    assert all(len(c.data) <= CHUNK_BYTES for c in chunks)
    layout = [(c.kind, c.index, c.offset, len(c.data), c.last) for c in chunks]
    assert layout == [
        (pb.FILE_KIND_FRAME, 0, 0, CHUNK_BYTES, False),
        (pb.FILE_KIND_FRAME, 0, CHUNK_BYTES, CHUNK_BYTES, False),
        (pb.FILE_KIND_FRAME, 0, 2 * CHUNK_BYTES, CHUNK_BYTES // 2, True),
        (pb.FILE_KIND_FRAME, 1, 0, CHUNK_BYTES, True),
        (pb.FILE_KIND_FRAME, 2, 0, 0, True),
        (pb.FILE_KIND_ASSET, 0, 0, 6, True),
        (pb.FILE_KIND_ASSET, 1, 0, 0, True),
    ]


def test_bundle_without_files_round_trips() -> None:
    bare = Bundle(task_id="t", width=10, height=10, prompt="")
    requests = list(bundle_to_requests(bare))
    assert len(requests) == 1
    assert requests_to_bundle(requests) == bare


def test_seed_travels_in_the_header_and_stays_out_of_the_hash(bundle: Bundle) -> None:
    import dataclasses

    seeded = dataclasses.replace(bundle, seed=2)
    requests = list(bundle_to_requests(seeded))
    assert requests[0].header.HasField("seed") and requests[0].header.seed == 2
    assert requests_to_bundle(requests).seed == 2
    assert bundle_sha256(seeded) == bundle_sha256(bundle)
    # Seed 0 is a seed, not "none": proto3 optional keeps the difference.
    assert (
        requests_to_bundle(list(bundle_to_requests(dataclasses.replace(bundle, seed=0)))).seed == 0
    )
    unseeded = list(bundle_to_requests(bundle))
    assert not unseeded[0].header.HasField("seed")
    assert requests_to_bundle(unseeded).seed is None
    # The pre-encoded stream carries the same header.
    wire = list(bundle_to_wire(seeded))
    assert pb.GenerateRequest.FromString(wire[0]).header.seed == 2


# Each case breaks the valid stream one way; the error message must name the problem.
Mutation = Callable[[list[pb.GenerateRequest]], list[pb.GenerateRequest]]


def _set(i: int, **fields: object) -> Mutation:
    def mutate(reqs: list[pb.GenerateRequest]) -> list[pb.GenerateRequest]:
        target = reqs[0].header if i == 0 else reqs[i].chunk
        for key, value in fields.items():
            setattr(target, key, value)
        return reqs

    return mutate


def _zero_viewport_width(reqs: list[pb.GenerateRequest]) -> list[pb.GenerateRequest]:
    reqs[0].header.viewport.width = 0  # message fields can be edited, not assigned
    return reqs


def _drop_viewport(reqs: list[pb.GenerateRequest]) -> list[pb.GenerateRequest]:
    reqs[0].header.ClearField("viewport")
    return reqs


def _swap(i: int, j: int) -> Mutation:
    def mutate(reqs: list[pb.GenerateRequest]) -> list[pb.GenerateRequest]:
        reqs[i], reqs[j] = reqs[j], reqs[i]
        return reqs

    return mutate


INVALID: dict[str, tuple[Mutation, str]] = {
    "empty stream": (lambda r: [], "empty request stream"),
    "header not first": (_swap(0, 1), "first message must be a header"),
    "header repeated": (lambda r: r[:2] + [r[0]] + r[2:], "header repeated"),
    "no payload": (lambda r: r[:1] + [pb.GenerateRequest()] + r[1:], "no payload"),
    "task id with slash": (_set(0, task_id="../etc"), "task id '../etc' is not a plain name"),
    "task id with backslash": (_set(0, task_id="a\\b"), "not a plain name"),
    "task id with NUL": (_set(0, task_id="a\0b"), "not a plain name"),
    "task id dot": (_set(0, task_id="."), "not a plain name"),
    "empty task id": (_set(0, task_id=""), "task id is empty"),
    "file name with slash": (_set(6, name="x/logo.svg"), "asset name 'x/logo.svg'"),
    "file name dotdot": (_set(7, name=".."), "not a plain name"),
    "zero viewport": (_zero_viewport_width, "viewport 0x720"),
    "no viewport": (_drop_viewport, "header has no viewport"),
    "bad sha256 format": (_set(0, bundle_sha256="abc"), "not 64 lower-case hex"),
    "sha256 mismatch": (_set(0, bundle_sha256="0" * 64), "sha256 is"),
    "too few frames announced": (_set(0, frame_count=2), "expected the first chunk of asset 0"),
    "too many assets announced": (_set(0, asset_count=3), "stream ended after 5 files"),
    "too few assets announced": (_set(0, asset_count=1), "unexpected chunk"),
    "unspecified kind": (_set(5, kind=pb.FILE_KIND_UNSPECIFIED), "unknown kind 0"),
    "assets before frames": (_swap(5, 6), "expected the first chunk of frame 2"),
    "index out of order": (_set(4, index=2), "expected the first chunk of frame 1"),
    "first offset not zero": (_set(4, offset=5), "has offset 5; a file starts at 0"),
    "offset gap": (_set(2, offset=CHUNK_BYTES + 1), f"expected {CHUNK_BYTES}"),
    "size changed mid-file": (_set(2, size=4 * CHUNK_BYTES), "must be consecutive and agree"),
    "interleaved files": (_swap(3, 4), "was incomplete"),
    "missing last": (_set(4, last=False), "last=False"),
    "early last": (_set(1, last=True), "last=True"),
    "chunk past size": (_set(6, data=b"<svg/>!"), "past its size"),
    "empty chunk in non-empty file": (_set(6, data=b"", last=True), "empty chunk"),
    "no media type": (_set(6, media_type=""), "no usable media type"),
    "duplicate name": (_set(4, name="frame_0000.png"), "appears twice"),
    "stream ends inside a file": (lambda r: r[:2], "stream ended inside frame 0"),
    "stream ends between files": (lambda r: r[:-1], "stream ended after 4 files"),
    "total bytes below content": (_set(0, total_bytes=100), "past the 100 total bytes"),
    "total bytes above content": (
        lambda r: _set(0, total_bytes=r[0].header.total_bytes + 1)(r),
        "its header declared",
    ),
    "oversized chunk": (_set(6, data=b"x" * (CHUNK_BYTES + 1)), "at most"),
}


@pytest.mark.parametrize("encoded", [False, True], ids=["parsed", "encoded"])
@pytest.mark.parametrize("case", INVALID, ids=list(INVALID))
def test_invalid_stream_is_rejected(
    case: str, encoded: bool, requests: list[pb.GenerateRequest]
) -> None:
    """Every rule holds whether the server gets parsed messages or their encodings."""
    mutate, message = INVALID[case]
    broken = mutate(requests)
    stream = [r.SerializeToString() for r in broken] if encoded else broken
    with pytest.raises(BundleStreamError) as info:
        requests_to_bundle(stream)
    assert message in str(info.value)


def test_errors_are_value_errors() -> None:
    assert issubclass(BundleStreamError, ValueError)


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        (Limits(max_frames=2), "3 frames exceed the server's limit of 2"),
        (Limits(max_bundle_bytes=CHUNK_BYTES), "exceed the server's limit of 1048576"),
        (Limits(image_media_types=("image/jpeg",)), "media type 'image/png'"),
    ],
)
def test_limits_are_enforced_on_receipt(
    limits: Limits, message: str, requests: list[pb.GenerateRequest], bundle: Bundle
) -> None:
    with pytest.raises(BundleStreamError) as info:
        requests_to_bundle(requests, limits)
    assert message in str(info.value)
    # The client-side check finds the same problem before anything is sent.
    assert any(message in p for p in bundle_problems(bundle, limits))


def test_generous_limits_accept(requests: list[pb.GenerateRequest], bundle: Bundle) -> None:
    limits = Limits(3, bundle.total_bytes(), ("image/png",), 100)
    assert requests_to_bundle(requests, limits) == bundle


def test_limits_stop_reading_at_the_header(bundle: Bundle) -> None:
    """An over-limit bundle is refused before any file chunk is read."""
    consumed = []

    def stream():
        for r in bundle_to_requests(bundle):
            consumed.append(r)
            yield r

    with pytest.raises(BundleStreamError):
        requests_to_bundle(stream(), Limits(max_bundle_bytes=10))
    assert len(consumed) == 1


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (Bundle("a/b", 10, 10, ""), "task id 'a/b' is not a plain name"),
        (Bundle("t", 10, 0, ""), "viewport 10x0"),
        (Bundle("t", 10, 10, "x" * (2 << 20)), "prompt of"),
        (
            Bundle("t", 10, 10, "", frames=(BundleFile("a.png", ASSET, "image/png", b""),)),
            "has kind 'asset' but is among the frames",
        ),
        (
            Bundle("t", 10, 10, "", assets=(BundleFile("..", ASSET, "text/css", b""),)),
            "asset name '..'",
        ),
        (
            Bundle(
                "t",
                10,
                10,
                "",
                assets=(
                    BundleFile("a.css", ASSET, "text/css", b""),
                    BundleFile("a.css", ASSET, "text/css", b""),
                ),
            ),
            "appears twice",
        ),
    ],
)
def test_invalid_bundle_is_refused_before_streaming(broken: Bundle, message: str) -> None:
    with pytest.raises(BundleStreamError) as info:
        bundle_to_requests(broken)
    assert message in str(info.value)


def test_text_chunks_split_on_character_boundaries() -> None:
    text = "a" + "é€😀" * 50_000
    pieces = list(text_chunks(text, 64 << 10))
    assert "".join(pieces) == text
    assert all(len(p.encode()) <= 64 << 10 for p in pieces)
    assert len(pieces) > 1
    assert list(text_chunks("")) == []


def test_bundle_sha256_is_computed_once_per_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = make_bundle()
    calls = []
    original = Bundle.sha256
    monkeypatch.setattr(Bundle, "sha256", lambda self: calls.append(1) or original(self))
    assert bundle_sha256(bundle) == original(bundle)
    assert bundle_sha256(bundle) == original(bundle)
    assert len(calls) == 1
    # An equal but distinct bundle is hashed on its own; a mutable buffer is never cached.
    other = make_bundle()
    assert bundle_sha256(other) == original(other) != original(bundle)
    mutable = Bundle("t", 8, 8, "p", (BundleFile("a.png", FRAME, "image/png", bytearray(b"1")),))
    first = bundle_sha256(mutable)
    mutable.frames[0].data[0:1] = b"2"
    assert bundle_sha256(mutable) == original(mutable) != first


def test_header_hash_may_be_given_and_is_checked_as_streamed(bundle: Bundle) -> None:
    """The server hashes chunks as they arrive; a header hash that does not match is refused."""
    reqs = list(bundle_to_requests(bundle, bundle.sha256()))
    assert requests_to_bundle(reqs) == bundle
    with pytest.raises(BundleStreamError, match="bundle sha256 is"):
        requests_to_bundle(list(bundle_to_requests(bundle, "0" * 64)))


# ---- the encoded stream: bundle_to_wire on the client, decode_chunk on the server ----------


def wide_bundle() -> Bundle:
    """Indexes past 127 and offsets past 2**21, so varints of several bytes are exercised."""
    frames = tuple(
        BundleFile(f"f{i}.png", FRAME, "image/png", bytes([i]) * (i % 3)) for i in range(130)
    )
    big = BundleFile("big.bin", ASSET, "application/octet-stream", os.urandom(3 * CHUNK_BYTES))
    return Bundle("wide", 16384, 1, "p", frames=frames, assets=(big,))


@pytest.mark.parametrize("make", [make_bundle, wide_bundle])
def test_wire_encoding_is_what_protobuf_serialises(make: Callable[[], Bundle]) -> None:
    """bundle_to_wire's hand-made encoding equals SerializeToString, byte for byte, and
    reads back into the same bundle as the parsed stream does."""
    bundle = make()
    encoded = list(bundle_to_wire(bundle))
    parsed = list(bundle_to_requests(bundle))
    assert encoded == [r.SerializeToString() for r in parsed]
    assert requests_to_bundle(encoded) == bundle == requests_to_bundle(parsed)
    # Mixed forms in one stream (a proxy may re-encode some messages) read the same.
    mixed = [m if i % 2 else parsed[i] for i, m in enumerate(encoded)]
    assert requests_to_bundle(mixed) == bundle


def test_wire_encoding_refuses_an_invalid_bundle() -> None:
    with pytest.raises(BundleStreamError, match="not a plain name"):
        bundle_to_wire(Bundle("a/b", 10, 10, ""))


def test_server_accepts_any_chunking_within_the_rules(bundle: Bundle) -> None:
    """A peer cutting files into other sizes than ours (here 1000 bytes, and whole 1 MiB
    chunks) is read the same; only chunks above CHUNK_BYTES are refused."""
    for size in (1000, CHUNK_BYTES):
        reqs = list(bundle_to_requests(bundle))[:1]
        for group in (bundle.frames, bundle.assets):
            for index, f in enumerate(group):
                for offset in range(0, len(f.data), size) if f.data else (0,):
                    piece = f.data[offset : offset + size]
                    chunk = pb.FileChunk(
                        kind=pb.FILE_KIND_FRAME if f.kind == FRAME else pb.FILE_KIND_ASSET,
                        index=index,
                        name=f.name,
                        media_type=f.media_type,
                        size=len(f.data),
                        offset=offset,
                        data=piece,
                        last=offset + len(piece) == len(f.data),
                    )
                    reqs.append(pb.GenerateRequest(chunk=chunk))
        assert requests_to_bundle([r.SerializeToString() for r in reqs]) == bundle


def _chunk_fields(chunk: object) -> tuple[object, ...]:
    names = ("kind", "index", "name", "media_type", "size", "offset", "data", "last")
    return tuple(bytes(v) if n == "data" else v for n, v in ((n, getattr(chunk, n)) for n in names))


def _field(number: int, wire_type: int, payload: bytes) -> bytes:
    tag = varint((number << 3) | wire_type)
    return tag + (varint(len(payload)) + payload if wire_type == 2 else payload)


def _request(inner: bytes) -> bytes:
    return _field(2, 2, inner)


PLAIN_CHUNK = pb.GenerateRequest(
    chunk=pb.FileChunk(
        kind=pb.FILE_KIND_ASSET,
        index=3,
        name="logo.svg",
        media_type="image/svg+xml",
        size=9,
        offset=3,
        data=b"abcdef",
        last=True,
    )
).SerializeToString()

# Encodings protobuf accepts that the fast path reads itself, and ones it leaves to protobuf.
READ_IN_PLACE = {
    "plain": PLAIN_CHUNK,
    "fields in reverse order": _request(
        _field(8, 0, b"\x01")
        + _field(7, 2, b"abcdef")
        + _field(6, 0, b"\x03")
        + _field(5, 0, b"\x09")
        + _field(4, 2, b"image/svg+xml")
        + _field(3, 2, b"logo.svg")
        + _field(2, 0, b"\x03")
        + _field(1, 0, b"\x02")
    ),
    "zero values written out": _request(_field(1, 0, b"\x00") + _field(8, 0, b"\x00")),
    "padded varint": _request(_field(2, 0, b"\x83\x80\x80\x00")),
    "empty chunk": _request(b""),
}
# Each with whether protobuf parses it: those it does are legal, just not the plain form.
LEFT_TO_PROTOBUF = {
    "header": (pb.GenerateRequest(header=pb.BundleHeader(task_id="t")).SerializeToString(), True),
    "no payload": (b"", True),
    "field repeated": (_request(_field(3, 2, b"a.png") + _field(3, 2, b"b.png")), True),
    "unknown field": (
        _request(
            pb.GenerateRequest.FromString(PLAIN_CHUNK).chunk.SerializeToString() + b"\x48\x07"
        ),
        True,
    ),
    "chunk field twice": (_request(_field(3, 2, b"a.png")) + _request(_field(2, 0, b"\x01")), True),
    "negative kind": (_request(_field(1, 0, b"\xff" * 9 + b"\x01")), True),
    "last = 2": (_request(_field(8, 0, b"\x02")), True),
    "index past uint32": (_request(_field(2, 0, b"\x80\x80\x80\x80\x10")), True),
    "wrong wire type": (_request(_field(3, 0, b"\x01")), True),  # an unknown field to protobuf
    "name not UTF-8": (_request(_field(3, 2, b"\xff.png")), False),
    "truncated": (PLAIN_CHUNK[:-3], False),
    "length past the end": (_request(_field(7, 2, b"abc"))[:-1], False),
}


@pytest.mark.parametrize("case", READ_IN_PLACE)
def test_chunks_read_in_place_agree_with_protobuf(case: str) -> None:
    message = READ_IN_PLACE[case]
    chunk = decode_chunk(message)
    assert chunk is not None
    assert _chunk_fields(chunk) == _chunk_fields(pb.GenerateRequest.FromString(message).chunk)
    if chunk.data:  # a view into the message, not a copy of it
        assert isinstance(chunk.data, memoryview) and chunk.data.obj is message


@pytest.mark.parametrize("case", LEFT_TO_PROTOBUF)
def test_unusual_encodings_are_left_to_protobuf(case: str) -> None:
    message, legal = LEFT_TO_PROTOBUF[case]
    assert decode_chunk(message) is None
    try:
        pb.GenerateRequest.FromString(message)
    except DecodeError:
        assert not legal
    else:
        assert legal


def test_fast_path_never_disagrees_with_protobuf() -> None:
    """Random corruptions of a chunk's encoding: whenever the fast path reads one, protobuf
    parses it to the same fields; whenever protobuf refuses one, so does the fast path."""
    rng = random.Random(7)
    read = refused = 0
    for _ in range(3000):
        message = bytearray(PLAIN_CHUNK)
        for _ in range(rng.randint(1, 3)):
            position = rng.randrange(len(message))
            action = rng.random()
            if action < 0.6:
                message[position] = rng.randrange(256)
            elif action < 0.8:
                del message[position]
            else:
                message.insert(position, rng.randrange(256))
        message = bytes(message)
        try:
            parsed = pb.GenerateRequest.FromString(message)
        except DecodeError:  # the fast path must not accept it either
            parsed = None
        chunk = decode_chunk(message)
        if chunk is not None:
            read += 1
            assert parsed is not None and parsed.WhichOneof("payload") == "chunk", message
            assert _chunk_fields(chunk) == _chunk_fields(parsed.chunk), message
        elif parsed is None:
            refused += 1
    assert read > 100 and refused > 100  # both sides of the property were exercised


def test_broken_encoding_is_an_invalid_stream(requests: list[pb.GenerateRequest]) -> None:
    stream = [r.SerializeToString() for r in requests]
    stream[2] = stream[2][:-5]
    with pytest.raises(BundleStreamError, match="request message 2 is not a valid"):
        requests_to_bundle(stream)
    with pytest.raises(BundleStreamError, match="request message 0 is not a valid"):
        requests_to_bundle([b"\xff\xff"])


@pytest.mark.parametrize(
    ("env", "pinned"),
    [
        ({}, True),
        ({"MALLOC_TRIM_THRESHOLD_": "131072"}, False),
        ({"GLIBC_TUNABLES": "glibc.malloc.mmap_threshold=65536"}, False),
        ({"GLIBC_TUNABLES": "glibc.cpu.x86_rep_movsb_threshold=4096"}, True),
    ],
)
def test_malloc_thresholds_are_pinned_unless_the_operator_set_them(
    env: dict[str, str], pinned: bool
) -> None:
    """In a fresh process (the setting is per process and once): glibc accepts the pinned
    thresholds, and an operator's own malloc thresholds are left alone."""
    if not os.confstr("CS_GNU_LIBC_VERSION"):
        pytest.skip("glibc only")
    clean = {k: v for k, v in os.environ.items() if k not in ("GLIBC_TUNABLES",)}
    clean = {k: v for k, v in clean.items() if not k.startswith("MALLOC_")}
    code = "from clients.malloc import pin_malloc_thresholds as p; print(p(), p())"
    out = subprocess.run(
        [sys.executable, "-c", code], env=clean | env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == [str(pinned)] * 2
