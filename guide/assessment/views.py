"""The self-assessment's views: its addresses, what the journey's pages show of it (task list, step 5, "My plan",
resume), and its own pages' views (frozen dataclasses the templates read).

No routes here, so guide.journeys.routes can use it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape
from sqlmodel import Session
from starlette.requests import Request

from guide.assessment.forms import ANSWER_FIELD
from guide.assessment.service import (
    OpenTake,
    Overview,
    TakeResult,
    changes_since,
    next_unanswered,
    overview,
    panel_facts,
    previous_statement,
)
from guide.content.library import Library, get_library
from guide.core import i18n
from guide.feedback.views import FeedbackForm
from guide.journeys.models import Journey
from guide.journeys.service import JourneyFacts
from guide.listen.recordings import recordings_now
from guide.listen.texts import scale_text
from guide.web.panels import BODY, PanelContext, PlanPanel
from guide.web.render import Shell, Slots, fragment, locale_url
from guide.web.urls import url
from skills_audit.framework import Framework, LocalText, get_framework
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
    """The journey's centre's timezone and country (see guide.content.library.centre_clock)."""
    return get_library().clock(journey.centre_id)


# --- what other pages show of the self-assessment ------------------------------------------------


@dataclass(frozen=True)
class PanelView:
    """What assessment/_panel.html (task list, step 5) shows besides the take's links (its slots): the key of its
    shell, the same for everyone at the same point (see web.render.Shell)."""

    locale: str
    total: int
    seen: int | None  # the answers given in the open take; None without one
    latest_date: str  # the day the last take was finished, in the page's language; "" without one
    done_well_count: int  # of the last result (the counts the result page's lists have)
    to_practise_count: int


def panel_context(view: PanelView) -> dict[str, Any]:
    return {"assessment_panel": view}


@dataclass(frozen=True)
class AssessmentPanel:
    """The panel of a person: its view and the take's links, read with panel_facts (nothing it does not show)."""

    view: PanelView
    continue_url: str
    latest_url: str

    def __call__(self, name: str, arg: str = "") -> Markup:  # the shell's slots
        if name == "continue_url":
            return escape(self.continue_url)
        if name == "latest_url":
            return escape(self.latest_url)
        raise KeyError(name)


def panel_view(request: Request, db: Session, journey: Journey | JourneyFacts, locale: str) -> AssessmentPanel:
    found = panel_facts(db, journey)
    latest = found.latest
    date = i18n.fmt_date(latest.finished_at, *clock_of(journey)) if latest else ""
    view = PanelView(
        locale=locale, total=len(get_framework().statement_ids()),
        seen=found.open_take.seen_count if found.open_take else None, latest_date=date,
        done_well_count=len(done_well(latest.answers)) if latest else 0,
        to_practise_count=len(to_practise(latest.answers)) if latest else 0,
    )
    return AssessmentPanel(view, continue_url(request, found.open_take) if found.open_take else "",
                           result_url(request, latest.id) if latest else "")


def panel_markup(request: Request, panel: AssessmentPanel, content: object) -> Markup:
    """The panel from its shell: one for every page that shows it (its path in the key is the panel's own);
    `content`, the guide as the page read it."""
    return fragment(request, "assessment/_panel.html",
                    shell=Shell(panel.view, panel_context, panel, content, path="assessment:panel"))


@dataclass(frozen=True)
class TakeDate:
    date: str
    url: str


@dataclass(frozen=True)
class AssessmentPlan:
    """For "My plan": the latest result as the result page tells it (things done well, things to practise), and
    the date of every finished take."""

    takes: tuple[TakeDate, ...]
    latest: ResultView | None
    scale_words: tuple[str, ...]
    open_take: OpenTake | None
    total: int


def plan_view(request: Request, db: Session, journey: Journey | JourneyFacts, locale: str) -> AssessmentPlan:
    fw = get_framework()
    found = overview(db, journey)
    tz, country = clock_of(journey)
    return AssessmentPlan(
        takes=tuple(TakeDate(i18n.fmt_date(t.finished_at, tz, country), result_url(request, t.id))
                    for t in found.finished),
        latest=result_view(request, found.latest, locale, ideas=1) if found.latest else None,
        scale_words=scale_words(fw, locale),
        open_take=found.open_take,
        total=len(fw.statement_ids()),
    )


def _plan_read(db: Session, ctx: PanelContext) -> AssessmentPlan:
    return plan_view(ctx.request, db, ctx.journey, ctx.locale)


def _plan_show(ctx: PanelContext, plan: AssessmentPlan) -> dict[str, Markup]:
    return {BODY: fragment(ctx.request, "assessment/_plan.html", {"assessment_plan": plan})}


