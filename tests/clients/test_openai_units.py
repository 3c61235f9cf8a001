"""Pure unit tests of the OpenAI-compatible client: payloads, replies, settings, backoff."""

from __future__ import annotations

import base64
import io
import time
from pathlib import Path

import pytest
from PIL import Image

from clients.base import RateLimiter, RetryingClient, RetryPolicy, TransientError
from clients.openai_client import (
    OpenAISettings,
    build_payload,
    load_settings,
    parse_reply,
    retry_after_seconds,
)
from clients.types import ASSET, FRAME, Bundle, BundleFile, Generation, ModelError


def png(width: int, height: int, shade: int = 0) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (shade, 0, 0)).save(out, format="PNG")
    return out.getvalue()


def bundle(frames: int = 3, big: bool = False) -> Bundle:
    size = (2000, 1000) if big else (40, 20)
    return Bundle(
        task_id="t",
        width=320,
        height=240,
        prompt="Rebuild it.",
        frames=tuple(
            BundleFile(f"frame_{i:04d}.png", FRAME, "image/png", png(*size, shade=i))
            for i in range(frames)
        ),
        assets=(
            BundleFile("stitched_image1.png", ASSET, "image/png", png(8, 8)),
            BundleFile("logo.png", ASSET, "image/png", png(9, 9)),
            BundleFile("font.woff2", ASSET, "font/woff2", b"wOF2"),
            BundleFile("icon.svg", ASSET, "image/svg+xml", b"<svg/>"),
        ),
    )


def decode(url: str) -> Image.Image:
    head, data = url.split(",", 1)
    assert head == "data:image/png;base64"
    return Image.open(io.BytesIO(base64.b64decode(data)))


def test_payload_is_prompt_then_sheets_then_frames_as_data_uris() -> None:
    b = bundle()
    payload = build_payload(b, "m", OpenAISettings())
    (message,) = payload["messages"]
    assert message["role"] == "user"
    parts = message["content"]
    assert parts[0] == {"type": "text", "text": "Rebuild it."}
    urls = [p["image_url"]["url"] for p in parts[1:]]
    # The sheet first, then frames; the raw assets (logo, font, svg) only on the sheet.
    assert len(urls) == 1 + 3
    assert decode(urls[0]).size == (8, 8)
    assert [decode(u).getpixel((0, 0))[0] for u in urls[1:]] == [0, 1, 2]
    assert payload["model"] == "m"
    assert payload["max_tokens"] == 16384 and payload["temperature"] == 0.0
    assert "seed" not in payload


def test_payload_sends_the_sample_seed() -> None:
    import dataclasses

    payload = build_payload(dataclasses.replace(bundle(), seed=3), "m", OpenAISettings())
    assert payload["seed"] == 3
    # A configured extra parameter still wins (a server that rejects seeds: seed = null).
    settings = OpenAISettings(extra_body={"seed": None})
    assert build_payload(dataclasses.replace(bundle(), seed=3), "m", settings)["seed"] is None


def test_payload_caps_images_spreading_frames_and_shrinks_long_sides() -> None:
    settings = OpenAISettings(max_images=4, image_long_side=500, extra_body={"top_p": 0.5})
    payload = build_payload(bundle(frames=10, big=True), "m", settings)
    urls = [p["image_url"]["url"] for p in payload["messages"][0]["content"][1:]]
    assert len(urls) == 4
    frames = [decode(u) for u in urls[1:]]
    assert [f.getpixel((0, 0))[0] for f in frames] == [0, 4, 9]  # first, middle, last
    assert all(f.size == (500, 250) for f in frames)
    assert payload["top_p"] == 0.5


def test_parse_reply_reads_text_reason_and_usage() -> None:
    gen = parse_reply(
        {
            "model": "x",
            "choices": [{"message": {"content": "hi"}, "finish_reason": "length"}],
            "usage": {"prompt_tokens": 5, "completion_tokens": 7},
        }
    )
    assert (gen.text, gen.finish_reason, gen.input_tokens, gen.output_tokens) == (
        "hi",
        "length",
        5,
        7,
    )
    parts = parse_reply({"choices": [{"message": {"content": [{"text": "a"}, {"text": "b"}]}}]})
    assert parts.text == "ab" and parts.finish_reason == "stop"


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ([], "not a JSON object"),
        ({"choices": []}, "no choices"),
        ({"choices": [{"message": {"content": None}}]}, "no message text"),
        ({"error": {"message": "bad key"}}, "bad key"),
    ],
)
def test_parse_reply_refuses_what_is_not_a_completion(body: object, why: str) -> None:
    with pytest.raises(ModelError, match=why):
        parse_reply(body)


