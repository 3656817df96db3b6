"""Releases: the protected table of a period, stored once, and every report of that period cut from it.

A period is released once: after it has ended, or before that on an analyst's explicit choice (an interim figure,
`interim=True`). The release stores every published figure as shown (a number, or "hidden" with its reason), the
employers' levels and surveys as they were, and whether each place had anyone (a fact about nobody); never a hidden
count. The pages, downloads and command-line exports of a period read its release and nothing else (a period not
released shows no figure), so a new take, a "Delete my data" or a new employer's survey changes no published figure,
and two downloads can never be subtracted.

The quarterly breakdown tables about people (skills_audit.breakdown: the barrier map, the workshops by topic, where
people stop, and any later one) are released the same way, per kind and quarter (`make_table_release`): the caller
hands the function that counts and protects the quarter's tables, and the shown tables are stored as published.

A later correction is a new release of the same period (`correction=True`; without it a second release is refused,
so that a form sent twice releases once): numbered 2, 3, ..., every earlier one kept on record and still readable
(`number=`), the newest one served by default. It is protected together with every earlier release of the period,
since the attacker has the union of what was published: the releases share no unknown (each release's hidden
figures are its own variables, tied only by its own sums), so the union's intervals are each release's intervals,
and the figures that tie them are the differences between a figure shown earlier and the same figure now. A
difference of 1 to k-1 is one person (or a few) who joined or deleted their data: the new figure is then hidden and
given an interval like a small count (skills_audit.protection.changed_cells). Only what earlier releases showed is
needed for that, so no hidden count is stored, for any release. A figure an earlier release hid is not made
sensitive again: the difference is then at least as uncertain as that hidden figure was, which holds within one
protected table (the skills audit's whole period is one); the quarterly tables that repeat a figure of another
table (a centre's row of the map by neighbourhood) are protected one table at a time, and that sharing is not
modelled here either. A correction whose changes cannot be hidden is refused (AuditError), nothing stored.

A release of an open period without the interim choice and one of a period with no data are refused too. Services
never commit: the caller opens `with writing(session):`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from guide.core.i18n import N_
from guide.core.messages import Message
from skills_audit.aggregate import (
    ALL_PLACES,
    ALL_SECTORS,
    QUARTER,
    AuditError,
    Bind,
    Cube,
    N,
    Period,
    PeriodKind,
    Requirement,
    Surveys,
    build_cube,
    no_one_answered,
    report_period,
)
from skills_audit.breakdown import Breakdown, CellKey, Earlier, Row, Shown
from skills_audit.framework import Framework
from skills_audit.models import AuditRelease, TableRelease
from skills_audit.places import Places
from skills_audit.protection import Protection

FORMAT = 1  # the layout of AuditRelease.figures
R = TypeVar("R", AuditRelease, TableRelease)


@dataclass(frozen=True)
class ReleaseInfo:
    made_at: datetime
    interim: bool
    number: int = 1  # 1 for the period's first release, 2 for the correction after it, ...
    newest: int = 1  # the number of the period's newest release (the page offers each earlier one)


def _releases(bind: Bind, stmt: Any) -> list[Any]:
    if isinstance(bind, Session):
        return list(bind.exec(stmt).all())
    with Session(bind) as session:
        return list(session.exec(stmt).all())


def period_releases(bind: Bind, period: Period) -> list[AuditRelease]:
    """Every release of the period, the first one first."""
    return _releases(bind, select(AuditRelease).where(col(AuditRelease.period) == period.label)
                     .order_by(col(AuditRelease.number)))


def find_release(bind: Bind, period: Period, number: int | None = None) -> AuditRelease | None:
    """The period's newest release, or the one of that `number`; None when there is none."""
    return _pick(period_releases(bind, period), number)


def _pick(releases: list[R], number: int | None) -> R | None:
    if number is None:
        return releases[-1] if releases else None
    return next((r for r in releases if r.number == number), None)


def _info(release: AuditRelease | TableRelease, newest: int) -> ReleaseInfo:
    return ReleaseInfo(made_at=release.made_at, interim=release.interim, number=release.number, newest=newest)


def make_release(
    session: Session,
    period_text: str,
    kind: PeriodKind,
    places: Places,
    framework: Framework,
    k: int,
    now: datetime,
    interim: bool = False,
    correction: bool = False,
) -> AuditRelease:
    """Protect the period's table and store it; AuditError (nothing stored) for a period of the wrong kind, one
    that has not ended without `interim`, one released already without `correction`, one with no data, or no
    protection found. A `correction` is protected together with every earlier release of the period."""
    period = report_period(period_text, kind)
    _check_ended(period, now, interim)
    if not correction and find_release(session, period) is not None:
        raise AuditError(already_released(period))
    earlier = period_releases(session, period) if correction else []
    cube = build_cube(session, period, places, framework, k, earlier=[_shown_cells(r) for r in earlier])
    if cube.total_respondents() == 0:
        raise AuditError(no_one_answered(period))
    interim = interim and period.end > now  # "interim": released before the period ended, not so once it has
    release = AuditRelease(period=period.label, number=_next_number(earlier), interim=interim, k=k,
                           figures=json.dumps(_figures(cube)), made_at=now)
    _store(session, release, period)
    return release


