"""Naming backends (``--sandboxes``) and the launcher's fault statuses, without an engine."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from sandbox import containers
from sandbox.backend import ColdBackend, SandboxBackend
from sandbox.backends import BACKENDS, BackendOptions, BackendSpecError, open_backend, parse_spec
from sandbox.records import Limits


def test_specs_name_a_backend_and_an_address() -> None:
    assert parse_spec("pool") == ("pool", "")
    assert parse_spec("cold") == ("cold", "")
    # Only a backend that runs elsewhere takes an address, and needs one (issue 16).
    assert parse_spec("ray://10.0.0.1:6379") == ("ray", "10.0.0.1:6379")
    assert parse_spec("RAY://head.example:10") == ("ray", "head.example:10")
    for bad in ("ray", "ray://", "ray://host", "ray://host:0", "ray://:6379", "ray://a/b:1"):
        with pytest.raises(BackendSpecError, match="ray"):
            parse_spec(bad)
    with pytest.raises(BackendSpecError, match="unknown"):
        parse_spec("k8s://x")
    with pytest.raises(BackendSpecError, match="takes no address"):
        parse_spec("pool://x")
    assert set(BACKENDS) == {"pool", "cold", "ray"}


def test_a_named_local_backend_is_a_sandbox_backend() -> None:
    backend = open_backend("cold", BackendOptions(slots=3))
    assert isinstance(backend, ColdBackend) and isinstance(backend, SandboxBackend)
    assert backend.slots == 3 and backend.describe() == {"backend": "cold", "slots": 3}
    gvisor = open_backend("cold", BackendOptions(runtime="runsc"))
    assert isinstance(gvisor, ColdBackend) and gvisor.limits.runtime == "runsc"


class _Container:
    """A container whose engine connection breaks (or times out) while it is waited for."""

    def __init__(self, error: Exception) -> None:
        self.error = error
        self.killed = False
        self.name = "fake"

    def logs(self, **kwargs: Any) -> Any:
        raise self.error  # the runner's stdout cannot be followed either

    def wait(self, timeout: float) -> dict[str, Any]:
        if not self.killed:
            raise self.error
        return {"StatusCode": 137}

    def kill(self) -> None:
        self.killed = True

    def reload(self) -> None:
        raise requests.exceptions.ConnectionError("engine gone")


def test_a_dropped_connection_while_waiting_is_an_infra_error_not_a_timeout(
    tmp_path: Path,
) -> None:
    dropped = _Container(requests.exceptions.ConnectionError("Connection aborted"))
    run = containers.execute(dropped, Limits(wall_seconds=60), tmp_path, {}, containers.Phases())
    assert run.status == "infra_error" and "connection to the engine broke" in run.reason
    assert not dropped.killed


def test_the_wall_clock_running_out_is_still_a_timeout(tmp_path: Path) -> None:
    expired = _Container(requests.exceptions.ReadTimeout("Read timed out"))
    assert containers.wait(expired, 0.01) is None and expired.killed


class _Stream:
    """A followed log stream: ``chunks``, then (``hang``) nothing until it is closed."""

    def __init__(self, chunks: list[bytes], hang: bool = False) -> None:
        self.chunks, self.hang, self.closed = chunks, hang, threading.Event()

    def __iter__(self) -> Any:
        yield from self.chunks
        if self.hang:
            self.closed.wait(5)

    def close(self) -> None:
        self.closed.set()


class _Runner:
    """A container whose runner writes ``stream`` on stdout, then exits with ``code`` (None:
    never, until killed)."""

    def __init__(self, stream: _Stream, code: int | None) -> None:
        self.stream, self.code, self.killed, self.waited = stream, code, False, 0

    def logs(self, **kwargs: Any) -> _Stream:
        assert kwargs == {"stdout": True, "stderr": False, "stream": True, "follow": True}
        return self.stream

    def wait(self, timeout: float) -> dict[str, Any]:
        self.waited += 1
        if self.code is None and not self.killed:
            raise requests.exceptions.ReadTimeout("Read timed out")
        return {"StatusCode": 137 if self.code is None else self.code}

    def kill(self) -> None:
        self.killed = True


def test_the_done_line_ends_the_wait_without_waiting_for_the_exit() -> None:
    chunks = [b"iwr-runner: ready\nx iwr-runner: done\niwr-runner: do", b"ne oom_kill=2\r\n"]
    runner = _Runner(_Stream(chunks, hang=True), None)
    ending = containers.wait_done(runner, 60)  # type: ignore[arg-type]
    assert ending == containers.Ending(0, done=True, oom_kills=2)
    assert runner.waited == 0 and not runner.killed and runner.stream.closed.is_set()
    plain = containers.wait_done(_Runner(_Stream([b"iwr-runner: done\n"]), None), 60)  # type: ignore[arg-type]
    assert plain == containers.Ending(0, done=True, oom_kills=None)


def test_a_runner_that_exits_without_the_done_line_is_waited_for() -> None:
    runner = _Runner(_Stream([b"iwr-runner: ready\n", b"iwr-runner: done-ish\n"]), 75)
    assert containers.wait_done(runner, 60) == containers.Ending(75)  # type: ignore[arg-type]
    assert runner.waited == 1


def test_a_runner_that_never_says_done_is_killed_at_the_wall_clock() -> None:
    runner = _Runner(_Stream([b"iwr-runner: ready\n"], hang=True), None)
    started = time.monotonic()
    assert containers.wait_done(runner, 0.2) == containers.Ending(None)  # type: ignore[arg-type]
    assert runner.killed and 0.2 <= time.monotonic() - started < 2
