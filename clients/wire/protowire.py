"""The protobuf wire format of a FileChunk, written and read by hand (see encode and decode)."""

from __future__ import annotations

# Protobuf wire format: a field's tag is (number << 3) | wire type; 0 = varint, 2 = length
# delimited. GenerateRequest.chunk is field 2; FileChunk's fields are numbered 1 to 8.
VARINT, LEN = 0, 2
CHUNK_TAG = (2 << 3) | LEN
FILECHUNK_WIRE_TYPES = {
    1: VARINT,  # kind
    2: VARINT,  # index
    3: LEN,  # name
    4: LEN,  # media_type
    5: VARINT,  # size
    6: VARINT,  # offset
    7: LEN,  # data
    8: VARINT,  # last
}
# Largest value each varint field of FileChunk holds: kind is an int32 enum (negative values
# take a ten-byte encoding), index a uint32, size and offset uint64s, last a bool.
FILECHUNK_MAX = {1: (1 << 31) - 1, 2: (1 << 32) - 1, 5: (1 << 64) - 1, 6: (1 << 64) - 1, 8: 1}


def varint(value: int) -> bytes:
    """The base-128 varint encoding of a non-negative ``value``."""
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def read_varint(buf: memoryview, pos: int) -> tuple[int, int]:
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
