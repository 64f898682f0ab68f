"""One simulated camera: name, PTZ head, event bus, faults, and its two live streams."""

from __future__ import annotations

import asyncio
import logging
import threading
import time

import cv2

from video.errors import SimulatorError
from video.sim.events import TOPIC_MOTION, TOPIC_SIGNAL_LOSS, TOPIC_TAMPER, EventBus
from video.sim.faults import FaultSet, check_kind
from video.sim.ptz import PtzState
from video.sim.render import StreamRenderer
from video.sim.scene import SceneModel
from video.sim.stream import STREAM_SIZES, LiveStream

logger = logging.getLogger(__name__)

DISTRICT_ROADS = (
    ("王益区", "七一路路口"),
    ("印台区", "东大街"),
    ("耀州区", "药王大道"),
    ("宜君县", "中山路"),
    ("王益区", "红旗街"),
    ("印台区", "新村路口"),
    ("耀州区", "正阳路"),
    ("新区", "正阳路北段"),
)
TAMPER_FAULTS = frozenset({"occlusion", "scene_change"})


def default_name(index: int) -> str:
    """A plausible Chinese camera name for camera ``index`` (1-based)."""
    district, road = DISTRICT_ROADS[(index - 1) % len(DISTRICT_ROADS)]
    return f"{district}{road}-{index:02d}"


class SimCamera:
    """A simulated camera. ``ptz``, ``events`` and ``faults`` are thread-safe. A fixed camera
    (``ptz=False``, a bullet or dome without a head) publishes no PTZ service."""

    def __init__(self, index: int, name: str | None = None, ptz: bool = True) -> None:
        self.index = index
        self.has_ptz = ptz
        self.id = f"cam{index}"
        self.name = name or default_name(index)
        self.ptz = PtzState()
        self.events = EventBus()
        self.faults = FaultSet()
        self.scene = SceneModel(index)
        self.streams: dict[str, LiveStream] = {}
        self._snapshot: StreamRenderer | None = None
        self._snapshot_lock = threading.Lock()

    def attach(self, loop: asyncio.AbstractEventLoop, gop: int) -> None:
        """Create the main and sub streams on ``loop`` (the simulator's loop)."""
        for kind in ("main", "sub"):
            self.streams[kind] = LiveStream(
                loop, self.index, self.name, kind, self.ptz, self.faults, gop, f"{self.id}/{kind}"
            )

    def set_fault(self, kind: str, on: bool = True) -> bool:
        """Turn a fault on/off, publish the matching events; True if anything changed."""
        check_kind(kind)
        changed = self.faults.set(kind, on)
        if kind == "ptz":
            self.ptz.responsive = not on
        active = self.faults.active()
        if kind in TAMPER_FAULTS:
            self.events.publish(TOPIC_TAMPER, "IsTamper", bool(active & TAMPER_FAULTS))
        if kind == "signal_loss":
            self.events.publish(TOPIC_SIGNAL_LOSS, "State", on)
        if changed:
            logger.info("%s: fault %s %s", self.id, kind, "on" if on else "off")
        return changed

    def update_motion(self, now: float | None = None) -> None:
        """Publish motion edges from the scene (a car in the watched zone)."""
        active = self.faults.active()
        blind = bool(active & {"signal_loss", "occlusion", "disconnect"})
        moving = not blind and self.scene.motion(now if now is not None else time.time())
        self.events.publish(TOPIC_MOTION, "IsMotion", moving)

    def snapshot_jpeg(self) -> bytes:
        """A JPEG of the current main-stream picture (for the ONVIF snapshot URI); any thread."""
        with self._snapshot_lock:
            if self._snapshot is None:
                width, height = STREAM_SIZES["main"]
                pano = self.streams["main"].renderer().pano if self.streams else None
                self._snapshot = StreamRenderer(
                    self.index, self.name, width, height, self.ptz, self.faults, pano
                )
            i420 = self._snapshot.render(time.time())
        bgr = cv2.cvtColor(i420, cv2.COLOR_YUV2BGR_I420)
        ok, jpeg = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, 85])
        if not ok:
            raise SimulatorError(f"{self.id}: JPEG encoding of the snapshot failed")
        return jpeg.tobytes()

    def close(self) -> None:
        """Stop both streams' workers."""
        for stream in self.streams.values():
            stream.close()
