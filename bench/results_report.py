"""The quarterly results against targets on a big data set: how long does the report for every partner take?

Generates 40,000 journeys over 2025 and 2026 (4 centres), their steps (step_progress: 1 to 10 steps each, some in
progress), 20,000 finished self-assessment takes and 20,000 outreach tallies, and the programme's targets (the
targets file imported for 2025 and 2026, so the programme to date spans two years). Rows go in with bulk inserts
(executemany on SQLite, COPY on PostgreSQL). Then, on each database, after one warm-up, the median of 5 runs of:

- the report: skills_audit.results.results_report for 2026-Q4, every partner and the whole programme (every
  source's GROUP BY queries for 2025 and 2026, the targets' latest rows, the sums), and its XLSX;
- hand-written SQL computing the same counts (per centre and quarter: journeys started, steps completed, distinct
  journeys with a finished take, journeys whose ten steps were completed, the tallies summed per kind, for each
  of the two years; and the latest target rows), run on the raw driver connection.

Targets (issue 15): the report (without the XLSX) under 1 s, and at most 2x the hand-written SQL, on each database.
The costly part, in both, is guide activity over step_progress (steps completed, and "finished all ten steps": a
GROUP BY over every journey's steps), once per year of the programme.
(When the outcomes table is on main, its source joins SOURCES and this script should generate its rows too.)
PostgreSQL: TENSTEPS_BENCH_PG_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test), in a schema of its
own that is dropped afterwards; skipped with a note when no server answers.

Run: .venv/bin/python bench/results_report.py [--journeys 40000] [--tallies 20000] [--runs 5] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta

from audit_report import _sqlite_value, median_time
from benchlib import REPO_ROOT, Workspace, exit_on_sigterm, postgres_schema

sys.path.insert(0, str(REPO_ROOT))

CENTRES = ("kortrijk", "medway", "grande-synthe", "great-yarmouth")
KINDS = ("house_visit", "event_contact", "street_contact", "brought_to_centre", "group_session", "group_attendance")
START = datetime(2025, 1, 1, tzinfo=UTC)
DAYS = 730
YEARS = (2025, 2026)
COLUMNS = {
    "journey": ("id", "code_hash", "centre_id", "locale", "sector", "created_at", "last_activity_at"),
    "step_progress": ("journey_id", "step", "status", "updated_at"),
    "assessment_take": ("id", "journey_id", "started_at", "finished_at"),
    "reach_tally": ("id", "centre_id", "day", "kind", "count", "created_at"),
}

QUARTER = "CASE WHEN {c} < {q2} THEN 1 WHEN {c} < {q3} THEN 2 WHEN {c} < {q4} THEN 3 ELSE 4 END"
HAND_WRITTEN = [
    "SELECT j.centre_id, {qj}, COUNT(*) FROM journey j WHERE j.created_at >= {start} AND j.created_at < {end} "
    "GROUP BY j.centre_id, {qj}",
    "SELECT j.centre_id, {qs}, s.step, COUNT(*) FROM step_progress s JOIN journey j ON j.id = s.journey_id "
    "WHERE s.status = 'completed' AND s.updated_at >= {start} AND s.updated_at < {end} "
    "GROUP BY j.centre_id, {qs}, s.step",
    "SELECT j.centre_id, {qt}, COUNT(DISTINCT t.journey_id) FROM assessment_take t JOIN journey j "
    "ON j.id = t.journey_id WHERE t.finished_at >= {start} AND t.finished_at < {end} GROUP BY j.centre_id, {qt}",
    "SELECT j.centre_id, {qd}, COUNT(*) FROM (SELECT journey_id, MAX(updated_at) AS last FROM step_progress "
    "WHERE status = 'completed' GROUP BY journey_id HAVING COUNT(*) = 10) d JOIN journey j ON j.id = d.journey_id "
    "WHERE d.last >= {start} AND d.last < {end} GROUP BY j.centre_id, {qd}",
    "SELECT r.centre_id, {qr}, r.kind, SUM(r.count) FROM reach_tally r WHERE r.day >= {first} AND r.day < {after} "
    "GROUP BY r.centre_id, {qr}, r.kind",
]
LATEST_TARGETS = ("SELECT partner, indicator, period, target FROM programme_target WHERE id IN "
                  "(SELECT MAX(id) FROM programme_target GROUP BY partner, indicator, period)")


def generate(journeys: int, tallies: int, seed: int) -> dict[str, list[tuple[object, ...]]]:
    rnd = random.Random(seed)
    data: dict[str, list[tuple[object, ...]]] = {table: [] for table in COLUMNS}
    take_id = 0
    for jid in range(1, journeys + 1):
        started = START + timedelta(days=rnd.randrange(DAYS - 30), minutes=rnd.randrange(1440))
        steps = rnd.randint(0, 10)
        last = started
        for step in range(1, steps + 1):
            last = last + timedelta(days=rnd.randint(0, 3), minutes=rnd.randrange(600))
            done = step < steps or rnd.random() < 0.7
            data["step_progress"].append((jid, step, "completed" if done else "in_progress", last))
        data["journey"].append((jid, f"bench-{jid}", rnd.choice(CENTRES), "en", None, started, last))
        if jid % 2 == 0:
            take_id += 1
            data["assessment_take"].append((take_id, jid, last, last + timedelta(minutes=12)))
    for tid in range(1, tallies + 1):
        day = START.date() + timedelta(days=rnd.randrange(DAYS))
        data["reach_tally"].append((tid, rnd.choice(CENTRES), day, rnd.choice(KINDS), rnd.randint(1, 40),
                                    datetime.combine(day, datetime.min.time(), UTC)))
    return data


def load(engine, data: dict[str, list[tuple[object, ...]]], backend: str) -> None:  # noqa: ANN001
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for table, cols in COLUMNS.items():
            if backend == "sqlite":
                marks = ", ".join("?" for _ in cols)
                cur.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})",
                                [tuple(_sqlite_value(v) for v in row) for row in data[table]])
            else:
                with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                    for row in data[table]:
                        copy.write_row(row)
        raw.commit()
    finally:
        raw.close()


def import_targets(engine) -> None:  # noqa: ANN001
    from sqlmodel import Session

    from guide.audit_pages.places import get_places
    from guide.core.db import writing
    from guide.core.settings import get_settings
    from skills_audit.results import indicator_keys
    from skills_audit.targets import TARGETS_FILE, import_targets_file

    with Session(engine) as session, writing(session):
        for year in YEARS:
            import_targets_file(session, get_settings().content_dir / TARGETS_FILE, year, get_places(),
                                indicator_keys(), "bench", datetime.now(UTC))


def hand_written(engine, backend: str) -> int:  # noqa: ANN001
    raw = engine.raw_connection()
    found = 0
    try:
        cur = raw.cursor()
        for year in YEARS:
            bounds = [datetime(year, m, 1, tzinfo=UTC) for m in (1, 4, 7, 10)] + [datetime(year + 1, 1, 1, tzinfo=UTC)]
            days = [b.date() for b in bounds]
            if backend == "sqlite":
                lit = [f"'{_sqlite_value(b)}'" for b in bounds]
                dlit = [f"'{d.isoformat()}'" for d in days]
            else:
                lit = [f"'{b.isoformat()}'::timestamptz" for b in bounds]
                dlit = [f"'{d.isoformat()}'::date" for d in days]

            def quarter(column: str, marks: list[str]) -> str:
                return QUARTER.format(c=column, q2=marks[1], q3=marks[2], q4=marks[3])

            names = {"qj": quarter("j.created_at", lit), "qs": quarter("s.updated_at", lit),
                     "qt": quarter("t.finished_at", lit), "qd": quarter("d.last", lit), "qr": quarter("r.day", dlit),
                     "start": lit[0], "end": lit[4], "first": dlit[0], "after": dlit[4]}
            for sql in HAND_WRITTEN:
                cur.execute(sql.format(**names))
                found += len(cur.fetchall())
        cur.execute(LATEST_TARGETS)
        found += len(cur.fetchall())
    finally:
        raw.close()
    return found


def the_report(engine):  # noqa: ANN001, ANN201
    from guide.audit_pages.places import get_places
    from skills_audit.results import results_report

    return results_report(engine, 2026, 4, get_places())


def run_backend(name: str, engine, data: dict[str, list[tuple[object, ...]]], runs: int) -> tuple[float, float]:  # noqa: ANN001
    from skills_audit.results import results_xlsx

    started = time.perf_counter()
    load(engine, data, name)
    import_targets(engine)
    print(f"{name}: loaded in {time.perf_counter() - started:.1f} s "
          f"({', '.join(f'{len(rows):,} {table}' for table, rows in data.items())})")
    report = the_report(engine)
    programme = report.partners[-1].groups
    print(f"{name}: {len(report.partners) - 1} partners; the programme's 2026-Q4: "
          + ", ".join(f"{row.key} {row.quarter.achieved}" for row in programme[0].rows[:3])
          + f"; since {report.first_year}: started {programme[1].rows[0].programme_to_date.achieved:,}")
    report_s = median_time(lambda: the_report(engine), runs)
    xlsx_s = median_time(lambda: results_xlsx(the_report(engine), "en"), runs)
    sql_s = median_time(lambda: hand_written(engine, name), runs)
    ratio = report_s / sql_s
    print(f"{name}: report {report_s * 1000:.0f} ms (with its XLSX {xlsx_s * 1000:.0f} ms), hand-written SQL "
          f"{sql_s * 1000:.0f} ms, ratio {ratio:.2f}")
    return report_s, ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journeys", type=int, default=40_000)
    parser.add_argument("--tallies", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    exit_on_sigterm()
    workspace = Workspace("results")
    workspace.apply()
    ok = True
    try:

        from guide.core.db import make_engine
        from guide.core.migrate import upgrade

        started = time.perf_counter()
        data = generate(args.journeys, args.tallies, args.seed)
        print(f"generated in {time.perf_counter() - started:.1f} s")
        engine = make_engine(workspace.database_url)
        upgrade(engine)
        report_s, ratio = run_backend("sqlite", engine, data, args.runs)
        engine.dispose()
        met = report_s < 1 and ratio <= 2
        ok &= met
        print(f"sqlite: target < 1 s and ratio <= 2: {'met' if met else 'MISSED'}")

        with postgres_schema() as pg:
            if pg is not None:
                pg_s, pg_ratio = run_backend("postgresql", pg, data, args.runs)
                pg_met = pg_s < 1 and pg_ratio <= 2
                ok &= pg_met
                print(f"postgresql: target < 1 s and ratio <= 2: {'met' if pg_met else 'MISSED'}")
    finally:
        workspace.cleanup()
    print(f"RESULT: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
