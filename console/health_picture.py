"""Picture checks (画面诊断) for the maintenance view: the patrol hands over two pictures of
each camera it checked (one from early in the check, the last one), ``ShownPictures`` two
frames of each camera being shown, a minute apart per camera; a worker thread diagnoses
them (``video.diagnostics``: no signal, frozen, covered, blurred, too dark or bright,
colour cast, snow, stripes; shaking, from the frames seen in between; a changed scene,
against the camera's reference view) and the health list shows what it found.

A camera's reference view is its first picture found sound (or the first after maintenance
asked for a new one, or after this console turned it by PTZ), kept in the console's data
folder (a small grey picture per camera) so it outlives a restart.

A diagnosis takes 8-10 ms, so it runs on one worker thread, never the Qt thread; checks
finishing faster than that wait their turn (at most ``QUEUE`` of them, the oldest dropped:
a newer check of the camera follows).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QTimer, Signal

from console import i18n
from console.health_reference import FIXED, ReferenceView, ReferenceViews, turned
from console.site_time import from_epoch
from video.diagnostics import (
    MIN_SPAN_S,
    Diagnosis,
    Limits,
    diagnose,
    explain,
    fill,
    reference_plane,
)
from video.ingest.models import FrameSeries
from video.ingest.opener import to_bgr
from video.onvif.models import PtzStatus

logger = logging.getLogger(__name__)

FROZEN_AFTER_S = MIN_SPAN_S  # the two pictures this far apart: a frozen one is judged
QUEUE = 16  # checks waiting for a diagnosis, at most
SHOWN_EVERY_S = 60.0  # a camera being shown is examined this often
SHOWN_SPAN_S = 2.5  # from its first picture to its second
SHOWN_BETWEEN = 4  # frames of a shown camera kept between those two (memory: all at once)
SETTLE_S = 5.0  # a camera turned by PTZ: pictures this long after are its new reference
KEEP_WITHIN_S = 2.0  # a picture older than this when diagnosed is not kept as a reference
POSITION_RETRY_S = 600.0  # a camera whose PTZ position could not be read is asked again
FINDING_NAMES = {
    "signal_loss": QT_TRANSLATE_NOOP("PictureCheck", "No signal"),
    "frozen": QT_TRANSLATE_NOOP("PictureCheck", "Frozen"),
    "occluded": QT_TRANSLATE_NOOP("PictureCheck", "Covered"),
    "blurred": QT_TRANSLATE_NOOP("PictureCheck", "Blurred"),
    "dark": QT_TRANSLATE_NOOP("PictureCheck", "Too dark"),
    "bright": QT_TRANSLATE_NOOP("PictureCheck", "Too bright"),
    "colour_cast": QT_TRANSLATE_NOOP("PictureCheck", "Colour cast"),
    "noisy": QT_TRANSLATE_NOOP("PictureCheck", "Snow"),
    "striped": QT_TRANSLATE_NOOP("PictureCheck", "Stripes"),
    "shaking": QT_TRANSLATE_NOOP("PictureCheck", "Shaking"),
    "scene_changed": QT_TRANSLATE_NOOP("PictureCheck", "Scene changed"),
}
FAULT_COLOUR = "#ffa94d"
OK_COLOUR = "#69db7c"


@dataclass(frozen=True)
class PictureReport:
    """A camera's last picture diagnosis and when its picture was taken (epoch seconds)."""

    diagnosis: Diagnosis
    at: float
    span_s: float | None = None  # how far apart the two pictures were (None: one picture)
    limits: Limits = Limits()  # those the diagnosis used  # noqa: RUF009 (frozen: shared)
    turned: bool = False  # a changed scene was found, but the camera was turned by PTZ
    # the examined picture as its reference would be (small, grey), kept when the scene was
    # found changed: maintenance compares the two
    seen: np.ndarray | None = field(default=None, compare=False, repr=False)


def tr(text: str) -> str:
    """``text`` in the UI language (context PictureCheck)."""
    return QCoreApplication.translate("PictureCheck", text)


