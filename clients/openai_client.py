"""Call any OpenAI-compatible chat-completions endpoint (vLLM, SGLang, TGI, Ollama, hosted).

The bundle goes the way the published generator sends it: one user message whose content
is the prompt text, then the labelled asset sheets, then the frames (min(max_frames,
max_images - sheets) of them, spread evenly over the video), each image a ``data:`` URI.
The raw asset files are never sent as images: the model sees them on the sheets, and they
never take a frame's place. The request is built by :func:`build_payload` and the reply
read by :func:`parse_reply`, both pure so they are tested without a network; retries, rate
limit and concurrency come from :class:`clients.base.RetryingClient`.

Per-model settings come from a TOML file (see :func:`load_settings`); a section applies to
the model named exactly, or, as published, to every model whose name contains it::

    [default]                 # every model
    max_tokens = 16384
    [models."qwen2.5-vl"]     # qwen2.5-vl-7b-instruct, qwen2.5-vl-72b, ...
    max_images = 20
    image_long_side = 1000    # resize only where configured
    [models."o3"]             # a reasoning model: its own token parameter, no temperature
    max_tokens_param = "max_completion_tokens"
    send_temperature = false
    extra_body = { reasoning_effort = "high" }
"""

from __future__ import annotations

import base64
import email.utils
import io
import json
import os
import time
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import requests

from clients.base import RateLimiter, RetryingClient, RetryPolicy, TransientError
from clients.limits import Limits
from clients.types import Bundle, BundleFile, Generation, ModelError, is_sheet

# Media types chat APIs accept as images (the sheets are PNG).
IMAGE_TYPES = ("image/png", "image/jpeg", "image/webp", "image/gif")
# HTTP statuses worth another try; every other 4xx is final.
RETRY_STATUSES = frozenset({408, 409, 429}) | frozenset(range(500, 600))
# Most bytes of reply body read; a runaway server cannot fill memory.
MAX_REPLY_BYTES = 32 << 20
# Seconds allowed to open the connection (the read timeout is the attempt's timeout).
CONNECT_TIMEOUT_S = 10.0

_FINISH = {"stop": "stop", "length": "length", "content_filter": "content_filter"}


@dataclass(frozen=True)
class OpenAISettings:
    """Per-model request settings; the defaults follow the published evaluator."""

    max_images: int = 70  # sheets + frames in one request
    max_frames: int = 64
    image_long_side: int = 0  # 0: images at their own size; N: long side at most N px
    max_tokens: int = 16384
    # The request parameter carrying max_tokens (reasoning models: "max_completion_tokens").
    max_tokens_param: str = "max_tokens"
    temperature: float = 0.0
    send_temperature: bool = True  # false: no temperature (models that refuse one)
    timeout_s: float = 600.0  # one request
    api_key_env: str = "OPENAI_API_KEY"
    extra_body: dict[str, Any] = field(default_factory=dict)


def _sections(data: dict[str, Any], model_name: str) -> list[tuple[str, dict[str, Any]]]:
    """The settings sections that apply to ``model_name``, weakest first: ``[default]``,
    then every ``[models.KEY]`` whose KEY is part of the model name (case-insensitive;
    shorter keys first), then the one named exactly."""
    out: list[tuple[str, dict[str, Any]]] = [("default", data.get("default", {}))]
    models = data.get("models", {})
    lowered = model_name.lower()
    partial = sorted((k for k in models if k != model_name and k and k.lower() in lowered), key=len)
    out += [(f"models.{k!r}", models[k]) for k in partial]
    if model_name in models:
        out.append((f"models.{model_name!r}", models[model_name]))
    return out


def load_settings(path: Path | None, model_name: str) -> OpenAISettings:
    """Settings for ``model_name``: defaults, then ``[default]``, then each
    ``[models.KEY]`` whose KEY is contained in the model name (as the published
    generator matches them; longer keys win), then ``[models.NAME]`` exactly.

    Raises:
        ValueError: the file is not valid TOML or names an unknown setting or wrong type.
    """
    settings = OpenAISettings()
    if path is None:
        return settings
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"model config {path}: {exc}") from exc
    known = {f.name: f for f in fields(OpenAISettings)}
    for where, section in _sections(data, model_name):
        if not isinstance(section, dict):
            raise ValueError(f"model config {path}: [{where}] must be a table")
        for key, value in section.items():
            if key not in known:
                raise ValueError(f"model config {path}: unknown setting {key!r}")
            default = getattr(OpenAISettings(), key)
            if isinstance(default, float) and isinstance(value, int):
                section = {**section, key: float(value)}
                value = float(value)
            if type(value) is not type(default):
                raise ValueError(
                    f"model config {path}: {key} must be {type(default).__name__}, got {value!r}"
                )
        settings = replace(settings, **section)
    return settings


