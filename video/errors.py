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

    def __init__(self, what: str, value: object, known: str) -> None:
        super().__init__(f"unknown {what} {value!r}: use one of {known}")
        self.what = what
        self.value = value
