"""The job seeker's journey: start, resume, save a step, summarise, delete. No web code here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    DateTime,
    Integer,
    Row,
    String,
    Text,
    bindparam,
    column,
    delete,
    insert,
    update,
)
from sqlalchemy import text as sql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from guide.about.models import JourneyAbout
from guide.assessment.models import AssessmentAnswer, AssessmentLevel, AssessmentTake
from guide.barriers.models import BarrierAnswer
from guide.content.library import STEP_COUNT, Step
from guide.core.codes import generate_code, hash_code, normalise_code
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.core.models import utcnow
from guide.core.timeutil import as_utc
from guide.journeys.models import Answer, ChecklistTick, Journey, StepProgress
from guide.outcomes.service import delete_journey_outcomes
from guide.profile.models import CvDetails, CvEntry, CvLanguage, ProfileItem
from guide.sessions.models import BrowserSession
from guide.sharing.models import ClientView, CoachLink, ShareCode, StepMark
from guide.workshops.models import WorkshopAttendance

NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"
MAX_ANSWER_LENGTH = 5000


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
        try:
            with db.begin_nested():  # flushed here, so a clash undoes this journey only
                db.add(journey)
        except IntegrityError:  # astronomically unlikely clash of codes: draw again
            continue
        db.refresh(journey)
        return journey, code
    raise RuntimeError("could not draw a unique resume code")


def find_journey(db: Session, secret: str, typed_code: str) -> Journey | None:
    normalised = normalise_code(typed_code)
    if normalised is None:
        return None
    return db.exec(select(Journey).where(col(Journey.code_hash) == hash_code(secret, normalised))).first()


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


def _steps_from(rows: Iterable[Row[*tuple[Any, ...]]]) -> dict[int, StepState]:
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
    # On the connection: sqlmodel's Session.exec is typed for select() and DML only, not for textual SQL
    # Read it in reading(), which ends the transaction without expiring the journey (reading its centre again would
    # cost another query).
    steps = _steps_from(db.connection().execute(_PROGRESS_SQL, {"j": journey.id}))
    return Progress(journey=journey, steps=steps)


@dataclass
class StepInput:
    """What a job seeker sent for one step, before it is checked."""

    ticks: set[str]
    answers: dict[str, str]
    sector: str | None = None


class StepInputError(Problems):
    """A step's form that cannot be stored as it is: an answer too long, a sector not in the list."""


def validate_step_input(step: Step, data: StepInput, sector_ids: set[str], asks_sector: bool) -> StepInput:
    errors: dict[str, Message] = {}
    for qid in step.question_ids():
        text = data.answers.get(qid, "")
        if len(text) > MAX_ANSWER_LENGTH:
            errors[f"answer-{qid}"] = Message(N_(
                "Your answer has %(length)s characters. The limit is %(max)s. Make it a bit shorter: "
                "your text is still here."
            ), {"length": len(text), "max": MAX_ANSWER_LENGTH})
    if asks_sector and data.sector and data.sector not in sector_ids:
        errors["sector"] = Message(N_("Choose one of the sectors in the list."))
    if errors:
        raise StepInputError(errors)
    return StepInput(
        ticks=data.ticks & step.item_ids(),  # unknown ids cannot come from our form; they are dropped
        answers={qid: data.answers.get(qid, "").strip() for qid in step.question_ids()},
        sector=data.sector if asks_sector else None,
    )


# save_step's statements, built once: building a statement cost more than running it on SQLite.
_J: BindParameter[int] = bindparam("j")
_S: BindParameter[int] = bindparam("s")
_LOCK_JOURNEY = select(col(Journey.id)).where(col(Journey.id) == _J).with_for_update()
_DELETE_TICKS = delete(ChecklistTick).where(col(ChecklistTick.journey_id) == _J, col(ChecklistTick.step) == _S)
_ANSWERS_OF_STEP = (
    select(col(Answer.question_id), col(Answer.text)).where(col(Answer.journey_id) == _J, col(Answer.step) == _S)
)
_ONE_ANSWER: tuple[ColumnElement[bool], ...] = (
    col(Answer.journey_id) == _J, col(Answer.step) == _S, col(Answer.question_id) == bindparam("q")
)
_DELETE_ANSWER = delete(Answer).where(*_ONE_ANSWER)
_UPDATE_ANSWER = update(Answer).where(*_ONE_ANSWER).values(text=bindparam("new_text"), updated_at=bindparam("now"))
_STEP_STATUS = select(col(StepProgress.status)).where(col(StepProgress.journey_id) == _J, col(StepProgress.step) == _S)
_UPDATE_STATUS = (
    update(StepProgress).where(col(StepProgress.journey_id) == _J, col(StepProgress.step) == _S)
    .values(status=bindparam("new_status"), updated_at=bindparam("now"))
)
_TOUCH_JOURNEY = update(Journey).where(col(Journey.id) == _J).values(last_activity_at=bindparam("now"))
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
                                             "updated_at": now, "centre_id": journey.centre_id}])
    elif status:
        conn.execute(_UPDATE_STATUS, {**key, "new_status": status, "now": now})
    if data.sector is None:
        conn.execute(_TOUCH_JOURNEY, {"j": journey.id, "now": now})
    else:
        conn.execute(_TOUCH_JOURNEY_SECTOR, {"j": journey.id, "now": now, "new_sector": data.sector or None})
        set_committed_value(journey, "sector", data.sector or None)
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
    delete_journey_outcomes(db, jid or 0)  # the outcomes and their check-ins
    take_ids = select(col(AssessmentTake.id)).where(col(AssessmentTake.journey_id) == jid)
    for child in (AssessmentLevel, AssessmentAnswer):  # the self-assessment's takes, answers and levels
        db.exec(delete(child).where(col(child.take_id).in_(take_ids)))
    db.exec(delete(AssessmentTake).where(col(AssessmentTake.journey_id) == jid))
    link_ids = select(col(CoachLink.id)).where(col(CoachLink.journey_id) == jid)
    db.exec(delete(StepMark).where(col(StepMark.link_id).in_(link_ids)))
    for model in (ChecklistTick, Answer, StepProgress, BrowserSession, ShareCode, CoachLink, ClientView, ProfileItem,
                  CvEntry, CvLanguage, CvDetails, WorkshopAttendance, BarrierAnswer, JourneyAbout):
        db.exec(delete(model).where(col(model.journey_id) == jid))
    db.exec(delete(Journey).where(col(Journey.id) == jid))




