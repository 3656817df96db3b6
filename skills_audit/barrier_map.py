"""The anonymous map of barriers (issue 16): per centre and quarter, how many people asked for help ("I'd like
help") with each theme of the barriers check, with each partner's centres and the whole programme added up.

A person counts in the quarter their answer about a theme was last changed to "I'd like help" (a coach marking it
as being worked on changes nothing here), once per theme. The journeys are counted by the database only; no answer
is loaded. Everything shown goes through skills_audit.breakdown (skills_audit.protection): counts under k hidden, and
no hidden count recoverable from a total and the figures shown beside it. Journeys record no neighbourhood, so the
map stops at the centre. The themes are the guide's (guide.barriers.service.THEMES), handed in by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import distinct, func, select

from guide.core.i18n import N_
from skills_audit.aggregate import Bind, parse_period, rows
from skills_audit.breakdown import Breakdown, Row, protected_table
from skills_audit.places import Places
from skills_audit.sources import BarrierAnswer, Journey

TITLE = N_("People who asked for help, by theme")
WANT_HELP = "want_help"  # guide.barriers.service.WANT_HELP
ALL: Row = ("all", "")


def counts(bind: Bind, period_label: str) -> dict[tuple[str, str], int]:
    """(centre, theme) -> the different people whose answer was last changed to "I'd like help" in the period."""
    period = parse_period(period_label)
    stmt = (
        select(Journey.centre_id, BarrierAnswer.theme, func.count(distinct(BarrierAnswer.journey_id)))
        .select_from(BarrierAnswer.TABLE.join(Journey.TABLE, Journey.id == BarrierAnswer.journey_id))
        .where(BarrierAnswer.answer == WANT_HELP, BarrierAnswer.updated_at >= period.start,
               BarrierAnswer.updated_at < period.end)
        .group_by(Journey.centre_id, BarrierAnswer.theme)
    )
    return {(str(centre), str(theme)): int(n) for centre, theme, n in rows(bind, stmt)}


def map_rows(places: Places) -> tuple[tuple[Row, ...], list[tuple[Row, tuple[Row, ...]]]]:
    """The rows in the order shown (each partner's centres, then the partner's total where it has more than one
    centre; the whole programme last) and the sums between them."""
    shown: list[Row] = []
    every_centre: list[Row] = []
    sums: list[tuple[Row, tuple[Row, ...]]] = []
    for partner in places.partners():
        centres: tuple[Row, ...] = tuple(("centre", c) for c in places.centres_of_partner(partner))
        shown += centres
        every_centre += centres
        if len(centres) > 1:
            shown.append(("partner", partner))
            sums.append((("partner", partner), centres))
    shown.append(ALL)
    sums.append((ALL, tuple(every_centre)))
    return tuple(shown), sums


def barrier_map(bind: Bind, period_label: str, places: Places, themes: Sequence[str], k: int) -> Breakdown:
    """The protected map of a quarter (or a year): rows of `map_rows`, a column per theme."""
    found = counts(bind, period_label)
    values: dict[tuple[Row, str], int] = {(("centre", centre), theme): n for (centre, theme), n in found.items()
              if centre in places.centres and theme in themes}
    shown, sums = map_rows(places)
    return protected_table(period_label, k, shown, themes, values, sums)
