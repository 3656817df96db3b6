"""The quarterly results against targets on a big data set: how long does the report for every partner take?

Generates 40,000 journeys over 2025 and 2026 (4 centres), their steps (step_progress: 1 to 10 steps each, some in
progress), 20,000 finished self-assessment takes, 20,000 outreach tallies, 60,000 outcomes (every kind, started in
a month of 2025 or 2026 from the journey's own, some entered by a coach, some checked, some ended) and 100,000 of
their check-ins (4, 13 and 26 weeks after a job, a training or work experience; answered once due), and the
programme's targets (the targets file imported for 2025 and 2026, so the programme to date spans two years). Rows
go in with bulk inserts (executemany on SQLite, COPY on PostgreSQL). No workshops: that source reads an empty
table. Then, on each database, after one warm-up, the median of 5 runs of:

- the report: skills_audit.results.results_report for 2026-Q4, every partner and the whole programme (every
  source's GROUP BY queries, for 2025 and 2026 together where the source has counts_years, the targets' latest
  rows, the sums), and its XLSX;
- hand-written SQL computing the same counts (per centre and quarter of the two years, one query each, in the
  cheapest shape found on each database, with the indexes and the centre copied onto step_progress and outcome by
  migration 0027 that the report reads too: journeys started, steps completed, distinct journeys with a finished
  take, journeys whose ten steps were completed, the tallies summed per kind, the outcomes per kind and the jobs
  still held at 13 and 26 weeks; and the latest target rows), run on the raw driver connection.

Before timing, every figure of the report (each partner's and the programme's quarters and programme to date) is
checked against the hand-written SQL's: a report that disagrees fails the run whatever its speed. The load average
is printed before and after (the machine may be shared).

Targets (issue 15): the report (without the XLSX) under 1 s, and at most 2x the hand-written SQL, on each database.
Before 0027 the costly part, in both, was guide activity over step_progress (steps completed, and "finished all ten
steps": a GROUP BY over every journey's steps, joined to the journey for its centre), then the outcomes; on SQLite
most of it was the GROUP BY's sort, which range counts of an index per centre and quarter now avoid (see
skills_audit.indicators.steps_completed). Beside each time, this process's CPU time per run: on a shared machine a
time includes the waits for a CPU, the CPU time does not (on SQLite it is all the work). PostgreSQL's
tables are analysed after the load, as autovacuum would soon do; SQLite's are not (the guide never runs ANALYZE).
PostgreSQL: TENSTEPS_BENCH_PG_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test), in a schema of its
own that is dropped afterwards; skipped with a note when no server answers.

Run: .venv/bin/python bench/results_report.py [--journeys 40000] [--tallies 20000] [--outcomes 60000]
     [--checkins 100000] [--runs 5] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

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
    "step_progress": ("journey_id", "step", "status", "updated_at", "centre_id"),
    "assessment_take": ("id", "journey_id", "started_at", "finished_at"),
    "reach_tally": ("id", "centre_id", "day", "kind", "count", "created_at"),
    "outcome": ("id", "journey_id", "kind", "detail", "started_month", "created_at", "ended_at", "entered_by",
                "checked_at", "centre_id"),
    "outcome_checkin": ("id", "outcome_id", "due_week", "due_on", "answered_at", "status", "hard_things",
                        "wants_coach", "followed_up_at"),
}
# guide.outcomes.service.KINDS, weighted as the partners expect them (jobs and trainings first)
OUTCOME_KINDS = {"job": 35, "training": 20, "volunteering": 15, "work_experience": 10, "certificate": 10,
                 "something_else": 10}
CHECKIN_STATUSES = {"still_there": 55, "moved_on": 15, "stopped": 15, "": 15}  # "": due, not answered
TODAY = date(2026, 12, 7)  # check-ins due by then may be answered; later ones are not

# The quarter of the two years a value falls in, 0..7 (4 * (year - 2025) + quarter - 1), for one query over both.
PERIOD = "CASE {whens} ELSE 7 END"
HAND_WRITTEN = [
    "SELECT j.centre_id, {pj}, COUNT(*) FROM journey j WHERE j.created_at >= {start} AND j.created_at < {end} "
    "GROUP BY j.centre_id, {pj}",
    # by the centre step_progress copies from its journey (0027), no join. On SQLite, a range count of the partial
    # index ix_step_progress_completed_by_centre per centre, step and quarter (a GROUP BY sorts every step); on
    # PostgreSQL, the GROUP BY, hashed in one pass (the range counts would each visit their rows in the table)
    {"sqlite": "SELECT c.centre_id, p.period, k.step, (SELECT COUNT(*) FROM step_progress s WHERE s.status = "
               "'completed' AND s.centre_id = c.centre_id AND s.step = k.step AND s.updated_at >= p.lo "
               "AND s.updated_at < p.hi) AS n FROM ({centres}) c, ({steps}) k, ({periods}) p",
     "postgresql": "SELECT s.centre_id, {ps}, s.step, COUNT(*) FROM step_progress s WHERE s.status = 'completed' "
                   "AND s.updated_at >= {start} AND s.updated_at < {end} GROUP BY s.centre_id, {ps}, s.step"},
    "SELECT j.centre_id, {pt}, COUNT(DISTINCT t.journey_id) FROM assessment_take t JOIN journey j "
    "ON j.id = t.journey_id WHERE t.finished_at >= {start} AND t.finished_at < {end} GROUP BY j.centre_id, {pt}",
    # one pass over the partial index ix_step_progress_completed_by_journey (0027) in journey order, no sort
    "SELECT j.centre_id, {pd}, COUNT(*) FROM (SELECT journey_id, MAX(updated_at) AS last FROM step_progress "
    "WHERE status = 'completed' GROUP BY journey_id HAVING COUNT(*) = 10) d JOIN journey j ON j.id = d.journey_id "
    "WHERE d.last >= {start} AND d.last < {end} GROUP BY j.centre_id, {pd}",
    "SELECT r.centre_id, {pr}, r.kind, SUM(r.count) FROM reach_tally r WHERE r.day >= {first} AND r.day < {after} "
    "GROUP BY r.centre_id, {pr}, r.kind",
    # by the centre an outcome copies from its journey (0027), no join; on SQLite range counts of the index
    # ix_outcome_centre_kind_month per centre, kind (or week) and quarter, as the steps
    {"sqlite": "SELECT c.centre_id, p.period, k.kind, (SELECT COUNT(*) FROM outcome o WHERE o.centre_id = c.centre_id "
               "AND o.kind = k.kind AND o.started_month >= p.dlo AND o.started_month < p.dhi) AS n "
               "FROM ({centres}) c, ({kinds}) k, ({periods}) p",
     "postgresql": "SELECT o.centre_id, {po}, o.kind, COUNT(*) FROM outcome o WHERE o.started_month >= {first} "
                   "AND o.started_month < {after} GROUP BY o.centre_id, {po}, o.kind"},
    {"sqlite": "SELECT c.centre_id, p.period, w.week, (SELECT COUNT(*) FROM outcome o JOIN outcome_checkin x "
               "ON x.outcome_id = o.id WHERE o.centre_id = c.centre_id AND o.kind = 'job' AND o.started_month >= p.dlo "
               "AND o.started_month < p.dhi AND x.due_week = w.week AND x.status IN ('still_there', 'moved_on')) AS n "
               "FROM ({centres}) c, (SELECT 13 AS week UNION ALL SELECT 26) w, ({periods}) p",
     "postgresql": "SELECT o.centre_id, {po}, c.due_week, COUNT(*) FROM outcome o JOIN outcome_checkin c "
                   "ON c.outcome_id = o.id WHERE o.started_month >= {first} AND o.started_month < {after} "
                   "AND o.kind = 'job' AND c.due_week IN (13, 26) AND c.status IN ('still_there', 'moved_on') "
                   "GROUP BY o.centre_id, {po}, c.due_week"},
]
# How each hand-written query's rows (centre, period, [what], count) name the report's keys (None: not a figure of
# the report, such as the journeys with a finished take, which skills_audit.activity_counts withholds).
HAND_KEYS = (
    lambda _r: "started",
    lambda r: f"step_{r[2]}",
    lambda _r: None,
    lambda _r: "finished",
    lambda r: str(r[2]),
    lambda r: str(r[2]),
    lambda r: f"sustained_{r[2]}",
)
LATEST_TARGETS = ("SELECT partner, indicator, period, target FROM programme_target WHERE id IN "
                  "(SELECT MAX(id) FROM programme_target GROUP BY partner, indicator, period)")


def generate(journeys: int, tallies: int, outcomes: int, checkins: int,
             seed: int) -> dict[str, list[tuple[object, ...]]]:
    rnd = random.Random(seed)
    data: dict[str, list[tuple[object, ...]]] = {table: [] for table in COLUMNS}
    take_id = 0
    for jid in range(1, journeys + 1):
        started = START + timedelta(days=rnd.randrange(DAYS - 30), minutes=rnd.randrange(1440))
        steps = rnd.randint(0, 10)
        last = started
        progress = []
        for step in range(1, steps + 1):
            last = last + timedelta(days=rnd.randint(0, 3), minutes=rnd.randrange(600))
            done = step < steps or rnd.random() < 0.7
            progress.append((jid, step, "completed" if done else "in_progress", last))
        centre = rnd.choice(CENTRES)
        data["step_progress"] += [(*row, centre) for row in progress]  # the journey's centre (0027)
        data["journey"].append((jid, f"bench-{jid}", centre, "en", None, started, last))
        if jid % 2 == 0:
            take_id += 1
            data["assessment_take"].append((take_id, jid, last, last + timedelta(minutes=12)))
    for tid in range(1, tallies + 1):
        day = START.date() + timedelta(days=rnd.randrange(DAYS))
        data["reach_tally"].append((tid, rnd.choice(CENTRES), day, rnd.choice(KINDS), rnd.randint(1, 40),
                                    datetime.combine(day, datetime.min.time(), UTC)))
    generate_outcomes(rnd, data, outcomes, checkins)
    return data


def generate_outcomes(rnd: random.Random, data: dict[str, list[tuple[object, ...]]], outcomes: int,
                      checkins: int) -> None:
    """Outcomes of random journeys, each started in a month from its journey's to December 2026, and the check-ins
    of the jobs, trainings and work experiences among them (three each, until `checkins` are made)."""
    from guide.outcomes.service import CHECKIN_KINDS, CHECKIN_WEEKS, CONTRACTS, HARD_THINGS, HOURS, due_on

    journeys = data["journey"]
    kinds, weights = list(OUTCOME_KINDS), list(OUTCOME_KINDS.values())
    statuses, status_weights = list(CHECKIN_STATUSES), list(CHECKIN_STATUSES.values())
    for oid in range(1, outcomes + 1):
        jid, _hash, centre, _locale, _sector, journey_started, _last = journeys[rnd.randrange(len(journeys))]
        assert isinstance(journey_started, datetime)
        months = (2026 - journey_started.year) * 12 + 12 - journey_started.month
        m = journey_started.month - 1 + rnd.randint(0, months)
        started = date(journey_started.year + m // 12, m % 12 + 1, 1)
        kind = rnd.choices(kinds, weights)[0]
        detail = f"{rnd.choice(HOURS)}/{rnd.choice(CONTRACTS)}" if kind == "job" else ""
        created = max(journey_started, datetime.combine(started, datetime.min.time(), UTC)) + timedelta(
            days=rnd.randrange(20), minutes=rnd.randrange(1440))
        by_coach = rnd.random() < 0.3
        checked = created + timedelta(days=rnd.randint(1, 30)) if by_coach or rnd.random() < 0.2 else None
        ended: datetime | None = None
        if kind in CHECKIN_KINDS and len(data["outcome_checkin"]) < checkins:
            for week in CHECKIN_WEEKS:
                due = due_on(started, week)
                status = rnd.choices(statuses, status_weights)[0] if due <= TODAY and ended is None else ""
                answered = datetime.combine(due, datetime.min.time(), UTC) + timedelta(
                    days=rnd.randrange(10), minutes=rnd.randrange(1440)) if status else None
                hard = " ".join(rnd.sample(HARD_THINGS[:-1], rnd.randint(0, 2))) if status else ""
                wants_coach = bool(status) and rnd.random() < 0.2
                followed = answered + timedelta(days=rnd.randint(1, 7)) if wants_coach and answered else None
                if status == "stopped":
                    ended = answered
                data["outcome_checkin"].append((len(data["outcome_checkin"]) + 1, oid, week, due, answered, status,
                                                hard, wants_coach, followed))
                if len(data["outcome_checkin"]) == checkins:
                    break
        data["outcome"].append((oid, jid, kind, detail, started, created, ended, "coach" if by_coach else "person",
                                checked, centre))


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
        if backend != "sqlite":
            for table in COLUMNS:
                cur.execute(f"ANALYZE {table}")
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


Found = list[list[tuple[object, ...]]]  # each of HAND_WRITTEN's rows


def hand_written(engine, backend: str) -> tuple[Found, int]:  # noqa: ANN001
    """Every hand-written query's rows (over both years), and the number of latest target rows."""
    bounds = [datetime(y, m, 1, tzinfo=UTC) for y in YEARS for m in (1, 4, 7, 10)] + [
        datetime(YEARS[-1] + 1, 1, 1, tzinfo=UTC)]
    if backend == "sqlite":
        lit = [f"'{_sqlite_value(b)}'" for b in bounds]
        dlit = [f"'{b.date().isoformat()}'" for b in bounds]
    else:
        lit = [f"'{b.isoformat()}'::timestamptz" for b in bounds]
        dlit = [f"'{b.date().isoformat()}'::date" for b in bounds]

    def period(column: str, marks: list[str]) -> str:
        return PERIOD.format(whens=" ".join(f"WHEN {column} < {m} THEN {i}" for i, m in enumerate(marks[1:-1])))

    def table(rows: list[str]) -> str:
        return " UNION ALL ".join(f"SELECT {row}" for row in rows)

    names = {"centres": table([f"'{c}' AS centre_id" for c in CENTRES]),
             "steps": table([f"{n} AS step" for n in range(1, 11)]),
             "kinds": table([f"'{k}' AS kind" for k in OUTCOME_KINDS]),
             "periods": table([f"{i} AS period, {lit[i]} AS lo, {lit[i + 1]} AS hi, {dlit[i]} AS dlo, "
                               f"{dlit[i + 1]} AS dhi" for i in range(len(lit) - 1)]),
             "pj": period("j.created_at", lit), "ps": period("s.updated_at", lit), "pt": period("t.finished_at", lit),
             "pd": period("d.last", lit), "pr": period("r.day", dlit), "po": period("o.started_month", dlit),
             "start": lit[0], "end": lit[-1], "first": dlit[0], "after": dlit[-1]}
    raw = engine.raw_connection()
    found: Found = []
    try:
        cur = raw.cursor()
        for query in HAND_WRITTEN:
            sql = query if isinstance(query, str) else query[backend]
            cur.execute(sql.format(**names))
            found.append([tuple(row) for row in cur.fetchall()])
        cur.execute(LATEST_TARGETS)
        targets = len(cur.fetchall())
    finally:
        raw.close()
    return found, targets


