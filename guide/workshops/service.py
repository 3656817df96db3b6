"""Workshops: create, list, close; join, leave and answer the quick poll; the live counts. No web code; never commits.

A workshop belongs to a partner (one of its centres): its coaches, peer helpers and admins see and run only their
own partner's workshops (another partner's is WorkshopNotFound, a 404 at the edge). A participant joins with the
workshop's short code; the attendance row ties a journey to the workshop and holds nothing else of the person.
Every figure the facilitator sees is a count over the workshop's attendees; the poll's answers are shown only once
at least POLL_THRESHOLD have answered, so that no one's answer can be read off the chart.

"Open" follows from the clock, not from a background task: a workshop takes participants from OPENS_BEFORE before
its start until CLOSE_MARGIN after its end, unless it was closed by hand.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Row, bindparam, update
from sqlalchemy import select as core_select  # sqlmodel's select types at most four columns
from sqlalchemy import text as sql
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from guide.content.library import STEP_COUNT, get_library
from guide.core.codes import ALPHABET, keyed_hash
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.core.models import saved_id
from guide.core.timeutil import as_utc
from guide.outreach.service import partner_centres
from guide.workshops.models import Workshop, WorkshopAttendance

ASSESSMENT = "assessment"
BARRIERS = "barriers"  # the barriers check (guide.barriers): what stands in the way, theme by theme
TOPICS: tuple[str, ...] = (*(str(n) for n in range(1, STEP_COUNT + 1)), ASSESSMENT, BARRIERS)
CODE_LENGTH = 6  # 23**6: about 148 million codes, read off a screen and typed on a phone
CLOSE_MARGIN = timedelta(minutes=30)  # a workshop left open closes itself this long after its end
OPENS_BEFORE = timedelta(minutes=30)  # participants may join this long before the start
MAX_REPEAT = 12  # "repeat weekly": at most a quarter's worth of weeks
POLL_THRESHOLD = 3  # the poll's chart shows once this many have answered
POLL_SCALE = (1, 2, 3, 4)
FIELDS = ("centre", "day", "start", "end", "topic", "language", "repeat")  # the form's order, for the error summary


@dataclass(frozen=True)
class WorkshopInput:
    """What was typed, as typed (kept to show again when it will not do)."""

    centre: str = ""
    day: str = ""
    start: str = ""
    end: str = ""
    topic: str = ""
    language: str = ""
    repeat: str = "1"


@dataclass(frozen=True)
class WorkshopRow:
    id: int
    centre_id: str
    starts_at: datetime
    ends_at: datetime
    topic: str
    language: str
    code: str  # made from the row's seed with the app's secret (see code_of)
    closed_at: datetime | None
    series_id: int | None
    poll_open: bool
    is_open: bool


@dataclass(frozen=True)
class WorkshopList:
    upcoming: Sequence[WorkshopRow]  # open now or still to come, soonest first
    past: Sequence[WorkshopRow]  # ended or closed, latest first


@dataclass(frozen=True)
class LiveCounts:
    """What the projector shows: counts over the workshop's attendees only, never who."""

    joined: int
    ticks: dict[str, int]  # checklist item id -> how many attendees ticked it
    finished: int  # attendees who finished the step (or a self-assessment)
    moved_forward: int  # attendees who saved the step (or finished a self-assessment) since they joined
    answered: int  # how many answered the poll
    poll: dict[int, int] | None  # answer -> count, only once `answered` reaches POLL_THRESHOLD


@dataclass(frozen=True)
class Banner:
    """The workshop a journey is in now, for the banner on its pages."""

    workshop_id: int
    centre_id: str
    topic: str
    poll_open: bool
    answered: bool


@dataclass(frozen=True)
class Attended:
    """A workshop in My plan."""

    centre_id: str
    starts_at: datetime
    topic: str


@dataclass(frozen=True)
class Joined:
    workshop_id: int
    again: bool  # the journey had joined this workshop before: nothing new was counted


class WorkshopNotFound(LookupError):
    """No workshop of this id for this partner (another partner's is not theirs to see)."""


# --- codes ------------------------------------------------------------------------------------------------------


def code_of(secret: str, seed: str) -> str:
    """The workshop's code, made from its stored seed with the app's secret: the same code every time it is shown,
    and none without the secret."""
    number = int(keyed_hash(secret, "workshop-code-seed", seed), 16)
    chars = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "".join(chars)


def hash_workshop_code(secret: str, code: str) -> str:
    return keyed_hash(secret, "workshop-code", code)


