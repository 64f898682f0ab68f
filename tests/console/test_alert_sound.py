"""The new-incident alert sound, recorded from a real PulseAudio server's output.

``scripts/test.sh`` starts a private PulseAudio whose only output is a null sink and exports
``PULSE_SERVER``; these tests record that sink's monitor with ``parec`` while the console plays.
Without a sound server (a developer machine without PulseAudio) the recording tests skip.
"""
# ruff: noqa: F811  (pytest fixtures imported from board_world are used as arguments)

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from array import array

import pytest
from board_world import G1, World, board, world  # noqa: F401 (fixtures)

from console.board import BoardController, QtDispatchBoard
from console.board.alert_sound import SOUND_FILE, AlertSound

RATE = 22050
SILENT_RMS = 100.0  # 16-bit levels: the null sink's monitor is digital silence (0)
SOUND_RMS = 1500.0  # the alert peaks at 14,000 (× volume 0.8): its RMS is ~7,900


def sound_server() -> bool:
    """True when a PulseAudio server answers at ``PULSE_SERVER`` and parec is installed."""
    if not os.environ.get("PULSE_SERVER") or not shutil.which("parec"):
        return False
    info = subprocess.run(["pactl", "info"], capture_output=True, timeout=10, check=False)
    return info.returncode == 0


needs_sound = pytest.mark.skipif(not sound_server(), reason="no PulseAudio server to record")


class Recorder:
    """Records the default output's monitor (mono 16-bit) with parec on a helper thread."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [
                "parec",
                "--device=@DEFAULT_MONITOR@",
                "--format=s16le",
                "--channels=1",
                f"--rate={RATE}",
                "--raw",
                "--latency-msec=20",
            ],
            stdout=subprocess.PIPE,
        )
        self.chunks: list[tuple[float, bytes]] = []
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        while chunk := self.proc.stdout.read1(4096):
            self.chunks.append((time.monotonic(), chunk))

    def rms(self, since: float, until: float) -> float:
        """RMS level of what arrived between two monotonic times (0 when nothing did)."""
        data = b"".join(c for t, c in self.chunks if since <= t < until)
        samples = array("h", data[: len(data) // 2 * 2])
        if not samples:
            return 0.0
        return float((sum(s * s for s in samples) / len(samples)) ** 0.5)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(5)
        self._thread.join(5)
        assert self.proc.stdout is not None
        self.proc.stdout.close()


def test_the_alert_sound_is_bundled() -> None:
    data = SOUND_FILE.read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    assert len(data) > 20_000  # ~0.9 s of 16-bit mono audio


@needs_sound
def test_play_reaches_the_sound_output(qtbot) -> None:
    sound = AlertSound()
    qtbot.waitUntil(lambda: sound.ready() or sound.failed(), timeout=10_000)
    assert sound.ready(), "the sound server took no sound"
    recorder = Recorder()
    try:
        time.sleep(0.8)  # parec is streaming: a stretch of silence first
        played_at = time.monotonic()
        assert sound.play() == "sound"
        qtbot.wait(1500)
        done_at = time.monotonic()
    finally:
        recorder.stop()
    before = recorder.rms(played_at - 0.5, played_at)
    after = recorder.rms(played_at, done_at)
    assert recorder.chunks, "parec recorded nothing"
    assert before < SILENT_RMS, f"not silent before the alert (RMS {before:.0f})"
    assert after > SOUND_RMS, f"the alert was not heard (RMS {after:.0f})"
    assert sound.played == 1 and sound.beeped == 0


@needs_sound
def test_a_new_incident_sounds_the_alert_unless_muted(
    qtbot, world: World, board: BoardController
) -> None:
    view = QtDispatchBoard(board)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.sound.ready() or view.sound.failed(), timeout=10_000)
    assert view.sound_check.isChecked()

    first = world.svc.report(f"gw_{G1}_1", G1, "dispute", "complex", "土地承包纠纷")
    qtbot.waitUntil(lambda: board.collection.row_of(first.id) is not None, timeout=5000)
    assert view.alerts == 1 and view.sound.played == 1

    view.sound_check.setChecked(False)  # the operator mutes the board
    second = world.svc.report(f"gw_{G1}_1", G1, "dispute", "simple", "邻里噪音纠纷")
    qtbot.waitUntil(lambda: board.collection.row_of(second.id) is not None, timeout=5000)
    assert view.alerts == 2 and not view.banner.isHidden()  # still flashed and counted
    assert view.sound.played == 1 and view.sound.beeped == 0  # but silent
    view.stop()


def test_without_a_sound_output_the_alert_beeps() -> None:
    """A machine whose sound server is gone: the effect fails and the alert falls back."""
    code = (
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from console.board.alert_sound import AlertSound\n"
        "import time\n"
        "sound = AlertSound()\n"
        "deadline = time.monotonic() + 10\n"
        "while not (sound.ready() or sound.failed()) and time.monotonic() < deadline:\n"
        "    app.processEvents(); time.sleep(0.02)\n"
        "print(sound.play(), sound.beeped)\n"
    )
    env = dict(
        os.environ, PULSE_SERVER="unix:/nonexistent/pulse/native", QT_QPA_PLATFORM="offscreen"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["beep", "1"]
