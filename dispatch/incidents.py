"""Read side of DispatchService: one incident, lists for boards, history, audit check."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from dispatch import audit, queries, tables
from dispatch.base import ServiceBase
from dispatch.errors import ValidationError
from dispatch.models import OPEN_STATES, STATES, HistoryEntry, Incident
from dispatch.summary import IncidentSummary

T = tables.incident
AREA_COLUMN = {
    "district": "area_district",
    "township": "area_township",
    "village": "area_village",
    "community": "area_village",
    "grid": "grid_id",
}


class IncidentQueries(ServiceBase):
    """Reads that never change anything."""

    def get(self, incident_id: str) -> Incident:
        """One incident with cameras and attachments, or NotFoundError."""
        with self.store.read() as conn:
            return queries.get(conn, incident_id)

    def history(self, incident_id: str) -> list[HistoryEntry]:
        """The incident's audit records in order."""
        with self.store.read() as conn:
            return queries.history(conn, incident_id)

    def _area(self, org_id: str) -> tuple[str, Sequence[str]] | None:
        self._org_checked(org_id)
        org = self._dir().org(org_id)
        if org.level == "city":
            return None
        return f"{{i}}{AREA_COLUMN[org.level]} = ?", (org.id,)

    def _where(
        self,
        login: str | None,
        state: str | Sequence[str] | None,
        org: str | None,
        overdue: bool | None,
        open_only: bool,
    ) -> list[tuple[str, Sequence[Any]]]:
        where: list[tuple[str, Sequence[Any]]] = []
        for org_id in (self._user(login).org_id if login else None, org):
            cond = self._area(org_id) if org_id else None
            if cond is not None:
                where.append(cond)
        states = list(OPEN_STATES) if open_only else list(STATES)
        if state is not None:
            wanted = [state] if isinstance(state, str) else list(state)
            bad = [s for s in wanted if s not in STATES]
            if bad:
                raise ValidationError(
                    f"unknown state {bad[0]!r}; use one of {', '.join(STATES)}",
                    rule="state_unknown",
                    state=bad[0],
                    states=list(STATES),
                )
            states = [s for s in states if s in wanted]
        if len(states) < len(STATES):
            where.append(queries.in_clause("state", states or ["-"]))
        if overdue is not None:
            where.append(("{i}overdue = ?", (overdue,)))
        return where

    def list_incidents(
        self,
        login: str | None = None,
        state: str | Sequence[str] | None = None,
        org: str | None = None,
        overdue: bool | None = None,
        open_only: bool = False,
        limit: int | None = None,
    ) -> list[Incident]:
        """Incidents in the subtree of ``org`` and of ``login``'s org, newest first.

        Every field, cameras and attachments; for long lists prefer :meth:`list_summaries`.
        """
        where = self._where(login, state, org, overdue, open_only)
        with self.store.read() as conn:
            return queries.list_incidents(conn, where, limit)

    def list_summaries(
        self,
        login: str | None = None,
        state: str | Sequence[str] | None = None,
        org: str | None = None,
        overdue: bool | None = None,
        open_only: bool = False,
        limit: int | None = None,
    ) -> list[IncidentSummary]:
        """What :meth:`list_incidents` lists, same filters and order, as compact summaries.

        A summary carries the attributes a list shows under the names ``Incident`` uses
        (see :class:`~dispatch.summary.IncidentSummary`) and costs a fraction to build.
        """
        where = self._where(login, state, org, overdue, open_only)
        with self.store.read() as conn:
            return queries.list_summaries(conn, where, limit)

    def incidents_for_camera(self, camera_id: str) -> list[str]:
        """Ids of incidents linked to a camera."""
        ic = tables.incident_camera
        with self.store.read() as conn:
            return list(
                conn.execute(
                    select(ic.c.incident_id)
                    .where(ic.c.camera_id == camera_id)
                    .order_by(ic.c.incident_id)
                ).scalars()
            )

    def verify_audit(self) -> audit.VerifyResult:
        """Walk the audit chain; the result names the first bad record."""
        with self.store.read() as conn:
            return audit.verify(conn)
