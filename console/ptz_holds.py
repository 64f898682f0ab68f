"""The PTZ panel's way to the dispatch service's holds (云台控制权), for one logged-in user.

Called on the panel's worker thread: each call is one short database transaction.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Protocol

from console.camera_catalog import CameraCatalog
from dispatch.ptz import PtzHold
from dispatch.service import DispatchService


class PtzHolds(Protocol):
    """What the panel needs: take (or renew) a camera, let it go, ask who holds it."""

    login: str

    def take(self, camera_id: str) -> PtzHold: ...
    def release(self, camera_id: str) -> None: ...
    def holder(self, camera_id: str) -> PtzHold | None: ...
    def all_held(self) -> list[PtzHold]: ...
    def mine(self, hold: PtzHold) -> bool: ...
    def may_take_over(self, hold: PtzHold) -> bool: ...
    def org_name(self, org_id: str) -> str: ...


class ServiceHolds:
    """``PtzHolds`` over ``DispatchService`` for ``login`` at this console (a random id per
    instance: the same login on another desk is another holder); grids from the catalog."""

    def __init__(
        self,
        svc: DispatchService,
        login: str,
        catalog: CameraCatalog,
        org_name: Callable[[str], str],
    ) -> None:
        self.login = login
        self.console = secrets.token_hex(8)
        self._svc = svc
        self._catalog = catalog
        self._org_name = org_name

    def take(self, camera_id: str) -> PtzHold:
        """Hold the camera for this user, or raise the service's refusal."""
        camera = self._catalog.get(camera_id)
        grid_id = camera.grid_id if camera else None
        return self._svc.take_ptz(self.login, camera_id, grid_id, self.console)

    def release(self, camera_id: str) -> None:
        """Let go of the camera (nothing happens if this user does not hold it)."""
        self._svc.release_ptz(self.login, camera_id, self.console)

    def holder(self, camera_id: str) -> PtzHold | None:
        """Who holds the camera now."""
        return self._svc.ptz_holder(camera_id)

    def all_held(self) -> list[PtzHold]:
        """Every camera being steered now, by any console."""
        return self._svc.ptz_holds_now()

    def mine(self, hold: PtzHold) -> bool:
        """Whether the hold is this console's."""
        return (hold.login, hold.console) == (self.login, self.console)

    def may_take_over(self, hold: PtzHold) -> bool:
        """Whether this user's next command would take the camera over."""
        return self._svc.ptz_may_take_over(self.login, hold)

    def org_name(self, org_id: str) -> str:
        """A center's display name."""
        return self._org_name(org_id)
