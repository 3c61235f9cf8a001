"""The sandbox backends by name, and opening one from a ``--sandboxes`` value.

A plain dict: a backend is known because it is listed here, not because a module that
registers it happened to be imported. A distributed backend (a Ray cluster, issue 16) is
one more entry here once it exists and passes tests/sandbox/backend_conformance.py; it is
not listed before that.

    pool   pre-started containers on this machine (the default)
    cold   a fresh container per page on this machine
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .backend import ColdBackend, SandboxBackend
from .image import IMAGE_TAG
from .records import Limits
from .runner.config import DEFAULT_BROWSER

__all__ = ["BACKENDS", "BackendOptions", "BackendSpecError", "open_backend"]


class BackendSpecError(ValueError):
    """A ``--sandboxes`` value names no backend, or its address is malformed."""


@dataclass(frozen=True)
class BackendOptions:
    """What a run asks of its backend."""

    slots: int = 1  # pages at once on this machine (local backends)
    limits: Limits = Limits()
    browser: str = DEFAULT_BROWSER
    pages: int | None = None  # pages the run will judge, at most (None: unknown)
    image: str = IMAGE_TAG


def _cold(address: str, options: BackendOptions) -> SandboxBackend:
    return ColdBackend(options.slots, image=options.image, limits=options.limits)


def _pool(address: str, options: BackendOptions) -> SandboxBackend:
    from .pool import SandboxPool

    # One sandbox more than pages at once, so the next page finds one ready.
    return SandboxPool(
        options.slots + 1,
        slots=options.slots,
        image=options.image,
        limits=options.limits,
        budget=options.pages,
        browser=options.browser,
    )


# name -> factory(address after "name://", options)
BACKENDS: dict[str, Callable[[str, BackendOptions], SandboxBackend]] = {
    "pool": _pool,
    "cold": _cold,
}


def parse_spec(spec: str) -> tuple[str, str]:
    """``("pool", "")`` for ``pool``; a ``NAME://ADDRESS`` form is kept for backends with an
    address.

    Raises:
        BackendSpecError: an unknown backend name.
    """
    name, sep, address = spec.partition("://")
    name = name.strip().lower()
    if name not in BACKENDS:
        raise BackendSpecError(f"unknown sandboxes {spec!r}; known: {', '.join(BACKENDS)}")
    if sep:
        raise BackendSpecError(f"{name} takes no address (got {spec!r})")
    return name, address.strip()


def open_backend(spec: str, options: BackendOptions) -> SandboxBackend:
    """The backend ``spec`` names, opened (the caller closes it).

    Raises:
        BackendSpecError: ``spec`` names no backend.
        SandboxUnavailable: the backend cannot run anything.
    """
    name, address = parse_spec(spec)
    return BACKENDS[name](address, options)
