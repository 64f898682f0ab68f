"""PTZ holds (云台控制权) on both backends: one steerer at a time, a higher center first,
the area and role checked in the service, every take, take-over and release audited."""

from __future__ import annotations

import concurrent.futures
import json
from collections.abc import Callable
from typing import TypeVar

import pytest
from dispatch_tiny import CITY, D1, D2, G1, G2, G3, T1, V1, ManualClock, login
from sqlalchemy import func, select

from console.cli import main
from dispatch import audit, tables
from dispatch.audit import verify
from dispatch.errors import HeldError, PermissionDeniedError
from dispatch.ptz import HOLD_S
from dispatch.service import DispatchService

CAM = "cam-07"
T = TypeVar("T")


def _ptz_audit(svc: DispatchService) -> list[tuple[str, str, str]]:
    with svc.store.read() as conn:
        rows = conn.execute(
            select(tables.audit.c.action, tables.audit.c.actor, tables.audit.c.detail)
            .where(tables.audit.c.action.like("ptz_%"))
            .order_by(tables.audit.c.seq)
        ).all()
    return [(r.action, r.actor, r.detail) for r in rows]


def test_one_steerer_at_a_time_until_the_hold_lapses(
    svc: DispatchService, clock: ManualClock
) -> None:
    a, b = login("duty_officer", T1), login("operator", T1)
    hold = svc.take_ptz(a, CAM, G1)
    assert (hold.login, hold.org_id, hold.displaced) == (a, T1, None)
    clock.advance(seconds=10)
    with pytest.raises(HeldError) as refused:
        svc.take_ptz(b, CAM, G1)  # same level: waits
    assert refused.value.context["holder_org"] == T1
    assert refused.value.context["seconds"] == int(HOLD_S) - 10
    assert "steers camera cam-07" in str(refused.value)
    renewed = svc.take_ptz(a, CAM, G1)  # a's next command extends the hold
    assert renewed.until == pytest.approx(clock.now.timestamp() + HOLD_S)
    clock.advance(seconds=HOLD_S - 1)
    with pytest.raises(HeldError):
        svc.take_ptz(b, CAM, G1)
    clock.advance(seconds=2)  # lapsed: b may steer it
    assert svc.take_ptz(b, CAM, G1).login == b
    assert svc.ptz_holder(CAM) is not None and svc.ptz_holder(CAM).login == b  # type: ignore[union-attr]
    # audited: a's take and b's take, not a's renewal; the chain stays whole
    assert [(r[0], r[1]) for r in _ptz_audit(svc)] == [("ptz_take", a), ("ptz_take", b)]
    with svc.store.read() as conn:
        assert verify(conn).ok


def test_a_higher_center_takes_over_and_the_lower_one_is_refused(svc: DispatchService) -> None:
    village, district, city = login("operator", V1), login("operator", D1), login("operator", CITY)
    svc.take_ptz(village, CAM, G1)
    taken = svc.take_ptz(district, CAM, G1)
    assert taken.displaced is not None and taken.displaced.login == village
    with pytest.raises(HeldError):
        svc.take_ptz(village, CAM, G1)  # the lower center now waits
    displaced = svc.take_ptz(city, CAM, G1).displaced
    assert displaced is not None and (displaced.login, displaced.org_id) == (district, D1)
    with pytest.raises(HeldError) as refused:
        svc.take_ptz(district, CAM, G1)
    assert refused.value.context["holder"] == svc.user(city).name
    log = _ptz_audit(svc)
    assert [(r[0], r[1]) for r in log] == [
        ("ptz_take", village),
        ("ptz_take_over", district),
        ("ptz_take_over", city),
    ]
    assert f'"taken_from": "{district}"' in log[-1][2]
    assert [(e.action, e.detail) for e in svc.ptz_history(CAM, latest=1)] == [
        ("ptz_take_over", {"camera": CAM, "taken_from": district})
    ]
    assert svc.ptz_history("another-camera") == []


def test_release_lets_the_next_one_steer_and_is_audited_once(svc: DispatchService) -> None:
    a, b = login("operator", T1), login("maintenance", T1)
    svc.take_ptz(a, CAM, G1)
    assert svc.release_ptz(b, CAM) is False  # not b's to let go
    assert svc.release_ptz(a, CAM) is True
    assert svc.release_ptz(a, CAM) is False
    assert svc.ptz_holder(CAM) is None
    assert svc.take_ptz(b, CAM, G1).login == b  # maintenance may steer (to check a camera)
    assert [r[0] for r in _ptz_audit(svc)] == ["ptz_take", "ptz_release", "ptz_take"]


def test_area_and_role_are_checked_in_the_service(svc: DispatchService) -> None:
    with pytest.raises(PermissionDeniedError) as outside:
        svc.take_ptz(login("operator", D2), CAM, G1)  # G1 lies in district D1
    assert outside.value.context["rule"] == "ptz_outside_subtree"
    with pytest.raises(PermissionDeniedError) as role:
        svc.take_ptz(login("liaison", CITY), CAM, G1)
    assert role.value.context["rule"] == "ptz_role"
    with pytest.raises(PermissionDeniedError):
        svc.take_ptz(login("grid_worker", G1), CAM, G1)
    # a camera in no grid (or an unknown one) belongs to the city
    with pytest.raises(PermissionDeniedError):
        svc.take_ptz(login("operator", D1), "cam-loose", None)
    with pytest.raises(PermissionDeniedError):
        svc.take_ptz(login("operator", D1), "cam-loose", "no-such-grid")
    assert svc.take_ptz(login("operator", CITY), "cam-loose", None).org_id == CITY
    assert svc.take_ptz(login("operator", D2), "cam-d2", G3).org_id == D2
    assert svc.take_ptz(login("operator", D1), "cam-d1", G2).org_id == D1
    # nothing written by a refusal
    with svc.store.read() as conn:
        held = conn.execute(select(func.count()).select_from(tables.ptz_hold)).scalar_one()
    assert held == 3 and len(_ptz_audit(svc)) == 3


