"""Workshops for tests, stored as they are (no checks: guide.workshops.service.seed)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from guide.core.db import writing
from guide.core.models import utcnow
from guide.core.settings import get_settings
from guide.workshops.models import Workshop
from guide.workshops.service import SeedWorkshop, code_of, seed


def secret() -> str:
    return get_settings().resolved_secret_key()


def add_workshop(db: Session, partner: str = "Medway Council", centre: str = "medway", topic: str = "1",
                 starts_at: datetime | None = None, ends_at: datetime | None = None, language: str = "en",
                 attendees: tuple[int, ...] = ()) -> tuple[int, str]:
    """A workshop open now (started ten minutes ago, for an hour) unless told otherwise; its id and its code."""
    starts_at = starts_at or utcnow() - timedelta(minutes=10)
    ends_at = ends_at or starts_at + timedelta(hours=1)
    with writing(db):
        workshop_id = seed(db, secret(), SeedWorkshop(partner, centre, starts_at, ends_at, topic, language,
                                                      list(attendees)))
    found = db.get(Workshop, workshop_id)
    assert found is not None
    return workshop_id, code_of(secret(), found.code_seed)
