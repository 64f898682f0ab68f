"""Drag-and-drop mime type shared by the camera tree, the map and the video wall."""

from __future__ import annotations

CAMERA_MIME = "application/x-xueliang-camera"


def encode_camera(camera_id: str) -> bytes:
    """Payload of a camera drag: the camera id as UTF-8."""
    return camera_id.encode("utf-8")


def decode_camera(payload: bytes | bytearray | memoryview) -> str:
    """Camera id from a drag payload (empty string when absent)."""
    return bytes(payload).decode("utf-8", errors="replace").strip()
