"""Dataclass models the ONVIF client returns (no zeep objects leave the package)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DeviceInfo:
    """GetDeviceInformation."""

    manufacturer: str
    model: str
    firmware: str
    serial: str
    hardware_id: str


@dataclass(frozen=True)
class Profile:
    """A media profile with its H.264/H.265 encoder settings and RTSP URI (no credentials)."""

    token: str
    name: str
    encoding: str
    width: int
    height: int
    fps: float
    stream_uri: str
    has_ptz: bool = False


@dataclass(frozen=True)
class Preset:
    """A PTZ preset (position may be unknown on some cameras)."""

    token: str
    name: str
    pan: float | None = None
    tilt: float | None = None
    zoom: float | None = None


@dataclass(frozen=True)
class PtzStatus:
    """PTZ position and whether the head is moving."""

    pan: float | None
    tilt: float | None
    zoom: float | None
    moving: bool


@dataclass(frozen=True)
class Event:
    """A camera event: kind ("motion", "tamper", "signal_loss"), state, time and source."""

    kind: str
    state: bool
    at: float  # POSIX time of the event at the camera
    source: str  # e.g. the video source configuration token
    topic: str
