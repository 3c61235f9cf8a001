"""Tar handling between host and sandbox; pure unit tests, no Docker."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from sandbox.archive import ExtractLimits, UnsafeArchive, job_archive, safe_extract


def _tar(*members: tuple[str, str, bytes | str]) -> io.BytesIO:
    """Members as (kind, name, data or link target); kind is file, dir, symlink or hardlink."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for kind, name, data in members:
            info = tarfile.TarInfo(name)
            if kind == "file":
                assert isinstance(data, bytes)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
                continue
            if kind == "dir":
                info.type = tarfile.DIRTYPE
            elif kind == "symlink":
                info.type, info.linkname = tarfile.SYMTYPE, str(data)
            elif kind == "hardlink":
                info.type, info.linkname = tarfile.LNKTYPE, str(data)
            tar.addfile(info)
    buf.seek(0)
    return buf


def test_extracts_files_and_strips_the_wrapping_folder(tmp_path: Path) -> None:
    archive = _tar(
        ("dir", "out", b""),
        ("file", "out/result.json", b"{}"),
        ("dir", "out/frames", b""),
        ("file", "out/frames/000000.png", b"png"),
    )
    written = safe_extract(archive, tmp_path, strip="out")
    assert sorted(written) == ["frames/000000.png", "result.json"]
    assert (tmp_path / "frames" / "000000.png").read_bytes() == b"png"


@pytest.mark.parametrize(
    "members",
    [
        [("symlink", "out/result.json", "/etc/passwd")],
        [("hardlink", "out/result.json", "/etc/passwd")],
        [("file", "out/../../escape.txt", b"x")],
        [("file", "/abs.txt", b"x")],
        [("file", "elsewhere/result.json", b"x")],
    ],
    ids=["symlink", "hardlink", "dotdot", "absolute", "outside-strip"],
)
def test_rejects_links_and_escaping_names(tmp_path: Path, members: list) -> None:
    # A good file first: rejection must happen before anything is written.
    archive = _tar(("file", "out/step_0.png", b"png"), *members)
    dest = tmp_path / "dest"
    with pytest.raises(UnsafeArchive):
        safe_extract(archive, dest, strip="out")
    assert not dest.exists()
    assert not (tmp_path / "escape.txt").exists()


def test_rejects_archives_over_the_caps(tmp_path: Path) -> None:
    archive = _tar(("file", "out/a", b"x" * 10), ("file", "out/b", b"x" * 10))
    with pytest.raises(UnsafeArchive, match="bytes"):
        safe_extract(archive, tmp_path, strip="out", limits=ExtractLimits(max_bytes=15))
    archive.seek(0)
    with pytest.raises(UnsafeArchive, match="members"):
        safe_extract(archive, tmp_path, strip="out", limits=ExtractLimits(max_files=1))


def test_job_archive_is_root_owned_and_world_readable(tmp_path: Path) -> None:
    page = tmp_path / "page"
    (page / "assets").mkdir(parents=True)
    (page / "index.html").write_text("<p>hi</p>")
    (page / "assets" / "a.css").write_text("p{}")
    data = job_archive(b'{"mode": "judge"}', "job.json", page, "page")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = {m.name: m for m in tar.getmembers()}
    assert set(members) == {
        "job.json",
        "page",
        "page/assets",
        "page/assets/a.css",
        "page/index.html",
    }
    for member in members.values():
        assert (member.uid, member.gid) == (0, 0)
        assert member.mode == (0o755 if member.isdir() else 0o644)


def test_job_archive_refuses_symlinks_in_the_page(tmp_path: Path) -> None:
    page = tmp_path / "page"
    page.mkdir()
    (page / "index.html").write_text("<p>hi</p>")
    (page / "secret").symlink_to("/etc/passwd")
    with pytest.raises(ValueError, match="link"):
        job_archive(b"{}", "job.json", page, "page")


def test_job_archive_ends_with_the_go_marker(tmp_path: Path) -> None:
    """The engine unpacks in order: the marker last means the job and page are complete."""
    page = tmp_path / "page"
    (page / "assets").mkdir(parents=True)
    (page / "index.html").write_text("<p>hi</p>")
    (page / "assets" / "a.png").write_bytes(b"png")
    data = job_archive(b"{}", "job.json", page, "page", last="go")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = tar.getmembers()
    assert members[-1].name == "go" and members[-1].size == 0 and members[-1].isfile()
    assert {"job.json", "page/index.html", "page/assets/a.png"} <= {m.name for m in members[:-1]}