def disagreements(report, found: Found) -> list[str]:  # noqa: ANN001
    """Where the report's figures differ from the hand-written SQL's (each partner's quarters of the year and its
    programme to date, and the whole programme's); a key the SQL has no rows for must be 0 (the workshops)."""
    from guide.audit_pages.places import get_places
    from skills_audit.results import PROGRAMME_TOTAL

    places = get_places()
    hand: dict[tuple[int, str, int, str], int] = defaultdict(int)  # (year, partner, quarter, key) -> count
    for name, query in zip(HAND_KEYS, found, strict=True):
        for row in query:
            key, info = name(row), places.centres.get(str(row[0]))
            if key is not None and info is not None:
                years, q = divmod(int(str(row[1])), 4)
                hand[(YEARS[0] + years, info.partner, q + 1, key)] += int(str(row[-1]))

    def figure(who: tuple[str, ...], year: int, q: int, key: str) -> int:
        return sum(hand[(year, p, q, key)] for p in who)

    problems = []
    for partner in report.partners:
        who = places.partners() if partner.partner == PROGRAMME_TOTAL else (partner.partner,)
        for group in partner.groups:
            for row in group.rows:
                for q, shown in enumerate(row.quarters, start=1):
                    if shown.achieved != figure(who, report.year, q, row.key):
                        problems.append(f"{partner.partner or 'programme'} {row.key} Q{q}: report {shown.achieved}, "
                                        f"SQL {figure(who, report.year, q, row.key)}")
                since = sum(figure(who, y, q, row.key) for y in range(report.first_year, report.year)
                            for q in range(1, 5))
                since += sum(figure(who, report.year, q, row.key) for q in range(1, report.quarter + 1))
                if row.programme_to_date.achieved != since:
                    problems.append(f"{partner.partner or 'programme'} {row.key} since {report.first_year}: report "
                                    f"{row.programme_to_date.achieved}, SQL {since}")
    return problems