def picture_text(report: PictureReport | None) -> str:
    """The Picture cell: the findings' names, "OK", or a dash before any diagnosis."""
    if report is None:
        return "—"
    if report.diagnosis.ok:
        return tr("OK")
    sep = tr(", ")
    return sep.join(tr(str(FINDING_NAMES[f])) for f in report.diagnosis.findings)


def picture_rank(report: PictureReport | None) -> int:
    """Sort key: most findings first, then pictures found right, then those not diagnosed."""
    if report is None:
        return 100
    return 50 if report.diagnosis.ok else 10 - len(report.diagnosis.findings)


def picture_colour(report: PictureReport | None) -> str | None:
    """The cell's text colour."""
    if report is None:
        return None
    return OK_COLOUR if report.diagnosis.ok else FAULT_COLOUR


def record_tr(text: str) -> str:
    """``text`` in the record language (what is written into incidents)."""
    return i18n.record_text("PictureCheck", text)


def _explain(
    finding: str, report: PictureReport, limits: Limits, tr: Callable[[str], str] = tr
) -> str:
    """One line on what made ``finding``: the measure against its limit (in ``tr``'s
    language)."""
    template, values = explain(finding, report.diagnosis.measures, limits, report.span_s)
    text = fill(tr(template), values)
    return tr("%1: %2").replace("%1", tr(str(FINDING_NAMES[finding]))).replace("%2", text)


def finding_lines(report: PictureReport) -> list[str]:
    """One line per finding on what made it (in the UI language)."""
    return [_explain(f, report, report.limits) for f in report.diagnosis.findings]


def picture_tooltip(report: PictureReport | None) -> str | None:
    """When the picture was examined and why each finding was made."""
    if report is None:
        return None
    when = from_epoch(report.at).strftime("%H:%M:%S")
    lines = [tr("Picture examined at %1").replace("%1", when), *finding_lines(report)]
    if report.turned:
        lines.append(
            tr("Turned by PTZ since its reference view: its next still picture is the new one")
        )
    if report.diagnosis.measures.changed is None:
        lines.append(tr("Not judged for a frozen picture: the check saw too little of it"))
    return "\n".join(lines)


def frame_bgr(frame: Any) -> np.ndarray:
    """A reader frame's picture as BGR (converted from its decoded source when it has one)."""
    source = getattr(frame, "source", None)
    if source is not None:
        return to_bgr(source, None)
    return np.asarray(frame.image)


def work_order_text(report: PictureReport, faults: tuple[str, ...]) -> tuple[str, str]:
    """(the faults' names, one line each on why) in the record language, for an incident."""
    names = record_tr(", ").join(record_tr(str(FINDING_NAMES[f])) for f in faults)
    lines = [_explain(f, report, report.limits, record_tr) for f in faults]
    return names, "\n".join(lines)