def _resize(f: BundleFile, long_side: int) -> tuple[str, bytes]:
    """The image scaled down so its long side is at most ``long_side`` (never up)."""
    if not long_side:
        return f.media_type, f.data
    from PIL import Image

    try:
        img = Image.open(io.BytesIO(f.data))
        if max(img.size) <= long_side:
            return f.media_type, f.data
        scale = long_side / max(img.size)
        size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
        out = io.BytesIO()
        img.convert("RGBA" if img.mode in ("RGBA", "LA", "P") else "RGB").resize(
            size, Image.Resampling.LANCZOS
        ).save(out, format="PNG")
    except (OSError, ValueError):  # not decodable here: send as it came
        return f.media_type, f.data
    return "image/png", out.getvalue()


def _spread(items: tuple[BundleFile, ...], keep: int) -> tuple[BundleFile, ...]:
    """``keep`` items spread evenly over ``items``, first and last included."""
    if keep >= len(items):
        return items
    if keep <= 0:
        return ()
    if keep == 1:
        return (items[-1],)
    step = (len(items) - 1) / (keep - 1)
    return tuple(items[round(i * step)] for i in range(keep))


def select_images(
    bundle: Bundle, settings: OpenAISettings
) -> tuple[tuple[BundleFile, ...], tuple[BundleFile, ...]]:
    """The sheets and frames one request carries, as the published generator picks them:
    every labelled sheet (at most ``max_images - 1``, so a frame always fits), then
    min(max_frames, max_images - sheets) frames spread evenly. Raw asset files are never
    among them: they reach the model on the sheets and cannot crowd frames out."""
    sheets = tuple(a for a in bundle.assets if is_sheet(a) and a.media_type in IMAGE_TYPES)
    sheets = sheets[: max(0, settings.max_images - 1)]
    room = max(1, min(settings.max_frames, settings.max_images - len(sheets)))
    return sheets, _spread(bundle.frames, room)


def build_payload(bundle: Bundle, model_name: str, settings: OpenAISettings) -> dict[str, Any]:
    """The chat-completions request body for ``bundle`` (no network): the prompt, the
    sheets, the frames; images resized only when ``image_long_side`` is set."""
    sheets, frames = select_images(bundle, settings)
    content: list[dict[str, Any]] = [{"type": "text", "text": bundle.prompt}]
    for f in sheets + frames:
        media_type, data = _resize(f, settings.image_long_side)
        url = f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"
        content.append({"type": "image_url", "image_url": {"url": url}})
    payload: dict[str, Any] = {
        "model": model_name,
        "messages": [{"role": "user", "content": content}],
        settings.max_tokens_param: settings.max_tokens,
    }
    if settings.send_temperature:
        payload["temperature"] = settings.temperature
    if bundle.seed is not None:
        # OpenAI's best-effort reproducibility parameter; servers without it ignore it.
        payload["seed"] = bundle.seed
    payload.update(settings.extra_body)
    return payload


def parse_reply(body: Any) -> Generation:
    """A Generation from a chat-completions response body (no network).

    Raises:
        ModelError: the body is not a completion (no choices, no text, an API error object).
    """
    if not isinstance(body, dict):
        raise ModelError(f"reply is not a JSON object: {str(body)[:200]}")
    if "error" in body and not body.get("choices"):
        raise ModelError(f"reply is an error: {json.dumps(body['error'])[:500]}")
    choices = body.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise ModelError("reply has no choices")
    message = choices[0].get("message") or {}
    text = message.get("content") if isinstance(message, dict) else None
    if isinstance(text, list):  # some servers answer with content parts
        text = "".join(p.get("text", "") for p in text if isinstance(p, dict))
    if not isinstance(text, str):
        raise ModelError("reply has no message text")
    raw_reason = choices[0].get("finish_reason") or "stop"
    usage = body.get("usage")
    if not isinstance(usage, dict):
        usage = {}
    return Generation(
        text=text,
        finish_reason=_FINISH.get(raw_reason, "stop"),
        input_tokens=int(usage.get("prompt_tokens") or 0),
        output_tokens=int(usage.get("completion_tokens") or 0),
        model=str(body.get("model") or ""),
        extra={"finish_reason_raw": str(raw_reason)},
    )


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date; None when absent or bad."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


