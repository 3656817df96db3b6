"""About you (issue 15): the optional age band and gender some funders require, asked only of journeys at a centre
of a partner whose admin switched the question on. No web code; never commits.

Both are answered from a list, both offer "Prefer not to say", and both may be skipped (nothing stored) or removed.
Nothing typed is kept: "another answer" stands for any gender the list does not name. The answers only ever leave
the journey as counts of a group (skills_audit.group_counts, protected there).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, delete, select

from guide.about.models import JourneyAbout, PartnerQuestion
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.core.models import utcnow

AGE_BAND, GENDER = "age_band", "gender"
QUESTIONS: tuple[str, ...] = (AGE_BAND, GENDER)
PREFER_NOT = "prefer_not"
# Three bands, the ones the European Social Fund's common indicators count people by (under 25, 25 to 54, 55 and
# over): what funders of these programmes ask for, and with few bands fewer groups fall under k and get hidden.
AGE_BANDS: tuple[str, ...] = ("under_25", "25_54", "55_over", PREFER_NOT)
GENDERS: tuple[str, ...] = ("woman", "man", "another", PREFER_NOT)
CHOICES: dict[str, tuple[str, ...]] = {AGE_BAND: AGE_BANDS, GENDER: GENDERS}
WORDS: dict[str, dict[str, str]] = {
    AGE_BAND: {
        "under_25": N_("Under 25"),
        "25_54": N_("25 to 54"),
        "55_over": N_("55 or over"),
        PREFER_NOT: N_("Prefer not to say"),
    },
    GENDER: {
        "woman": N_("Woman"),
        "man": N_("Man"),
        "another": N_("Another answer"),
        PREFER_NOT: N_("Prefer not to say"),
    },
}
MAX_TYPED = 32  # a choice is a short word from the list; more is not kept to show again


@dataclass(frozen=True)
class Switch:
    """A partner's questions: which are asked, and who last set them, when (None: never set, nothing asked)."""

    partner: str
    ask_age_band: bool = False
    ask_gender: bool = False
    updated_by: str = ""
    updated_at: datetime | None = None

    def asks(self, question: str) -> bool:
        return self.ask_age_band if question == AGE_BAND else self.ask_gender if question == GENDER else False

    @property
    def asked(self) -> tuple[str, ...]:
        return tuple(q for q in QUESTIONS if self.asks(q))


@dataclass(frozen=True)
class Answers:
    age_band: str | None = None
    gender: str | None = None

    def get(self, question: str) -> str | None:
        return self.age_band if question == AGE_BAND else self.gender if question == GENDER else None

    @property
    def given(self) -> tuple[str, ...]:
        return tuple(q for q in QUESTIONS if self.get(q) is not None)


def shown(found: Switch, given: Answers) -> tuple[str, ...]:
    """The questions a person sees on the start page and My plan: those asked, and those they answered before their
    partner stopped asking (so that they can still see and remove the answer)."""
    return tuple(q for q in QUESTIONS if found.asks(q) or given.get(q) is not None)


def switches(db: Session, partners: tuple[str, ...] | list[str]) -> dict[str, Switch]:
    """Each partner's switch (never set: nothing asked)."""
    found = {row.partner: row for row in db.exec(select(PartnerQuestion)
                                                  .where(col(PartnerQuestion.partner).in_(list(partners))))}
    return {p: Switch(p, r.ask_age_band, r.ask_gender, r.updated_by, r.updated_at) if (r := found.get(p)) else
            Switch(p) for p in partners}


def set_switch(db: Session, partner: str, ask_age_band: bool, ask_gender: bool, who: str,
               now: datetime | None = None) -> None:
    """Switch a partner's questions on or off (the answers already given stay until the person removes them)."""
    row = db.get(PartnerQuestion, partner) or PartnerQuestion(partner=partner)
    row.ask_age_band, row.ask_gender = ask_age_band, ask_gender
    row.updated_by, row.updated_at = who, now or utcnow()
    db.add(row)
    db.flush()


def switch_and_answers(db: Session, partner: str, journey_id: int) -> tuple[Switch, Answers]:
    """A partner's switch and a journey's answers in one statement (My plan reads every panel on one trip)."""
    asks = col(PartnerQuestion.partner) == partner
    mine = col(JourneyAbout.journey_id) == journey_id
    figures = [sa_select(c).where(asks).scalar_subquery()
               for c in (col(PartnerQuestion.ask_age_band), col(PartnerQuestion.ask_gender))]
    figures += [sa_select(c).where(mine).scalar_subquery()
                for c in (col(JourneyAbout.age_band), col(JourneyAbout.gender))]
    age, gender, age_band, gender_answer = db.connection().execute(sa_select(*figures)).one()
    return Switch(partner, bool(age), bool(gender)), Answers(age_band, gender_answer)


def check_answer(question: str, typed: str) -> str | None:
    """The answer to keep: a choice of the list, or None for a skipped question; anything else is refused."""
    if typed == "":
        return None
    if typed not in CHOICES[question]:
        raise Problems({question: Message(N_("Choose one of the answers, or skip this question."))})
    return typed


def save_answer(db: Session, journey_id: int, question: str, answer: str | None) -> None:
    """Keep (or, with None, forget) one answer; the row goes when both are forgotten."""
    row = db.get(JourneyAbout, journey_id) or JourneyAbout(journey_id=journey_id)
    setattr(row, question, answer)
    row.updated_at = utcnow()
    if row.age_band is None and row.gender is None:
        if db.get(JourneyAbout, journey_id) is not None:
            db.delete(row)
    else:
        db.add(row)
    db.flush()


def remove_answers(db: Session, journey_id: int) -> None:
    db.exec(delete(JourneyAbout).where(col(JourneyAbout.journey_id) == journey_id))
