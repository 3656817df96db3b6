"""The barriers check: what stands in the way of work, per theme, answered from a list. No web code; never commits.

An answer is one of three words chosen per theme; nothing typed is stored. A coach sees the answers only through a
CoachLink whose job seeker chose to share them (show_barriers), and may mark one they asked help with as being
worked on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, delete, select

from guide.barriers.models import BarrierAnswer
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.core.models import utcnow
from guide.core.timeutil import as_utc
from guide.journeys.models import Journey
from guide.sharing.models import CoachLink

NO_PROBLEM, WANT_HELP, NOT_NOW = "no_problem", "want_help", "not_now"
ANSWERS = (NO_PROBLEM, WANT_HELP, NOT_NOW)
WORKING_ON = "working_on"
BARRIERS_STEP = 2  # the step that asks (step 2: what stands in your way)
MAX_TYPED = 32  # an answer is a short word from the list; more is not kept to show again


@dataclass(frozen=True)
class Theme:
    id: str
    words: str  # the question's words (N_: translated where shown)
    help_words: str  # the My plan item: "Help with childcare"
    step: int  # the step where it matters: its centre help and its reminder


THEMES: tuple[Theme, ...] = (
    Theme("childcare", N_("Childcare and caring for someone"), N_("Help with childcare and caring"), 2),
    Theme("money", N_("Money and debt"), N_("Help with money and debt"), 2),
    Theme("housing", N_("Housing"), N_("Help with housing"), 2),
    Theme("health", N_("Health"), N_("Help with health"), 2),
    Theme("transport", N_("Getting around and a driving licence"), N_("Help with getting around"), 4),
    Theme("language", N_("The language of the country"), N_("Help with the language"), 6),
    Theme("digital", N_("Using a computer and a phone"), N_("Help with computers and phones"), 6),
    Theme("papers", N_("Papers and ID"), N_("Help with papers and ID"), 2),
    Theme("other", N_("Something else"), N_("Help with something else"), 2),
)
THEME_IDS = tuple(t.id for t in THEMES)
BY_ID = {t.id: t for t in THEMES}
# Where a reminder is shown: every theme's step but the one that asks (it links to the check itself).
REMINDER_STEPS = frozenset(t.step for t in THEMES) - {BARRIERS_STEP}


def field_name(theme: str) -> str:
    """The form field (and the error summary's anchor) of a theme."""
    return f"barrier-{theme}"


FIELDS = tuple(field_name(t) for t in THEME_IDS)  # the form's order, for the error summary


@dataclass(frozen=True)
class BarrierRow:
    theme: str
    answer: str
    coach_status: str | None
    updated_at: datetime


def check_answers(typed: Mapping[str, str]) -> dict[str, str]:
    """theme -> answer for the themes answered (skipping is fine), or Problems for every answer off the list."""
    errors: dict[str, Message] = {}
    clean: dict[str, str] = {}
    for theme in THEME_IDS:
        value = typed.get(theme, "")
        if not value:
            continue
        if value in ANSWERS:
            clean[theme] = value
        else:
            errors[field_name(theme)] = Message(N_("Choose one of the three answers, or skip this question."))
    if errors:
        raise Problems(errors)
    return clean


def answers(db: Session, journey_id: int) -> dict[str, BarrierRow]:
    """The journey's answers, by theme."""
    rows = db.exec(select(BarrierAnswer).where(col(BarrierAnswer.journey_id) == journey_id)).all()
    return {r.theme: BarrierRow(r.theme, r.answer, r.coach_status, as_utc(r.updated_at))
            for r in rows if r.theme in BY_ID}


def save_answers(db: Session, journey_id: int, clean: Mapping[str, str], now: datetime | None = None) -> None:
    """Store the whole check as answered: themes left out have no answer. An answer that changes loses the coach's
    mark (it was about the old answer)."""
    now = now or utcnow()
    # Two saves of one check could cross: lock the journey so they run one after the other (no unique clash).
    db.exec(select(col(Journey.id)).where(col(Journey.id) == journey_id).with_for_update()).first()
    existing = {r.theme: r for r in db.exec(select(BarrierAnswer).where(col(BarrierAnswer.journey_id) == journey_id))}
    for theme, row in existing.items():
        if theme not in clean:
            db.delete(row)
    for theme, answer in clean.items():
        found = existing.get(theme)
        if found is None:
            db.add(BarrierAnswer(journey_id=journey_id, theme=theme, answer=answer, updated_at=now))
        elif found.answer != answer:
            found.answer, found.updated_at, found.coach_status = answer, now, None
            db.add(found)
    db.flush()


def wanted_help(db: Session, journey_id: int) -> list[BarrierRow]:
    """The themes the person would like help with, in the themes' order."""
    found = answers(db, journey_id)
    return [found[t] for t in THEME_IDS if t in found and found[t].answer == WANT_HELP]


def delete_answers(db: Session, journey_id: int) -> None:
    db.exec(delete(BarrierAnswer).where(col(BarrierAnswer.journey_id) == journey_id))


# --- the coach's side ----------------------------------------------------------------------------------------------


class NotShared(LookupError):
    """The link does not share barriers, or there is no such barrier to mark."""


def shared_answers(db: Session, link: CoachLink) -> dict[str, BarrierRow] | None:
    """The client's answers when they chose to share them, else None."""
    return answers(db, link.journey_id) if link.show_barriers else None


def set_working_on(db: Session, link: CoachLink, theme: str, working_on: bool) -> None:
    """Mark (or unmark) a theme the client asked help with as being worked on; NotShared otherwise."""
    if not link.show_barriers or theme not in BY_ID:
        raise NotShared(theme)
    row = db.exec(select(BarrierAnswer).where(col(BarrierAnswer.journey_id) == link.journey_id,
                                              col(BarrierAnswer.theme) == theme)).first()
    if row is None or row.answer != WANT_HELP:
        raise NotShared(theme)
    row.coach_status = WORKING_ON if working_on else None
    db.add(row)
    db.flush()
