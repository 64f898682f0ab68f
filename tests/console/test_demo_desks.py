"""The demo's simulated colleagues move incidents along the loop through the real service."""

from __future__ import annotations

from pathlib import Path

from console.demo_desks import DemoDesks
from dispatch.service import DispatchService
from dispatch.store import Store


def test_colleagues_close_the_loop_and_leave_the_users_own_work(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'desks.db'}")
    store.migrate()
    try:
        svc = DispatchService(store)
        svc.load_demo()
        grids = [g for g in svc.orgs(level="grid") if "/610202/" in f"/{g.path}/"][:6]
        reported = []
        for severity in ("simple", "general", "complex", "major"):
            for grid in grids[:3]:
                worker = svc.users(org_id=grid.id, role="grid_worker")[0]
                reported.append(
                    svc.report(worker.login, grid.id, "dispute.neighbour", severity, "邻里纠纷")
                )
        left = next(i for i in reported if i.center_id != "610200")
        desks = DemoDesks(svc, own_center="610200", seed=7, leave=frozenset({left.id}))
        for _ in range(200):
            desks.step_once()

        after = {i.id: svc.get(i.id) for i in reported}
        city = [i for i in after.values() if i.center_id == "610200"]
        others = [i for i in after.values() if i.center_id != "610200" and i.id != left.id]
        assert city and all(i.state == "reported" and i.version == 1 for i in city)
        assert after[left.id].version == 1  # the neglected backlog stays as it was
        assert others and all(i.state == "closed" for i in others)
        # each step was a real, audited action by the right person
        history = svc.history(others[0].id)
        assert [h.action for h in history][-7:] == [
            "accept",
            "dispatch",
            "sign",
            "start",
            "feedback",
            "verify",
            "close",
        ]
        assert svc.verify_audit().ok
    finally:
        store.close()
