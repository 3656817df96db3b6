"""Outcomes: record, change and remove a journey's outcomes, and answer the check-ins after a job. No web code;
never commits.

An outcome is anonymous by construction: a kind, a job's hours band and contract, a month, all chosen from lists.
A job, a training or work experience gets three check-ins, due 4, 13 and 26 weeks after the first day of its month;
the person answers them from My plan, and a coach the person shares with sees them (and who asked to talk) and marks
them followed up. A coach the person shares with may also record an outcome for them (through the same functions:
`entered_by` says so) and mark one as checked; the person sees both and can change or remove it.

"Today" is read through `utcnow` of this module, so a test can move the clock (monkeypatch it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Boolean, Date, DateTime, Integer, String, bindparam, column, delete
from sqlalchemy import text as sql
from sqlmodel import Session, col, select

from guide.content.library import get_library
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.core.models import saved_id, utcnow
from guide.core.timeutil import as_utc
from guide.outcomes.models import CheckIn, Outcome

# The kinds, in the order of the form and of the results report (skills_audit.outcome_counts counts them; a test
# checks the two lists agree).
JOB, TRAINING, VOLUNTEERING, WORK_EXPERIENCE, CERTIFICATE, SOMETHING_ELSE = (
    "job", "training", "volunteering", "work_experience", "certificate", "something_else")
KINDS = (JOB, TRAINING, VOLUNTEERING, WORK_EXPERIENCE, CERTIFICATE, SOMETHING_ELSE)
HOURS = ("under_20", "20_30", "over_30")
CONTRACTS = ("temporary", "permanent", "dont_know")
CHECKIN_WEEKS = (4, 13, 26)
CHECKIN_KINDS = (JOB, TRAINING, WORK_EXPERIENCE)  # the kinds with aftercare check-ins
PERSON, COACH = "person", "coach"  # who entered an outcome
ENTERED_BY = (PERSON, COACH)
STILL_THERE, STOPPED, MOVED_ON = "still_there", "stopped", "moved_on"
STATUSES = (STILL_THERE, STOPPED, MOVED_ON)
NOTHING = "nothing"
HARD_THINGS = ("hours", "travel", "childcare", "work", "people", "money", NOTHING)
FIELDS = ("kind", "hours", "contract", "start")  # the flow's order, for the error summary
CHECKIN_FIELDS = ("status", "hard", "coach")
FIRST_YEAR = 2000


@dataclass(frozen=True)
class OutcomeInput:
    """The flow's answers so far, as sent (kept to show again when they will not do)."""

    kind: str = ""
    hours: str = ""
    contract: str = ""
    month: str = ""  # 1..12
    year: str = ""

    @property
    def is_job(self) -> bool:
        return self.kind == JOB


@dataclass(frozen=True)
class CheckInInput:
    status: str = ""
    hard: tuple[str, ...] = ()
    coach: str = ""  # "yes" | "no"


@dataclass(frozen=True)
class CheckInRow:
    id: int
    outcome_id: int
    due_week: int
    due_on: date
    answered_at: datetime | None
    status: str
    hard_things: tuple[str, ...]
    wants_coach: bool
    followed_up_at: datetime | None


@dataclass(frozen=True)
class OutcomeRow:
    id: int
    kind: str
    hours: str
    contract: str
    started_month: date
    ended_at: datetime | None
    checkins: tuple[CheckInRow, ...] = ()
    entered_by: str = PERSON
    checked_at: datetime | None = None

    def as_input(self) -> OutcomeInput:
        return OutcomeInput(self.kind, self.hours, self.contract, str(self.started_month.month),
                            str(self.started_month.year))


class OutcomeNotFound(LookupError):
    """No outcome (or check-in) of this id on this journey: another journey's is not theirs to see."""


class CheckInNotOpen(LookupError):
    """The check-in is not due yet, is answered already, or its job has ended: nothing to ask."""


# --- the clock ------------------------------------------------------------------------------------------------------


def now() -> datetime:
    return utcnow()


