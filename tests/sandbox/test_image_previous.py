"""A rebuild drops the image it replaced only when nothing names it any more: another
checkout's content-tagged image on the same engine stays (pure unit, a stand-in engine)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sandbox.image import _remove_previous


@dataclass
class Image:
    tags: list[str]


@dataclass
class Images:
    known: dict[str, Image]
    removed: list[str] = field(default_factory=list)

    def get(self, image_id: str) -> Image:
        return self.known[image_id]

    def remove(self, image_id: str) -> None:
        self.removed.append(image_id)


@dataclass
class Engine:
    images: Images


def test_an_untagged_previous_image_is_removed() -> None:
    engine = Engine(Images({"sha256:old": Image(tags=[])}))
    lines: list[str] = []
    _remove_previous(engine, "sha256:old", lines.append)  # type: ignore[arg-type]
    assert engine.images.removed == ["sha256:old"]
    assert lines == ["removed the previous image sha256:old"]


def test_another_checkouts_content_tag_keeps_its_image() -> None:
    engine = Engine(Images({"sha256:old": Image(tags=["iwr-sandbox:content-0123456789abcdef"])}))
    lines: list[str] = []
    _remove_previous(engine, "sha256:old", lines.append)  # type: ignore[arg-type]
    assert engine.images.removed == []
    assert "still tagged iwr-sandbox:content-0123456789abcdef" in lines[0]