PLAN_PANEL = PlanPanel("assessment", _plan_read, _plan_show)  # on My plan (guide.journeys.plan_panels)


def scale_words(fw: Framework, locale: str) -> tuple[str, ...]:
    return tuple(fw.text("scale", level.id, locale).text for level in fw.scale)


# --- the self-assessment's own pages ------------------------------------------------------------


@dataclass(frozen=True)
class ProblemPage:
    """An unknown take, a finished one, an unknown statement: what happened and the way on."""

    heading: str
    text: str
    result_link: str


@dataclass(frozen=True)
class OverviewPage:
    assessment: Overview
    total: int
    competence_count: int
    continue_url: str
    timezone: str
    country: str
    result_url: Callable[[int], str]  # a finished take's address, by its id


def overview_page(request: Request, journey: Journey | JourneyFacts, found: Overview) -> OverviewPage:
    fw = get_framework()
    timezone, country = clock_of(journey)
    return OverviewPage(
        assessment=found, total=len(fw.statement_ids()), competence_count=len(fw.competences),
        continue_url=continue_url(request, found.open_take) if found.open_take else "",
        timezone=timezone, country=country, result_url=lambda take_id: result_url(request, take_id),
    )


@dataclass(frozen=True)
class QuestionView:
    """What a question page's markup depends on besides the take (its id is in every link) and the answer chosen,
    which are its slots: the key of its shell (see web.render.Shell), the same for everyone on this statement."""

    locale: str
    statement_id: str
    skipped: bool  # the person skipped it before: the hint says so


def question_context(view: QuestionView, framework: Framework | None = None, **extra: Any) -> dict[str, Any]:
    """What question.html shows for a view: built from the view alone, so the cached shell holds nothing else (a
    dict: the shell adds its marks to it). `extra`: the errors and the slots of a page rendered whole."""
    fw, locale, statement_id = framework or get_framework(), view.locale, view.statement_id
    competence = fw.competence_of(statement_id)
    context: dict[str, Any] = {
        "statement": fw.text("statements", statement_id, locale),
        "competence_name": fw.text("names", competence.id, locale),
        "position": fw.position(statement_id),
        "total": len(fw.statement_ids()),
        "scale": tuple((level.value, fw.text("scale", level.id, locale)) for level in fw.scale),
        "skipped": view.skipped,
        "errors": {},
        "answer_field": ANSWER_FIELD,
        "scale_listen": scale_text(fw, locale),  # the scale's words as one text to listen to (guide.listen)
        "scale_ids": " ".join(f"scale-{level.value}" for level in fw.scale),  # the labels that Listen control reads
        "slot_languages": slot_languages,
    }
    context.update(extra)
    if "recordings" not in context:  # partners' recordings (guide.listen), of the guide as loaded now
        context["recordings"] = recordings_now()
    return context


def slot_languages(languages: list[tuple[str, str, str]], slot: Slots) -> list[tuple[str, str, Markup]]:
    """The header's language links with their addresses as slots: they hold the take's id."""
    return [(code, name, slot("language", code)) for code, name, _url in languages]


class QuestionSlots:
    """The per-person values of a question page: the take's links (its id is in them) and the answer chosen."""

    def __init__(self, request: Request, take_id: int, statement_id: str, current: int | None) -> None:
        self.request, self.current = request, current
        previous = previous_statement(statement_id)  # made where the take is read: the framework is looked up there
        self.urls = {
            "form_url": question_url(request, take_id, statement_id),
            "back_url": question_url(request, take_id, previous) if previous else overview_url(request),
            "check_url": check_url(request, take_id),
        }

    def __call__(self, name: str, arg: str = "") -> Markup:
        if name == "checked":
            return Markup(" checked") if self.current is not None and str(arg) == str(self.current) else Markup("")
        if name in self.urls:
            return escape(self.urls[name])
        if name == "language":
            return escape(locale_url(self.request, arg))
        raise KeyError(name)


def question_shell(request: Request, locale: str, take_id: int, statement_id: str, answers: dict[str, int | None],
                   library: Library) -> Shell[QuestionView]:
    """The page's shell, made in the read: `library` the guide the page was read with, and the framework looked up
    there too (a look-up on the event loop would check their freshness there: a query on PostgreSQL)."""
    fw = get_framework()
    return Shell(question_view(locale, statement_id, answers),
                 lambda view: question_context(view, fw, recordings=library.recordings),
                 question_slots(request, take_id, statement_id, answers), library, path="assessment:question")


def question_view(locale: str, statement_id: str, answers: dict[str, int | None]) -> QuestionView:
    return QuestionView(locale, statement_id, statement_id in answers and answers[statement_id] is None)


