"""A small real dispatch world for the board tests: a SQLite store with a tiny hierarchy.

Two districts (王益区 610202 with one township, one village and two grids; 印台区 610203 with one
township, one village and one grid) under the city 610200, staff at every center, a grid worker
per grid and a police department at the city and at 王益区. Polygons are rectangles that tile.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from dispatch.seed.models import DepartmentSeed, HierarchySeed, OrgSeed, PersonSeed

CITY, WANGYI, YINTAI = "610200", "610202", "610203"
T1, T2 = "610202001", "610203001"
V1, V2 = "610202001201", "610203001201"
G1, G2, G3 = f"{V1}-01", f"{V1}-02", f"{V2}-01"


def _rect(x0: float, y0: float, x1: float, y1: float) -> tuple[tuple[float, float], ...]:
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def _org(oid: str, name: str, level: str, parent: str | None, box: tuple[float, ...]) -> OrgSeed:
    x0, y0, x1, y1 = box
    kind = "rural" if level in ("village", "grid") else None
    return OrgSeed(
        oid,
        name,
        level,
        parent,
        kind,
        1000,
        _rect(x0, y0, x1, y1),  # type: ignore[arg-type]
        ((x0 + x1) / 2, (y0 + y1) / 2),
        "镇" if level == "township" else None,
    )


def small_seed() -> HierarchySeed:
    """The tiny hierarchy described in the module docstring."""
    orgs = (
        _org(CITY, "铜川市", "city", None, (108.9, 35.0, 109.1, 35.2)),
        _org(WANGYI, "王益区", "district", CITY, (108.9, 35.0, 109.0, 35.2)),
        _org(YINTAI, "印台区", "district", CITY, (109.0, 35.0, 109.1, 35.2)),
        _org(T1, "黄堡镇", "township", WANGYI, (108.9, 35.0, 109.0, 35.2)),
        _org(T2, "陈炉镇", "township", YINTAI, (109.0, 35.0, 109.1, 35.2)),
        _org(V1, "黄堡村", "village", T1, (108.9, 35.0, 109.0, 35.2)),
        _org(V2, "陈炉村", "village", T2, (109.0, 35.0, 109.1, 35.2)),
        _org(G1, "黄堡村第1网格", "grid", V1, (108.9, 35.0, 109.0, 35.1)),
        _org(G2, "黄堡村第2网格", "grid", V1, (108.9, 35.1, 109.0, 35.2)),
        _org(G3, "陈炉村第1网格", "grid", V2, (109.0, 35.0, 109.1, 35.2)),
    )
    people = [
        PersonSeed("city_op", "王敏", CITY, "operator", None),
        PersonSeed("city_duty", "李强", CITY, "duty_officer", None),
        PersonSeed("wangyi_op", "张伟", WANGYI, "operator", None),
        PersonSeed("wangyi_duty", "刘洋", WANGYI, "duty_officer", None),
    ]
    for center in (YINTAI, T1, T2, V1, V2):
        people.append(PersonSeed(f"op_{center}", "操作员", center, "operator", None))
        people.append(PersonSeed(f"duty_{center}", "值班长", center, "duty_officer", None))
    for grid in (G1, G2, G3):
        people.append(PersonSeed(f"gw_{grid}_1", "网格员", grid, "grid_worker", "rural"))
    departments = (
        DepartmentSeed(f"dept-{CITY}-police", "市公安局", "police", CITY),
        DepartmentSeed(f"dept-{WANGYI}-police", "王益区公安分局", "police", WANGYI),
    )
    return HierarchySeed(orgs, tuple(people), departments)


@dataclass
class World:
    """An open store, its service and change feed, and the database URL for subprocesses."""

    url: str
    store: Any
    svc: Any
    feed: Any


@contextmanager
def open_world(path: Path) -> Iterator[World]:
    """Create, migrate and seed a SQLite database at ``path``; close it afterwards."""
    from dispatch.feed import ChangeFeed
    from dispatch.service import DispatchService
    from dispatch.store import Store

    url = f"sqlite:///{path}"
    store = Store.open(url)
    store.migrate()
    svc = DispatchService(store)
    svc.load_hierarchy(small_seed())
    try:
        yield World(url, store, svc, ChangeFeed(store))
    finally:
        store.close()


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """A fresh small world in the test's temp dir (import this fixture into a test module)."""
    with open_world(tmp_path / "board.db") as w:
        yield w


@pytest.fixture
def board(qtbot: Any, world: World) -> Iterator[Any]:
    """The city operator's BoardController, loaded; its follower stopped afterwards."""
    from console.board import BoardController

    controller = BoardController(world.svc, world.feed, "city_op")
    qtbot.waitUntil(lambda: controller.is_loaded, timeout=5000)
    yield controller
    controller.stop()
    assert not controller.follower.is_running()


@pytest.fixture(autouse=True)
def english_ui(qapp: Any) -> Iterator[None]:
    """Board tests read English texts: reset the app-wide translators other tests installed."""
    from console import i18n

    i18n.install("en")
    yield
    i18n.install("en")


def settle(qtbot: Any, detail: Any, timeout: int = 5000) -> None:
    """Wait until the incident detail's worker has answered (reads and actions run there)."""
    qtbot.waitUntil(detail.idle, timeout=timeout)


def detail_on(qtbot: Any, controller: Any, incident_id: str) -> Any:
    """An incident detail pane for ``controller``, showing ``incident_id`` once loaded."""
    from console.board.qt_incident_detail import QtIncidentDetail

    detail = QtIncidentDetail(controller)
    qtbot.addWidget(detail)
    controller.select(incident_id)
    settle(qtbot, detail)
    return detail
