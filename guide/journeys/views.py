"""The job seeker's pages as views: frozen dataclasses whose fields the templates read, and the step page's view
(the key of its cached shell) with the per-person values filled into it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from guide.assessment.service import STEP as ASSESSMENT_STEP
from guide.barriers.service import BARRIERS_STEP, REMINDER_STEPS
from guide.content.library import STEP_COUNT, Library, Step, centre_clock, get_library
from guide.core import i18n
from guide.feedback.views import FeedbackForm
from guide.journeys.forms import CV_STEP, STEP_WITH_SECTOR
from guide.journeys.models import Journey
from guide.journeys.service import (
    COMPLETED,
    IN_PROGRESS,
    MAX_ANSWER_LENGTH,
    JourneyFacts,
    Progress,
    StepInput,
    StepState,
)
from guide.listen.recordings import recordings_now
from guide.listen.texts import question_text, step_sections
from guide.web.panels import BODY, TOP


class CentreChoice(NamedTuple):  # a tuple: the start page unpacks it
    id: str
    name: str
    description: str


def centre_choices(locale: str) -> tuple[CentreChoice, ...]:
    centres = get_library().centres.values()
    return tuple(sorted((CentreChoice(c.id, c.name(locale), c.description(locale)) for c in centres),
                        key=lambda c: c.name))


@dataclass(frozen=True)
class StartPage:
    centres: tuple[CentreChoice, ...]
    notice: str = ""
    notice_key: str = ""  # which notice, for the page to choose its emphasis
    errors: Mapping[str, str] = field(default_factory=dict)
    recordings: Mapping[str, str] = field(default_factory=recordings_now)  # partners' recordings (guide.listen)


@dataclass(frozen=True)
class StartView:
    """What the start page's markup depends on (its shell's key, see web.render.Shell): the same for everyone who
    comes with the same notice in the same language; the CSRF token is the one value filled in per request."""

    locale: str
    notice_key: str = ""  # one of the start page's notices (guide.journeys.routes.NOTICES), or ""
    notice: str = ""  # that notice, translated


def start_context(view: StartView) -> dict[str, Any]:
    """What start.html shows for a view (a dict: the shell adds its marks to it)."""
    return dict(vars(StartPage(centre_choices(view.locale), view.notice, view.notice_key)))


def no_slots(name: str, _arg: str = "") -> Markup:
    """The slots of a shell that has none besides the CSRF token (the start page)."""
    raise KeyError(name)


@dataclass(frozen=True)
class CodePage:
    """The new code, to note down or print: with a QR code to scan and the date it was made."""

    code: str
    qr_svg: Markup | str
    site_address: str
    made_on: str
    recordings: Mapping[str, str] = field(default_factory=recordings_now)  # partners' recordings (guide.listen)


@dataclass(frozen=True)
class ResumePage:
    typed: str = ""
    errors: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FinishedBanner:
    """After "I have finished this step": the step just finished and the next one not finished yet."""

    step: Step
    next: Step | None


def finished_banner(library: Library, progress: Progress | Statuses, done: str, locale: str,
                    country: str = "") -> FinishedBanner | None:
    """The step of ?done=N and the next one not finished, looking on from it and then from the start; None when
    the step is not finished (an old or made-up link)."""
    if not done.isdigit() or not 1 <= int(done) <= STEP_COUNT or progress.state(int(done)).status != COMPLETED:
        return None
    number = int(done)
    ring = [*range(number + 1, STEP_COUNT + 1), *range(1, number)]
    later = [n for n in ring if progress.state(n).status != COMPLETED]
    return FinishedBanner(library.step(locale, number, country),
                          library.step(locale, later[0], country) if later else None)


@dataclass(frozen=True)
class Statuses:
    """A journey's progress as the task list shows it: each step's status only."""

    statuses: tuple[str, ...]  # step 1 first

    @property
    def completed_count(self) -> int:
        return self.statuses.count(COMPLETED)

    def state(self, step: int) -> StepState:
        return StepState(status=self.statuses[step - 1])


@dataclass(frozen=True)
class TaskListView:
    """What the task list's markup depends on besides the person's notes and self-assessment panel (its slots):
    the key of its shell (see web.render.Shell)."""

    locale: str
    statuses: tuple[str, ...]
    done: str  # the step of ?done=N when that step is finished (the banner), else ""
    country: str = ""  # the centre's country, only where its step variants differ (else one shell for all)
    neighbourhoods: bool = False  # the centre has some: the page asks which one (guide.places)


def task_list_view(locale: str, progress: Progress, done: str, library: Library | None = None,
                   centre_id: str = "") -> TaskListView:
    statuses = Statuses(tuple(progress.state(n).status for n in range(1, STEP_COUNT + 1)))
    # Only a finished step's number goes into the key: a made-up ?done= makes no shell of its own.
    done = done if done.isdigit() and 1 <= int(done) <= STEP_COUNT and statuses.state(int(done)).status == COMPLETED \
        else ""
    country = library.country_of(centre_id) if library is not None else ""
    country = country if library is not None and library.has_variants(locale, country) else ""
    centre = library.centres.get(centre_id) if library is not None else None
    return TaskListView(locale, statuses.statuses, str(int(done)) if done else "", country,
                        bool(centre and centre.neighbourhoods))


def task_list_context(view: TaskListView, library: Library, **extra: Any) -> dict[str, Any]:
    """What task_list.html shows for a view: built from the view alone, so the cached shell holds nothing else."""
    progress = Statuses(view.statuses)
    context: dict[str, Any] = {
        "progress": progress,
        "steps": library.all_steps(view.locale, view.country),
        "finished": finished_banner(library, progress, view.done, view.locale, view.country),
        "IN_PROGRESS": IN_PROGRESS,
        "COMPLETED": COMPLETED,
        "neighbourhoods": view.neighbourhoods,
    }
    context.update(extra)
    return context


class TaskListSlots:
    """The per-person parts of the task list, rendered: the coaches' notes, the self-assessment panel and the
    workshop banner (or the form to join one)."""

    def __init__(self, notes: Markup, panel: Markup, workshop: Markup | None = None) -> None:
        self.notes, self.panel, self.workshop = notes, panel, workshop or Markup("")

    def __call__(self, name: str, arg: str = "") -> Markup:
        if name == "next_steps":
            return self.notes
        if name == "panel":
            return self.panel
        if name == "workshop":
            return self.workshop
        raise KeyError(name)


@dataclass(frozen=True)
class PlanView:
    """What My plan's markup depends on besides the person's ticks, answers, the date and the features' parts (its
    slots): the key of its shell (see web.render.Shell). The statuses are few per person, so they are in the key, as
    on the task list."""

    locale: str
    centre_id: str
    sector: str  # the journey's goal, a sector's id ("" when none is chosen)
    statuses: tuple[str, ...]  # step 1 first
    notice: str = ""  # a feature's `?done=` notice, translated


def plan_view(progress: Progress, journey: Journey | JourneyFacts, locale: str, notice: str = "") -> PlanView:
    return PlanView(locale, journey.centre_id, journey.sector or "",
                    tuple(progress.state(n).status for n in range(1, STEP_COUNT + 1)), notice)


def plan_context(view: PlanView, library: Library) -> dict[str, Any]:
    """What plan.html shows for a view: built from the view alone, so the cached shell holds nothing else."""
    centre = library.centres.get(view.centre_id)
    sector = library.sectors.get(view.sector)
    return {
        "progress": Statuses(view.statuses),
        "steps": library.all_steps(view.locale, centre_clock(centre)[1]),
        "centre": centre,
        "sector_name": sector.name(view.locale) if sector else "",
        "notice": view.notice,
    }


class PlanSlots:
    """The per-person values of My plan: each checklist item's tick, each answer, the date printed on it and the
    features' parts (guide.web.panels), rendered."""

    def __init__(self, progress: Progress, timezone: str, country: str, now: datetime,
                 parts: Mapping[str, Sequence[Markup]]) -> None:
        self.progress, self.timezone, self.country, self.now = progress, timezone, country, now
        self.top = Markup("").join(parts.get(TOP, ()))
        self.body = Markup("\n").join(parts.get(BODY, ()))

    def _ticked(self, arg: str) -> bool:
        step, _, item_id = arg.partition(":")
        return item_id in self.progress.state(int(step)).ticks

    def __call__(self, name: str, arg: str = "") -> Markup:
        if name == "tick_class":
            return Markup("ticked") if self._ticked(arg) else Markup("open")
        if name == "tick_words":  # said before the item, to a screen reader
            return escape(i18n.gettext("Done:") if self._ticked(arg) else i18n.gettext("Not done yet:"))
        if name == "tick_mark":
            return Markup("✔") if self._ticked(arg) else Markup("☐")
        if name == "answer":
            step, _, qid = arg.partition(":")
            answer = self.progress.state(int(step)).answers.get(qid)
            return escape(answer) if answer else Markup("<em>{}</em>").format(i18n.gettext("No answer yet"))
        if name == "printed":
            return escape(i18n.fmt_date(self.now, self.timezone, self.country))
        if name == "top":
            return self.top
        if name == "body":
            return self.body
        raise KeyError(name)


