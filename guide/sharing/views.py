"""The sharing pages as views: with whom the journey is shared and when they looked, and a new share code."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from sqlmodel import Session

from guide.assessment.views import clock_of
from guide.core import i18n
from guide.core.models import saved_id
from guide.journeys.models import Journey
from guide.sharing.service import SharedWith, view_log


class CoachLook(NamedTuple):  # a tuple: the page unpacks it
    coach: str
    partner: str
    day: str


def coach_looks(db: Session, journey: Journey) -> tuple[CoachLook, ...]:
    """Once per coach and day, newest first: a log a person can read at a glance."""
    tz, country = clock_of(journey)
    seen: list[CoachLook] = []
    for entry in view_log(db, saved_id(journey)):
        item = CoachLook(entry.coach_name, entry.partner, i18n.fmt_date(entry.viewed_at, tz, country))
        if item not in seen:
            seen.append(item)
    return tuple(seen)


@dataclass(frozen=True)
class SharePage:
    links: list[SharedWith]
    views: tuple[CoachLook, ...]
    minutes: int  # how long a new code works
    notice: str = ""
    errors: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ShareCodePage:
    code: str
    expires: datetime
    timezone: str
    country: str
    minutes: int
    show_answers: bool
    show_barriers: bool = False
    record_outcomes: bool = False
