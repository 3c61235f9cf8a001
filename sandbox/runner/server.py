"""Static file server for the page under test, on the fixed origin http://127.0.0.1:8000/."""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

POLL_S = 0.02


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr (the container log stays readable)."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        # Every load must see the files as they are; nothing is cached between steps.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class PageServer:
    """A threaded HTTP server on a daemon thread; use as a context manager."""

    def __init__(self, root: Path, host: str, port: int) -> None:
        handler = partial(_QuietHandler, directory=str(root))
        self._httpd = ThreadingHTTPServer((host, port), handler)
        self._httpd.daemon_threads = True
        # serve_forever checks for shutdown() once per poll interval (0.5 s by default); the
        # runner shuts the server down after every page, so a long interval is time lost per page.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": POLL_S}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/"

    def __enter__(self) -> PageServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
