"""What the journey's pages show of the self-assessment (task list, step 5, "My plan", resume) and its addresses.

No routes here, so guide.journeys.routes can use it while guide.assessment.routes builds on guide.journeys.routes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session
from starlette.requests import Request

from guide.assessment.service import OpenTake, TakeResult, overview
from guide.content.library import get_library
from guide.core import i18n
from guide.journeys.models import Journey
from guide.journeys.service import JourneyFacts
from guide.web.urls import url
from skills_audit.framework import LocalText, get_framework
from skills_audit.scoring import done_well, done_well_throughout, to_practise

# --- addresses -----------------------------------------------------------------------------------


def overview_url(request: Request) -> str:
    return url(request, "assessment:overview")


def question_url(request: Request, take_id: int, statement_id: str) -> str:
    return url(request, "assessment:question", take=take_id, statement_id=statement_id)


def check_url(request: Request, take_id: int) -> str:
    return url(request, "assessment:check", take=take_id)


def result_url(request: Request, take_id: int) -> str:
    return url(request, "assessment:result", take=take_id)


def continue_url(request: Request, take: OpenTake) -> str:
    """Where an open take goes on: its next unanswered statement, or the check page when every one was seen."""
    if take.next_statement:
        return question_url(request, take.id, take.next_statement)
    return check_url(request, take.id)


def timezone_of(journey: Journey | JourneyFacts) -> str:
    return clock_of(journey)[0]


# --- a result in the person's own words ------------------------------------------------------------


@dataclass(frozen=True)
class StepLink:
    number: int
    title: str
    lang: str  # the language the title is in (a fallback may differ from the page's)
    url: str


@dataclass(frozen=True)
class Idea:
    text: LocalText
    step: StepLink


@dataclass(frozen=True)
class StatementAnswer:
    id: str
    text: LocalText  # the statement, as the person read it
    answer: LocalText  # what they answered, in the scale's words


@dataclass(frozen=True)
class CompetenceGroup:
    id: str
    name: LocalText
    statements: tuple[StatementAnswer, ...]
    # The competence's description ("You are on time, you keep your word…") only when every one of its statements
    # was answered in the upper half of the scale: it is never said of someone who did not say it.
    summary: LocalText | None
    ideas: tuple[Idea, ...]  # for things to practise: the framework's suggestions, each with its step


@dataclass(frozen=True)
class ResultView:
    """A finished take told statement by statement (skills_audit.scoring, rule 6): a mean hides a single "not yet",
    so every statement answered in the lower half is named, in the words the person read."""

    done_well: tuple[CompetenceGroup, ...]
    to_practise: tuple[CompetenceGroup, ...]
    skipped: int

    @property
    def done_well_count(self) -> int:
        return sum(len(g.statements) for g in self.done_well)

    @property
    def to_practise_count(self) -> int:
        return sum(len(g.statements) for g in self.to_practise)


def step_link(request: Request, locale: str, number: int) -> StepLink:
    step = get_library().step(locale, number)
    address = url(request, "journeys:step", locale=locale, n=number)
    return StepLink(number=number, title=step.title, lang=step.locale, url=address)


def result_view(request: Request, result: TakeResult, locale: str, ideas: int = 3) -> ResultView:
    """The take's statements grouped by competence, in the order the scoring lists them: the competence of the
    lowest (or, for things done well, the highest) answer first."""
    fw = get_framework()
    throughout = set(done_well_throughout(result.answers))

    def groups(statement_ids: list[str], with_ideas: bool) -> tuple[CompetenceGroup, ...]:
        by_competence: dict[str, list[StatementAnswer]] = {}
        for sid in statement_ids:
            level = fw.scale_level(result.answers[sid] or 0)  # the scoring lists answered statements only
            by_competence.setdefault(fw.competence_of(sid).id, []).append(
                StatementAnswer(sid, fw.text("statements", sid, locale), fw.text("scale", level.id, locale))
            )
        return tuple(
            CompetenceGroup(
                id=cid,
                name=fw.text("names", cid, locale),
                statements=tuple(found),
                summary=fw.text("descriptions", cid, locale) if cid in throughout else None,
                ideas=tuple(
                    Idea(fw.text("suggestions", s.id, locale), step_link(request, locale, s.step))
                    for s in fw.competence(cid).suggestions[:ideas]
                ) if with_ideas else (),
            )
            for cid, found in by_competence.items()
        )

    return ResultView(
        done_well=groups(done_well(result.answers), with_ideas=False),
        to_practise=groups(to_practise(result.answers), with_ideas=True),
        skipped=sum(1 for sid in fw.statement_ids() if result.answers.get(sid) is None),
    )


def clock_of(journey: Journey | JourneyFacts) -> tuple[str, str]:
    """The centre's timezone and country: times as its clock shows them, written as its country writes them
    (i18n.format_locale). One look-up of the guide for both."""
    centre = get_library().centres.get(journey.centre_id)
    return (centre.timezone, centre.country) if centre else ("UTC", "")


# --- what other pages show of the self-assessment ------------------------------------------------


def panel_context(request: Request, db: Session, journey: Journey | JourneyFacts, locale: str) -> dict[str, Any]:
    """For assessment/_panel.html on the task list and on step 5."""
    found = overview(db, journey)
    timezone, country = clock_of(journey)
    return {
        "overview": found,
        "total": len(get_framework().statement_ids()),
        "continue_url": continue_url(request, found.open_take) if found.open_take else "",
        "latest_url": result_url(request, found.latest.id) if found.latest else "",
        "latest": result_view(request, found.latest, locale) if found.latest else None,
        "timezone": timezone,
        "country": country,
    }


def plan_context(request: Request, db: Session, journey: Journey | JourneyFacts, locale: str) -> dict[str, Any]:
    """For "My plan": the latest result as the result page tells it (things done well, things to practise), and
    the date of every finished take."""
    fw = get_framework()
    found = overview(db, journey)
    tz, country = clock_of(journey)
    return {
        "takes": [{"date": i18n.fmt_date(t.finished_at, tz, country), "url": result_url(request, t.id)}
                  for t in found.finished],
        "latest": result_view(request, found.latest, locale, ideas=1) if found.latest else None,
        "scale_words": [fw.text("scale", level.id, locale).text for level in fw.scale],
        "open_take": found.open_take,
        "total": len(fw.statement_ids()),
    }
