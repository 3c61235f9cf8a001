"""The client's side: a bundle as its Generate request stream (messages, or their encodings
written by hand with one copy of each chunk's data), and an answer's text in chunks."""

from __future__ import annotations

from collections.abc import Iterator

from clients.digest import bundle_sha256
from clients.types import Bundle, BundleFile
from clients.wire.protowire import CHUNK_TAG, varint
from clients.wire.rules import (
    CHUNK_BYTES,
    CODE_CHUNK_BYTES,
    KIND_TO_PB,
    BundleStreamError,
    bundle_problems,
)
from iwr.v1 import model_service_pb2 as pb


def bundle_to_requests(bundle: Bundle, sha256: str | None = None) -> Iterator[pb.GenerateRequest]:
    """The Generate request stream for ``bundle``: a header, then every file in chunks.

    Frames come first, then assets, each file as consecutive chunks of at most
    CHUNK_BYTES; an empty file is one empty chunk marked last. ``sha256``: the bundle's
    hash when the caller has it already (``bundle_sha256``); computed here otherwise.

    Raises:
        BundleStreamError: the bundle itself is invalid (bad names, kinds, viewport,
            prompt too large); raised here, before the first message is produced.
    """
    problems = bundle_problems(bundle)
    if problems:
        raise BundleStreamError("invalid bundle: " + "; ".join(problems))
    return _requests(bundle, sha256 or bundle_sha256(bundle))


def _requests(bundle: Bundle, sha256: str) -> Iterator[pb.GenerateRequest]:
    yield pb.GenerateRequest(
        header=pb.BundleHeader(
            task_id=bundle.task_id,
            viewport=pb.Viewport(width=bundle.width, height=bundle.height),
            prompt=bundle.prompt,
            frame_count=len(bundle.frames),
            asset_count=len(bundle.assets),
            total_bytes=bundle.total_bytes(),
            bundle_sha256=sha256,
            seed=bundle.seed,
        )
    )
    for group in (bundle.frames, bundle.assets):
        for index, f in enumerate(group):
            yield from _file_chunks(f, index)


def _file_chunks(f: BundleFile, index: int) -> Iterator[pb.GenerateRequest]:
    size = len(f.data)
    kind = KIND_TO_PB[f.kind]
    # A file that fits one chunk goes as it is (no slice copy); larger ones are sliced.
    whole = type(f.data) is bytes and size <= CHUNK_BYTES
    view = None if whole else memoryview(f.data)
    # range() would yield nothing for an empty file, which still needs its one chunk.
    for offset in range(0, size, CHUNK_BYTES) if size else (0,):
        data = f.data if view is None else bytes(view[offset : offset + CHUNK_BYTES])
        # Fields set in place: building a FileChunk and passing it to GenerateRequest(chunk=...)
        # would copy the data once more.
        msg = pb.GenerateRequest()
        chunk = msg.chunk
        chunk.kind = kind
        chunk.index = index
        chunk.name = f.name
        chunk.media_type = f.media_type
        chunk.size = size
        chunk.offset = offset
        chunk.data = data
        chunk.last = offset + len(data) == size
        yield msg


def bundle_to_wire(bundle: Bundle, sha256: str | None = None) -> Iterator[bytes]:
    """The Generate request stream of :func:`bundle_to_requests`, already serialised.

    Each item is the protobuf encoding of one ``GenerateRequest``, byte for byte what
    ``SerializeToString`` gives for the same message. File chunks are encoded here instead:
    building a message copies the data into it and serialising copies it again, whereas this
    copies each chunk's data once, straight into the encoded message. For a client whose
    stub sends bytes as they are (no request serializer).

    Raises:
        BundleStreamError: the bundle itself is invalid; raised before anything is produced.
    """
    problems = bundle_problems(bundle)
    if problems:
        raise BundleStreamError("invalid bundle: " + "; ".join(problems))
    return _wire_messages(bundle, sha256 or bundle_sha256(bundle))


def _wire_messages(bundle: Bundle, sha256: str) -> Iterator[bytes]:
    header = next(_requests(bundle, sha256))  # only the header is built as a message
    yield header.SerializeToString()
    for group in (bundle.frames, bundle.assets):
        for index, f in enumerate(group):
            yield from _encoded_file_chunks(f, index)


def _encoded_file_chunks(f: BundleFile, index: int) -> Iterator[bytes]:
    """``f`` as encoded GenerateRequest{chunk} messages; fields in number order and zero
    values left out, as protobuf serialises proto3, so the bytes match SerializeToString."""
    size = len(f.data)
    name, media_type = f.name.encode(), f.media_type.encode()
    # Fields 1-5 are the same on every chunk of the file.
    fixed = b"".join(
        (
            b"\x08" + varint(KIND_TO_PB[f.kind]),
            b"\x10" + varint(index) if index else b"",
            b"\x1a" + varint(len(name)) + name if name else b"",
            b"\x22" + varint(len(media_type)) + media_type if media_type else b"",
            b"\x28" + varint(size) if size else b"",
        )
    )
    view = memoryview(f.data)
    # range() would yield nothing for an empty file, which still needs its one chunk.
    for offset in range(0, size, CHUNK_BYTES) if size else (0,):
        piece = view[offset : offset + CHUNK_BYTES]  # a view: the join below is the one copy
        head = b"".join(
            (
                fixed,
                b"\x30" + varint(offset) if offset else b"",
                b"\x3a" + varint(len(piece)) if len(piece) else b"",
            )
        )
        tail = b"\x40\x01" if offset + len(piece) == size else b""
        length = len(head) + len(piece) + len(tail)
        yield b"".join((bytes((CHUNK_TAG,)), varint(length), head, piece, tail))


def text_chunks(text: str, max_bytes: int = CODE_CHUNK_BYTES) -> Iterator[str]:
    """Split ``text`` into pieces of at most ``max_bytes`` UTF-8 bytes, never inside a character.

    Yields nothing for an empty text: an empty page is just a done message.
    """
    if max_bytes < 4:
        raise ValueError("max_bytes must be at least 4, the longest UTF-8 character")
    encoded = text.encode()
    start = 0
    while start < len(encoded):
        end = min(start + max_bytes, len(encoded))
        # Back off over continuation bytes (10xxxxxx) so the cut falls between characters.
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:
            end -= 1
        yield encoded[start:end].decode()
        start = end
