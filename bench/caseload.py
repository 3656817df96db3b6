"""Server time of a coach's caseload page with 200 clients, and the number of SQL queries it takes.

A fresh SQLite database gets 200 journeys at different stages (statuses on every step, half of them with two
finished self-assessments, a quarter quiet for three weeks), each shared with one coach through a share code, as a
job seeker would. The app runs in-process (FastAPI's TestClient, so the figure is the server's time plus a small
client overhead, no network); the coach's caseload is loaded 5 times to warm up, then measured 50 times, for each
sort and one filter. The queries of one request are counted with an SQLAlchemy event.

The page shows 50 clients at a time (page 1 of 4 for 200); the figures are for a page of it, every page checked to
list each client once. It prints wall time (p50/p95), the CPU time of the process per request (server and the small
in-process client together) and the bytes on the wire with a browser's Accept-Encoding.
Targets: p95 under 100 ms, CPU per request <= 10 ms and <= 30 KB on the wire for `GET /en/staff/caseload`, and the
same number of queries for 200 clients as for 1.

Run: .venv/bin/python bench/caseload.py [--clients 200] [--rounds 50]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from datetime import timedelta

from benchlib import Workspace, content_note, exit_on_sigterm, percentile

TARGET_MS = 100.0
CPU_TARGET_MS = 10.0
WIRE_TARGET = 30 * 1024
PAGE_SIZE = 50
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}


def populate(engine, clients: int, seed: int) -> int:  # noqa: ANN001
    """The journeys, their progress and assessments, shared with one coach; returns the coach's account id."""
    from sqlmodel import Session

    from guide.assessment.models import AssessmentLevel, AssessmentTake
    from guide.core.db import writing
    from guide.core.models import utcnow
    from guide.core.settings import get_settings
    from guide.journeys.models import StepProgress
    from guide.journeys.service import COMPLETED, IN_PROGRESS, start_journey
    from guide.sharing.service import create_share_code, redeem_share_code
    from guide.staff.service import create_account
    from skills_audit.framework import get_framework

    rng = random.Random(seed)
    secret = get_settings().resolved_secret_key()
    competences = get_framework().competence_ids()
    # One unit of work for the whole caseload (services never commit: the caller opens writing()).
    with Session(engine, expire_on_commit=False) as db, writing(db):
        coach = create_account(db, "bench-coach", "Bench coach", "Medway Council", {"coach"}, set(), set(),
                               password="Fjord-lantern-quiet-7")
        for n in range(clients):
            journey, _code = start_journey(db, secret, "medway", "en")
            done = rng.randint(0, 10)
            for step in range(1, 11):
                status = COMPLETED if step <= done else (IN_PROGRESS if step == done + 1 else None)
                if status:
                    db.add(StepProgress(journey_id=journey.id, step=step, status=status, centre_id="medway"))
            if n % 2 == 0:
                for weeks in (6, 1):
                    take = AssessmentTake(journey_id=journey.id, finished_at=utcnow() - timedelta(weeks=weeks))
                    db.add(take)
                    db.flush()
                    db.add_all(AssessmentLevel(take_id=take.id, competence_id=c, level=rng.randint(1, 4))
                               for c in competences)
            journey.last_activity_at = utcnow() - timedelta(days=21 if n % 4 == 0 else rng.randint(0, 13))
            db.add(journey)
            db.flush()
            code, _expires = create_share_code(db, secret, journey, n % 3 == 0, 15)
            redeem_share_code(db, secret, coach.id, code)
        return coach.id  # type: ignore[return-value]


def measure(client, url: str, rounds: int, warmup: int = 5) -> tuple[list[float], float]:  # noqa: ANN001
    """Sorted wall times in ms, and the process's CPU ms per request."""
    for _ in range(warmup):
        assert client.get(url, headers=BROWSER).status_code == 200
    times = []
    cpu0 = time.process_time()
    for _ in range(rounds):
        t0 = time.perf_counter()
        response = client.get(url, headers=BROWSER)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.status_code
    return sorted(times), (time.process_time() - cpu0) * 1000 / rounds


def on_the_wire(client, url: str) -> tuple[int, int, str]:  # noqa: ANN001
    """Bytes sent (as the server sent them), bytes uncompressed, and the encoding."""
    with client.stream("GET", url, headers=BROWSER) as response:
        sent = len(b"".join(response.iter_raw()))
        encoding = response.headers.get("content-encoding", "none")
    return sent, len(client.get(url, headers={"Accept-Encoding": "identity"}).content), encoding


