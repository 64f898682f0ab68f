"""BoardController: the one object the console builds for the dispatch side.

It owns the incident collection and its table model, runs the feed follower, answers name
look-ups (orgs, categories) from caches built once, and performs actions through the service.
Selection of "the current incident" lives here so the board, detail and map stay in sync.
All signals are emitted on the Qt main thread.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from console.board import labels
from console.board.collection import Incident, IncidentCollection
from console.board.follower import FeedFollower
from console.board.model import IncidentTableModel, utc_now
from console.site_time import site_now
from dispatch.errors import DispatchError

logger = logging.getLogger(__name__)


class BoardController(QObject):
    """Incidents of one user's subtree, kept live from the change feed (main thread)."""

    loaded = Signal(int)  # number of incidents after the first load
    incident_arrived = Signal(object)  # a new incident appeared after the first load
    incident_updated = Signal(object)  # an incident shown changed (or left the board)
    current_changed = Signal(str)  # the selected incident id ("" for none)
    feed_error = Signal(str)  # the change feed failed (one line); it retries by itself
    feed_restored = Signal()  # the change feed works again (missed changes follow)

    def __init__(
        self,
        svc: Any,
        feed: Any,
        user: Any,
        clock: Callable[[], datetime] = utc_now,
        since: int | None = None,
        start: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.svc = svc
        self.feed = feed
        self.user = svc.user(user) if isinstance(user, str) else user
        self.clock = clock
        self._orgs: dict[str, Any] = {org.id: org for org in svc.orgs()}
        root = self._orgs.get(self.user.org_id)
        self._root_path = _norm_path(root.path) if root is not None else ""
        self._subtree = {
            oid
            for oid, org in self._orgs.items()
            if _norm_path(org.path).startswith(self._root_path)
        }
        self._categories = {c.code: c for c in svc.categories()}
        self._departments: list[Any] | None = None
        self._user_names: dict[str, str] = {}
        self.collection = IncidentCollection(accepts=self._accepts)
        self.model = IncidentTableModel(
            self.collection, self.org_name, self.category_name, clock, self.in_org, parent=self
        )
        self.current_id = ""
        self.is_loaded = False
        self.last_seq = since or 0
        self.follower = FeedFollower(svc, feed, self.user.login, since=since, parent=self)
        self.follower.loaded.connect(self._on_loaded)
        self.follower.changed.connect(self._on_changed)
        # the change feed's health: failed attempts in a row, and since when (site time)
        self.feed_failures = 0
        self.feed_down_since: datetime | None = None
        self.follower.failed.connect(self._on_feed_failed)
        self.follower.restored.connect(self._on_feed_restored)
        if start:
            self.start()

    # lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        """Start following the change feed (loads the open incidents first)."""
        self.follower.start()

    def stop(self) -> None:
        """Stop the follower thread; call before closing the store."""
        self.follower.stop()

    # look-ups --------------------------------------------------------------------------
    def org(self, org_id: str | None) -> Any | None:
        """The cached Org with this id, or None."""
        return self._orgs.get(org_id or "")

    def orgs(self) -> list[Any]:
        """Every org in the user's subtree (cached), parents before children."""
        return [org for org in self._orgs.values() if org.id in self._subtree]

    def org_name(self, org_id: str | None) -> str:
        """Display name of an org (or department); the id if unknown."""
        if not org_id:
            return ""
        org = self._orgs.get(org_id)
        if org is not None:
            return str(org.name)
        for dept in self.departments():
            if dept.id == org_id:
                return str(dept.name)
        return org_id

    def user_name(self, login: str) -> str:
        """Display name of a login ("name (login)"), cached; the login if unknown."""
        name = self._user_names.get(login)
        if name is None:
            try:
                name = f"{self.svc.user(login).name} ({login})"
            except DispatchError:
                name = login
            self._user_names[login] = name
        return name

    def category_name(self, code: str | None) -> str:
        """Display name of a category code in the UI language (the service's name if unknown)."""
        cat = self._categories.get(code or "")
        return labels.category_label(code, str(getattr(cat, "name", "")) if cat else "")

    def categories(self) -> list[Any]:
        """The category taxonomy (cached)."""
        return list(self._categories.values())

    def departments(self) -> list[Any]:
        """Departments a user may dispatch to: those at the user's center and below (cached)."""
        if self._departments is None:
            self._departments = [d for d in self.svc.departments() if d.org_id in self._subtree]
        return self._departments

    def in_subtree(self, org_id: str | None) -> bool:
        """True if the org is the user's center or below it."""
        return (org_id or "") in self._subtree

    def in_org(self, incident: Incident, org_id: str) -> bool:
        """True if the incident's grid or owning center lies under ``org_id``."""
        org = self._orgs.get(org_id)
        if org is None:
            return False
        prefix = _norm_path(org.path)
        for oid in (incident.grid_id, incident.center_id):
            o = self._orgs.get(oid or "")
            if o is not None and _norm_path(o.path).startswith(prefix):
                return True
        return False

    def _accepts(self, incident: Incident) -> bool:
        if incident.state in labels.CLOSED_STATES:
            return False
        return self.in_subtree(incident.grid_id) or self.in_subtree(incident.center_id)

    # selection -------------------------------------------------------------------------
    def select(self, incident_id: str | None) -> None:
        """Make ``incident_id`` the current incident (emits ``current_changed`` on change)."""
        incident_id = incident_id or ""
        if incident_id != self.current_id:
            self.current_id = incident_id
            self.current_changed.emit(incident_id)

    def current(self) -> Incident | None:
        """The current incident as last seen on the board (or None)."""
        return self.collection.get(self.current_id) if self.current_id else None

    # service calls (quick, bounded transactions) ------------------------------------------
    def get(self, incident_id: str) -> Incident:
        """A fresh snapshot from the service."""
        return self.svc.get(incident_id)

    def history(self, incident_id: str) -> list[Any]:
        """The audit trail of an incident, oldest first."""
        return list(self.svc.history(incident_id))

    def allowed_actions(self, incident_id: str) -> list[str]:
        """Actions the service says this user may take now."""
        return list(self.svc.allowed_actions(incident_id, self.user.login))

    def act_call(self, incident_id: str, action: str, **kwargs: Any) -> Callable[[], Incident]:
        """An action as this user, as a call for a worker thread (the database may be slow):
        the board's version of the incident is the one expected unless given. It raises the
        service's DispatchError on refusal; hand what it returns to :meth:`adopt`."""
        seen = self.collection.get(incident_id)
        if seen is not None and "expect_version" not in kwargs:
            kwargs["expect_version"] = seen.version
        svc, login = self.svc, self.user.login

        def call() -> Incident:
            incident = svc.act(incident_id, action, login, **kwargs)
            logger.info("%s: %s by %s", incident_id, action, login)
            return incident

        return call

    def report_call(
        self, grid_id: str, category: str, severity: str, title: str, **kwargs: Any
    ) -> Callable[[], Incident]:
        """Registering a new incident as this user (walk-in, hotline …), as a call for a
        worker thread; hand what it returns to :meth:`adopt`."""
        svc, login = self.svc, self.user.login

        def call() -> Incident:
            incident = svc.report(login, grid_id, category, severity, title, **kwargs)
            logger.info("%s: reported by %s in %s", incident.id, login, grid_id)
            return incident

        return call

    def adopt(self, incident: Incident) -> None:
        """Show an incident created elsewhere in this process (e.g. a video alarm) at once."""
        self._apply([incident])

    # feed --------------------------------------------------------------------------------
    def _on_feed_failed(self, reason: str) -> None:
        self.feed_failures += 1
        if self.feed_down_since is None:
            self.feed_down_since = site_now()
        self.feed_error.emit(reason)

    def _on_feed_restored(self) -> None:
        self.feed_failures, self.feed_down_since = 0, None
        self.feed_restored.emit()

    def _on_loaded(self, incidents: list[Incident], seq: int) -> None:
        self.collection.replace_all(incidents)
        # Tens of thousands of long-lived incident objects made each full collection a
        # 100+ ms pause of the UI thread; freezing moves them out of the collector's scans
        # (they are still freed by reference counting when a newer snapshot replaces them).
        gc.freeze()
        self.last_seq = max(self.last_seq, seq)
        self.is_loaded = True
        self.loaded.emit(len(self.collection))

    def _on_changed(self, incidents: list[Incident], seq: int) -> None:
        self._apply(incidents)
        self.last_seq = max(self.last_seq, seq)

    def _apply(self, incidents: list[Incident]) -> None:
        for incident in incidents:
            outcome = self.collection.apply(incident)
            if outcome == "insert" and self.is_loaded:
                self.incident_arrived.emit(incident)
            elif outcome in ("update", "remove"):
                self.incident_updated.emit(incident)


def _norm_path(path: str | None) -> str:
    """A materialized path with a trailing slash, so prefixes match whole ids only."""
    path = path or ""
    return path if path.endswith("/") else path + "/"
