"""`xueliang incident …` and `xueliang audit verify|ptz`: the incident loop from scripts, and
who steered which camera."""

from __future__ import annotations

import argparse
from datetime import datetime

from console.cli.db_cmds import add_json, emit, service
from dispatch.errors import AuditChainError, ValidationError
from dispatch.export import history_dict, incident_dict, summary_dict
from dispatch.models import CHANNELS, SEVERITIES, STATES, Incident
from dispatch.rules import ACTIONS
from dispatch.summary import IncidentSummary


def _line(inc: Incident | IncidentSummary) -> str:
    assignee = inc.assignee_id or "-"
    flags = ("S" if inc.supervised else "-") + ("O" if inc.overdue else "-")
    return (
        f"{inc.id}  {inc.state:<11} v{inc.version:<3} {flags} {inc.severity:<8} "
        f"center={inc.center_id} assignee={assignee} {inc.title}"
    )


def _report(args: argparse.Namespace) -> int:
    with service(args) as svc:
        inc = svc.report(
            args.login,
            args.grid,
            args.category,
            args.severity,
            args.title,
            description=args.description,
            channel=args.channel,
            cameras=args.camera,
            urgent=args.urgent,
            address=args.address,
            attachments=args.attach,
        )
    emit(args, incident_dict(inc), _line(inc))
    return 0


def _list(args: argparse.Namespace) -> int:
    filters = {
        "login": args.login,
        "state": args.state,
        "org": args.org,
        "overdue": True if args.overdue else None,
        "open_only": args.open,
        "limit": args.limit,
    }
    with service(args) as svc:
        if args.full:
            full = svc.list_incidents(**filters)
            emit(args, [incident_dict(i) for i in full], "\n".join(_line(i) for i in full))
            return 0
        items = svc.list_summaries(**filters)
    emit(args, [summary_dict(i) for i in items], "\n".join(_line(i) for i in items))
    return 0


def _show(args: argparse.Namespace) -> int:
    with service(args) as svc:
        inc = svc.get(args.id)
        hist = svc.history(args.id)
    data = incident_dict(inc)
    data["history"] = [history_dict(h) for h in hist]
    lines = [_line(inc)] + [
        f"  {h.at:%Y-%m-%d %H:%M:%S} {h.action:<9} {h.actor:<24} {h.from_state or '-'} -> "
        f"{h.to_state}" + (f"  ({h.reason})" if h.reason else "")
        for h in hist
    ]
    emit(args, data, "\n".join(lines))
    return 0


def _parse_time(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError(
            f"--deadline {value!r} is not an ISO time (e.g. 2026-11-28T18:00:00+08:00)"
        ) from exc


def _act(args: argparse.Namespace) -> int:
    with service(args) as svc:
        inc = svc.act(
            args.id,
            args.action,
            args.login,
            to=args.to,
            reason=args.reason,
            rating=args.rating,
            expect_version=args.expect_version,
            deadline=_parse_time(args.deadline),
        )
    emit(args, incident_dict(inc), _line(inc))
    return 0


def _sweep(args: argparse.Namespace) -> int:
    with service(args) as svc:
        result = svc.sweep()
    emit(
        args,
        {
            "checked": result.checked,
            "marked_overdue": list(result.marked_overdue),
            "notices": result.notices,
        },
        f"{len(result.marked_overdue)} incidents marked overdue, {result.notices} notices",
    )
    return 0


def _verify(args: argparse.Namespace) -> int:
    with service(args) as svc:
        result = svc.verify_audit()
    if not result.ok:
        raise AuditChainError(
            f"first bad record is seq {result.bad_seq}: {result.problem}; "
            f"{result.records} records before it are intact"
        )
    emit(
        args,
        {"ok": True, "records": result.records},
        f"audit chain intact: {result.records} records",
    )
    return 0


def _ptz(args: argparse.Namespace) -> int:
    with service(args) as svc:
        hist = svc.ptz_history(args.camera, latest=args.latest)
    lines = [
        f"{h.at:%Y-%m-%d %H:%M:%S} {h.action:<13} {h.detail.get('camera', '-')!s:<16} "
        f"{h.actor:<20} {h.center}"
        + (f"  (from {h.detail['taken_from']})" if "taken_from" in h.detail else "")
        for h in hist
    ]
    emit(args, [history_dict(h) for h in hist], "\n".join(lines) or "no PTZ holds recorded")
    return 0


def _latest(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return n


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `incident` and `audit` groups."""
    inc = sub.add_parser("incident", help="incidents: report, list, show, act, sweep")
    isub = inc.add_subparsers(dest="incident_command", metavar="ACTION", required=True)
    p = isub.add_parser("report", help="file a new incident")
    p.add_argument("--as", dest="login", required=True, metavar="LOGIN")
    p.add_argument("--grid", required=True, metavar="ID")
    p.add_argument("--category", required=True, help="code or Chinese name, e.g. 矛盾纠纷")
    p.add_argument("--severity", required=True, choices=SEVERITIES)
    p.add_argument("--title", required=True)
    p.add_argument("--description", default="")
    p.add_argument("--channel", default="grid_worker", choices=CHANNELS)
    p.add_argument("--camera", action="append", default=[], metavar="ID")
    p.add_argument("--attach", action="append", default=[], metavar="PATH")
    p.add_argument("--address", default="")
    p.add_argument("--urgent", action="store_true")
    add_json(p)
    p.set_defaults(func=_report)
    p = isub.add_parser("list", help="list incidents (newest first)")
    p.add_argument("--as", dest="login", metavar="LOGIN", help="only what LOGIN's center sees")
    p.add_argument("--state", choices=STATES)
    p.add_argument("--org", metavar="ID", help="only incidents in this org's subtree")
    p.add_argument("--overdue", action="store_true")
    p.add_argument("--open", action="store_true", help="only unfinished incidents")
    p.add_argument("--limit", type=int)
    p.add_argument(
        "--full",
        action="store_true",
        help="every field, as `show` gives it (slower for long lists)",
    )
    add_json(p)
    p.set_defaults(func=_list)
    p = isub.add_parser("show", help="one incident with its history")
    p.add_argument("id")
    add_json(p)
    p.set_defaults(func=_show)
    p = isub.add_parser("act", help="apply an action (accept, dispatch, sign …)")
    p.add_argument("id")
    p.add_argument("action", choices=ACTIONS)
    p.add_argument("--as", dest="login", required=True, metavar="LOGIN")
    p.add_argument(
        "--to",
        metavar="ORG_OR_DEPT",
        help="dispatch/escalate target; comma-separated: lead first, then co-handlers",
    )
    p.add_argument("--reason")
    p.add_argument("--rating", type=int)
    p.add_argument("--expect-version", type=int, metavar="V")
    p.add_argument("--deadline", metavar="ISO", help="for extend and supervise")
    add_json(p)
    p.set_defaults(func=_act)
    p = isub.add_parser("sweep", help="mark overdue incidents, raise supervision notices")
    add_json(p)
    p.set_defaults(func=_sweep)
    aud = sub.add_parser("audit", help="the audit trail")
    asub = aud.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    p = asub.add_parser("verify", help="check the hash chain; exit 1 naming the first bad record")
    add_json(p)
    p.set_defaults(func=_verify)
    p = asub.add_parser("ptz", help="who took, took over and let go of cameras' PTZ")
    p.add_argument("--camera", metavar="ID", help="only this camera")
    p.add_argument("--latest", type=_latest, default=50, metavar="N", help="default 50")
    add_json(p)
    p.set_defaults(func=_ptz)
