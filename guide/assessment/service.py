"""The soft-skills self-assessment of a journey: takes, answers stored as they are given, scores when a take
finishes. No web code here; the scoring rules themselves live in skills_audit.scoring (the audit reuses them).

A journey has at most one open take (started, not finished) and keeps every finished take with its dates. Each
answer is a row as soon as it is given (value NULL: skipped), so a closed browser loses nothing. Finishing a take
writes one AssessmentLevel row per competence, which is what the employer skills audit aggregates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from guide.assessment.models import AssessmentAnswer, AssessmentLevel, AssessmentTake
from guide.core.models import saved_id, utcnow
from guide.core.timeutil import as_utc
from guide.journeys.models import Journey, StepProgress
from guide.journeys.service import IN_PROGRESS, JourneyFacts
from skills_audit.framework import Framework, get_framework
from skills_audit.scoring import AnswerError, UnknownStatementError, change, check_answer, competence_levels

# The guide's step the self-assessment belongs to: "Confidence and people skills".
STEP = 5

NOT_FOUND, FINISHED, OPEN = "not_found", "finished", "open"
UNKNOWN_STATEMENT, OUT_OF_SCALE = "unknown_statement", "out_of_scale"


class AssessmentError(ValueError):
    """A request the self-assessment cannot accept; `kind` says which (the web layer picks status and words)."""

    def __init__(self, kind: str, take_id: int | None = None) -> None:
        super().__init__(kind)
        self.kind = kind
        self.take_id = take_id


@dataclass(frozen=True)
class TakeResult:
    """A finished take, the level it scored per competence (framework order; None: not enough answers) and the
    answers it was scored from (the result names single statements: see skills_audit.scoring, rule 6)."""

    id: int
    started_at: datetime
    finished_at: datetime
    levels: dict[str, int | None]
    answers: dict[str, int | None]


@dataclass(frozen=True)
class OpenTake:
    """A take that is under way, with the answers given so far (None: skipped)."""

    id: int
    started_at: datetime
    answers: dict[str, int | None]
    next_statement: str | None  # the first statement without an answer; None when every one has been seen

    @property
    def seen_count(self) -> int:
        return len(self.answers)


@dataclass(frozen=True)
class Overview:
    open_take: OpenTake | None
    finished: list[TakeResult]  # oldest first

    @property
    def first(self) -> TakeResult | None:
        return self.finished[0] if self.finished else None

    @property
    def latest(self) -> TakeResult | None:
        return self.finished[-1] if self.finished else None


def _fw(framework: Framework | None) -> Framework:
    return framework if framework is not None else get_framework()


# --- reading -----------------------------------------------------------------------------------


def take_answers(db: Session, take_id: int) -> dict[str, int | None]:
    """The answers of a take, statement id -> value (None: skipped); statements no longer in the framework
    are left out, so an old take still scores."""
    return _answers_by_take(db, [take_id])[take_id]


# The statements of the busiest reads, built once (building a select costs more than running it on SQLite); run on
# the unit of work's connection, as Core rows.
_ANSWERS_SQL = select(
    col(AssessmentAnswer.take_id), col(AssessmentAnswer.statement_id), col(AssessmentAnswer.value)
).where(col(AssessmentAnswer.take_id).in_(bindparam("takes", expanding=True)))
_LEVELS_SQL = select(
    col(AssessmentLevel.take_id), col(AssessmentLevel.competence_id), col(AssessmentLevel.level)
).where(col(AssessmentLevel.take_id).in_(bindparam("takes", expanding=True)))
_TAKES_SQL = (
    select(col(AssessmentTake.id), col(AssessmentTake.started_at), col(AssessmentTake.finished_at))
    .where(col(AssessmentTake.journey_id) == bindparam("journey"))
    .order_by(col(AssessmentTake.id))
)


def _answers_by_take(db: Session, take_ids: list[int]) -> dict[int, dict[str, int | None]]:
    """The answers of several takes in one statement (see take_answers)."""
    found: dict[int, dict[str, int | None]] = {tid: {} for tid in take_ids}
    if not take_ids:
        return found
    fw = get_framework()
    for tid, sid, value in db.connection().execute(_ANSWERS_SQL, {"takes": take_ids}).all():
        if fw.has_statement(sid):
            found[tid][sid] = value
    return found


def next_unanswered(
    answers: dict[str, int | None], after: str | None = None, framework: Framework | None = None
) -> str | None:
    """The first statement without an answer, looking from the one after `after` onwards and then from the start
    (so going back to change an answer leads on to what is still open); None when every statement has been seen."""
    ids = _fw(framework).statement_ids()
    start = ids.index(after) + 1 if after in ids else 0
    for sid in ids[start:] + ids[:start]:
        if sid not in answers:
            return sid
    return None


def previous_statement(statement_id: str, framework: Framework | None = None) -> str | None:
    ids = _fw(framework).statement_ids()
    position = ids.index(statement_id)
    return ids[position - 1] if position > 0 else None


def _levels_by_take(db: Session, take_ids: list[int]) -> dict[int, dict[str, int | None]]:
    fw = get_framework()
    found: dict[int, dict[str, int | None]] = {tid: dict.fromkeys(fw.competence_ids()) for tid in take_ids}
    if not take_ids:
        return found
    for tid, cid, level in db.connection().execute(_LEVELS_SQL, {"takes": take_ids}).all():
        if cid in found[tid]:
            found[tid][cid] = level
    return found


def _journey_takes(db: Session, journey: Journey | JourneyFacts) -> tuple[list[tuple[Any, datetime]], Any | None]:
    """A journey's finished takes (row, end) in the order they ended, and its open take's row (None: none)."""
    takes = db.connection().execute(_TAKES_SQL, {"journey": journey.id}).all()  # (id, started_at, finished_at)
    finished = sorted(((t, as_utc(t.finished_at)) for t in takes if t.finished_at is not None),
                      key=lambda f: (f[1], f[0].id))
    open_takes = [t for t in takes if t.finished_at is None]
    return finished, open_takes[-1] if open_takes else None


def _open_take(row: Any, answers: dict[str, int | None]) -> OpenTake:
    return OpenTake(id=row.id, started_at=as_utc(row.started_at), answers=answers,
                    next_statement=next_unanswered(answers))


def overview(db: Session, journey: Journey | JourneyFacts) -> Overview:
    """The open take (if any) and every finished take of a journey, with their levels."""
    finished, open_row = _journey_takes(db, journey)
    levels = _levels_by_take(db, [t.id for t, _end in finished])
    # The answers of every take in one statement: a journey has a handful of takes, of 28 answers each.
    answers = _answers_by_take(db, [t.id for t, _end in finished] + ([open_row.id] if open_row else []))
    results = [
        TakeResult(id=t.id, started_at=as_utc(t.started_at), finished_at=end, levels=levels[t.id],
                   answers=answers[t.id])
        for t, end in finished
    ]
    return Overview(open_take=_open_take(open_row, answers[open_row.id]) if open_row else None, finished=results)


@dataclass(frozen=True)
class LatestTake:
    """The last finished take, as the self-assessment panel tells it: its end and its answers (for the counts)."""

    id: int
    finished_at: datetime
    answers: dict[str, int | None]


@dataclass(frozen=True)
class PanelFacts:
    """Only what the self-assessment panel shows (task list, step 5): the open take, else the last finished one."""

    open_take: OpenTake | None
    latest: LatestTake | None


def panel_facts(db: Session, journey: Journey | JourneyFacts) -> PanelFacts:
    """The takes, then the answers of the open take and of the last finished one only: no levels, no other take."""
    finished, open_row = _journey_takes(db, journey)
    last = finished[-1] if finished else None
    answers = _answers_by_take(db, [row.id for row in (open_row, last and last[0]) if row is not None])
    return PanelFacts(
        open_take=_open_take(open_row, answers[open_row.id]) if open_row else None,
        latest=LatestTake(last[0].id, last[1], answers[last[0].id]) if last else None,
    )


def get_take(db: Session, journey: Journey | JourneyFacts, take_id: int) -> AssessmentTake:
    """A take of this journey; AssessmentError(NOT_FOUND) for an unknown take or another journey's (the same
    answer for both, so nobody learns which takes exist)."""
    take = db.get(AssessmentTake, take_id)
    if take is None or take.journey_id != journey.id:
        raise AssessmentError(NOT_FOUND, take_id)
    return take


# An open take's answers with the take's owner and end, in one statement (the question and check pages).
_TAKE_AND_ANSWERS_SQL = (
    select(col(AssessmentTake.journey_id), col(AssessmentTake.finished_at), col(AssessmentAnswer.statement_id),
           col(AssessmentAnswer.value))
    .select_from(AssessmentTake)
    .outerjoin(AssessmentAnswer, col(AssessmentAnswer.take_id) == col(AssessmentTake.id))
    .where(col(AssessmentTake.id) == bindparam("take"))
)


def open_take_answers(db: Session, journey: Journey | JourneyFacts, take_id: int) -> dict[str, int | None]:
    """take_answers of a take of this journey that is still open, in one statement: AssessmentError(NOT_FOUND) as
    get_take gives it, AssessmentError(FINISHED) for a finished take."""
    rows = db.connection().execute(_TAKE_AND_ANSWERS_SQL, {"take": take_id}).all()
    if not rows or rows[0].journey_id != journey.id:
        raise AssessmentError(NOT_FOUND, take_id)
    if rows[0].finished_at is not None:
        raise AssessmentError(FINISHED, take_id)
    fw = get_framework()
    return {sid: value for _j, _f, sid, value in rows if sid is not None and fw.has_statement(sid)}


def take_result(db: Session, journey: Journey, take_id: int) -> TakeResult:
    """A finished take with its levels; AssessmentError(NOT_FOUND), or AssessmentError(OPEN) for a take that is
    still under way."""
    take = get_take(db, journey, take_id)
    if take.finished_at is None:
        raise AssessmentError(OPEN, take_id)
    take_id = saved_id(take)
    levels = _levels_by_take(db, [take_id])[take_id]
    answers = take_answers(db, take_id)
    return TakeResult(take_id, as_utc(take.started_at), as_utc(take.finished_at), levels, answers)


def changes_since(first: TakeResult, latest: TakeResult) -> dict[str, int | None]:
    """Per competence: latest level - first level (None when either is missing), in the framework's order."""
    return change(first.levels, latest.levels)


