"""Releases: the protected table of a period, stored once, and every report of that period cut from it.

A period is released once: after it has ended, or before that on an analyst's explicit choice (an interim figure,
`interim=True`). The release stores every published figure as shown (a number, or "hidden" with its reason), the
employers' levels and surveys as they were, and whether each place had anyone (a fact about nobody); never a hidden
count. The pages, downloads and command-line exports of a period read its release and nothing else (a period not
released shows no figure), so a new take, a "Delete my data" or a new employer's survey changes no published figure,
and two downloads can never be subtracted.

A second release of a period is refused (it would have to be protected together with the first, which this module
does not do yet: issue 13); so is a release of an open period without the interim choice and one of a period with
no data. Services never commit: the caller opens `with writing(session):`.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from guide.core.i18n import N_
from guide.core.messages import Message
from skills_audit.aggregate import (
    ALL_PLACES,
    ALL_SECTORS,
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
from skills_audit.framework import Framework
from skills_audit.models import AuditRelease
from skills_audit.places import Places
from skills_audit.protection import Protection

FORMAT = 1  # the layout of AuditRelease.figures


@dataclass(frozen=True)
class ReleaseInfo:
    made_at: datetime
    interim: bool


def find_release(bind: Bind, period: Period) -> AuditRelease | None:
    if isinstance(bind, Session):
        return bind.exec(select(AuditRelease).where(col(AuditRelease.period) == period.label)).first()
    with Session(bind) as session:
        return session.exec(select(AuditRelease).where(col(AuditRelease.period) == period.label)).first()


def make_release(
    session: Session,
    period_text: str,
    kind: PeriodKind,
    places: Places,
    framework: Framework,
    k: int,
    now: datetime,
    interim: bool = False,
) -> AuditRelease:
    """Protect the period's table and store it; AuditError (nothing stored) for a period of the wrong kind, one
    that has not ended without `interim`, one released already, one with no data, or no protection found."""
    period = report_period(period_text, kind)
    if period.end > now and not interim:
        raise AuditError(
            Message(N_("%(period)s has not ended yet. To publish its figures so far, choose an interim release."),
                    {"period": period.label})
        )
    if find_release(session, period) is not None:
        raise AuditError(already_released(period))
    cube = build_cube(session, period, places, framework, k)
    if cube.total_respondents() == 0:
        raise AuditError(no_one_answered(period))
    interim = interim and period.end > now  # "interim": released before the period ended, not so once it has
    release = AuditRelease(period=period.label, interim=interim, k=k, figures=json.dumps(_figures(cube)), made_at=now)
    try:
        with session.begin_nested():  # a release made meanwhile fails here, on the period's unique constraint
            session.add(release)
    except IntegrityError as exc:
        raise AuditError(already_released(period)) from exc
    return release


def already_released(period: Period) -> Message:
    return Message(N_("%(period)s has been released already. A released period stays as it was released."),
                   {"period": period.label})


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


def released_cube(bind: Bind, period: Period, places: Places) -> tuple[Cube, ReleaseInfo] | None:
    """The period's table as released, or None when it has not been released."""
    release = find_release(bind, period)
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
    return cube, ReleaseInfo(made_at=release.made_at, interim=release.interim)
