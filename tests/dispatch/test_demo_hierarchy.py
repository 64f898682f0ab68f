"""The full Tongchuan demo: loading twice reproduces the issue's figures exactly."""

from __future__ import annotations

import pytest

from dispatch.errors import AuthenticationError
from dispatch.seed import DEMO_PASSWORD
from dispatch.service import DispatchService
from dispatch.store import Store

TONGCHUAN = {"city": 1, "district": 4, "township": 38, "village": 359, "community": 73,
             "grid": 2831, "grid_rural": 1870, "grid_urban": 961, "grid_worker": 3198,
             "grid_worker_rural": 2008, "grid_worker_urban": 1190}  # fmt: skip


@pytest.mark.slow
def test_load_demo_twice_gives_tongchuan_figures(store: Store) -> None:
    svc = DispatchService(store)
    svc.load_demo()
    assert {k: svc.org_stats()[k] for k in TONGCHUAN} == TONGCHUAN
    users, orgs = len(svc.users()), len(svc.orgs())
    again = DispatchService(store)
    again.load_demo()
    assert {k: again.org_stats()[k] for k in TONGCHUAN} == TONGCHUAN
    assert (len(again.users()), len(again.orgs())) == (users, orgs)
    assert [o.name for o in again.orgs(level="district")] == [
        "王益区",
        "印台区",
        "耀州区",
        "宜君县",
    ]
    roles: dict[str, set[str]] = {}
    for user in again.users():
        roles.setdefault(user.org_id, set()).add(user.role)
    for center in again.orgs():
        if center.level != "grid":
            assert {"operator", "duty_officer"} <= roles.get(center.id, set()), center.id
    assert again.authenticate("city_op", DEMO_PASSWORD).org_id == "610200"
    with pytest.raises(AuthenticationError):
        again.authenticate("city_op", DEMO_PASSWORD + "x")
    grid = again.orgs(level="grid")[0]
    assert len(grid.polygon) >= 3 and 108.5 < grid.centroid[0] < 109.5
