"""Dispatch core benchmark, on SQLite and on PostgreSQL (a throwaway database).

    .venv/bin/python bench/dispatch_bench.py [--backend sqlite|postgres|both] [--incidents N]

Prints: demo load time; mutations per second (report + 7 loop actions, each one transaction
with audit record and change row); time to list the 20,000 open incidents of one district
(``list_summaries``, what ``xueliang incident list`` shows; then the same as full ``Incident``
objects); change-feed latency to a second process (p50/p95); a crash test (SIGKILL the
writer mid-run, count acknowledged mutations that are missing, check versions against the
audit trail, run the audit verify).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg

from dispatch import rawsql
from dispatch.errors import NotFoundError
from dispatch.feed import ChangeFeed
from dispatch.service import DispatchService
from dispatch.store import Store

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
DISTRICT = "610202"
LOOP = ("accept", "dispatch", "sign", "start", "feedback", "verify", "close")
HERE = Path(__file__).resolve()


def owner_login(svc: DispatchService, center: str) -> str:
    """An operator of ``center``."""
    return next(u.login for u in svc.users(org_id=center, role="operator"))


def district_grids(svc: DispatchService, district: str) -> list[str]:
    """Grids under the district."""
    top = svc.org(district).path + "/"
    return [o.id for o in svc.orgs(level="grid") if o.path.startswith(top)]


def one_incident(svc: DispatchService, grid: str) -> tuple[str, int]:
    """Report a general incident in ``grid`` and run it to closed; return (id, version)."""
    gw = f"gw_{grid}_1"
    inc = svc.report(gw, grid, "dispute", "general", "bench")
    op = owner_login(svc, inc.center_id)
    for action in LOOP:
        who = gw if action in ("sign", "start", "feedback") else op
        inc = svc.act(inc.id, action, who, to=grid if action == "dispatch" else None)
    return inc.id, inc.version


def bench_actions(svc: DispatchService, n: int) -> dict[str, float]:
    """Mutations/s for n incidents through the whole loop, single writer."""
    grids = district_grids(svc, DISTRICT)
    svc.users()  # warm the directory
    start, cpu = time.perf_counter(), time.process_time()
    for i in range(n):
        one_incident(svc, grids[i % len(grids)])
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    mutations = n * (1 + len(LOOP))
    return {"mutations": mutations, "seconds": elapsed, "per_s": mutations / elapsed,
            "cpu_s": cpu, "per_cpu_s": mutations / cpu}  # fmt: skip


def seed_open_incidents(svc: DispatchService, district: str, n: int, others: int) -> None:
    """Bulk-insert n open incidents in ``district`` and ``others`` more (listing only).

    Of the others, one in three is a closed or evaluated incident of the same district (a
    city's history, which the open-only listing must skip) and the rest are open incidents
    of the other districts. Rows have exactly the service's shape (same columns and
    encodings) but skip the audit trail, which listing never reads.
    """
    grids = district_grids(svc, district)
    elsewhere = [g.id for g in svc.orgs(level="grid") if not g.id.startswith(district)]
    ancestors = {
        g: {o.level: o.id for o in svc.ancestors(g)} for g in [*grids, *elsewhere]
    }  # fmt: skip
    centroids = {g: svc.org(g).centroid for g in ancestors}
    now = time.time()
    rows = []
    for i in range(n + others):
        history = i >= n and i % 3 == 0
        gid = grids[i % len(grids)] if i < n or history else elsewhere[i % len(elsewhere)]
        anc = ancestors[gid]
        state = ("reported", "accepted", "dispatched", "signed", "in_progress")[i % 5]
        if history:
            state = ("closed", "evaluated")[i % 2]
        row = {
            "id": f"TC-20200101-{i:06d}", "title": f"批量事件 {i}", "description": "",
            "category": "dispute", "severity": "general", "urgent": False,
            "channel": "grid_worker", "state": state, "grid_id": gid,
            "area_district": anc.get("district", ""), "area_township": anc.get("township", ""),
            "area_village": anc.get("village", anc.get("community", "")),
            "lat": centroids[gid][1], "lon": centroids[gid][0], "address": "",
            "reporter": f"gw_{gid}_1", "center_id": anc["township"],
            "assignee_kind": None, "assignee_id": None, "co_handlers": "[]",
            "deadline": now + 3600, "deadlines": json.dumps({"accept": now + 3600}),
            "supervised": False, "supervise_deadline": None, "overdue": False,
            "suspended_from": None, "suspended_at": None, "rating": None, "version": 1,
            "created_at": now - i, "updated_at": now - i,
        }  # fmt: skip
        rows.append(tuple(row[c] for c in rawsql.INCIDENT_COLUMNS))
    sql = rawsql.INSERT_INCIDENT
    if svc.store.is_postgres:
        sql = sql.replace("?", "%s")
    with svc.store.write() as conn:
        dbapi = conn.connection.driver_connection
        assert dbapi is not None
        cur = dbapi.cursor()
        cur.executemany(sql, rows)
        cur.close()


def bench_list(svc: DispatchService, full: bool, runs: int = 5) -> dict[str, float]:
    """Median/min ms to list the open incidents of the district: summaries (what the CLI
    lists) or, with ``full``, complete ``Incident`` objects. Each call queries the database."""
    listing = svc.list_incidents if full else svc.list_summaries
    times, cpus, count = [], [], 0
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        count = len(listing(org=DISTRICT, open_only=True))
        times.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return {"count": count, "median_ms": statistics.median(times), "min_ms": min(times),
            "cpu_median_ms": statistics.median(cpus)}  # fmt: skip


def bench_feed(svc: DispatchService, url: str, changes: int = 200) -> dict[str, float]:
    """Latency from a committed action to a follower process printing it."""
    feed = ChangeFeed(svc.store)
    start_seq = feed.last_seq()
    follower = subprocess.Popen(
        [sys.executable, str(HERE), "follow", url, str(start_seq), str(start_seq + changes)],
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert follower.stdout is not None
    assert follower.stdout.readline().strip() == "ready"
    grids = district_grids(svc, DISTRICT)
    acked: dict[int, float] = {}
    try:
        for i in range(changes):
            svc.report(f"gw_{grids[i]}_1", grids[i], "other", "simple", "feed")
            acked[feed.last_seq()] = time.time()
            time.sleep(0.02)
        out, _ = follower.communicate(timeout=60)
    finally:
        follower.kill()
        feed.close()
    lat = []
    for line in out.splitlines():
        seq, seen = line.split()
        lat.append((float(seen) - acked[int(seq)]) * 1000)
    lat.sort()
    return {"changes": len(lat), "p50_ms": statistics.median(lat),
            "p95_ms": lat[int(0.95 * (len(lat) - 1))], "missed": changes - len(lat)}  # fmt: skip


def follow(url: str, after: int, stop: int) -> int:
    """Child process: print ``seq wall_time`` for each change until ``stop``."""
    store = Store.open(url)
    feed = ChangeFeed(store)
    print("ready", flush=True)
    last = after
    while last < stop:
        for change in feed.poll(last, timeout_s=1.0):
            print(change.seq, f"{time.time():.6f}", flush=True)
            last = change.seq
    feed.close()
    store.close()
    return 0


def crash_writer(url: str) -> int:
    """Child process: report and act forever, printing ``ack id version`` after each commit."""
    store = Store.open(url)
    svc = DispatchService(store)
    grids = district_grids(svc, "610203")
    print("ready", flush=True)
    i = 0
    while True:
        grid = grids[i % len(grids)]
        gw = f"gw_{grid}_1"
        inc = svc.report(gw, grid, "other", "general", "crash")
        print("ack", inc.id, inc.version, flush=True)
        op = owner_login(svc, inc.center_id)
        for action in LOOP[:3]:
            who = gw if action == "sign" else op
            inc = svc.act(inc.id, action, who, to=grid if action == "dispatch" else None)
            print("ack", inc.id, inc.version, flush=True)
        i += 1


def bench_crash(svc: DispatchService, url: str, run_s: float = 3.0) -> dict[str, object]:
    """SIGKILL a writer mid-run; every acknowledged mutation must be there, chain intact."""
    proc = subprocess.Popen(  # unbuffered: a buffered readline would keep acks from out
        [sys.executable, str(HERE), "crash-writer", url],
        stdout=subprocess.PIPE,
        bufsize=0,
        env=_env(),
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"ready"
    time.sleep(run_s)
    os.kill(proc.pid, signal.SIGKILL)
    out = proc.communicate(timeout=30)[0].decode()
    acks: dict[str, int] = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "ack":
            acks[parts[1]] = max(acks.get(parts[1], 0), int(parts[2]))
    missing = 0
    for inc_id, version in acks.items():
        try:
            if svc.get(inc_id).version < version:
                missing += 1
        except NotFoundError:
            missing += 1
    mismatched = _version_vs_audit(svc)
    verify = svc.verify_audit()
    return {"acknowledged": sum(acks.values()), "incidents": len(acks), "missing": missing,
            "version_audit_mismatch": mismatched, "audit_ok": verify.ok,
            "audit_records": verify.records}  # fmt: skip


def _version_vs_audit(svc: DispatchService) -> int:
    """Incidents whose version differs from their number of audit records (partial writes)."""
    with svc.store.read() as conn:
        rows = conn.exec_driver_sql(
            "SELECT i.id, i.version, (SELECT count(*) FROM audit a WHERE a.incident_id = i.id) "
            "FROM incident i WHERE substr(i.id, 1, 12) <> 'TC-20200101-'"
        ).all()
    return sum(1 for _id, version, n in rows if version != n)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(HERE.parents[1]) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_backend(name: str, url: str, incidents: int, others: int) -> dict[str, Any]:
    """Every figure for one backend."""
    store = Store.open(url)
    store.migrate()
    svc = DispatchService(store)
    out: dict[str, Any] = {"backend": name}
    start = time.perf_counter()
    svc.load_demo()
    out["demo_load_s"] = round(time.perf_counter() - start, 2)
    start = time.perf_counter()
    DispatchService(store).load_demo()
    out["demo_reload_s"] = round(time.perf_counter() - start, 2)
    out["actions"] = bench_actions(svc, incidents)
    seed_open_incidents(svc, DISTRICT, 20_000, others)
    out["others"] = others
    out["list"] = bench_list(svc, full=False)
    out["list_full"] = bench_list(svc, full=True)
    out["feed"] = bench_feed(svc, url)
    out["crash"] = bench_crash(svc, url)
    store.close()
    return out


def report(res: dict[str, Any]) -> None:
    """Print one backend's figures."""
    a, li, lf, f, c = res["actions"], res["list"], res["list_full"], res["feed"], res["crash"]
    lines = [
        f"== {res['backend']} (load average now {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores)",
        f"demo load: {res['demo_load_s']} s first, {res['demo_reload_s']} s second (no-op)",
        f"mutations (report + 7 actions, each with audit + change row): {a['mutations']} in "
        f"{a['seconds']:.2f} s = {a['per_s']:.0f}/s wall; this process used {a['cpu_s']:.2f} s "
        f"CPU = {a['per_cpu_s']:.0f}/s per CPU-second",
        f"list open incidents of district {DISTRICT} (list_summaries): {li['count']} rows "
        f"among {li['count'] + res['others']:,} incidents, "
        f"median {li['median_ms']:.0f} ms, best {li['min_ms']:.0f} ms wall; median "
        f"{li['cpu_median_ms']:.0f} ms CPU in this process",
        f"  the same as full Incident objects (list_incidents): {lf['count']} rows, median "
        f"{lf['median_ms']:.0f} ms, best {lf['min_ms']:.0f} ms wall; median "
        f"{lf['cpu_median_ms']:.0f} ms CPU",
        f"change feed to a second process: {f['changes']} changes, p50 {f['p50_ms']:.1f} ms, "
        f"p95 {f['p95_ms']:.1f} ms, missed {f['missed']}",
        f"crash test (SIGKILL writer mid-run): {c['acknowledged']} acknowledged mutations on "
        f"{c['incidents']} incidents, missing {c['missing']}, version/audit mismatches "
        f"{c['version_audit_mismatch']}, audit verify {'OK' if c['audit_ok'] else 'BROKEN'} "
        f"({c['audit_records']} records)",
    ]
    print("\n".join(lines), flush=True)


def main() -> int:
    """Run the benchmark (or a child role)."""
    if len(sys.argv) > 1 and sys.argv[1] == "follow":
        return follow(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    if len(sys.argv) > 1 and sys.argv[1] == "crash-writer":
        return crash_writer(sys.argv[2])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--incidents", type=int, default=300, help="incidents through the loop")
    parser.add_argument(
        "--others",
        type=int,
        default=200_000,
        help="incidents besides the district's 20,000 open ones (1/3 its closed history)",
    )
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            report(run_backend("sqlite", f"sqlite:///{tmp}/bench.db", args.incidents, args.others))
    if args.backend in ("postgres", "both"):
        name = f"xueliang_bench_{secrets.token_hex(4)}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            report(
                run_backend(
                    "postgres",
                    f"postgresql://postgres@127.0.0.1:5432/{name}",
                    args.incidents,
                    args.others,
                )
            )
        finally:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
