"""The barriers pages as views: the grouped check, its summary, the My plan items, a step's reminder and the coach's
list."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup
from sqlmodel import Session
from starlette.responses import Response

from guide.barriers.service import (
    ANSWERS,
    BY_ID,
    THEME_IDS,
    THEMES,
    WANT_HELP,
    WORKING_ON,
    BarrierRow,
    field_name,
    wanted_help,
)
from guide.content.library import Centre, HelpEntry, Library, get_library
from guide.core import i18n
from guide.web.hints import Hint
from guide.web.panels import BODY, PanelContext, PlanPanel
from guide.web.render import fragment

ANSWER_WORDS = {
    "no_problem": i18n.N_("No problem"),
    "want_help": i18n.N_("I’d like help"),
    "not_now": i18n.N_("Not now"),
}

# This browser's journey asked for help with something: steps 4 and 6 look for their reminder (guide.web.hints).
ASKED_HELP = Hint("ts_help")


@dataclass(frozen=True)
class Question:
    name: str  # the form field
    legend: str
    value: str  # the answer chosen (or typed, when the form comes back), "" for none
    pictogram: str = ""  # the theme's pictogram id, "" for none


@dataclass(frozen=True)
class BarriersPage:
    questions: Sequence[Question]
    options: Sequence[tuple[str, str]]  # answer, words
    errors: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SummaryRow:
    name: str  # the form field, the "Change" link's anchor
    words: str
    answer: str  # the answer's words, "" when skipped
    working_on: bool
    pictogram: str = ""


@dataclass(frozen=True)
class SummaryPage:
    rows: Sequence[SummaryRow]
    notice: str = ""


@dataclass(frozen=True)
class HelpItem:
    """One "I'd like help" on My plan, with the centre's help for the step where it matters."""

    theme: str
    title: str
    step: int
    working_on: bool
    help_lang: str
    entries: Sequence[HelpEntry]
    pictogram: str = ""  # the theme's pictogram id, "" for none


@dataclass(frozen=True)
class CoachBarrier:
    theme: str
    words: str
    answer: str
    want_help: bool
    working_on: bool
    pictogram: str = ""


def theme_pictograms(library: Library | None = None) -> dict[str, str]:
    """Each theme's pictogram, from the guide the page has (My plan's panels) or else the guide as it is now (sync
    routes: read in the thread pool, never on the event loop)."""
    library = library or get_library()
    return {theme: library.barrier_pictogram(theme) for theme in THEME_IDS}


def _options() -> list[tuple[str, str]]:
    return [(a, i18n.gettext(ANSWER_WORDS[a])) for a in ANSWERS]


def barriers_page(saved: Mapping[str, BarrierRow], typed: Mapping[str, str] | None = None,
                  errors: Mapping[str, str] | None = None, pictograms: Mapping[str, str] | None = None) -> BarriersPage:
    """The check with what is saved, or with what was sent when it comes back with errors. `pictograms`: theme ->
    pictogram id (Library.barrier_pictogram)."""
    values = dict(typed) if typed is not None else {t: row.answer for t, row in saved.items()}
    pictograms = pictograms or {}
    questions = [Question(field_name(t.id), i18n.gettext(t.words), values.get(t.id, ""), pictograms.get(t.id, ""))
                 for t in THEMES]
    return BarriersPage(questions, _options(), dict(errors or {}))


def summary_page(saved: Mapping[str, BarrierRow], notice: str = "",
                 pictograms: Mapping[str, str] | None = None) -> SummaryPage:
    pictograms = pictograms or {}
    rows = []
    for theme in THEMES:
        row = saved.get(theme.id)
        answer = i18n.gettext(ANSWER_WORDS[row.answer]) if row and row.answer in ANSWER_WORDS else ""
        rows.append(SummaryRow(field_name(theme.id), i18n.gettext(theme.words), answer,
                               bool(row and row.coach_status == WORKING_ON), pictograms.get(theme.id, "")))
    return SummaryPage(rows, notice)


def help_items(wanted: Sequence[BarrierRow], centre: Centre | None, locale: str,
               pictograms: Mapping[str, str] | None = None) -> list[HelpItem]:
    """Each "I'd like help" with the centre's help for it: the directory's entries for the theme where the centre has
    a directory (guide.directory), else its help texts for the step where the theme matters."""
    pictograms = pictograms or {}
    items = []
    for row in wanted:
        theme = BY_ID[row.theme]
        lang, entries = centre.help_for(locale, theme.step, theme.id) if centre else (locale, ())
        items.append(HelpItem(theme.id, i18n.gettext(theme.help_words), theme.step, row.coach_status == WORKING_ON,
                              lang, tuple(entries), pictograms.get(theme.id, "")))
    return items


def reminder_words(wanted: Sequence[BarrierRow], step: int) -> list[str]:
    """The themes asked help with that matter on this step, as words for "You asked for help with …"."""
    return [i18n.gettext(BY_ID[r.theme].words) for r in wanted if BY_ID[r.theme].step == step]


def coach_barriers(shared: Mapping[str, BarrierRow] | None,
                   pictograms: Mapping[str, str] | None = None) -> list[CoachBarrier] | None:
    """The client's answers in the themes' order (None when not shared)."""
    if shared is None:
        return None
    pictograms = pictograms or {}
    return [
        CoachBarrier(t.id, i18n.gettext(t.words), i18n.gettext(ANSWER_WORDS[row.answer]), row.answer == WANT_HELP,
                     row.coach_status == WORKING_ON, pictograms.get(t.id, ""))
        for t in THEMES if (row := shared.get(t.id)) is not None and row.answer in ANSWER_WORDS
    ]


# --- on My plan (guide.journeys.plan_panels) ---------------------------------------------------------------------


def _plan_read(db: Session, ctx: PanelContext) -> list[BarrierRow]:
    return wanted_help(db, ctx.journey_id)


def _plan_show(ctx: PanelContext, wanted: list[BarrierRow]) -> dict[str, Markup]:
    items = help_items(wanted, ctx.centre, ctx.locale, theme_pictograms(ctx.library))
    return {BODY: fragment(ctx.request, "barriers/_plan.html", {"help_items": items, "centre": ctx.centre})}


def _plan_respond(ctx: PanelContext, wanted: list[BarrierRow], response: Response) -> None:
    ASKED_HELP.keep(ctx.request, response, bool(wanted))


PLAN_PANEL = PlanPanel("barriers", _plan_read, _plan_show, respond=_plan_respond)