@dataclass(frozen=True)
class DeletePage:
    errors: Mapping[str, str] = field(default_factory=dict)


# --- the step page: a view per shape, the person's values as slots --------------------------------------------


@dataclass(frozen=True)
class StepView:
    """Everything a step page's markup depends on besides each person's values (the slots), the guide and what
    every page shares: a frozen value, so that it is the key of the step's cached shell (see web.render.Shell)."""

    locale: str
    number: int
    centre_id: str
    status: str
    saved: bool  # the page says when it was saved (the time itself is a slot)
    feedback_sent: bool = False  # the reader has just answered "Was this clear?": the thanks


def step_view(locale: str, number: int, journey: Journey | JourneyFacts, state: StepState,
              feedback_sent: bool = False) -> StepView:
    return StepView(locale, number, journey.centre_id, state.status, state.updated_at is not None, feedback_sent)


def step_context(view: StepView, library: Library, **extra: Any) -> dict[str, Any]:
    """What step.html shows for a view of the guide: built from the view alone, so the cached shell holds nothing
    else (a dict: the shell adds its slot marks to it); step 5's self-assessment panel is a slot. `extra` what
    differs from the defaults below (errors, typed values, the slots)."""
    centre = library.centres.get(view.centre_id)
    help_lang, help_entries = centre.help_for(view.locale, view.number) if centre else (view.locale, ())
    # The centre's country picks the step's variant (the view's centre is in the shell's key).
    step = library.step(view.locale, view.number, centre.country if centre else "")
    context: dict[str, Any] = {
        "step": step,
        "sections": step_sections(step),  # the body in parts, each with its Listen control (guide.listen)
        "question_text": question_text,  # what a question's Listen control reads: its label and hint
        "recordings": library.recordings,  # partners' recordings, played instead of the synthetic speech
        "number": view.number,
        "status": view.status,
        "saved": view.saved,
        "centre": centre,
        "help_lang": help_lang,
        "help_entries": help_entries,
        "sectors": ([(s.id, s.name(view.locale)) for s in library.sectors.values()]
                    if view.number == STEP_WITH_SECTOR else []),
        "max_answer": MAX_ANSWER_LENGTH,
        "CV_STEP": CV_STEP,
        "errors": {},
        "typed": None,
        "COMPLETED": COMPLETED,
        "IN_PROGRESS": IN_PROGRESS,
        "assessment_panel": view.number == ASSESSMENT_STEP,  # where the "panel" slot goes
        "feedback": FeedbackForm(),  # "Was this clear?", empty: the same for every reader
        "feedback_sent": view.feedback_sent,
        "barriers_step": view.number == BARRIERS_STEP,  # the link to the barriers check
        "barriers_reminder": view.number in REMINDER_STEPS,  # where the "reminder" slot goes
    }
    context.update(extra)
    return context


