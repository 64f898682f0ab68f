"""``list_summaries``: the same incidents, in the same order, as ``list_incidents`` for every
filter, each summary agreeing with the full incident on every attribute it carries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from dispatch_tiny import CITY, D1, D2, G1, G1B, G2, G3, T1, T2, V1, ManualClock, login

from dispatch.errors import NotFoundError, ValidationError
from dispatch.models import Incident
from dispatch.service import DispatchService
from dispatch.summary import SUMMARY_COLUMNS, IncidentSummary

GW, OP, OP_T1 = login("grid_worker", G1), login("operator", V1), login("operator", T1)
ATTRIBUTES = (*SUMMARY_COLUMNS, "cameras")


def _world(svc: DispatchService, clock: ManualClock) -> dict[str, Incident]:
    """Incidents in both districts, in many states, some at the same instant (ties)."""
    out: dict[str, Incident] = {}
    out["plain"] = svc.report(GW, G1, "other", "simple", "噪音", description="楼上装修")
    out["camera"] = svc.report_as_system(
        G1B, "public_order", "general", "区域入侵", cameras=["cam-9", "cam-1"], urgent=True
    )
    clock.advance(minutes=3)
    out["address"] = svc.report(
        login("grid_worker", G2), G2, "dispute", "complex", "纠纷", address="幸福路 8 号"
    )
    out["elsewhere"] = svc.report(login("grid_worker", G3), G3, "other", "general", "外区")
    clock.advance(minutes=1)
    late = svc.act(svc.report(GW, G1, "other", "simple", "超时").id, "accept", OP)
    clock.advance(hours=2)
    svc.sweep()  # ``late`` (and the reports still waiting) run out of time
    out["late"] = svc.get(late.id)
    done = svc.report(GW, G1, "other", "simple", "已办结")
    done = svc.act(done.id, "reject", OP, reason="重复")
    out["rejected"] = done
    co = svc.act(svc.report(GW, G1, "other", "complex", "协办").id, "accept", login("operator", D1))
    co = svc.act(co.id, "dispatch", login("operator", D1), to=f"dept-{D1}-police,{T1}")
    out["supervised"] = svc.act(co.id, "supervise", login("leader", CITY))
    return out


def _same(summaries: list[IncidentSummary], incidents: list[Incident]) -> None:
    assert [s.id for s in summaries] == [i.id for i in incidents]
    for s, inc in zip(summaries, incidents, strict=True):
        for name in ATTRIBUTES:
            mine, theirs = getattr(s, name), getattr(inc, name)
            assert (mine, type(mine)) == (theirs, type(theirs)), (inc.id, name)


FILTERS: list[dict[str, Any]] = [
    {},
    {"open_only": True},
    {"org": D1},
    {"org": D2},
    {"org": T1, "open_only": True},
    {"org": V1},
    {"org": G1B},
    {"org": CITY},
    {"login": GW},
    {"login": OP, "open_only": True},
    {"login": login("operator", T2)},
    {"state": "reported"},
    {"state": ["accepted", "rejected", "dispatched"]},
    {"state": "closed"},
    {"overdue": True},
    {"overdue": False, "org": D1},
    {"overdue": True, "state": "accepted"},
    {"limit": 3},
    {"org": D1, "open_only": True, "limit": 2},
]


@pytest.mark.parametrize(
    "filters", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items())
)
def test_summaries_match_incidents(
    svc: DispatchService, clock: ManualClock, filters: dict[str, Any]
) -> None:
    _world(svc, clock)
    _same(svc.list_summaries(**filters), svc.list_incidents(**filters))


def test_filters_and_newest_first(svc: DispatchService, clock: ManualClock) -> None:
    w = _world(svc, clock)
    listed = svc.list_summaries()
    assert len(listed) == len(w)
    keys = [(s.created_ts, s.id) for s in listed]
    assert keys == sorted(keys, reverse=True)
    # the two first reports share their instant: the later id comes first
    assert [s.id for s in listed[-2:]] == [w["camera"].id, w["plain"].id]
    assert listed[0].id == w["supervised"].id
    assert {s.id for s in svc.list_summaries(org=D2)} == {w["elsewhere"].id}
    assert {s.id for s in svc.list_summaries(login=login("grid_worker", G2))} == {w["address"].id}
    assert w["elsewhere"].id not in {s.id for s in svc.list_summaries(login=OP_T1)}
    overdue = {s.id for s in svc.list_summaries(overdue=True)}
    assert w["late"].id in overdue and w["supervised"].id not in overdue
    assert all(s.overdue is True for s in svc.list_summaries(overdue=True))
    assert {s.state for s in svc.list_summaries(state="rejected")} == {"rejected"}
    assert w["rejected"].id not in {s.id for s in svc.list_summaries(open_only=True)}
    assert svc.list_summaries(state="closed") == []
    assert len(svc.list_summaries(limit=2)) == 2


def test_summary_values(svc: DispatchService, clock: ManualClock) -> None:
    w = _world(svc, clock)
    by_id = {s.id: s for s in svc.list_summaries()}
    cam = by_id[w["camera"].id]
    assert cam.cameras == ("cam-1", "cam-9") and cam.urgent is True
    assert (cam.channel, cam.severity, cam.center_id) == ("video_alarm", "general", T1)
    sup = by_id[w["supervised"].id]
    assert sup.supervised is True and sup.state == "dispatched"
    assert (sup.assignee_kind, sup.assignee_id) == ("department", f"dept-{D1}-police")
    assert by_id[w["address"].id].address == "幸福路 8 号"
    assert by_id[w["plain"].id].description == "楼上装修"
    late = by_id[w["late"].id]
    assert late.deadline is not None and late.deadline_ts == late.deadline.timestamp()
    assert isinstance(late.created_at, datetime) and late.created_at.tzinfo is not None
    assert late.created_ts == late.created_at.timestamp()
    assert late.updated_ts == late.updated_at.timestamp() > late.created_ts
    assert late.version == w["late"].version == 3  # report, accept, overdue
    assert repr(late) == f"IncidentSummary({late.id!r}, state='accepted', version=3)"
    with pytest.raises(AttributeError):
        late.state = "closed"  # type: ignore[misc]


def test_bad_filters_are_refused(svc: DispatchService) -> None:
    with pytest.raises(ValidationError, match="unknown state 'lost'"):
        svc.list_summaries(state="lost")
    with pytest.raises(NotFoundError):
        svc.list_summaries(org="999999")
    with pytest.raises(NotFoundError):
        svc.list_summaries(login="nobody")