def today_at(centre_id: str) -> date:
    """Today's date on the centre's clock (its time zone), as the person sees it."""
    return today_in(get_library().clock(centre_id)[0])


def today_in(timezone: str) -> date:
    """Today's date in the time zone (a page that has the guide at hand: no second look-up of it)."""
    return now().astimezone(ZoneInfo(timezone)).date()


def month_start(day: date) -> date:
    return day.replace(day=1)


def due_on(started_month: date, week: int) -> date:
    return started_month + timedelta(weeks=week)


# --- checking the answers -------------------------------------------------------------------------------------------


def check_kind(typed: OutcomeInput) -> str:
    if typed.kind not in KINDS:
        raise Problems({"kind": Message(N_("Choose what you started."))})
    return typed.kind


def check_hours(typed: OutcomeInput) -> str:
    if typed.hours not in HOURS:
        raise Problems({"hours": Message(N_("Choose how many hours a week you work."))})
    return typed.hours


def check_contract(typed: OutcomeInput) -> str:
    if typed.contract not in CONTRACTS:
        raise Problems({"contract": Message(N_("Choose what kind of contract you have."))})
    return typed.contract


def _number(raw: str, low: int, high: int) -> int | None:
    raw = raw.strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 4:
        return None
    value = int(raw)
    return value if low <= value <= high else None


def check_start(typed: OutcomeInput, journey_started: date, today: date) -> date:
    """The first day of the month it started: not after this month, not before the month the journey started."""
    month, year = _number(typed.month, 1, 12), _number(typed.year, FIRST_YEAR, 9999)
    if month is None or year is None:
        raise Problems({"start": Message(N_("Choose the month and the year it started."))})
    started = date(year, month, 1)
    if started > month_start(today):
        raise Problems({"start": Message(N_("This month is in the future. Choose the month it started."))})
    if started < month_start(journey_started):
        raise Problems({"start": Message(N_(
            "This is before you started the guide. Choose %(month)s or a later month."
        ), {"month": MonthName(month_start(journey_started))})})
    return started


@dataclass(frozen=True)
class MonthName:
    """A month and year in the reader's language ("maart 2026"), for a Message (guide.core.messages.format_value
    words it with str(): the locale is the request's)."""

    month: date

    def __str__(self) -> str:
        from babel.dates import format_skeleton

        from guide.core.i18n import format_locale

        return format_skeleton("yMMMM", self.month, locale=format_locale())


def check_outcome(typed: OutcomeInput, journey_started: date, today: date) -> tuple[str, str, date]:
    """(kind, detail, started month) or Problems for every answer that will not do."""
    errors: dict[str, Message] = {}
    kind = detail = ""
    started = date.min
    checks: list[tuple[str, Callable[[], str]]] = [("kind", lambda: check_kind(typed))]
    if typed.is_job:
        checks += [("hours", lambda: check_hours(typed)), ("contract", lambda: check_contract(typed))]
    values: dict[str, str] = {}
    for name, check in checks:
        try:
            values[name] = check()
        except Problems as exc:
            errors.update(exc.errors)
    try:
        started = check_start(typed, journey_started, today)
    except Problems as exc:
        errors.update(exc.errors)
    if errors:
        raise Problems(errors)
    kind = values["kind"]
    if kind == JOB:
        detail = f"{values['hours']}/{values['contract']}"
    return kind, detail, started


def missing(typed: OutcomeInput) -> str | None:
    """The first question of the flow not answered yet (or answered with something that is not a choice)."""
    if typed.kind not in KINDS:
        return "kind"
    if typed.is_job and typed.hours not in HOURS:
        return "hours"
    if typed.is_job and typed.contract not in CONTRACTS:
        return "contract"
    if _number(typed.month, 1, 12) is None or _number(typed.year, FIRST_YEAR, 9999) is None:
        return "start"
    return None


def check_checkin(typed: CheckInInput) -> tuple[str, tuple[str, ...], bool]:
    errors: dict[str, Message] = {}
    if typed.status not in STATUSES:
        errors["status"] = Message(N_("Choose how it is going."))
    if typed.coach not in ("yes", "no"):
        errors["coach"] = Message(N_("Choose yes or no."))
    if errors:
        raise Problems(errors)
    return typed.status, clean_hard(typed.hard), typed.coach == "yes"