def the_report(engine):  # noqa: ANN001, ANN201
    from guide.audit_pages.places import get_places
    from skills_audit.results import results_report

    return results_report(engine, 2026, 4, get_places())


def timed(fn, runs: int) -> tuple[float, float]:  # noqa: ANN001
    """The median time of `runs` runs after a warm-up (median_time), and this process's CPU time per run: on a
    shared machine the time waits for the CPU, the CPU time does not. On SQLite that is all the work; on
    PostgreSQL only the client's."""
    cpu = time.process_time()
    wall = median_time(fn, runs)
    return wall, (time.process_time() - cpu) / (runs + 1)


def run_backend(name: str, engine, data: dict[str, list[tuple[object, ...]]],  # noqa: ANN001
                runs: int) -> tuple[float, float, bool]:
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
    outcomes = next(g for g in programme if g.rows[0].key == "job")
    print(f"{name}: the programme's outcomes since {report.first_year}: "
          + ", ".join(f"{row.key} {row.programme_to_date.achieved:,}" for row in outcomes.rows))
    problems = disagreements(report, hand_written(engine, name)[0])
    figures = sum(len(g.rows) * (report.quarter + 1) for p in report.partners for g in p.groups)
    print(f"{name}: the report against the hand-written SQL: "
          + (f"{figures:,} figures equal" if not problems else f"{len(problems)} DIFFER: " + "; ".join(problems[:5])))
    report_s, report_cpu = timed(lambda: the_report(engine), runs)
    xlsx_s, _cpu = timed(lambda: results_xlsx(the_report(engine), "en"), runs)
    sql_s, sql_cpu = timed(lambda: hand_written(engine, name), runs)
    ratio = report_s / sql_s
    print(f"{name}: report {report_s * 1000:.0f} ms (with its XLSX {xlsx_s * 1000:.0f} ms), hand-written SQL "
          f"{sql_s * 1000:.0f} ms, ratio {ratio:.2f}; CPU of this process per run: report {report_cpu * 1000:.0f} ms, "
          f"hand-written SQL {sql_cpu * 1000:.0f} ms")
    return report_s, ratio, not problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journeys", type=int, default=40_000)
    parser.add_argument("--tallies", type=int, default=20_000)
    parser.add_argument("--outcomes", type=int, default=60_000)
    parser.add_argument("--checkins", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    exit_on_sigterm()
    workspace = Workspace("results")
    workspace.apply()
    ok = True
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    try:

        from guide.core.db import make_engine
        from guide.core.migrate import upgrade

        started = time.perf_counter()
        data = generate(args.journeys, args.tallies, args.outcomes, args.checkins, args.seed)
        print(f"generated in {time.perf_counter() - started:.1f} s")
        engine = make_engine(workspace.database_url)
        upgrade(engine)
        report_s, ratio, equal = run_backend("sqlite", engine, data, args.runs)
        engine.dispose()
        met = report_s < 1 and ratio <= 2 and equal
        ok &= met
        print(f"sqlite: target < 1 s, ratio <= 2, same figures: {'met' if met else 'MISSED'}")

        with postgres_schema() as pg:
            if pg is not None:
                pg_s, pg_ratio, pg_equal = run_backend("postgresql", pg, data, args.runs)
                pg_met = pg_s < 1 and pg_ratio <= 2 and pg_equal
                ok &= pg_met
                print(f"postgresql: target < 1 s, ratio <= 2, same figures: {'met' if pg_met else 'MISSED'}")
    finally:
        workspace.cleanup()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"RESULT: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
