"""Call a model server over iwr.v1.ModelService: the evaluator's side of the wire.

Every failure a model can cause (unreachable, too slow, RPC error, FINISH_REASON_ERROR, a
malformed answer stream) surfaces as :class:`clients.types.ModelError` with a message naming
the cause, so the evaluator can record the task as a model_error and move on.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import TracebackType

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from clients.digest import bundle_sha256
from clients.limits import Limits
from clients.malloc import pin_malloc_thresholds
from clients.types import Bundle, Generation, ModelError
from clients.wire import (
    CHANNEL_OPTIONS,
    FINISH_REASON_NAMES,
    SERVICE_NAME,
    bundle_problems,
    bundle_to_wire,
)
from iwr.v1 import model_service_pb2 as pb
from iwr.v1 import model_service_pb2_grpc as pb_grpc

# Most UTF-8 bytes of page text accepted in one answer; a runaway server cannot fill memory.
MAX_ANSWER_BYTES = 32 << 20
# Pause between health checks in wait_ready: quick at first (a reference server is up in
# a second), then at most this often (a large model may load for many minutes).
_READY_POLL_S = 0.1
_READY_POLL_MAX_S = 2.0
# How often wait_ready reports that it is still waiting.
READY_PROGRESS_EVERY_S = 30.0
# gRPC core's words when a message exceeds the size limit of the end receiving (or sending)
# it: "Received message larger than max (N vs. M)". Such a call fails the same way every time.
_TOO_LARGE_RE = re.compile(r"message larger than max", re.IGNORECASE)


def is_message_too_large(code: object, details: str | None) -> bool:
    """Whether a RESOURCE_EXHAUSTED status is a message over a size limit (final, since
    sending again would fail again) rather than an overloaded server (worth another try)."""
    return code == grpc.StatusCode.RESOURCE_EXHAUSTED and bool(_TOO_LARGE_RE.search(details or ""))


@dataclass(frozen=True)
class ServerInfo:
    """What a server said about itself in GetInfo; zero limits mean "no limit"."""

    name: str
    version: str
    max_frames: int
    max_bundle_bytes: int
    image_media_types: tuple[str, ...]
    max_output_tokens: int

    @property
    def limits(self) -> Limits:
        return Limits(
            self.max_frames, self.max_bundle_bytes, self.image_media_types, self.max_output_tokens
        )


class GrpcModelClient:
    """A connection to one model server at ``target`` ("host:port").

    Each call (``info``, ``generate``) gets a deadline of ``timeout_s`` seconds. The server's
    GetInfo answer is fetched once and cached, because ``generate`` checks every bundle
    against the declared limits before sending it. Use as a context manager, or call
    :meth:`close`. Safe to share between threads.
    """

    def __init__(
        self,
        target: str,
        *,
        timeout_s: float = 600.0,
        tls: bool = False,
        root_certs: bytes | None = None,
        token: str | None = None,
    ) -> None:
        """``tls``: connect with TLS, trusting ``root_certs`` (PEM) or the system's roots.
        ``token``: sent on every call as ``authorization: Bearer <token>`` metadata."""
        if timeout_s <= 0:
            raise ValueError(f"timeout_s must be positive, got {timeout_s}")
        self.target = target
        self.timeout_s = timeout_s
        pin_malloc_thresholds()  # buffers reused from message to message, not re-faulted
        self._metadata = (("authorization", f"Bearer {token}"),) if token else ()
        if tls:
            creds = grpc.ssl_channel_credentials(root_certificates=root_certs)
            self._channel = grpc.secure_channel(target, creds, options=list(CHANNEL_OPTIONS))
        else:
            self._channel = grpc.insecure_channel(target, options=list(CHANNEL_OPTIONS))
        self._stub = pb_grpc.ModelServiceStub(self._channel)
        # Generate with requests sent as they are: bundle_to_wire encodes them already,
        # copying each chunk's data once (the stub's serializer would copy it twice more).
        self._generate = self._channel.stream_stream(
            f"/{SERVICE_NAME}/Generate",
            request_serializer=None,
            response_deserializer=pb.GenerateResponse.FromString,
            _registered_method=True,
        )
        self._info: ServerInfo | None = None

    def __enter__(self) -> GrpcModelClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._channel.close()

    def info(self) -> ServerInfo:
        """The server's name, version and limits (asked once, then cached).

        Raises:
            ModelError: the server is unreachable, too slow or answers with an error.
        """
        if self._info is None:
            try:
                reply = self._stub.GetInfo(
                    pb.GetInfoRequest(), timeout=self.timeout_s, metadata=self._metadata
                )
            except grpc.RpcError as exc:
                raise self._rpc_error("GetInfo", exc) from exc
            limits = Limits.from_proto(reply.limits)
            self._info = ServerInfo(
                name=reply.name,
                version=reply.version,
                max_frames=limits.max_frames,
                max_bundle_bytes=limits.max_bundle_bytes,
                image_media_types=limits.image_media_types,
                max_output_tokens=limits.max_output_tokens,
            )
        return self._info

    def generate(self, bundle: Bundle, timeout_s: float | None = None) -> Generation:
        """Send ``bundle`` and return the model's answer.

        The call's deadline is ``timeout_s`` when given and shorter than the client's own
        (a retry policy passes what is left of a task's budget).

        The bundle is checked against the server's limits (and the wire rules) first, so a
        bundle the server would refuse is never sent. ``seconds`` in the result covers the
        Generate call only, from first byte sent to the done message.

        Raises:
            ModelError: the bundle breaks the server's limits; the server is unreachable,
                exceeds the deadline or fails the call; the model reports
                FINISH_REASON_ERROR; or the answer stream is malformed (no done message,
                two of them, text after it, an unknown finish reason, too much text).
        """
        info = self.info()
        problems = bundle_problems(bundle, info.limits)
        if problems:
            raise ModelError(
                f"bundle for task {bundle.task_id!r} refused before sending to {info.name!r} "
                f"at {self.target}: " + "; ".join(problems)
            )
        deadline_s = min(self.timeout_s, timeout_s) if timeout_s else self.timeout_s
        sha256 = bundle_sha256(bundle)  # once per bundle: for the header and the result
        started = time.monotonic()
        call = self._generate(
            bundle_to_wire(bundle, sha256), timeout=deadline_s, metadata=self._metadata
        )
        try:
            pieces, done = _read_answer(call)
        except grpc.RpcError as exc:
            raise self._rpc_error("Generate", exc, deadline_s) from exc
        except BaseException as exc:
            # A malformed stream, or an interruption (Ctrl-C): cancel the call so the server
            # stops working on it; nothing more from it can be trusted or is wanted.
            call.cancel()
            if isinstance(exc, _MalformedAnswer):
                raise ModelError(f"malformed answer from {self.target}: {exc}") from exc
            raise
        elapsed = time.monotonic() - started

        reason = FINISH_REASON_NAMES.get(done.finish_reason)
        if reason is None:
            raise ModelError(
                f"malformed answer from {self.target}: finish reason {done.finish_reason} "
                f"({_enum_name(pb.FinishReason.Name, done.finish_reason)}) is not a final state"
            )
        if reason == "error":
            raise ModelError(
                f"model {info.name!r} at {self.target} failed: "
                + (done.error if done.HasField("error") and done.error else "no reason given")
            )
        return Generation(
            text="".join(pieces),
            finish_reason=reason,
            input_tokens=done.usage.input_tokens,
            output_tokens=done.usage.output_tokens,
            seconds=elapsed,
            model=info.name,
            extra={"model_version": info.version, "bundle_sha256": sha256},
        )

    def wait_ready(
        self,
        timeout_s: float,
        progress: Callable[[str], object] | None = None,
        every_s: float = READY_PROGRESS_EVERY_S,
    ) -> None:
        """Poll the standard health service until it reports SERVING for the model service.

        For a server that is still starting (a container, a model loading its weights):
        connection refusals and NOT_SERVING are retried until ``timeout_s`` seconds have
        passed. Every ``every_s`` seconds of waiting, ``progress`` (when given) gets one line
        saying how long it has waited and what the server last said, so a long load is
        visibly a wait and not a hang.

        Raises:
            ModelError: the server was not SERVING within ``timeout_s``; the message gives
                the last status or error seen.
        """
        stub = health_pb2_grpc.HealthStub(self._channel)
        started = time.monotonic()
        deadline = started + timeout_s
        next_report = started + every_s
        last = "no answer yet"
        pause = _READY_POLL_S
        while True:
            now = time.monotonic()
            remaining = deadline - now
            if remaining <= 0:
                raise ModelError(
                    f"model server at {self.target} not ready after {timeout_s:g} s "
                    f"(--ready-timeout): {last}"
                )
            if progress is not None and now >= next_report:
                progress(
                    f"waiting for the model server at {self.target} to report SERVING: "
                    f"{now - started:.0f} s of {timeout_s:g} s ({last})"
                )
                next_report = now + every_s
            try:
                reply = stub.Check(
                    health_pb2.HealthCheckRequest(service=SERVICE_NAME),
                    timeout=min(remaining, 5.0),
                    metadata=self._metadata,
                )
            except grpc.RpcError as exc:
                last = f"{exc.code().name}: {exc.details()}"
            else:
                if reply.status == health_pb2.HealthCheckResponse.SERVING:
                    return
                status = health_pb2.HealthCheckResponse.ServingStatus
                last = f"health status {_enum_name(status.Name, reply.status)}"
            time.sleep(min(pause, max(deadline - time.monotonic(), 0)))
            pause = min(pause * 2, _READY_POLL_MAX_S)

    def _rpc_error(
        self, method: str, exc: grpc.RpcError, deadline_s: float | None = None
    ) -> ModelError:
        """A ModelError that says what went wrong in words, not just a status code."""
        code = exc.code() if isinstance(exc, grpc.Call) else None
        details = exc.details() if isinstance(exc, grpc.Call) else str(exc)
        if code == grpc.StatusCode.DEADLINE_EXCEEDED:
            cause = f"deadline of {deadline_s or self.timeout_s:g} s exceeded"
        elif code == grpc.StatusCode.UNAVAILABLE:
            cause = f"server unreachable ({details})"
        elif code == grpc.StatusCode.UNAUTHENTICATED:
            cause = f"not authorised ({details}); set IWR_MODEL_TOKEN"
        elif code == grpc.StatusCode.INVALID_ARGUMENT:
            cause = f"server rejected the bundle: {details}"
        elif is_message_too_large(code, details):
            cause = (
                f"a message exceeded gRPC's size limit ({details}); answer chunks must fit "
                "in 4 MiB messages (docs/PROTOCOL.md)"
            )
        else:
            cause = f"{code.name if code else 'RPC error'}: {details}"
        return ModelError(f"{method} on {self.target} failed: {cause}")


class _MalformedAnswer(Exception):
    """The answer stream breaks the protocol; the caller adds which server sent it."""


def _read_answer(
    responses: Iterable[pb.GenerateResponse],
) -> tuple[list[str], pb.GenerateDone]:
    """Collect code chunks and the single done message from a Generate answer stream.

    Raises:
        _MalformedAnswer: the stream breaks the protocol.
        grpc.RpcError: the call itself failed (passed on for the caller to describe).
    """
    pieces: list[str] = []
    size = 0
    done: pb.GenerateDone | None = None
    for msg in responses:
        which = msg.WhichOneof("payload")
        if done is not None:
            raise _MalformedAnswer(f"{which or 'a message'} after the done message")
        if which == "code":
            size += len(msg.code.text.encode())
            if size > MAX_ANSWER_BYTES:
                raise _MalformedAnswer(f"more than {MAX_ANSWER_BYTES} bytes of text")
            pieces.append(msg.code.text)
        elif which == "done":
            done = msg.done
        else:
            raise _MalformedAnswer("a message with no payload")
    if done is None:
        raise _MalformedAnswer("the stream ended without a done message")
    return pieces, done


def _enum_name(name_of: Callable[[int], str], value: int) -> str:
    """The symbolic name of an enum value (``name_of``: a generated enum's ``Name``), or
    "unknown" for a value from a newer contract."""
    try:
        return name_of(value)
    except ValueError:
        return "unknown"
