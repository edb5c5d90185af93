"""Embedded content: ``Gallery`` (reports and links), ``Spotify``, ``SoundCloud``, ``Twitter``."""

from __future__ import annotations

from typing import Optional, Union

from pydantic import Field

from ..._validation import model
from ._blocks import Block, JSONDict, register

__all__ = ["Gallery", "GalleryReport", "GalleryURL", "SoundCloud", "Spotify", "Twitter"]


def _empty() -> list[JSONDict]:
    return [{"text": ""}]


@model
class GalleryReport:
    """A report shown in a ``Gallery``, by its view id."""

    report_id: str


@model
class GalleryURL:
    """A link shown in a ``Gallery`` as a card with a title, description and image."""

    url: str
    title: Optional[str] = None
    description: Optional[str] = None
    image_url: Optional[str] = None


@model
class Gallery(Block):
    """Cards of reports and links: ``wr.Gallery(items=[wr.GalleryURL(url="https://...")])``."""

    items: list[Union[GalleryReport, GalleryURL]] = Field(default_factory=list)

    def _wire(self) -> JSONDict:
        links: list[JSONDict] = []
        for item in self.items:
            if isinstance(item, GalleryReport):
                links.append({"type": "report", "id": item.report_id})
                continue
            link: JSONDict = {"type": "url", "url": item.url}
            for key, value in (
                ("title", item.title),
                ("description", item.description),
                ("imageURL", item.image_url),
            ):
                if value is not None:
                    link[key] = value
            links.append(link)
        return {"type": "gallery", "children": _empty(), "links": links}


def _gallery_item(link: JSONDict) -> Union[GalleryReport, GalleryURL]:
    if link["type"] == "report":
        return GalleryReport(report_id=link.get("id", ""))
    if link["type"] != "url":
        raise ValueError(f"unknown gallery link type {link['type']!r}")
    return GalleryURL(
        url=link.get("url", ""),
        title=link.get("title"),
        description=link.get("description"),
        image_url=link.get("imageURL"),
    )


@register("gallery")
def _load_gallery(data: JSONDict) -> Block | None:
    ids = data.get("ids")
    if ids:
        return Gallery(items=[GalleryReport(report_id=value) for value in ids])
    return Gallery(items=[_gallery_item(link) for link in data.get("links") or []])


@model
class Spotify(Block):
    """A Spotify player for a track: ``wr.interface.Spotify(spotify_id="4uLU6hMC...")``."""

    spotify_id: str

    def _wire(self) -> JSONDict:
        return {
            "type": "spotify",
            "spotifyType": "track",
            "spotifyID": self.spotify_id,
            "children": _empty(),
        }


@register("spotify")
def _load_spotify(data: JSONDict) -> Block | None:
    return Spotify(spotify_id=data["spotifyID"])


@model
class SoundCloud(Block):
    """A SoundCloud player, from the embed code SoundCloud gives (``html``)."""

    html: str

    def _wire(self) -> JSONDict:
        return {"type": "soundcloud", "html": self.html, "children": _empty()}


@register("soundcloud")
def _load_soundcloud(data: JSONDict) -> Block | None:
    return SoundCloud(html=data["html"])


@model
class Twitter(Block):
    """A post from X (Twitter), from the embed code it gives (``html``)."""

    html: str

    def _wire(self) -> JSONDict:
        return {"type": "twitter", "children": _empty(), "html": self.html}


@register("twitter")
def _load_twitter(data: JSONDict) -> Block | None:
    return Twitter(html=data["html"])
