"""A judge model on 127.0.0.1 speaking the OpenAI chat-completions wire format: it
answers assertion questions Yes (or No when the statement names a phrase in
``deny``), rubric questions with a fixed score and target questions with
``selectors``, element questions (the numbered list, then the screenshot) with what
``element`` and ``on_screenshot`` make of the prompt, and keeps every request.
``on_statement`` and ``on_rubric`` script the assertion and rubric answers from the
prompt and the request's images (PNG bytes, in the order sent): a judge that looks."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.clients.fake_openai import SHUTDOWN_POLL_S, completion

RUBRIC = {"layout": 9, "elements": 12, "content": 30, "style": 12, "overall": 17}  # 80


def _images(body: dict[str, Any]) -> list[bytes]:
    """The request's images, decoded from their data URLs."""
    parts = body["messages"][0]["content"][1:]
    return [base64.b64decode(p["image_url"]["url"].split(",", 1)[1]) for p in parts]


class FakeJudge:
    def __init__(
        self,
        deny: tuple[str, ...] = (),
        selectors: dict[str, str | None] | None = None,
        element: Callable[[str], str] | None = None,
        on_screenshot: Callable[[str], str] | None = None,
        on_statement: Callable[[str, list[bytes]], str] | None = None,
        on_rubric: Callable[[str, list[bytes]], str] | None = None,
    ) -> None:
        self.requests: list[dict[str, Any]] = []
        judge = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                judge.requests.append(body)
                prompt = body["messages"][0]["content"][0]["text"]
                if "CSS selector" in prompt:
                    text = "Here you are:\n" + json.dumps(selectors or {})
                elif "The image is the page as it is now" in prompt:
                    text = on_screenshot(prompt) if on_screenshot else '{"index": null}'
                elif "interactive elements as they are now" in prompt:
                    text = element(prompt) if element else '{"index": null}'
                elif "Statement:" in prompt and on_statement:
                    text = on_statement(prompt, _images(body))
                elif "Statement:" in prompt:
                    text = "No" if any(d in prompt for d in deny) else "Yes"
                elif on_rubric:
                    text = on_rubric(prompt, _images(body))
                else:
                    text = json.dumps(RUBRIC)
                raw = json.dumps(completion(text)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self._thread = threading.Thread(
            # Polled often, so shutdown() returns at once (the default poll waits 0.5 s).
            target=self.server.serve_forever,
            kwargs={"poll_interval": SHUTDOWN_POLL_S},
            daemon=True,
        )

    def __enter__(self) -> FakeJudge:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
