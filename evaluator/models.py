"""Model specs on the command line and the clients behind them.

``grpc://HOST:PORT`` talks to a running server; ``baseline:NAME`` starts that
reference server as a subprocess (``iwr serve NAME --port 0``) and talks to it over
real gRPC, so the baselines exercise exactly the path a vendor's server does.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from clients.grpc_client import GrpcModelClient

_LISTEN_RE = re.compile(r"listening on (\S+):(\d+)")
STARTUP_SECONDS = 30.0


class ModelSpecError(ValueError):
    """A --model value that names no known kind of model."""


@dataclass(frozen=True)
class ModelSpec:
    kind: str  # "grpc" or "baseline"
    value: str  # host:port, or the baseline's name

    @property
    def label(self) -> str:
        return self.value if self.kind == "baseline" else f"grpc://{self.value}"


def parse_spec(spec: str) -> ModelSpec:
    """Parse ``grpc://HOST:PORT`` or ``baseline:NAME``."""
    if spec.startswith("grpc://"):
        target = spec.removeprefix("grpc://").rstrip("/")
        if not re.fullmatch(r"[^\s/]+:\d{1,5}", target):
            raise ModelSpecError(f"{spec!r}: expected grpc://HOST:PORT")
        return ModelSpec("grpc", target)
    if spec.startswith("baseline:"):
        name = spec.removeprefix("baseline:")
        if not name:
            raise ModelSpecError(f"{spec!r}: expected baseline:NAME")
        return ModelSpec("baseline", name)
    raise ModelSpecError(f"{spec!r}: expected grpc://HOST:PORT or baseline:NAME")


@contextlib.contextmanager
def baseline_server(name: str, tasks_dir: Path) -> Iterator[str]:
    """Start ``iwr serve NAME`` on a free port; yield its ``host:port``; stop it after.

    Raises:
        RuntimeError: the server did not announce its port in time (its log is quoted).
    """
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "evaluator.cli",
                "serve",
                name,
                "--port",
                "0",
                "--tasks",
                str(tasks_dir),
            ],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        try:
            line: list[str] = []
            reader = threading.Thread(
                target=lambda: line.append(proc.stdout.readline()), daemon=True
            )
            reader.start()
            reader.join(STARTUP_SECONDS)
            match = _LISTEN_RE.search(line[0]) if line else None
            if not match:
                proc.kill()
                proc.wait()
                log.seek(0)
                tail = log.read().decode(errors="replace")[-2000:]
                raise RuntimeError(f"baseline {name!r} did not start: {tail or 'no output'}")
            yield f"{match.group(1)}:{match.group(2)}"
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


@contextlib.contextmanager
def open_model(spec: ModelSpec, tasks_dir: Path, timeout_s: float) -> Iterator[GrpcModelClient]:
    """A ready client for ``spec``; a baseline's server lives as long as the block."""
    with contextlib.ExitStack() as stack:
        target = spec.value
        if spec.kind == "baseline":
            target = stack.enter_context(baseline_server(spec.value, tasks_dir))
        client = stack.enter_context(GrpcModelClient(target, timeout_s=timeout_s))
        client.wait_ready(STARTUP_SECONDS)
        yield client
