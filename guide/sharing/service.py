"""Consent between a job seeker and a coach: share codes, links, the caseload, a client's page, marks, notes, views.

A coach reaches a journey only through a CoachLink the job seeker made by handing over a share code; deleting the
link (the job seeker stops sharing) ends the access at once. No web code here.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from sqlalchemy import Boolean, DateTime, Integer, String, bindparam, column, delete
from sqlalchemy import text as sql
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from guide.content.library import STEP_COUNT
from guide.core import i18n
from guide.core.codes import ALPHABET, keyed_hash
from guide.core.models import saved_id, utcnow
from guide.core.timeutil import as_utc
from guide.journeys.models import Journey
from guide.journeys.service import COMPLETED, IN_PROGRESS, NOT_STARTED, Progress, load_progress
from guide.outcomes.service import caseload_flags
from guide.outcomes.service import now as outcomes_now
from guide.sharing.models import ClientView, CoachLink, ShareCode, StepMark
from guide.staff.models import StaffAccount

SHARE_CODE_DIGITS = 6
STRENGTH, SUPPORT, UNEXPLORED = "strength", "support", "unexplored"
MARKS = (STRENGTH, SUPPORT, UNEXPLORED)
MAX_LABEL = 40
MAX_NEXT_STEP = 200
QUIET_DAYS = 14
# Caseload filters: everyone, active in the last 14 days, quiet for 14 days or more, all ten steps done.
FILTERS = ("all", "active", "quiet", "done")
SORTS = ("activity", "progress")
_SEPARATORS = re.compile(r"[\s\-_.]+")


# --- the job seeker's side -----------------------------------------------------------------------------------------


def create_share_code(
    db: Session, secret: str, journey: Journey, show_answers: bool, minutes: int, show_barriers: bool = False,
    record_outcomes: bool = False,
) -> tuple[str, datetime]:
    """A fresh one-time code for the journey (earlier ones stop working); returns it with its end time."""
    now = utcnow()
    # Expired codes of anyone are useless; clearing them here keeps the table (and the chance of a clash) tiny.
    db.exec(delete(ShareCode).where(col(ShareCode.expires_at) <= now))
    db.exec(delete(ShareCode).where(col(ShareCode.journey_id) == journey.id))
    expires = now + timedelta(minutes=minutes)
    for _attempt in range(20):
        code = f"{secrets.randbelow(10**SHARE_CODE_DIGITS):0{SHARE_CODE_DIGITS}d}"
        try:
            with db.begin_nested():  # flushed here, so a clash undoes this code only (the deletes above stand)
                db.add(
                    ShareCode(
                        code_hash=keyed_hash(secret, "share-code", code),
                        journey_id=saved_id(journey),
                        show_answers=show_answers,
                        show_barriers=show_barriers,
                        record_outcomes=record_outcomes,
                        expires_at=expires,
                    )
                )
        except IntegrityError:  # another live code is the same: draw again
            continue
        return f"{code[:3]} {code[3:]}", expires
    raise RuntimeError("could not draw a free share code")


@dataclass(frozen=True)
class SharedWith:
    link_id: int
    coach_name: str
    partner: str
    show_answers: bool
    since: datetime
    show_barriers: bool = False
    record_outcomes: bool = False


def shared_with(db: Session, journey_id: int) -> list[SharedWith]:
    rows = db.exec(
        select(CoachLink, StaffAccount)
        .join(StaffAccount, col(StaffAccount.id) == col(CoachLink.account_id))
        .where(col(CoachLink.journey_id) == journey_id)
        .order_by(col(CoachLink.created_at))
    ).all()
    return [
        SharedWith(saved_id(link), account.display_name, account.partner, link.show_answers, as_utc(link.created_at),
                   link.show_barriers, link.record_outcomes)
        for link, account in rows
    ]


def _journey_link(db: Session, journey_id: int, link_id: int) -> CoachLink | None:
    link = db.get(CoachLink, link_id)
    return link if link is not None and link.journey_id == journey_id else None


def stop_sharing(db: Session, journey_id: int, link_id: int) -> bool:
    """End one coach's access (their label, marks and note go with it); False when there was no such link."""
    link = _journey_link(db, journey_id, link_id)
    if link is None:
        return False
    db.exec(delete(StepMark).where(col(StepMark.link_id) == link.id))
    db.delete(link)
    return True


