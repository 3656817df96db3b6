"""Where people stop (issue 15): per centre and quarter, of the journeys started in the quarter, how many reached
each step (a step counts as reached when it has progress, in progress or completed), the median days from the step
before, and how many have been quiet for 30 days (no activity since: journey.last_activity_at), with each partner's
centres and the whole programme added up (the rows of skills_audit.barrier_map).

The counts of people go through skills_audit.breakdown (skills_audit.protection): counts under k hidden, and no
hidden count recoverable from a total and the figures beside it. A median describes a group of people too: it is
shown only where the step's count is shown and the people it is the median of (those who reached the step and the
one before) are k or more; otherwise it is hidden, never shown for a hidden group.

The days to a step: from the start of the journey for step 1, from the step before for the others, as the days
between the last changes of the two steps' progress (the progress keeps no earlier time); a step done before the
one before it counts 0 days. Only the ids, centres and times of the quarter's journeys are loaded, nothing a person
wrote.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from statistics import median_low

from sqlalchemy import select

from guide.core.i18n import N_
from guide.core.timeutil import as_utc
from skills_audit.aggregate import Bind, parse_period, rows
from skills_audit.barrier_map import map_rows
from skills_audit.breakdown import Breakdown, Earlier, Row, Shown, protected_table
from skills_audit.framework import STEP_COUNT
from skills_audit.places import Places
from skills_audit.sources import Journey, StepProgress

TITLE = N_("How far people got")
MEDIAN_TITLE = N_("Median days from the step before")
QUIET_DAYS = 30
QUIET = "quiet"
STEPS: tuple[str, ...] = tuple(f"step_{n}" for n in range(1, STEP_COUNT + 1))
COLUMNS: tuple[str, ...] = (*STEPS, QUIET)
SMALL, HIDDEN_COUNT = "small", "count"  # why a median is hidden: its group is under k, or the step's count is hidden


@dataclass(frozen=True)
class Median:
    """A median as published: the days, or None with why it is hidden (SMALL or HIDDEN_COUNT); None and no reason
    when nobody reached the step from the one before."""

    days: int | None
    reason: str | None = None


@dataclass(frozen=True)
class Stops:
    counts: Breakdown  # rows of map_rows, COLUMNS
    medians: Mapping[tuple[Row, str], Median]  # (row, a step of STEPS) -> its median

    def median(self, row: Row, step: str) -> Median:
        return self.medians[(row, step)]


@dataclass
class _Journey:
    centre: str
    started: datetime
    quiet: bool
    steps: dict[int, datetime]


def _journeys(bind: Bind, period_label: str, now: datetime) -> list[_Journey]:
    """The journeys started in the period with their steps' last changes (ids, centres and times only)."""
    period = parse_period(period_label)
    stmt = (
        select(Journey.id, Journey.centre_id, Journey.created_at, Journey.last_activity_at, StepProgress.step,
               StepProgress.updated_at)
        .select_from(Journey.TABLE.outerjoin(StepProgress.TABLE, StepProgress.journey_id == Journey.id))
        .where(Journey.created_at >= period.start, Journey.created_at < period.end)
    )
    quiet_since = now - timedelta(days=QUIET_DAYS)
    found: dict[int, _Journey] = {}
    for journey_id, centre, started, last_activity, step, updated in rows(bind, stmt):
        journey = found.get(journey_id)
        if journey is None:
            journey = found[journey_id] = _Journey(str(centre), as_utc(started),
                                                   as_utc(last_activity) < quiet_since, {})
        if step is not None and 1 <= step <= STEP_COUNT:
            journey.steps[int(step)] = as_utc(updated)
    return list(found.values())


def _days(earlier: datetime, later: datetime) -> int:
    return max(0, (later - earlier) // timedelta(days=1))


def stops(bind: Bind, period_label: str, places: Places, k: int, now: datetime, earlier: Earlier = ()) -> Stops:
    """The protected table of a quarter (or a year) and its medians; `now` decides who has been quiet."""
    values: dict[tuple[Row, str], int] = defaultdict(int)
    days: dict[tuple[str, int], list[int]] = defaultdict(list)  # (centre, step) -> days from the step before
    for journey in _journeys(bind, period_label, now):
        if journey.centre not in places.centres:
            continue
        centre: Row = ("centre", journey.centre)
        values[(centre, QUIET)] += journey.quiet
        for step, reached in journey.steps.items():
            values[(centre, f"step_{step}")] += 1
            before = journey.started if step == 1 else journey.steps.get(step - 1)
            if before is not None:
                days[(journey.centre, step)].append(_days(before, reached))
    shown, sums = map_rows(places)
    table = protected_table(period_label, k, shown, COLUMNS, values, sums, earlier=earlier)
    parts: dict[Row, tuple[str, ...]] = {row: (row[1],) for row in shown if isinstance(row, tuple)
                                         and row[0] == "centre"}
    for total, members in sums:
        parts[total] = tuple(str(member[1]) for member in members if isinstance(member, tuple))
    medians: dict[tuple[Row, str], Median] = {}
    for row in shown:
        for step in range(1, STEP_COUNT + 1):
            group = [d for centre in parts[row] for d in days.get((centre, step), ())]
            column = f"step_{step}"
            if not group:
                medians[(row, column)] = Median(None)
            elif table.cell(row, column).value is None:
                medians[(row, column)] = Median(None, HIDDEN_COUNT)
            elif len(group) < k:
                medians[(row, column)] = Median(None, SMALL)
            else:
                medians[(row, column)] = Median(median_low(group))
    return Stops(table, medians)


COUNTS, MEDIANS = "counts", "medians"  # the tables of a release of where people stop


def as_tables(found: Stops) -> dict[str, Breakdown]:
    """The counts and the medians as two tables, for a release (skills_audit.releases): a median is a figure as
    shown (its days, or None with why it is hidden, or None and no reason for nobody)."""
    table = found.counts
    medians = {key: Shown(median.days, median.reason) for key, median in found.medians.items()}
    return {COUNTS: table, MEDIANS: replace(table, columns=STEPS, cells=medians, relations=())}


def from_tables(tables: Mapping[str, Breakdown]) -> Stops:
    """`as_tables` read back from a release."""
    medians = {key: Median(shown.value, shown.reason) for key, shown in tables[MEDIANS].cells.items()}
    return Stops(tables[COUNTS], medians)
