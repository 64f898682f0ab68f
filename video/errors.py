"""Named exceptions of the video package.

``VideoError`` is the base class the CLI turns into one stderr line (``str(exc)``), exit 1.
Other modules append their own subclasses here; keep this module a small leaf (no imports
from the rest of the package).
"""

from __future__ import annotations


class VideoError(Exception):
    """Base class of every error the video package raises on purpose."""


class SimulatorError(VideoError):
    """The camera simulator could not start or was asked something it cannot do."""


class UnknownFaultError(SimulatorError):
    """A fault kind or camera index the simulator does not know."""

    def __init__(self, what: str, value: object, known: str, lead: str = "use one of") -> None:
        super().__init__(f"unknown {what} {value!r}: {lead} {known}")
        self.what = what
        self.value = value


class StreamError(VideoError):
    """An RTSP stream could not be opened or read; ``url`` is already redacted."""

    reason = "the stream failed"

    def __init__(self, url: str, detail: str = "") -> None:
        self.url = url
        self.detail = detail
        suffix = f" ({detail})" if detail else ""
        super().__init__(f"{url}: {self.reason}{suffix}")


class NotRtspUrlError(StreamError):
    """The address given is not an rtsp:// or rtsps:// URL."""

    reason = "not an RTSP URL: give rtsp://host[:port]/path or a camera id"


# Credentials a camera refused are tried again only this often, by every part of the console
# (stream readers, roll-call, patrol, alarm subscriptions): each try is a failed login, and
# cameras lock an address out after a few, refusing even the right password for a while.
# New credentials in the registry are tried at once.
AUTH_RETRY_S = 300.0


class AuthError(StreamError):
    """The camera answered 401: wrong or missing user/password."""

    reason = "camera refused the credentials (401): check user/password"


class StreamForbiddenError(StreamError):
    """The camera answered 403: the account may not view this stream."""

    reason = "camera forbids this stream (403): check the account's rights on the camera"


class StreamNotFoundError(StreamError):
    """The camera answered 404: no stream at that path."""

    reason = "camera has no stream at this path (404): check the path or profile"


class StreamRefusedError(StreamError):
    """Nothing listens at the host and port (connection refused or unreachable)."""

    reason = "connection refused: check the host, the port and that the camera is on"


class StreamTimeoutError(StreamError):
    """The camera did not answer or stopped sending within the timeout."""

    reason = "no answer within the timeout: check the network path and the camera"


class StreamOpenError(StreamError):
    """Any other failure opening or reading the stream (detail says what FFmpeg reported)."""

    reason = "could not open the stream"


class OnvifError(VideoError):
    """An ONVIF exchange with a camera failed; ``address`` is host:port."""

    def __init__(self, address: str, message: str) -> None:
        super().__init__(f"{address}: {message}")
        self.address = address


class OnvifAuthError(OnvifError):
    """The camera rejected the credentials."""

    def __init__(self, address: str) -> None:
        super().__init__(address, "camera rejected the ONVIF credentials: check user/password")


class OnvifFaultError(OnvifError):
    """The camera answered with a SOAP fault."""

    def __init__(self, address: str, operation: str, subcode: str, reason: str) -> None:
        super().__init__(
            address, f"camera refused {operation} ({subcode or 'fault'}): {reason or 'no reason'}"
        )
        self.operation = operation
        self.subcode = subcode
        self.reason = reason


class OnvifTimeoutError(OnvifError):
    """The camera did not answer in time."""

    def __init__(self, address: str, operation: str, timeout_s: float) -> None:
        super().__init__(
            address,
            f"no answer to {operation} within {timeout_s:g} s: check the camera is reachable",
        )


class OnvifConnectionError(OnvifError):
    """No connection could be made (refused, unreachable, reset)."""


class OnvifProtocolError(OnvifError):
    """Something answered, but not as an ONVIF device service."""


class DiscoveryError(VideoError):
    """WS-Discovery could not run (socket, address or interface problem)."""


class RegistryError(VideoError):
    """The camera registry could not do what was asked."""


class CameraNotFoundError(RegistryError):
    """No camera with this id in the registry."""

    def __init__(self, camera_id: str) -> None:
        super().__init__(f"no camera {camera_id!r} in the registry: see `xueliang camera list`")
        self.camera_id = camera_id


class StreamEndedError(StreamError):
    """The camera closed a stream that was playing (server gone, restarted or dropped us)."""

    reason = "the camera ended the stream: it will be reconnected"
