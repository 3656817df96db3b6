"""Sessions of job seekers and staff: opened at sign-in, found by the cookie's token (only its keyed hash is stored),
checked against one policy (guide.sessions.policy), touched, and ended. No web code here."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import DateTime, Integer, Row, Select, String, Text, bindparam, column, delete, update
from sqlalchemy import select as core_select  # sqlmodel's select types at most four columns
from sqlalchemy import text as sql
from sqlalchemy.engine import Connection
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, select

from guide.core.codes import keyed_hash
from guide.core.models import saved_id, utcnow
from guide.core.settings import Settings
from guide.journeys.models import Journey
from guide.journeys.service import JourneyFacts, Progress, _steps_from
from guide.sessions.models import BrowserSession, StaffSession
from guide.sessions.policy import EXPIRED, FRESH, TOUCH, VISIT, SessionPolicy
from guide.staff.models import StaffAccount
from guide.staff.service import StaffUser, _scopes

# --- job seekers ------------------------------------------------------------------------------------------------


def open_session(db: Session, secret: str, journey: Journey) -> str:
    """A new signed-in browser for the journey; returns the cookie token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    db.add(BrowserSession(token_hash=keyed_hash(secret, "session", token), journey_id=saved_id(journey)))
    journey.last_activity_at = utcnow()
    db.add(journey)
    return token


def job_seeker_policy(settings: Settings) -> SessionPolicy:
    return SessionPolicy(idle=timedelta(minutes=settings.session_timeout_minutes))


def staff_policy(settings: Settings) -> SessionPolicy:
    return SessionPolicy(idle=timedelta(minutes=settings.staff_session_timeout_minutes),
                         max_age=timedelta(hours=settings.staff_session_max_hours))


# Built once (a select costs more to build than to run on SQLite): the session's last visit and its journey, by the
# token's hash, as Core rows (loading two ORM objects cost more than the statement).
_SESSION_JOURNEY_SQL = (
    core_select(col(BrowserSession.last_seen_at), col(Journey.id), col(Journey.code_hash), col(Journey.centre_id),
           col(Journey.locale), col(Journey.sector), col(Journey.created_at), col(Journey.last_activity_at),
           col(Journey.neighbourhood))
    .join(Journey, col(Journey.id) == col(BrowserSession.journey_id))
    .where(col(BrowserSession.token_hash) == bindparam("h"))
)
_SESSION_USER_SQL = (
    select(StaffSession, StaffAccount)
    .join(StaffAccount, col(StaffAccount.id) == col(StaffSession.account_id))
    .where(col(StaffSession.token_hash) == bindparam("h"))
)
# The same, read only, as Core rows (a projector's poll reads it every second): the account's columns by their names,
# for _staff_user, and the session's times.
_SESSION_USER_READ_SQL: Select[*tuple[Any, ...]] = (
    core_select(col(StaffAccount.id), col(StaffAccount.username), col(StaffAccount.display_name),
                col(StaffAccount.partner), col(StaffAccount.all_partners), col(StaffAccount.disabled_at),
                col(StaffSession.last_seen_at), col(StaffSession.created_at).label("session_created_at"))
    .join(StaffAccount, col(StaffAccount.id) == col(StaffSession.account_id))
    .where(col(StaffSession.token_hash) == bindparam("h"))
)


def session_journey(db: Session, secret: str, token: str, policy: SessionPolicy, presence: str = VISIT
                    ) -> Journey | None:
    """The journey of a live session, touching it as `presence` says (see PRESENT, VISIT, SAVE); None when the token
    is unknown or the session timed out. The journey is the session's own when `db` holds it already, else one made
    from the row, detached: adding it to `db` makes it the stored row, as if loaded."""
    if not token:
        return None
    token_hash = keyed_hash(secret, "session", token)
    db.flush()  # as a query through the ORM would: a session just opened in this unit of work is found
    found = db.connection().execute(_SESSION_JOURNEY_SQL, {"h": token_hash}).first()
    if found is None:
        return None
    last_seen_at, journey_id, code_hash, centre_id, locale, sector, created_at, last_activity_at, neighbourhood = found
    verdict = policy.verdict(last_seen_at, utcnow(), presence)
    mark_session_seen(db, token_hash, verdict)
    if verdict == EXPIRED:
        return None
    held = db.identity_map.get(identity_key(Journey, (journey_id,)))
    if isinstance(held, Journey):
        return held
    journey = Journey(id=journey_id, code_hash=code_hash, centre_id=centre_id, locale=locale, sector=sector,
                      created_at=created_at, last_activity_at=last_activity_at, neighbourhood=neighbourhood)
    make_transient_to_detached(journey)
    return journey


def _apply_policy(db: Session, row: BrowserSession | StaffSession, policy: SessionPolicy, presence: str = VISIT,
                  ended: bool = False) -> bool:
    """Act on the policy's verdict for a session found by its token: delete it when it expired (or is `ended`: its
    owner may no longer sign in), note it seen when the verdict says so. True while the session lives."""
    now = utcnow()
    created_at = row.created_at if isinstance(row, StaffSession) else None
    verdict = EXPIRED if ended else policy.verdict(row.last_seen_at, now, presence, created_at)
    if verdict == EXPIRED:
        db.delete(row)
    elif verdict == TOUCH:
        row.last_seen_at = now
    return verdict != EXPIRED


