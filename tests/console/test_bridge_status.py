"""The frame bridge refreshes every tile's stream status, even when its ticks come late.

The readers here are minimal implementations of the bridge's ``Reader`` protocol that always
report a live stream: what is under test is the bridge's status schedule on the Qt thread, and a
late tick (a busy Qt thread on a loaded machine) is made deterministic by marking every feed due
again between ticks instead of waiting for a real stall.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from console.frames import STATUS_PER_TICK, FrameBridge, TileStatus


class LiveReader:
    """Reports a live stream and never delivers a frame (statuses only)."""

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def latest(self) -> Any:
        return None

    def stats(self) -> Any:
        return SimpleNamespace(state="live", fps=25.0, bitrate_kbps=600.0, reconnects=0)


class Sink:
    """Records the statuses the bridge hands to a tile."""

    def __init__(self) -> None:
        self.states: list[str] = []

    def set_picture(self, picture: Any) -> None:
        pass

    def set_status(self, status: TileStatus) -> None:
        self.states.append(status.state)

    def display_size(self) -> tuple[int, int]:
        return (476, 268)


def test_every_feed_gets_its_status_when_ticks_come_late(qtbot) -> None:
    bridge = FrameBridge(lambda camera, profile, size: LiveReader())
    sinks = [Sink() for _ in range(16)]
    for index, sink in enumerate(sinks):
        bridge.attach(sink, f"cam{index + 1}", "sub", (476, 268))
    bridge._timer.stop()  # the test drives the ticks
    assert all(s.states == ["connecting"] for s in sinks)

    ticks = -(-len(sinks) // STATUS_PER_TICK)  # enough ticks to serve every feed once
    for _ in range(ticks):
        for feed in bridge._feeds.values():
            feed.status_at = 0.0  # the tick came late: every feed is due again
        bridge._on_tick()

    assert [s.states[-1] for s in sinks] == ["live"] * len(sinks)
    counts = [len(s.states) - 1 for s in sinks]  # refreshes after "connecting"
    assert max(counts) - min(counts) <= 1  # served in turn, nobody twice before another once
    bridge.stop()


def test_a_tile_given_a_camera_that_cannot_open_stops_showing_the_previous_one(qtbot) -> None:
    """Dropping a camera whose stream cannot be opened onto a tile must not leave the old
    camera's pictures running under the new camera's name: the tile says unavailable."""

    def open_reader(camera: str, profile: str, size: Any) -> LiveReader:
        if camera == "broken":
            raise KeyError("camera broken has no sub stream in the catalog")
        return LiveReader()

    bridge = FrameBridge(open_reader)
    sink = Sink()
    bridge.attach(sink, "cam1", "sub", (476, 268))
    bridge.attach(sink, "broken", "sub", (476, 268))
    assert bridge.camera_of(sink) is None and bridge.cameras_fed() == set()
    assert sink.states[-1] == "error"
    bridge.detach(sink)


def test_a_failed_profile_switch_keeps_the_same_camera_shown(qtbot) -> None:
    def open_reader(camera: str, profile: str, size: Any) -> LiveReader:
        if profile == "main":
            raise KeyError(f"camera {camera} has no main stream in the catalog")
        return LiveReader()

    bridge = FrameBridge(open_reader)
    sink = Sink()
    bridge.attach(sink, "cam1", "sub", (476, 268))
    bridge.attach(sink, "cam1", "main", (1280, 720))  # maximised: main cannot be opened
    assert bridge.camera_of(sink) == ("cam1", "sub")
    assert sink.states == ["connecting"]  # no error flashed over a working picture
    bridge.detach(sink)


def test_reopen_keeps_a_profile_switch_and_drops_a_stream_that_never_delivers(qtbot) -> None:
    opened: list[tuple[str, str]] = []

    def open_reader(camera: str, profile: str, size: Any) -> LiveReader:
        opened.append((camera, profile))
        return LiveReader()

    bridge = FrameBridge(open_reader)
    bridge._timer.stop()  # the test drives the ticks
    tile, other = Sink(), Sink()
    bridge.attach(tile, "cam1", "sub", (476, 268))
    bridge.attach(other, "cam2", "sub", (476, 268))
    bridge.attach(tile, "cam1", "main", (1920, 1080))  # maximised: main pending
    bridge.reopen({"cam1"})  # its password changed meanwhile
    assert opened[-1] == ("cam1", "main")  # the switch goes on, with the new URL
    assert bridge.camera_of(tile) == ("cam1", "sub") and bridge.reader_count() == 3
    pending = bridge._pending[id(tile)]
    assert pending.reopened_at is not None
    pending.reopened_at -= 31.0  # given nothing for 31 s (a wrong new password)
    bridge._on_tick()
    assert id(tile) not in bridge._pending and bridge.camera_of(tile) == ("cam1", "sub")
    bridge.stop()
    bridge.reopen({"cam2"})  # a late refresh after shutdown starts nothing
    assert opened[-1] == ("cam1", "main") and bridge.reader_count() == 0
