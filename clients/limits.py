"""What bundles a model server accepts, and the checks both ends run against it.

A server declares its limits in GetInfo; the client checks a bundle against them before
sending anything (so an oversized bundle costs no bandwidth) and the server checks them
again while receiving (so a misbehaving client cannot make it buffer more than it agreed to).
Both ends use the same wording, which is why the checks return messages, not booleans.
"""

from __future__ import annotations

from dataclasses import dataclass

from clients.types import Bundle
from iwr.v1 import model_service_pb2 as pb


@dataclass(frozen=True)
class Limits:
    """Bounds a server enforces on incoming bundles; zero (or empty) means "no limit".

    Mirrors the wire message ``iwr.v1.Limits``; ``max_output_tokens`` is informational.
    """

    max_frames: int = 0
    max_bundle_bytes: int = 0
    image_media_types: tuple[str, ...] = ()
    max_output_tokens: int = 0

    def frame_count_problem(self, count: int) -> str | None:
        """Why ``count`` frames are too many, or None when they are accepted."""
        if self.max_frames and count > self.max_frames:
            return f"{count} frames exceed the server's limit of {self.max_frames}"
        return None

    def bundle_bytes_problem(self, total: int) -> str | None:
        """Why a bundle of ``total`` bytes is too large, or None when it is accepted."""
        if self.max_bundle_bytes and total > self.max_bundle_bytes:
            return f"{total} bundle bytes exceed the server's limit of {self.max_bundle_bytes}"
        return None

    def media_type_problem(self, name: str, media_type: str) -> str | None:
        """Why frame ``name`` of type ``media_type`` is refused, or None when accepted."""
        if self.image_media_types and media_type not in self.image_media_types:
            accepted = ", ".join(self.image_media_types)
            return f"frame {name!r} has media type {media_type!r}; the server accepts {accepted}"
        return None

    def problems(self, bundle: Bundle) -> list[str]:
        """Every way ``bundle`` breaks these limits; empty when it fits."""
        found = [
            self.frame_count_problem(len(bundle.frames)),
            self.bundle_bytes_problem(bundle.total_bytes()),
            *(self.media_type_problem(f.name, f.media_type) for f in bundle.frames),
        ]
        return [p for p in found if p is not None]

    def to_proto(self) -> pb.Limits:
        return pb.Limits(
            max_frames=self.max_frames,
            max_bundle_bytes=self.max_bundle_bytes,
            image_media_types=list(self.image_media_types),
            max_output_tokens=self.max_output_tokens,
        )

    @classmethod
    def from_proto(cls, msg: pb.Limits) -> Limits:
        return cls(
            max_frames=msg.max_frames,
            max_bundle_bytes=msg.max_bundle_bytes,
            image_media_types=tuple(msg.image_media_types),
            max_output_tokens=msg.max_output_tokens,
        )
