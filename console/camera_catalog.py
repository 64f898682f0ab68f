"""Qt-free list of the cameras the console knows: id, name, grid, position, stream URLs.

Built from the camera registry (``video.registry.CameraRegistry``); the console's views read
it instead of calling the registry on the Qt thread.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from video.registry.models import profile_url

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CameraEntry:
    """One camera as the console shows it."""

    id: str
    name: str
    grid_id: str | None = None
    lon: float | None = None
    lat: float | None = None
    onvif_url: str = ""
    model: str = ""
    rtsp_main: str = field(default="", repr=False)  # may carry credentials: never log it
    rtsp_sub: str = field(default="", repr=False)

    def stream_url(self, profile: str) -> str:
        """RTSP URL of ``main`` or ``sub``; a camera with one stream gives it for both."""
        return profile_url(self.rtsp_main, self.rtsp_sub, profile) or ""


class CameraCatalog:
    """Cameras by id, with lookups by grid and by distance."""

    def __init__(self, cameras: Iterable[CameraEntry] = ()) -> None:
        self._cameras: dict[str, CameraEntry] = {}
        for camera in cameras:
            self.add(camera)

    def add(self, camera: CameraEntry) -> None:
        """Add or replace a camera."""
        self._cameras[camera.id] = camera

    def remove(self, camera_id: str) -> None:
        """Forget a camera (no error when unknown)."""
        self._cameras.pop(camera_id, None)

    def get(self, camera_id: str) -> CameraEntry | None:
        """The camera with this id, or None."""
        return self._cameras.get(camera_id)

    def all(self) -> list[CameraEntry]:
        """Every camera, by name."""
        return sorted(self._cameras.values(), key=lambda c: (c.name, c.id))

    def ids(self) -> list[str]:
        """Every camera id, by name."""
        return [c.id for c in self.all()]

    def name_of(self, camera_id: str) -> str:
        """Display name of a camera (its id when unknown)."""
        camera = self._cameras.get(camera_id)
        return camera.name if camera else camera_id

    def in_grid(self, grid_id: str) -> list[CameraEntry]:
        """Cameras placed in one grid."""
        return [c for c in self.all() if c.grid_id == grid_id]

    def grids(self) -> set[str]:
        """Grids that have at least one camera."""
        return {c.grid_id for c in self._cameras.values() if c.grid_id}

    def nearest(self, lon: float, lat: float, limit: int = 4) -> list[CameraEntry]:
        """Cameras with a position, nearest first (equirectangular distance)."""
        scale = math.cos(math.radians(lat))

        def dist(c: CameraEntry) -> float:
            assert c.lon is not None and c.lat is not None
            return math.hypot((c.lon - lon) * scale, c.lat - lat)

        placed = [c for c in self._cameras.values() if c.lon is not None and c.lat is not None]
        return sorted(placed, key=dist)[:limit]

    def __len__(self) -> int:
        return len(self._cameras)
