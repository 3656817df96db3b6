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

from sqlalchemy import func, select

from guide.core.i18n import N_
from skills_audit.aggregate import Bind, rows
from skills_audit.indicators import period_of, year_quarter
from skills_audit.places import Places
from skills_audit.sources import CheckIn, Journey, Outcome

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


def counts_years(bind: Bind, first: int, last: int, places: Places) -> dict[int, dict[tuple[str, int], dict[str, int]]]:
    """year -> counts of the year, for the years first..last, each query one pass over them all."""
    period = period_of(Outcome.started_month, first, last, day=True)
    in_years = (Outcome.started_month >= date(first, 1, 1), Outcome.started_month < date(last + 1, 1, 1))
    with_journey = Outcome.TABLE.join(Journey.TABLE, Journey.id == Outcome.journey_id)
    by_kind = (
        select(Journey.centre_id, period, Outcome.kind, func.count())
        .select_from(with_journey)
        .where(*in_years)
        .group_by(Journey.centre_id, period, Outcome.kind)
    )
    sustained = (
        select(Journey.centre_id, period, CheckIn.due_week, func.count())
        .select_from(with_journey.join(CheckIn.TABLE, CheckIn.outcome_id == Outcome.id))
        .where(*in_years, Outcome.kind == "job", CheckIn.due_week.in_(SUSTAINED_WEEKS), CheckIn.status.in_(SUSTAINED))
        .group_by(Journey.centre_id, period, CheckIn.due_week)
    )
    result: dict[int, dict[tuple[str, int], dict[str, int]]] = {}

    def add(centre: str, p: int, key: str, n: int) -> None:
        info = places.centres.get(centre)
        if info is None or key not in LABELS:
            return
        year, quarter = year_quarter(first, p)
        figures = result.setdefault(year, {}).setdefault((info.partner, quarter), {})
        figures[key] = figures.get(key, 0) + int(n)

    for centre, p, kind, n in rows(bind, by_kind):
        add(centre, p, kind, n)
    for centre, p, week, n in rows(bind, sustained):
        add(centre, p, f"sustained_{week}", n)
    return result