class OpenAIClient(RetryingClient[bytes]):
    """A chat-completions client for one model at ``base_url`` (``.../v1``).

    The API key is read from the environment variable ``settings.api_key_env`` when the
    client is made; without one no Authorization header is sent (local servers need none).
    Safe to share between threads.
    """

    def __init__(
        self,
        base_url: str,
        model_name: str,
        settings: OpenAISettings | None = None,
        *,
        policy: RetryPolicy | None = None,
        limiter: RateLimiter | None = None,
        concurrency: int = 0,
    ) -> None:
        super().__init__(policy=policy, limiter=limiter, concurrency=concurrency)
        self.settings = settings or OpenAISettings()
        self.base_url = base_url.rstrip("/")
        self.url = self.base_url + "/chat/completions"
        self.target = self.url
        self.model_name = model_name
        self.timeout_s = self.settings.timeout_s
        self._api_key = os.environ.get(self.settings.api_key_env, "")

    def __enter__(self) -> OpenAIClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release: each attempt uses its own connection."""

    @property
    def limits(self) -> Limits:
        """What this client can pass on: frames beyond the cap are spread, not refused."""
        return Limits(max_output_tokens=self.settings.max_tokens)

    def info(self) -> dict[str, Any]:
        """What the run records about the model; no request is made."""
        s = self.settings
        return {
            "name": self.model_name,
            "endpoint": self.url,
            "protocol": "openai-chat-completions",
            "max_images": s.max_images,
            "max_frames": s.max_frames,
            "image_long_side": s.image_long_side,
            "max_tokens": s.max_tokens,
            "max_tokens_param": s.max_tokens_param,
            "temperature": s.temperature if s.send_temperature else None,
            "timeout_s": s.timeout_s,
        }

    def wait_ready(self, timeout_s: float) -> None:
        """No readiness probe: the first request's retries cover a server still starting."""

    def _prepare(self, bundle: Bundle) -> bytes:
        """The encoded request body, built once however many attempts it takes."""
        return json.dumps(build_payload(bundle, self.model_name, self.settings)).encode()

    def _attempt(self, request: bytes, timeout_s: float) -> Generation:
        headers = {"Content-Type": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        started = time.monotonic()
        try:
            with requests.post(
                self.url,
                data=request,
                headers=headers,
                timeout=(min(CONNECT_TIMEOUT_S, timeout_s), timeout_s),
                stream=True,
            ) as resp:
                raw = _read_body(resp, started + timeout_s)
                status = resp.status_code
                retry_after = retry_after_seconds(resp.headers.get("Retry-After"))
        except requests.Timeout as exc:
            raise TransientError(f"no answer within {timeout_s:g} s ({exc})") from exc
        except requests.ConnectionError as exc:
            raise TransientError(f"connection failed: {_short(exc)}") from exc
        except requests.RequestException as exc:  # e.g. ChunkedEncodingError
            raise TransientError(f"reply cut off: {_short(exc)}") from exc
        elapsed = time.monotonic() - started
        if status in RETRY_STATUSES:
            raise TransientError(
                f"HTTP {status}: {_text(raw)}"
                + (f" (Retry-After {retry_after:g} s)" if retry_after is not None else ""),
                retry_after=retry_after,
            )
        if status >= 400:
            raise ModelError(f"HTTP {status} from {self.url}: {_text(raw)}")
        try:
            body = json.loads(raw)
        except ValueError as exc:
            raise ModelError(f"reply from {self.url} is not JSON: {_text(raw)}") from exc
        gen = parse_reply(body)
        gen.seconds = elapsed
        gen.model = gen.model or self.model_name
        return gen


def _read_body(resp: requests.Response, deadline: float) -> bytes:
    """The body, at most MAX_REPLY_BYTES, read before ``deadline`` (monotonic).

    Raises:
        ModelError: the body is larger than MAX_REPLY_BYTES.
        requests.Timeout: the deadline passed while reading (a trickling server).
    """
    declared = resp.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > MAX_REPLY_BYTES:
        raise ModelError(f"reply of {declared} bytes exceeds the limit of {MAX_REPLY_BYTES}")
    parts: list[bytes] = []
    size = 0
    for chunk in resp.iter_content(chunk_size=64 << 10):
        size += len(chunk)
        if size > MAX_REPLY_BYTES:
            raise ModelError(f"reply exceeds the limit of {MAX_REPLY_BYTES} bytes")
        parts.append(chunk)
        if time.monotonic() > deadline:
            raise requests.Timeout("deadline passed while reading the reply")
    return b"".join(parts)


def _text(raw: bytes) -> str:
    return raw[:300].decode("utf-8", errors="replace").strip() or "(empty body)"


def _short(exc: Exception) -> str:
    return str(exc)[:300]