# The read behind the busiest page: the session, its journey and the journey's progress in one round trip and
# without the ORM. The first row ('j') carries the journey in the same columns: id in `step`, centre in `key`,
# sector in `body`, the session's last_seen_at in `updated_at`, the journey's language in `extra`.
_SIGNED_IN_SQL = sql(
    """
    SELECT 'j' AS kind, j.id AS step, j.centre_id AS key, j.sector AS body, s.last_seen_at AS updated_at,
           j.locale AS extra
      FROM browser_session s JOIN journey j ON j.id = s.journey_id WHERE s.token_hash = :h
    UNION ALL
    SELECT 's', p.step, p.status, NULL, p.updated_at, NULL
      FROM browser_session s JOIN step_progress p ON p.journey_id = s.journey_id WHERE s.token_hash = :h
    UNION ALL
    SELECT 't', t.step, t.item_id, NULL, NULL, NULL
      FROM browser_session s JOIN checklist_tick t ON t.journey_id = s.journey_id WHERE s.token_hash = :h
    UNION ALL
    SELECT 'a', a.step, a.question_id, a.text, NULL, NULL
      FROM browser_session s JOIN answer a ON a.journey_id = s.journey_id WHERE s.token_hash = :h
    """
).columns(
    column("kind", String), column("step", Integer), column("key", String), column("body", Text),
    column("updated_at", DateTime(timezone=True)), column("extra", String),
)


@dataclass
class SignedIn:
    """A session found by its token, with its journey (to read) and that journey's progress."""

    token_hash: str
    last_seen_at: datetime
    progress: Progress

    @property
    def journey(self) -> JourneyFacts:
        return self.progress.journey  # type: ignore[return-value]


def read_signed_in(conn: Connection, secret: str, token: str) -> SignedIn | None:
    """The session of this cookie token and everything a journey page shows, read without writing anything;
    None for an unknown token. Whether the session is still live is the policy's to say."""
    if not token:
        return None
    token_hash = keyed_hash(secret, "session", token)
    rows = conn.execute(_SIGNED_IN_SQL, {"h": token_hash}).all()  # read_db ends the read
    head = next((r for r in rows if r[0] == "j"), None)
    if head is None:
        return None
    journey = JourneyFacts(id=head[1], centre_id=head[2], sector=head[3], locale=head[5])
    return SignedIn(token_hash, head[4], Progress(journey=journey, steps=_steps_from(rows)))


def mark_session_seen(db: Session, token_hash: str, verdict: str) -> None:
    """Act on a policy's verdict: end an expired session, or note that a live one was seen now."""
    if verdict == EXPIRED:
        db.exec(delete(BrowserSession).where(col(BrowserSession.token_hash) == token_hash))
    elif verdict == TOUCH:
        db.exec(
            update(BrowserSession).where(col(BrowserSession.token_hash) == token_hash).values(last_seen_at=utcnow())
        )


def close_session(db: Session, secret: str, token: str) -> None:
    if token:
        db.exec(delete(BrowserSession).where(col(BrowserSession.token_hash) == keyed_hash(secret, "session", token)))


# --- staff -------------------------------------------------------------------------------------------------------




def open_staff_session(db: Session, secret: str, account_id: int) -> str:
    token = secrets.token_urlsafe(32)
    db.add(StaffSession(token_hash=keyed_hash(secret, "staff-session", token), account_id=account_id))
    return token


def _staff_user(db: Session, account: StaffAccount | Row[*tuple[Any, ...]]) -> StaffUser:
    account_id = saved_id(account)
    roles, languages = _scopes(db, [account_id])[account_id]
    return StaffUser(
        id=account_id,
        username=account.username,
        display_name=account.display_name,
        partner=account.partner,
        all_partners=account.all_partners,
        roles=frozenset(roles),
        languages=frozenset(languages),
    )


def session_user(db: Session, secret: str, token: str, policy: SessionPolicy) -> StaffUser | None:
    """The staff member of a live session (touching it); None when unknown, expired or the account is disabled."""
    if not token:
        return None
    found = db.exec(_SESSION_USER_SQL, params={"h": keyed_hash(secret, "staff-session", token)}).first()
    if found is None:
        return None
    row, account = found
    if not _apply_policy(db, row, policy, ended=account.disabled_at is not None):
        return None
    return _staff_user(db, account)


def read_session_user(db: Session, secret: str, token: str, policy: SessionPolicy) -> tuple[StaffUser | None, str]:
    """The staff member of a live session and the policy's verdict, writing nothing: FRESH (the usual answer, at
    most one request a minute is otherwise) needs no unit of work, so a projector's poll never waits for the writer."""
    if not token:
        return None, FRESH
    db.flush()  # as a query through the ORM would
    found = db.connection().execute(_SESSION_USER_READ_SQL, {"h": keyed_hash(secret, "staff-session", token)}).first()
    if found is None:
        return None, FRESH
    verdict = EXPIRED if found.disabled_at is not None else policy.verdict(found.last_seen_at, utcnow(),
                                                                           VISIT, found.session_created_at)
    return (None if verdict == EXPIRED else _staff_user(db, found)), verdict


def close_staff_session(db: Session, secret: str, token: str) -> None:
    if token:
        db.exec(delete(StaffSession).where(col(StaffSession.token_hash) == keyed_hash(secret, "staff-session", token)))