def question_slots(request: Request, take_id: int, statement_id: str, answers: dict[str, int | None]) -> QuestionSlots:
    return QuestionSlots(request, take_id, statement_id, answers.get(statement_id))


def question_page(request: Request, locale: str, take_id: int, statement_id: str, answers: dict[str, int | None],
                  errors: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A question page rendered whole (or its htmx block): the shell's context with the slots filled in."""
    return question_context(question_view(locale, statement_id, answers), errors=errors or {},
                            slot=question_slots(request, take_id, statement_id, answers))


@dataclass(frozen=True)
class CheckRow:
    id: str
    text: LocalText
    answer: LocalText | None
    state: str  # "answered", "skipped" or "open"
    url: str


@dataclass(frozen=True)
class CheckGroup:
    id: str
    name: LocalText
    rows: tuple[CheckRow, ...]


@dataclass(frozen=True)
class CheckPage:
    """Check your answers: every statement by competence, with its answer and a link to change it."""

    take_id: int
    groups: tuple[CheckGroup, ...]
    total: int
    answered: int
    skipped: int
    open: int
    finish_url: str
    next_open_url: str


def check_page(request: Request, locale: str, take_id: int, answers: dict[str, int | None]) -> CheckPage:
    fw = get_framework()

    def row(sid: str) -> CheckRow:
        value = answers.get(sid)
        return CheckRow(
            id=sid, text=fw.text("statements", sid, locale),
            answer=fw.text("scale", fw.scale_level(value).id, locale) if value is not None else None,
            state="answered" if value is not None else ("skipped" if sid in answers else "open"),
            url=question_url(request, take_id, sid),
        )

    open_one = next_unanswered(answers)
    return CheckPage(
        take_id=take_id,
        groups=tuple(CheckGroup(c.id, fw.text("names", c.id, locale), tuple(row(sid) for sid in c.statements))
                     for c in fw.competences),
        total=len(fw.statement_ids()),
        answered=sum(1 for v in answers.values() if v is not None),
        skipped=sum(1 for v in answers.values() if v is None),
        open=len(fw.statement_ids()) - len(answers),
        finish_url=url(request, "assessment:finish", take=take_id),
        next_open_url=question_url(request, take_id, open_one) if open_one else "",
    )


@dataclass(frozen=True)
class ResultRow:
    id: str
    name: LocalText
    first_words: str
    level_words: str
    change_words: str


@dataclass(frozen=True)
class ResultPage:
    """The result in the person's words (`view`), then one table of the levels per skill: this take, and the
    first take with the change when this one came later. One table, not a chart and a list saying it again."""

    result: TakeResult
    view: ResultView
    rows: tuple[ResultRow, ...]
    first: TakeResult | None
    scale_words: tuple[str, ...]
    others: tuple[TakeResult, ...]
    open_take: OpenTake | None
    continue_url: str
    timezone: str
    country: str
    result_url: Callable[[int], str]
    feedback: FeedbackForm  # "Was this clear?" at the end (guide.feedback)
    feedback_sent: bool = False  # the reader has just answered it: the thanks
    recordings: Mapping[str, str] = field(default_factory=recordings_now)  # partners' recordings (guide.listen)


def _change_words(delta: int | None) -> str:
    if delta is None:
        return i18n.gettext("Cannot compare: not enough answers")
    if delta > 0:
        return i18n.gettext("More sure now")
    if delta < 0:
        return i18n.gettext("Less sure now")
    return i18n.gettext("The same")


def result_page(request: Request, locale: str, journey: Journey | JourneyFacts, result: TakeResult,
                found: Overview, feedback_sent: bool = False) -> ResultPage:
    fw = get_framework()
    tz, country = clock_of(journey)

    def level_words(level: int | None) -> str:
        return fw.scale_label(level, locale) if level is not None else i18n.gettext("Not enough answers")

    first = found.first if found.first and found.first.id != result.id else None
    delta = changes_since(first, result) if first is not None else {}
    rows = tuple(
        ResultRow(
            id=cid, name=fw.text("names", cid, locale),
            first_words=level_words(first.levels.get(cid)) if first is not None else "",
            level_words=level_words(result.levels[cid]),
            change_words=_change_words(delta[cid]) if first is not None else "",
        )
        for cid in fw.competence_ids()
    )
    return ResultPage(
        result=result, view=result_view(request, result, locale), rows=rows, first=first,
        scale_words=scale_words(fw, locale), others=tuple(t for t in found.finished if t.id != result.id),
        open_take=found.open_take, continue_url=continue_url(request, found.open_take) if found.open_take else "",
        timezone=tz, country=country, result_url=lambda take_id: result_url(request, take_id),
        feedback=FeedbackForm(take=str(result.id)), feedback_sent=feedback_sent,
    )
