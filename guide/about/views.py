"""The "About you" pages as views: the start page (why it is asked, the answers so far), one question per page, and
the panel on My plan."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup
from sqlmodel import Session

from guide.about.service import AGE_BAND, CHOICES, GENDER, WORDS, Answers, Switch, shown, switch_and_answers
from guide.core import i18n
from guide.core.i18n import N_
from guide.web.panels import BODY, PanelContext, PlanPanel
from guide.web.render import fragment

ROUTE = {AGE_BAND: "about:age_band", GENDER: "about:gender"}  # each question's page (its form posts to `_save`)
HEADINGS = {AGE_BAND: N_("How old are you?"), GENDER: N_("What is your gender?")}
HINTS = {
    AGE_BAND: N_("Choose the group your age is in. We do not ask for your date of birth."),
    GENDER: N_("Choose the answer that fits you best."),
}
LABELS = {AGE_BAND: N_("Age"), GENDER: N_("Gender")}


@dataclass(frozen=True)
class Choice:
    value: str
    words: str


@dataclass(frozen=True)
class AnswerRow:
    question: str
    label: str
    words: str  # the answer in the page's language, "" when not answered
    change: str  # the route of its question, "" when it is no longer asked


@dataclass(frozen=True)
class StartPage:
    rows: Sequence[AnswerRow]
    first: str  # the route of the first question asked, "" when none is asked any more
    answered: bool
    notice: str = ""


@dataclass(frozen=True)
class QuestionPage:
    question: str
    heading: str
    hint: str
    choices: Sequence[Choice]
    chosen: str
    action: str  # the route the form posts to
    skip: str  # the route "Skip this question" goes to
    answered: bool  # an answer is stored: offer to remove it
    errors: Mapping[str, str] = field(default_factory=dict)


def words(question: str, answer: str | None) -> str:
    return i18n.gettext(WORDS[question][answer]) if answer in WORDS[question] else ""


def rows(found: Switch, given: Answers) -> list[AnswerRow]:
    """A row per question shown; "Change" only where the question is still asked."""
    return [AnswerRow(q, i18n.gettext(LABELS[q]), words(q, given.get(q)), ROUTE[q] if found.asks(q) else "")
            for q in shown(found, given)]


def start_page(found: Switch, given: Answers, notice: str = "") -> StartPage:
    return StartPage(rows(found, given), ROUTE[found.asked[0]] if found.asked else "", bool(given.given), notice)


def next_route(found: Switch, question: str) -> str:
    """The page after this question: the next one asked, else the start page with the answers."""
    later = found.asked[found.asked.index(question) + 1:]
    return ROUTE[later[0]] if later else "about:start"


def question_page(found: Switch, question: str, chosen: str, stored: str | None,
                  errors: Mapping[str, str] | None = None) -> QuestionPage:
    choices = [Choice(value, i18n.gettext(WORDS[question][value])) for value in CHOICES[question]]
    return QuestionPage(question, i18n.gettext(HEADINGS[question]), i18n.gettext(HINTS[question]), choices, chosen,
                        f"{ROUTE[question]}_save", next_route(found, question), stored is not None, errors or {})


# --- on My plan (guide.journeys.plan_panels): only where the partner asks --------------------------------------


def _plan_read(db: Session, ctx: PanelContext) -> tuple[Switch, Answers] | None:
    found, given = switch_and_answers(db, ctx.centre.partner if ctx.centre else "", ctx.journey_id)
    return (found, given) if shown(found, given) else None


def _plan_show(ctx: PanelContext, read: tuple[Switch, Answers] | None) -> dict[str, Markup]:
    if read is None:
        return {}
    return {BODY: fragment(ctx.request, "about/_plan.html", {"rows": rows(*read)})}


PLAN_PANEL = PlanPanel("about", _plan_read, _plan_show)
