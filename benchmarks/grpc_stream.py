"""gRPC streaming throughput: a large bundle to a model that answers at once, on loopback."""

from __future__ import annotations

import os
import time

from clients.grpc_client import GrpcModelClient
from clients.limits import Limits as ModelLimits
from clients.server import start_server
from clients.types import FRAME, Bundle, BundleFile, Generation


class EchoModel:
    """Answers every bundle with a tiny page at once: only the transport is measured."""

    name = "bench-echo"
    version = "1"
    limits = ModelLimits()

    def generate(self, bundle: Bundle) -> Generation:
        return Generation(text=f"```html\n<p>{bundle.total_bytes()}</p>\n```", model=self.name)


def grpc_throughput(megabytes: int, samples: int) -> list[float]:
    """MB/s of Generate calls carrying a ``megabytes`` bundle (1 MB frames of random bytes)."""
    frames = tuple(
        BundleFile(f"frame_{i:03d}.png", FRAME, "image/png", os.urandom(1024 * 1024))
        for i in range(megabytes)
    )
    bundle = Bundle(task_id="bench", width=1280, height=800, prompt="p", frames=frames)
    size_mb = bundle.total_bytes() / 1e6
    server, port = start_server(EchoModel(), "127.0.0.1", 0)
    rates = []
    try:
        with GrpcModelClient(f"127.0.0.1:{port}", timeout_s=120) as client:
            client.info()
            client.generate(bundle)  # warm the channel
            for _ in range(samples):
                started = time.perf_counter()
                client.generate(bundle)
                rates.append(size_mb / (time.perf_counter() - started))
    finally:
        server.stop(grace=None)
    return rates
