"""The job seeker's journey: start, resume, save a step, summarise, delete. No web code here."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import DateTime, Integer, Row, String, Text, bindparam, column, delete, insert, select, update
from sqlalchemy import text as sql
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from guide.assessment.models import AssessmentAnswer, AssessmentLevel, AssessmentTake
from guide.content.library import STEP_COUNT, Step
from guide.core.codes import generate_code, hash_code, keyed_hash, normalise_code
from guide.core.models import utcnow
from guide.core.timeutil import as_utc
from guide.journeys.models import Answer, ChecklistTick, Journey, StepProgress
from guide.sessions.models import BrowserSession
from guide.sharing.models import ClientView, CoachLink, ShareCode, StepMark

NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"
EXPIRED, TOUCH, FRESH = "expired", "touch", "fresh"
MAX_ANSWER_LENGTH = 5000
# Writing last_seen on every page view would make every read a write; a minute's slack is harmless.
SESSION_TOUCH_INTERVAL = timedelta(seconds=60)
# What a request says about the person being there (see session_journey). Only the person keeps a session alive:
# - PRESENT: they said so: "Continue working", or the page telling that they type or click (at most once per
#   touch interval); last_seen_at is written at once.
# - VISIT: a page they opened or a form they sent; last_seen_at is written at most once per touch interval.
# - SAVE: save as you go, which the page sends on its own (a pause in typing, the blur when the time-out warning
#   opens, leaving the page); it never moves last_seen_at, so a save cannot keep a session alive behind the
#   warning. The typing that caused it was already told by a PRESENT request.
PRESENT, VISIT, SAVE = "present", "visit", "save"


@dataclass
class StepState:
    status: str = NOT_STARTED
    ticks: set[str] = field(default_factory=set)
    answers: dict[str, str] = field(default_factory=dict)
    updated_at: datetime | None = None


@dataclass(frozen=True)
class JourneyFacts:
    """What a page reads of a journey, without the ORM: building a model instance costs more than the query."""

    id: int
    centre_id: str
    locale: str
    sector: str | None


@dataclass
class Progress:
    journey: Journey | JourneyFacts
    steps: dict[int, StepState]

    @property
    def completed_count(self) -> int:
        return sum(1 for s in self.steps.values() if s.status == COMPLETED)

    def state(self, step: int) -> StepState:
        return self.steps[step]


def start_journey(db: Session, secret: str, centre_id: str, locale: str) -> tuple[Journey, str]:
    """A new journey and its resume code (returned once, never stored)."""
    for _attempt in range(5):
        code = generate_code()
        journey = Journey(code_hash=hash_code(secret, normalise_code(code) or ""), centre_id=centre_id, locale=locale)
        db.add(journey)
        try:
            db.commit()
        except IntegrityError:  # astronomically unlikely clash of codes: draw again
            db.rollback()
            continue
        db.refresh(journey)
        return journey, code
    raise RuntimeError("could not draw a unique resume code")


def find_journey(db: Session, secret: str, typed_code: str) -> Journey | None:
    normalised = normalise_code(typed_code)
    if normalised is None:
        return None
    return db.exec(select(Journey).where(Journey.code_hash == hash_code(secret, normalised))).scalars().first()


# One round trip for everything a journey page shows; typed columns so SQLite's text dates come back as datetimes.
_PROGRESS_SQL = sql(
    """
    SELECT 's' AS kind, step, status AS key, NULL AS body, updated_at FROM step_progress WHERE journey_id = :j
    UNION ALL
    SELECT 't', step, item_id, NULL, NULL FROM checklist_tick WHERE journey_id = :j
    UNION ALL
    SELECT 'a', step, question_id, text, NULL FROM answer WHERE journey_id = :j
    """
).columns(
    column("kind", String), column("step", Integer), column("key", String), column("body", Text),
    column("updated_at", DateTime(timezone=True)),
)


def _steps_from(rows: Iterable[Row]) -> dict[int, StepState]:
    """Step states from rows of (kind, step, key, body, updated_at), as _PROGRESS_SQL gives them."""
    steps = {n: StepState() for n in range(1, STEP_COUNT + 1)}
    for kind, step, key, body, updated_at, *_rest in rows:
        state = steps.get(step)
        if state is None:
            continue
        if kind == "s":
            state.status, state.updated_at = key, as_utc(updated_at)
        elif kind == "t":
            state.ticks.add(key)
        elif kind == "a":
            state.answers[key] = body
    return steps


def load_progress(db: Session, journey: Journey) -> Progress:
    steps = _steps_from(db.exec(_PROGRESS_SQL, params={"j": journey.id}))
    # Read-only: end the transaction and free the connection before the page is rendered. A commit, not a
    # rollback: a rollback would expire the journey, and reading its centre would cost another query.
    db.commit()
    return Progress(journey=journey, steps=steps)


@dataclass
class StepInput:
    """What a job seeker sent for one step, before it is checked."""

    ticks: set[str]
    answers: dict[str, str]
    sector: str | None = None


class StepInputError(ValueError):
    def __init__(self, errors: dict[str, tuple[str, dict]]) -> None:
        super().__init__("invalid step input")
        # field name -> (message id, variables): the web layer translates them
        self.errors = errors


def validate_step_input(step: Step, data: StepInput, sector_ids: set[str], asks_sector: bool) -> StepInput:
    errors: dict[str, tuple[str, dict]] = {}
    for qid in step.question_ids():
        text = data.answers.get(qid, "")
        if len(text) > MAX_ANSWER_LENGTH:
            errors[f"answer-{qid}"] = ("too_long", {"length": len(text), "max": MAX_ANSWER_LENGTH})
    if asks_sector and data.sector and data.sector not in sector_ids:
        errors["sector"] = ("unknown_sector", {})
    if errors:
        raise StepInputError(errors)
    return StepInput(
        ticks=data.ticks & step.item_ids(),  # unknown ids cannot come from our form; they are dropped
        answers={qid: data.answers.get(qid, "").strip() for qid in step.question_ids()},
        sector=data.sector if asks_sector else None,
    )


# save_step's statements, built once: building a statement cost more than running it on SQLite.
_J, _S = bindparam("j"), bindparam("s")
_LOCK_JOURNEY = select(Journey.id).where(Journey.id == _J).with_for_update()
_DELETE_TICKS = delete(ChecklistTick).where(ChecklistTick.journey_id == _J, ChecklistTick.step == _S)
_ANSWERS_OF_STEP = select(Answer.question_id, Answer.text).where(Answer.journey_id == _J, Answer.step == _S)
_ONE_ANSWER = (Answer.journey_id == _J, Answer.step == _S, Answer.question_id == bindparam("q"))
_DELETE_ANSWER = delete(Answer).where(*_ONE_ANSWER)
_UPDATE_ANSWER = update(Answer).where(*_ONE_ANSWER).values(text=bindparam("new_text"), updated_at=bindparam("now"))
_STEP_STATUS = select(StepProgress.status).where(StepProgress.journey_id == _J, StepProgress.step == _S)
_UPDATE_STATUS = (
    update(StepProgress).where(StepProgress.journey_id == _J, StepProgress.step == _S)
    .values(status=bindparam("new_status"), updated_at=bindparam("now"))
)
_TOUCH_JOURNEY = update(Journey).where(Journey.id == _J).values(last_activity_at=bindparam("now"))
_TOUCH_JOURNEY_SECTOR = _TOUCH_JOURNEY.values(sector=bindparam("new_sector"))


def save_step(
    db: Session, journey: Journey, step: int, data: StepInput, mark: str | None, now: datetime | None = None
) -> StepState:
    """Store the whole state of one step. `mark` is COMPLETED, IN_PROGRESS or None (keep, or start). Returns the
    step's state as stored, so the page need not read it back. `now` is for the demo, which tells a story over
    months.

    Plain SQL statements, not the ORM's unit of work: this is the busiest write (every save as you go), and the
    ORM's bookkeeping cost more than the statements themselves."""
    now = now or utcnow()
    key = {"j": journey.id, "s": step}
    conn = db.connection()
    # Two saves of one step can cross (a save-as-you-go request and the button press): lock the journey's row
    # so they run one after the other, each replacing the step's state whole (SQLite serialises writers anyway).
    conn.execute(_LOCK_JOURNEY, key)
    conn.execute(_DELETE_TICKS, key)
    if data.ticks:
        conn.execute(insert(ChecklistTick), [
            {"journey_id": journey.id, "step": step, "item_id": item_id, "ticked_at": now}
            for item_id in sorted(data.ticks)
        ])
    existing = dict(conn.execute(_ANSWERS_OF_STEP, key).all())
    new_answers = []
    for qid, text in data.answers.items():
        old = existing.get(qid)
        if not text:
            if old is not None:
                conn.execute(_DELETE_ANSWER, {**key, "q": qid})
        elif old is None:
            new_answers.append(
                {"journey_id": journey.id, "step": step, "question_id": qid, "text": text, "updated_at": now}
            )
        elif old != text:  # an unchanged answer keeps the time it was last changed
            conn.execute(_UPDATE_ANSWER, {**key, "q": qid, "new_text": text, "now": now})
    if new_answers:
        conn.execute(insert(Answer), new_answers)
    current = conn.execute(_STEP_STATUS, key).scalar()
    has_content = bool(data.ticks or any(data.answers.values()) or data.sector)
    status = mark or current or (IN_PROGRESS if has_content else None)
    if status and current is None:
        conn.execute(insert(StepProgress), [{"journey_id": journey.id, "step": step, "status": status,
                                             "updated_at": now}])
    elif status:
        conn.execute(_UPDATE_STATUS, {**key, "new_status": status, "now": now})
    if data.sector is None:
        conn.execute(_TOUCH_JOURNEY, {"j": journey.id, "now": now})
    else:
        conn.execute(_TOUCH_JOURNEY_SECTOR, {"j": journey.id, "now": now, "new_sector": data.sector or None})
        set_committed_value(journey, "sector", data.sector or None)
    db.commit()
    set_committed_value(journey, "last_activity_at", now)  # the journey in hand says what is stored
    return StepState(
        status=status or NOT_STARTED,
        ticks=set(data.ticks),
        answers={qid: text for qid, text in data.answers.items() if text},
        updated_at=now if status else None,
    )


