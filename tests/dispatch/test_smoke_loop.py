"""The full closed loop on both backends, end to end through the service."""

from __future__ import annotations

from dispatch_tiny import CITY, D1, G1, M1, T1, V1, login

from dispatch.service import DispatchService


def test_full_loop_simple_incident(svc: DispatchService) -> None:
    gw = login("grid_worker", G1)
    inc = svc.report(gw, G1, "矛盾纠纷", "simple", "邻里噪音", description="楼上噪音")
    assert inc.id.startswith("TC-20261127-") and inc.id.endswith("000001")
    assert (inc.state, inc.center_id, inc.version) == ("reported", V1, 1)
    assert inc.category == "dispute" and inc.deadline is not None
    op = login("operator", V1)
    inc = svc.act(inc.id, "accept", op)
    inc = svc.act(inc.id, "dispatch", op, to=G1)
    assert (inc.assignee_kind, inc.assignee_id) == ("grid", G1)
    for action in ("sign", "start", "feedback"):
        inc = svc.act(inc.id, action, gw)
    inc = svc.act(inc.id, "verify", op)
    inc = svc.act(inc.id, "close", op)
    inc = svc.act(inc.id, "evaluate", gw, rating=5)
    assert (inc.state, inc.version, inc.rating) == ("evaluated", 9, 5)
    hist = svc.history(inc.id)
    assert [h.action for h in hist] == [
        "report",
        "accept",
        "dispatch",
        "sign",
        "start",
        "feedback",
        "verify",
        "close",
        "evaluate",
    ]
    assert hist[2].to_state == "dispatched" and hist[2].actor == op
    assert svc.verify_audit().ok


def test_routing_per_severity(svc: DispatchService) -> None:
    gw = login("grid_worker", G1)
    expected = {"simple": V1, "general": T1, "complex": D1, "major": CITY}
    for severity, center in expected.items():
        inc = svc.report(gw, G1, "other", severity, f"{severity} case")
        assert inc.center_id == center, severity
    urban = svc.report(login("grid_worker", f"{M1}-01"), f"{M1}-01", "other", "simple", "u")
    assert urban.center_id == M1