def normalise_workshop_code(typed: str) -> str | None:
    """The code as made, whatever case or spaces were typed; None when it cannot be a workshop code."""
    raw = "".join(ch for ch in (typed or "") if ch not in " -_.\t").upper()
    if len(raw) != CODE_LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return raw


# --- the staff side ---------------------------------------------------------------------------------------------


def is_open(workshop: Workshop | Row[*tuple[Any, ...]], now: datetime) -> bool:
    if workshop.closed_at is not None:
        return False
    return as_utc(workshop.starts_at) - OPENS_BEFORE <= now < as_utc(workshop.ends_at) + CLOSE_MARGIN


def _time(raw: str) -> time | None:
    try:
        return time.fromisoformat(raw.strip())
    except ValueError:
        return None


def check_workshop(typed: WorkshopInput, centres: Collection[str], languages: Collection[str],
                   now: datetime) -> tuple[str, str, str, list[tuple[datetime, datetime]]]:
    """The centre, topic, language and every (start, end) in UTC of the series, or Problems for every field that
    will not do. Dates and times are the centre's local ones; "in the past" is said by the centre's clock."""
    errors: dict[str, Message] = {}
    centre = get_library().centres.get(typed.centre) if typed.centre in centres else None
    if centre is None:
        errors["centre"] = Message(N_("Choose one of your organisation’s centres."))
    zone = ZoneInfo(centre.timezone if centre else "UTC")
    today = now.astimezone(zone).date()
    day: date | None = None
    try:
        day = date.fromisoformat(typed.day.strip())
    except ValueError:
        errors["day"] = Message(N_("Write the date like 2026-03-15 (year, month, day)."))
    else:
        if day < today:
            errors["day"] = Message(N_("The date is in the past. Choose today or a day to come."))
    start, end = _time(typed.start), _time(typed.end)
    if start is None:
        errors["start"] = Message(N_("Write the start time like 09:30."))
    if end is None:
        errors["end"] = Message(N_("Write the end time like 11:30."))
    elif start is not None and end <= start:
        errors["end"] = Message(N_("The end time is before the start time. Check both times."))
    if typed.topic not in TOPICS:
        errors["topic"] = Message(N_("Choose the topic of the workshop."))
    if typed.language not in languages:
        errors["language"] = Message(N_("Choose the language of the workshop."))
    raw = typed.repeat.strip() or "1"
    repeat = int(raw) if raw.isascii() and raw.isdigit() else 0
    if not 1 <= repeat <= MAX_REPEAT:
        errors["repeat"] = Message(N_("Write a number of weeks from 1 to %(max)s."), {"max": MAX_REPEAT})
    if errors or day is None or start is None or end is None:
        raise Problems(errors)
    times = []
    for week in range(repeat):  # the local day and times each week: a change of summer time keeps the clock time
        local_day = day + timedelta(weeks=week)
        times.append((datetime.combine(local_day, start, zone).astimezone(ZoneInfo("UTC")),
                      datetime.combine(local_day, end, zone).astimezone(ZoneInfo("UTC"))))
    if times[0][1] <= now:
        raise Problems({"end": Message(N_("This time has already passed today. Check the times."))})
    return typed.centre, typed.topic, typed.language, times


def _new_workshop(db: Session, secret: str, workshop: Workshop) -> Workshop:
    """Insert a workshop with a fresh code; a clash of codes (most unlikely) draws again."""
    for _attempt in range(10):
        workshop.code_seed = secrets.token_hex(16)
        workshop.code_hash = hash_workshop_code(secret, code_of(secret, workshop.code_seed))
        try:
            with db.begin_nested():  # flushed here, so a clash undoes this workshop only
                db.add(workshop)
        except IntegrityError:
            continue
        return workshop
    raise RuntimeError("could not draw a unique workshop code")


def create_workshops(db: Session, secret: str, partner: str, typed: WorkshopInput, languages: Collection[str],
                     created_by: int | None, now: datetime) -> int:
    """The workshop (or a weekly series of them) at one of the partner's centres; returns the first one's id.
    Problems (nothing stored) when the input will not do."""
    centre, topic, language, times = check_workshop(typed, partner_centres(partner), languages, now)
    first: Workshop | None = None
    for starts_at, ends_at in times:
        workshop = _new_workshop(db, secret, Workshop(
            partner=partner, centre_id=centre, starts_at=starts_at, ends_at=ends_at, topic=topic, language=language,
            code_seed="", code_hash="", created_by=created_by,
            series_id=saved_id(first) if first is not None else None,
        ))
        if first is None:
            first = workshop
            if len(times) > 1:  # a series is named by its first workshop
                first.series_id = saved_id(first)
                db.add(first)
    db.flush()
    assert first is not None  # noqa: S101 - check_workshop gives at least one time
    return saved_id(first)


