"""Serve any :class:`Model` over iwr.v1.ModelService, with the standard health service.

The servicer owns the wire work (reassembly, validation, chunking the answer) so a model is
just a function from Bundle to Generation. Failures are reported, never swallowed: an invalid
bundle ends the call with INVALID_ARGUMENT, a model that raises answers FINISH_REASON_ERROR
with the exception's text, and the client turns both into a ModelError.
"""

from __future__ import annotations

import hmac
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent import futures
from types import FrameType
from typing import Any, Protocol

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection, reflection_pb2

from clients.limits import Limits
from clients.malloc import pin_malloc_thresholds
from clients.types import Bundle, Generation
from clients.wire import (
    CHANNEL_OPTIONS,
    FINISH_REASONS,
    SERVICE_NAME,
    BundleStreamError,
    requests_to_bundle,
    text_chunks,
)
from iwr.v1 import model_service_pb2 as pb
from iwr.v1 import model_service_pb2_grpc as pb_grpc

# Seconds in-flight calls get to finish after SIGTERM/SIGINT before they are cancelled.
GRACE_S = 5.0
# Server reflection's stable name. grpcio-reflection serves only v1alpha; v1's messages are
# the same (same fields and numbers, another package), so the one servicer answers both.
REFLECTION_V1 = "grpc.reflection.v1.ServerReflection"
# Services a client may call without the bearer token: probes and discovery only.
OPEN_SERVICES = ("/grpc.health.v1.Health/", "/grpc.reflection.")


class TokenInterceptor(grpc.ServerInterceptor):
    """Refuse calls without ``authorization: Bearer <token>`` (UNAUTHENTICATED).

    Health checks and reflection stay open so orchestrators and tools can probe the server.
    """

    def __init__(self, token: str) -> None:
        if not token:
            raise ValueError("an empty token would accept anyone")
        self._expected = f"Bearer {token}".encode()

        def deny(request: object, context: grpc.ServicerContext) -> None:
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "missing or wrong bearer token")

        self._deny_unary = grpc.unary_unary_rpc_method_handler(deny)
        self._deny_stream = grpc.stream_stream_rpc_method_handler(deny)

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        method = handler_call_details.method
        if method.startswith(OPEN_SERVICES):
            return continuation(handler_call_details)
        sent = dict(handler_call_details.invocation_metadata or ()).get("authorization", "")
        if hmac.compare_digest(str(sent).encode(), self._expected):
            return continuation(handler_call_details)
        return self._deny_stream if method.endswith("/Generate") else self._deny_unary


class Model(Protocol):
    """What a model server needs from a model: an identity, limits, and generation.

    ``generate`` may raise any exception; the servicer reports it to the client as
    FINISH_REASON_ERROR with the exception's text. It is called from several threads at
    once when calls overlap, so it must be thread-safe.
    """

    name: str
    version: str
    limits: Limits

    def generate(self, bundle: Bundle) -> Generation: ...


class ModelServicer(pb_grpc.ModelServiceServicer):
    """iwr.v1.ModelService on top of a :class:`Model`."""

    def __init__(self, model: Model) -> None:
        self.model = model

    def GetInfo(  # name fixed by the generated base class
        self, request: pb.GetInfoRequest, context: grpc.ServicerContext
    ) -> pb.GetInfoResponse:
        return pb.GetInfoResponse(
            name=self.model.name, version=self.model.version, limits=self.model.limits.to_proto()
        )

    def Generate(  # name fixed by the generated base class
        self,
        request_iterator: Iterator[pb.GenerateRequest | bytes],
        context: grpc.ServicerContext,
    ) -> Iterator[pb.GenerateResponse]:
        """Reassemble the bundle, run the model, stream its answer back. The requests may
        be parsed messages or, as start_server registers it, their encodings."""
        try:
            bundle = requests_to_bundle(request_iterator, self.model.limits)
        except BundleStreamError as exc:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(exc))  # raises: ends the call
        try:
            generation = self.model.generate(bundle)
        except Exception as exc:  # reported to the client, not swallowed
            yield _error_done(f"{type(exc).__name__}: {exc}")
            return
        if not context.is_active():  # cancelled or past its deadline: nobody is listening
            return
        reason = FINISH_REASONS.get(generation.finish_reason)
        if reason is None:
            yield _error_done(f"model returned unknown finish reason {generation.finish_reason!r}")
            return
        for piece in text_chunks(generation.text):
            yield pb.GenerateResponse(code=pb.CodeChunk(text=piece))
        done = pb.GenerateDone(
            finish_reason=reason,
            usage=pb.Usage(
                input_tokens=generation.input_tokens, output_tokens=generation.output_tokens
            ),
        )
        if reason == pb.FINISH_REASON_ERROR:
            done.error = generation.extra.get("error") or "the model reported an error"
        yield pb.GenerateResponse(done=done)


def _error_done(message: str) -> pb.GenerateResponse:
    return pb.GenerateResponse(
        done=pb.GenerateDone(finish_reason=pb.FINISH_REASON_ERROR, error=message)
    )


