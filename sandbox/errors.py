"""Errors of the host side of the sandbox, kept apart from page faults."""

from __future__ import annotations


class SandboxUnavailable(Exception):
    """The Docker engine is down or the sandbox image is missing.

    An infrastructure fault: the caller must report it as such and never score it as a bad page.
    """


class ImageBuildError(RuntimeError):
    """Building the sandbox image (or its base) failed; the message carries the tool's output."""


class ProtectionMissing(SandboxUnavailable):
    """The engine dropped or did not apply a protection the user did not allow by name.

    A ``SandboxUnavailable``: the page was never run, so it is an infrastructure fault.
    """