def _row(secret: str, workshop: Workshop | Row[*tuple[Any, ...]], now: datetime) -> WorkshopRow:
    return WorkshopRow(
        id=saved_id(workshop), centre_id=workshop.centre_id, starts_at=as_utc(workshop.starts_at),
        ends_at=as_utc(workshop.ends_at), topic=workshop.topic, language=workshop.language,
        code=code_of(secret, workshop.code_seed),
        closed_at=as_utc(workshop.closed_at) if workshop.closed_at else None, series_id=workshop.series_id,
        poll_open=workshop.poll_opened_at is not None, is_open=is_open(workshop, now),
    )


def list_workshops(db: Session, secret: str, partner: str, now: datetime, limit: int = 100) -> WorkshopList:
    """The partner's workshops: those still to come or open now, soonest first, then the latest past ones."""
    mine = col(Workshop.partner) == partner
    still_open = (col(Workshop.closed_at).is_(None)) & (col(Workshop.ends_at) > now - CLOSE_MARGIN)
    upcoming = db.exec(select(Workshop).where(mine, still_open)
                       .order_by(col(Workshop.starts_at), col(Workshop.id)).limit(limit)).all()
    past = db.exec(select(Workshop).where(mine, ~still_open)
                   .order_by(col(Workshop.starts_at).desc(), col(Workshop.id).desc()).limit(limit)).all()
    return WorkshopList([_row(secret, w, now) for w in upcoming], [_row(secret, w, now) for w in past])


def _own(db: Session, partner: str, workshop_id: int) -> Workshop:
    workshop = db.get(Workshop, workshop_id)
    if workshop is None or workshop.partner != partner:
        raise WorkshopNotFound(workshop_id)
    return workshop


_WORKSHOP_SQL = select(Workshop.__table__).where(Workshop.__table__.c.id == bindparam("id"))  # type: ignore[attr-defined]


def get_workshop(db: Session, secret: str, partner: str, workshop_id: int, now: datetime) -> WorkshopRow:
    """One of the partner's workshops; WorkshopNotFound for any other. A row, not the ORM's object: the projector's
    poll reads it every second, and loading the object cost more than the counts (bench/workshops_load.py)."""
    found = db.connection().execute(_WORKSHOP_SQL, {"id": workshop_id}).first()
    if found is None or found.partner != partner:
        raise WorkshopNotFound(workshop_id)
    return _row(secret, found, now)


def close_workshop(db: Session, partner: str, workshop_id: int, now: datetime) -> None:
    """Close one of the partner's workshops now (closing a closed one changes nothing)."""
    workshop = _own(db, partner, workshop_id)
    if workshop.closed_at is None:
        workshop.closed_at = now
        db.add(workshop)
        db.flush()


def open_poll(db: Session, partner: str, workshop_id: int, now: datetime) -> None:
    """Ask the quick poll in one of the partner's workshops (asking again changes nothing)."""
    workshop = _own(db, partner, workshop_id)
    if workshop.poll_opened_at is None:
        workshop.poll_opened_at = now
        db.add(workshop)
        db.flush()


