"""The OpenAI-compatible client against a real HTTP server on 127.0.0.1, fault by fault."""

from __future__ import annotations

import socket
import time

import pytest

from clients.base import RetryPolicy
from clients.openai_client import OpenAIClient, OpenAISettings
from clients.types import ModelError
from tests.clients.fake_openai import Act, FakeOpenAI
from tests.clients.test_openai_units import bundle

pytestmark = pytest.mark.timeout(60)

FAST = RetryPolicy(max_attempts=4, max_total_s=20, base_wait_s=0.05, max_wait_s=0.2)


def client(url: str, **settings: object) -> OpenAIClient:
    return OpenAIClient(url, "fake-vl", OpenAISettings(**settings), policy=FAST)  # type: ignore[arg-type]


def test_request_shape_and_api_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IWR_TEST_KEY", "sk-test")
    with FakeOpenAI() as fake:
        gen = client(fake.url, api_key_env="IWR_TEST_KEY").generate(bundle())
        (body,) = fake.requests
        (headers,) = fake.script.headers
    assert "```html" in gen.text and gen.finish_reason == "stop"
    assert (gen.input_tokens, gen.output_tokens, gen.extra["attempts"]) == (123, 45, "1")
    assert headers["Authorization"] == "Bearer sk-test"
    assert body["model"] == "fake-vl" and body["temperature"] == 0.0
    kinds = [p["type"] for p in body["messages"][0]["content"]]
    assert kinds == ["text"] + ["image_url"] * 4


def test_unreachable_server_is_retried_then_a_model_error() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ModelError, match=r"after 4 attempt\(s\): connection failed"):
        client(f"http://127.0.0.1:{port}/v1").generate(bundle())


def test_slow_server_past_the_deadline_times_out_each_attempt() -> None:
    with FakeOpenAI([Act(delay_s=3)]) as fake:
        c = OpenAIClient(
            fake.url,
            "m",
            OpenAISettings(timeout_s=0.5),
            policy=RetryPolicy(max_attempts=2, base_wait_s=0.01, max_wait_s=0.01),
        )
        started = time.monotonic()
        with pytest.raises(ModelError, match=r"after 2 attempt\(s\): no answer within 0.5 s"):
            c.generate(bundle())
        assert time.monotonic() - started < 2.5
        assert len(fake.requests) == 2


@pytest.mark.slow
def test_429_storm_with_retry_after_waits_as_told_then_succeeds() -> None:
    acts = [Act("status", status=429, retry_after="1")] * 2 + [Act()]
    with FakeOpenAI(acts) as fake:
        c = OpenAIClient(
            fake.url, "m", policy=RetryPolicy(max_attempts=5, base_wait_s=0.01, max_wait_s=5)
        )
        gen = c.generate(bundle())
        gaps = [b - a for a, b in zip(fake.script.times, fake.script.times[1:], strict=False)]
    assert gen.extra["attempts"] == "3"
    assert all(g >= 0.95 for g in gaps), gaps  # Retry-After honoured, not the 10 ms backoff


def test_429_storm_without_retry_after_gives_up_after_bounded_attempts() -> None:
    with FakeOpenAI([Act("status", status=429)]) as fake:
        with pytest.raises(ModelError, match=r"after 4 attempt\(s\): HTTP 429"):
            client(fake.url).generate(bundle())
        assert len(fake.requests) == 4


def test_500s_are_retried_and_a_later_success_wins() -> None:
    with FakeOpenAI([Act("status", status=500), Act("status", status=503), Act()]) as fake:
        assert client(fake.url).generate(bundle()).extra["attempts"] == "3"


@pytest.mark.parametrize("status", [400, 401, 404, 422])
def test_other_4xx_are_final_at_once(status: int) -> None:
    with FakeOpenAI([Act("status", status=status)]) as fake:
        with pytest.raises(ModelError, match=f"HTTP {status}"):
            client(fake.url).generate(bundle())
        assert len(fake.requests) == 1


def test_malformed_json_is_a_model_error_not_retried() -> None:
    with FakeOpenAI([Act("malformed")]) as fake:
        with pytest.raises(ModelError, match="not JSON"):
            client(fake.url).generate(bundle())
        assert len(fake.requests) == 1


def test_oversized_reply_is_refused_without_reading_it_all() -> None:
    with FakeOpenAI([Act("oversized")]) as fake:
        with pytest.raises(ModelError, match="exceeds the limit"):
            client(fake.url).generate(bundle())
        assert len(fake.requests) == 1


def test_reply_cut_mid_way_is_retried() -> None:
    with FakeOpenAI([Act("cut"), Act()]) as fake:
        gen = client(fake.url).generate(bundle())
    assert gen.extra["attempts"] == "2" and "```html" in gen.text


def test_concurrency_bound_holds_across_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    with FakeOpenAI([Act(delay_s=0.3)]) as fake:
        c = OpenAIClient(fake.url, "m", concurrency=2, policy=FAST)
        started = time.monotonic()
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda _: c.generate(bundle(1)), range(4)))
        # Four 0.3 s calls two at a time take two rounds.
        assert time.monotonic() - started >= 0.55