class StepSlots:
    """The per-person values of a step page (see web.render.Shell): what was typed when a form comes back with
    errors, otherwise what is saved."""

    def __init__(self, state: StepState, typed: StepInput | None, chosen_sector: str | None, timezone: str,
                 country: str, panel: Markup | None = None, workshop: Markup | None = None,
                 reminder: Markup | None = None) -> None:
        self.panel = panel or Markup("")  # step 5: the self-assessment panel, rendered (see panel_fragment)
        self.workshop = workshop or Markup("")  # the workshop banner, rendered (guide.workshops.views)
        self.reminder = reminder or Markup("")  # steps 4 and 6: the help asked for (see reminder_fragment)
        self.ticks = typed.ticks if typed else state.ticks
        self.answers = typed.answers if typed else state.answers
        self.sector = typed.sector if typed else chosen_sector
        self.saved_at, self.timezone, self.country = state.updated_at, timezone, country

    def __call__(self, name: str, arg: str = "") -> Markup:
        if name == "tick":
            return Markup(" checked") if arg in self.ticks else Markup("")
        if name == "sector":
            return Markup(" checked") if arg == self.sector else Markup("")
        if name == "answer":
            return escape(self.answers.get(arg, ""))
        if name == "panel":
            return self.panel
        if name == "workshop":
            return self.workshop
        if name == "reminder":
            return self.reminder
        if name == "saved_time":
            return escape(i18n.fmt_time(self.saved_at, self.timezone, self.country)) if self.saved_at else Markup("")
        raise KeyError(name)


def step_slots(library: Library, journey: Journey | JourneyFacts, state: StepState,
               typed: StepInput | None, panel: Markup | None = None, workshop: Markup | None = None,
               reminder: Markup | None = None) -> StepSlots:
    timezone, country = library.clock(journey.centre_id)
    return StepSlots(state, typed, journey.sector, timezone, country, panel, workshop, reminder)