class PictureChecks(QObject):
    """Diagnoses pictures on one worker thread; ``diagnosed(camera_id, PictureReport)`` is
    emitted on the Qt thread. ``submit`` may be called from any thread and never blocks.
    Reference views are kept in ``folder`` (None: in memory, for this run only).

    ``ptz_status(camera_id)``, called on the worker thread, returns a camera's PTZ position,
    None for a camera without PTZ, or raises when it cannot be read now (asked again after
    ``POSITION_RETRY_S``); with it, a scene changed because the camera was turned since its
    reference view was taken is no fault: the view is taken again.
    """

    diagnosed = Signal(str, object)
    _done = Signal(str, object)  # from the worker thread; queued to the Qt thread

    def __init__(
        self,
        parent: QObject | None = None,
        limits: Limits = Limits(),  # noqa: B008
        folder: Path | None = None,
        ptz_status: Callable[[str], PtzStatus | None] | None = None,  # (on the worker)
    ) -> None:
        super().__init__(parent)
        self.limits = limits
        self.views = ReferenceViews(folder)
        self._ptz_status = ptz_status
        self._unread: dict[str, float] = {}  # camera -> monotonic time its position failed
        self._waiting: OrderedDict[str, tuple[Any, Any, tuple[Any, ...]]] = OrderedDict()
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._done.connect(self.diagnosed)

    def submit(self, camera_id: str, first: Any, last: Any, between: Sequence[Any] = ()) -> None:
        """Diagnose ``last`` (a reader frame), judging a frozen picture against ``first``
        when they lie ``FROZEN_AFTER_S`` apart and a shaking one on ``first``, ``between``
        and ``last``; a camera already waiting is replaced."""
        with self._lock:
            if self._stopping:
                return
            self._waiting.pop(camera_id, None)
            self._waiting[camera_id] = (first, last, tuple(between))
            while len(self._waiting) > QUEUE:
                self._waiting.popitem(last=False)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="picture-checks")
                self._thread.daemon = True
                self._thread.start()
            self._wake.notify()

    def renew_reference(self, camera_id: str, settle_s: float = 0.0) -> None:
        """Forget a camera's reference view: its next sound picture taken ``settle_s``
        from now or later becomes it (it was turned on purpose and stops moving by then,
        or maintenance set it right)."""
        self.views.renew(camera_id, settle_s)

    def stop(self) -> None:
        """Drop what waits and end the worker (waits for the diagnosis under way)."""
        with self._lock:
            self._stopping = True
            self._waiting.clear()
            self._wake.notify()
            thread = self._thread
        if thread is not None:
            thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._waiting and not self._stopping:
                    self._wake.wait()
                if self._stopping:
                    return
                camera_id, (first, last, between) = self._waiting.popitem(last=False)
            report = self._diagnose(camera_id, first, last, between)
            if report is not None:
                try:
                    self._done.emit(camera_id, report)
                except (RuntimeError, TypeError):  # the owner was deleted meanwhile
                    return

    def _diagnose(
        self, camera_id: str, first: Any, last: Any, between: tuple[Any, ...]
    ) -> PictureReport | None:
        generation = self.views.generation(camera_id)  # a renewal from now voids this one
        try:
            earlier, span_s = None, None
            if first is not None and last.decoded_at - first.decoded_at >= FROZEN_AFTER_S:
                earlier, span_s = frame_bgr(first), last.decoded_at - first.decoded_at
            picture = frame_bgr(last)
            frames = [f for f in (first, *between) if f is not None]
            # grey is enough to align: a source frame's image is its luma plane, unconverted
            series = [f.image for f in frames] + [picture] if len(frames) >= 2 else []
            reference = self.views.get(camera_id)
            plane = None if reference is None else reference.plane
            diagnosis = diagnose(picture, earlier, self.limits, series, plane)
            was_turned = self._turned(camera_id, diagnosis, reference)
            if was_turned:  # not knocked: turned on purpose; judged again from a new view
                found = tuple(f for f in diagnosis.findings if f != "scene_changed")
                diagnosis = Diagnosis(found, diagnosis.measures)
            seen = reference_plane(picture) if "scene_changed" in diagnosis.findings else None
            # where the head stands now is where it stood for the picture just taken
            fresh = time.time() - last.decoded_at <= KEEP_WITHIN_S
            if diagnosis.ok and fresh and not was_turned:
                if reference is None and self.views.settled(camera_id, last.decoded_at):
                    self._keep(camera_id, picture, generation)
                elif reference is not None and reference.position is None:
                    self._note_position(camera_id, generation)  # kept without: not known then
        except Exception:  # a bug of ours: logged in full, the camera is examined next time
            logger.exception("picture check of %s failed", camera_id)
            return None
        taken_at = last.decoded_at or time.time()
        return PictureReport(diagnosis, taken_at, span_s, self.limits, was_turned, seen)

    def _position(self, camera_id: str) -> PtzStatus | str | None:
        """The head's position, ``FIXED`` for a camera without PTZ, None when not known (no
        way to ask, or it failed lately: a camera whose ONVIF does not answer holds up the
        diagnoses of others ``timeout_s`` at each try)."""
        if self._ptz_status is None:
            return None
        failed = self._unread.get(camera_id)
        if failed is not None and time.monotonic() - failed < POSITION_RETRY_S:
            return None
        try:
            position = self._ptz_status(camera_id)
        except Exception as exc:  # not known now
            logger.info("PTZ position of %s not read: %s", camera_id, exc)
            self._unread[camera_id] = time.monotonic()
            return None
        self._unread.pop(camera_id, None)
        return FIXED if position is None else position

    def _turned(
        self, camera_id: str, diagnosis: Diagnosis, reference: ReferenceView | None
    ) -> bool:
        """A changed scene on a camera whose head moved since its reference view: the
        view is renewed (from pictures taken once it stands still) and True returned."""
        if "scene_changed" not in diagnosis.findings or reference is None:
            return False
        if not isinstance(reference.position, PtzStatus):
            return False
        now = self._position(camera_id)
        if not isinstance(now, PtzStatus) or not turned(reference.position, now):
            return False
        self.views.renew(camera_id, SETTLE_S if now.moving else 0.0)
        return True

    def _keep(self, camera_id: str, picture: np.ndarray, generation: int) -> None:
        """Keep a sound picture as the camera's reference view, with its PTZ position
        (none while the head moves)."""
        position = self._position(camera_id)
        if isinstance(position, PtzStatus) and position.moving:
            return
        self.views.keep(camera_id, ReferenceView(reference_plane(picture), position), generation)

    def _note_position(self, camera_id: str, generation: int) -> None:
        """A view kept while the position could not be read (or before positions were
        kept): the head stands where it did then, the picture being the same."""
        position = self._position(camera_id)
        if position is None or (isinstance(position, PtzStatus) and position.moving):
            return
        self.views.set_position(camera_id, position, generation)


