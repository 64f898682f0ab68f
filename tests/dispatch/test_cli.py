"""`xueliang` db/org/user/incident/audit commands: JSON shapes, and refusals that print one
line on stderr with the right prefix, exit 1 and write nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dispatch_tiny import CITY, D1, D2, G1, T1, V1, login

from console.cli import main
from dispatch.export import incident_dict
from dispatch.feed import ChangeFeed
from dispatch.service import DispatchService

GW, OP = login("grid_worker", G1), login("operator", V1)
INCIDENT_KEYS = {"id", "state", "version", "center", "assignee", "grid", "severity", "category",
                 "deadline", "supervised", "overdue"}  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    code = main(["--db", db, *args])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> object:
    code, out, err = run(capsys, db, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_listing_commands(
    svc: DispatchService, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, db_url, "db", "init")[0] == 0  # idempotent on a migrated db
    stats = run_json(capsys, db_url, "org", "stats")
    assert stats == {
        "city": 1,
        "district": 2,
        "township": 3,
        "village": 3,
        "community": 1,
        "grid": 5,
        "grid_rural": 4,
        "grid_urban": 1,
        "grid_worker": 5,
        "grid_worker_rural": 4,
        "grid_worker_urban": 1,
    }
    orgs = run_json(capsys, db_url, "org", "list", "--level", "district")
    assert [(o["id"], o["level"], o["parent"]) for o in orgs] == [  # type: ignore[union-attr]
        (D1, "district", CITY),
        (D2, "district", CITY),
    ]
    assert {"id", "name", "level", "parent"} <= set(orgs[0])  # type: ignore[index]
    kids = run_json(capsys, db_url, "org", "list", "--parent", D1)
    assert [o["id"] for o in kids] == [T1, "610202002"]  # type: ignore[union-attr]
    users = run_json(capsys, db_url, "user", "list", "--org", V1, "--role", "operator")
    assert users == [
        {"login": OP, "role": "operator", "org": V1, "name": f"operator@{V1}", "department": None}
    ]


def test_report_act_show_list(
    svc: DispatchService, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    inc = run_json(
        capsys,
        db_url,
        "incident",
        "report",
        "--as",
        GW,
        "--grid",
        G1,
        "--category",
        "矛盾纠纷",
        "--severity",
        "simple",
        "--title",
        "噪音",
        "--camera",
        "cam-7",
        "--camera",
        "cam-2",
    )
    assert isinstance(inc, dict) and set(inc) >= INCIDENT_KEYS
    assert (inc["state"], inc["center"], inc["category"]) == ("reported", V1, "dispute")
    assert inc["cameras"] == ["cam-2", "cam-7"]
    iid = inc["id"]
    acted = run_json(
        capsys, db_url, "incident", "act", iid, "accept", "--as", OP, "--expect-version", "1"
    )
    assert acted["state"] == "accepted" and acted["version"] == 2  # type: ignore[index]
    run_json(capsys, db_url, "incident", "act", iid, "dispatch", "--as", OP, "--to", G1)
    shown = run_json(capsys, db_url, "incident", "show", iid)
    hist = shown["history"]  # type: ignore[index]
    assert [h["action"] for h in hist] == ["report", "accept", "dispatch"]
    assert {"action", "actor", "from", "to", "at", "reason"} <= set(hist[0])
    assert (hist[2]["actor"], hist[2]["from"], hist[2]["to"]) == (OP, "accepted", "dispatched")
    mine = run_json(capsys, db_url, "incident", "list", "--as", GW)
    assert [i["id"] for i in mine] == [iid]  # type: ignore[union-attr]
    assert run_json(capsys, db_url, "incident", "list", "--org", D2) == []
    assert run_json(capsys, db_url, "incident", "list", "--state", "reported") == []
    assert run_json(capsys, db_url, "incident", "list", "--overdue") == []
    code, out, _err = run(capsys, db_url, "incident", "sweep")
    assert code == 0 and "0 incidents marked overdue" in out
    code, out, _err = run(capsys, db_url, "audit", "verify")
    assert code == 0 and "intact: 3 records" in out


REFUSALS = [
    (("act", "{id}", "accept", "--as", login("operator", T1)), "permission denied: "),
    (("act", "{id}", "accept", "--as", login("operator", V1.replace("1001", "2001"))),
     "permission denied: "),
    (("act", "{id}", "sign", "--as", GW), "invalid transition: "),
    (("act", "{id}", "accept", "--as", OP, "--expect-version", "7"), "conflict: "),
    (("act", "{id}", "reject", "--as", OP), "invalid input: reject needs a reason"),
    (("act", "{id}", "accept", "--as", "nobody"), "not found: user 'nobody'"),
    (("act", "TC-20990101-000001", "accept", "--as", OP), "not found: incident"),
    (("report", "--as", GW, "--grid", G1, "--category", "火星", "--severity", "simple",
      "--title", "x"), "invalid input: unknown category"),
    (("report", "--as", GW, "--grid", V1.replace("1001", "2001") + "-01", "--category", "other",
      "--severity", "simple", "--title", "x"), "permission denied: grid worker"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "prefix"), REFUSALS)
def test_refusals_are_one_line_and_write_nothing(
    svc: DispatchService,
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    prefix: str,
) -> None:
    inc = svc.report(GW, G1, "other", "simple", "r")
    feed = ChangeFeed(svc.store)
    before = (feed.last_seq(), svc.verify_audit().records, svc.get(inc.id).version)
    code, out, err = run(capsys, db_url, "incident", *(a.format(id=inc.id) for a in args))
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith(prefix), err
    assert "Traceback" not in err
    assert (feed.last_seq(), svc.verify_audit().records, svc.get(inc.id).version) == before


def test_commands_on_a_database_without_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    code, out, err = run(capsys, db, "incident", "list")
    assert code == 1 and out == "" and err.startswith("store error: ")
    assert "xueliang db init" in err and len(err.splitlines()) == 1
    code, out, err = run(capsys, "postgresql://u:secret@127.0.0.1:1/x", "org", "stats")
    assert code == 1 and "secret" not in err and err.startswith("store error: ")


def test_list_shows_summaries_and_full_on_request(
    svc: DispatchService, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    first = svc.report(GW, G1, "other", "simple", "一", cameras=["cam-3"], address="北街")
    second = svc.act(svc.report(GW, G1, "other", "simple", "二").id, "accept", OP)
    full = [incident_dict(i) for i in svc.list_incidents()]
    listed = run_json(capsys, db_url, "incident", "list")
    assert isinstance(listed, list) and [i["id"] for i in listed] == [second.id, first.id]
    for item, whole in zip(listed, full, strict=True):
        assert set(item) >= INCIDENT_KEYS
        assert item == {k: whole[k] for k in item}  # the same values `show` gives
    assert listed[1]["cameras"] == ["cam-3"] and listed[1]["address"] == "北街"
    assert run_json(capsys, db_url, "incident", "list", "--full") == full
    code, out, _err = run(capsys, db_url, "incident", "list", "--state", "accepted")
    assert code == 0 and out.split()[:2] == [second.id, "accepted"]
