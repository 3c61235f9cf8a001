"""A real HTTP server on 127.0.0.1 speaking the OpenAI chat-completions wire format.

Each request takes the next scripted behaviour (the last one repeats), so a test can
stage faults: ``ok``, ``status`` (with or without Retry-After), ``malformed`` JSON,
``oversized`` replies, ``slow`` answers, ``cut`` streams. Every request body is kept for
assertions. Also runnable as a process: ``python -m tests.clients.fake_openai PAGE_FILE``
answers every request with that page in an html code block and prints its URL.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# How often the server loop looks for shutdown(): what stopping a fake server costs.
SHUTDOWN_POLL_S = 0.01
PAGE = "<!DOCTYPE html><html><body><p>fake</p></body></html>"


def completion(text: str, finish_reason: str = "stop", model: str = "fake") -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": finish_reason,
            }
        ],
        "usage": {"prompt_tokens": 123, "completion_tokens": 45, "total_tokens": 168},
    }


@dataclass
class Act:
    """One scripted answer."""

    kind: str = "ok"  # ok | status | malformed | oversized | slow | cut
    text: str = f"```html\n{PAGE}\n```"
    status: int = 200
    retry_after: str | None = None
    delay_s: float = 0.0


@dataclass
class Script:
    acts: list[Act] = field(default_factory=lambda: [Act()])
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next(self, body: dict[str, Any], headers: dict[str, str]) -> Act:
        with self.lock:
            self.requests.append(body)
            self.headers.append(headers)
            self.times.append(time.monotonic())
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            return self.acts.pop(0) if len(self.acts) > 1 else self.acts[0]

    def finished(self) -> None:
        with self.lock:
            self.in_flight -= 1


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    script: Script

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        length = int(self.headers.get("Content-Length", 0))
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError:
            body = {"unparsable": raw[:100].decode(errors="replace")}
        act = self.script.next(body, dict(self.headers))
        try:
            self._answer(act)
        finally:
            self.script.finished()

    def _answer(self, act: Act) -> None:
        if act.delay_s:
            time.sleep(act.delay_s)
        if act.kind == "status":
            self._send(
                act.status,
                json.dumps({"error": {"message": f"status {act.status}"}}),
                act.retry_after,
            )
        elif act.kind == "malformed":
            self._send(200, '{"choices": [{"message": ')
        elif act.kind == "oversized":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(40 << 20))
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b" " * (1 << 20))
            except OSError:
                pass
        elif act.kind == "cut":
            data = json.dumps(completion(act.text)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
        else:
            self._send(200, json.dumps(completion(act.text)))

    def _send(self, status: int, text: str, retry_after: str | None = None) -> None:
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if retry_after is not None:
            self.send_header("Retry-After", retry_after)
        self.end_headers()
        self.wfile.write(data)


class FakeOpenAI:
    """Start with ``with FakeOpenAI(acts) as fake:``; ``fake.url`` ends in ``/v1``."""

    def __init__(self, acts: list[Act] | None = None, port: int = 0) -> None:
        self.script = Script(acts or [Act()])
        handler = type("Handler", (_Handler,), {"script": self.script})
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(
            # Polled often, so shutdown() returns at once (the default poll waits 0.5 s).
            target=self.server.serve_forever,
            kwargs={"poll_interval": SHUTDOWN_POLL_S},
            daemon=True,
        )

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def requests(self) -> list[dict[str, Any]]:
        return self.script.requests


if __name__ == "__main__":
    page = Path(sys.argv[1]).read_text(encoding="utf-8")
    delay = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    fake = FakeOpenAI([Act(text=f"```html\n{page}\n```", delay_s=delay)])
    print(f"listening on {fake.url}", flush=True)
    fake.server.serve_forever()
