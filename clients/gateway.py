"""Serve iwr.v1.ModelService in front of any OpenAI-compatible endpoint.

A gRPC-only evaluator and a REST-only model meet here: each Generate call's bundle is
sent upstream by :class:`clients.openai_client.OpenAIClient` (retries, rate limit and all)
and the reply text is streamed back unchanged; the evaluator post-processes it as it does
any reply. An upstream failure reaches the evaluator as FINISH_REASON_ERROR carrying the
client's message, so the task's reason names the real cause.
"""

from __future__ import annotations

from clients.limits import Limits
from clients.openai_client import OpenAIClient
from clients.types import Bundle, Generation

GATEWAY_VERSION = "openai-gateway/1"
# Bundles the gateway accepts: frames beyond the upstream's image cap are spread, not
# refused, so only the size is bounded (the whole bundle is held in memory).
GATEWAY_LIMITS = Limits(
    max_frames=0,
    max_bundle_bytes=512 << 20,
    image_media_types=("image/png", "image/jpeg", "image/webp", "image/gif"),
)


class OpenAIGatewayModel:
    """A :class:`clients.server.Model` whose answers come from an OpenAI-compatible API."""

    def __init__(self, client: OpenAIClient) -> None:
        self.client = client
        self.name = client.model_name
        self.version = f"{GATEWAY_VERSION} {client.url}"
        self.limits = Limits(
            GATEWAY_LIMITS.max_frames,
            GATEWAY_LIMITS.max_bundle_bytes,
            GATEWAY_LIMITS.image_media_types,
            client.settings.max_tokens,
        )

    def generate(self, bundle: Bundle) -> Generation:
        """The upstream's reply for ``bundle``.

        Raises:
            clients.types.ModelError: the upstream failed for good (the servicer reports it
                as FINISH_REASON_ERROR).
        """
        return self.client.generate(bundle)
