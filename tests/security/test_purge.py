"""Expired sessions, share codes and rate-limit counters are deleted, live ones kept; so are readers' answers older
than TENSTEPS_FEEDBACK_DAYS, with their comments.

The finding: none of them was ever deleted, so the database kept, for ever, when each journey was used, when each
coach signed in and every address's (hashed) failed guesses. `tensteps purge` deletes them, and `tensteps serve`
does it at start and every TENSTEPS_PURGE_INTERVAL_MINUTES.
"""

from __future__ import annotations

import importlib
import sys
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session

from guide import cli
from guide.app import create_app
from guide.core.models import RateLimitHit, utcnow
from guide.core.settings import get_settings
from guide.feedback.models import ReaderFeedback
from guide.journeys.models import Journey
from guide.purge import purge_expired
from guide.sessions.models import BrowserSession, StaffSession
from guide.sharing.models import ShareCode
from tests.conftest import make_staff

LIVE, EXPIRED = "live", "expired"


@pytest.fixture
def rows(db: Session) -> dict[type, set[str]]:
    """Of each kind, rows that have expired and rows still in use; returns the keys expected to stay."""
    settings = get_settings()
    now = utcnow()
    journey = Journey(code_hash="h" * 64, centre_id="medway", locale="en")
    db.add(journey)
    account = make_staff(db, "anna-coach")
    db.flush()
    idle = timedelta(minutes=settings.session_timeout_minutes)
    db.add_all([
        BrowserSession(token_hash="s-live", journey_id=journey.id, last_seen_at=now - idle / 2),
        BrowserSession(token_hash="s-expired", journey_id=journey.id, last_seen_at=now - idle - timedelta(1)),
    ])
    staff_idle = timedelta(minutes=settings.staff_session_timeout_minutes)
    staff_max = timedelta(hours=settings.staff_session_max_hours)
    db.add_all([
        StaffSession(token_hash="t-live", account_id=account.id, created_at=now - staff_max / 2, last_seen_at=now),
        StaffSession(token_hash="t-idle", account_id=account.id, last_seen_at=now - staff_idle - timedelta(1)),
        StaffSession(token_hash="t-too-old", account_id=account.id, created_at=now - staff_max - timedelta(1),
                     last_seen_at=now),  # busy all along, but past the longest a staff session may last
    ])
    db.add_all([
        ShareCode(code_hash="c-live", journey_id=journey.id, expires_at=now + timedelta(minutes=5)),
        ShareCode(code_hash="c-expired", journey_id=journey.id, expires_at=now - timedelta(seconds=1)),
    ])
    longest = max(settings.resume_window_seconds, settings.login_window_seconds, settings.share_code_window_seconds,
                  settings.feedback_window_seconds)
    db.add_all([
        RateLimitHit(key="r-live", window_start=now - timedelta(seconds=60), count=3),
        RateLimitHit(key="r-expired", window_start=now - timedelta(seconds=longest + 1), count=9),
    ])
    kept = timedelta(days=settings.feedback_days)
    db.add_all([
        ReaderFeedback(about="1", locale="fr", revision_id=0, clear="no", comment="f-live",
                       created_at=now - kept + timedelta(hours=1)),
        ReaderFeedback(about="1", locale="fr", revision_id=0, clear="no", comment="f-expired",
                       created_at=now - kept - timedelta(hours=1)),
    ])
    db.commit()
    return {BrowserSession: {"s-live"}, StaffSession: {"t-live"}, ShareCode: {"c-live"}, RateLimitHit: {"r-live"},
            ReaderFeedback: {"f-live"}}


def _left(db: Session) -> dict[type, set[str]]:
    db.rollback()
    return {
        BrowserSession: set(db.exec(select(BrowserSession.token_hash)).scalars()),
        StaffSession: set(db.exec(select(StaffSession.token_hash)).scalars()),
        ShareCode: set(db.exec(select(ShareCode.code_hash)).scalars()),
        RateLimitHit: set(db.exec(select(RateLimitHit.key)).scalars()),
        ReaderFeedback: set(db.exec(select(ReaderFeedback.comment)).scalars()),
    }


def test_expired_rows_go_and_live_ones_stay(db, db_engine, rows) -> None:  # noqa: ANN001
    purged = purge_expired(db_engine, get_settings())
    assert _left(db) == rows
    assert (purged.sessions, purged.staff_sessions, purged.share_codes, purged.rate_limits, purged.feedback) == (
        1, 2, 1, 1, 1)
    assert db.exec(select(func.count()).select_from(Journey)).scalar() == 1  # journeys are never purged


def test_tensteps_purge(db, db_engine, rows, monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setattr(cli, "_engine", lambda: db_engine)
    assert cli.main(["purge"]) == 0
    assert _left(db) == rows
    out = capsys.readouterr().out
    assert ("1 expired session(s), 2 staff session(s), 1 share code(s), 1 rate-limit counter(s) and 1 reader "
            "feedback answer(s)") in out


def test_the_server_purges_at_start(db, db_engine, rows) -> None:  # noqa: ANN001
    with TestClient(create_app(db_engine, purge_every_seconds=3600)):
        assert _left(db) == rows


def test_an_app_built_by_tests_or_tools_does_not_purge(db, db_engine, rows) -> None:  # noqa: ANN001
    with TestClient(create_app(db_engine)):
        assert _left(db)[ShareCode] == {"c-live", "c-expired"}


def test_the_server_entry_point_purges_every_interval(monkeypatch) -> None:  # noqa: ANN001
    given: dict[str, object] = {}
    monkeypatch.setattr("guide.app.create_app", lambda **kwargs: given.update(kwargs))
    monkeypatch.setattr(get_settings(), "purge_interval_minutes", 30)
    monkeypatch.delitem(sys.modules, "guide.asgi", raising=False)
    importlib.import_module("guide.asgi")
    monkeypatch.delitem(sys.modules, "guide.asgi")
    assert given == {"purge_every_seconds": 1800}