def _set_choice(db: Session, journey_id: int, link_id: int, choice: str, value: bool) -> bool:
    """One of the person's choices for one coach (a boolean column of CoachLink); False when there is no such link."""
    link = _journey_link(db, journey_id, link_id)
    if link is None:
        return False
    setattr(link, choice, value)
    db.add(link)
    return True


def set_show_answers(db: Session, journey_id: int, link_id: int, show: bool) -> bool:
    return _set_choice(db, journey_id, link_id, "show_answers", show)


def set_show_barriers(db: Session, journey_id: int, link_id: int, show: bool) -> bool:
    """Whether this coach sees what stands in the person's way (guide.barriers); False when there is no such link."""
    return _set_choice(db, journey_id, link_id, "show_barriers", show)


def set_record_outcomes(db: Session, journey_id: int, link_id: int, allow: bool) -> bool:
    """Whether this coach may record what the person started (guide.outcomes); False when there is no such link."""
    return _set_choice(db, journey_id, link_id, "record_outcomes", allow)


@dataclass(frozen=True)
class ViewEntry:
    coach_name: str
    partner: str
    viewed_at: datetime


def view_log(db: Session, journey_id: int, limit: int = 50) -> list[ViewEntry]:
    """The latest views of the journey by coaches, newest first."""
    rows = db.exec(
        select(col(ClientView.viewed_at), col(StaffAccount.display_name), col(StaffAccount.partner))
        .join(StaffAccount, col(StaffAccount.id) == col(ClientView.account_id))
        .where(col(ClientView.journey_id) == journey_id)
        .order_by(col(ClientView.viewed_at).desc(), col(ClientView.id).desc())
        .limit(limit)
    ).all()
    return [ViewEntry(name, partner, as_utc(at)) for at, name, partner in rows]


@dataclass(frozen=True)
class NextStep:
    coach_name: str
    text: str
    written_at: datetime


# Built once: the task list asks on every visit.
_NEXT_STEPS_SQL = (
    select(col(CoachLink.next_step), col(CoachLink.next_step_at), col(StaffAccount.display_name))
    .join(StaffAccount, col(StaffAccount.id) == col(CoachLink.account_id))
    .where(col(CoachLink.journey_id) == bindparam("journey"), col(CoachLink.next_step) != "")
    .order_by(col(CoachLink.next_step_at).desc())
)


def next_steps(db: Session, journey_id: int) -> list[NextStep]:
    """The coaches' next-step notes for the journey's task list."""
    rows = db.connection().execute(_NEXT_STEPS_SQL, {"journey": journey_id}).all()
    return [NextStep(name, without_label(text), as_utc(at or utcnow())) for text, at, name in rows]


# The task list puts this label before a coach's note; a note that starts with it (in any language: the coach may
# write in another than the page's) would say it twice ("Next time: Next time: …").
NEXT_STEP_LABEL = i18n.N_("Next time:")


def without_label(text: str) -> str:
    """The note without a leading "Next time:" of its own, in any of the languages offered."""
    folded = text.casefold()
    for locale in i18n.available_locales():
        label = i18n.translations(locale).gettext(NEXT_STEP_LABEL).rstrip(": \u00a0\u202f").casefold()
        if label and folded.startswith(label):
            rest = text[len(label):]
            if rest[:1] in (":", " ", "\u00a0", "\u202f"):
                return rest.lstrip(": \u00a0\u202f")
    return text


# --- the coach's side ----------------------------------------------------------------------------------------------


class ShareCodeError(ValueError):
    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind  # "format" (not 6 digits) or "unknown" (wrong, used or expired)


def normalise_share_code(typed: str) -> str | None:
    raw = _SEPARATORS.sub("", typed or "")
    return raw if len(raw) == SHARE_CODE_DIGITS and raw.isascii() and raw.isdigit() else None


