"""Workshops: group workshops held, attendances and different people reached, per partner and quarter (issue 18), a
source of the results report.

Activity totals per partner, shown as they are: a workshop is "held" when at least one person joined it, in the
quarter of its start; an attendance is one journey in one workshop; people reached are the different journeys that
attended any of the partner's workshops in the quarter. The journeys are counted by the database's ids only, never
named, and no breakdown (by topic, by centre) is published here: one would have to go through skills_audit.protection.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import select

from guide.core.i18n import N_
from skills_audit.aggregate import Bind, rows
from skills_audit.indicators import quarter_of
from skills_audit.places import Places
from skills_audit.sources import Workshop, WorkshopAttendance

TITLE = N_("Group workshops")
KEYS: tuple[str, ...] = ("workshops_held", "attendances", "people_reached")
LABELS: dict[str, str] = {
    "workshops_held": N_("Workshops held"),
    "attendances": N_("Attendances at workshops"),
    "people_reached": N_("Different people reached by workshops"),
}


def counts(bind: Bind, year: int, places: Places) -> dict[tuple[str, int], dict[str, int]]:
    """(partner, quarter 1..4) -> key -> count, for the workshops that started in the year."""
    start, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    quarter = quarter_of(Workshop.starts_at, year)
    stmt = (
        select(Workshop.centre_id, quarter, Workshop.id, WorkshopAttendance.journey_id)
        .join(WorkshopAttendance.TABLE, WorkshopAttendance.workshop_id == Workshop.id)
        .where(Workshop.starts_at >= start, Workshop.starts_at < end)
    )
    held: dict[tuple[str, int], set[int]] = defaultdict(set)
    attendances: dict[tuple[str, int], int] = defaultdict(int)
    people: dict[tuple[str, int], set[int]] = defaultdict(set)
    for centre, q, workshop_id, journey_id in rows(bind, stmt):
        info = places.centres.get(centre)
        if info is None:
            continue
        key = (info.partner, int(q))
        held[key].add(int(workshop_id))
        attendances[key] += 1
        people[key].add(int(journey_id))
    return {key: {"workshops_held": len(held[key]), "attendances": attendances[key],
                  "people_reached": len(people[key])} for key in attendances}