def clean_hard(chosen: Iterable[str]) -> tuple[str, ...]:
    """The hard things chosen, in the list's order; unknown ones dropped, and "nothing" only when nothing else is."""
    picked = tuple(h for h in HARD_THINGS if h in set(chosen))
    return tuple(h for h in picked if h != NOTHING) or picked


# --- storing --------------------------------------------------------------------------------------------------------


def _sync_checkins(db: Session, outcome: Outcome) -> None:
    """A job, a training or work experience has its three check-ins, due from its start month; another kind has
    none."""
    existing = {c.due_week: c for c in db.exec(select(CheckIn).where(col(CheckIn.outcome_id) == outcome.id))}
    if outcome.kind not in CHECKIN_KINDS:
        for old in existing.values():
            db.delete(old)
        return
    for week in CHECKIN_WEEKS:
        found = existing.get(week)
        if found is None:
            db.add(CheckIn(outcome_id=saved_id(outcome), due_week=week, due_on=due_on(outcome.started_month, week)))
        else:
            found.due_on = due_on(outcome.started_month, week)
            db.add(found)


_CENTRE_OF = sql("SELECT centre_id FROM journey WHERE id = :j")


def _centre_of(db: Session, journey_id: int) -> str:
    """The journey's centre, which its outcomes carry for the results report (see Outcome.centre_id)."""
    return str(db.connection().execute(_CENTRE_OF, {"j": journey_id}).scalar_one())


def record_outcome(db: Session, journey_id: int, typed: OutcomeInput, journey_started: date, today: date,
                   entered_by: str = PERSON) -> int:
    """Store one outcome (and its check-ins), entered by the person or by a coach they share with (the caller has
    checked the coach's link); Problems, nothing stored, when the answers will not do."""
    kind, detail, started = check_outcome(typed, journey_started, today)
    outcome = Outcome(journey_id=journey_id, centre_id=_centre_of(db, journey_id), kind=kind, detail=detail,
                      started_month=started, created_at=now(), entered_by=entered_by if entered_by in ENTERED_BY
                      else PERSON)
    db.add(outcome)
    db.flush()
    _sync_checkins(db, outcome)
    db.flush()
    return saved_id(outcome)


def _own(db: Session, journey_id: int, outcome_id: int) -> Outcome:
    outcome = db.get(Outcome, outcome_id)
    if outcome is None or outcome.journey_id != journey_id:
        raise OutcomeNotFound(outcome_id)
    return outcome


def change_outcome(db: Session, journey_id: int, outcome_id: int, typed: OutcomeInput, journey_started: date,
                   today: date) -> None:
    """Change one of the journey's outcomes; its check-ins follow the new start (answers kept). A coach's check is
    of what it said: a real change takes it off."""
    outcome = _own(db, journey_id, outcome_id)
    kind, detail, started = check_outcome(typed, journey_started, today)
    if (outcome.kind, outcome.detail, outcome.started_month) != (kind, detail, started):
        outcome.checked_at = None
    outcome.kind, outcome.detail, outcome.started_month = kind, detail, started
    db.add(outcome)
    db.flush()
    _sync_checkins(db, outcome)
    db.flush()


def mark_checked(db: Session, journey_id: int, outcome_id: int) -> None:
    """A coach the person shares with confirms one of the journey's outcomes (the caller has checked the link);
    OutcomeNotFound for another journey's."""
    outcome = _own(db, journey_id, outcome_id)
    if outcome.checked_at is None:
        outcome.checked_at = now()
        db.add(outcome)
        db.flush()


def delete_outcome(db: Session, journey_id: int, outcome_id: int) -> None:
    _own(db, journey_id, outcome_id)
    db.exec(delete(CheckIn).where(col(CheckIn.outcome_id) == outcome_id))
    db.exec(delete(Outcome).where(col(Outcome.id) == outcome_id))