def delete_journey(db: Session, journey: Journey) -> None:
    """Erase a journey and everything attached to it (the foreign keys cascade; done by hand too, to be sure)."""
    jid = journey.id
    take_ids = select(AssessmentTake.id).where(AssessmentTake.journey_id == jid)
    for child in (AssessmentLevel, AssessmentAnswer):  # the self-assessment's takes, answers and levels
        db.exec(delete(child).where(child.take_id.in_(take_ids)))
    db.exec(delete(AssessmentTake).where(AssessmentTake.journey_id == jid))
    db.exec(delete(StepMark).where(StepMark.link_id.in_(select(CoachLink.id).where(CoachLink.journey_id == jid))))
    for model in (ChecklistTick, Answer, StepProgress, BrowserSession, ShareCode, CoachLink, ClientView):
        db.exec(delete(model).where(model.journey_id == jid))
    db.exec(delete(Journey).where(Journey.id == jid))
    db.commit()


# --- browser sessions -------------------------------------------------------------------------


def open_session(db: Session, secret: str, journey: Journey) -> str:
    """A new signed-in browser for the journey; returns the cookie token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    db.add(BrowserSession(token_hash=keyed_hash(secret, "session", token), journey_id=journey.id))
    journey.last_activity_at = utcnow()
    db.add(journey)
    db.commit()
    return token


def touch_interval(timeout: timedelta) -> timedelta:
    """How stale last_seen_at may be: a minute, or a tenth of a shorter time-out. The page ends its session this
    much earlier than the time-out (see web.base_context), so it never outlives the server's deadline."""
    return min(SESSION_TOUCH_INTERVAL, timeout / 10)


