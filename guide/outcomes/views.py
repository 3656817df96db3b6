"""The outcome pages as views: one question per page, check your answers, remove, the check-in's questions, and
the "What happened next" part of My plan and of a coach's client page."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date, format_skeleton, get_month_names
from markupsafe import Markup
from sqlmodel import Session

from guide.core import i18n
from guide.core.i18n import N_
from guide.outcomes.service import (
    CERTIFICATE,
    COACH,
    CONTRACTS,
    HARD_THINGS,
    HOURS,
    JOB,
    KINDS,
    MOVED_ON,
    SOMETHING_ELSE,
    STATUSES,
    STILL_THERE,
    STOPPED,
    TRAINING,
    VOLUNTEERING,
    WORK_EXPERIENCE,
    OutcomeInput,
    OutcomeRow,
    due_checkins,
    journey_outcomes,
    next_checkin_day,
    today_in,
)
from guide.web.panels import BODY, PanelContext, PlanPanel
from guide.web.render import fragment

KIND_WORDS = {
    JOB: N_("A job"),
    TRAINING: N_("Training or a course"),
    VOLUNTEERING: N_("Volunteering"),
    WORK_EXPERIENCE: N_("Work experience or a placement"),
    CERTIFICATE: N_("A certificate or licence, for example a driving licence"),
    SOMETHING_ELSE: N_("Something else"),
}
HOURS_WORDS = {
    "under_20": N_("Under 20 hours a week"),
    "20_30": N_("20 to 30 hours a week"),
    "over_30": N_("Over 30 hours a week"),
}
CONTRACT_WORDS = {
    "temporary": N_("A temporary contract"),
    "permanent": N_("A permanent contract"),
    "dont_know": N_("I don’t know"),
}
STATUS_WORDS = {
    STILL_THERE: N_("Still there"),
    STOPPED: N_("Stopped"),
    MOVED_ON: N_("Moved on to something else"),
}
# The check-in's question and hint, and My plan's notice, per kind with check-ins (service.CHECKIN_KINDS)
STATUS_QUESTIONS = {
    JOB: N_("How is your job going?"),
    TRAINING: N_("How is your training going?"),
    WORK_EXPERIENCE: N_("How is your work experience going?"),
}
STATUS_HINTS = {
    JOB: N_("The job you started in %(month)s."),
    TRAINING: N_("The training or course you started in %(month)s."),
    WORK_EXPERIENCE: N_("The work experience or placement you started in %(month)s."),
}
DUE_NOTICES = {
    JOB: N_("How is your job going? You started in %(month)s."),
    TRAINING: N_("How is your training going? You started in %(month)s."),
    WORK_EXPERIENCE: N_("How is your work experience going? You started in %(month)s."),
}
# What is hard now: the same list for every kind, but a training has no boss and "the work" is the course
HARD_FOR_TRAINING = {
    "work": N_("The course itself"),
    "people": N_("The teacher or the other learners"),
}
HARD_WORDS = {
    "hours": N_("The hours"),
    "travel": N_("Travel"),
    "childcare": N_("Childcare"),
    "work": N_("The work itself"),
    "people": N_("Colleagues or the boss"),
    "money": N_("Money"),
    "nothing": N_("Nothing"),
}
COACH_WORDS = {"yes": N_("Yes"), "no": N_("No")}


def _words(table: Mapping[str, str], key: str) -> str:
    return i18n.gettext(table[key]) if key in table else key


def month_words(month: date, country: str = "") -> str:
    """"March 2026", "maart 2026", "mars 2026": the page's language, the centre's country."""
    return format_skeleton("yMMMM", month, locale=i18n.format_locale(country))


def day_words(day: date, country: str = "") -> str:
    return format_date(day, format="long", locale=i18n.format_locale(country))


@dataclass(frozen=True)
class Choice:
    value: str
    words: str


@dataclass(frozen=True)
class QuestionPage:
    """One question of a flow: radios, boxes to tick, or a month and a year."""

    field: str  # the input's name, and the error's key
    control: str  # "radio" | "checkbox" | "month"
    heading: str
    hint: str
    action: str
    back: str
    hidden: Sequence[tuple[str, str]]  # the answers so far, carried on
    choices: Sequence[Choice] = ()
    chosen: Sequence[str] = ()
    months: Sequence[Choice] = ()
    years: Sequence[str] = ()
    month: str = ""
    year: str = ""
    button: str = ""
    errors: Mapping[str, str] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class CheckRow:
    label: str
    value: str
    change: str  # the question's address, with the answers
    field: str


@dataclass(frozen=True)
class CheckPage:
    rows: Sequence[CheckRow]
    action: str
    back: str
    hidden: Sequence[tuple[str, str]]
    changing: bool  # an outcome stored before, changed
    errors: Mapping[str, str] = dataclasses.field(default_factory=dict)


def _choices(values: Sequence[str], words: Mapping[str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(v, i18n.gettext(words[v])) for v in values)


def kind_page(typed: OutcomeInput, action: str, back: str, hidden: Sequence[tuple[str, str]],
              errors: Mapping[str, str] | None = None) -> QuestionPage:
    return QuestionPage("kind", "radio", i18n.gettext("What did you start?"),
                        i18n.gettext("Choose one. You can tell us about other things afterwards, one at a time."),
                        action, back, hidden, _choices(KINDS, KIND_WORDS), (typed.kind,), errors=errors or {})


def hours_page(typed: OutcomeInput, action: str, back: str, hidden: Sequence[tuple[str, str]],
               errors: Mapping[str, str] | None = None) -> QuestionPage:
    return QuestionPage("hours", "radio", i18n.gettext("How many hours a week do you work?"),
                        i18n.gettext("About how many, in a normal week."), action, back, hidden,
                        _choices(HOURS, HOURS_WORDS), (typed.hours,), errors=errors or {})


def contract_page(typed: OutcomeInput, action: str, back: str, hidden: Sequence[tuple[str, str]],
                  errors: Mapping[str, str] | None = None) -> QuestionPage:
    return QuestionPage("contract", "radio", i18n.gettext("What kind of contract do you have?"),
                        i18n.gettext("A temporary contract has an end date."), action, back, hidden,
                        _choices(CONTRACTS, CONTRACT_WORDS), (typed.contract,), errors=errors or {})


def start_page(typed: OutcomeInput, action: str, back: str, hidden: Sequence[tuple[str, str]], first_year: int,
               this_year: int, errors: Mapping[str, str] | None = None) -> QuestionPage:
    names = get_month_names("wide", locale=i18n.format_locale())
    months = tuple(Choice(str(m), names[m]) for m in range(1, 13))
    years = tuple(str(y) for y in range(this_year, first_year - 1, -1))
    return QuestionPage("start", "month", i18n.gettext("When did it start?"),
                        i18n.gettext("Choose the month and the year. It cannot be in the future."), action, back,
                        hidden, months=months, years=years, month=typed.month, year=typed.year,
                        errors=errors or {})


def detail_words(row: OutcomeRow | OutcomeInput) -> str:
    """A job's hours and contract in words ("20 to 30 hours a week · A permanent contract"); "" for other kinds."""
    if row.kind != JOB:
        return ""
    return " · ".join(w for w in (_words(HOURS_WORDS, row.hours) if row.hours else "",
                                 _words(CONTRACT_WORDS, row.contract) if row.contract else "") if w)