def _next_number(earlier: list[Any]) -> int:
    return earlier[-1].number + 1 if earlier else 1


def _shown_cells(release: AuditRelease) -> dict[Hashable, int]:
    """The figures a release showed as numbers, by cell (what an attacker holds of it)."""
    return {((kind, place_id), sector, tuple(measure)): value
            for kind, place_id, sector, measure, value, reason in json.loads(release.figures)["cells"]
            if reason is None}


def not_released(period_label: str) -> Message:
    return Message(N_("%(period)s has not been released yet: its figures are shown once an analyst releases the "
                      "period."), {"period": period_label})


def _check_ended(period: Period, now: datetime, interim: bool) -> None:
    if period.end > now and not interim:
        raise AuditError(
            Message(N_("%(period)s has not ended yet. To publish its figures so far, choose an interim release."),
                    {"period": period.label})
        )


def _store(session: Session, release: AuditRelease | TableRelease, period: Period) -> None:
    try:
        with session.begin_nested():  # a release made meanwhile fails here, on the unique constraint
            session.add(release)
    except IntegrityError as exc:
        if release.number == 1:
            raise AuditError(already_released(period)) from exc
        raise AuditError(released_meanwhile(period)) from exc


def already_released(period: Period) -> Message:
    return Message(N_("%(period)s has been released already. A released period stays as it was released."),
                   {"period": period.label})


def no_such_release(period_label: str, number: int | str) -> Message:
    return Message(N_("%(period)s has no release %(number)s."), {"period": period_label, "number": number})


def released_meanwhile(period: Period) -> Message:
    return Message(N_("Another release of %(period)s was made in the meantime. Look at it before you make a new "
                      "one."), {"period": period.label})


def _figures(cube: Cube) -> dict[str, Any]:
    cells = []
    for key in sorted(cube.published, key=repr):
        (kind, place_id), sector, measure = key
        reason = cube.hidden_reason((kind, place_id), sector, measure)
        cells.append([kind, place_id, sector, list(measure), None if reason else cube.values.get(key, 0), reason])
    places = [("region", r) for r in cube.places.regions()] + [("centre", c) for c in cube.centres]
    return {
        "format": FORMAT,
        "competences": list(cube.competences),
        "scale": list(cube.scale),
        "sectors": list(cube.sectors),
        "centres": list(cube.centres),
        "cells": cells,
        "requirements": [
            [*key, r.level, r.importance, r.employers, r.vacancies] for key, r in cube.requirements.items()
        ],
        "surveys": [[*key, s.employers, s.vacancies] for key, s in cube.surveys.items()],
        # whether anyone at all answered, per place: "no one in Kortrijk" is about nobody, and no count is kept
        "people": [[kind, pid] for kind, pid in places if cube.values.get(((kind, pid), ALL_SECTORS, N), 0) > 0],
        "anyone": cube.total_respondents() > 0,
    }


def released_cube(bind: Bind, period: Period, places: Places,
                  number: int | None = None) -> tuple[Cube, ReleaseInfo] | None:
    """The period's table as released (its newest release, or the one of that `number`), or None when there is no
    such release."""
    releases = period_releases(bind, period)
    release = _pick(releases, number)
    if release is None:
        return None
    data = json.loads(release.figures)
    cube = Cube(
        period=period,
        k=release.k,
        places=places,
        competences=tuple(data["competences"]),
        scale=tuple(data["scale"]),
        sectors=tuple(data["sectors"]),
        centres=tuple(data["centres"]),
        requirements={(r, s, c): Requirement(*rest) for r, s, c, *rest in data["requirements"]},
        surveys={(r, s): Surveys(*rest) for r, s, *rest in data["surveys"]},
    )
    primary: set[Hashable] = set()
    for kind, place_id, sector, measure, value, reason in data["cells"]:
        key = ((kind, place_id), sector, tuple(measure))
        cube.published.add(key)
        if reason is None:
            cube.values[key] = value
        else:
            cube.hidden.add(key)
            if reason == "small":
                primary.add(key)
    cube.protection = Protection(hidden=set(cube.hidden), primary=primary)
    cube.people = {(kind, pid) for kind, pid in data["people"]}
    if data["anyone"]:
        cube.people.add(ALL_PLACES)
    return cube, _info(release, releases[-1].number)


# --- the quarterly breakdown tables ---------------------------------------------------------------------------------

