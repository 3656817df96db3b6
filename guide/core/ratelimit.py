"""Fixed-window rate limits with counters in the database, shared by every worker."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from guide.core.models import RateLimitHit, utcnow
from guide.core.timeutil import as_utc


def _current(db: Session, key: str, window: timedelta, now: datetime) -> RateLimitHit | None:
    row = db.get(RateLimitHit, key)
    if row is not None and as_utc(row.window_start) + window <= now:
        return None
    return row


def is_limited(db: Session, key: str, limit: int, window_seconds: int) -> bool:
    row = _current(db, key, timedelta(seconds=window_seconds), utcnow())
    return row is not None and row.count >= limit


def record_hit(db: Session, key: str, window_seconds: int) -> None:
    """Count one attempt against the key, starting a new window when the old one has passed."""
    now = utcnow()
    for _attempt in range(2):
        row = db.get(RateLimitHit, key)
        if row is None:
            db.add(RateLimitHit(key=key, window_start=now, count=1))
        elif as_utc(row.window_start) + timedelta(seconds=window_seconds) <= now:
            row.window_start, row.count = now, 1
        else:
            row.count += 1
        try:
            db.commit()
            return
        except IntegrityError:  # another worker inserted the same key first: count on its row
            db.rollback()
