"""Qt-free state of the video wall: layouts, slot assignment, maximised tile and tours.

A layout is a square grid of ``n`` cells and a list of tiles, each ``(row, col, rowspan, colspan)``.
The wall keeps one camera id (or None) per slot, independent of the layout, so switching
from 16 tiles to 4 and back keeps the assignment of the first slots.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

MAX_TILES = 16

Cell = tuple[int, int, int, int]


def _square(n: int) -> list[Cell]:
    return [(r, c, 1, 1) for r in range(n) for c in range(n)]


def _one_plus(n: int) -> list[Cell]:
    """One big (n-1)x(n-1) tile top-left, small tiles down the right column and along the bottom."""
    big = n - 1
    cells: list[Cell] = [(0, 0, big, big)]
    cells += [(r, big, 1, 1) for r in range(big)]
    cells += [(big, c, 1, 1) for c in range(n)]
    return cells


LAYOUTS: dict[str, tuple[int, list[Cell]]] = {
    "1": (1, _square(1)),
    "4": (2, _square(2)),
    "9": (3, _square(3)),
    "16": (4, _square(4)),
    "1+5": (3, _one_plus(3)),
    "1+7": (4, _one_plus(4)),
}
DEFAULT_LAYOUT = "16"


def layout_cells(name: str) -> tuple[int, list[Cell]]:
    """Grid size and tile cells of a layout; unknown names fall back to the default."""
    return LAYOUTS.get(name, LAYOUTS[DEFAULT_LAYOUT])


ALL_CAMERAS = "all"  # the name of the tour of every camera (the Tour button's)


@dataclass
class Tour:
    """A camera group cycled through the visible tiles every ``interval_s`` seconds."""

    name: str
    camera_ids: list[str]
    interval_s: float = 10.0
    position: int = 0

    def next_page(self, size: int) -> list[str]:
        """The next ``size`` cameras of the group (wrapping), advancing the position."""
        if not self.camera_ids or size <= 0:
            return []
        count = min(size, len(self.camera_ids))
        page = [self.camera_ids[(self.position + i) % len(self.camera_ids)] for i in range(count)]
        self.position = (self.position + count) % len(self.camera_ids)
        return page


@dataclass
class WallState:
    """Layout name, one camera id per slot, the maximised slot, and an optional tour."""

    layout: str = DEFAULT_LAYOUT
    slots: list[str | None] = field(default_factory=lambda: [None] * MAX_TILES)
    maximised: int | None = None
    tour: Tour | None = None

    def tile_count(self) -> int:
        """Number of tiles of the current layout."""
        return len(layout_cells(self.layout)[1])

    def visible_slots(self) -> list[int]:
        """Slots shown right now (one when maximised)."""
        if self.maximised is not None:
            return [self.maximised]
        return list(range(self.tile_count()))

    def assign(self, slot: int, camera_id: str | None) -> None:
        """Put a camera in a slot (None empties it)."""
        if not 0 <= slot < MAX_TILES:
            raise IndexError(f"wall slot {slot} out of range 0..{MAX_TILES - 1}")
        self.slots[slot] = camera_id

    def swap(self, a: int, b: int) -> None:
        """Exchange the cameras of two slots."""
        for slot in (a, b):
            if not 0 <= slot < MAX_TILES:
                raise IndexError(f"wall slot {slot} out of range 0..{MAX_TILES - 1}")
        self.slots[a], self.slots[b] = self.slots[b], self.slots[a]

    def first_free_slot(self) -> int | None:
        """First visible slot without a camera, or None."""
        for slot in range(self.tile_count()):
            if self.slots[slot] is None:
                return slot
        return None

    def slot_of(self, camera_id: str) -> int | None:
        """Visible slot showing this camera, or None."""
        for slot in range(self.tile_count()):
            if self.slots[slot] == camera_id:
                return slot
        return None

    def place(self, camera_ids: list[str]) -> list[int]:
        """Show cameras: ones already visible stay, then free slots, then overwrite from slot 0."""
        used: list[int] = []
        pending = [c for c in camera_ids if self.slot_of(c) is None]
        used += [s for c in camera_ids if (s := self.slot_of(c)) is not None]
        overwrite = 0
        for camera_id in pending:
            slot = self.first_free_slot()
            if slot is None:
                while overwrite in used and overwrite < self.tile_count() - 1:
                    overwrite += 1
                slot = overwrite
                overwrite = (overwrite + 1) % self.tile_count()
            self.slots[slot] = camera_id
            used.append(slot)
        return used

    def tour_step(self) -> list[str]:
        """Advance the tour one page and assign it to the visible tiles; the cameras shown."""
        if self.tour is None:
            return []
        page = self.tour.next_page(self.tile_count())
        for slot, camera_id in enumerate(page):
            self.slots[slot] = camera_id
        logger.debug("tour %s: %s", self.tour.name, page)
        return page

    def to_dict(self) -> dict[str, object]:
        """Plain form for persistence."""
        return {"layout": self.layout, "slots": ["" if s is None else s for s in self.slots]}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> WallState:
        """Restore from :meth:`to_dict` output, tolerating missing or damaged values."""
        layout = str(data.get("layout") or DEFAULT_LAYOUT)
        if layout not in LAYOUTS:
            layout = DEFAULT_LAYOUT
        raw = data.get("slots")
        slots: list[str | None] = [None] * MAX_TILES
        if isinstance(raw, list):
            for i, value in enumerate(raw[:MAX_TILES]):
                slots[i] = str(value) if value else None
        return cls(layout=layout, slots=slots)