# --- writing -----------------------------------------------------------------------------------


def _touch(db: Session, journey: Journey, now: datetime) -> None:
    journey.last_activity_at = now
    db.add(journey)


def _mark_step_started(db: Session, journey: Journey, now: datetime) -> None:
    """The self-assessment is part of step 5: working on it puts a step that was not started "in progress".
    It never marks the step completed: the step has its own checklist, and the person says when it is done."""
    if db.get(StepProgress, (journey.id, STEP)) is None:
        db.add(StepProgress(journey_id=saved_id(journey), step=STEP, status=IN_PROGRESS, updated_at=now,
                            centre_id=journey.centre_id))


def start_take(db: Session, journey: Journey, now: datetime | None = None) -> AssessmentTake:
    """The journey's open take, or a new one when there is none (a double click does not start two)."""
    found = db.exec(
        select(AssessmentTake)
        .where(col(AssessmentTake.journey_id) == journey.id, col(AssessmentTake.finished_at).is_(None))
        .order_by(col(AssessmentTake.id).desc())
    ).first()
    if found is not None:
        return found
    now = now or utcnow()
    take = AssessmentTake(journey_id=saved_id(journey), started_at=now)
    db.add(take)
    _mark_step_started(db, journey, now)
    _touch(db, journey, now)
    db.flush()
    db.refresh(take)
    return take