def redeem_share_code(db: Session, secret: str, account_id: int, typed: str) -> CoachLink:
    """Link the journey behind a live code to the coach (the code is used up); ShareCodeError otherwise."""
    code = normalise_share_code(typed)
    if code is None:
        raise ShareCodeError("format")
    row = db.get(ShareCode, keyed_hash(secret, "share-code", code))
    if row is None or as_utc(row.expires_at) <= utcnow():
        raise ShareCodeError("unknown")
    journey_id, show_answers, show_barriers = row.journey_id, row.show_answers, row.show_barriers
    record_outcomes = row.record_outcomes
    db.delete(row)
    link = db.exec(
        select(CoachLink).where(col(CoachLink.journey_id) == journey_id, col(CoachLink.account_id) == account_id)
    ).first()
    if link is None:
        link = CoachLink(journey_id=journey_id, account_id=account_id, show_answers=show_answers,
                         show_barriers=show_barriers, record_outcomes=record_outcomes)
    else:  # shared again with the same coach: the new choices count
        link.show_answers, link.show_barriers = show_answers, show_barriers
        link.record_outcomes = record_outcomes
    db.add(link)
    return link


@lru_cache(maxsize=65536)  # a pure function of its arguments: a caseload page asks for 50 at a time
def pseudonym(secret: str, journey_id: int) -> str:
    """A stable name for a client that says nothing about them, like "KQ7-F4X" (not shaped like a resume code)."""
    digest = keyed_hash(secret, "pseudonym", str(journey_id))
    number = int(digest[:16], 16)
    chars = []
    for _ in range(6):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "".join(chars[:3]) + "-" + "".join(chars[3:])


def step_statuses(done_steps: int, started_steps: int) -> tuple[str, ...]:
    """Each step's status, step 1 first, from the bit masks the caseload reads (bit n - 1: step n)."""
    return tuple(COMPLETED if done_steps >> n & 1 else IN_PROGRESS if started_steps >> n & 1 else NOT_STARTED
                 for n in range(STEP_COUNT))


class CaseloadLink(NamedTuple):
    """A client of a caseload as the filters, sorts and counts need them: a plain tuple per client (a caseload reads
    every client; only the page's become CaseloadEntry)."""

    link_id: int
    journey_id: int
    label: str
    last_activity: datetime  # as the database hands it back (naive on SQLite): only compared with one another
    quiet: bool  # no activity for QUIET_DAYS or more
    done_steps: int  # the steps completed, as bits (bit n - 1: step n)
    started_steps: int  # the steps in progress, as bits
    done: int  # steps completed
    started: int  # steps in progress


@dataclass(slots=True)
class CaseloadEntry:
    """A client as a caseload's page shows them."""

    link_id: int
    journey_id: int
    label: str
    last_activity: datetime
    done_steps: int
    started_steps: int
    done: int  # steps completed
    pseudonym: str
    levels: dict[str, int | None] = field(default_factory=dict)  # competence id -> level, latest finished take
    levels_at: datetime | None = None
    checkin_due: bool = False  # an aftercare check-in is due (guide.outcomes)
    wants_talk: bool = False  # a check-in asked to talk to a coach, not followed up yet

    @property
    def completed(self) -> int:
        return self.done

    @property
    def statuses(self) -> tuple[str, ...]:
        return step_statuses(self.done_steps, self.started_steps)


