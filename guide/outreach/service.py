"""Outreach tallies: record, list and remove a partner's tallies. No web code; never commits.

A tally is anonymous by construction: a day, a centre, a kind of contact and a count, all chosen from lists or
numbers. A coach or an admin records tallies for their own partner's centres only, and sees and removes only their
own partner's tallies.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from guide.content.library import get_library
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.core.models import saved_id
from guide.outreach.models import ReachTally
from skills_audit.reach_counts import KEYS

# The kinds of reach, in the order of the form and of the report (skills_audit.reach_counts, which counts them).
KINDS = KEYS
MAX_COUNT = 10_000  # more in one day at one centre is a typing mistake
FIRST_DAY = date(2000, 1, 1)
RECENT = 50  # how many tallies the partner's list shows
FIELDS = ("day", "centre", "neighbourhood", "kind", "count")  # the form's order, for the error summary


@dataclass(frozen=True)
class TallyInput:
    """What was typed, as typed (kept to show again when it will not do)."""

    day: str = ""
    centre: str = ""
    kind: str = ""
    count: str = ""
    neighbourhood: str = ""  # "" for the whole area


@dataclass(frozen=True)
class TallyRow:
    id: int
    day: date
    centre_id: str
    neighbourhood: str
    kind: str
    count: int


class TallyNotFound(LookupError):
    """No tally of this id for this partner (another partner's is not theirs to see)."""


def partner_centres(partner: str) -> tuple[str, ...]:
    """The ids of the partner's centres (content/centres/), in name order of their ids."""
    return tuple(sorted(c.id for c in get_library().centres.values() if c.partner == partner))


def neighbourhoods(centre: str) -> tuple[str, ...]:
    found = get_library().centres.get(centre)
    return found.neighbourhoods if found else ()


def check_tally(typed: TallyInput, centres: Collection[str], today: date) -> tuple[date, str, str, str, int]:
    """The tally's day, centre, neighbourhood, kind and count, or Problems for every field that will not do."""
    errors: dict[str, Message] = {}
    day: date | None = None
    try:
        day = date.fromisoformat(typed.day.strip())
    except ValueError:
        errors["day"] = Message(N_("Write the date like 2026-03-15 (year, month, day)."))
    else:
        if day > today:
            errors["day"] = Message(N_("The date is in the future. Write the day the contacts took place."))
        elif day < FIRST_DAY:
            errors["day"] = Message(N_("Write a date after 1 January 2000."))
    if typed.centre not in centres:
        errors["centre"] = Message(N_("Choose one of your organisation’s centres."))
    elif typed.neighbourhood and typed.neighbourhood not in neighbourhoods(typed.centre):
        errors["neighbourhood"] = Message(N_("Choose one of the centre’s neighbourhoods, or the whole area."))
    if typed.kind not in KINDS:
        errors["kind"] = Message(N_("Choose what kind of contact it was."))
    count = 0
    raw = typed.count.strip()
    if not raw.isascii() or not raw.isdigit():
        errors["count"] = Message(N_("Write how many, as a whole number, like 12."))
    else:
        count = int(raw)
        if count == 0:
            errors["count"] = Message(N_("Write how many: at least 1."))
        elif count > MAX_COUNT:
            errors["count"] = Message(N_("That is more than %(max)s in one day. Check the number."),
                                      {"max": MAX_COUNT})
    if errors or day is None:
        raise Problems(errors)
    return day, typed.centre, typed.neighbourhood, typed.kind, count


def record_tally(db: Session, partner: str, typed: TallyInput, today: date, recorded_by: int | None,
                 now: datetime | None = None) -> int:
    """Store one tally at one of the partner's centres; Problems (nothing stored) when the input will not do."""
    day, centre, neighbourhood, kind, count = check_tally(typed, partner_centres(partner), today)
    tally = ReachTally(centre_id=centre, neighbourhood=neighbourhood, day=day, kind=kind, count=count,
                       recorded_by=recorded_by)
    if now is not None:
        tally.created_at = now
    db.add(tally)
    db.flush()
    return saved_id(tally)


def recent_tallies(db: Session, partner: str, limit: int = RECENT) -> list[TallyRow]:
    """The partner's latest tallies, by day then by when they were recorded, newest first."""
    centres = partner_centres(partner)
    found = db.exec(
        select(ReachTally)
        .where(col(ReachTally.centre_id).in_(centres))
        .order_by(col(ReachTally.day).desc(), col(ReachTally.id).desc())
        .limit(limit)
    )
    return [TallyRow(saved_id(t), t.day, t.centre_id, t.neighbourhood, t.kind, t.count) for t in found]


def _own(db: Session, partner: str, tally_id: int) -> ReachTally:
    tally = db.get(ReachTally, tally_id)
    if tally is None or tally.centre_id not in partner_centres(partner):
        raise TallyNotFound(tally_id)
    return tally


def get_tally(db: Session, partner: str, tally_id: int) -> TallyRow:
    """One of the partner's tallies; TallyNotFound for any other."""
    tally = _own(db, partner, tally_id)
    return TallyRow(tally_id, tally.day, tally.centre_id, tally.neighbourhood, tally.kind, tally.count)


def delete_tally(db: Session, partner: str, tally_id: int) -> None:
    """Remove one of the partner's tallies; TallyNotFound for any other."""
    db.delete(_own(db, partner, tally_id))
    db.flush()


def seed(db: Session, rows: Sequence[tuple[str, date, str, int]]) -> None:
    """Tallies as they are (centre, day, kind, count), for the demo and the tests: no checks."""
    db.add_all(ReachTally(centre_id=c, day=d, kind=k, count=n) for c, d, k, n in rows)
    db.flush()
