"""`xueliang db …`: create or upgrade the database; helpers shared by the dispatch commands."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when a command runs: `xueliang --help` stays quick
    from dispatch.service import DispatchService


def open_service(args: argparse.Namespace, require_schema: bool = True) -> DispatchService:
    """A service on ``--db`` (or the default store), checking that ``db init`` was run."""
    from dispatch.service import DispatchService
    from dispatch.store import Store

    store = Store.open(getattr(args, "db", None))
    if require_schema:
        try:
            store.require_schema()
        except Exception:
            store.close()
            raise
    return DispatchService(store)


@contextmanager
def service(args: argparse.Namespace) -> Iterator[DispatchService]:
    """``with service(args) as svc:`` — a checked service, its store closed afterwards."""
    svc = open_service(args)
    try:
        yield svc
    finally:
        svc.store.close()


def emit(args: argparse.Namespace, data: Any, text: str) -> None:
    """Print ``data`` as JSON with ``--json``, else ``text`` for people."""
    try:
        if getattr(args, "json", False):
            json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            print(text)
        sys.stdout.flush()
    except BrokenPipeError:  # reader went away (e.g. `| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def add_json(parser: argparse.ArgumentParser) -> None:
    """Add the ``--json`` switch."""
    parser.add_argument("--json", action="store_true", help="machine-readable JSON output")


def _init(args: argparse.Namespace) -> int:
    svc = open_service(args, require_schema=False)
    try:
        svc.store.migrate()
        emit(args, {"url": svc.store.url, "ready": True}, f"database ready: {svc.store.url}")
    finally:
        svc.store.close()
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `db` group."""
    parser = sub.add_parser("db", help="database: create or upgrade the schema")
    dbsub = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    init = dbsub.add_parser("init", help="create or upgrade the schema (idempotent)")
    add_json(init)
    init.set_defaults(func=_init)
