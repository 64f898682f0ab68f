"""Loading the org tree, departments and users, and an in-memory directory of them.

The hierarchy is small (a few thousand rows) and changes only when a seed is loaded, so the
service keeps it in memory and reloads it when it meets an id it does not know.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
from collections.abc import Iterable, Sequence
from typing import Protocol

from sqlalchemy import Connection, select

from dispatch import tables
from dispatch.errors import NotFoundError, ValidationError
from dispatch.models import CENTER_LEVELS, LEVELS, ROLES, Department, Org, User

logger = logging.getLogger(__name__)

PBKDF2_ITERATIONS = 120_000


class OrgLike(Protocol):
    """What the loader needs of a seed org (``dispatch.seed.OrgSeed``)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def parent_id(self) -> str | None: ...
    @property
    def kind(self) -> str | None: ...
    @property
    def population(self) -> int: ...
    @property
    def polygon(self) -> Sequence[tuple[float, float]]: ...
    @property
    def centroid(self) -> tuple[float, float]: ...


class PersonLike(Protocol):
    """What the loader needs of a seed person (``dispatch.seed.PersonSeed``)."""

    @property
    def login(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def org_id(self) -> str: ...
    @property
    def role(self) -> str: ...


class DepartmentLike(Protocol):
    """What the loader needs of a seed department (``dispatch.seed.DepartmentSeed``)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def org_id(self) -> str: ...


class SeedLike(Protocol):
    """A whole hierarchy seed (``dispatch.seed.HierarchySeed``)."""

    @property
    def orgs(self) -> Sequence[OrgLike]: ...
    @property
    def people(self) -> Sequence[PersonLike]: ...
    @property
    def departments(self) -> Sequence[DepartmentLike]: ...


def hash_password(password: str, salt: bytes | None = None) -> str:
    """PBKDF2-SHA256 hash as ``pbkdf2_sha256$iterations$salt_hex$hash_hex``."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, PBKDF2_ITERATIONS)
    return f"pbkdf2_sha256${PBKDF2_ITERATIONS}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a hash made by :func:`hash_password`."""
    try:
        scheme, iterations, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "pbkdf2_sha256":
        return False
    got = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), int(iterations))
    return hmac.compare_digest(got.hex(), digest)


def insert_seed(conn: Connection, seed: SeedLike, password: str) -> dict[str, int]:
    """Insert the orgs, departments and people of ``seed`` not yet stored; return counts added.

    All people of one load share ``password`` (the demo password), so it is hashed once.
    """
    have_orgs = {r[0]: r[1] for r in conn.execute(select(tables.org.c.id, tables.org.c.path))}
    paths = dict(have_orgs)
    new_orgs = []
    for o in seed.orgs:
        if o.level not in LEVELS:
            raise ValidationError(
                f"org {o.id}: unknown level {o.level!r}; use one of {LEVELS}",
                rule="load_level_unknown",
                org=o.id,
                level=o.level,
                levels=list(LEVELS),
            )
        if o.parent_id is None:
            path = o.id
        elif o.parent_id in paths:
            path = f"{paths[o.parent_id]}/{o.id}"
        else:
            raise ValidationError(
                f"org {o.id}: parent {o.parent_id} unknown; list parents first",
                rule="load_parent_unknown",
                org=o.id,
                parent=o.parent_id,
            )
        paths[o.id] = path
        if o.id in have_orgs:
            continue
        new_orgs.append(
            {
                "id": o.id,
                "name": o.name,
                "level": o.level,
                "parent_id": o.parent_id,
                "kind": o.kind,
                "population": int(o.population),
                "lon": float(o.centroid[0]),
                "lat": float(o.centroid[1]),
                "polygon": json.dumps([[round(x, 6), round(y, 6)] for x, y in o.polygon]),
                "path": path,
            }
        )
    if new_orgs:
        conn.execute(tables.org.insert(), new_orgs)
    have_depts = set(conn.execute(select(tables.department.c.id)).scalars())
    new_depts = [
        {"id": d.id, "name": d.name, "code": d.code, "org_id": d.org_id}
        for d in seed.departments
        if d.id not in have_depts
    ]
    if new_depts:
        conn.execute(tables.department.insert(), new_depts)
    have_users = set(conn.execute(select(tables.user.c.login)).scalars())
    new_people = [p for p in seed.people if p.login not in have_users]
    dept_ids = have_depts | {d.id for d in seed.departments}
    if new_people:
        hashed = hash_password(password)
        for p in new_people:
            if p.role not in ROLES:
                raise ValidationError(
                    f"user {p.login}: unknown role {p.role!r}; use one of {ROLES}",
                    rule="load_role_unknown",
                    login=p.login,
                    role=p.role,
                    roles=list(ROLES),
                )
        conn.execute(
            tables.user.insert(),
            [
                {
                    "login": p.login,
                    "name": p.name,
                    "role": p.role,
                    "org_id": p.org_id,
                    "password_hash": hashed,
                    "department_id": _liaison_department(p, dept_ids),
                }
                for p in new_people
            ],
        )
    logger.info(
        "seed loaded: %s orgs, %s departments, %s users added",
        len(new_orgs),
        len(new_depts),
        len(new_people),
    )
    return {"orgs": len(new_orgs), "departments": len(new_depts), "users": len(new_people)}


