"""step_progress and outcome carry their journey's centre (migration 0027), for the results report to count per
centre without a join: every path that writes them copies it, and the migration copies it for the rows before."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlmodel import Session

from guide.assessment.service import start_take
from guide.core.db import make_engine, writing
from guide.core.migrate import upgrade
from guide.demo import load_demo
from guide.journeys.service import COMPLETED, IN_PROGRESS, StepInput, save_step, start_journey
from guide.outcomes import service as outcomes
from guide.outcomes.service import OutcomeInput
from skills_audit import outcome_counts
from skills_audit.indicators import activity_counts_years
from skills_audit.places import Places

MISMATCHES = {
    table: text(f"SELECT COUNT(*), COUNT(CASE WHEN t.centre_id <> j.centre_id THEN 1 END) FROM {table} t "
                "JOIN journey j ON j.id = t.journey_id")
    for table in ("step_progress", "outcome")
}


def copies(db: Session) -> dict[str, tuple[int, int]]:
    """Per table: (rows, rows whose centre is not their journey's)."""
    found = {}
    for table, sql in MISMATCHES.items():
        rows, wrong = db.connection().execute(sql).one()
        found[table] = (int(rows), int(wrong))
    return found


def test_each_path_that_writes_a_step_or_an_outcome_copies_the_journey_s_centre(db):
    with writing(db):
        journey, _code = start_journey(db, "secret", "kortrijk", "nl")
        save_step(db, journey, 1, StepInput(ticks=set(), answers={}), COMPLETED)  # a step completed,
        save_step(db, journey, 2, StepInput(ticks=set(), answers={}), IN_PROGRESS)  # one in progress,
        save_step(db, journey, 1, StepInput(ticks=set(), answers={}), IN_PROGRESS)  # one un-completed
        start_take(db, journey)  # step 5 "in progress" with the self-assessment
        journey_id = journey.id or 0
        outcomes.record_outcome(db, journey_id, OutcomeInput("training", month="2", year="2026"), date(2025, 12, 1),
                                date(2026, 3, 1))
        outcomes.seed(db, [(journey_id, "volunteering", "", date(2026, 1, 1))])
    with writing(db):
        assert copies(db) == {"step_progress": (3, 0), "outcome": (2, 0)}


def test_the_demo_s_steps_and_outcomes_carry_their_journey_s_centre(db_engine, db):
    list(load_demo(db_engine))
    with writing(db):
        found = copies(db)
    assert all(rows > 0 and wrong == 0 for rows, wrong in found.values()), found


def test_the_migration_copies_the_centre_onto_the_steps_and_outcomes_before_it_and_keeps_them(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'before.db'}")
    upgrade(engine, "0024")
    with engine.begin() as conn:  # plain SQL: the models have the columns of 0027
        for n, centre in enumerate(("medway", "kortrijk"), start=1):
            conn.execute(text("INSERT INTO journey (id, code_hash, centre_id, locale, created_at, last_activity_at) "
                              "VALUES (:n, :h, :c, 'en', '2026-01-05 10:00:00', '2026-01-05 10:00:00')"),
                         {"n": n, "h": f"before-0027-{n}", "c": centre})
            conn.execute(text("INSERT INTO step_progress (journey_id, step, status, updated_at) "
                              "VALUES (:n, 1, 'completed', '2026-01-06 10:00:00')"), {"n": n})
            conn.execute(text("INSERT INTO outcome (id, journey_id, kind, detail, started_month, created_at) "
                              "VALUES (:n, :n, 'job', '', '2026-01-01', '2026-01-06 10:00:00')"), {"n": n})
            conn.execute(text("INSERT INTO outcome_checkin (outcome_id, due_week, due_on, status, hard_things, "
                              "wants_coach) VALUES (:n, 13, '2026-04-02', 'still_there', '', 0)"), {"n": n})
    upgrade(engine)
    with engine.connect() as conn:  # (the check-ins stay: the outcome table is altered, not rebuilt and dropped)
        assert conn.execute(text("SELECT COUNT(*) FROM outcome_checkin")).scalar_one() == 2
        steps = conn.execute(text("SELECT journey_id, centre_id FROM step_progress ORDER BY journey_id")).all()
        found = conn.execute(text("SELECT journey_id, centre_id FROM outcome ORDER BY journey_id")).all()
    assert [tuple(r) for r in steps] == [tuple(r) for r in found] == [(1, "medway"), (2, "kortrijk")]
    engine.dispose()


def test_the_report_s_counts_per_centre_need_a_centre_to_count(db):
    """With no centre in the places there is nothing to count (the range counts' table of centres is empty)."""
    with writing(db):
        journey, _code = start_journey(db, "secret", "kortrijk", "nl")
        save_step(db, journey, 1, StepInput(ticks=set(), answers={}), COMPLETED)
    nowhere = Places(centres={}, sectors={})
    assert activity_counts_years(db, 2025, 2027, nowhere) == {}
    assert outcome_counts.counts_years(db, 2025, 2027, nowhere) == {}
