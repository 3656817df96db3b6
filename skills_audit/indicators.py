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


def period_of(column: SQLColumnExpression[datetime | None] | SQLColumnExpression[date | None], first: int, last: int,
              day: bool = False) -> Case[int]:
    """SQL: the quarter of the years first..last a timestamp (a date, day=True: see quarter_of_day) falls in, as
    4 * (year - first) + quarter - 1 (see year_quarter), so one GROUP BY counts several years in one scan."""
    starts = [datetime(y, m, 1, tzinfo=UTC) for y in range(first, last + 1) for m in (1, 4, 7, 10)][1:]
    bounds: list[date] = [b.date() for b in starts] if day else list(starts)
    return case(*((column < bound, index) for index, bound in enumerate(bounds)), else_=len(bounds))


def year_quarter(first: int, period: int) -> tuple[int, int]:
    """The (year, quarter 1..4) of a period_of(column, first, ...)."""
    return first + int(period) // 4, int(period) % 4 + 1


ActivityCounts = dict[tuple[str, int, str, int | None], int]  # (partner, quarter, indicator, step or None) -> count


def activity_counts(bind: Bind, year: int, places: Places) -> ActivityCounts:
    """(partner, quarter, indicator, step or None) -> count, for the year."""
    return activity_counts_years(bind, year, year, places).get(year, defaultdict(int))


def activity_counts_years(bind: Bind, first: int, last: int, places: Places) -> dict[int, ActivityCounts]:
    """year -> activity_counts of the year, for the years first..last: each indicator is one query over them all
    (the step_progress scans cost the same for one year or several)."""
    start, end = datetime(first, 1, 1, tzinfo=UTC), datetime(last + 1, 1, 1, tzinfo=UTC)
    counts: dict[int, ActivityCounts] = defaultdict(lambda: defaultdict(int))

    def partner_of(centre: str) -> str | None:
        info = places.centres.get(centre)
        return info.partner if info else None

    def collect(stmt: Executable, key: str, with_step: bool = False) -> None:
        for row in rows(bind, stmt):
            centre, period, *rest = row
            partner = partner_of(centre)
            if partner is not None:
                step = rest[0] if with_step else None
                year, quarter = year_quarter(first, period)
                counts[year][(partner, quarter, key, step)] += int(rest[-1])

    q = period_of(Journey.created_at, first, last)
    collect(
        select(Journey.centre_id, q, func.count())
        .where(Journey.created_at >= start, Journey.created_at < end)
        .group_by(Journey.centre_id, q),
        "started",
    )
    # "completed" counted in the aggregate, not in WHERE: a WHERE on status lets SQLite read step_progress through
    # ix_step_progress_status_updated, a row lookup per step, three times slower than the scan over a year or more.
    completed = func.count(case((StepProgress.status == COMPLETED, 1)))
    q = period_of(StepProgress.updated_at, first, last)
    collect(
        select(Journey.centre_id, q, StepProgress.step, completed)
        .join(Journey.TABLE, Journey.id == StepProgress.journey_id)
        .where(StepProgress.updated_at >= start, StepProgress.updated_at < end)
        .group_by(Journey.centre_id, q, StepProgress.step)
        .having(completed > 0),
        "steps",
        with_step=True,
    )
    q = period_of(AssessmentTake.finished_at, first, last)
    collect(
        select(Journey.centre_id, q, func.count(func.distinct(AssessmentTake.journey_id)))
        .join(Journey.TABLE, Journey.id == AssessmentTake.journey_id)
        .where(AssessmentTake.finished_at >= start, AssessmentTake.finished_at < end)
        .group_by(Journey.centre_id, q),
        "self_assessment",
    )
    # The same here: one pass over step_progress in its key's order (journey, step), grouping as it reads.
    done = (
        select(StepProgress.journey_id,
               func.max(case((StepProgress.status == COMPLETED, StepProgress.updated_at))).label("last"))
        .group_by(StepProgress.journey_id)
        .having(completed == STEP_COUNT)
        .subquery("done")
    )
    q = period_of(done.c.last, first, last)
    collect(
        select(Journey.centre_id, q, func.count())
        .join(Journey.TABLE, Journey.id == done.c.journey_id)
        .where(done.c.last >= start, done.c.last < end)
        .group_by(Journey.centre_id, q),
        "finished",
    )
    return dict(counts)
