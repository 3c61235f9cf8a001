"""Bundles to and from the Generate request stream, and the answer's text chunks.

The client side (:func:`bundle_to_requests`) checks a bundle before it is split, so a bad
bundle fails in the caller's thread instead of inside gRPC's sending thread. The server side
(:func:`requests_to_bundle`) trusts nothing: every rule of docs/PROTOCOL.md is checked as the
messages arrive, and a broken stream raises :class:`BundleStreamError` naming the rule, which
a server reports as INVALID_ARGUMENT.

The rules and limits live in :mod:`clients.wire.rules`, the client's encoder in
:mod:`clients.wire.encode` (with the protobuf wire format it writes by hand in
:mod:`clients.wire.protowire`), the server's in-place chunk reader in :mod:`clients.wire.decode`
and the stream validator in :mod:`clients.wire.stream`. Callers import from here.
"""

from clients.wire.encode import bundle_to_requests, bundle_to_wire, text_chunks
from clients.wire.rules import (
    CHANNEL_OPTIONS,
    CHUNK_BYTES,
    CODE_CHUNK_BYTES,
    FINISH_REASON_NAMES,
    FINISH_REASONS,
    MAX_MESSAGE_BYTES,
    MAX_NAME_BYTES,
    MAX_PROMPT_BYTES,
    MAX_VIEWPORT_PX,
    SERVICE_NAME,
    BundleStreamError,
    bundle_problems,
    plain_name_problem,
)
from clients.wire.stream import requests_to_bundle

__all__ = [
    "CHANNEL_OPTIONS",
    "CHUNK_BYTES",
    "CODE_CHUNK_BYTES",
    "FINISH_REASONS",
    "FINISH_REASON_NAMES",
    "MAX_MESSAGE_BYTES",
    "MAX_NAME_BYTES",
    "MAX_PROMPT_BYTES",
    "MAX_VIEWPORT_PX",
    "SERVICE_NAME",
    "BundleStreamError",
    "bundle_problems",
    "bundle_to_requests",
    "bundle_to_wire",
    "plain_name_problem",
    "requests_to_bundle",
    "text_chunks",
]
