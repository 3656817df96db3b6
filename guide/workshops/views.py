"""The workshops' pages as views: the staff's list, form, workshop page and projector view; the participant's
banner, join page and poll page."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response

from guide.barriers.service import THEMES
from guide.content.library import Library, get_library
from guide.core import i18n
from guide.core.i18n import N_
from guide.web.hints import Hint
from guide.web.panels import BODY, TOP, PanelContext, PlanPanel
from guide.web.render import fragment
from guide.workshops.service import (
    ASSESSMENT,
    BARRIERS,
    POLL_SCALE,
    POLL_THRESHOLD,
    TOPICS,
    Attended,
    Banner,
    LiveCounts,
    WorkshopInput,
    WorkshopRow,
    journey_workshops,
)

POLL_QUESTION = N_("How ready do you feel for an interview?")
POLL_WORDS = {1: N_("Not ready yet"), 2: N_("A little ready"), 3: N_("Quite ready"), 4: N_("Ready")}
_SECTION_START = re.compile(r"(?=<h2[ >])")


def poll_choices() -> list[tuple[int, str]]:
    return [(value, i18n.gettext(POLL_WORDS[value])) for value in POLL_SCALE]


def topic_words(topic: str, locale: str, library: Library | None = None) -> str:
    """"Step 3: Choose your goal", "The self-assessment" or "What stands in your way", in the page's language."""
    if topic == ASSESSMENT:
        return i18n.gettext("The self-assessment")
    if topic == BARRIERS:
        return i18n.gettext("What stands in your way")
    step = (library or get_library()).step(locale, int(topic))
    return i18n.gettext("Step %(n)s: %(title)s", n=int(topic), title=step.title)


def centre_name(centre_id: str, locale: str, library: Library | None = None) -> str:
    found = (library or get_library()).centres.get(centre_id)
    return found.name(locale) if found else centre_id


@dataclass(frozen=True)
class ShownWorkshop:
    id: int
    centre: str
    day: str  # "11 December 2026", as the centre's country writes it
    times: str  # "09:30–11:30", by the centre's clock
    topic: str
    language: str
    code: str
    state: str  # "open", "coming" or "ended"
    series: bool
    poll_open: bool


def shown(row: WorkshopRow, locale: str, now: datetime, library: Library | None = None) -> ShownWorkshop:
    library = library or get_library()  # a list shows many: its caller looks the guide up once
    timezone, country = library.clock(row.centre_id)
    state = "open" if row.is_open else ("coming" if row.closed_at is None and now < row.starts_at else "ended")
    return ShownWorkshop(
        id=row.id, centre=centre_name(row.centre_id, locale, library),
        day=i18n.fmt_date(row.starts_at, timezone, country),
        times=f"{i18n.fmt_time(row.starts_at, timezone, country)}–{i18n.fmt_time(row.ends_at, timezone, country)}",
        topic=topic_words(row.topic, locale, library), language=i18n.language_name(row.language), code=row.code,
        state=state,
        series=row.series_id is not None, poll_open=row.poll_open,
    )


@dataclass(frozen=True)
class ListPage:
    upcoming: Sequence[ShownWorkshop]
    past: Sequence[ShownWorkshop]
    notice: str = ""


@dataclass(frozen=True)
class NewPage:
    typed: WorkshopInput
    centres: Sequence[tuple[str, str]]  # id, name
    topics: Sequence[tuple[str, str]]  # id, words
    language_choices: Sequence[tuple[str, str]]  # code, name (not `languages`: the base template has those)
    max_repeat: int
    errors: Mapping[str, str] = field(default_factory=dict)


def new_page(centres: Sequence[str], locale: str, typed: WorkshopInput | None = None,
             errors: Mapping[str, str] | None = None, today: str = "", max_repeat: int = 12) -> NewPage:
    """The form: the only centre, today and the page's language filled in when nothing was typed."""
    if typed is None:
        typed = WorkshopInput(centre=centres[0] if len(centres) == 1 else "", day=today, language=locale)
    library = get_library()
    return NewPage(
        typed=typed,
        centres=[(c, centre_name(c, locale)) for c in centres],
        topics=[(t, topic_words(t, locale, library)) for t in TOPICS],
        language_choices=[(code, i18n.language_name(code)) for code in i18n.available_locales()],
        max_repeat=max_repeat,
        errors=dict(errors or {}),
    )


@dataclass(frozen=True)
class CountsView:
    """The live counts as the projector and the workshop page show them: numbers and the item's words only."""

    joined: int
    items: Sequence[tuple[str, int]]  # a checklist item's text, how many ticked it
    finished: int
    moved_forward: int
    assessment: bool
    poll_open: bool
    answered: int
    poll: Sequence[tuple[str, int]] | None  # an answer's words and its count, once enough answered
    threshold: int = POLL_THRESHOLD
    barriers: bool = False  # the barriers check: "answered the check", and no checklist


def counts_view(counts: LiveCounts, topic: str, language: str, poll_open: bool,
                library: Library | None = None) -> CountsView:
    items: list[tuple[str, int]] = []
    if topic not in (ASSESSMENT, BARRIERS):
        step = (library or get_library()).step(language, int(topic))
        items = [(item.text, counts.ticks.get(item.id, 0)) for item in step.checklist]
    poll = [(i18n.gettext(POLL_WORDS[v]), n) for v, n in counts.poll.items()] if counts.poll is not None else None
    return CountsView(counts.joined, items, counts.finished, counts.moved_forward, topic == ASSESSMENT, poll_open,
                      counts.answered, poll, barriers=topic == BARRIERS)


