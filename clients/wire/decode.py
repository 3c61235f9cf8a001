"""The server's side of the encoded stream: a chunk read in place from its message (no copy of
its data), anything else handed to protobuf's parser."""

from __future__ import annotations

from dataclasses import dataclass

from google.protobuf.message import DecodeError

from clients.wire.protowire import (
    CHUNK_TAG,
    FILECHUNK_MAX,
    FILECHUNK_WIRE_TYPES,
    VARINT,
    read_varint,
)
from clients.wire.rules import BundleStreamError
from iwr.v1 import model_service_pb2 as pb


@dataclass(slots=True)
class WireChunk:
    """A FileChunk read straight from its encoding; ``data`` is a view into the message."""

    kind: int = 0
    index: int = 0
    name: str = ""
    media_type: str = ""
    size: int = 0
    offset: int = 0
    data: memoryview | bytes = b""
    last: bool = False


def decode_chunk(message: bytes | bytearray | memoryview) -> WireChunk | None:
    """The chunk of an encoded GenerateRequest, without copying its data; None when the
    message is anything but the plain form (a header, a field repeated or unknown, a value
    out of its type's range, text that is not UTF-8): the caller then hands it to the
    protobuf parser, which decides what every other encoding means."""
    buf = memoryview(message)
    if len(buf) < 2 or buf[0] != CHUNK_TAG:
        return None
    length, pos = read_varint(buf, 1)
    if length < 0 or pos + length != len(buf):  # the chunk field must be the whole message
        return None
    chunk = WireChunk()
    seen: set[int] = set()
    while pos < len(buf):
        tag = buf[pos]
        pos += 1
        number = tag >> 3
        if tag >= 0x80 or number in seen or FILECHUNK_WIRE_TYPES.get(number) != tag & 7:
            return None
        seen.add(number)
        value, pos = read_varint(buf, pos)
        if value < 0:
            return None
        if tag & 7 == VARINT:
            if value > FILECHUNK_MAX[number]:
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


def parse_request(message: bytes | bytearray | memoryview, position: int) -> pb.GenerateRequest:
    """Parse an encoded GenerateRequest with protobuf, naming the message when it is broken."""
    request = pb.GenerateRequest()
    try:
        request.ParseFromString(bytes(message))  # what FromString does, typed
    except DecodeError as exc:
        raise BundleStreamError(
            f"request message {position} is not a valid GenerateRequest: {exc}"
        ) from None
    return request