def session_verdict(last_seen_at: datetime, timeout: timedelta, now: datetime, presence: str = VISIT) -> str:
    """What a session seen last at `last_seen_at` needs now: EXPIRED, TOUCH (write last_seen_at) or FRESH, for a
    request that counts as `presence` (PRESENT, VISIT or SAVE)."""
    seen = as_utc(last_seen_at)
    if seen + timeout <= now:
        return EXPIRED
    if presence == SAVE:
        return FRESH
    return TOUCH if presence == PRESENT or now - seen >= touch_interval(timeout) else FRESH


def session_journey(db: Session, secret: str, token: str, timeout: timedelta, presence: str = VISIT) -> Journey | None:
    """The journey of a live session, touching it as `presence` says (see PRESENT, VISIT, SAVE); None when the token
    is unknown or the session timed out."""
    if not token:
        return None
    found = db.exec(
        select(BrowserSession, Journey)
        .join(Journey, Journey.id == BrowserSession.journey_id)
        .where(BrowserSession.token_hash == keyed_hash(secret, "session", token))
    ).first()
    if found is None:
        db.rollback()  # hand the connection back to the pool at once
        return None
    row, journey = found
    now = utcnow()
    verdict = session_verdict(row.last_seen_at, timeout, now, presence)
    if verdict == EXPIRED:
        db.delete(row)
    elif verdict == TOUCH:
        row.last_seen_at = now
    # End the transaction either way: the connection goes back to the pool before the page is built.
    db.commit()
    return None if verdict == EXPIRED else journey


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
    None for an unknown token. Whether the session is still live is `session_verdict`'s to say."""
    if not token:
        return None
    token_hash = keyed_hash(secret, "session", token)
    rows = conn.execute(_SIGNED_IN_SQL, {"h": token_hash}).all()
    conn.rollback()  # read-only: free the connection at once
    head = next((r for r in rows if r[0] == "j"), None)
    if head is None:
        return None
    journey = JourneyFacts(id=head[1], centre_id=head[2], sector=head[3], locale=head[5])
    return SignedIn(token_hash, head[4], Progress(journey=journey, steps=_steps_from(rows)))


def mark_session_seen(db: Session, token_hash: str, verdict: str) -> None:
    """Act on `session_verdict`: end an expired session, or note that a live one was seen now."""
    if verdict == EXPIRED:
        db.exec(delete(BrowserSession).where(BrowserSession.token_hash == token_hash))
    elif verdict == TOUCH:
        db.exec(update(BrowserSession).where(BrowserSession.token_hash == token_hash).values(last_seen_at=utcnow()))
    db.commit()


def close_session(db: Session, secret: str, token: str) -> None:
    if token:
        db.exec(delete(BrowserSession).where(BrowserSession.token_hash == keyed_hash(secret, "session", token)))
        db.commit()
