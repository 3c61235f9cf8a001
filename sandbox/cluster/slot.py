"""One sandbox slot of a cluster node: the Ray actor that judges pages on its own machine.

``SandboxSlot`` is a plain class; ``RayBackend`` makes it a Ray actor at run time
(``ray.remote(SandboxSlot)``, asking for ``iwr_sandbox: 1``), so this module imports no Ray.
On its node it runs the local machinery unchanged: a one-slot ``SandboxPool`` on the node's own
Docker engine (every protection applied and checked there, the container removed there),
whose next sandbox starts while a page is judged, so a page never waits for a container start;
when the run says how many pages it has, the coordinator hands out the starts (``start``,
``run(refill=...)``) so the cluster starts as many sandboxes as the local pool would. It
receives the job and the page as a tar, returns the output folder as a tar and the
``SandboxRun``; the coordinator extracts that output warily and verifies it again
(``sandbox.verify``), exactly as for a local container: what a page wrote is untrusted wherever
it ran.

Each slot says what judges there (``SlotIdentity``: node, sandbox image id, runner content
hash, browser version), so the coordinator can refuse a slot that would judge with another
browser or runner.
"""

from __future__ import annotations

import io
import logging
import os
import socket
import tarfile
import tempfile
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from ..archive import safe_extract
from ..containers import Phases
from ..engine import open_image
from ..errors import ImageBuildError, SandboxUnavailable
from ..image import IMAGE_TAG, browser_version, content_hash
from ..labels import CONTENT_LABEL
from ..records import Limits, SandboxRun
from ..runner.config import DEFAULT_BROWSER

if TYPE_CHECKING:
    from ..pool import SandboxPool

__all__ = [
    "NODE_IMAGE_ENV",
    "SandboxSlot",
    "SlotIdentity",
    "expected_identity",
    "pack_folder",
]

log = logging.getLogger(__name__)

# A node may pin the image its slots run (set by ``node.join(image=...)`` for its processes).
NODE_IMAGE_ENV = "IWR_SANDBOX_IMAGE"


@dataclass(frozen=True)
class SlotIdentity:
    """What judges in a slot; two slots whose identities differ would judge differently."""

    node: str  # "IP (host name)"
    image_id: str
    runner_hash: str  # sha256 of the runner sources the image was built from
    browser_version: str  # "<browser> <Debian package version>"

    def differences(self, expected: SlotIdentity) -> list[str]:
        """The facts (not the node) in which this slot differs from ``expected``; a fact
        ``expected`` leaves empty is not compared."""
        found = []
        for f in fields(self):
            want, have = getattr(expected, f.name), getattr(self, f.name)
            if f.name != "node" and want and have != want:
                found.append(f"{f.name} {have[:40]!r}, expected {want[:40]!r}")
        return found


def pack_folder(folder: Path) -> bytes:
    """A tar of ``folder``'s regular files and directories (names relative to it).

    Raises:
        ValueError: the folder is missing, or holds a link or special file (following one
            could carry a file from outside it).
    """
    if not folder.is_dir():
        raise ValueError(f"page folder {folder} does not exist")
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink() or not (path.is_file() or path.is_dir()):
                raise ValueError(f"file {rel} is a link or special file; refusing it")
            info = tarfile.TarInfo(rel)
            if path.is_dir():
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
            else:
                data = path.read_bytes()
                info.size, info.mode = len(data), 0o644
                tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _node_name() -> str:
    try:
        import ray.util

        ip = ray.util.get_node_ip_address()
    except Exception:  # outside a Ray worker (a unit test): the host name alone
        return socket.gethostname()
    return f"{ip} ({socket.gethostname()})"