def count_queries(engine, client, url: str) -> int:  # noqa: ANN001
    from sqlalchemy import event

    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001, ANN002
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(args: argparse.Namespace) -> int:
    exit_on_sigterm()
    print(f"  load average before: {load_average()}")
    ws = Workspace("caseload")
    try:
        ws.apply()
        ws.create_schema()
        from fastapi.testclient import TestClient
        from sqlmodel import Session

        from guide.app import create_app
        from guide.core.db import make_engine, writing
        from guide.core.settings import get_settings
        from guide.sessions.service import open_staff_session
        from guide.web.security import STAFF_COOKIE

        print(f"caseload: {args.clients} clients, in-process app on SQLite, "
              f"{args.rounds} measured requests per URL ({content_note()})")
        engine = make_engine(ws.database_url)
        t0 = time.perf_counter()
        coach_id = populate(engine, args.clients, args.seed)
        print(f"  set-up: {args.clients} shared journeys in {time.perf_counter() - t0:.1f} s")
        with Session(engine) as db, writing(db):
            token = open_staff_session(db, get_settings().resolved_secret_key(), coach_id)
        ok = True
        with TestClient(create_app(engine), follow_redirects=False) as client:
            client.cookies.set(STAFF_COOKIE, token)
            pages = -(-args.clients // PAGE_SIZE)
            listed = []
            for n in range(1, pages + 1):
                listed += re.findall(r'href="/en/staff/clients/(\d+)"', client.get(f"/en/staff/caseload?page={n}").text)
            rows = min(PAGE_SIZE, args.clients)
            sent, plain, encoding = on_the_wire(client, "/en/staff/caseload")
            print(f"  page 1 of {pages}: {sent:,} bytes on the wire ({encoding}), {plain:,} uncompressed, {rows} "
                  f"client rows; {len(listed)} rows on {pages} pages, {len(set(listed))} different clients")
            ok &= len(listed) == len(set(listed)) == args.clients and sent <= WIRE_TARGET
            for url in ("/en/staff/caseload", "/en/staff/caseload?sort=progress", "/nl/staff/caseload?show=quiet",
                        "/en/staff/caseload?sort=progress&page=3"):
                times, cpu = measure(client, url, args.rounds)
                p50, p95 = statistics.median(times), percentile(times, 95)
                queries = count_queries(engine, client, url)
                print(f"  GET {url:40} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  max {times[-1]:6.1f} ms  "
                      f"CPU {cpu:5.1f} ms/request  {queries} SQL queries")
                ok &= p95 < TARGET_MS and cpu <= CPU_TARGET_MS
            # The same count with a single client shows the count does not grow with the caseload.
            with Session(engine) as db, writing(db):
                from guide.staff.service import create_account

                small = create_account(db, "small-coach", "Small", "Medway Council", {"coach"}, set(), set(),
                                       password="Fjord-lantern-quiet-7")
                small_token = open_staff_session(db, get_settings().resolved_secret_key(), small.id)
            client.cookies.set(STAFF_COOKIE, small_token)
            small_queries = count_queries(engine, client, "/en/staff/caseload")
            client.cookies.set(STAFF_COOKIE, token)
            big_queries = count_queries(engine, client, "/en/staff/caseload")
            print(f"  SQL queries per caseload request: {small_queries} for 0 clients, {big_queries} for "
                  f"{args.clients} clients")
            ok &= small_queries == big_queries
        engine.dispose()
        print(f"  load average after: {load_average()}")
        print(f"  target: p95 < {TARGET_MS:.0f} ms, CPU <= {CPU_TARGET_MS:.0f} ms/request, <= {WIRE_TARGET // 1024} KB "
              "on the wire, constant query count")
        print(f"RESULT: {'PASS' if ok else 'FAIL'}")
        return 0 if ok else 1
    finally:
        ws.cleanup()


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clients", type=int, default=200)
    p.add_argument("--rounds", type=int, default=50)
    p.add_argument("--seed", type=int, default=4)
    args = p.parse_args()
    args.clients = min(max(args.clients, 1), 5000)
    args.rounds = min(max(args.rounds, 5), 500)
    return args


if __name__ == "__main__":
    sys.exit(main(parse_args()))
