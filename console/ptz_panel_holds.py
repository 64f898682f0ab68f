"""The PTZ panel's part in who steers a camera (云台控制权, ``dispatch.ptz``): the hold taken
before each command on the worker thread, refusals and notes shown on the Qt thread, the hold
renewed while a turn runs and let go when the panel moves on. A mixin of ``QtPtzPanel``."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from console.board.refusals import refusal_text
from dispatch.errors import DispatchError, StoreError
from dispatch.ptz import PtzHold

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer, SignalInstance
    from PySide6.QtWidgets import QLabel, QPushButton

    from console.ptz_holds import PtzHolds

logger = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("QtPtzPanel", text)


HELD = "held"  # result of a command the dispatch service refused (see ``refused``)
TAKEN_OVER, MAY_TAKE, WAIT = "taken-over", "may-take", "wait"  # kinds of ``hold_note``


class PanelHolds:
    """Methods of ``QtPtzPanel`` for the camera's hold (names say which thread)."""

    if TYPE_CHECKING:  # provided by QtPtzPanel
        _holds: PtzHolds | None
        _held: set[str]
        _moving: set[str]
        _camera_id: str | None
        _without_ptz: bool
        _pending_note: str
        _holder_note: str
        _note_lapse: QTimer
        status_label: QLabel
        refused: SignalInstance
        result: SignalInstance
        hold_note: SignalInstance
        holding: SignalInstance
        release_button: QPushButton
        _hold_lapse: QTimer
        _told_taken: str | None
        _repeat: QTimer

        def _queue(self, command: str, job: Callable[[], Any]) -> None: ...
        def _show_status(self, text: str, notice: bool = False) -> None: ...

    def _may_steer(self, command: str, camera_id: str, quiet: bool = False) -> bool:
        """Take (or renew) the camera's hold before a command (worker thread); a refusal is
        shown (unless ``quiet``) and the command not sent. A stop goes out even when the
        database cannot be reached: a camera must not keep turning for that."""
        if self._holds is None:
            return True
        try:
            hold = self._holds.take(camera_id)
        except StoreError as exc:
            if command == "stop":
                return True
            refusal: DispatchError = exc
        except DispatchError as exc:
            self._held.discard(camera_id)
            # displaced: the holder's commands replace ours, and our last move times out, so
            # a stop from here would only cut into theirs
            self._moving.discard(camera_id)
            self.holding.emit(camera_id, False)
            refusal = exc
        else:
            self._held.add(camera_id)
            self.holding.emit(camera_id, True)
            if hold.displaced is not None:
                self.hold_note.emit(camera_id, hold, TAKEN_OVER)
            return True
        logger.info("%s: PTZ %s refused: %s", camera_id, command, refusal)
        if quiet:
            return False
        self.refused.emit(camera_id, refusal)
        self.result.emit(command, HELD)
        return False

    def _let_go(self, camera_id: str) -> None:
        """Release the camera's hold if this panel has it (worker thread)."""
        if self._holds is None or camera_id not in self._held:
            return
        self._held.discard(camera_id)
        self.holding.emit(camera_id, False)
        try:
            self._holds.release(camera_id)
        except DispatchError as exc:  # it lapses by itself in dispatch.ptz.HOLD_S
            logger.warning("%s: could not let go of PTZ: %s", camera_id, exc)

    def _let_go_all(self) -> None:
        for camera_id in list(self._held):
            self._let_go(camera_id)

    def _tell_holder(self, camera_id: str) -> None:
        """Say who else steers the camera just selected, if anyone (worker thread)."""
        if self._holds is None:
            return
        try:
            hold = self._holds.holder(camera_id)
        except DispatchError as exc:
            logger.warning("%s: cannot ask who steers it: %s", camera_id, exc)
            return
        if hold is not None and not self._holds.mine(hold):
            kind = MAY_TAKE if self._holds.may_take_over(hold) else WAIT
            self.hold_note.emit(camera_id, hold, kind)

    def _on_refused(self, camera_id: str, exc: DispatchError) -> None:
        if camera_id == self._camera_id:
            self._repeat.stop()  # a held key no longer steers it
            name_of = self._holds.org_name if self._holds is not None else str
            self._show_status(refusal_text(exc, name_of))

    def _on_hold_note(self, camera_id: str, hold: PtzHold, kind: str) -> None:
        """Who steers the selected camera: another console's hold shown at once (and asked
        again when it would lapse); this user's take-over once its command reached the camera."""
        if camera_id != self._camera_id or self._without_ptz:
            return
        name_of = self._holds.org_name if self._holds is not None else str
        if kind == TAKEN_OVER and hold.displaced is not None:
            self._pending_note = (
                _tr("You took this camera over from %1 (%2)")
                .replace("%1", hold.displaced.name)
                .replace("%2", name_of(hold.displaced.org_id))
            )
            return
        if kind == MAY_TAKE:
            text = _tr("%1 (%2) is steering this camera; your next command takes it over")
        else:
            text = _tr("%1 (%2) is steering this camera for another %3 s; wait, or ask a "
                           "higher center")  # fmt: skip
        seconds = hold.seconds_left(time.time())
        text = text.replace("%1", hold.name).replace("%2", name_of(hold.org_id))
        self._holder_note = text.replace("%3", str(seconds))
        self._show_status(self._holder_note, notice=True)
        self._note_lapse.start(seconds * 1000)

    def _on_note_lapse(self) -> None:
        """The hold shown would have lapsed: the note goes, and who steers now is asked."""
        if self.status_label.text() == self._holder_note:
            self._show_status("")
        camera_id = self._camera_id
        if camera_id is not None and self._holds is not None:
            self._queue("holder", lambda: self._tell_holder(camera_id))

    def _on_holding(self, camera_id: str, held: bool) -> None:
        """The release button follows whether this panel holds the selected camera."""
        if camera_id != self._camera_id:
            return
        self.release_button.setEnabled(held)
        if held:
            self._hold_lapse.start()  # it lapses HOLD_S after the last command
        else:
            self._hold_lapse.stop()

    def _on_release_clicked(self) -> None:
        """释放控制权: the camera is let go now (after any command queued before)."""
        camera_id = self._camera_id
        if camera_id is not None:
            self._repeat.stop()
            self.release_button.setEnabled(False)
            self._queue("release", lambda: self._let_go(camera_id))

    def others_hold(self, camera_ids: set[str]) -> None:
        """Cameras other consoles hold now (``PtzWatch``): once the selected one is among
        them, the release button goes off and who holds it is said, before any command."""
        camera_id = self._camera_id
        if camera_id not in camera_ids:
            self._told_taken = None
        elif camera_id != self._told_taken:
            self._told_taken = camera_id
            self.release_button.setEnabled(False)
            self._hold_lapse.stop()
            self._queue("holder", lambda: self._tell_holder(camera_id))