def _add_model_service(servicer: ModelServicer, server: grpc.Server) -> None:
    """Register ``servicer`` as generated code would, except that Generate receives its
    requests still encoded: requests_to_bundle reads chunks in place, where the generated
    deserializer would copy every chunk's data out of its message first."""
    handlers = {
        "GetInfo": grpc.unary_unary_rpc_method_handler(
            servicer.GetInfo,
            request_deserializer=pb.GetInfoRequest.FromString,
            response_serializer=pb.GetInfoResponse.SerializeToString,
        ),
        "Generate": grpc.stream_stream_rpc_method_handler(
            servicer.Generate,
            request_deserializer=None,
            response_serializer=pb.GenerateResponse.SerializeToString,
        ),
    }
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(SERVICE_NAME, handlers),))
    server.add_registered_method_handlers(SERVICE_NAME, handlers)


def _add_reflection(services: Sequence[str], server: grpc.Server) -> None:
    """Serve reflection as ``grpc.reflection.v1`` (what current grpcurl and grpcui ask first)
    and ``v1alpha`` (what older tools ask), both listing ``services`` and themselves."""
    names = (*services, REFLECTION_V1, reflection.SERVICE_NAME)
    servicer = reflection.ReflectionServicer(names)
    reflection.enable_server_reflection(names, server)  # v1alpha
    handler = grpc.stream_stream_rpc_method_handler(
        servicer.ServerReflectionInfo,
        request_deserializer=reflection_pb2.ServerReflectionRequest.FromString,
        response_serializer=reflection_pb2.ServerReflectionResponse.SerializeToString,
    )
    server.add_generic_rpc_handlers(
        (grpc.method_handlers_generic_handler(REFLECTION_V1, {"ServerReflectionInfo": handler}),)
    )


def start_server(
    model: Model,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    max_workers: int = 8,
    interceptors: Sequence[grpc.ServerInterceptor] = (),
    tls: tuple[bytes, bytes] | None = None,
    token: str | None = None,
) -> tuple[grpc.Server, int]:
    """Start serving ``model`` and the health service; return the server and its bound port.

    ``port=0`` asks the OS for a free port, which is the returned one. The health service
    reports SERVING for "" and for "iwr.v1.ModelService" once this returns. ``max_workers``
    bounds concurrent calls (each Generate holds a thread while the model works).
    ``tls`` is (PEM certificate chain, PEM private key): serve TLS instead of plaintext.
    ``token``: calls must carry ``authorization: Bearer <token>`` metadata (health and
    reflection excepted). Server reflection lists ModelService and health, so generic tools
    (grpcurl, grpcui) work without the ``.proto``.

    Raises:
        RuntimeError: the address cannot be bound (port taken, unknown host).
    """
    server, bound, _ = _start(model, host, port, max_workers, interceptors, tls, token)
    return server, bound


def _start(
    model: Model,
    host: str,
    port: int,
    max_workers: int = 8,
    interceptors: Sequence[grpc.ServerInterceptor] = (),
    tls: tuple[bytes, bytes] | None = None,
    token: str | None = None,
) -> tuple[grpc.Server, int, health.HealthServicer]:
    pin_malloc_thresholds()  # buffers reused from message to message, not re-faulted
    chain = list(interceptors) + ([TokenInterceptor(token)] if token else [])
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="iwr-model"),
        interceptors=chain,
        options=list(CHANNEL_OPTIONS),
    )
    _add_model_service(ModelServicer(model), server)
    health_servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    _add_reflection((SERVICE_NAME, health.SERVICE_NAME), server)
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    if tls:
        creds = grpc.ssl_server_credentials([(tls[1], tls[0])])
        bound = server.add_secure_port(address, creds)
    else:
        bound = server.add_insecure_port(address)
    if bound == 0:  # older grpcio signals failure this way instead of raising
        raise RuntimeError(f"cannot bind {address}")
    server.start()
    for service in ("", SERVICE_NAME):
        health_servicer.set(service, health_pb2.HealthCheckResponse.SERVING)
    return server, bound, health_servicer


def serve_forever(
    model: Model,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    announce: Callable[[str], object] = print,
    stop: threading.Event | None = None,
    tls: tuple[bytes, bytes] | None = None,
    token: str | None = None,
) -> None:
    """Serve ``model`` until SIGTERM/SIGINT (or ``stop`` is set), then stop gracefully.

    Once serving, announces exactly one line ``listening on HOST:PORT`` and flushes stdout:
    a parent process that asked for port 0 reads that line to learn the port. On a signal
    the health service turns NOT_SERVING, in-flight calls get GRACE_S seconds to finish,
    and the function returns.

    Raises:
        RuntimeError: the address cannot be bound.
        ValueError: called outside the main thread without ``stop`` (signal handlers can
            only be installed from the main thread).
    """
    if stop is None and threading.current_thread() is not threading.main_thread():
        raise ValueError("serve_forever outside the main thread needs a stop event")
    if stop is None:
        stop = threading.Event()
    previous: dict[signal.Signals, Callable[[int, FrameType | None], Any] | int | None] = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, lambda signum, frame: stop.set())
    try:
        server, bound, health_servicer = _start(model, host, port, tls=tls, token=token)
        try:
            announce(f"listening on {host}:{bound}")
            sys.stdout.flush()
            # wait() with a timeout so the main thread wakes to run signal handlers promptly.
            while not stop.wait(0.5):
                pass
        finally:
            health_servicer.enter_graceful_shutdown()
            server.stop(GRACE_S).wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
