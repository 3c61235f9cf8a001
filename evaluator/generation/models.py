"""Model specs on the command line and the clients behind them.

``grpc://HOST:PORT`` talks to a running server; ``baseline:NAME`` starts that
reference server as a subprocess (``iwr serve NAME --port 0``) and talks to it over
real gRPC, so the baselines exercise exactly the path a vendor's server does;
``openai+http(s)://HOST[:PORT]/PATH`` (with ``--model-name``) talks to an
OpenAI-compatible chat-completions endpoint whose base URL is ``http(s)://HOST/PATH``.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from clients.base import RateLimiter, RetryingGrpc, RetryPolicy
from clients.grpc_client import GrpcModelClient
from clients.openai_client import OpenAIClient, load_settings

_LISTEN_RE = re.compile(r"listening on (\S+):(\d+)")
# A reference baseline (our own subprocess) announces its port within this many seconds.
STARTUP_SECONDS = 30.0
# Default --ready-timeout: how long a model server may take to report SERVING (a large
# model loading its weights can take minutes).
READY_TIMEOUT_S = 600.0
# Environment variable whose value, when set, is sent to gRPC servers as a bearer token.
TOKEN_ENV = "IWR_MODEL_TOKEN"


class ModelSpecError(ValueError):
    """A --model value that names no known kind of model."""


@dataclass(frozen=True)
class ModelSpec:
    kind: str  # "grpc", "grpcs" (TLS), "baseline" or "openai"
    value: str  # host:port, the baseline's name, or the endpoint's base URL
    model_name: str = ""  # the model an OpenAI-compatible endpoint should run

    @property
    def label(self) -> str:
        if self.kind == "baseline":
            return self.value
        if self.kind == "openai":
            return f"{self.model_name}@{self.value}"
        return f"{self.kind}://{self.value}"


@dataclass(frozen=True)
class ClientOptions:
    """How hard and how fast to call a model (``iwr run`` options)."""

    timeout_s: float | None = None  # one request; None: the config's, else open_model's
    task_timeout_s: float = 1800.0  # one task, retries and waits included
    max_attempts: int = 5
    rpm: float = 0.0  # requests per minute; 0: no limit
    concurrency: int = 1
    config: Path | None = None  # per-model settings (TOML) for OpenAI-compatible models
    ca_cert: Path | None = None  # PEM roots to trust for grpcs:// (default: the system's)
    ready_timeout_s: float = READY_TIMEOUT_S  # gRPC: wait this long for SERVING


def parse_spec(spec: str, model_name: str = "") -> ModelSpec:
    """Parse ``grpc(s)://HOST:PORT``, ``baseline:NAME`` or ``openai+http(s)://HOST[:PORT]/PATH``.

    Raises:
        ModelSpecError: an unknown form, or an OpenAI spec without ``model_name``.
    """
    if spec.startswith("openai+"):
        url = spec.removeprefix("openai+").rstrip("/")
        if not re.fullmatch(r"https?://[^\s/:]+(:\d{1,5})?(/[^\s]*)?", url):
            raise ModelSpecError(f"{spec!r}: expected openai+http(s)://HOST[:PORT]/PATH")
        if not model_name:
            raise ModelSpecError(f"{spec!r}: an OpenAI-compatible endpoint needs --model-name")
        return ModelSpec("openai", url, model_name)
    for scheme in ("grpc", "grpcs"):
        if spec.startswith(f"{scheme}://"):
            target = spec.removeprefix(f"{scheme}://").rstrip("/")
            if not re.fullmatch(r"[^\s/]+:\d{1,5}", target):
                raise ModelSpecError(f"{spec!r}: expected {scheme}://HOST:PORT")
            return ModelSpec(scheme, target)
    if spec.startswith("baseline:"):
        name = spec.removeprefix("baseline:")
        if not name:
            raise ModelSpecError(f"{spec!r}: expected baseline:NAME")
        return ModelSpec("baseline", name)
    raise ModelSpecError(
        f"{spec!r}: expected grpc(s)://HOST:PORT, baseline:NAME or "
        "openai+http(s)://HOST[:PORT]/PATH"
    )


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
        stdout = proc.stdout
        assert stdout is not None  # stdout=PIPE
        try:
            line: list[str] = []
            reader = threading.Thread(target=lambda: line.append(stdout.readline()), daemon=True)
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
def open_model(
    spec: ModelSpec,
    tasks_dir: Path,
    timeout_s: float,
    options: ClientOptions | None = None,
    progress: Callable[[str], object] | None = None,
) -> Iterator[OpenAIClient | RetryingGrpc]:
    """A ready client for ``spec``; a baseline's server lives as long as the block.

    A gRPC server gets ``options.ready_timeout_s`` to report SERVING; ``progress`` hears
    every 30 s that the wait goes on.

    Raises:
        ModelSpecError: the OpenAI settings file is unreadable or invalid.
        clients.types.ModelError: a gRPC server did not report SERVING in time.
    """
    opts = options or ClientOptions()
    if spec.kind == "openai":
        try:
            settings = load_settings(opts.config, spec.model_name)
        except ValueError as exc:
            raise ModelSpecError(str(exc)) from exc
        if opts.timeout_s is not None:
            settings = replace(settings, timeout_s=opts.timeout_s)
        policy = RetryPolicy(max_attempts=opts.max_attempts, max_total_s=opts.task_timeout_s)
        with OpenAIClient(
            spec.value,
            spec.model_name,
            settings,
            policy=policy,
            limiter=RateLimiter(opts.rpm),
            concurrency=opts.concurrency,
        ) as client:
            yield client
        return
    with contextlib.ExitStack() as stack:
        target = spec.value
        if spec.kind == "baseline":
            target = stack.enter_context(baseline_server(spec.value, tasks_dir))
        try:
            roots = opts.ca_cert.read_bytes() if opts.ca_cert else None
        except OSError as exc:
            raise ModelSpecError(f"cannot read the CA certificate: {exc}") from exc
        raw = stack.enter_context(
            GrpcModelClient(
                target,
                timeout_s=opts.timeout_s or timeout_s,
                tls=spec.kind == "grpcs",
                root_certs=roots,
                token=os.environ.get(TOKEN_ENV) or None,
            )
        )
        raw.wait_ready(opts.ready_timeout_s, progress)
        policy = RetryPolicy(max_attempts=opts.max_attempts, max_total_s=opts.task_timeout_s)
        yield RetryingGrpc(
            raw, policy=policy, limiter=RateLimiter(opts.rpm), concurrency=opts.concurrency
        )
