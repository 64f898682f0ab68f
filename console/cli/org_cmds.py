"""`xueliang org …` and `xueliang user …`: the hierarchy and its people."""

from __future__ import annotations

import argparse

from console.cli.db_cmds import add_json, emit, service
from dispatch.export import org_dict, user_dict
from dispatch.models import LEVELS, ROLES

STATS_KEYS = (
    "city",
    "district",
    "township",
    "village",
    "community",
    "grid",
    "grid_rural",
    "grid_urban",
    "grid_worker",
    "grid_worker_rural",
    "grid_worker_urban",
)


def _load_demo(args: argparse.Namespace) -> int:
    with service(args) as svc:
        svc.load_demo()
        stats = svc.org_stats()
    emit(
        args,
        stats,
        "Tongchuan demo hierarchy loaded: " + ", ".join(f"{k} {stats[k]}" for k in STATS_KEYS),
    )
    return 0


def _stats(args: argparse.Namespace) -> int:
    with service(args) as svc:
        stats = svc.org_stats()
    data = {k: stats.get(k, 0) for k in STATS_KEYS}
    emit(args, data, "\n".join(f"{k:<18} {v}" for k, v in data.items()))
    return 0


def _list(args: argparse.Namespace) -> int:
    with service(args) as svc:
        orgs = svc.orgs(level=args.level, parent=args.parent)
    emit(
        args,
        [org_dict(o) for o in orgs],
        "\n".join(f"{o.id:<18} {o.level:<10} {o.parent_id or '-':<16} {o.name}" for o in orgs),
    )
    return 0


def _users(args: argparse.Namespace) -> int:
    with service(args) as svc:
        users = svc.users(org_id=args.org, role=args.role)
    emit(
        args,
        [user_dict(u) for u in users],
        "\n".join(f"{u.login:<28} {u.role:<13} {u.org_id:<18} {u.name}" for u in users),
    )
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `org` and `user` groups."""
    org = sub.add_parser("org", help="the org hierarchy: load the demo, stats, list")
    osub = org.add_subparsers(dest="org_command", metavar="ACTION", required=True)
    p = osub.add_parser("load-demo", help="load the Tongchuan hierarchy (idempotent)")
    add_json(p)
    p.set_defaults(func=_load_demo)
    p = osub.add_parser("stats", help="counts per level, grids and grid workers")
    add_json(p)
    p.set_defaults(func=_stats)
    p = osub.add_parser("list", help="list orgs")
    p.add_argument("--level", choices=LEVELS)
    p.add_argument("--parent", metavar="ID", help="only direct children of this org")
    add_json(p)
    p.set_defaults(func=_list)
    user = sub.add_parser("user", help="users of the hierarchy")
    usub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    p = usub.add_parser("list", help="list users")
    p.add_argument("--org", metavar="ID")
    p.add_argument("--role", choices=ROLES)
    add_json(p)
    p.set_defaults(func=_users)