class ShownPictures(QObject):
    """Examines the cameras being shown (wall tiles, camera windows) as the patrol's checks
    examine the others: every ``every_s`` a camera's newest frame is kept, then one at each
    tick, and ``span_s`` later they go with the newest one then to ``submit(camera_id,
    first, last, between)``.

    ``frames()`` returns each shown camera's newest frame (``FrameBridge.latest_frames``).
    Holding a frame costs nothing but its memory: no stream is opened for this.
    """

    def __init__(
        self,
        frames: Any,
        submit: Any,
        parent: QObject | None = None,
        every_s: float = SHOWN_EVERY_S,
        span_s: float = SHOWN_SPAN_S,
    ) -> None:
        super().__init__(parent)
        self._frames = frames
        self._submit = submit
        self.every_s, self.span_s = every_s, span_s
        self._first: dict[str, tuple[float, FrameSeries]] = {}  # camera -> (time, its frames)
        self._done: dict[str, float] = {}  # camera -> monotonic time of its last submission
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._on_tick)

    def start(self) -> None:
        """Begin examining what is shown."""
        self._timer.start()

    def stop(self) -> None:
        """Stop (frames kept are let go)."""
        self._timer.stop()
        self._first.clear()

    def examine_now(self, camera_id: str) -> None:
        """Examine this camera at the next tick (if it is being shown), whenever it last was."""
        self._done.pop(camera_id, None)

    def _on_tick(self) -> None:
        now = time.monotonic()
        frames = self._frames()
        for camera_id in list(self._first):
            if camera_id not in frames:
                del self._first[camera_id]  # no longer shown: the patrol takes it
        for camera_id, frame in frames.items():
            if frame is None:
                continue
            kept = self._first.get(camera_id)
            if kept is None:
                if now - self._done.get(camera_id, -self.every_s) >= self.every_s:
                    series = FrameSeries(SHOWN_BETWEEN)
                    series.add(frame)
                    self._first[camera_id] = (now, series)
                continue
            began, series = kept
            newest = series.newest
            if now - began >= self.span_s and newest is not None and frame.seq != newest.seq:
                del self._first[camera_id]
                self._done[camera_id] = now
                self._submit(camera_id, series.first, frame, series.between(frame))
            else:
                series.add(frame)