def delete_journey_outcomes(db: Session, journey_id: int) -> None:
    """Everything of the journey's outcomes (for "Delete my data": the foreign keys cascade too)."""
    ids = select(col(Outcome.id)).where(col(Outcome.journey_id) == journey_id)
    db.exec(delete(CheckIn).where(col(CheckIn.outcome_id).in_(ids)))
    db.exec(delete(Outcome).where(col(Outcome.journey_id) == journey_id))


# --- reading --------------------------------------------------------------------------------------------------------

# The journey's outcomes with their check-ins in one statement; typed columns, so SQLite's text dates come back as
# dates.
_OUTCOMES_SQL = sql(
    """
    SELECT o.id, o.kind, o.detail, o.started_month, o.ended_at, o.entered_by, o.checked_at,
           c.id AS cid, c.due_week, c.due_on, c.answered_at, c.status, c.hard_things, c.wants_coach, c.followed_up_at
    FROM outcome o LEFT JOIN outcome_checkin c ON c.outcome_id = o.id
    WHERE o.journey_id = :j
    ORDER BY o.started_month DESC, o.id DESC, c.due_week
    """
).columns(
    column("id", Integer), column("kind", String), column("detail", String), column("started_month", Date),
    column("ended_at", DateTime(timezone=True)), column("entered_by", String),
    column("checked_at", DateTime(timezone=True)), column("cid", Integer), column("due_week", Integer),
    column("due_on", Date), column("answered_at", DateTime(timezone=True)), column("status", String),
    column("hard_things", String), column("wants_coach", Boolean), column("followed_up_at", DateTime(timezone=True)),
)