def _liaison_department(person: PersonLike, dept_ids: set[str]) -> str | None:
    """The department a liaison speaks for: ``department_id`` if the seed has it, else the
    ``liaison_<department id>`` login convention; None means every department of the center."""
    explicit = getattr(person, "department_id", None)
    if isinstance(explicit, str):
        return explicit
    if person.role == "liaison" and person.login.startswith("liaison_"):
        candidate = person.login.removeprefix("liaison_")
        return candidate if candidate in dept_ids else None
    return None


class Directory:
    """Orgs, departments and users held in memory; :meth:`reload` re-reads them."""

    def __init__(self) -> None:
        self.orgs: dict[str, Org] = {}
        self.children: dict[str, list[str]] = {}
        self.departments: dict[str, Department] = {}
        self.users: dict[str, User] = {}

    def reload(self, conn: Connection) -> None:
        """Read every org, department and user."""
        orgs: dict[str, Org] = {}
        children: dict[str, list[str]] = {}
        for r in conn.execute(select(tables.org).order_by(tables.org.c.path)):
            poly = tuple((float(x), float(y)) for x, y in json.loads(r.polygon))
            orgs[r.id] = Org(
                r.id,
                r.name,
                r.level,
                r.parent_id,
                r.kind,
                r.population,
                (r.lon, r.lat),
                poly,
                r.path,
            )
            if r.parent_id:
                children.setdefault(r.parent_id, []).append(r.id)
        self.orgs, self.children = orgs, children
        self.departments = {
            r.id: Department(r.id, r.name, r.code, r.org_id)
            for r in conn.execute(select(tables.department).order_by(tables.department.c.id))
        }
        self.users = {
            r.login: User(r.login, r.name, r.role, r.org_id, r.department_id)
            for r in conn.execute(
                select(
                    tables.user.c.login,
                    tables.user.c.name,
                    tables.user.c.role,
                    tables.user.c.org_id,
                    tables.user.c.department_id,
                ).order_by(tables.user.c.login)
            )
        }

    def org(self, org_id: str) -> Org:
        """The org or NotFoundError."""
        found = self.orgs.get(org_id)
        if found is None:
            raise NotFoundError(
                f"org {org_id!r} does not exist; see `xueliang org list`",
                rule="org_missing",
                org=org_id,
            )
        return found

    def user(self, login: str) -> User:
        """The user or NotFoundError."""
        found = self.users.get(login)
        if found is None:
            raise NotFoundError(
                f"user {login!r} does not exist; see `xueliang user list`",
                rule="user_missing",
                login=login,
            )
        return found

    def department(self, dept_id: str) -> Department:
        """The department or NotFoundError."""
        found = self.departments.get(dept_id)
        if found is None:
            raise NotFoundError(
                f"department {dept_id!r} does not exist",
                rule="department_missing",
                department=dept_id,
            )
        return found

    def within(self, org_id: str, ancestor_id: str) -> bool:
        """Whether ``org_id`` is ``ancestor_id`` or lies in its subtree."""
        path, top = self.org(org_id).path, self.org(ancestor_id).path
        return path == top or path.startswith(top + "/")

    def ancestors(self, org_id: str) -> list[Org]:
        """The org's ancestors, nearest first."""
        out: list[Org] = []
        parent = self.org(org_id).parent_id
        while parent is not None:
            out.append(self.orgs[parent])
            parent = self.orgs[parent].parent_id
        return out

    def center_for(self, grid_id: str, level: str) -> Org:
        """The ancestor center of a grid at ``level`` (village means village or community)."""
        wanted = ("village", "community") if level == "village" else (level,)
        for anc in self.ancestors(grid_id):
            if anc.level in wanted:
                return anc
        raise NotFoundError(
            f"grid {grid_id} has no {level}-level center above it",
            rule="no_center_above",
            grid=grid_id,
            level=level,
        )

    def centers(self, orgs: Iterable[Org]) -> list[Org]:
        """Only the centers among ``orgs``."""
        return [o for o in orgs if o.level in CENTER_LEVELS]
