"""Guide activity per partner and quarter: the counting behind skills_audit.activity_counts (a source of the
results report, skills_audit.results).

What counts in a quarter (UTC), per partner (through the centre each journey chose):
- started: journeys started in the quarter;
- steps: per step, journeys whose step was marked completed in the quarter (its latest change);
- self_assessment: journeys that finished a self-assessment in the quarter (once, however many times);
- finished: journeys whose ten steps are all completed, the last of them in the quarter.
Counted by the database (GROUP BY centre and quarter), added up per partner. These count activity in the guide,
not self-assessment results, and partners report them as exact numbers, so they are not suppressed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime

from sqlalchemy import Case, Executable, SQLColumnExpression, case, func, select

from skills_audit.aggregate import Bind, rows
from skills_audit.places import Places
from skills_audit.sources import AssessmentTake, Journey, StepProgress

STEP_COUNT = 10
COMPLETED = "completed"  # guide.journeys.COMPLETED, the status of a completed step


def quarter_of(column: SQLColumnExpression[datetime | None], year: int) -> Case[int]:
    """SQL: 1..4 for a timestamp in the year (UTC)."""
    bounds = [datetime(year, month, 1, tzinfo=UTC) for month in (4, 7, 10)]
    return case((column < bounds[0], 1), (column < bounds[1], 2), (column < bounds[2], 3), else_=4)


def quarter_of_day(column: SQLColumnExpression[date | None], year: int) -> Case[int]:
    """SQL: 1..4 for a date in the year (a DATE column compared with dates: on SQLite a date is text, and
    "2026-04-01" sorts before the timestamp "2026-04-01 00:00:00", so `quarter_of` would put 1 April in Q1)."""
    bounds = [date(year, month, 1) for month in (4, 7, 10)]
    return case((column < bounds[0], 1), (column < bounds[1], 2), (column < bounds[2], 3), else_=4)


def activity_counts(bind: Bind, year: int, places: Places) -> dict[tuple[str, int, str, int | None], int]:
    """(partner, quarter, indicator, step or None) -> count, for the year."""
    start, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    counts: dict[tuple[str, int, str, int | None], int] = defaultdict(int)

    def partner_of(centre: str) -> str | None:
        info = places.centres.get(centre)
        return info.partner if info else None

    def collect(stmt: Executable, key: str, with_step: bool = False) -> None:
        for row in rows(bind, stmt):
            centre, quarter, *rest = row
            partner = partner_of(centre)
            if partner is not None:
                step = rest[0] if with_step else None
                counts[(partner, int(quarter), key, step)] += int(rest[-1])

    q = quarter_of(Journey.created_at, year)
    collect(
        select(Journey.centre_id, q, func.count())
        .where(Journey.created_at >= start, Journey.created_at < end)
        .group_by(Journey.centre_id, q),
        "started",
    )
    q = quarter_of(StepProgress.updated_at, year)
    collect(
        select(Journey.centre_id, q, StepProgress.step, func.count())
        .join(Journey.TABLE, Journey.id == StepProgress.journey_id)
        .where(
            StepProgress.status == COMPLETED,
            StepProgress.updated_at >= start,
            StepProgress.updated_at < end,
        )
        .group_by(Journey.centre_id, q, StepProgress.step),
        "steps",
        with_step=True,
    )
    q = quarter_of(AssessmentTake.finished_at, year)
    collect(
        select(Journey.centre_id, q, func.count(func.distinct(AssessmentTake.journey_id)))
        .join(Journey.TABLE, Journey.id == AssessmentTake.journey_id)
        .where(AssessmentTake.finished_at >= start, AssessmentTake.finished_at < end)
        .group_by(Journey.centre_id, q),
        "self_assessment",
    )
    done = (
        select(StepProgress.journey_id, func.max(StepProgress.updated_at).label("last"))
        .where(StepProgress.status == COMPLETED)
        .group_by(StepProgress.journey_id)
        .having(func.count() == STEP_COUNT)
        .subquery("done")
    )
    q = quarter_of(done.c.last, year)
    collect(
        select(Journey.centre_id, q, func.count())
        .join(Journey.TABLE, Journey.id == done.c.journey_id)
        .where(done.c.last >= start, done.c.last < end)
        .group_by(Journey.centre_id, q),
        "finished",
    )
    return counts
