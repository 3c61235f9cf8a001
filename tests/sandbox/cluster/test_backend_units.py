"""The Ray backend's own decisions, without a cluster: which slots judge like the run, the
order pages spread in, and the coordinator's checks on what a slot sends back."""

from __future__ import annotations

import io
import json
import tarfile
from collections import deque
from pathlib import Path

import pytest

from sandbox.cluster.backend import _choose, _first_starts, _pin, _receive, _Slot, _spread
from sandbox.cluster.slot import SlotIdentity, pack_folder
from sandbox.records import SandboxRun
from sandbox.status import SandboxStatus

RESULT = {"status": "ok", "reason": "", "steps": []}


def _tar(files: dict[str, bytes], *, link: str | None = None) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        if link:
            info = tarfile.TarInfo(link)
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tar.addfile(info)
    return buf.getvalue()


def _run() -> SandboxRun:
    return SandboxRun(SandboxStatus.OK, "", 0, 1.0, "", node="10.0.0.2 (b)", slot="slot-1")


def test_a_slot_judging_with_another_image_or_browser_differs() -> None:
    want = SlotIdentity("", "sha256:a", "r1", "headless-shell 131")
    same = SlotIdentity("10.0.0.2 (b)", "sha256:a", "r1", "headless-shell 131")
    assert same.differences(want) == []
    other = SlotIdentity("10.0.0.3 (c)", "sha256:b", "r1", "headless-shell 132")
    assert [d.split(" ")[0] for d in other.differences(want)] == ["image_id", "browser_version"]
    # What the coordinator could not know is pinned by the first slot accepted.
    pinned = _pin(SlotIdentity("", "", "r1", ""), same)
    assert pinned == SlotIdentity("", "sha256:a", "r1", "headless-shell 131")
    assert other.differences(pinned)


def test_pages_spread_over_the_nodes_in_turn() -> None:
    slots = [_Slot(f"slot-{i}", None, node) for i, node in enumerate("aaabbc")]
    assert [s.node for s in _spread(slots)] == ["a", "b", "c", "a", "b", "a"]


def test_a_run_of_known_pages_starts_slots_plus_one_sandboxes_and_no_more() -> None:
    assert _first_starts(2, None) == [1, 1]  # pages unknown: one each, refilled without end
    assert _first_starts(2, 8) == [2, 1]  # K + 1 ready, as the local pool keeps
    assert _first_starts(2, 2) == [1, 1]
    assert _first_starts(3, 1) == [1, 0, 0]  # never a sandbox no page will take


def test_the_next_page_goes_to_a_free_slot_with_a_sandbox_started_on_another_node() -> None:
    empty, ready, other = _Slot("s0", None, "a", 0), _Slot("s1", None, "a"), _Slot("s2", None, "b")
    assert _choose(deque([empty, ready]), set()) is ready
    assert _choose(deque([empty, ready, other]), {"a"}) is other  # the node that lost it avoided
    assert _choose(deque([empty]), set()) is empty  # none ready: it starts one itself


def test_a_slots_output_is_extracted_and_checked_here(tmp_path: Path) -> None:
    good = _receive(_tar({"result.json": json.dumps(RESULT).encode()}), _run(), tmp_path / "ok", {})
    assert good.status == "ok" and (tmp_path / "ok" / "result.json").is_file()
    assert "receive" in good.timing and good.node == "10.0.0.2 (b)"

    link = _receive(_tar({}, link="step_0.png"), _run(), tmp_path / "link", {})
    assert link.status == "crashed" and "unsafe output refused" in link.reason
    assert not (tmp_path / "link" / "step_0.png").exists()

    forged = {**RESULT, "steps": [{"index": 0, "status": "ok", "screenshot": "../../x.png"}]}
    bad = _receive(_tar({"result.json": json.dumps(forged).encode()}), _run(), tmp_path / "f", {})
    assert bad.status == "crashed" and "invalid result" in bad.reason
    assert not (tmp_path / "f" / "result.json").exists()  # nothing reads a refused result


def test_a_page_folder_with_a_link_is_the_callers_error(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>hi</p>")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.css").write_text("p{}")
    with tarfile.open(fileobj=io.BytesIO(pack_folder(tmp_path))) as tar:
        assert sorted(tar.getnames()) == ["index.html", "sub", "sub/a.css"]
    (tmp_path / "secret").symlink_to("/etc/passwd")
    with pytest.raises(ValueError, match="link"):
        pack_folder(tmp_path)
    with pytest.raises(ValueError, match="does not exist"):
        pack_folder(tmp_path / "missing")
