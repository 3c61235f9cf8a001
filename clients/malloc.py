"""Malloc thresholds for streaming bundles: freed buffers kept for reuse, not handed back.

Both gRPC ends call :func:`pin_malloc_thresholds` when they start (see the comment below for the
measurements behind the numbers).
"""

from __future__ import annotations

import ctypes
import os
import threading

# glibc's malloc starts by mmap-ing every block of 128 KiB or more and by giving memory back
# to the kernel once 128 KiB lie free at the top of a heap (it raises both as it sees large
# blocks freed, up to 32 and 64 MiB). Streaming a bundle allocates and frees buffers of about
# a chunk per message on both ends (protobuf, grpcio, the kernel's reads), so every message's
# buffers were fresh pages, zeroed by the kernel on first touch and handed back after use:
# ~18 % of all CPU (page faults and madvise) in a profile of a 50 MB bundle on 127.0.0.1.
# pin_malloc_thresholds() keeps blocks up to 32 MiB out of mmap and up to 64 MiB free per
# heap for reuse. The trim threshold must exceed a whole bundle: when a call's received
# bundle is freed at once, anything less hands it back and the next call faults it in again.
# Measured, runs of ten 50 MB calls: with 16 MiB, 7 of 18 runs faulted 103-150k pages in
# again and streamed at 411-473 MB/s instead of 542-664; with 64 MiB, all 24 runs stayed at
# 0-37k faults and 543-642 MB/s. The cost: a process holds on to that much freed
# memory per heap it streams through.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # mallopt parameters, from glibc's malloc.h
MALLOC_TRIM_BYTES = 64 << 20
MALLOC_MMAP_BYTES = 32 << 20
# How an operator sets these thresholds (variables, or names in GLIBC_TUNABLES); theirs win.
_MALLOC_ENV = ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_")
_MALLOC_TUNABLES = ("malloc.trim_threshold", "malloc.mmap_threshold")
_malloc_pinned: bool | None = None
_malloc_lock = threading.Lock()


def pin_malloc_thresholds() -> bool:
    """Keep freed buffers for reuse (see MALLOC_TRIM_BYTES); True when the thresholds are set.

    Called by the gRPC client and server when they start. Once per process; a no-op (False)
    outside glibc, or when the environment already sets malloc thresholds (the operator's
    choice wins: ``MALLOC_TRIM_THRESHOLD_=131072`` keeps glibc's starting trim threshold).
    """
    global _malloc_pinned
    with _malloc_lock:
        if _malloc_pinned is None:
            _malloc_pinned = (
                _is_glibc()
                and not any(name in os.environ for name in _MALLOC_ENV)
                and not any(t in os.environ.get("GLIBC_TUNABLES", "") for t in _MALLOC_TUNABLES)
                and _mallopt(_M_MMAP_THRESHOLD, MALLOC_MMAP_BYTES)
                and _mallopt(_M_TRIM_THRESHOLD, MALLOC_TRIM_BYTES)
            )
        return _malloc_pinned


def _is_glibc() -> bool:
    try:
        return bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (AttributeError, ValueError, OSError):  # no confstr, or a libc without the name
        return False


def _mallopt(param: int, value: int) -> bool:
    """glibc's mallopt(3): True when it accepted ``value``."""
    accepted: int = ctypes.CDLL(None).mallopt(param, value)
    return accepted == 1
