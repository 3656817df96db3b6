"""Workshops: group workshops held, attendances and different people reached, per partner and quarter (issue 18), a
source of the results report.

Activity totals per partner, shown as they are: a workshop is "held" when at least one person joined it, in the
quarter of its start; an attendance is one journey in one workshop; people reached are the different journeys that
attended any of the partner's workshops in the quarter. The journeys are counted by the database's ids only, never
named. The breakdown by topic (`topic_breakdown`) goes through skills_audit.breakdown (skills_audit.protection): the
partner's totals are shown exactly in the results report, so they are fixed there and the topics' figures are hidden
around them, a topic under k hidden and none recoverable from the total minus the topics shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import select

from guide.core.i18n import N_
from skills_audit.aggregate import Bind, rows
from skills_audit.breakdown import Breakdown, Earlier, Row, Shown, protected_table
from skills_audit.indicators import quarter_of
from skills_audit.places import Places
from skills_audit.sources import Workshop, WorkshopAttendance
from skills_audit.suppression import Group

TITLE = N_("Group workshops")
KEYS: tuple[str, ...] = ("workshops_held", "attendances", "people_reached")
LABELS: dict[str, str] = {
    "workshops_held": N_("Workshops held"),
    "attendances": N_("Attendances at workshops"),
    "people_reached": N_("Different people reached by workshops"),
}


# Keys whose figure over several quarters is not the sum of the quarters' (a person who comes back in a later
# quarter is reached once): skills_audit.results reads them from `distinct`.
DISTINCT: frozenset[str] = frozenset({"people_reached"})

# (partner, quarter) -> (the workshops held, the number of attendances, the journeys that attended)
Quarters = dict[tuple[str, int], tuple[set[int], int, set[int]]]


def _quarters(bind: Bind, year: int, places: Places) -> Quarters:
    """Per partner and quarter: the workshops held, the attendances and the journeys that attended."""
    start, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    quarter = quarter_of(Workshop.starts_at, year)
    stmt = (
        select(Workshop.centre_id, quarter, Workshop.id, WorkshopAttendance.journey_id)
        .join(WorkshopAttendance.TABLE, WorkshopAttendance.workshop_id == Workshop.id)
        .where(Workshop.starts_at >= start, Workshop.starts_at < end)
    )
    found: dict[tuple[str, int], tuple[set[int], list[int], set[int]]] = defaultdict(lambda: (set(), [0], set()))
    for centre, q, workshop_id, journey_id in rows(bind, stmt):
        info = places.centres.get(centre)
        if info is None:
            continue
        held, attendances, people = found[(info.partner, int(q))]
        held.add(int(workshop_id))
        attendances[0] += 1
        people.add(int(journey_id))
    return {key: (held, attendances[0], people) for key, (held, attendances, people) in found.items()}


def counts(bind: Bind, year: int, places: Places) -> dict[tuple[str, int], dict[str, int]]:
    """(partner, quarter 1..4) -> key -> count, for the workshops that started in the year."""
    return {key: {"workshops_held": len(held), "attendances": attendances, "people_reached": len(people)}
            for key, (held, attendances, people) in _quarters(bind, year, places).items()}


def distinct(bind: Bind, year: int, places: Places) -> dict[tuple[str, int], dict[str, set[int]]]:
    """(partner, quarter 1..4) -> key of DISTINCT -> the journeys' ids (never shown: only their number is)."""
    return {key: {"people_reached": people} for key, (_held, _n, people) in _quarters(bind, year, places).items()}


# --- the breakdown by topic (issue 18) ------------------------------------------------------------------------------

TOPIC_TITLE = N_("Group workshops by topic")
TOPIC_KEYS: tuple[str, ...] = ("workshops_held", "attendances")
TOTAL = ""  # the topic key of a partner's total row


def topic_counts(bind: Bind, year: int, quarter: int, places: Places) -> dict[tuple[str, str], tuple[int, int]]:
    """(partner, topic) -> (workshops held, attendances) in the quarter, counted as `counts` counts them."""
    start = datetime(year, 3 * quarter - 2, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC) if quarter == 4 else datetime(year, 3 * quarter + 1, 1, tzinfo=UTC)
    stmt = (
        select(Workshop.centre_id, Workshop.topic, Workshop.id, WorkshopAttendance.journey_id)
        .join(WorkshopAttendance.TABLE, WorkshopAttendance.workshop_id == Workshop.id)
        .where(Workshop.starts_at >= start, Workshop.starts_at < end)
    )
    held: dict[tuple[str, str], set[int]] = defaultdict(set)
    attendances: dict[tuple[str, str], int] = defaultdict(int)
    for centre, topic, workshop_id, _journey in rows(bind, stmt):
        info = places.centres.get(centre)
        if info is None:
            continue
        held[(info.partner, str(topic))].add(int(workshop_id))
        attendances[(info.partner, str(topic))] += 1
    return {key: (len(held[key]), attendances[key]) for key in held}


WITH = "with"  # the reason of a topic's workshops held hidden with its attendances


def topic_breakdown(bind: Bind, year: int, quarter: int, places: Places, topics: Sequence[str], k: int,
                    earlier: Earlier = ()) -> Breakdown:
    """Per partner: a row per topic (`topics`, the guide's, in their order) and the partner's total row (the
    results report's figures, fixed), a column per TOPIC_KEYS.

    The attendances are counts of people: protected (skills_audit.breakdown), a partner with fewer than k
    attendances in the quarter a small group whose every topic is hidden, zeros included. The workshops held are
    activity, but a topic's number of workshops tells the least its attendances can be (each had someone): it is
    shown only beside its attendances, and hidden with them (reason WITH) where they are hidden."""
    found = topic_counts(bind, year, quarter, places)
    known = list(topics) + sorted({t for _p, t in found if t not in topics})
    attendances: dict[tuple[Row, str], int] = {((p, t), "attendances"): n for (p, t), (_h, n) in found.items()}
    shown: list[Row] = []
    sums: list[tuple[Row, tuple[Row, ...]]] = []
    groups = []
    for partner in places.partners():
        parts = tuple((partner, t) for t in known)
        shown += [*parts, (partner, TOTAL)]
        sums.append(((partner, TOTAL), parts))
        groups.append(Group(((partner, TOTAL), "attendances"), tuple((part, "attendances") for part in parts)))
    protected = protected_table(f"{year}-Q{quarter}", k, shown, ("attendances",), attendances, sums,
                                fixed_rows=[(p, TOTAL) for p in places.partners()], groups=groups, earlier=earlier)
    cells = dict(protected.cells)
    held_total: dict[str, int] = defaultdict(int)
    for (partner, _topic), (held, _n) in found.items():
        held_total[partner] += held
    for row in shown:
        assert isinstance(row, tuple)
        partner, topic = row
        if topic == TOTAL:
            cells[(row, "workshops_held")] = Shown(held_total.get(partner, 0))
        elif cells[(row, "attendances")].value is None:
            cells[(row, "workshops_held")] = Shown(None, WITH)
        else:
            cells[(row, "workshops_held")] = Shown(found.get((partner, topic), (0, 0))[0])
    return replace(protected, columns=TOPIC_KEYS, cells=cells)