def test_settings_file_layers_default_then_model(tmp_path: Path) -> None:
    cfg = tmp_path / "models.toml"
    cfg.write_text(
        "[default]\nmax_tokens = 8000\ntimeout_s = 30\n"
        '[models."vl-7b"]\nmax_images = 12\nextra_body = { top_k = 1 }\n'
    )
    s = load_settings(cfg, "vl-7b")
    assert (s.max_tokens, s.timeout_s, s.max_images, s.extra_body) == (8000, 30.0, 12, {"top_k": 1})
    assert load_settings(cfg, "other").max_images == 70
    cfg.write_text("[default]\nmax_token = 1\n")
    with pytest.raises(ValueError, match="unknown setting 'max_token'"):
        load_settings(cfg, "m")
    cfg.write_text('[default]\nmax_tokens = "many"\n')
    with pytest.raises(ValueError, match="max_tokens must be int"):
        load_settings(cfg, "m")


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_backoff_grows_with_jitter_and_obeys_retry_after() -> None:
    policy = RetryPolicy(base_wait_s=1.0, max_wait_s=5.0)
    waits = [policy.wait_before(n, None) for n in (2, 3, 4, 5, 6) for _ in range(50)]
    assert all(0 <= w <= 5.0 for w in waits)
    assert max(policy.wait_before(2, None) for _ in range(50)) <= 1.0
    assert len({round(w, 6) for w in waits}) > 10  # jittered, not fixed
    assert policy.wait_before(2, 2.5) == 2.5 and policy.wait_before(2, 99) == 99


class Scripted(RetryingClient):
    target = "scripted"

    def __init__(self, outcomes: list[Exception | str], **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.outcomes = outcomes
        self.calls = 0
        self.prepared = 0

    def _prepare(self, bundle: Bundle) -> object:
        self.prepared += 1
        return bundle

    def _attempt(self, request: object, timeout_s: float) -> Generation:
        self.calls += 1
        out = self.outcomes.pop(0)
        if isinstance(out, Exception):
            raise out
        return Generation(text=out)


FAST = RetryPolicy(max_attempts=4, base_wait_s=0.001, max_wait_s=0.01)


def test_transient_faults_are_retried_final_ones_are_not() -> None:
    ok = Scripted([TransientError("503"), TransientError("reset"), "page"], policy=FAST)
    gen = ok.generate(bundle(0))
    assert gen.text == "page" and gen.extra["attempts"] == "3" and ok.calls == 3
    assert ok.prepared == 1  # the request is built once, not once per attempt
    final = Scripted([ModelError("HTTP 400"), "page"], policy=FAST)
    with pytest.raises(ModelError, match="HTTP 400"):
        final.generate(bundle(0))
    assert final.calls == 1
    storm = Scripted([TransientError("429")] * 9, policy=FAST)
    with pytest.raises(ModelError, match=r"after 4 attempt\(s\): 429"):
        storm.generate(bundle(0))
    assert storm.calls == 4


def test_total_budget_stops_a_retry_after_that_would_overrun_it() -> None:
    policy = RetryPolicy(max_attempts=10, max_total_s=0.5, max_wait_s=30)
    client = Scripted([TransientError("429", retry_after=5)] * 3, policy=policy)
    started = time.monotonic()
    with pytest.raises(ModelError, match=r"after 1 attempt\(s\).*last error: 429"):
        client.generate(bundle(0))
    assert time.monotonic() - started < 0.4 and client.calls == 1


def test_rate_limiter_holds_the_window() -> None:
    limiter = RateLimiter(2)
    assert limiter.acquire() and limiter.acquire()
    assert not limiter.acquire(deadline=time.monotonic() + 0.2)  # third must wait ~60 s
    assert RateLimiter(None).acquire() and RateLimiter(0).acquire()


def test_rate_limiter_takes_fractions_of_a_request_per_minute() -> None:
    half = RateLimiter(0.5)  # one request every 120 s
    assert (half.slots, half.window_s) == (1, 120.0)
    assert half.acquire()
    assert not half.acquire(deadline=time.monotonic() + 0.2)
    one_and_half = RateLimiter(1.5)  # two in any 80 s
    assert (one_and_half.slots, one_and_half.window_s) == (2, 80.0)
    assert RateLimiter(30).window_s == 60.0  # whole numbers as before


def test_settings_match_exactly_or_by_part_of_the_model_name(tmp_path: Path) -> None:
    cfg = tmp_path / "models.toml"
    cfg.write_text(
        "[default]\ntimeout_s = 300\n"
        '[models."gpt"]\nmax_images = 50\n'
        '[models."gpt-5"]\nmax_tokens_param = "max_completion_tokens"\nsend_temperature = false\n'
        '[models."gpt-5-mini"]\nmax_images = 10\n'
    )
    s = load_settings(cfg, "openai/GPT-5-2025-08-07")
    assert (s.max_images, s.max_tokens_param, s.send_temperature, s.timeout_s) == (
        50,
        "max_completion_tokens",
        False,
        300.0,
    )
    assert load_settings(cfg, "gpt-5-mini").max_images == 10  # the exact section wins
    assert load_settings(cfg, "claude").max_images == 70
    payload = build_payload(bundle(), "gpt-5", s)
    assert "temperature" not in payload and payload["max_completion_tokens"] == 16384
