"""The server's stream validator: a Generate request stream reassembled into a bundle, every
rule of docs/PROTOCOL.md checked as the messages arrive."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from clients.limits import Limits
from clients.types import Bundle, BundleFile
from clients.wire.decode import _decode_chunk, _parse_request, _WireChunk
from clients.wire.rules import (
    _PB_TO_KIND,
    CHUNK_BYTES,
    BundleStreamError,
    _check_header,
    _kind_label,
    _media_type_problem,
    plain_name_problem,
)
from iwr.v1 import model_service_pb2 as pb


@dataclass
class _OpenFile:
    """A file whose chunks are still arriving."""

    kind: int
    index: int
    name: str
    media_type: str
    size: int
    # Chunks as received (joined once, when the file is complete) and their total length.
    parts: list[bytes | memoryview] = field(default_factory=list)
    received: int = 0

    def label(self) -> str:
        return f"{_PB_TO_KIND[self.kind]} {self.index} ({self.name!r})"


def requests_to_bundle(
    requests: Iterable[pb.GenerateRequest | bytes], limits: Limits | None = None
) -> Bundle:
    """Reassemble and validate a Generate request stream, for servers.

    The messages may be parsed ``GenerateRequest`` messages or their encodings (``bytes``, as a
    server without a request deserializer receives them). Encoded chunks are read in place
    (:func:`_decode_chunk`): parsing one would copy its data out of the message, and reading
    the parsed ``data`` field copies it once more, for bytes that are only hashed and joined.

    Limits are checked as early as the stream allows: frame count and total size when the
    header arrives, each file's size when its first chunk arrives, so a server never
    buffers more than the header promised and ``limits`` allow.

    Raises:
        BundleStreamError: the stream breaks a rule of docs/PROTOCOL.md or ``limits``;
            the message says which (header missing or repeated, a name that is not plain,
            chunks out of order, sizes or counts that do not add up, hash mismatch, ...).
    """
    limits = limits or Limits()
    stream = iter(requests)
    first = next(stream, None)
    if first is None:
        raise BundleStreamError("empty request stream: expected a BundleHeader first")
    if isinstance(first, (bytes, bytearray, memoryview)):
        first = _parse_request(first, 0)
    if first.WhichOneof("payload") != "header":
        got = first.WhichOneof("payload") or "a message with no payload"
        raise BundleStreamError(f"the first message must be a header, got {got}")
    header = first.header
    _check_header(header, limits)

    frame_count, file_count = header.frame_count, header.frame_count + header.asset_count
    done: dict[int, list[BundleFile]] = {pb.FILE_KIND_FRAME: [], pb.FILE_KIND_ASSET: []}
    names: dict[int, set[str]] = {pb.FILE_KIND_FRAME: set(), pb.FILE_KIND_ASSET: set()}
    # Bytes promised so far: the prompt plus the declared size of every file begun.
    promised = len(header.prompt.encode())
    # Bundle.sha256(), computed as the bytes arrive rather than in a second pass at the end.
    digest = hashlib.sha256()
    digest.update(f"{header.task_id}\0{header.viewport.width}x{header.viewport.height}\0".encode())
    digest.update(header.prompt.encode())
    current: _OpenFile | None = None
    files_done = 0

    for position, msg in enumerate(stream, 1):
        c: pb.FileChunk | _WireChunk | None = None
        if isinstance(msg, (bytes, bytearray, memoryview)):
            c = _decode_chunk(msg)
            if c is None:  # not the plain encoding of a chunk: let protobuf make sense of it
                msg = _parse_request(msg, position)
        if c is None:
            assert not isinstance(msg, bytes | bytearray | memoryview)  # parsed just above
            which = msg.WhichOneof("payload")
            if which == "header":
                raise BundleStreamError("header repeated: only the first message may be a header")
            if which != "chunk":
                raise BundleStreamError("a request message carries no payload")
            c = msg.chunk
        data = c.data  # read once: every read of a protobuf bytes field makes a new copy
        if len(data) > CHUNK_BYTES:
            raise BundleStreamError(
                f"chunk of {c.name!r} carries {len(data)} bytes; at most {CHUNK_BYTES} allowed"
            )
        if current is None:
            if files_done == file_count:
                raise BundleStreamError(
                    f"unexpected chunk of {c.name!r}: the header announced "
                    f"{header.frame_count} frames and {header.asset_count} assets, all received"
                )
            want_kind, want_index = (
                (pb.FILE_KIND_FRAME, files_done)
                if files_done < frame_count
                else (pb.FILE_KIND_ASSET, files_done - frame_count)
            )
            if (c.kind, c.index) != (want_kind, want_index):
                raise BundleStreamError(
                    f"expected the first chunk of {_PB_TO_KIND[want_kind]} {want_index}, got "
                    f"{_kind_label(c.kind)} {c.index} ({c.name!r}); frames come first, "
                    "then assets, each in index order"
                )
            if c.offset != 0:
                raise BundleStreamError(
                    f"first chunk of {c.name!r} has offset {c.offset}; a file starts at 0"
                )
            kind_word = _PB_TO_KIND[c.kind]
            problem = plain_name_problem(c.name, f"{kind_word} name") or _media_type_problem(
                c.name, c.media_type
            )
            if problem is None and c.name in names[c.kind]:
                problem = f"{kind_word} name {c.name!r} appears twice"
            if problem is None and c.kind == pb.FILE_KIND_FRAME:
                problem = limits.media_type_problem(c.name, c.media_type)
            if problem is not None:
                raise BundleStreamError(problem)
            names[c.kind].add(c.name)
            promised += c.size
            if promised > header.total_bytes:
                raise BundleStreamError(
                    f"{kind_word} {c.index} ({c.name!r}) of {c.size} bytes takes the bundle "
                    f"past the {header.total_bytes} total bytes its header declared"
                )
            current = _OpenFile(c.kind, c.index, c.name, c.media_type, c.size)
            digest.update(f"\0{kind_word}\0{c.name}\0{c.media_type}\0{c.size}\0".encode())
        elif (c.kind, c.index, c.name, c.media_type, c.size) != (
            current.kind,
            current.index,
            current.name,
            current.media_type,
            current.size,
        ):
            raise BundleStreamError(
                f"chunk of {_kind_label(c.kind)} {c.index} ({c.name!r}) arrived while "
                f"{current.label()} was incomplete, or changed its name, media type or size; "
                "a file's chunks must be consecutive and agree"
            )
        elif c.offset != current.received:
            raise BundleStreamError(
                f"chunk of {current.label()} has offset {c.offset}; expected {current.received}"
            )

        end = c.offset + len(data)
        if not data and current.size:
            raise BundleStreamError(f"empty chunk in non-empty {current.label()}")
        if end > current.size:
            raise BundleStreamError(
                f"chunk of {current.label()} runs to byte {end}, past its size {current.size}"
            )
        if c.last != (end == current.size):
            raise BundleStreamError(
                f"chunk of {current.label()} ending at byte {end} of {current.size} has "
                f"last={c.last}; exactly the chunk that completes a file is marked last"
            )
        digest.update(data)
        current.parts.append(data)
        current.received = end
        if c.last:
            parts = current.parts
            done[current.kind].append(
                BundleFile(
                    current.name,
                    _PB_TO_KIND[current.kind],
                    current.media_type,
                    # One copy out of the messages (join gives a lone bytes part back as it
                    # is, and releases the GIL while copying 1 MiB or more).
                    b"".join(parts),
                )
            )
            current = None
            files_done += 1

    if current is not None:
        raise BundleStreamError(f"stream ended inside {current.label()}")
    if files_done != file_count:
        raise BundleStreamError(
            f"stream ended after {files_done} files; the header announced "
            f"{header.frame_count} frames and {header.asset_count} assets"
        )
    bundle = Bundle(
        task_id=header.task_id,
        width=header.viewport.width,
        height=header.viewport.height,
        prompt=header.prompt,
        frames=tuple(done[pb.FILE_KIND_FRAME]),
        assets=tuple(done[pb.FILE_KIND_ASSET]),
        seed=header.seed if header.HasField("seed") else None,
    )
    if bundle.total_bytes() != header.total_bytes:
        raise BundleStreamError(
            f"bundle holds {bundle.total_bytes()} bytes; its header declared {header.total_bytes}"
        )
    received_sha256 = digest.hexdigest()
    if received_sha256 != header.bundle_sha256:
        raise BundleStreamError(
            f"bundle sha256 is {received_sha256}; its header declared {header.bundle_sha256}"
        )
    return bundle
