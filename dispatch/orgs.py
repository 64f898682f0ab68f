"""Hierarchy part of DispatchService: loading seeds and reading orgs, users, departments."""

from __future__ import annotations

import logging
import time
from collections import Counter

from sqlalchemy import insert, select

from dispatch import tables
from dispatch.base import ServiceBase
from dispatch.categories import taxonomy
from dispatch.errors import ValidationError
from dispatch.hierarchy import SeedLike, insert_seed
from dispatch.models import LEVELS, ROLES, Category, Department, Org, User

logger = logging.getLogger(__name__)

DEMO_MARK = "seed:tongchuan"


class OrgQueries(ServiceBase):
    """Seeds in; orgs, users, departments and categories out."""

    def load_hierarchy(self, seed: SeedLike, password: str | None = None) -> dict[str, int]:
        """Insert what of ``seed`` is missing (idempotent); people get ``password``."""
        if password is None:
            from dispatch.seed import DEMO_PASSWORD

            password = DEMO_PASSWORD
        with self.store.write() as conn:
            added = insert_seed(conn, seed, password)
        self._dir(refresh=True)
        return added

    def load_demo(self) -> None:
        """Load the Tongchuan hierarchy once; a second call returns at once."""
        m = tables.meta
        with self.store.read() as conn:
            if conn.execute(select(m.c.value).where(m.c.key == DEMO_MARK)).first():
                return
        from dispatch.seed import DEMO_PASSWORD, tongchuan

        start = time.monotonic()
        seed = tongchuan()
        with self.store.write() as conn:
            if conn.execute(select(m.c.value).where(m.c.key == DEMO_MARK)).first():
                return  # another process loaded it meanwhile
            added = insert_seed(conn, seed, DEMO_PASSWORD)
            conn.execute(insert(m).values(key=DEMO_MARK, value=str(added)))
        self._dir(refresh=True)
        logger.info("demo hierarchy loaded in %.2f s", time.monotonic() - start)

    def org_stats(self) -> dict[str, int]:
        """Counts per level, rural/urban grids and grid workers (keys as `org stats`)."""
        d = self._dir(refresh=True)
        stats = {level: 0 for level in LEVELS}
        stats.update(Counter(o.level for o in d.orgs.values()))
        grids = [o for o in d.orgs.values() if o.level == "grid"]
        stats["grid_rural"] = sum(1 for g in grids if g.kind == "rural")
        stats["grid_urban"] = sum(1 for g in grids if g.kind == "urban")
        workers = [u for u in d.users.values() if u.role == "grid_worker"]
        kinds = Counter(d.orgs[u.org_id].kind for u in workers if u.org_id in d.orgs)
        stats["grid_worker"] = len(workers)
        stats["grid_worker_rural"] = kinds.get("rural", 0)
        stats["grid_worker_urban"] = kinds.get("urban", 0)
        return stats

    def user(self, login: str) -> User:
        """One user or NotFoundError."""
        return self._user(login)

    def users(self, org_id: str | None = None, role: str | None = None) -> list[User]:
        """Users, optionally of one org and/or one role, by login."""
        if role is not None and role not in ROLES:
            raise ValidationError(
                f"unknown role {role!r}; use one of {', '.join(ROLES)}",
                rule="role_unknown",
                role=role,
                roles=list(ROLES),
            )
        d = self._dir()
        if org_id is not None:
            self._org_checked(org_id)
        return [
            u
            for u in d.users.values()
            if (org_id is None or u.org_id == org_id) and (role is None or u.role == role)
        ]

    def org(self, org_id: str) -> Org:
        """One org or NotFoundError."""
        self._org_checked(org_id)
        return self._dir().org(org_id)

    def children(self, org_id: str) -> list[Org]:
        """Direct children of an org, by id."""
        d = self._dir()
        self._org_checked(org_id)
        return [d.orgs[c] for c in sorted(d.children.get(org_id, ()))]

    def orgs(self, level: str | None = None, parent: str | None = None) -> list[Org]:
        """Orgs, optionally of one level and/or under one parent (direct children), by path."""
        if level is not None and level not in LEVELS:
            raise ValidationError(
                f"unknown level {level!r}; use one of {', '.join(LEVELS)}",
                rule="level_unknown",
                level=level,
                levels=list(LEVELS),
            )
        d = self._dir()
        if parent is not None:
            self._org_checked(parent)
        return [
            o
            for o in d.orgs.values()
            if (level is None or o.level == level) and (parent is None or o.parent_id == parent)
        ]

    def departments(self, org_id: str | None = None) -> list[Department]:
        """Departments, optionally of one center."""
        return [
            dep
            for dep in self._dir().departments.values()
            if org_id is None or dep.org_id == org_id
        ]

    def department(self, dept_id: str) -> Department:
        """One department or NotFoundError."""
        d = self._dir()
        if dept_id not in d.departments:
            d = self._dir(refresh=True)
        return d.department(dept_id)

    def categories(self) -> list[Category]:
        """The taxonomy with resolved time limits (minutes)."""
        return list(taxonomy().categories)

    def ancestors(self, org_id: str) -> list[Org]:
        """Ancestors of an org, nearest first."""
        self._org_checked(org_id)
        return self._dir().ancestors(org_id)