# The counts of live_counts, one statement per kind of topic: each facilitator's screen asks for them every second, so
# they are plain SQL, written once (building the same statement with the ORM's expressions cost twenty times more than
# running it: bench/workshops_load.py). Rows of (kind, key, n); :w the workshop, :s the step.
_ATTENDEES = "SELECT journey_id FROM workshop_attendance WHERE workshop_id = :w"
_JOINED_AND_POLL = """
    SELECT 'joined' AS kind, '' AS key, count(*) AS n FROM workshop_attendance WHERE workshop_id = :w
    UNION ALL
    SELECT 'poll', CAST(poll_answer AS VARCHAR(8)), count(*) FROM workshop_attendance
    WHERE workshop_id = :w AND poll_answer IS NOT NULL GROUP BY poll_answer
"""
_COUNTS_SQL = {
    "step": sql(_JOINED_AND_POLL + f"""
    UNION ALL
    SELECT 'tick', item_id, count(*) FROM checklist_tick WHERE step = :s AND journey_id IN ({_ATTENDEES})
    GROUP BY item_id
    UNION ALL
    SELECT 'finished', '', count(*) FROM step_progress
    WHERE step = :s AND status = 'completed' AND journey_id IN ({_ATTENDEES})
    UNION ALL
    SELECT 'moved', '', count(*) FROM step_progress p JOIN workshop_attendance a ON a.journey_id = p.journey_id
    WHERE a.workshop_id = :w AND p.step = :s AND p.updated_at >= a.joined_at
    """),
    # a take done twice is one person
    ASSESSMENT: sql(_JOINED_AND_POLL + f"""
    UNION ALL
    SELECT 'finished', '', count(DISTINCT journey_id) FROM assessment_take
    WHERE journey_id IN ({_ATTENDEES}) AND finished_at IS NOT NULL
    UNION ALL
    SELECT 'moved', '', count(DISTINCT t.journey_id) FROM assessment_take t
    JOIN workshop_attendance a ON a.journey_id = t.journey_id WHERE a.workshop_id = :w AND t.finished_at >= a.joined_at
    """),
    # how many answered the check, and how many changed an answer since joining: never which answer
    BARRIERS: sql(_JOINED_AND_POLL + f"""
    UNION ALL
    SELECT 'finished', '', count(DISTINCT journey_id) FROM barrier_answer WHERE journey_id IN ({_ATTENDEES})
    UNION ALL
    SELECT 'moved', '', count(DISTINCT b.journey_id) FROM barrier_answer b
    JOIN workshop_attendance a ON a.journey_id = b.journey_id WHERE a.workshop_id = :w AND b.updated_at >= a.joined_at
    """),
}


def live_counts(db: Session, workshop_id: int, topic: str) -> LiveCounts:
    """The counts of the projector view and of the workshop page, over this workshop's attendees only: one
    statement (UNION ALL), as each facilitator's screen asks for them every second."""
    kind_of_topic = topic if topic in (ASSESSMENT, BARRIERS) else "step"
    params = {"w": workshop_id, "s": int(topic) if kind_of_topic == "step" else 0}
    counted: dict[str, int] = {}
    ticks: dict[str, int] = {}
    answers: dict[int, int] = {}  # the poll's answers, 1..4, came as text beside the item ids
    for kind, key, n in db.connection().execute(_COUNTS_SQL[kind_of_topic], params):
        if kind == "tick":
            ticks[key] = int(n)
        elif kind == "poll":
            answers[int(key)] = int(n)
        else:
            counted[kind] = int(n)
    answered = sum(answers.values())
    # Under the threshold the figures are not even handed on: no page can show them by mistake.
    poll = {value: answers.get(value, 0) for value in POLL_SCALE} if answered >= POLL_THRESHOLD else None
    return LiveCounts(counted.get("joined", 0), ticks, counted.get("finished", 0), counted.get("moved", 0),
                      answered, poll)


# --- the participant's side -------------------------------------------------------------------------------------


def find_by_code(db: Session, secret: str, typed: str) -> Workshop | None:
    normalised = normalise_workshop_code(typed)
    if normalised is None:
        return None
    return db.exec(select(Workshop).where(col(Workshop.code_hash) == hash_workshop_code(secret, normalised))).first()


class WrongCode(Problems):
    """No workshop has this code (the attempt counts against the rate limit)."""


def join_workshop(db: Session, secret: str, journey_id: int, typed: str, now: datetime) -> Joined:
    """The journey joins the open workshop of this code. WrongCode when no workshop has it; Problems when its
    workshop is not open (ended, closed, or not yet)."""
    workshop = find_by_code(db, secret, typed)
    if workshop is None:
        raise WrongCode({"code": Message(N_("We did not find this workshop code. Check each letter and number."))})
    if not is_open(workshop, now):
        if now < as_utc(workshop.starts_at):
            raise Problems({"code": Message(N_("This workshop has not started yet. Try again when it begins."))})
        raise Problems({"code": Message(N_("This workshop has ended. You can go on with your steps as usual."))})
    workshop_id = saved_id(workshop)
    existing = db.exec(select(WorkshopAttendance).where(
        col(WorkshopAttendance.workshop_id) == workshop_id, col(WorkshopAttendance.journey_id) == journey_id)).first()
    if existing is not None:
        existing.left_at = None  # back in the room
        db.add(existing)
        db.flush()
        return Joined(workshop_id, again=True)
    try:
        with db.begin_nested():  # two joins at once (a double click): the second finds the first's row
            db.add(WorkshopAttendance(workshop_id=workshop_id, journey_id=journey_id, joined_at=now))
    except IntegrityError:
        return Joined(workshop_id, again=True)
    return Joined(workshop_id, again=False)