def _maybe_utc(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


def journey_outcomes(db: Session, journey_id: int) -> list[OutcomeRow]:
    """The journey's outcomes, latest start first, each with its check-ins (week 4 first)."""
    found: dict[int, OutcomeRow] = {}
    for (oid, kind, detail, started, ended, entered_by, checked, cid, week, due, answered, status, hard, wants,
         followed) in db.connection().execute(_OUTCOMES_SQL, {"j": journey_id}).all():
        row = found.get(oid)
        if row is None:
            hours, _sep, contract = (detail or "").partition("/")
            row = found[oid] = OutcomeRow(oid, kind, hours, contract, started, _maybe_utc(ended),
                                          entered_by=entered_by or PERSON, checked_at=_maybe_utc(checked))
        if cid is not None:
            checkin = CheckInRow(cid, oid, week, due, _maybe_utc(answered), status or "",
                                 tuple((hard or "").split()), bool(wants), _maybe_utc(followed))
            found[oid] = replace(row, checkins=(*row.checkins, checkin))
    return list(found.values())


def open_checkin(outcome: OutcomeRow, today: date) -> CheckInRow | None:
    """The check-in to ask now: the latest one due and not answered, while the job goes on and no later one is
    answered (a person back after months is asked how it is going now, once)."""
    if outcome.ended_at is not None:
        return None
    due = [c for c in outcome.checkins if c.due_on <= today]
    if not due or due[-1].answered_at is not None:
        return None
    return due[-1]


def due_checkins(outcomes: Sequence[OutcomeRow], today: date) -> list[tuple[OutcomeRow, CheckInRow]]:
    return [(o, c) for o in outcomes if (c := open_checkin(o, today)) is not None]


def next_checkin_day(outcomes: Sequence[OutcomeRow], today: date) -> date | None:
    """The day the next check-in falls due, of an outcome that goes on: "come back on" that day."""
    days = [c.due_on for o in outcomes if o.ended_at is None for c in o.checkins
            if c.due_on > today and c.answered_at is None]
    return min(days) if days else None


def checkin_to_answer(db: Session, journey_id: int, checkin_id: int, today: date) -> tuple[OutcomeRow, CheckInRow]:
    """The journey's check-in of this id when it is the one to ask now; OutcomeNotFound or CheckInNotOpen."""
    for outcome in journey_outcomes(db, journey_id):
        for checkin in outcome.checkins:
            if checkin.id == checkin_id:
                if open_checkin(outcome, today) != checkin:
                    raise CheckInNotOpen(checkin_id)
                return outcome, checkin
    raise OutcomeNotFound(checkin_id)


def answer_checkin(db: Session, journey_id: int, checkin_id: int, typed: CheckInInput, today: date) -> None:
    """Store a check-in's answers; a job stopped (or left for something else) ends the outcome, and no later
    check-in is asked. Problems when the answers will not do; OutcomeNotFound, CheckInNotOpen."""
    checkin_to_answer(db, journey_id, checkin_id, today)
    status, hard, wants_coach = check_checkin(typed)
    stored = db.get(CheckIn, checkin_id)
    if stored is None:  # checked just above, in this unit of work
        raise OutcomeNotFound(checkin_id)
    answered = now()
    stored.answered_at, stored.status, stored.hard_things, stored.wants_coach = (
        answered, status, " ".join(hard), wants_coach)
    db.add(stored)
    if status in (STOPPED, MOVED_ON):
        outcome = db.get(Outcome, stored.outcome_id)
        if outcome is not None:
            outcome.ended_at = answered
            db.add(outcome)
    db.flush()


def mark_followed_up(db: Session, journey_id: int, checkin_id: int) -> None:
    """The coach has talked with the person who asked to: a check-in of this journey that asked for a coach."""
    stored = db.get(CheckIn, checkin_id)
    outcome = db.get(Outcome, stored.outcome_id) if stored is not None else None
    if stored is None or outcome is None or outcome.journey_id != journey_id or not stored.wants_coach:
        raise OutcomeNotFound(checkin_id)
    if stored.followed_up_at is None:
        stored.followed_up_at = now()
        db.add(stored)
        db.flush()


# --- the caseload's marks -------------------------------------------------------------------------------------------

# Per journey of a caseload's page, in one statement whatever its size: a check-in to ask now (see open_checkin:
# the latest due, unanswered, of a job that goes on, with no later one answered), and a wish to talk to a coach not
# followed up yet.
_FLAGS_SQL = sql(
    """
    SELECT o.journey_id,
           MAX(CASE WHEN c.answered_at IS NULL AND c.due_on <= :today AND o.ended_at IS NULL
                     AND NOT EXISTS (SELECT 1 FROM outcome_checkin l WHERE l.outcome_id = o.id
                                     AND l.due_week > c.due_week AND l.due_on <= :today)
                    THEN 1 ELSE 0 END) AS due,
           MAX(CASE WHEN c.wants_coach AND c.followed_up_at IS NULL THEN 1 ELSE 0 END) AS talk
    FROM outcome o JOIN outcome_checkin c ON c.outcome_id = o.id
    WHERE o.journey_id IN :ids
    GROUP BY o.journey_id
    """
).columns(column("journey_id", Integer), column("due", Integer), column("talk", Integer)).bindparams(
    bindparam("ids", expanding=True), bindparam("today", type_=Date))


def caseload_flags(db: Session, journey_ids: Sequence[int], today: date) -> dict[int, tuple[bool, bool]]:
    """journey id -> (a check-in is due, the person wants to talk to a coach), for the journeys that have either."""
    return {
        journey_id: (bool(due), bool(talk))
        for journey_id, due, talk in db.connection().execute(_FLAGS_SQL, {"ids": list(journey_ids),
                                                                           "today": today}).all()
        if due or talk
    }


def seed(db: Session, rows: Sequence[tuple[int, str, str, date]]) -> list[int]:
    """Outcomes as they are (journey id, kind, detail, start month), with a job's check-ins: for the demo and the
    tests, no checks."""
    ids = []
    for journey_id, kind, detail, started in rows:
        outcome = Outcome(journey_id=journey_id, centre_id=_centre_of(db, journey_id), kind=kind, detail=detail,
                          started_month=month_start(started))
        db.add(outcome)
        db.flush()
        _sync_checkins(db, outcome)
        ids.append(saved_id(outcome))
    db.flush()
    return ids