def check_page(typed: OutcomeInput, started: date, changes: Mapping[str, str], action: str, back: str,
               hidden: Sequence[tuple[str, str]], changing: bool, country: str = "",
               errors: Mapping[str, str] | None = None) -> CheckPage:
    rows = [CheckRow(i18n.gettext("What you started"), _words(KIND_WORDS, typed.kind), changes["kind"], "kind")]
    if typed.kind == JOB:
        rows.append(CheckRow(i18n.gettext("Hours a week"), _words(HOURS_WORDS, typed.hours), changes["hours"],
                             "hours"))
        rows.append(CheckRow(i18n.gettext("Contract"), _words(CONTRACT_WORDS, typed.contract), changes["contract"],
                             "contract"))
    rows.append(CheckRow(i18n.gettext("When it started"), month_words(started, country), changes["start"], "start"))
    return CheckPage(rows, action, back, hidden, changing, errors or {})


@dataclass(frozen=True)
class CoachOutcomePage:
    """A coach records what their client started: every question of the flow on one page."""

    action: str
    back: str
    typed: OutcomeInput
    kinds: Sequence[tuple[str, str]]  # (value, words) pairs, for macros.radio_field
    hours: Sequence[tuple[str, str]]
    contracts: Sequence[tuple[str, str]]
    months: Sequence[tuple[str, str]]
    years: Sequence[str]
    errors: Mapping[str, str] = dataclasses.field(default_factory=dict)


