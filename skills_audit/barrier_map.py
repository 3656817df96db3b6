"""The anonymous map of barriers (issue 16): per centre and quarter, how many people asked for help ("I'd like
help") with each theme of the barriers check, with each partner's centres and the whole programme added up.

A person counts in the quarter their answer about a theme was last changed to "I'd like help" (a coach marking it
as being worked on changes nothing here), once per theme. The journeys are counted by the database only; no answer
is loaded. Everything shown goes through skills_audit.breakdown (skills_audit.protection): counts under k hidden, and
no hidden count recoverable from a total and the figures shown beside it. Where a centre has neighbourhoods, its map
goes one level down (`maps`): the people who named each one, and those who did not say, protected in one table with
the map of every centre, so the centre's figures are the same on both and neither map gives away what the other
hides. The themes are the guide's (guide.barriers.service.THEMES), handed in by the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import replace
from typing import cast

from sqlalchemy import distinct, func, select

from guide.core.i18n import N_
from skills_audit.aggregate import Bind, parse_period, rows
from skills_audit.breakdown import Breakdown, CellKey, Earlier, Row, protected_table
from skills_audit.places import Places
from skills_audit.sources import BarrierAnswer, Journey
from skills_audit.suppression import Relation

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


NEIGHBOURHOOD_OF = "neighbourhood of "  # + a centre's id: the joint table's rows of that centre's neighbourhoods


def maps(bind: Bind, period_label: str, places: Places, themes: Sequence[str], k: int, earlier: Earlier = (),
         earlier_by_centre: Mapping[str, Earlier] | None = None) -> tuple[Breakdown, dict[str, Breakdown]]:
    """The map of every centre (`barrier_map`'s rows) and, for each centre with neighbourhoods, its map by
    neighbourhood: a row per neighbourhood, one for the people who did not say, and the centre's row, their sum.
    They are protected as one table: a centre's row is a part of its partner's and the programme's on the first map
    and the sum of its neighbourhoods on the second, so a figure one hides the other must not give away (protected one
    at a time, a centre hidden on the first map was the sum of figures its second showed). `earlier`,
    `earlier_by_centre`: what earlier releases of the maps showed (skills_audit.breakdown.protected_table)."""
    earlier_by_centre = earlier_by_centre or {}
    values: dict[tuple[Row, str], int] = {(("centre", centre), theme): n
                                          for (centre, theme), n in counts(bind, period_label).items()
                                          if centre in places.centres and theme in themes}
    shown, map_sums = map_rows(places)
    rows, sums = list(shown), []
    merged = [dict(release) for release in earlier]
    with_neighbourhoods = [c for c in places.centres.values() if c.neighbourhoods and ("centre", c.id) in shown]
    own = {}  # centre -> its rows as the joint table names them (the kind says whose), in the order shown
    for centre in with_neighbourhoods:
        kind = NEIGHBOURHOOD_OF + centre.id
        for (place, theme), n in neighbourhood_counts(bind, period_label, centre.id).items():
            if theme in themes:
                row: Row = (kind, place if place in centre.neighbourhoods else NOT_SAID)
                values[(row, theme)] = values.get((row, theme), 0) + n
        own[centre.id] = (*((kind, n) for n in centre.neighbourhoods), (kind, NOT_SAID))
        rows += own[centre.id]
        sums.append((("centre", centre.id), own[centre.id]))  # before the partners' sums, which add centres up
        for i, release in enumerate(earlier_by_centre.get(centre.id, ())):
            while len(merged) <= i:
                merged.append({})
            merged[i].update({(_joint(kind, row), theme): n for (row, theme), n in release.items()})
    table = protected_table(period_label, k, rows, themes, values, [*sums, *map_sums], earlier=merged)
    centre_map = _part(table, shown, lambda row: row)
    by_centre = {c: _part(table, (*parts, ("centre", c)), _own) for c, parts in own.items()}
    return centre_map, by_centre


def _joint(kind: str, row: Row) -> Row:
    """A row of a centre's map by neighbourhood as the joint table names it."""
    what, name = cast(tuple[str, str], row)
    return (kind, name) if what == "neighbourhood" else row


def _own(row: Row) -> Row:
    """A row of the joint table as the centre's map by neighbourhood names it."""
    what, name = cast(tuple[str, str], row)
    return ("neighbourhood", name) if what.startswith(NEIGHBOURHOOD_OF) else row


def _part(table: Breakdown, rows: Sequence[Row], name: Callable[[Row], Row]) -> Breakdown:
    """The rows of the joint table that one map shows, named as that map names them, with the sums among them."""
    keep = set(rows)

    def cell(key: Hashable) -> CellKey:
        row, column = cast(CellKey, key)
        return name(row), column

    relations = tuple(
        Relation(cell(r.total), tuple(cell(p) for p in r.parts))
        for r in table.relations if all(cast(CellKey, c)[0] in keep for c in r.cells())
    )
    return replace(table, rows=tuple(name(r) for r in rows),
                   totals=frozenset(name(r) for r in table.totals if r in keep),
                   cells={cell(key): shown for key, shown in table.cells.items() if key[0] in keep},
                   relations=relations)