# A caseload in three queries whatever its size: the links with their steps (every client: the filters and sorts
# need the counts, the rows the statuses), then the latest levels and the check-ins' marks of the page's clients.
# A step appears once per journey: the sum of its bits is their union.
_LINKS_SQL = sql(
    f"""
    SELECT c.id, c.journey_id, c.label, j.last_activity_at,
           j.last_activity_at <= :quiet_since,
           SUM(CASE WHEN sp.status = '{COMPLETED}' THEN 1 << (sp.step - 1) ELSE 0 END),
           SUM(CASE WHEN sp.status = '{IN_PROGRESS}' THEN 1 << (sp.step - 1) ELSE 0 END)
    FROM coach_link c JOIN journey j ON j.id = c.journey_id
    LEFT JOIN step_progress sp ON sp.journey_id = c.journey_id AND sp.step BETWEEN 1 AND {STEP_COUNT}
    WHERE c.account_id = :a
    GROUP BY c.id, j.id
    """
).columns(column("id", Integer), column("journey_id", Integer), column("label", String),
          column("last_activity_at", DateTime(timezone=True)), column("quiet", Boolean), column("done_steps", Integer),
          column("started_steps", Integer)).bindparams(
    bindparam("quiet_since", type_=DateTime(timezone=True)))
_LATEST_LEVELS_SQL = sql(
    """
    SELECT t.journey_id, l.competence_id, l.level, t.finished_at
    FROM coach_link c
    JOIN assessment_take t ON t.journey_id = c.journey_id
    JOIN assessment_level l ON l.take_id = t.id
    WHERE c.account_id = :a AND c.journey_id IN :ids AND t.finished_at IS NOT NULL
      AND t.finished_at = (SELECT MAX(t2.finished_at) FROM assessment_take t2 WHERE t2.journey_id = t.journey_id)
    """
).columns(column("journey_id", Integer), column("competence_id", String), column("level", Integer),
          column("finished_at", DateTime(timezone=True))).bindparams(bindparam("ids", expanding=True))


def caseload_links(db: Session, account_id: int, now: datetime) -> list[CaseloadLink]:
    """Every client who shares with the coach: link, label, last activity, whether they are quiet and which steps
    are done and started (one query). What a row shows besides comes for one page's clients from caseload_details."""
    rows = db.connection().execute(_LINKS_SQL, {"a": account_id, "quiet_since": now - timedelta(days=QUIET_DAYS)})
    return [  # fetchall: far cheaper than row by row; the counts from the bits, cheaper than two more sums in SQL
        CaseloadLink(link_id, journey_id, label, last_activity, quiet, done, started, done.bit_count(),
                     started.bit_count())
        for link_id, journey_id, label, last_activity, quiet, done, started in rows.all()
    ]


def caseload_details(db: Session, secret: str, account_id: int, links: Sequence[CaseloadLink]) -> list[CaseloadEntry]:
    """These clients with their pseudonyms, latest self-assessment levels and the check-ins' marks (two queries,
    even for none: a page costs the same statements whatever it shows)."""
    entries = [
        CaseloadEntry(link.link_id, link.journey_id, link.label, as_utc(link.last_activity), link.done_steps,
                      link.started_steps, link.done, pseudonym(secret, link.journey_id))
        for link in links
    ]
    by_journey = {e.journey_id: e for e in entries}
    ids = list(by_journey)
    for journey_id, competence_id, level, finished_at in db.connection().execute(
            _LATEST_LEVELS_SQL, {"a": account_id, "ids": ids}).all():
        found = by_journey.get(journey_id)
        if found is not None:
            found.levels[competence_id] = level
            if found.levels_at is None:  # one take per journey: the same time on each of its rows
                found.levels_at = as_utc(finished_at)
    for journey_id, (due, talk) in caseload_flags(db, ids, outcomes_today()).items():
        found = by_journey.get(journey_id)
        if found is not None:
            found.checkin_due, found.wants_talk = due, talk
    return entries


def caseload(db: Session, secret: str, account_id: int) -> list[CaseloadEntry]:
    """Every client who shares with the coach, with progress, last activity and latest self-assessment levels."""
    return caseload_details(db, secret, account_id, caseload_links(db, account_id, utcnow()))


_BY_ACTIVITY = itemgetter(CaseloadLink._fields.index("last_activity"))
_BY_PROGRESS = itemgetter(*(CaseloadLink._fields.index(f) for f in ("done", "started", "last_activity")))


