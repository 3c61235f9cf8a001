"""The server's stream validator: a Generate request stream reassembled into a bundle, every
rule of docs/PROTOCOL.md checked as the messages arrive."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from clients.limits import Limits
from clients.types import Bundle, BundleFile
from clients.wire.decode import WireChunk, decode_chunk, parse_request
from clients.wire.rules import (
    CHUNK_BYTES,
    PB_TO_KIND,
    BundleStreamError,
    check_header,
    kind_label,
    media_type_problem,
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
        return f"{PB_TO_KIND[self.kind]} {self.index} ({self.name!r})"


def requests_to_bundle(
    requests: Iterable[pb.GenerateRequest | bytes], limits: Limits | None = None
) -> Bundle:
    """Reassemble and validate a Generate request stream, for servers.

    The messages may be parsed ``GenerateRequest`` messages or their encodings (``bytes``, as a
    server without a request deserializer receives them). Encoded chunks are read in place
    (:func:`decode_chunk`): parsing one would copy its data out of the message, and reading
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
        first = parse_request(first, 0)
    if first.WhichOneof("payload") != "header":
        got = first.WhichOneof("payload") or "a message with no payload"
        raise BundleStreamError(f"the first message must be a header, got {got}")
    check_header(first.header, limits)
    assembly = _Assembly(first.header, limits)
    for position, msg in enumerate(stream, 1):
        assembly.add(_chunk_of(msg, position))
    return assembly.bundle()


def _chunk_of(
    msg: pb.GenerateRequest | bytes | bytearray | memoryview, position: int
) -> pb.FileChunk | WireChunk:
    """The chunk ``msg`` carries, read in place when it is the plain encoding of one."""
    if isinstance(msg, (bytes, bytearray, memoryview)):
        c = decode_chunk(msg)
        if c is not None:
            return c
        msg = parse_request(msg, position)  # not the plain encoding: protobuf makes sense of it
    which = msg.WhichOneof("payload")
    if which == "header":
        raise BundleStreamError("header repeated: only the first message may be a header")
    if which != "chunk":
        raise BundleStreamError("a request message carries no payload")
    return msg.chunk