# (bind, quarter "2026-Q1", k, now, earlier) -> the quarter's protected tables by name, as the page shows them;
# `earlier`: per table name, what each earlier release of the quarter showed of it (each table passes its own to
# skills_audit.breakdown.protected_table, so that a correction is protected together with them)
EarlierTables = Mapping[str, Earlier]
TableFunction = Callable[[Bind, str, int, datetime, EarlierTables], Mapping[str, Breakdown]]


@dataclass(frozen=True)
class ReleasedTables:
    tables: Mapping[str, Breakdown]
    info: ReleaseInfo
    k: int


def table_releases(bind: Bind, kind: str, period_label: str) -> list[TableRelease]:
    """Every release of the quarter's tables of `kind`, the first one first."""
    stmt = (select(TableRelease).where(col(TableRelease.kind) == kind, col(TableRelease.period) == period_label)
            .order_by(col(TableRelease.number)))
    return _releases(bind, stmt)


def find_table_release(bind: Bind, kind: str, period_label: str, number: int | None = None) -> TableRelease | None:
    """The quarter's newest release of `kind`, or the one of that `number`."""
    return _pick(table_releases(bind, kind, period_label), number)


def make_table_release(session: Session, kind: str, tables: TableFunction, period_text: str, k: int, now: datetime,
                       interim: bool = False, correction: bool = False) -> TableRelease:
    """Protect the quarter's tables of `kind` (counted by `tables`) and store them as shown; AuditError (nothing
    stored) for a quarter that has not ended without `interim`, one released already without `correction`, one
    with no data (every figure a zero), or no protection found. A `correction` is protected together with every
    earlier release of the quarter's tables of `kind`."""
    period = report_period(period_text, QUARTER)
    _check_ended(period, now, interim)
    if not correction and find_table_release(session, kind, period.label) is not None:
        raise AuditError(already_released(period))
    earlier = table_releases(session, kind, period.label) if correction else []
    found = tables(session, period.label, k, now, _shown_tables(earlier))
    if not any(_has_data(table) for table in found.values()):
        raise AuditError(Message(N_("There is nothing to release for %(period)s: no one is counted in it yet."),
                                 {"period": period.label}))
    figures = {"format": FORMAT, "tables": {name: _table_figures(table) for name, table in found.items()}}
    release = TableRelease(kind=kind, period=period.label, number=_next_number(earlier),
                           interim=interim and period.end > now, k=k, figures=json.dumps(figures), made_at=now)
    _store(session, release, period)
    return release


def released_tables(bind: Bind, kind: str, period_label: str, number: int | None = None) -> ReleasedTables | None:
    """The quarter's tables of `kind` as released (the newest release, or the one of that `number`), or None when
    there is no such release."""
    releases = table_releases(bind, kind, period_label)
    release = _pick(releases, number)
    if release is None:
        return None
    data = json.loads(release.figures)
    tables = {name: _table_from(period_label, release.k, table) for name, table in data["tables"].items()}
    return ReleasedTables(tables, _info(release, releases[-1].number), release.k)


def _shown_tables(releases: list[TableRelease]) -> dict[str, list[dict[CellKey, int]]]:
    """Per table name, the figures each release showed as numbers, by cell (what an attacker holds of them)."""
    out: dict[str, list[dict[CellKey, int]]] = {}
    for release in releases:
        for name, table in json.loads(release.figures)["tables"].items():
            out.setdefault(name, []).append({(_row(r), c): value for r, c, value, reason in table["cells"]
                                             if reason is None and value is not None})
    return out


def _has_data(table: Breakdown) -> bool:
    """Whether a figure describes someone: a number above zero, or a hidden one (a zero is never hidden for being
    small, but a table of nothing but zeros describes nobody)."""
    return any(shown.value or shown.reason is not None for shown in table.cells.values())


def _plain(row: Row) -> Any:
    return list(row) if isinstance(row, tuple) else row


def _row(stored: Any) -> Row:
    return tuple(_row(part) for part in stored) if isinstance(stored, list) else stored


def _table_figures(table: Breakdown) -> dict[str, Any]:
    """A table as shown: its rows, columns and total rows, and each figure (a number, or None and why it is
    hidden). The relations between figures are the rows' sums, known from the table: they are not kept."""
    return {
        "rows": [_plain(r) for r in table.rows],
        "columns": list(table.columns),
        "totals": [_plain(r) for r in table.rows if r in table.totals],
        "cells": [[_plain(r), c, table.cells[(r, c)].value, table.cells[(r, c)].reason]
                  for r in table.rows for c in table.columns if (r, c) in table.cells],
    }


def _table_from(period_label: str, k: int, data: Mapping[str, Any]) -> Breakdown:
    cells = {(_row(r), c): Shown(value, reason) for r, c, value, reason in data["cells"]}
    return Breakdown(period_label, k, tuple(_row(r) for r in data["rows"]), tuple(data["columns"]),
                     frozenset(_row(r) for r in data["totals"]), cells)
