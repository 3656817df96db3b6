"""Deleting what has expired: job seekers' and staff sessions, share codes, rate-limit counters, and readers'
feedback older than TENSTEPS_FEEDBACK_DAYS.

An expired row already does nothing (each is checked when it is used), but kept it would pile up for ever and say,
to anyone who reads the database, who was here and when. `tensteps purge` runs this once; `tensteps serve` runs it
at start and every TENSTEPS_PURGE_INTERVAL_MINUTES (see guide.app).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from guide.core import ratelimit
from guide.core.db import writing
from guide.core.models import utcnow
from guide.core.settings import Settings
from guide.feedback.service import purge_old as purge_old_feedback
from guide.sessions.models import BrowserSession, StaffSession
from guide.sessions.service import job_seeker_policy, staff_policy
from guide.sharing.models import ShareCode


@dataclass(frozen=True)
class Purged:
    sessions: int
    staff_sessions: int
    share_codes: int
    rate_limits: int
    feedback: int = 0

    def __str__(self) -> str:
        return (f"deleted {self.sessions} expired session(s), {self.staff_sessions} staff session(s), "
                f"{self.share_codes} share code(s), {self.rate_limits} rate-limit counter(s) and {self.feedback} "
                "reader feedback answer(s)")


def purge_expired(engine: Engine, settings: Settings) -> Purged:
    """Delete every expired row, by the rules that refuse them when they are used (guide.sessions.policy)."""
    now = utcnow()
    job_seekers, staff = job_seeker_policy(settings), staff_policy(settings)
    staff_expired: ColumnElement[bool] = col(StaffSession.last_seen_at) <= now - staff.idle
    if staff.max_age is not None:
        staff_expired = or_(staff_expired, col(StaffSession.created_at) <= now - staff.max_age)
    windows = (settings.resume_window_seconds, settings.login_window_seconds, settings.share_code_window_seconds,
               settings.feedback_window_seconds)
    with Session(engine) as db:
        # One short unit of work each: on SQLite a long one would hold up every writer.
        with writing(db):
            sessions = db.exec(
                delete(BrowserSession).where(col(BrowserSession.last_seen_at) <= now - job_seekers.idle)
            ).rowcount
        with writing(db):
            staff_sessions = db.exec(delete(StaffSession).where(staff_expired)).rowcount
        with writing(db):
            share_codes = db.exec(delete(ShareCode).where(col(ShareCode.expires_at) <= now)).rowcount
        with writing(db):
            rate_limits = ratelimit.purge(db, max(windows))
        with writing(db):
            feedback = purge_old_feedback(db, settings.feedback_days, now)
    return Purged(sessions or 0, staff_sessions or 0, share_codes or 0, rate_limits, feedback)
