"""The camera model the registry stores (credentials are never part of it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def profile_url(main: str | None, sub: str | None, profile: str) -> str | None:
    """The URL serving ``profile`` ("main" or "sub"): a camera with one stream registered
    gives it for both."""
    return (main or sub) if profile == "main" else (sub or main)


@dataclass
class Camera:
    """A registered camera. URLs carry no credentials; ``has_credentials`` says if any are kept."""

    id: str
    name: str
    grid_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    onvif_url: str | None = None
    rtsp_main: str | None = None
    rtsp_sub: str | None = None
    profiles: list[dict[str, Any]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    has_credentials: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (no secrets in it by construction)."""
        return {
            "id": self.id,
            "name": self.name,
            "grid_id": self.grid_id,
            "lat": self.lat,
            "lon": self.lon,
            "onvif_url": self.onvif_url,
            "rtsp_main": self.rtsp_main,
            "rtsp_sub": self.rtsp_sub,
            "profiles": self.profiles,
            "tags": self.tags,
            "has_credentials": self.has_credentials,
        }