class SandboxSlot:
    """One slot: judges one page at a time on this node's engine (see the module docstring)."""

    def __init__(
        self,
        name: str,
        *,
        image: str = IMAGE_TAG,
        limits: Limits | None = None,
        browser: str = DEFAULT_BROWSER,
        keep: int = 1,
        budgeted: bool = False,
    ) -> None:
        self.name = name
        # Sandboxes kept ready; ``budgeted``: started only as the coordinator allows
        # (``start``, ``run(refill=True)``), so a run starts no sandbox it will not use.
        self.keep = max(1, keep)
        self.budgeted = budgeted
        self.image = os.environ.get(NODE_IMAGE_ENV) or image
        self.limits = limits or Limits()
        self.browser = browser
        self.node = _node_name()
        self._backend: SandboxPool | None = None
        self._first = 0  # sandboxes started when the backend opened

    def identity(self) -> SlotIdentity:
        """What judges here.

        Raises:
            SandboxUnavailable: the engine is unreachable or the image is missing.
            ImageBuildError: the image cannot say its browser's version.
        """
        client, image_id = open_image(self.image)
        runner = client.images.get(image_id).labels.get(CONTENT_LABEL) or ""
        if not runner:
            try:
                runner = content_hash()
            except ImageBuildError:
                runner = ""
        return SlotIdentity(self.node, image_id, runner, browser_version(image_id, self.browser))

    def start(self, sandboxes: int = 1) -> str:
        """Start this slot's sandboxes (``sandboxes`` of them when budgeted); returns the
        node."""
        self._first = sandboxes if self.budgeted else self.keep
        self._local().grant(sandboxes)
        return self.node

    def wait_ready(self, timeout: float) -> bool:
        """Wait until the sandboxes ``start`` asked for are ready; False on timeout."""
        return self._local().wait_ready(min(self.keep, self._first), timeout=timeout)

    def _local(self) -> SandboxPool:
        if self._backend is None:
            from ..pool import SandboxPool

            self._backend = SandboxPool(
                self.keep,
                slots=1,
                image=self.image,
                limits=self.limits,
                browser=self.browser,
                budget=0 if self.budgeted else None,
            )
        return self._backend

    def run(
        self, job: dict, page: bytes | None, limits: Limits, refill: bool = True
    ) -> tuple[bytes, SandboxRun]:
        """Judge ``job`` on the page (a tar from ``pack_folder``); returns the output folder as
        a tar and how the sandbox ended, with this node and slot recorded. ``refill``: start
        this slot's next sandbox now, while this page is judged (budgeted slots).

        Raises:
            SandboxUnavailable: this node's engine cannot run it.
            ValueError: the job is not JSON-serialisable, or the page tar is unsafe.
        """
        phases = Phases()
        with tempfile.TemporaryDirectory(prefix="iwr-slot-") as tmp:
            page_dir = None
            if page is not None:
                page_dir = Path(tmp) / "page"
                with phases("slot_unpack"):
                    safe_extract(io.BytesIO(page), page_dir)
            out_dir = Path(tmp) / "out"
            pool = self._local()
            if refill:
                pool.grant(1)
            with phases("slot_run"):
                run = pool.run_job(job, page_dir, out_dir, limits=limits)
            run.node, run.slot = self.node, self.name
            with phases("slot_pack"):
                output = pack_folder(out_dir) if out_dir.is_dir() else b""
        run.timing = {**run.timing, **phases.seconds}
        return output, run

    def close(self) -> None:
        """Remove every container this slot holds (before the coordinator kills the actor)."""
        backend, self._backend = self._backend, None
        if backend is not None:
            backend.close()


def expected_identity(image: str = IMAGE_TAG, browser: str = DEFAULT_BROWSER) -> SlotIdentity:
    """What a run on this machine would judge with: this checkout's runner hash, and, where
    this machine has an engine with the image, its id and browser version. A fact it cannot
    know is left empty, and the first slot accepted pins it (``RayBackend``)."""
    try:
        runner = content_hash()
    except ImageBuildError:  # not a source checkout
        runner = ""
    try:
        _client, image_id = open_image(image)
        version = browser_version(image_id, browser)
    except (SandboxUnavailable, ImageBuildError) as exc:
        log.info("no local sandbox image to compare the cluster's slots with: %s", exc)
        image_id = version = ""
    return SlotIdentity("", image_id, runner, version)