def _pairs(values: Sequence[str], words: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((c.value, c.words) for c in _choices(values, words))


def coach_outcome_page(typed: OutcomeInput, action: str, back: str, first_year: int, this_year: int,
                       errors: Mapping[str, str] | None = None) -> CoachOutcomePage:
    start = start_page(typed, action, back, (), first_year, this_year)
    return CoachOutcomePage(action, back, typed, _pairs(KINDS, KIND_WORDS), _pairs(HOURS, HOURS_WORDS),
                            _pairs(CONTRACTS, CONTRACT_WORDS), tuple((c.value, c.words) for c in start.months),
                            tuple(start.years), errors or {})


# --- the check-in's questions ---------------------------------------------------------------------------------------


def status_page(chosen: str, started: date, action: str, back: str, hidden: Sequence[tuple[str, str]],
                country: str = "", errors: Mapping[str, str] | None = None, kind: str = JOB) -> QuestionPage:
    kind = kind if kind in STATUS_QUESTIONS else JOB
    return QuestionPage("status", "radio", i18n.gettext(STATUS_QUESTIONS[kind]),
                        i18n.gettext(STATUS_HINTS[kind], month=month_words(started, country)),
                        action, back, hidden, _choices(STATUSES, STATUS_WORDS), (chosen,), errors=errors or {})


def hard_words(kind: str) -> Mapping[str, str]:
    """What can be hard, worded for the kind (a training's "work" is the course)."""
    return {**HARD_WORDS, **HARD_FOR_TRAINING} if kind == TRAINING else HARD_WORDS


def hard_page(chosen: Sequence[str], action: str, back: str, hidden: Sequence[tuple[str, str]],
              kind: str = JOB) -> QuestionPage:
    return QuestionPage("hard", "checkbox", i18n.gettext("What is hard now?"),
                        i18n.gettext("Tick all that fit, or none. This helps to find the right help."), action,
                        back, hidden, _choices(HARD_THINGS, hard_words(kind)), tuple(chosen))


def coach_page(chosen: str, action: str, back: str, hidden: Sequence[tuple[str, str]],
               errors: Mapping[str, str] | None = None) -> QuestionPage:
    return QuestionPage("coach", "radio", i18n.gettext("Would you like to talk to a coach?"),
                        i18n.gettext("A coach you share your plan with will see your answer."), action, back,
                        hidden, _choices(("yes", "no"), COACH_WORDS), (chosen,),
                        button=i18n.gettext("Save my answers"), errors=errors or {})


# --- My plan and a client's page ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownCheckIn:
    id: int
    week: int
    due: str  # the day it is due, in words
    answered: bool
    status: str  # in words, "" when not answered
    hard: Sequence[str]  # in words
    wants_coach: bool
    followed_up: bool


@dataclass(frozen=True)
class ShownOutcome:
    id: int
    kind: str
    detail: str
    started: str  # "March 2026"
    ended: bool
    checkins: Sequence[ShownCheckIn] = ()
    by_coach: bool = False  # entered by a coach the person shares with
    checked: bool = False  # confirmed by a coach


@dataclass(frozen=True)
class DueCheckIn:
    id: int
    started: str  # the month the job, training or work experience started
    notice: str = ""  # "How is your job going? You started in March 2026."


@dataclass(frozen=True)
class OutcomesPanel:
    """What happened next: the person's outcomes, the check-ins to answer now, and when to come back."""

    outcomes: Sequence[ShownOutcome] = ()
    due: Sequence[DueCheckIn] = ()
    come_back: str = ""  # the day the next check-in falls due, in words, or ""


def shown_outcome(row: OutcomeRow, country: str = "") -> ShownOutcome:
    return ShownOutcome(
        row.id, _words(KIND_WORDS, row.kind), detail_words(row), month_words(row.started_month, country),
        row.ended_at is not None,
        tuple(ShownCheckIn(c.id, c.due_week, day_words(c.due_on, country), c.answered_at is not None,
                           _words(STATUS_WORDS, c.status) if c.status else "",
                           tuple(_words(hard_words(row.kind), h) for h in c.hard_things), c.wants_coach,
                           c.followed_up_at is not None)
              for c in row.checkins),
        by_coach=row.entered_by == COACH, checked=row.checked_at is not None,
    )



def outcomes_panel(rows: Sequence[OutcomeRow], today: date, country: str = "") -> OutcomesPanel:
    come_back = next_checkin_day(rows, today)
    return OutcomesPanel(
        outcomes=tuple(shown_outcome(r, country) for r in rows),
        due=tuple(DueCheckIn(c.id, started := month_words(o.started_month, country),
                             i18n.gettext(DUE_NOTICES.get(o.kind, DUE_NOTICES[JOB]), month=started))
                  for o, c in due_checkins(rows, today)),
        come_back=day_words(come_back, country) if come_back else "",
    )


@dataclass(frozen=True)
class RemovePage:
    outcome: ShownOutcome


# --- on My plan (guide.journeys.plan_panels) ---------------------------------------------------------------------

NOTICES = {  # what My plan says after the person recorded, changed or removed an outcome (`?done=`)
    "saved": N_("Thank you. What you told us is saved."),
    "changed": N_("Your change is saved."),
    "removed": N_("It is removed."),
    "checked_in": N_("Thank you for telling us how it is going."),
}


def _plan_read(db: Session, ctx: PanelContext) -> list[OutcomeRow]:
    return journey_outcomes(db, ctx.journey_id)


def _plan_show(ctx: PanelContext, rows: list[OutcomeRow]) -> dict[str, Markup]:
    panel = outcomes_panel(rows, today_in(ctx.timezone), ctx.country)
    return {BODY: fragment(ctx.request, "outcomes/_plan.html", {"outcomes": panel})}


PLAN_PANEL = PlanPanel("outcomes", _plan_read, _plan_show, NOTICES)
