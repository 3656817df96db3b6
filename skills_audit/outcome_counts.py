"""Outcomes: what people started per partner and quarter, and the jobs still held at 13 and 26 weeks (issue 15), a
source of the results report.

Each outcome is counted once, by the partner of its journey's centre and the quarter of the month it started. An
outcome carries no name and the partners report these as activity totals: shown as they are, per partner (a
breakdown below a partner would go through skills_audit.protection). sustained_N counts the job outcomes whose
N-week check-in said "still there" or "moved on" (to something else: still in work or training), in the quarter
the job started.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Executable, Integer, String, func, select, true

from guide.core.i18n import N_
from skills_audit.aggregate import Bind, dialect_name, rows
from skills_audit.indicators import centre_table, period_of, period_table, value_table, year_quarter
from skills_audit.places import Places
from skills_audit.sources import CheckIn, Outcome

TITLE = N_("Outcomes")
KINDS: tuple[str, ...] = ("job", "training", "volunteering", "work_experience", "certificate", "something_else")
SUSTAINED_WEEKS = (13, 26)
SUSTAINED = ("still_there", "moved_on")  # a check-in's answers that count as sustained
KEYS: tuple[str, ...] = (*KINDS, *(f"sustained_{w}" for w in SUSTAINED_WEEKS))
LABELS: dict[str, str] = {
    "job": N_("Started a job"),
    "training": N_("Started a training or a course"),
    "volunteering": N_("Started volunteering"),
    "work_experience": N_("Started work experience or a placement"),
    "certificate": N_("Got a certificate or licence"),
    "something_else": N_("Started something else"),
    "sustained_13": N_("Still in work after 13 weeks"),
    "sustained_26": N_("Still in work after 26 weeks"),
}


def counts(bind: Bind, year: int, places: Places) -> dict[tuple[str, int], dict[str, int]]:
    """(partner, quarter 1..4) -> key -> count of the year (an outcome's start month is its quarter)."""
    return counts_years(bind, year, year, places).get(year, {})


def _queries(bind: Bind, first: int, last: int, places: Places) -> tuple[Executable, Executable]:
    """SQL: (centre, period_of, kind, count) of the outcomes started in the years first..last, and (centre,
    period_of, week, count) of the jobs sustained, by the centre the outcome copies from its journey (no join). On
    SQLite each count is a range of ix_outcome_centre_kind_month (a GROUP BY sorts every outcome: see
    skills_audit.indicators.steps_completed); PostgreSQL hashes the GROUP BY."""
    sustained_checkin = (CheckIn.outcome_id == Outcome.id, CheckIn.status.in_(SUSTAINED))
    if dialect_name(bind) != "sqlite":
        period = period_of(Outcome.started_month, first, last, day=True)
        in_years = (Outcome.started_month >= date(first, 1, 1), Outcome.started_month < date(last + 1, 1, 1))
        return (
            select(Outcome.centre_id, period, Outcome.kind, func.count())
            .where(*in_years)
            .group_by(Outcome.centre_id, period, Outcome.kind),
            select(Outcome.centre_id, period, CheckIn.due_week, func.count())
            .where(*in_years, *sustained_checkin, Outcome.kind == "job", CheckIn.due_week.in_(SUSTAINED_WEEKS))
            .group_by(Outcome.centre_id, period, CheckIn.due_week),
        )
    centres, periods = centre_table(places), period_table(first, last, day=True)
    kinds = value_table("kinds", "kind", String(32), KINDS)
    weeks = value_table("weeks", "week", Integer(), SUSTAINED_WEEKS)
    in_cell = (Outcome.centre_id == centres.c.centre_id, Outcome.started_month >= periods.c.lo,
               Outcome.started_month < periods.c.hi)
    return (
        select(centres.c.centre_id, periods.c.period, kinds.c.kind,
               select(func.count()).where(*in_cell, Outcome.kind == kinds.c.kind).scalar_subquery())
        .select_from(centres.join(kinds, true()).join(periods, true())),
        select(centres.c.centre_id, periods.c.period, weeks.c.week,
               select(func.count()).where(*in_cell, *sustained_checkin, Outcome.kind == "job",
                                          CheckIn.due_week == weeks.c.week).scalar_subquery())
        .select_from(centres.join(weeks, true()).join(periods, true())),
    )


def counts_years(bind: Bind, first: int, last: int, places: Places) -> dict[int, dict[tuple[str, int], dict[str, int]]]:
    """year -> counts of the year, for the years first..last, each query one pass over them all."""
    by_kind, sustained = _queries(bind, first, last, places)
    result: dict[int, dict[tuple[str, int], dict[str, int]]] = {}

    def add(centre: str, p: int, key: str, n: int) -> None:
        info = places.centres.get(centre)
        if info is None or key not in LABELS or not n:  # (a range count may be 0)
            return
        year, quarter = year_quarter(first, p)
        figures = result.setdefault(year, {}).setdefault((info.partner, quarter), {})
        figures[key] = figures.get(key, 0) + int(n)

    for centre, p, kind, n in rows(bind, by_kind):
        add(centre, p, kind, n)
    for centre, p, week, n in rows(bind, sustained):
        add(centre, p, f"sustained_{week}", n)
    return result