def leave_workshop(db: Session, journey_id: int, workshop_id: int, now: datetime) -> None:
    """The banner goes; the attendance stays (the person was there). Leaving a workshop not joined changes nothing."""
    db.exec(update(WorkshopAttendance)
            .where(col(WorkshopAttendance.workshop_id) == workshop_id, col(WorkshopAttendance.journey_id) == journey_id,
                   col(WorkshopAttendance.left_at).is_(None))
            .values(left_at=now))


class PollClosed(LookupError):
    """The journey is not in this workshop, or its poll is not asked: nothing to answer."""


def answer_poll(db: Session, journey_id: int, workshop_id: int, raw: str, now: datetime) -> None:
    """Store the journey's answer to the workshop's poll (a later answer replaces it). Problems when no answer was
    chosen; PollClosed when there is no poll to answer."""
    attendance = db.exec(select(WorkshopAttendance).where(
        col(WorkshopAttendance.workshop_id) == workshop_id, col(WorkshopAttendance.journey_id) == journey_id,
        col(WorkshopAttendance.left_at).is_(None))).first()
    workshop = db.get(Workshop, workshop_id)
    if attendance is None or workshop is None or workshop.poll_opened_at is None or not is_open(workshop, now):
        raise PollClosed(workshop_id)
    value = int(raw) if raw in {str(v) for v in POLL_SCALE} else None
    if value is None:
        raise Problems({"answer": Message(N_("Choose one answer."))})
    attendance.poll_answer = value
    db.add(attendance)
    db.flush()


# Built once, as Core rows: the banner's read runs on every step page of a participant.
_BANNER_SQL = (
    core_select(col(Workshop.id), col(Workshop.centre_id), col(Workshop.topic), col(Workshop.poll_opened_at),
           col(Workshop.closed_at), col(Workshop.starts_at), col(Workshop.ends_at), col(WorkshopAttendance.poll_answer))
    .join(WorkshopAttendance, col(WorkshopAttendance.workshop_id) == col(Workshop.id))
    .where(col(WorkshopAttendance.journey_id) == bindparam("j"), col(WorkshopAttendance.left_at).is_(None),
           col(Workshop.closed_at).is_(None), col(Workshop.ends_at) > bindparam("ends_after"))
    .order_by(col(WorkshopAttendance.joined_at).desc())
)


def current_banner(db: Session, journey_id: int, now: datetime) -> Banner | None:
    """The open workshop the journey is in now (the latest joined), or None."""
    for found in db.connection().execute(_BANNER_SQL, {"j": journey_id, "ends_after": now - CLOSE_MARGIN}):
        if is_open(found, now):
            return Banner(found.id, found.centre_id, found.topic, found.poll_opened_at is not None,
                          found.poll_answer is not None)
    return None


def journey_workshops(db: Session, journey_id: int, now: datetime) -> tuple[Banner | None, list[Attended]]:
    """For My plan, from one read of the journey's attendances: the open workshop it is in now (as current_banner
    finds it) and every workshop it joined, latest first (as attended lists them)."""
    found = db.exec(
        select(Workshop, WorkshopAttendance)
        .join(WorkshopAttendance, col(WorkshopAttendance.workshop_id) == col(Workshop.id))
        .where(col(WorkshopAttendance.journey_id) == journey_id)
        .order_by(col(Workshop.starts_at).desc())
    ).all()
    current = [(w, a) for w, a in found if a.left_at is None and is_open(w, now)]
    banner = None
    if current:
        workshop, attendance = max(current, key=lambda pair: as_utc(pair[1].joined_at))
        banner = Banner(saved_id(workshop), workshop.centre_id, workshop.topic, workshop.poll_opened_at is not None,
                        attendance.poll_answer is not None)
    return banner, [Attended(w.centre_id, as_utc(w.starts_at), w.topic) for w, _a in found]


@dataclass
class SeedWorkshop:
    """A workshop as it is, for the demo and the tests: no checks."""

    partner: str
    centre_id: str
    starts_at: datetime
    ends_at: datetime
    topic: str = "1"
    language: str = "en"
    attendees: list[int] = field(default_factory=list)  # journey ids


def seed(db: Session, secret: str, workshop: SeedWorkshop) -> int:
    made = _new_workshop(db, secret, Workshop(
        partner=workshop.partner, centre_id=workshop.centre_id, starts_at=workshop.starts_at,
        ends_at=workshop.ends_at, topic=workshop.topic, language=workshop.language, code_seed="", code_hash=""))
    workshop_id = saved_id(made)
    db.add_all(WorkshopAttendance(workshop_id=workshop_id, journey_id=j, joined_at=workshop.starts_at)
               for j in workshop.attendees)
    db.flush()
    return workshop_id
