"""Media blocks: ``Image`` and ``Video``."""

from __future__ import annotations

from ..._validation import model
from ._blocks import Block, JSONDict, register
from ._inline import TextLikeField, text_from_wire, text_to_wire

__all__ = ["Image", "Video"]

_DEFAULT_IMAGE = (
    "https://raw.githubusercontent.com/wandb/assets/main/wandb-logo-yellow-dots-black-wb.svg"
)


@model
class Image(Block):
    """An image from a URL, with a caption below it.

    Example: ``wr.Image(url="https://example.com/cat.png", caption="A cat")``.
    """

    url: str = _DEFAULT_IMAGE
    caption: TextLikeField = ""

    def _wire(self) -> JSONDict:
        # The official client always marks a caption present (its caption list is never empty).
        return {
            "type": "image",
            "children": text_to_wire(self.caption),
            "url": self.url,
            "hasCaption": True,
        }


@register("image")
def _load_image(data: JSONDict) -> Block | None:
    return Image(url=data["url"], caption=text_from_wire(data.get("children")))


@model
class Video(Block):
    """A video (YouTube and other embeddable addresses): ``wr.Video(url="https://...")``."""

    url: str = "https://www.youtube.com/watch?v=krWjJcW80_A"

    def _wire(self) -> JSONDict:
        return {"type": "video", "url": self.url, "children": [{"text": ""}]}


@register("video")
def _load_video(data: JSONDict) -> Block | None:
    return Video(url=data["url"])
