"""The committed gRPC stubs must be exactly what proto/generate.py produces today.

A .proto edited without rerunning the generator would otherwise ship stubs that disagree
with the contract docs/PROTOCOL.md describes, and nobody would notice until a server in
another language misbehaved.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
GENERATOR = REPO_ROOT / "proto" / "generate.py"


def load_generator() -> ModuleType:
    """Import proto/generate.py by path: proto/ is a directory, not an installed package."""
    spec = importlib.util.spec_from_file_location("iwr_proto_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_stubs_match_a_fresh_generation(tmp_path: Path) -> None:
    pytest.importorskip("grpc_tools", reason="grpcio-tools (the test extra) generates stubs")
    generator = load_generator()
    fresh = generator.generate(tmp_path)
    assert fresh, "the generator wrote nothing"
    stale = []
    for path in fresh:
        relative = path.relative_to(tmp_path)
        committed = generator.PROTO_ROOT / relative
        if not committed.is_file() or committed.read_bytes() != path.read_bytes():
            stale.append(str(relative))
    assert not stale, f"stale stubs {stale}: run `python proto/generate.py` and commit them"


def test_generator_writes_under_the_requested_root(tmp_path: Path) -> None:
    """generate(out) must not touch the committed tree when asked to write elsewhere."""
    pytest.importorskip("grpc_tools")
    generator = load_generator()
    for path in generator.generate(tmp_path):
        assert path.is_relative_to(tmp_path)
        assert path.is_file()
