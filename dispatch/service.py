"""DispatchService: the one door every incident mutation goes through.

Each mutation is ONE write transaction holding the writer lock: the incident row
(compare-and-swap on version), an audit record chained to the previous one, and a
change-feed row (plus NOTIFY on PostgreSQL). A refusal raises before anything is written.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection

from dispatch import actions, queries, rawsql, rules
from dispatch.categories import taxonomy
from dispatch.errors import (
    ConflictError,
    InvalidTransitionError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from dispatch.incidents import IncidentQueries
from dispatch.models import CHANNELS, OPEN_STATES, SEVERITIES, Incident, User
from dispatch.orgs import OrgQueries
from dispatch.ptz import PtzControl
from dispatch.upkeep import Upkeep
from dispatch.writer import SYSTEM, hash_file

logger = logging.getLogger(__name__)

ROUTING = {"simple": "village", "general": "township", "complex": "district", "major": "city"}


class DispatchService(OrgQueries, IncidentQueries, PtzControl, Upkeep):
    """Incidents, their loop and the hierarchy, over one Store.

    ``DispatchService(store, clock=None)``; ``clock`` returns an aware datetime. Methods may
    be called from any thread; each call uses its own pooled connection.
    """

    def report(
        self,
        login: str,
        grid_id: str,
        category: str,
        severity: str,
        title: str,
        description: str = "",
        channel: str = "grid_worker",
        cameras: Sequence[str] = (),
        urgent: bool = False,
        lat: float | None = None,
        lon: float | None = None,
        address: str = "",
        attachments: Sequence[str | Path] = (),
    ) -> Incident:
        """File a new incident as ``login``; it lands at the center its severity routes to."""
        user = self._user(login)
        self._org_checked(grid_id)
        rules.check_reporter(self._dir(), user, grid_id)
        fields = {
            "description": description,
            "channel": channel,
            "urgent": urgent,
            "lat": lat,
            "lon": lon,
            "address": address,
        }
        return self._create(user, grid_id, category, severity, title, fields, cameras, attachments)

    def report_as_system(
        self,
        grid_id: str,
        category: str,
        severity: str,
        title: str,
        description: str = "",
        channel: str = "video_alarm",
        cameras: Sequence[str] = (),
        urgent: bool = False,
        address: str = "",
        once_per_camera: bool = False,
    ) -> Incident:
        """File an incident from a system source (video alarm 视频告警, diagnostics).

        ``once_per_camera``: refused (ConflictError, rule ``open_for_camera``) while an open
        incident of the same category is linked to one of ``cameras``; checked under the
        writer lock, so two consoles filing the same repair order at once file one."""
        self._org_checked(grid_id)
        fields = {
            "description": description,
            "channel": channel,
            "urgent": urgent,
            "lat": None,
            "lon": None,
            "address": address,
        }
        unique = once_per_camera
        return self._create(SYSTEM, grid_id, category, severity, title, fields, cameras, (), unique)

    def _create(
        self,
        user: User,
        grid_id: str,
        category: str,
        severity: str,
        title: str,
        fields: dict[str, object],
        cameras: Sequence[str],
        attachments: Sequence[str | Path],
        once_per_camera: bool = False,
    ) -> Incident:
        d = self._dir()
        grid = d.org(grid_id)
        if grid.level != "grid":
            raise ValidationError(
                f"{grid_id} is a {grid.level}, not a grid; report in a grid",
                rule="report_not_grid",
                grid=grid_id,
                level=grid.level,
            )
        if severity not in SEVERITIES:
            raise ValidationError(
                f"unknown severity {severity!r}; use one of {', '.join(SEVERITIES)}",
                rule="severity_unknown",
                severity=severity,
                severities=list(SEVERITIES),
            )
        if fields["channel"] not in CHANNELS:
            raise ValidationError(
                f"unknown channel {fields['channel']!r}; use one of {', '.join(CHANNELS)}",
                rule="channel_unknown",
                channel=str(fields["channel"]),
                channels=list(CHANNELS),
            )
        if not title.strip():
            raise ValidationError("a report needs a non-empty title", rule="title_required")
        cat = taxonomy().resolve(category)
        urgent = bool(fields["urgent"])
        files = [hash_file(Path(p)) for p in attachments]
        ancestors = d.ancestors(grid_id)
        center = ancestors[-1] if severity == "major" else d.center_for(grid_id, ROUTING[severity])
        area = {o.level: o.id for o in ancestors}
        now = self._now()
        t = now.timestamp()
        due = taxonomy().deadline(cat.code, severity, urgent, "accept", now).timestamp()
        cams = sorted(set(cameras))
        row = {
            "title": title.strip(), "description": fields["description"],
            "category": cat.code, "severity": severity, "urgent": urgent,
            "channel": fields["channel"], "state": "reported", "grid_id": grid_id,
            "area_district": area.get("district", ""), "area_township": area.get("township", ""),
            "area_village": area.get("village", area.get("community", "")),
            "lat": grid.centroid[1] if fields["lat"] is None else fields["lat"],
            "lon": grid.centroid[0] if fields["lon"] is None else fields["lon"],
            "address": fields["address"], "reporter": user.login, "center_id": center.id,
            "assignee_kind": None, "assignee_id": None, "co_handlers": "[]", "deadline": due,
            "deadlines": json.dumps({"accept": due}), "supervised": False,
            "supervise_deadline": None, "overdue": False, "suspended_from": None,
            "suspended_at": None, "rating": None, "version": 1, "created_at": t, "updated_at": t,
        }  # fmt: skip
        with self.store.write() as conn:
            if once_per_camera:
                self._none_open(conn, cat.code, cams)
            row["id"] = inc_id = self._next_id(conn, now)
            rawsql.run(conn, rawsql.INSERT_INCIDENT, [row[c] for c in rawsql.INCIDENT_COLUMNS])
            for cam in cams:
                rawsql.run(
                    conn,
                    "INSERT INTO incident_camera (incident_id, camera_id) VALUES (?, ?)",
                    (inc_id, cam),
                )
            for path, digest in files:
                rawsql.run(
                    conn,
                    "INSERT INTO attachment (incident_id, path, sha256, added_by, "
                    "at) VALUES (?, ?, ?, ?, ?)",
                    (inc_id, path, digest, user.login, t),
                )
            detail = {"channel": fields["channel"], "center": center.id, "cameras": cams}
            self._record(
                conn,
                inc_id,
                user,
                user.org_id or center.id,
                "report",
                (None, "reported"),
                None,
                t,
                1,
                detail,
            )
            inc = queries.get(conn, inc_id)
        logger.info("%s reported by %s at %s", inc_id, user.login, center.id)
        return inc

    def _none_open(self, conn: Connection, category: str, cameras: Sequence[str]) -> None:
        """Raise ConflictError when an open incident of ``category`` links one of ``cameras``."""
        if not cameras:
            return
        marks = ", ".join("?" * len(cameras))
        states = ", ".join("?" * len(OPEN_STATES))
        found = rawsql.run(
            conn,
            "SELECT i.id, c.camera_id FROM incident i JOIN incident_camera c "
            f"ON c.incident_id = i.id WHERE i.category = ? AND c.camera_id IN ({marks}) "
            f"AND i.state IN ({states}) ORDER BY i.id LIMIT 1",
            (category, *cameras, *OPEN_STATES),
        ).first()
        if found is not None:
            raise ConflictError(
                f"{found.id} is open for camera {found.camera_id} already",
                rule="open_for_camera",
                incident=found.id,
                camera=found.camera_id,
            )

    def act(
        self,
        incident_id: str,
        action: str,
        login: str,
        to: str | None = None,
        reason: str | None = None,
        rating: int | None = None,
        expect_version: int | None = None,
        deadline: datetime | None = None,
    ) -> Incident:
        """Apply ``action`` to an incident as ``login``; all-or-nothing."""
        user = self._user(login)
        d = self._dir()
        if action in rules.REASON_REQUIRED and not (reason and reason.strip()):
            raise ValidationError(
                f"{action} needs a reason (--reason)", rule="reason_required", action=action
            )
        if deadline is not None and deadline.tzinfo is None:
            deadline = deadline.replace(tzinfo=UTC)
        now = self._now()
        with self.store.write() as conn:
            inc = queries.get(conn, incident_id)
            if expect_version is not None and expect_version != inc.version:
                raise ConflictError(
                    f"{incident_id} is at version {inc.version}, not {expect_version}; "
                    "reload it and decide again",
                    rule="stale_version",
                    incident=incident_id,
                    version=inc.version,
                    expected=expect_version,
                )
            new_state = rules.next_state(inc, action)
            assignee = inc.assignee_id
            unknown_assignee = assignee is not None and not (
                assignee in d.orgs or assignee in d.departments
            )
            if inc.center_id not in d.orgs or unknown_assignee:
                d = self._dir(refresh=True)
            rules.check_actor(d, user, inc, action)
            step = actions.Step(action, d, inc, user, new_state, now, to, reason, rating, deadline)
            values, detail = actions.apply(step)
            values.update(version=inc.version + 1, updated_at=now.timestamp())
            done = rawsql.run(
                conn, rawsql.update_incident(values), [*values.values(), incident_id, inc.version]
            )
            if done.rowcount != 1:
                raise ConflictError(
                    f"{incident_id} changed while {action} was applied; reload it and decide again",
                    rule="concurrent_change",
                    incident=incident_id,
                    action=action,
                )
            self._record(
                conn,
                incident_id,
                user,
                user.org_id,
                action,
                (inc.state, new_state),
                reason,
                now.timestamp(),
                inc.version + 1,
                detail,
            )
        logger.info("%s %s by %s: %s -> %s", incident_id, action, login, inc.state, new_state)
        return queries.with_values(inc, values)

    def allowed_actions(self, incident_id: str, login: str) -> list[str]:
        """Actions ``login`` may take on the incident now (arguments aside)."""
        user = self._user(login)
        inc = self.get(incident_id)
        d = self._dir()
        out = []
        for action in rules.ACTIONS:
            try:
                rules.next_state(inc, action)
                rules.check_actor(d, user, inc, action)
            except (PermissionDeniedError, InvalidTransitionError, NotFoundError):
                continue
            if action == "escalate" and d.org(inc.center_id).parent_id is None:
                continue  # nothing above the city
            out.append(action)
        return out
