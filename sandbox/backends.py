"""The sandbox backends by name, and opening one from a ``--sandboxes`` value.

A plain dict: a backend is known because it is listed here, not because a module that
registers it happened to be imported. Only a backend that runs elsewhere takes an address.

    pool             pre-started containers on this machine (the default)
    cold             a fresh container per page on this machine
    ray://HOST:PORT  the sandbox slots of a Ray cluster (sandbox.cluster; Ray imported only then)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

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
    # A cluster's token (ray; None: RAY_AUTH_TOKEN, RAY_AUTH_TOKEN_PATH or ~/.ray/auth_token).
    token: str | None = None
    # The run under gVisor (``--runtime runsc``): sets ``limits.runtime``; a cluster places its
    # pages only on slots offering iwr_runsc.
    runtime: str | None = None

    def run_limits(self) -> Limits:
        """The limits with the asked runtime (``runtime`` wins over ``limits.runtime``)."""
        if self.runtime is None or self.runtime == self.limits.runtime:
            return self.limits
        return replace(self.limits, runtime=self.runtime)


def _cold(address: str, options: BackendOptions) -> SandboxBackend:
    return ColdBackend(options.slots, image=options.image, limits=options.run_limits())


def _pool(address: str, options: BackendOptions) -> SandboxBackend:
    from .pool import SandboxPool

    # One sandbox more than pages at once, so the next page finds one ready.
    return SandboxPool(
        options.slots + 1,
        slots=options.slots,
        image=options.image,
        limits=options.run_limits(),
        budget=options.pages,
        browser=options.browser,
    )


def _ray(address: str, options: BackendOptions) -> SandboxBackend:
    from .cluster.backend import RayBackend
    from .cluster.slot import expected_identity

    return RayBackend(
        address,
        image=options.image,
        limits=options.run_limits(),
        browser=options.browser,
        token=options.token,
        expect=expected_identity(options.image, options.browser),
        pages=options.pages,
    )


# name -> factory(address after "name://", options)
BACKENDS: dict[str, Callable[[str, BackendOptions], SandboxBackend]] = {
    "pool": _pool,
    "cold": _cold,
    "ray": _ray,
}
# The backends that run elsewhere, named with an address (``NAME://HOST:PORT``).
NEEDS_ADDRESS = frozenset({"ray"})


def parse_spec(spec: str) -> tuple[str, str]:
    """``("pool", "")`` for ``pool``, ``("ray", "HOST:PORT")`` for ``ray://HOST:PORT``.

    Raises:
        BackendSpecError: an unknown backend name, an address given to a local backend, or a
            missing or malformed ``HOST:PORT``.
    """
    name, sep, address = spec.partition("://")
    name, address = name.strip().lower(), address.strip()
    if name not in BACKENDS:
        raise BackendSpecError(f"unknown sandboxes {spec!r}; known: {', '.join(BACKENDS)}")
    if name not in NEEDS_ADDRESS:
        if sep:
            raise BackendSpecError(f"{name} takes no address (got {spec!r})")
        return name, ""
    host, colon, port = address.rpartition(":")
    if not (sep and colon and host and port.isdigit() and 0 < int(port) < 65536):
        raise BackendSpecError(f"{name} needs an address {name}://HOST:PORT (got {spec!r})")
    if "/" in host or any(c.isspace() for c in host):
        raise BackendSpecError(f"{name}: {host!r} is not a host name or address")
    return name, address


def open_backend(spec: str, options: BackendOptions) -> SandboxBackend:
    """The backend ``spec`` names, opened (the caller closes it).

    Raises:
        BackendSpecError: ``spec`` names no backend.
        SandboxUnavailable: the backend cannot run anything.
    """
    name, address = parse_spec(spec)
    return BACKENDS[name](address, options)