def select_caseload(links: list[CaseloadLink], show: str, sort: str) -> list[CaseloadLink]:
    """Filter and sort a caseload (unknown values fall back to everyone, latest activity first)."""
    if show == "active":
        chosen = [e for e in links if not e.quiet]
    elif show == "quiet":
        chosen = [e for e in links if e.quiet]
    elif show == "done":
        chosen = [e for e in links if e.done == STEP_COUNT]
    else:
        chosen = list(links)
    chosen.sort(key=_BY_PROGRESS if sort == "progress" else _BY_ACTIVITY, reverse=True)
    return chosen


def count_caseload(links: list[CaseloadLink]) -> dict[str, int]:
    """How many clients each filter shows."""
    quiet = sum(e.quiet for e in links)
    done = sum(1 for e in links if e.done == STEP_COUNT)
    return {"all": len(links), "active": len(links) - quiet, "quiet": quiet, "done": done}


def coach_link(db: Session, account_id: int, link_id: int) -> CoachLink | None:
    """The coach's own link, or None: whoever else asks gets nothing (the page answers 404)."""
    link = db.get(CoachLink, link_id)
    return link if link is not None and link.account_id == account_id else None


@dataclass(frozen=True)
class Take:
    finished_at: datetime
    levels: dict[str, int | None]


@dataclass
class ClientDetail:
    link: CoachLink
    journey: Journey
    pseudonym: str
    progress: Progress
    marks: dict[int, str]
    takes: list[Take]  # finished self-assessments, oldest first


_TAKES_SQL = sql(
    """
    SELECT t.id, t.finished_at, l.competence_id, l.level
    FROM assessment_take t JOIN assessment_level l ON l.take_id = t.id
    WHERE t.journey_id = :j AND t.finished_at IS NOT NULL
    ORDER BY t.finished_at, t.id
    """
).columns(column("id", Integer), column("finished_at", DateTime(timezone=True)), column("competence_id", String),
          column("level", Integer))


def client_detail(db: Session, secret: str, link: CoachLink) -> ClientDetail | None:
    journey = db.get(Journey, link.journey_id)
    if journey is None:
        return None
    marks = {
        m.step: m.mark for m in db.exec(select(StepMark).where(col(StepMark.link_id) == link.id))
    }
    takes: dict[int, Take] = {}
    for take_id, finished_at, competence_id, level in db.connection().execute(_TAKES_SQL, {"j": journey.id}):
        take = takes.setdefault(take_id, Take(as_utc(finished_at), {}))
        take.levels[competence_id] = level
    progress = load_progress(db, journey)
    return ClientDetail(link, journey, pseudonym(secret, saved_id(journey)), progress, marks, list(takes.values()))


def log_view(db: Session, link: CoachLink) -> None:
    db.add(ClientView(journey_id=link.journey_id, account_id=link.account_id))


def save_marks(db: Session, link: CoachLink, marks: dict[int, str]) -> None:
    """The coach's view of each step; unknown steps or marks cannot come from the form and are dropped."""
    db.exec(delete(StepMark).where(col(StepMark.link_id) == link.id))
    for step, mark in sorted(marks.items()):
        if 1 <= step <= STEP_COUNT and mark in (STRENGTH, SUPPORT):
            db.add(StepMark(link_id=saved_id(link), step=step, mark=mark))


class TooLong(ValueError):
    def __init__(self, length: int, limit: int) -> None:
        super().__init__("too long")
        self.length, self.limit = length, limit


def save_next_step(db: Session, link: CoachLink, text: str) -> None:
    text = without_label(" ".join(text.split()))  # one line: it sits at the top of the client's task list
    if len(text) > MAX_NEXT_STEP:
        raise TooLong(len(text), MAX_NEXT_STEP)
    link.next_step, link.next_step_at = text, utcnow() if text else None
    db.add(link)


def save_label(db: Session, link: CoachLink, text: str) -> None:
    text = text.strip()
    if len(text) > MAX_LABEL:
        raise TooLong(len(text), MAX_LABEL)
    link.label = text
    db.add(link)


def outcomes_today() -> date:
    """Today, as the outcomes' clock has it (UTC: a caseload spans one partner's centres, in one time zone)."""
    return outcomes_now().date()