def _locked_open_take(db: Session, journey: Journey, take_id: int) -> AssessmentTake:
    # FOR UPDATE (PostgreSQL; SQLite serialises writers anyway): an answer and a finish of the same take
    # cannot interleave, so no answer slips into a take after it was scored.
    take = db.exec(select(AssessmentTake).where(col(AssessmentTake.id) == take_id).with_for_update()).first()
    if take is None or take.journey_id != journey.id:
        raise AssessmentError(NOT_FOUND, take_id)
    if take.finished_at is not None:
        raise AssessmentError(FINISHED, take_id)
    return take


def check_statement(statement_id: str) -> None:
    """AssessmentError(UNKNOWN_STATEMENT) when the framework has no such statement."""
    if not get_framework().has_statement(statement_id):
        raise AssessmentError(UNKNOWN_STATEMENT)


def record_answer(
    db: Session, journey: Journey, take_id: int, statement_id: str, value: int | None, now: datetime | None = None
) -> dict[str, int | None]:
    """Store one answer as given (None: skipped), replacing an earlier answer to the same statement.

    Checks, in this order, and stores nothing when one fails: the take is this journey's (NOT_FOUND), it is
    still open (FINISHED), the statement exists (UNKNOWN_STATEMENT), the value is on the scale (OUT_OF_SCALE).
    Returns the take's answers after the change.
    """
    now = now or utcnow()
    take = _locked_open_take(db, journey, take_id)
    try:
        checked = check_answer(statement_id, value)
    except UnknownStatementError:
        raise AssessmentError(UNKNOWN_STATEMENT, take_id) from None
    except AnswerError:
        raise AssessmentError(OUT_OF_SCALE, take_id) from None
    for attempt in range(2):
        row = db.get(AssessmentAnswer, (take.id, statement_id))
        if row is not None:
            row.value, row.answered_at = checked, now
            break
        try:
            # Flushed at once in a savepoint (the look-up above stays outside it: on SQLite a read inside would pin
            # a snapshot that this write could not build on): a clash undoes this answer only.
            with db.begin_nested():
                db.add(AssessmentAnswer(take_id=saved_id(take), statement_id=statement_id, value=checked,
                                        answered_at=now))
            break
        except IntegrityError:  # the same answer sent twice at once (a double click): store it as an update
            if attempt:
                raise
            take = _locked_open_take(db, journey, take_id)  # still open? (the write lock is ours by now)
    _mark_step_started(db, journey, now)
    _touch(db, journey, now)
    return take_answers(db, take_id)


def finish_take(db: Session, journey: Journey, take_id: int, now: datetime | None = None) -> TakeResult:
    """Score a take and close it: one AssessmentLevel row per competence, written with skills_audit.scoring.
    Finishing a take that is already finished changes nothing and returns its result (a double click)."""
    now = now or utcnow()
    get_take(db, journey, take_id)
    # Only the request whose UPDATE closes the take writes levels; a second, concurrent finish finds it closed.
    closed = db.exec(
        update(AssessmentTake)
        .where(col(AssessmentTake.id) == take_id, col(AssessmentTake.finished_at).is_(None))
        .values(finished_at=now)
    )
    if closed.rowcount == 1:
        levels = competence_levels(take_answers(db, take_id))
        for competence_id, level in levels.items():
            db.add(AssessmentLevel(take_id=take_id, competence_id=competence_id, level=level))
        _mark_step_started(db, journey, now)
        _touch(db, journey, now)
    db.flush()
    db.expire_all()
    return take_result(db, journey, take_id)
