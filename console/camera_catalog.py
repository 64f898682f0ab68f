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


@dataclass(frozen=True)
class CatalogChange:
    """What a new list of cameras changed: added, removed, and (old, new) of those whose
    entry differs (name, grid, position, addresses)."""

    added: tuple[CameraEntry, ...] = ()
    removed: tuple[CameraEntry, ...] = ()
    changed: tuple[tuple[CameraEntry, CameraEntry], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def removed_ids(self) -> set[str]:
        """Ids of the cameras removed."""
        return {c.id for c in self.removed}

    def onvif_moved(self) -> set[str]:
        """Ids of the cameras kept whose ONVIF address changed (or was added or dropped)."""
        return {new.id for old, new in self.changed if old.onvif_url != new.onvif_url}


class CameraCatalog:
    """Cameras by id, with lookups by grid and by distance.

    ``replace`` swaps the whole table at once: a worker thread iterating the cameras meanwhile
    goes on over the old table, never over one changing under it.
    """

    def __init__(self, cameras: Iterable[CameraEntry] = ()) -> None:
        self._cameras: dict[str, CameraEntry] = {c.id: c for c in cameras}

    def replace(self, cameras: Iterable[CameraEntry]) -> CatalogChange:
        """Make ``cameras`` the whole catalog; what that changed."""
        old, new = self._cameras, {c.id: c for c in cameras}
        self._cameras = new
        return CatalogChange(
            added=tuple(c for k, c in new.items() if k not in old),
            removed=tuple(c for k, c in old.items() if k not in new),
            changed=tuple((old[k], c) for k, c in new.items() if k in old and old[k] != c),
        )

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
