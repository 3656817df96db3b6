"""Test data for the audit: journeys with finished self-assessments and employers' surveys, inserted directly."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from sqlmodel import Session

from guide.assessment.models import AssessmentLevel, AssessmentTake
from guide.audit_pages import tables
from guide.audit_pages.places import get_places
from guide.core.db import writing
from guide.journeys.models import Journey
from skills_audit.aggregate import YEAR, PeriodKind
from skills_audit.framework import get_framework
from skills_audit.models import AuditRelease, EmployerRequirement, EmployerSurvey, TableRelease
from skills_audit.places import CentrePlace, Places
from skills_audit.releases import make_release

_codes = itertools.count()
IN_2026 = datetime(2026, 2, 1, 10, 0, tzinfo=UTC)


def respondent(
    db: Session,
    centre: str,
    sector: str | None,
    levels: dict[str, int | None],
    finished_at: datetime | None = IN_2026,
    journey: Journey | None = None,
) -> Journey:
    """A journey (new unless given) with one take finished at `finished_at` (None: unfinished) and these levels."""
    if journey is None:
        journey = Journey(code_hash=f"hash-{next(_codes)}", centre_id=centre, locale="en", sector=sector)
        db.add(journey)
        db.flush()
    take = AssessmentTake(journey_id=journey.id, started_at=IN_2026, finished_at=finished_at)
    db.add(take)
    db.flush()
    db.add_all(AssessmentLevel(take_id=take.id, competence_id=c, level=lv) for c, lv in levels.items())
    db.commit()
    return journey


def survey(
    db: Session,
    region: str,
    sector: str,
    requirements: dict[str, tuple[int, int]],
    vacancies: int = 1,
    surveyed_on: date = date(2026, 1, 15),
    employer: str | None = None,
) -> None:
    row = EmployerSurvey(
        employer_name=employer or f"Employer {next(_codes)}",
        sector=sector,
        region=region,
        surveyed_on=surveyed_on,
        vacancies=vacancies,
    )
    db.add(row)
    db.flush()
    db.add_all(
        EmployerRequirement(survey_id=row.id, competence_id=c, level=lv, importance=imp)
        for c, (lv, imp) in requirements.items()
    )
    db.commit()


def release(db: Session, period: str = "2026", kind: PeriodKind = YEAR, k: int = 5) -> AuditRelease:
    """Release the period now, as an analyst does (interim while it runs): the reports show releases only."""
    with writing(db):
        return make_release(db, period, kind, get_places(), get_framework(), k, datetime.now(UTC), interim=True)


def release_quarter(db: Session, kind: str, period: str, k: int = 5) -> TableRelease:
    """Release a quarter's tables of `kind` (guide.audit_pages.tables) now, as an analyst does (interim while it
    runs): their pages show releases only."""
    with writing(db):
        return tables.release_quarter(db, kind, period, k, datetime.now(UTC), interim=True)


# Three centres of two partners (Partner A has two): the small world of the quarterly breakdowns' tests.
TWO_PARTNERS = Places(
    centres={
        "medway": CentrePlace("medway", "Partner A", "UKJ41", "GB"),
        "great-yarmouth": CentrePlace("great-yarmouth", "Partner A", "UKH15", "GB"),
        "kortrijk": CentrePlace("kortrijk", "Partner B", "BE254", "BE"),
    },
    sectors={},
)