class _Assembly:
    """The files of one stream as their chunks arrive after ``header``, each checked at once."""

    def __init__(self, header: pb.BundleHeader, limits: Limits) -> None:
        self.header = header
        self.limits = limits
        self.frame_count = header.frame_count
        self.file_count = header.frame_count + header.asset_count
        self.done: dict[int, list[BundleFile]] = {pb.FILE_KIND_FRAME: [], pb.FILE_KIND_ASSET: []}
        self.names: dict[int, set[str]] = {pb.FILE_KIND_FRAME: set(), pb.FILE_KIND_ASSET: set()}
        # Bytes promised so far: the prompt plus the declared size of every file begun.
        self.promised = len(header.prompt.encode())
        # Bundle.sha256(), computed as the bytes arrive rather than in a second pass at the end.
        self.digest = hashlib.sha256()
        viewport = header.viewport
        self.digest.update(f"{header.task_id}\0{viewport.width}x{viewport.height}\0".encode())
        self.digest.update(header.prompt.encode())
        self.current: _OpenFile | None = None
        self.files_done = 0

    def add(self, c: pb.FileChunk | WireChunk) -> None:
        """Check chunk ``c`` against the stream so far and keep its data."""
        data = c.data  # read once: every read of a protobuf bytes field makes a new copy
        if len(data) > CHUNK_BYTES:
            raise BundleStreamError(
                f"chunk of {c.name!r} carries {len(data)} bytes; at most {CHUNK_BYTES} allowed"
            )
        current = self.current
        if current is None:
            current = self.current = self._begin(c)
        elif (c.kind, c.index, c.name, c.media_type, c.size) != (
            current.kind,
            current.index,
            current.name,
            current.media_type,
            current.size,
        ):
            raise BundleStreamError(
                f"chunk of {kind_label(c.kind)} {c.index} ({c.name!r}) arrived while "
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
        self.digest.update(data)
        current.parts.append(data)
        current.received = end
        if c.last:
            self.done[current.kind].append(
                BundleFile(
                    current.name,
                    PB_TO_KIND[current.kind],
                    current.media_type,
                    # One copy out of the messages (join gives a lone bytes part back as it
                    # is, and releases the GIL while copying 1 MiB or more).
                    b"".join(current.parts),
                )
            )
            self.current = None
            self.files_done += 1

    def _begin(self, c: pb.FileChunk | WireChunk) -> _OpenFile:
        """The file chunk ``c`` opens, once it is the one the header says comes next."""
        header, files_done = self.header, self.files_done
        if files_done == self.file_count:
            raise BundleStreamError(
                f"unexpected chunk of {c.name!r}: the header announced "
                f"{header.frame_count} frames and {header.asset_count} assets, all received"
            )
        want_kind, want_index = (
            (pb.FILE_KIND_FRAME, files_done)
            if files_done < self.frame_count
            else (pb.FILE_KIND_ASSET, files_done - self.frame_count)
        )
        if (c.kind, c.index) != (want_kind, want_index):
            raise BundleStreamError(
                f"expected the first chunk of {PB_TO_KIND[want_kind]} {want_index}, got "
                f"{kind_label(c.kind)} {c.index} ({c.name!r}); frames come first, "
                "then assets, each in index order"
            )
        if c.offset != 0:
            raise BundleStreamError(
                f"first chunk of {c.name!r} has offset {c.offset}; a file starts at 0"
            )
        kind_word = PB_TO_KIND[c.kind]
        problem = plain_name_problem(c.name, f"{kind_word} name") or media_type_problem(
            c.name, c.media_type
        )
        if problem is None and c.name in self.names[c.kind]:
            problem = f"{kind_word} name {c.name!r} appears twice"
        if problem is None and c.kind == pb.FILE_KIND_FRAME:
            problem = self.limits.media_type_problem(c.name, c.media_type)
        if problem is not None:
            raise BundleStreamError(problem)
        self.names[c.kind].add(c.name)
        self.promised += c.size
        if self.promised > header.total_bytes:
            raise BundleStreamError(
                f"{kind_word} {c.index} ({c.name!r}) of {c.size} bytes takes the bundle "
                f"past the {header.total_bytes} total bytes its header declared"
            )
        self.digest.update(f"\0{kind_word}\0{c.name}\0{c.media_type}\0{c.size}\0".encode())
        return _OpenFile(c.kind, c.index, c.name, c.media_type, c.size)

    def bundle(self) -> Bundle:
        """The bundle, once the stream has ended: every file complete, sizes and hash agree."""
        header = self.header
        if self.current is not None:
            raise BundleStreamError(f"stream ended inside {self.current.label()}")
        if self.files_done != self.file_count:
            raise BundleStreamError(
                f"stream ended after {self.files_done} files; the header announced "
                f"{header.frame_count} frames and {header.asset_count} assets"
            )
        bundle = Bundle(
            task_id=header.task_id,
            width=header.viewport.width,
            height=header.viewport.height,
            prompt=header.prompt,
            frames=tuple(self.done[pb.FILE_KIND_FRAME]),
            assets=tuple(self.done[pb.FILE_KIND_ASSET]),
            seed=header.seed if header.HasField("seed") else None,
        )
        if bundle.total_bytes() != header.total_bytes:
            raise BundleStreamError(
                f"bundle holds {bundle.total_bytes()} bytes; its header declared "
                f"{header.total_bytes}"
            )
        received_sha256 = self.digest.hexdigest()
        if received_sha256 != header.bundle_sha256:
            raise BundleStreamError(
                f"bundle sha256 is {received_sha256}; its header declared {header.bundle_sha256}"
            )
        return bundle
