"""Tar archives in and out of the sandbox: built in memory going in, extracted warily coming out.

What comes out of a container is untrusted (a page had code running in there), so extraction
accepts only regular files and directories with plain relative names, within size and count caps.
"""

from __future__ import annotations

import io
import shutil
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO


class UnsafeArchive(ValueError):
    """The archive holds a link, a device, an absolute or ``..`` name, or is too big."""


@dataclass(frozen=True)
class ExtractLimits:
    max_files: int = 20_000
    max_bytes: int = 2 * 1024**3
    max_file_bytes: int = 256 * 1024**2


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644  # root-owned and world-readable: the runner can read, not change
    tar.addfile(info, io.BytesIO(data))


def _add_dir(tar: tarfile.TarFile, name: str) -> None:
    info = tarfile.TarInfo(name)
    info.type = tarfile.DIRTYPE
    info.mode = 0o755
    tar.addfile(info)


def job_archive(
    job_json: bytes, job_name: str, page_dir: Path | None, page_name: str, last: str | None = None
) -> bytes:
    """A tar of ``job_name`` plus the page folder under ``page_name/``, all owned by root.

    ``last``: an empty file added after everything else. The engine unpacks members in order,
    so once it exists the rest is complete: a pooled runner starts on it (one copy, not two).

    Raises:
        ValueError: the page folder holds a symlink or special file. Following it could copy a
            host file (say ~/.ssh) into the sandbox, where the page could show it on screen.
    """
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        _add_bytes(tar, job_name, job_json)
        if page_dir is not None:
            _add_dir(tar, page_name)
            for path in sorted(page_dir.rglob("*")):
                rel = path.relative_to(page_dir).as_posix()
                if path.is_symlink() or not (path.is_file() or path.is_dir()):
                    raise ValueError(f"page file {rel} is a link or special file; refusing it")
                if path.is_dir():
                    _add_dir(tar, f"{page_name}/{rel}")
                else:
                    _add_bytes(tar, f"{page_name}/{rel}", path.read_bytes())
        if last is not None:
            _add_bytes(tar, last, b"")
    return buf.getvalue()


def _safe_parts(name: str) -> tuple[str, ...]:
    if not name or "\\" in name or "\0" in name or name.startswith("/"):
        raise UnsafeArchive(f"unsafe member name {name!r}")
    parts = tuple(p for p in PurePosixPath(name).parts if p != ".")
    if any(p == ".." for p in parts):
        raise UnsafeArchive(f"member name {name!r} climbs out with '..'")
    return parts


def safe_extract(
    fileobj: IO[bytes], dest: Path, *, strip: str | None = None, limits: ExtractLimits | None = None
) -> list[str]:
    """Extract a tar into ``dest``, refusing anything that is not a plain file or directory.

    ``fileobj`` must be seekable (every member is checked before anything is written, so a
    rejected archive leaves ``dest`` untouched). ``strip`` removes a leading directory (Docker's
    get_archive wraps content in the folder's own name). Returns the relative file names written.

    Raises:
        UnsafeArchive: a link, device, fifo, absolute or ``..`` name, or a cap exceeded.
    """
    limits = limits or ExtractLimits()
    with tarfile.open(fileobj=fileobj, mode="r:*") as tar:
        plan = _check(tar, strip, limits)
        dest.mkdir(parents=True, exist_ok=True)
        root = dest.resolve()
        written = []
        for parts, member in plan:
            target = root.joinpath(*parts)
            # A symlink already sitting in dest must not redirect a write outside it.
            if not target.resolve().is_relative_to(root):
                raise UnsafeArchive(f"{'/'.join(parts)} resolves outside {dest}")
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            assert source is not None  # _check let only regular files through
            with source, open(target, "wb") as sink:
                shutil.copyfileobj(source, sink)
            written.append("/".join(parts))
    return written


def _check(
    tar: tarfile.TarFile, strip: str | None, limits: ExtractLimits
) -> list[tuple[tuple[str, ...], tarfile.TarInfo]]:
    """Validate every member; returns (relative parts, member) for those to extract."""
    plan = []
    total = 0
    for count, member in enumerate(tar, start=1):
        if count > limits.max_files:
            raise UnsafeArchive(f"more than {limits.max_files} members")
        parts = _safe_parts(member.name)
        if strip is not None:
            if not parts or parts[0] != strip:
                raise UnsafeArchive(f"member {member.name!r} is outside {strip!r}/")
            parts = parts[1:]
        if not (member.isfile() or member.isdir()):
            raise UnsafeArchive(f"member {member.name!r} is not a regular file or directory")
        if member.isfile():
            if member.size > limits.max_file_bytes:
                raise UnsafeArchive(f"member {member.name!r} is {member.size} bytes")
            total += member.size
            if total > limits.max_bytes:
                raise UnsafeArchive(f"archive holds more than {limits.max_bytes} bytes")
        if parts:
            plan.append((parts, member))
    return plan
