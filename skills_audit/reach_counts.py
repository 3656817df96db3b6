"""Reach: the outreach tallies per partner and quarter (issue 15), a source of the results report.

The tallies count contacts (house visits, people met in the street or at an event, group sessions), never named
people, and the partners report them as exact activity totals: they are shown as they are, per partner. Summed by
the database per centre, kind and quarter of the tally's day, then added up per partner through `places`.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from guide.core.i18n import N_
from skills_audit.aggregate import Bind, rows
from skills_audit.indicators import period_of, year_quarter
from skills_audit.places import Places
from skills_audit.sources import ReachTally

TITLE = N_("Reach")
KEYS: tuple[str, ...] = ("house_visit", "event_contact", "street_contact", "brought_to_centre", "group_session",
                         "group_attendance")
LABELS: dict[str, str] = {
    "house_visit": N_("House visits"),
    "event_contact": N_("Contacts at an event"),
    "street_contact": N_("Contacts in the street"),
    "brought_to_centre": N_("People brought to a centre"),
    "group_session": N_("Group sessions held"),
    "group_attendance": N_("Attendance at group sessions"),
}


def counts(bind: Bind, year: int, places: Places) -> dict[tuple[str, int], dict[str, int]]:
    """(partner, quarter 1..4) -> kind -> the sum of the tallies of the year (a tally's day is its quarter)."""
    return counts_years(bind, year, year, places).get(year, {})


def counts_years(bind: Bind, first: int, last: int, places: Places) -> dict[int, dict[tuple[str, int], dict[str, int]]]:
    """year -> counts of the year, for the years first..last, in one pass over them all."""
    period = period_of(ReachTally.day, first, last, day=True)
    stmt = (
        select(ReachTally.centre_id, period, ReachTally.kind, func.sum(ReachTally.count))
        .where(ReachTally.day >= date(first, 1, 1), ReachTally.day < date(last + 1, 1, 1))
        .group_by(ReachTally.centre_id, period, ReachTally.kind)
    )
    result: dict[int, dict[tuple[str, int], dict[str, int]]] = {}
    for centre, p, kind, total in rows(bind, stmt):
        info = places.centres.get(centre)
        if info is None or kind not in LABELS:
            continue
        year, quarter = year_quarter(first, p)
        figures = result.setdefault(year, {}).setdefault((info.partner, quarter), {})
        figures[kind] = figures.get(kind, 0) + int(total)
    return result