def test_audit_ptz_lists_who_steered_which_camera(
    svc: DispatchService, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    village, city = login("operator", V1), login("operator", CITY)
    svc.take_ptz(village, CAM, G1)
    svc.take_ptz(city, CAM, G1)
    svc.take_ptz(village, "cam-08", G1)
    assert main(["--db", db_url, "audit", "ptz", "--camera", CAM]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[2:5] for line in out] == [
        ["ptz_take", CAM, village],
        ["ptz_take_over", CAM, city],
    ]
    assert out[1].endswith(f"(from {village})")
    assert main(["--db", db_url, "audit", "ptz", "--latest", "1", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["action"], r["detail"]["camera"]) for r in rows] == [("ptz_take", "cam-08")]
    with pytest.raises(SystemExit):
        main(["--db", db_url, "audit", "ptz", "--latest", "0"])
    assert "not a positive whole number" in capsys.readouterr().err


def test_the_hold_is_per_console_and_maintenance_takes_none_over(svc: DispatchService) -> None:
    op = login("operator", T1)
    svc.take_ptz(op, CAM, G1, console="desk-a")
    with pytest.raises(HeldError):  # the same login on a second desk waits too
        svc.take_ptz(op, CAM, G1, console="desk-b")
    assert svc.release_ptz(op, CAM, console="desk-b") is False  # not that desk's to let go
    assert svc.take_ptz(op, CAM, G1, console="desk-a").console == "desk-a"  # a renewal
    assert svc.release_ptz(op, CAM, console="desk-a") is True
    # maintenance staff steer a free camera but take none over, even from a lower center
    city_mnt, village_op = login("maintenance", CITY), login("operator", V1)
    svc.take_ptz(village_op, CAM, G1)
    with pytest.raises(HeldError):
        svc.take_ptz(city_mnt, CAM, G1)
    hold = svc.ptz_holder(CAM)
    assert hold is not None and not svc.ptz_may_take_over(city_mnt, hold)
    svc.release_ptz(village_op, CAM)
    svc.take_ptz(login("maintenance", T1), CAM, G1)
    # a center's operators take a camera over from maintenance staff of their level or below
    hold = svc.ptz_holder(CAM)
    assert hold is not None and svc.ptz_may_take_over(op, hold)
    assert not svc.ptz_may_take_over(village_op, hold)
    assert svc.take_ptz(op, CAM, G1).displaced is not None


def test_at_one_level_a_leader_over_a_duty_officer_over_an_operator(
    svc: DispatchService,
) -> None:
    op, duty, lead = (login(role, CITY) for role in ("operator", "duty_officer", "leader"))
    svc.take_ptz(op, CAM, G1)
    assert svc.take_ptz(duty, CAM, G1).displaced is not None
    with pytest.raises(HeldError):  # the operator waits for the duty officer
        svc.take_ptz(op, CAM, G1)
    assert svc.take_ptz(lead, CAM, G1).displaced is not None
    with pytest.raises(HeldError):
        svc.take_ptz(duty, CAM, G1)
    assert svc.release_ptz(lead, CAM)
    svc.take_ptz(op, CAM, G1)
    with pytest.raises(HeldError):  # a lower center's leader waits for the city's operator
        svc.take_ptz(login("leader", D1), CAM, G1)


def test_a_renewal_takes_no_audit_chain_lock(svc: DispatchService) -> None:
    """A renewal writes on its own (``write(audited=False)``), so on PostgreSQL it does not
    queue behind a long audited write of another console; an audit append there is refused."""
    op = login("operator", T1)
    svc.take_ptz(op, CAM, G1)
    with svc.store.write(audited=False) as conn, pytest.raises(RuntimeError, match="not locked"):
        audit.append(conn, incident_id="", actor=op, role="operator", center=T1,
                     action="x", from_state=None, to_state="y", reason=None, at=0.0)  # fmt: skip
    if svc.store.is_postgres:  # another writer holds the chain lock: the renewal still goes
        with svc.store.write() as blocking:
            blocking.exec_driver_sql("SELECT 1")
            renewed = _in_thread(lambda: svc.take_ptz(op, CAM, G1), timeout=5)
        assert renewed is not None and renewed.login == op
    assert [r[0] for r in _ptz_audit(svc)] == ["ptz_take"]


def _in_thread(call: Callable[[], T], timeout: float) -> T | None:
    """``call()`` on another thread; None if it has not returned within ``timeout`` (the
    thread is then left to finish once the caller lets go of what it waits for)."""
    pool = concurrent.futures.ThreadPoolExecutor(1)
    try:
        return pool.submit(call).result(timeout)
    except concurrent.futures.TimeoutError:
        return None
    finally:
        pool.shutdown(wait=False)


def test_holds_now_lists_the_live_holds(svc: DispatchService, clock: ManualClock) -> None:
    svc.take_ptz(login("operator", T1), "cam-a", G1, console="a")
    clock.advance(seconds=HOLD_S - 5)
    svc.take_ptz(login("operator", D1), "cam-b", G1, console="b")
    assert [(h.camera_id, h.login, h.console) for h in svc.ptz_holds_now()] == [
        ("cam-a", login("operator", T1), "a"),
        ("cam-b", login("operator", D1), "b"),
    ]
    clock.advance(seconds=6)  # cam-a's hold lapsed
    assert [h.camera_id for h in svc.ptz_holds_now()] == ["cam-b"]
