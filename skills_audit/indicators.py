"""Guide activity per partner and quarter: the counting behind skills_audit.activity_counts (a source of the
results report, skills_audit.results).

What counts in a quarter (UTC), per partner (through the centre each journey chose):
- started: journeys started in the quarter;
- steps: per step, journeys whose step was marked completed in the quarter (its latest change);
- self_assessment: journeys that finished a self-assessment in the quarter (once, however many times);
- finished: journeys whose ten steps are all completed, the last of them in the quarter.
Counted by the database per centre and quarter, added up per partner: on PostgreSQL by GROUP BY, on SQLite, which
sorts for a GROUP BY, by a range count of an index per centre and quarter where the rows are many (see
steps_completed). These count activity in the guide, not self-assessment results, and partners report them as
exact numbers, so they are not suppressed.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Case,
    Date,
    DateTime,
    Executable,
    Integer,
    SQLColumnExpression,
    String,
    Subquery,
    case,
    false,
    func,
    literal,
    literal_column,
    select,
    true,
    union_all,
)
from sqlalchemy.types import TypeEngine

from skills_audit.aggregate import Bind, dialect_name, rows
from skills_audit.places import Places
from skills_audit.sources import AssessmentTake, Journey, StepProgress

STEP_COUNT = 10
COMPLETED = "completed"  # guide.journeys.COMPLETED, the status of a completed step
# As a literal, not a parameter: then SQLite can read the partial indexes of completed steps (WHERE status =
# 'completed', guide/journeys/models.py), which a query's parameter never matches.
IS_COMPLETED = StepProgress.status == literal_column(f"'{COMPLETED}'")


def quarter_of(column: SQLColumnExpression[datetime | None], year: int) -> Case[int]:
    """SQL: 1..4 for a timestamp in the year (UTC)."""
    bounds = [datetime(year, month, 1, tzinfo=UTC) for month in (4, 7, 10)]
    return case((column < bounds[0], 1), (column < bounds[1], 2), (column < bounds[2], 3), else_=4)


def period_of(column: SQLColumnExpression[datetime | None] | SQLColumnExpression[date | None], first: int, last: int,
              day: bool = False) -> Case[int]:
    """SQL: the quarter of the years first..last a timestamp (a date, day=True) falls in, as 4 * (year - first) +
    quarter - 1 (see year_quarter), so one GROUP BY counts several years in one scan. A DATE column is compared with
    dates: on SQLite a date is text, and "2026-04-01" sorts before the timestamp "2026-04-01 00:00:00", which would
    put 1 April in Q1."""
    starts = period_starts(first, last)[1:]
    bounds: list[date] = [b.date() for b in starts] if day else list(starts)
    return case(*((column < bound, index) for index, bound in enumerate(bounds)), else_=len(bounds))


def period_starts(first: int, last: int) -> list[datetime]:
    """The first moment of each quarter of the years first..last, period 0 first (see period_of)."""
    return [datetime(y, m, 1, tzinfo=UTC) for y in range(first, last + 1) for m in (1, 4, 7, 10)]


def centre_table(places: Places) -> Subquery:
    """SQL: the centres (centre_id), a small table for the range counts of SQLite (see steps_completed)."""
    return value_table("centres", "centre_id", String(64), sorted(places.centres))


def period_table(first: int, last: int, day: bool = False) -> Subquery:
    """SQL: the quarters of the years first..last (period, as period_of; lo <= a time, or a date (day=True), < hi),
    a small table for the range counts of SQLite."""
    ends = [*period_starts(first, last), datetime(last + 1, 1, 1, tzinfo=UTC)]
    bound: TypeEngine[Any] = Date() if day else DateTime(timezone=True)
    return _rows("periods", [{"period": (i, Integer()), "lo": (lo.date() if day else lo, bound),
                              "hi": (hi.date() if day else hi, bound)}
                             for i, (lo, hi) in enumerate(itertools.pairwise(ends))])


def value_table(name: str, column: str, kind: TypeEngine[Any], values: Iterable[object]) -> Subquery:
    """SQL: a one-column table of the values given, for the range counts of SQLite."""
    found = list(values)
    if not found:  # (places without centres) a UNION ALL needs one SELECT at least
        return select(literal(None, kind).label(column)).where(false()).subquery(name)
    return _rows(name, [{column: (v, kind)} for v in found])


def _rows(name: str, values: list[dict[str, tuple[object, TypeEngine[Any]]]]) -> Subquery:
    """SQL: a small table of the values given (each row: column -> (value, type)), as a UNION ALL of SELECTs, which
    every database reads (SQLite names no columns of a VALUES list)."""
    return union_all(*(select(*(literal(v, t).label(c) for c, (v, t) in row.items())) for row in values)).subquery(name)


def year_quarter(first: int, period: int) -> tuple[int, int]:
    """The (year, quarter 1..4) of a period_of(column, first, ...)."""
    return first + int(period) // 4, int(period) % 4 + 1


ActivityCounts = dict[tuple[str, int, str, int | None], int]  # (partner, quarter, indicator, step or None) -> count


def activity_counts(bind: Bind, year: int, places: Places) -> ActivityCounts:
    """(partner, quarter, indicator, step or None) -> count, for the year."""
    return activity_counts_years(bind, year, year, places).get(year, defaultdict(int))


def steps_completed(bind: Bind, first: int, last: int, places: Places) -> Executable:
    """SQL: (centre, period_of, step, count) of the steps completed in the years first..last, by the centre
    step_progress copies from its journey (no join).

    SQLite sorts for a GROUP BY, over every step (it was most of the report's time), so there each count is a range
    of ix_step_progress_completed_by_centre, per centre, step and quarter. PostgreSQL hashes a GROUP BY in one pass,
    where 320 range counts would each visit their rows in the table as well."""
    start, end = datetime(first, 1, 1, tzinfo=UTC), datetime(last + 1, 1, 1, tzinfo=UTC)
    if dialect_name(bind) != "sqlite":
        q = period_of(StepProgress.updated_at, first, last)
        return (
            select(StepProgress.centre_id, q, StepProgress.step, func.count())
            .where(IS_COMPLETED, StepProgress.updated_at >= start, StepProgress.updated_at < end)
            .group_by(StepProgress.centre_id, q, StepProgress.step)
        )
    centres, periods = centre_table(places), period_table(first, last)
    steps = value_table("steps", "step", Integer(), range(1, STEP_COUNT + 1))
    in_cell = (IS_COMPLETED, StepProgress.centre_id == centres.c.centre_id, StepProgress.step == steps.c.step,
               StepProgress.updated_at >= periods.c.lo, StepProgress.updated_at < periods.c.hi)
    return (
        select(centres.c.centre_id, periods.c.period, steps.c.step,
               select(func.count()).where(*in_cell).scalar_subquery())
        .select_from(centres.join(steps, true()).join(periods, true()))
    )


def journeys_started(bind: Bind, first: int, last: int, places: Places) -> Executable:
    """SQL: (centre, period_of, count) of the journeys started in the years first..last; on SQLite a range count
    of ix_journey_centre_created per centre and quarter (a GROUP BY would sort every journey, as in steps_completed)."""
    if dialect_name(bind) != "sqlite":
        q = period_of(Journey.created_at, first, last)
        return (
            select(Journey.centre_id, q, func.count())
            .where(Journey.created_at >= datetime(first, 1, 1, tzinfo=UTC),
                   Journey.created_at < datetime(last + 1, 1, 1, tzinfo=UTC))
            .group_by(Journey.centre_id, q)
        )
    centres, periods = centre_table(places), period_table(first, last)
    in_cell = (Journey.centre_id == centres.c.centre_id, Journey.created_at >= periods.c.lo,
               Journey.created_at < periods.c.hi)
    return (
        select(centres.c.centre_id, periods.c.period, select(func.count()).where(*in_cell).scalar_subquery())
        .select_from(centres.join(periods, true()))
    )


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
            if partner is not None and rest[-1]:  # (a range count may be 0)
                step = rest[0] if with_step else None
                year, quarter = year_quarter(first, period)
                counts[year][(partner, quarter, key, step)] += int(rest[-1])

    collect(journeys_started(bind, first, last, places), "started")
    collect(steps_completed(bind, first, last, places), "steps", with_step=True)
    q = period_of(AssessmentTake.finished_at, first, last)
    collect(
        select(Journey.centre_id, q, func.count(func.distinct(AssessmentTake.journey_id)))
        .join(Journey.TABLE, Journey.id == AssessmentTake.journey_id)
        .where(AssessmentTake.finished_at >= start, AssessmentTake.finished_at < end)
        .group_by(Journey.centre_id, q),
        "self_assessment",
    )
    # One pass over ix_step_progress_completed_by_journey in its order, grouping as it reads (no sort).
    done = (
        select(StepProgress.journey_id, func.max(StepProgress.updated_at).label("last"))
        .where(IS_COMPLETED)
        .group_by(StepProgress.journey_id)
        .having(func.count() == STEP_COUNT)
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
