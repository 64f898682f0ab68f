"""Time limits per category × severity, sweep (overdue + one notice, idempotent), suspend
stops the clock, extend moves it, supervise flags; the taxonomy itself."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from dispatch_tiny import CITY, G1, T1, V1, ManualClock, login

from dispatch.categories import taxonomy
from dispatch.errors import ValidationError
from dispatch.service import DispatchService

GW, OP, DUTY_PARENT = login("grid_worker", G1), login("operator", V1), login("duty_officer", T1)
DESIGN_TOP_LEVEL = ("矛盾纠纷", "治安隐患", "安全隐患", "特殊人群", "城市管理/环境卫生",
                    "民生服务诉求", "公共卫生", "涉稳/信访", "设备故障", "其他")  # fmt: skip


def test_taxonomy_has_design_names_and_limits() -> None:
    tax = taxonomy()
    for name in DESIGN_TOP_LEVEL:
        cat = tax.resolve(name)
        assert cat.parent is None and cat.name == name
        for sev in ("simple", "general", "complex", "major"):
            assert set(cat.limits[sev]) == set(tax.steps)
    assert tax.resolve("safety.fire").name == "消防安全"
    assert tax.resolve("安全隐患/消防安全").code == "safety.fire"
    assert tax.limit_minutes("safety.hazchem", "general", False, "accept") == 10
    assert tax.limit_minutes("dispute", "general", True, "handle") == 480  # urgent caps
    with pytest.raises(ValidationError, match="unknown category"):
        tax.resolve("火星事件")


def test_step_deadlines_follow_the_table(svc: DispatchService, clock: ManualClock) -> None:
    t0 = clock.now
    inc = svc.report(GW, G1, "矛盾纠纷", "simple", "噪音")
    assert inc.deadline == t0 + timedelta(minutes=30)
    clock.advance(minutes=5)
    inc = svc.act(inc.id, "accept", OP)
    assert inc.deadline == clock.now + timedelta(minutes=60)
    inc = svc.act(inc.id, "dispatch", OP, to=G1)
    assert inc.deadline == clock.now + timedelta(minutes=120)
    clock.advance(minutes=10)
    inc = svc.act(inc.id, "sign", GW)
    handle_due = clock.now + timedelta(days=1)
    assert inc.deadline == handle_due and inc.deadlines["handle"] == handle_due
    clock.advance(hours=2)
    inc = svc.act(inc.id, "start", GW)
    assert inc.deadline == handle_due  # same step, same clock
    urgent = svc.report(GW, G1, "safety.hazchem", "simple", "气味", urgent=True)
    assert urgent.deadline == clock.now + timedelta(minutes=10)
    assert svc.get(inc.id).deadline == handle_due


def test_sweep_marks_overdue_once_and_notifies_parent(
    svc: DispatchService, clock: ManualClock
) -> None:
    late = svc.report(GW, G1, "other", "simple", "late")
    fine = svc.report(GW, G1, "other", "simple", "fine")
    svc.act(fine.id, "accept", OP)
    clock.advance(minutes=31)
    first = svc.sweep()
    assert first.marked_overdue == (late.id,) and first.notices == 1
    inc = svc.get(late.id)
    assert inc.overdue and inc.version == 2
    notes = svc.notices(T1)
    assert [(n.incident_id, n.step) for n in notes] == [(late.id, "accept")]
    again = svc.sweep()
    assert again.marked_overdue == () and again.notices == 0
    assert svc.get(late.id).version == 2 and len(svc.notices()) == 1
    assert [h.action for h in svc.history(late.id)] == ["report", "overdue"]
    # a later step starts a fresh clock; when it runs out, one more notice
    inc = svc.act(late.id, "accept", OP)
    assert not inc.overdue
    clock.advance(minutes=61)
    assert svc.sweep().marked_overdue == (late.id, fine.id)
    assert len(svc.notices(T1)) == 3
    assert svc.list_incidents(overdue=True, org=V1) == svc.list_incidents(overdue=True)
    assert svc.verify_audit().ok


def test_sweep_with_nothing_due_waits_for_no_writer(
    svc: DispatchService, clock: ManualClock
) -> None:
    """Every console sweeps each minute: with nothing due a sweep only reads, so it neither
    waits for nor blocks the writers (actions)."""
    svc.report(GW, G1, "other", "simple", "fresh")  # due in 30 minutes
    svc.sweep()  # the directory loaded: the sweep below only queries
    swept = threading.Event()
    with svc.store.write():  # an action in progress holds the writer lock
        sweeper = threading.Thread(target=lambda: (svc.sweep(), swept.set()))
        sweeper.start()
        assert swept.wait(5), "the sweep waited for the writer lock"
    sweeper.join()
    clock.advance(minutes=31)
    assert len(svc.sweep().marked_overdue) == 1  # and it still marks once something is due


def test_suspend_stops_the_clock(svc: DispatchService, clock: ManualClock) -> None:
    inc = svc.act(svc.report(GW, G1, "other", "simple", "s").id, "accept", OP)
    due = inc.deadline
    assert due is not None
    clock.advance(minutes=10)
    inc = svc.act(inc.id, "suspend", DUTY_PARENT, reason="等待鉴定")
    assert inc.state == "suspended" and inc.deadline is None
    clock.advance(hours=5)
    assert svc.sweep().marked_overdue == ()
    inc = svc.act(inc.id, "resume", OP)
    assert inc.state == "accepted"
    assert inc.deadline == due + timedelta(hours=5)


def test_extend_and_supervise(svc: DispatchService, clock: ManualClock) -> None:
    inc = svc.act(svc.report(GW, G1, "other", "simple", "e").id, "accept", OP)
    clock.advance(hours=2)
    svc.sweep()
    assert svc.get(inc.id).overdue
    with pytest.raises(ValidationError, match="later than"):
        svc.act(inc.id, "extend", DUTY_PARENT, deadline=clock.now - timedelta(days=1))
    new_due = clock.now + timedelta(days=2)
    inc = svc.act(inc.id, "extend", DUTY_PARENT, deadline=new_due, reason="节假日")
    assert inc.deadline == new_due and inc.deadlines["dispatch"] == new_due and not inc.overdue
    inc = svc.act(inc.id, "supervise", login("leader", CITY))
    assert inc.supervised and inc.supervise_deadline == clock.now + timedelta(hours=24)
    assert svc.sweep().marked_overdue == ()
