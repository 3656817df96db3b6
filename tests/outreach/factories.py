"""Outreach tallies for tests, stored as they are (no checks: guide.outreach.service.seed)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from guide.core.db import writing
from guide.outreach.service import seed


def add_tallies(db: Session, *rows: tuple[str, date, str, int]) -> None:
    """(centre, day, kind, count) rows, in one unit of work."""
    with writing(db):
        seed(db, rows)
