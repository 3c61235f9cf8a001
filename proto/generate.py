"""Regenerate the Python gRPC stubs beside proto/iwr/v1/model_service.proto.

Run from anywhere: ``python proto/generate.py`` (writes into proto/). The stubs are
committed so that installing the project needs no code generator; the test
tests/proto/test_stubs_fresh.py calls :func:`generate` into a temporary directory and
fails when the committed files differ, so edit the .proto, rerun this, commit both.

``-I proto`` makes the generated grpc module say ``from iwr.v1 import
model_service_pb2``, which resolves because setup.cfg installs proto/iwr as ``iwr``.
"""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path

PROTO_ROOT = Path(__file__).resolve().parent
PROTO_FILES = ("iwr/v1/model_service.proto",)
# The files protoc writes for each .proto, relative to the output root.
GENERATED_SUFFIXES = ("_pb2.py", "_pb2.pyi", "_pb2_grpc.py")


def generated_paths(out_dir: Path) -> list[Path]:
    """Every file :func:`generate` writes under ``out_dir``, for comparing trees."""
    return [
        out_dir / (proto.removesuffix(".proto") + suffix)
        for proto in PROTO_FILES
        for suffix in GENERATED_SUFFIXES
    ]


def generate(out_dir: Path = PROTO_ROOT) -> list[Path]:
    """Run grpc_tools.protoc on PROTO_FILES, writing stubs under ``out_dir``.

    Raises RuntimeError if protoc fails, so a broken .proto cannot leave stale stubs
    looking current.
    """
    from grpc_tools import protoc  # a test/dev extra, so imported only when generating

    well_known = resources.files("grpc_tools") / "_proto"
    out_dir.mkdir(parents=True, exist_ok=True)
    for proto in PROTO_FILES:
        (out_dir / proto).parent.mkdir(parents=True, exist_ok=True)
    args = [
        "grpc_tools.protoc",
        f"-I{PROTO_ROOT}",
        f"-I{well_known}",
        f"--python_out={out_dir}",
        f"--pyi_out={out_dir}",
        f"--grpc_python_out={out_dir}",
        *(str(PROTO_ROOT / p) for p in PROTO_FILES),
    ]
    code = protoc.main(args)
    if code != 0:
        raise RuntimeError(f"protoc failed with exit code {code}: {' '.join(args)}")
    return generated_paths(out_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=PROTO_ROOT,
        help="output root (default: proto/, where the committed stubs live)",
    )
    ns = parser.parse_args(argv)
    for path in generate(ns.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
