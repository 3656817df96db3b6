"""The anonymous map of barriers (issue 16): per centre and quarter, how many people asked for help ("I'd like
help") with each theme of the barriers check, with each partner's centres and the whole programme added up.

A person counts in the quarter their answer about a theme was last changed to "I'd like help" (a coach marking it
as being worked on changes nothing here), once per theme. The journeys are counted by the database only; no answer
is loaded. Everything shown goes through skills_audit.breakdown (skills_audit.protection): counts under k hidden, and
no hidden count recoverable from a total and the figures shown beside it. Where a centre has neighbourhoods, its map
goes one level down (`neighbourhood_map`): the people who named each one, and those who did not say, with the
centre's figures as the centre's map shows them (known to a reader, so the protection works around them). The themes
are the guide's (guide.barriers.service.THEMES), handed in by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import distinct, func, select

from guide.core.i18n import N_
from skills_audit.aggregate import Bind, parse_period, rows
from skills_audit.breakdown import Breakdown, Earlier, Row, Shown, protected_table
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


def barrier_map(bind: Bind, period_label: str, places: Places, themes: Sequence[str], k: int,
                earlier: Earlier = ()) -> Breakdown:
    """The protected map of a quarter (or a year): rows of `map_rows`, a column per theme; `earlier`: what earlier
    releases of it showed (skills_audit.breakdown.protected_table)."""
    found = counts(bind, period_label)
    values: dict[tuple[Row, str], int] = {(("centre", centre), theme): n for (centre, theme), n in found.items()
              if centre in places.centres and theme in themes}
    shown, sums = map_rows(places)
    return protected_table(period_label, k, shown, themes, values, sums, earlier=earlier)


NOT_SAID = ""  # the neighbourhood of the people who did not say one (or named one the centre no longer has)


def neighbourhood_counts(bind: Bind, period_label: str, centre: str) -> dict[tuple[str, str], int]:
    """(neighbourhood, theme) -> the different people of the centre, as `counts`; "" for those who named none."""
    period = parse_period(period_label)
    stmt = (
        select(Journey.neighbourhood, BarrierAnswer.theme, func.count(distinct(BarrierAnswer.journey_id)))
        .select_from(BarrierAnswer.TABLE.join(Journey.TABLE, Journey.id == BarrierAnswer.journey_id))
        .where(Journey.centre_id == centre, BarrierAnswer.answer == WANT_HELP,
               BarrierAnswer.updated_at >= period.start, BarrierAnswer.updated_at < period.end)
        .group_by(Journey.neighbourhood, BarrierAnswer.theme)
    )
    return {(str(place or NOT_SAID), str(theme)): int(n) for place, theme, n in rows(bind, stmt)}


def neighbourhood_map(bind: Bind, period_label: str, places: Places, centre: str, themes: Sequence[str], k: int,
                      centre_map: Breakdown, earlier: Earlier = ()) -> Breakdown:
    """One centre's map by neighbourhood: a row per neighbourhood, one for the people who did not say, and the
    centre's row, their sum. The centre's figures are those `centre_map` (the map of every centre, same period and
    k) publishes: fixed where it shows them, so no neighbourhood's hidden figure is worked back from them, and
    hidden here wherever it hides them."""
    known = places.centres[centre].neighbourhoods
    found = neighbourhood_counts(bind, period_label, centre)
    values: dict[tuple[Row, str], int] = {}
    for (place, theme), n in found.items():
        if theme in themes:
            row: Row = ("neighbourhood", place if place in known else NOT_SAID)
            values[(row, theme)] = values.get((row, theme), 0) + n
    parts: tuple[Row, ...] = (*(("neighbourhood", n) for n in known), ("neighbourhood", NOT_SAID))
    total: Row = ("centre", centre)
    shown_there = [(total, t) for t in themes if centre_map.cell(total, t).value is not None]
    table = protected_table(period_label, k, (*parts, total), themes, values, [(total, parts)],
                            fixed_cells=shown_there, earlier=earlier)
    cells: dict[tuple[Row, str], Shown] = dict(table.cells)
    for theme in themes:  # the centre's row as its map shows it, never more
        cells[(total, theme)] = centre_map.cell(total, theme)
    return replace(table, cells=cells)
