"""Bundles to and from the Generate request stream, and the answer's text chunks.

The client side (:func:`bundle_to_requests`) checks a bundle before it is split, so a bad
bundle fails in the caller's thread instead of inside gRPC's sending thread. The server side
(:func:`requests_to_bundle`) trusts nothing: every rule of docs/PROTOCOL.md is checked as the
messages arrive, and a broken stream raises :class:`BundleStreamError` naming the rule, which
a server reports as INVALID_ARGUMENT.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from google.protobuf.message import DecodeError

from clients.digest import bundle_sha256
from clients.limits import Limits
from clients.types import ASSET, FRAME, Bundle, BundleFile
from iwr.v1 import model_service_pb2 as pb

# Most bytes of file data in one FileChunk; gRPC's default message limit is 4 MiB.
CHUNK_BYTES = 1 << 20
# Most UTF-8 bytes of page text in one CodeChunk the reference server sends.
CODE_CHUNK_BYTES = 64 << 10
# The prompt travels whole in the header message, so it must stay well under 4 MiB.
MAX_PROMPT_BYTES = 1 << 20
# Longest file name, task id or media type accepted (bytes of UTF-8).
MAX_NAME_BYTES = 255
# File chunks are at most 1 MiB and answer chunks 64 KiB, so 4 MiB per message leaves room
# for a 1 MiB prompt in the header; both ends set it explicitly rather than rely on defaults.
MAX_MESSAGE_BYTES = 4 << 20
CHANNEL_OPTIONS = (
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
)
# Name the health service reports SERVING for (besides "" for the whole server).
SERVICE_NAME = pb.DESCRIPTOR.services_by_name["ModelService"].full_name
# Largest viewport side accepted, in CSS pixels; guards against nonsense headers.
MAX_VIEWPORT_PX = 16384

_KIND_TO_PB = {FRAME: pb.FILE_KIND_FRAME, ASSET: pb.FILE_KIND_ASSET}
# Keyed by plain int: a chunk off the wire may carry any number, not only a known FileKind.
_PB_TO_KIND: dict[int, str] = {v: k for k, v in _KIND_TO_PB.items()}
# Generation.finish_reason strings and their wire values, in one place for both ends.
FINISH_REASONS: dict[str, pb.FinishReason] = {
    "stop": pb.FINISH_REASON_STOP,
    "length": pb.FINISH_REASON_LENGTH,
    "content_filter": pb.FINISH_REASON_CONTENT_FILTER,
    "error": pb.FINISH_REASON_ERROR,
}
FINISH_REASON_NAMES: dict[int, str] = {v: k for k, v in FINISH_REASONS.items()}
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


class BundleStreamError(ValueError):
    """A bundle or request stream that breaks the wire rules; the message names the rule."""


def plain_name_problem(name: str, what: str) -> str | None:
    """Why ``name`` is not a plain name (no path, no traversal), or None when it is.

    Task ids and file names end up as path components on the server (the oracle reads
    ``tasks/<task_id>/...``), so anything that could climb out of a directory is refused.
    """
    if not name:
        return f"{what} is empty"
    if len(name.encode()) > MAX_NAME_BYTES:
        return f"{what} {name[:40]!r}... is longer than {MAX_NAME_BYTES} bytes"
    for bad in ("/", "\\", "\0", ".."):
        if bad in name:
            return f"{what} {name!r} is not a plain name (contains {bad!r})"
    if name == ".":
        return f"{what} {name!r} is not a plain name"
    return None


def bundle_problems(bundle: Bundle, limits: Limits | None = None) -> list[str]:
    """Every reason ``bundle`` cannot be sent (to a server with ``limits``); empty when fine."""
    found = [
        plain_name_problem(bundle.task_id, "task id"),
        _viewport_problem(bundle.width, bundle.height),
        _prompt_problem(bundle.prompt),
    ]
    for group, kind in ((bundle.frames, FRAME), (bundle.assets, ASSET)):
        seen: set[str] = set()
        for f in group:
            found.append(plain_name_problem(f.name, f"{kind} name"))
            found.append(_media_type_problem(f.name, f.media_type))
            if f.kind != kind:
                found.append(f"file {f.name!r} has kind {f.kind!r} but is among the {kind}s")
            if f.name in seen:
                found.append(f"{kind} name {f.name!r} appears twice")
            seen.add(f.name)
    if limits is not None:
        found.extend(limits.problems(bundle))
    return [p for p in found if p is not None]


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
    kind = _KIND_TO_PB[f.kind]
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


# Protobuf wire format: a field's tag is (number << 3) | wire type; 0 = varint, 2 = length
# delimited. GenerateRequest.chunk is field 2; FileChunk's fields are numbered 1 to 8.
_VARINT, _LEN = 0, 2
_CHUNK_TAG = (2 << 3) | _LEN
_FILECHUNK_WIRE_TYPES = {
    1: _VARINT,  # kind
    2: _VARINT,  # index
    3: _LEN,  # name
    4: _LEN,  # media_type
    5: _VARINT,  # size
    6: _VARINT,  # offset
    7: _LEN,  # data
    8: _VARINT,  # last
}
# Largest value each varint field of FileChunk holds: kind is an int32 enum (negative values
# take a ten-byte encoding), index a uint32, size and offset uint64s, last a bool.
_FILECHUNK_MAX = {1: (1 << 31) - 1, 2: (1 << 32) - 1, 5: (1 << 64) - 1, 6: (1 << 64) - 1, 8: 1}


def _varint(value: int) -> bytes:
    """The base-128 varint encoding of a non-negative ``value``."""
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _encoded_file_chunks(f: BundleFile, index: int) -> Iterator[bytes]:
    """``f`` as encoded GenerateRequest{chunk} messages; fields in number order and zero
    values left out, as protobuf serialises proto3, so the bytes match SerializeToString."""
    size = len(f.data)
    name, media_type = f.name.encode(), f.media_type.encode()
    # Fields 1-5 are the same on every chunk of the file.
    fixed = b"".join(
        (
            b"\x08" + _varint(_KIND_TO_PB[f.kind]),
            b"\x10" + _varint(index) if index else b"",
            b"\x1a" + _varint(len(name)) + name if name else b"",
            b"\x22" + _varint(len(media_type)) + media_type if media_type else b"",
            b"\x28" + _varint(size) if size else b"",
        )
    )
    view = memoryview(f.data)
    # range() would yield nothing for an empty file, which still needs its one chunk.
    for offset in range(0, size, CHUNK_BYTES) if size else (0,):
        piece = view[offset : offset + CHUNK_BYTES]  # a view: the join below is the one copy
        head = b"".join(
            (
                fixed,
                b"\x30" + _varint(offset) if offset else b"",
                b"\x3a" + _varint(len(piece)) if len(piece) else b"",
            )
        )
        tail = b"\x40\x01" if offset + len(piece) == size else b""
        length = len(head) + len(piece) + len(tail)
        yield b"".join((bytes((_CHUNK_TAG,)), _varint(length), head, piece, tail))


@dataclass(slots=True)
class _WireChunk:
    """A FileChunk read straight from its encoding; ``data`` is a view into the message."""

    kind: int = 0
    index: int = 0
    name: str = ""
    media_type: str = ""
    size: int = 0
    offset: int = 0
    data: memoryview | bytes = b""
    last: bool = False


def _read_varint(buf: memoryview, pos: int) -> tuple[int, int]:
    """The varint at ``buf[pos]`` and the position after it; (-1, pos) when it is cut off or
    longer than the ten bytes a 64-bit value takes."""
    value = shift = 0
    end = min(len(buf), pos + 10)
    while pos < end:
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7
    return -1, pos


def _decode_chunk(message: bytes) -> _WireChunk | None:
    """The chunk of an encoded GenerateRequest, without copying its data; None when the
    message is anything but the plain form (a header, a field repeated or unknown, a value
    out of its type's range, text that is not UTF-8): the caller then hands it to the
    protobuf parser, which decides what every other encoding means."""
    buf = memoryview(message)
    if len(buf) < 2 or buf[0] != _CHUNK_TAG:
        return None
    length, pos = _read_varint(buf, 1)
    if length < 0 or pos + length != len(buf):  # the chunk field must be the whole message
        return None
    chunk = _WireChunk()
    seen: set[int] = set()
    while pos < len(buf):
        tag = buf[pos]
        pos += 1
        number = tag >> 3
        if tag >= 0x80 or number in seen or _FILECHUNK_WIRE_TYPES.get(number) != tag & 7:
            return None
        seen.add(number)
        value, pos = _read_varint(buf, pos)
        if value < 0:
            return None
        if tag & 7 == _VARINT:
            if value > _FILECHUNK_MAX[number]:
                return None
            if number == 1:
                chunk.kind = value
            elif number == 2:
                chunk.index = value
            elif number == 5:
                chunk.size = value
            elif number == 6:
                chunk.offset = value
            else:
                chunk.last = bool(value)
            continue
        if pos + value > len(buf):
            return None
        field_bytes = buf[pos : pos + value]
        pos += value
        if number == 7:
            chunk.data = field_bytes
            continue
        try:
            text = str(field_bytes, "utf-8")
        except UnicodeDecodeError:
            return None
        if number == 3:
            chunk.name = text
        else:
            chunk.media_type = text
    return chunk


def _parse_request(message: bytes, position: int) -> pb.GenerateRequest:
    """Parse an encoded GenerateRequest with protobuf, naming the message when it is broken."""
    try:
        request: pb.GenerateRequest = pb.GenerateRequest.FromString(bytes(message))
        return request
    except DecodeError as exc:
        raise BundleStreamError(
            f"request message {position} is not a valid GenerateRequest: {exc}"
        ) from None


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


def _check_header(header: pb.BundleHeader, limits: Limits) -> None:
    """Raise BundleStreamError for the first problem of ``header`` (or its limits)."""
    problems = [
        plain_name_problem(header.task_id, "task id"),
        _viewport_problem(header.viewport.width, header.viewport.height)
        if header.HasField("viewport")
        else "header has no viewport",
        _prompt_problem(header.prompt),
        None
        if _SHA256_HEX.fullmatch(header.bundle_sha256)
        else f"bundle_sha256 {header.bundle_sha256[:80]!r} is not 64 lower-case hex digits",
        limits.frame_count_problem(header.frame_count),
        limits.bundle_bytes_problem(header.total_bytes),
    ]
    for problem in problems:
        if problem is not None:
            raise BundleStreamError(problem)


def _viewport_problem(width: int, height: int) -> str | None:
    if not (0 < width <= MAX_VIEWPORT_PX and 0 < height <= MAX_VIEWPORT_PX):
        return f"viewport {width}x{height} is not within 1..{MAX_VIEWPORT_PX} on each side"
    return None


def _prompt_problem(prompt: str) -> str | None:
    size = len(prompt.encode())
    if size > MAX_PROMPT_BYTES:
        return f"prompt of {size} bytes exceeds {MAX_PROMPT_BYTES}; it travels in one message"
    return None


def _media_type_problem(name: str, media_type: str) -> str | None:
    if not media_type or len(media_type.encode()) > MAX_NAME_BYTES:
        return f"file {name!r} has no usable media type ({media_type[:40]!r})"
    return None


def _kind_label(kind: int) -> str:
    return _PB_TO_KIND.get(kind, f"file of unknown kind {kind}")


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
