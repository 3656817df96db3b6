"""Outcomes for tests, stored as they are (no checks: guide.outcomes.service.seed), on journeys made here."""

from __future__ import annotations

import itertools
from datetime import date

from sqlmodel import Session, select

from guide.core.db import writing
from guide.core.models import saved_id, utcnow
from guide.journeys.models import Journey
from guide.outcomes.models import CheckIn
from guide.outcomes.service import seed

_codes = itertools.count()


def journey(db: Session, centre: str = "medway") -> int:
    with writing(db):
        made = Journey(code_hash=f"outcome-hash-{next(_codes)}", centre_id=centre, locale="en")
        db.add(made)
        db.flush()
        return saved_id(made)


def add_outcome(db: Session, journey_id: int, kind: str, started: date, detail: str = "",
                answers: dict[int, str] | None = None) -> int:
    """One outcome; `answers`: due week -> the status its check-in said (a job's)."""
    with writing(db):
        outcome_id = seed(db, [(journey_id, kind, detail, started)])[0]
        for checkin in db.exec(select(CheckIn).where(CheckIn.outcome_id == outcome_id)):
            if answers and checkin.due_week in answers:
                checkin.status, checkin.answered_at = answers[checkin.due_week], utcnow()
                db.add(checkin)
    return outcome_id
