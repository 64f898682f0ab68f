"""The audible half of the new-incident alert: a bundled two-tone WAV through QtMultimedia.

``QSoundEffect`` loads ``resources/sounds/new_incident.wav`` once, in the background, and plays
it without blocking the Qt thread. Where the machine has no usable audio output (no sound
server, no device: the effect reports an error) the alert falls back to the system beep, so an
operator is never left with a silent alert because of the audio set-up. Operators can mute it
(the board's sound switch); the choice is kept in the console settings.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl
from PySide6.QtWidgets import QApplication

import resources

logger = logging.getLogger(__name__)

SOUND_FILE = Path(resources.__file__).resolve().parent / "sounds" / "new_incident.wav"
VOLUME = 0.8


class AlertSound(QObject):
    """Plays the new-incident sound; ``play()`` says what it did: "sound", "beep" or "muted"."""

    def __init__(self, parent: QObject | None = None, path: Path = SOUND_FILE) -> None:
        super().__init__(parent)
        self.enabled = True
        self.played = 0  # alerts that reached the sound output
        self.beeped = 0  # alerts that fell back to the system beep
        self._effect: Any = None  # a QSoundEffect; None where it cannot exist
        self._error: Any = None  # QSoundEffect.Status.Error
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:  # PySide6-Addons missing: the beep is all there is
            logger.warning("QtMultimedia is not installed; new-incident alerts will beep")
            return
        if not path.is_file():
            logger.warning("alert sound %s is missing; new-incident alerts will beep", path)
            return
        effect = QSoundEffect(self)
        effect.setSource(QUrl.fromLocalFile(str(path)))  # loads on a Qt worker thread
        effect.setVolume(VOLUME)
        self._effect, self._error = effect, QSoundEffect.Status.Error

    def ready(self) -> bool:
        """True once the sound is loaded and an audio output accepted it."""
        return not self.failed() and bool(self._effect.isLoaded())

    def failed(self) -> bool:
        """True when the sound cannot be played here (no QtMultimedia, file or audio output)."""
        return self._effect is None or self._effect.status() == self._error

    def play(self) -> str:
        """Sound the alert now (never blocks); restarts the sound if it is still playing."""
        if not self.enabled:
            return "muted"
        if not self.failed():
            self._effect.stop()
            self._effect.play()  # a sound still loading plays as soon as it is loaded
            self.played += 1
            return "sound"
        QApplication.beep()
        self.beeped += 1
        return "beep"
