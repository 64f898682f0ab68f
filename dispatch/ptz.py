"""Who steers a camera (云台控制权): one console at a time, a higher center before a lower one.

A console that turns a camera holds it until ``HOLD_S`` after its last command. Meanwhile
another console's commands are refused, unless its user's center is of a higher level (the
city over a district, a district over a township), or of the same level and the user's role
ranks higher (a leader over a duty officer over an operator over maintenance staff): then it
takes the camera over. Maintenance staff steer a free camera but take none over. The hold
is per console (``console`` id), so one login open on two desks does not steer from both at
once. Taking a camera, taking it over and letting it go are audited; a command that only
extends one's own hold is not, and takes no audit-chain lock. Consoles share the holds
through the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, delete, insert, select, update

from dispatch import audit, queries, tables
from dispatch.base import ServiceBase
from dispatch.errors import HeldError, NotFoundError, PermissionDeniedError
from dispatch.models import HistoryEntry, User

HOLD_S = 30.0  # a hold lasts this long after its last command
PTZ_ROLES = frozenset({"operator", "duty_officer", "leader", "maintenance"})
# Village and community centers are one tier; a lower number is a higher center.
RANKS = {"city": 0, "district": 1, "township": 2, "village": 3, "community": 3}
# Within one level, who may take a camera over from whom (higher over lower).
ROLE_PRECEDENCE = {"leader": 4, "duty_officer": 3, "operator": 2, "maintenance": 1}


@dataclass(frozen=True)
class PtzHold:
    """The user and console steering a camera, their center, and when the hold lapses."""

    camera_id: str
    login: str
    name: str
    org_id: str
    until: float  # epoch seconds
    console: str = ""
    displaced: PtzHold | None = None  # the hold this one took over, if it was a take-over

    def seconds_left(self, now: float) -> int:
        """Whole seconds until the hold lapses (at least 1 while it holds)."""
        return max(1, int(self.until - now + 0.999))


class PtzControl(ServiceBase):
    """PTZ holds of ``DispatchService``; any thread, one write transaction per call."""

    def take_ptz(
        self, login: str, camera_id: str, grid_id: str | None, console: str = ""
    ) -> PtzHold:
        """Hold ``camera_id`` for ``login`` at ``console`` for ``HOLD_S`` from now, or say why
        not.

        ``grid_id`` is the camera's grid in the registry (None: not placed in a grid, which
        only a city center may steer). Raises PermissionDeniedError for a role or area that
        may not steer it, HeldError while another console holds it and may not be displaced.
        """
        user = self._user(login)
        self._check_may_steer(user, camera_id, grid_id)
        renewed = self._renew(user, camera_id, console)
        if renewed is not None:
            return renewed
        with self.store.write() as conn:
            now = self._now().timestamp()
            held = _hold_row(conn, camera_id)
            live = held if held is not None and held.until > now else None
            mine = live is not None and (live.login, live.console) == (login, console)
            if live is not None and not mine and not self._outranks(user, live):
                raise HeldError(
                    f"{live.name} ({live.login}, {live.org_id}) steers camera {camera_id} "
                    f"for {live.seconds_left(now)} s more; wait, or ask a higher center",
                    rule="ptz_held",
                    camera=camera_id,
                    holder=live.name,
                    holder_org=live.org_id,
                    seconds=live.seconds_left(now),
                )
            hold = PtzHold(camera_id, login, user.name, user.org_id, now + HOLD_S, console)
            values = {"login": login, "org_id": user.org_id, "until": hold.until}
            values["console"] = console
            t = tables.ptz_hold
            if held is None:
                conn.execute(insert(t).values(camera_id=camera_id, **values))
            else:
                conn.execute(update(t).where(t.c.camera_id == camera_id).values(**values))
            if mine:
                return hold  # the renewal missed it (another transaction came between)
            action = "ptz_take_over" if live else "ptz_take"
            self._audit(conn, user, action, camera_id, now, live.login if live else "")
        return PtzHold(camera_id, login, user.name, user.org_id, hold.until, console, live)

    def _renew(self, user: User, camera_id: str, console: str) -> PtzHold | None:
        """Extend this console's live hold (no audit record, no audit-chain lock), or None."""
        t = tables.ptz_hold
        with self.store.write(audited=False) as conn:
            now = self._now().timestamp()
            done = conn.execute(
                update(t)
                .where(
                    t.c.camera_id == camera_id,
                    t.c.login == user.login,
                    t.c.console == console,
                    t.c.until > now,
                )
                .values(until=now + HOLD_S)
            ).rowcount
        if done != 1:
            return None
        return PtzHold(camera_id, user.login, user.name, user.org_id, now + HOLD_S, console)

    def ptz_may_take_over(self, login: str, hold: PtzHold) -> bool:
        """Whether ``login`` may take over ``hold`` (for the console to say so beforehand)."""
        return self._outranks(self._user(login), hold)

    def release_ptz(self, login: str, camera_id: str, console: str = "") -> bool:
        """Let go of the camera if ``login`` holds it at ``console``; whether a live hold was
        let go."""
        user = self._user(login)
        with self.store.write() as conn:
            now = self._now().timestamp()
            held = _hold_row(conn, camera_id)
            if held is None or (held.login, held.console) != (login, console):
                return False
            conn.execute(delete(tables.ptz_hold).where(tables.ptz_hold.c.camera_id == camera_id))
            if held.until <= now:
                return False  # it had lapsed already
            self._audit(conn, user, "ptz_release", camera_id, now, "")
        return True

    def ptz_holder(self, camera_id: str) -> PtzHold | None:
        """Who holds the camera now, or None."""
        now = self._now().timestamp()
        with self.store.read() as conn:
            held = _hold_row(conn, camera_id)
        return held if held is not None and held.until > now else None

    def ptz_holds_now(self) -> list[PtzHold]:
        """Every live hold (a few rows: the cameras being steered right now)."""
        t = tables.ptz_hold
        query = _holds().where(t.c.until > self._now().timestamp()).order_by(t.c.camera_id)
        with self.store.read() as conn:
            return [_hold(row) for row in conn.execute(query)]

    def ptz_history(self, camera_id: str | None = None, latest: int = 200) -> list[HistoryEntry]:
        """Who took, took over and let go of cameras (or one camera), the ``latest``, oldest
        first: the audit records of PTZ holds."""
        a = tables.audit
        query = (
            select(a)
            .where(a.c.incident_id == "", a.c.action.like("ptz_%"))
            .order_by(a.c.seq.desc())
        )
        found: list[HistoryEntry] = []
        with self.store.read() as conn:
            result = conn.execute(query.execution_options(yield_per=500))
            try:
                for row in result:
                    entry = queries.history_entry(row)
                    if camera_id is None or entry.detail.get("camera") == camera_id:
                        found.append(entry)
                        if len(found) >= latest:
                            break
            finally:
                result.close()
        return found[::-1]

    def _check_may_steer(self, user: User, camera_id: str, grid_id: str | None) -> None:
        if user.role not in PTZ_ROLES:
            raise PermissionDeniedError(
                f"{user.login} ({user.role}) may not steer cameras",
                rule="ptz_role",
                role=user.role,
            )
        d = self._dir()
        missing: set[str] = self.__dict__.setdefault("_ptz_grids_missing", set())
        if grid_id and grid_id not in d.orgs and grid_id not in missing:
            d = self._dir(refresh=True)  # perhaps added since; asked once per unknown grid
            if grid_id not in d.orgs:
                missing.add(grid_id)
        inside = (
            d.within(grid_id, user.org_id)
            if grid_id and grid_id in d.orgs
            else d.org(user.org_id).level == "city"
        )
        if not inside:
            raise PermissionDeniedError(
                f"{user.login} ({user.org_id}) may not steer camera {camera_id}: it lies "
                f"outside their center's area (grid {grid_id or 'none'})",
                rule="ptz_outside_subtree",
                org=user.org_id,
                camera=camera_id,
            )

    def _outranks(self, user: User, held: PtzHold) -> bool:
        """Whether ``user`` may displace ``held``: staff of a higher center; at one level, a
        leader over a duty officer over an operator over maintenance staff; maintenance staff
        never displace anyone."""
        if user.role == "maintenance":
            return False
        mine, theirs = self._rank(user.org_id), self._rank(held.org_id)
        if mine != theirs:
            return mine < theirs
        try:
            held_role = self._user(held.login).role  # re-read if made since this one started
        except NotFoundError:
            held_role = ""
        return ROLE_PRECEDENCE.get(user.role, 0) > ROLE_PRECEDENCE.get(held_role, 0)

    def _rank(self, org_id: str) -> int:
        org = self._dir().orgs.get(org_id)
        return RANKS.get(org.level, len(RANKS)) if org is not None else len(RANKS)

    def _audit(
        self, conn: Connection, user: User, action: str, camera_id: str, at: float, displaced: str
    ) -> None:
        detail = {"camera": camera_id}
        if displaced:
            detail["taken_from"] = displaced
        audit.append(
            conn,
            incident_id="",
            actor=user.login,
            role=user.role,
            center=user.org_id,
            action=action,
            from_state=None,
            to_state="released" if action == "ptz_release" else "held",
            reason=None,
            at=at,
            detail=detail,
        )


def _holds() -> Select[Any]:
    """The hold rows with their holder's name."""
    t, u = tables.ptz_hold, tables.user
    return select(t, u.c.name).select_from(t.outerjoin(u, u.c.login == t.c.login))


def _hold_row(conn: Connection, camera_id: str) -> PtzHold | None:
    row = conn.execute(_holds().where(tables.ptz_hold.c.camera_id == camera_id)).first()
    return None if row is None else _hold(row)


def _hold(row: Any) -> PtzHold:
    name = row.name or row.login
    return PtzHold(row.camera_id, row.login, name, row.org_id, float(row.until), row.console)
