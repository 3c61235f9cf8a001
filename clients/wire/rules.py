"""The wire's rules and limits, and the checks both ends share: plain names, viewport, prompt
size, media types, the header (docs/PROTOCOL.md). A broken bundle or stream is a
:class:`BundleStreamError` naming the rule.
"""

from __future__ import annotations

import re

from clients.limits import Limits
from clients.types import ASSET, FRAME, Bundle
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

KIND_TO_PB: dict[str, pb.FileKind] = {
    FRAME: pb.FILE_KIND_FRAME,
    ASSET: pb.FILE_KIND_ASSET,
}
# Keyed by plain int: a chunk off the wire may carry any number, not only a known FileKind.
PB_TO_KIND: dict[int, str] = {v: k for k, v in KIND_TO_PB.items()}
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
            found.append(media_type_problem(f.name, f.media_type))
            if f.kind != kind:
                found.append(f"file {f.name!r} has kind {f.kind!r} but is among the {kind}s")
            if f.name in seen:
                found.append(f"{kind} name {f.name!r} appears twice")
            seen.add(f.name)
    if limits is not None:
        found.extend(limits.problems(bundle))
    return [p for p in found if p is not None]


def check_header(header: pb.BundleHeader, limits: Limits) -> None:
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


def media_type_problem(name: str, media_type: str) -> str | None:
    if not media_type or len(media_type.encode()) > MAX_NAME_BYTES:
        return f"file {name!r} has no usable media type ({media_type[:40]!r})"
    return None


def kind_label(kind: int) -> str:
    return PB_TO_KIND.get(kind, f"file of unknown kind {kind}")
