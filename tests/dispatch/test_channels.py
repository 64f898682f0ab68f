"""Video-alarm reports from the system, attachments, co-handlers, department liaisons and
escalation shortcuts."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from dispatch_tiny import CITY, D1, G1, T1, V1, login

from dispatch.errors import ConflictError, PermissionDeniedError, ValidationError
from dispatch.service import DispatchService

GW, OP = login("grid_worker", G1), login("operator", V1)


def test_video_alarm_from_the_system(svc: DispatchService) -> None:
    inc = svc.report_as_system(
        G1, "public_order", "general", "区域入侵告警", cameras=["cam-12", "cam-3", "cam-12"]
    )
    assert (inc.channel, inc.reporter, inc.center_id) == ("video_alarm", "system", T1)
    assert inc.cameras == ("cam-12", "cam-3")
    assert svc.incidents_for_camera("cam-3") == [inc.id]
    listed = svc.list_incidents(org=T1)
    assert [i.cameras for i in listed] == [("cam-12", "cam-3")]
    first = svc.history(inc.id)[0]
    assert (first.actor, first.role, first.detail["channel"]) == ("system", "system", "video_alarm")
    inc = svc.act(inc.id, "accept", login("operator", T1))
    assert inc.cameras == ("cam-12", "cam-3")


def test_one_open_repair_order_per_camera_and_category(svc: DispatchService) -> None:
    """Two consoles file the same repair order at once: one is filed, the other refused."""
    offline = "equipment.camera_offline"

    def order(category: str = offline, cameras: tuple[str, ...] = ("cam-7",)) -> str:
        return svc.report_as_system(
            G1, category, "general", "摄像机离线", cameras=list(cameras), once_per_camera=True
        ).id

    first = order()
    with pytest.raises(ConflictError, match=f"{first} is open for camera cam-7 already") as exc:
        order(cameras=("cam-8", "cam-7"))
    assert exc.value.context["rule"] == "open_for_camera"
    assert order("equipment.video_quality") != first  # another kind of fault: its own order
    assert order(cameras=("cam-8",)) != first  # another camera
    svc.report_as_system(G1, offline, "general", "另行上报", cameras=["cam-9"])  # no such rule
    svc.act(first, "reject", login("operator", T1), reason="已修复")
    assert order() != first  # the first one closed: a new outage, a new order
    assert len(svc.list_incidents(open_only=True)) == 4  # the rejected one is closed


def test_attachments_keep_path_and_hash(svc: DispatchService, tmp_path: Path) -> None:
    photo = tmp_path / "scene.jpg"
    photo.write_bytes(b"\xff\xd8 not really a jpeg")
    inc = svc.report(GW, G1, "other", "simple", "照片", attachments=[photo])
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    assert [(a.path, a.sha256) for a in inc.attachments] == [(str(photo.resolve()), digest)]
    note = tmp_path / "note.txt"
    note.write_text("现场记录")
    inc = svc.add_attachment(inc.id, OP, note)
    assert len(inc.attachments) == 2 and inc.version == 2
    assert [i.attachments for i in svc.list_incidents(org=V1)] == [inc.attachments]
    with pytest.raises(ValidationError, match="cannot read attachment"):
        svc.add_attachment(inc.id, OP, tmp_path / "missing.jpg")
    with pytest.raises(PermissionDeniedError):
        svc.add_attachment(inc.id, login("operator", "610203"), note)
    assert svc.verify_audit().ok


def test_dispatch_with_co_handlers_and_department_rules(svc: DispatchService) -> None:
    op = login("operator", D1)
    inc = svc.act(svc.report(GW, G1, "other", "complex", "协办").id, "accept", op)
    with pytest.raises(PermissionDeniedError, match="only departments of the owning center"):
        svc.act(inc.id, "dispatch", op, to=f"dept-{CITY}-police")
    with pytest.raises(PermissionDeniedError, match="within the owning center's subtree"):
        svc.act(inc.id, "dispatch", op, to="610203001001-01")
    inc = svc.act(inc.id, "dispatch", op, to=f"dept-{D1}-police,dept-{D1}-cg,{T1}")
    assert (inc.assignee_kind, inc.assignee_id) == ("department", f"dept-{D1}-police")
    assert inc.co_handlers == (f"dept-{D1}-cg", T1)
    # a co-handler does not sign for the lead
    with pytest.raises(PermissionDeniedError):
        svc.act(inc.id, "sign", login("operator", T1))
    assert svc.act(inc.id, "sign", login("liaison", D1)).state == "signed"


def test_escalation_one_level_or_straight_to_city_when_major_or_urgent(
    svc: DispatchService,
) -> None:
    plain = svc.report(GW, G1, "other", "simple", "上报")
    with pytest.raises(PermissionDeniedError, match="only major or urgent"):
        svc.act(plain.id, "escalate", OP, to=CITY, reason="太大")
    up = svc.act(plain.id, "escalate", OP, reason="超出村级能力")
    assert (up.state, up.center_id, up.assignee_id) == ("reported", T1, None)
    urgent = svc.report(GW, G1, "other", "simple", "紧急", urgent=True)
    top = svc.act(urgent.id, "escalate", OP, to=CITY, reason="紧急")
    assert top.center_id == CITY
    assert svc.allowed_actions(top.id, login("operator", CITY)) == ["accept", "reject"]
    assert svc.allowed_actions(top.id, login("duty_officer", CITY)) == [
        "accept",
        "reject",
        "extend",
    ]
