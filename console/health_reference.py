"""Cameras' reference views (基准画面) for the picture checks: the view a changed scene is
judged against, with the PTZ position it was taken at, so that a camera turned on purpose
(by another console, a preset tour, the camera's own patrol) is told apart from one knocked
or turned away: its position changed, and its next still picture becomes its reference.

A view is a small grey picture (``video.diagnostics.reference_plane``, 14 KB) kept in the
console's data folder, one PNG per camera and a JSON file beside it with the position (or
that the camera has no PTZ; no JSON: not known yet), so it outlives a restart; it is read
from disk when needed (a city's 3,000 in memory would be 43 MB for a read of 0.1 ms a minute
per camera). Thread-safe: the worker diagnosing keeps views while the Qt thread renews and
shows them; files are replaced whole.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from video.onvif.models import PtzStatus

logger = logging.getLogger(__name__)

TURN_TOLERANCE = 0.01  # position units (ONVIF generic spaces): a difference above is a turn
FIXED = "fixed"  # the position of a camera without PTZ


@dataclass(frozen=True)
class ReferenceView:
    """A camera's reference picture and the PTZ position it was taken at: a ``PtzStatus``,
    ``FIXED`` for a camera without PTZ, None when not known (not read yet)."""

    plane: np.ndarray
    position: PtzStatus | str | None = None
    taken_at: float | None = None  # epoch seconds (kept, or its file written)


def turned(before: PtzStatus, now: PtzStatus, tolerance: float = TURN_TOLERANCE) -> bool:
    """Whether the head is moving or stands elsewhere than ``before`` (on any axis both
    report)."""
    if now.moving:
        return True
    pairs = ((before.pan, now.pan), (before.tilt, now.tilt), (before.zoom, now.zoom))
    return any(a is not None and b is not None and abs(a - b) > tolerance for a, b in pairs)


class ReferenceViews:
    """Each camera's reference view, in ``folder`` (None: in memory, for this run only)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._memory: dict[str, ReferenceView] = {}  # without a folder
        self._not_before: dict[str, float] = {}  # camera -> epoch time a view may be kept
        self._renewals: dict[str, int] = {}  # camera -> renewals (a diagnosis under way is older)
        self._lock = threading.Lock()  # also held over the files: small, written whole

    def generation(self, camera_id: str) -> int:
        """How often the camera's view was renewed (pass it to ``keep``)."""
        with self._lock:
            return self._renewals.get(camera_id, 0)

    def settled(self, camera_id: str, taken_at: float) -> bool:
        """Whether a picture taken at ``taken_at`` (epoch seconds) may become the view."""
        with self._lock:
            return taken_at >= self._not_before.get(camera_id, 0.0)

    def exists(self, camera_id: str) -> bool:
        """Whether the camera has a reference view (without reading it)."""
        paths = self.paths(camera_id)
        with self._lock:
            return camera_id in self._memory if paths is None else paths[0].exists()

    def get(self, camera_id: str) -> ReferenceView | None:
        """The camera's reference view, if it has one."""
        paths = self.paths(camera_id)
        with self._lock:
            if paths is None:
                return self._memory.get(camera_id)
            picture, pose = paths
            if not picture.exists():
                return None
            plane = cv2.imread(str(picture), cv2.IMREAD_GRAYSCALE)  # None when unreadable
            if plane is None:
                return None
            try:
                taken_at: float | None = picture.stat().st_mtime
            except OSError:
                taken_at = None
            return ReferenceView(np.asarray(plane), _read_position(pose), taken_at)

    def renew(self, camera_id: str, settle_s: float = 0.0) -> None:
        """Forget the camera's view: its next sound picture taken ``settle_s`` from now or
        later becomes it."""
        paths = self.paths(camera_id)
        with self._lock:
            self._memory.pop(camera_id, None)
            self._not_before[camera_id] = time.time() + settle_s
            self._renewals[camera_id] = self._renewals.get(camera_id, 0) + 1
            for path in paths or ():
                path.unlink(missing_ok=True)

    def keep(self, camera_id: str, view: ReferenceView, generation: int) -> None:
        """Keep ``view`` unless the camera's view was renewed since ``generation``."""
        paths = self.paths(camera_id)
        with self._lock:
            if self._renewals.get(camera_id, 0) != generation:  # renewed meanwhile: too old
                return
            if paths is None:
                self._memory[camera_id] = dataclasses.replace(view, taken_at=time.time())
                return
            picture, pose = paths
            try:
                picture.parent.mkdir(parents=True, exist_ok=True)
                pose.unlink(missing_ok=True)  # never a position beside another picture
                _write_picture(picture, view.plane)
                if view.position is not None:
                    _write_position(pose, view.position)
            except (OSError, cv2.error) as exc:  # taken again from its next sound picture
                logger.warning("reference view of %s not saved: %s", camera_id, exc)

    def set_position(self, camera_id: str, position: PtzStatus | str, generation: int) -> None:
        """Note where the head stands for a view kept without (its position read since),
        unless the view was renewed since ``generation``."""
        paths = self.paths(camera_id)
        with self._lock:
            if self._renewals.get(camera_id, 0) != generation:
                return
            if paths is None:
                view = self._memory.get(camera_id)
                if view is not None:
                    self._memory[camera_id] = dataclasses.replace(view, position=position)
                return
            picture, pose = paths
            if not picture.exists():
                return
            try:
                _write_position(pose, position)
            except OSError as exc:  # read again at its next sound picture
                logger.warning("position of %s's reference view not saved: %s", camera_id, exc)

    def paths(self, camera_id: str) -> tuple[Path, Path] | None:
        """The camera's picture and position files (None: kept in memory)."""
        if self.folder is None:
            return None
        name = hashlib.sha256(camera_id.encode()).hexdigest()[:24]  # any id, a safe name
        return self.folder / f"{name}.png", self.folder / f"{name}.json"


def _write_picture(path: Path, plane: np.ndarray) -> None:
    part = path.with_name(path.stem + ".part.png")  # (the extension names the format)
    if not cv2.imwrite(str(part), plane):
        raise OSError(f"cannot write {part}")
    os.replace(part, path)


def _write_position(path: Path, position: PtzStatus | str) -> None:
    if isinstance(position, PtzStatus):
        data: dict[str, object] = {"pan": position.pan, "tilt": position.tilt}
        data["zoom"] = position.zoom
    else:
        data = {"ptz": False}
    part = path.with_name(path.name + ".part")
    part.write_text(json.dumps(data))
    os.replace(part, path)


def _read_position(path: Path) -> PtzStatus | str | None:
    try:
        data = json.loads(path.read_text())
        if data == {"ptz": False}:
            return FIXED
        axes = [data.get(k) for k in ("pan", "tilt", "zoom")]
        if not all(v is None or isinstance(v, int | float) for v in axes):
            raise ValueError("not a position")
    except FileNotFoundError:
        return None
    except (OSError, ValueError, AttributeError) as exc:  # read again from the camera
        logger.warning("position of reference view %s unreadable: %s", path.name, exc)
        return None
    pan, tilt, zoom = (None if v is None else float(v) for v in axes)
    return PtzStatus(pan, tilt, zoom, moving=False)