def live_markup(request: Request, workshop_id: int, section: int, counts: CountsView) -> str:
    """The projector's live counts (workshops/_live.html), as one server-sent event carries them."""
    return fragment(request, "workshops/_live.html", {"workshop_id": workshop_id, "section": section,
                                                     "counts": counts, "poll_question": i18n.gettext(POLL_QUESTION)})


@dataclass(frozen=True)
class WorkshopPage:
    workshop: ShownWorkshop
    counts: CountsView
    poll_question: str
    notice: str = ""


@dataclass(frozen=True)
class ScreenPage:
    """The projector view: one section of the step's text, large, and the live counts beside it."""

    workshop: ShownWorkshop
    counts: CountsView
    section: int  # 1-based
    sections: int
    content_html: Markup
    content_lang: str  # the language the text is in
    poll_question: str


def sections_of(topic: str, language: str, library: Library | None = None) -> tuple[str, list[Markup]]:
    """The topic's text cut into sections at its headings: the introduction first, then one per heading, then the
    checklist; and the language the text is in."""
    if topic == ASSESSMENT:
        text = i18n.translations(language).gettext(
            "Open the self-assessment from your list of steps. Read each sentence and choose the answer that fits "
            "you best. There are no wrong answers.")
        return language, [Markup("<p>{}</p>").format(text)]
    if topic == BARRIERS:
        words = i18n.translations(language).gettext
        intro = words(N_("Open “What stands in your way” from your list of steps. For each theme, choose: no "
                         "problem, I’d like help, or not now. Your answers are yours: nobody in the room sees them."))
        themes = Markup("").join(Markup("<li>{}</li>").format(words(theme.words)) for theme in THEMES)
        return language, [Markup("<p>{}</p>").format(intro),
                          Markup("<h2>{}</h2><ul>{}</ul>").format(words(N_("The themes")), themes)]
    step = (library or get_library()).step(language, int(topic))
    parts = [part for part in _SECTION_START.split(step.body_html) if part.strip()]
    title = Markup("<h2>{}</h2>").format(step.title)
    sections = [Markup(title + Markup(parts[0]))] if parts else [title]
    sections += [Markup(part) for part in parts[1:]]
    if step.checklist:
        heading = i18n.translations(language).gettext("Things to do")
        items = Markup("").join(Markup("<li>{}</li>").format(item.text) for item in step.checklist)
        sections.append(Markup("<h2>{}</h2><ul>{}</ul>").format(heading, items))
    return step.locale_of("body"), sections


@dataclass(frozen=True)
class BannerView:
    """The banner on a participant's pages: the workshop they are in (with the poll when it is asked), or the small
    form to join one."""

    banner: Banner | None
    origin: str  # "steps" or "plan": where the banner's forms lead back to
    notice: str = ""  # what was just done: "joined", "again", "left", "answered"
    topic: str = ""
    centre: str = ""
    show_join: bool = True
    poll_question: str = ""
    choices: Sequence[tuple[int, str]] = ()


NOTICES = ("joined", "again", "left", "answered")


def banner_view(banner: Banner | None, locale: str, origin: str, notice: str = "",
                show_join: bool = True, library: Library | None = None) -> BannerView:
    notice = notice if notice in NOTICES else ""
    if banner is None:
        return BannerView(None, origin, notice, show_join=show_join)
    return BannerView(banner, origin, notice, topic_words(banner.topic, locale, library),
                      centre_name(banner.centre_id, locale, library), show_join, i18n.gettext(POLL_QUESTION),
                      poll_choices())


IN_WORKSHOP = Hint("ts_workshop")  # this browser joined a workshop: its step pages look for the banner


def banner_markup(request: Request, view: BannerView) -> Markup:
    """The banner rendered, for a journey page's slot."""
    return fragment(request, "workshops/_banner.html", {"banner": view})


@dataclass(frozen=True)
class ShownAttended:
    day: str
    centre: str
    topic: str


def attended_view(rows: Sequence[Attended], locale: str, library: Library) -> list[ShownAttended]:
    shown_rows = []
    for row in rows:
        timezone, country = library.clock(row.centre_id)
        shown_rows.append(ShownAttended(i18n.fmt_date(row.starts_at, timezone, country),
                                        centre_name(row.centre_id, locale, library),
                                        topic_words(row.topic, locale, library)))
    return shown_rows


@dataclass(frozen=True)
class JoinPage:
    typed: str = ""
    errors: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PollPage:
    workshop_id: int
    poll_question: str
    choices: Sequence[tuple[int, str]]
    errors: Mapping[str, str] = field(default_factory=dict)


# --- on My plan (guide.journeys.plan_panels): the banner under the title, the workshops attended further down ----


def _plan_read(db: Session, ctx: PanelContext) -> tuple[Banner | None, list[Attended]]:
    return journey_workshops(db, ctx.journey_id, ctx.now)


def _plan_show(ctx: PanelContext, found: tuple[Banner | None, list[Attended]]) -> dict[str, Markup]:
    banner, rows = found
    view = banner_view(banner, ctx.locale, "plan", ctx.query.get("workshop", ""), library=ctx.library)
    return {TOP: banner_markup(ctx.request, view),
            BODY: fragment(ctx.request, "workshops/_plan.html", {"workshops": attended_view(rows, ctx.locale,
                                                                                             ctx.library)})}


def _plan_respond(ctx: PanelContext, found: tuple[Banner | None, list[Attended]], response: Response) -> None:
    IN_WORKSHOP.keep(ctx.request, response, found[0] is not None)


PLAN_PANEL = PlanPanel("workshops", _plan_read, _plan_show, respond=_plan_respond)
