"""A bundle's content hash, computed once per bundle object (the hash is a bundle's identity
on the wire, in generation records and in the resume key)."""

from __future__ import annotations

import functools
import threading
import weakref

from clients.types import Bundle

# Bundle.sha256() of bundles already hashed, by id(bundle): (a weak reference, the digest).
# Hashing is the largest CPU cost of sending a bundle (one pass over every byte), and the same
# bundle is hashed for the header, for the result and again on every retry.
_DIGESTS: dict[int, tuple[weakref.ref[Bundle], str]] = {}
_DIGESTS_LOCK = threading.Lock()


def bundle_sha256(bundle: Bundle) -> str:
    """``bundle.sha256()``, computed once per bundle object.

    A bundle is frozen and its files' data are immutable ``bytes``, so its hash cannot change;
    a bundle holding a mutable buffer (``bytearray``) is hashed afresh every time.
    """
    key = id(bundle)
    with _DIGESTS_LOCK:
        known = _DIGESTS.get(key)
    if known is not None and known[0]() is bundle:
        return known[1]
    digest = bundle.sha256()
    if all(type(f.data) is bytes for f in bundle.files):
        try:
            ref = weakref.ref(bundle, functools.partial(_forget, key))
        except TypeError:  # not weakly referenceable: nothing to cache against
            return digest
        with _DIGESTS_LOCK:
            _DIGESTS[key] = (ref, digest)
    return digest


def _forget(key: int, ref: weakref.ref[Bundle]) -> None:
    with _DIGESTS_LOCK:
        if key in _DIGESTS and _DIGESTS[key][0] is ref:
            del _DIGESTS[key]
