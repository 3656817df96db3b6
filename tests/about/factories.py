"""Journeys with answers about the person, outcomes and a partner's switch, written straight to the tables."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlmodel import Session

from guide.about.models import JourneyAbout
from guide.core.db import writing
from guide.journeys.models import Journey
from guide.outcomes.models import Outcome


def people(db: Session, centre: str, n: int, started: datetime, age_band: str | None = None,
           gender: str | None = None, outcomes: tuple[tuple[str, date], ...] = ()) -> list[int]:
    """n journeys at the centre started at `started`, with these answers (None: not answered) and outcomes."""
    made = []
    for _ in range(n):
        with writing(db):
            journey = Journey(code_hash=secrets.token_hex(32), centre_id=centre, locale="en", created_at=started,
                              last_activity_at=started)
            db.add(journey)
            db.flush()
            assert journey.id is not None
            if age_band or gender:
                db.add(JourneyAbout(journey_id=journey.id, age_band=age_band, gender=gender))
            for kind, month in outcomes:
                db.add(Outcome(journey_id=journey.id, centre_id=centre, kind=kind, started_month=month))
        made.append(journey.id)
    return made
