"""Outcomes: what people started per partner and quarter, and the jobs still held at 13 and 26 weeks (issue 15), a
source of the results report.

Each outcome is counted once, by the partner of its journey's centre and the quarter of the month it started. An
outcome carries no name and the partners report these as activity totals: shown as they are, per partner (a
breakdown below a partner would go through skills_audit.protection). sustained_N counts the job outcomes whose
N-week check-in said "still there" or "moved on" (to something else: still in work or training), in the quarter
the job started.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select

from guide.core.i18n import N_
from skills_audit.aggregate import Bind, rows
from skills_audit.indicators import quarter_of_day
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
    quarter = quarter_of_day(Outcome.started_month, year)
    in_year = (Outcome.started_month >= date(year, 1, 1), Outcome.started_month < date(year + 1, 1, 1))
    with_journey = Outcome.TABLE.join(Journey.TABLE, Journey.id == Outcome.journey_id)
    by_kind = (
        select(Journey.centre_id, quarter, Outcome.kind, func.count())
        .select_from(with_journey)
        .where(*in_year)
        .group_by(Journey.centre_id, quarter, Outcome.kind)
    )
    sustained = (
        select(Journey.centre_id, quarter, CheckIn.due_week, func.count())
        .select_from(with_journey.join(CheckIn.TABLE, CheckIn.outcome_id == Outcome.id))
        .where(*in_year, Outcome.kind == "job", CheckIn.due_week.in_(SUSTAINED_WEEKS), CheckIn.status.in_(SUSTAINED))
        .group_by(Journey.centre_id, quarter, CheckIn.due_week)
    )
    result: dict[tuple[str, int], dict[str, int]] = defaultdict(dict)

    def add(centre: str, q: int, key: str, n: int) -> None:
        info = places.centres.get(centre)
        if info is None or key not in LABELS:
            return
        figures = result[(info.partner, int(q))]
        figures[key] = figures.get(key, 0) + int(n)

    for centre, q, kind, n in rows(bind, by_kind):
        add(centre, q, kind, n)
    for centre, q, week, n in rows(bind, sustained):
        add(centre, q, f"sustained_{week}", n)
    return dict(result)
