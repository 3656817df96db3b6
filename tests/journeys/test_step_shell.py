"""The step page is rendered once per shape and filled per person (guide.web.render.Shell). It must give exactly
the bytes a plain render gives, for every step, status, centre and language, whatever the person typed."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from starlette.requests import Request

from guide.app import ROUTERS
from guide.assessment.service import STEP as ASSESSMENT_STEP
from guide.content.library import STEP_COUNT, get_library
from guide.core.i18n import set_locale
from guide.journeys.service import COMPLETED, IN_PROGRESS, NOT_STARTED, JourneyFacts, StepState
from guide.journeys.views import step_context, step_slots, step_view
from guide.web.render import Shell, ShellCache, render

LOCALES = ("nl", "fr", "en")
STATUSES = (NOT_STARTED, IN_PROGRESS, COMPLETED)
SAVED = datetime(2026, 11, 30, 14, 5, tzinfo=UTC)
# The pages build their links from the app's routes (guide.web.urls): an app with them, no database needed.
APP = FastAPI()
APP.state.shells = ShellCache()
for _router in ROUTERS:
    APP.include_router(_router)


def _request(locale: str, number: int) -> Request:
    scope = {"type": "http", "method": "GET", "path": f"/{locale}/steps/{number}", "query_string": b"",
             "headers": [], "state": {"locale": locale, "csrf_seed": "seed"}, "scheme": "http",
             "server": ("testserver", 80), "root_path": "", "app": APP}
    return Request(scope)


def _both(locale: str, number: int, centre: str, state: StepState, sector: str | None,
          title: str | None = None) -> tuple[str, str]:
    set_locale(locale)  # as the app's middleware does for each request: the catalogue is the request's
    journey = JourneyFacts(id=1, centre_id=centre, locale=locale, sector=sector)
    plain_request, shell_request = _request(locale, number), _request(locale, number)
    for request in (plain_request, shell_request):
        request.state.journey = journey

    view = step_view(locale, number, journey, state)

    def context_of(view) -> dict:  # noqa: ANN001
        context = step_context(view, get_library())
        if title is not None:  # a text of the guide as an editor or an imported file may have left it
            context["step"] = dataclasses.replace(context["step"], title=title)
        return context

    panel = Markup('<section class="panel" id="assessment-panel">…</section>') if number == ASSESSMENT_STEP else None
    slots = step_slots(get_library(), journey, state, None, panel)
    plain = render(plain_request, "journeys/step.html", {**context_of(view), "slot": slots})
    # other content, another shell: a changed title stands for content loaded anew
    content = get_library() if title is None else object()
    shell = render(shell_request, "journeys/step.html",
                   shell=Shell(view, context_of, slots, content))
    return plain.body.decode(), shell.body.decode()


def _state(status: str, number: int, locale: str, filled: bool) -> StepState:
    step = get_library().step(locale, number)
    if not filled:
        return StepState(status=status)
    ticks = {item.id for item in step.checklist[::2]}
    answers = {q.id: f"Mijn antwoord <b>{q.id}</b> & “quotes”" for q in step.questions[:1]}
    return StepState(status=status, ticks=ticks, answers=answers, updated_at=SAVED)


STEPS = list(range(1, STEP_COUNT + 1))  # step 5 too: its self-assessment panel is a slot


@pytest.mark.parametrize("locale", LOCALES)
def test_every_step_status_and_centre_renders_the_same_through_the_shell(locale):
    centres = sorted(get_library().centres)
    for number, status, centre, filled in itertools.product(STEPS, STATUSES, centres, (False, True)):
        sector = "care" if filled else None
        plain, shell = _both(locale, number, centre, _state(status, number, locale, filled), sector)
        assert shell == plain, (locale, number, status, centre, filled)


typed_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=60, deadline=None)
@given(number=st.sampled_from(STEPS), locale=st.sampled_from(LOCALES), status=st.sampled_from(STATUSES),
       answer=typed_text, tick_every=st.integers(1, 3), saved=st.booleans())
def test_whatever_a_person_typed_the_shell_gives_the_plain_page(number, locale, status, answer, tick_every, saved):
    step = get_library().step(locale, number)
    state = StepState(status=status, ticks={i.id for i in step.checklist[::tick_every]},
                      answers={q.id: answer for q in step.questions}, updated_at=SAVED if saved else None)
    plain, shell = _both(locale, number, "kortrijk", state, None)
    assert shell == plain


@settings(max_examples=60, deadline=None)
@given(number=st.sampled_from(STEPS), locale=st.sampled_from(LOCALES),
       title=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
       | st.sampled_from(["A\x00tick\x1fx\x00", "\x00csrf\x1f\x00", "\x1f", "tensteps-slot-:csrf::"]))
def test_whatever_the_content_holds_the_shell_gives_the_plain_page(number, locale, title):
    """Content, unlike a form, can bring any character (a file imported before its text was cleaned): the shell's
    marks must never be mistaken for it."""
    step = get_library().step(locale, number)
    state = StepState(status=IN_PROGRESS, ticks={i.id for i in step.checklist[::2]},
                      answers={q.id: "mijn antwoord" for q in step.questions}, updated_at=SAVED)
    plain, shell = _both(locale, number, "kortrijk", state, None, title=title)
    assert shell == plain


# --- the task list: one shell per language and statuses, the notes and the panel its slots --------------------------


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("done", ["", "3", "10", "nonsense"])
def test_the_task_list_renders_the_same_through_the_shell(locale, done):
    from guide.journeys.service import Progress
    from guide.journeys.views import TaskListSlots, task_list_context, task_list_view

    set_locale(locale)
    journey = JourneyFacts(id=1, centre_id="kortrijk", locale=locale, sector=None)
    slots = TaskListSlots(Markup('<div class="notice next-step">Bring <b>your CV</b></div>'),
                          Markup('<section id="assessment-panel">…</section>'))
    for statuses in [(NOT_STARTED,) * STEP_COUNT, (COMPLETED, IN_PROGRESS, COMPLETED) + (NOT_STARTED,) * 7,
                     (COMPLETED,) * STEP_COUNT]:
        progress = Progress(journey, {n: StepState(status=s) for n, s in enumerate(statuses, 1)})
        view = task_list_view(locale, progress, done)
        plain_request, shell_request = (Request({**_request(locale, 1).scope, "path": f"/{locale}/steps"})
                                        for _ in range(2))
        for request in (plain_request, shell_request):
            request.state.journey = journey
        plain = render(plain_request, "journeys/task_list.html",
                       {**task_list_context(view, get_library()), "slot": slots})
        shell = render(shell_request, "journeys/task_list.html",
                       shell=Shell(view, lambda v: task_list_context(v, get_library()), slots, get_library()))
        assert shell.body == plain.body, (locale, statuses, done)
        assert b"Bring <b>your CV</b>" in plain.body and b'id="assessment-panel"' in plain.body
        assert (b'id="done-banner"' in plain.body) == (done in ("3", "10") and statuses[int(done) - 1] == COMPLETED)


# --- My plan: one shell per language, centre, goal and statuses; the ticks, answers, date and parts its slots ------


def _plan(locale: str, progress, parts: dict, cache: ShellCache | None = None) -> tuple[str, str]:  # noqa: ANN001
    from guide.journeys.views import PlanSlots, plan_context, plan_view

    set_locale(locale)
    journey = progress.journey
    app = FastAPI()
    app.state.shells = cache if cache is not None else ShellCache()
    for router in ROUTERS:
        app.include_router(router)
    plain_request, shell_request = (Request({**_request(locale, 1).scope, "path": f"/{locale}/plan", "app": app})
                                    for _ in range(2))
    for request in (plain_request, shell_request):
        request.state.journey = journey
    view = plan_view(progress, journey, locale)
    slots = PlanSlots(progress, "Europe/Brussels", "BE", SAVED, parts)
    plain = render(plain_request, "journeys/plan.html", {**plan_context(view, get_library()), "slot": slots})
    shell = render(shell_request, "journeys/plan.html",
                   shell=Shell(view, lambda v: plan_context(v, get_library()), slots, get_library()))
    return plain.body.decode(), shell.body.decode()


def _progress(locale: str, journey: JourneyFacts, answer: str, tick_every: int):  # noqa: ANN202
    from guide.journeys.service import Progress

    states = {}
    for n in STEPS:
        step = get_library().step(locale, n)
        states[n] = StepState(status=IN_PROGRESS if n % 2 else NOT_STARTED,
                              ticks={i.id for i in step.checklist[::tick_every]},
                              answers={q.id: answer for q in step.questions[:1]}, updated_at=SAVED)
    return Progress(journey, states)


@settings(max_examples=40, deadline=None)
@given(locale=st.sampled_from(LOCALES), answer=typed_text, tick_every=st.integers(1, 3))
def test_my_plan_renders_the_same_through_the_shell(locale, answer, tick_every):
    journey = JourneyFacts(id=1, centre_id="kortrijk", locale=locale, sector="care")
    parts = {"top": [Markup('<div class="workshop-banner">In a <b>workshop</b></div>')],
             "body": [Markup("<section>barriers</section>"), Markup("<section>outcomes</section>")]}
    plain, shell = _plan(locale, _progress(locale, journey, answer, tick_every), parts)
    assert shell == plain
    assert "In a <b>workshop</b>" in plain and "<section>barriers</section>\n<section>outcomes</section>" in plain


def test_two_people_in_one_plan_shell_each_see_their_own_ticks_and_answers():
    cache = ShellCache()
    journey = JourneyFacts(id=1, centre_id="kortrijk", locale="en", sector=None)
    _plain, mine = _plan("en", _progress("en", journey, "I <b>drive</b>", 1), {}, cache)
    _plain, theirs = _plan("en", _progress("en", journey, "", 2), {}, cache)  # the shell made for mine
    assert len(cache) == 1  # one shape: one shell for both
    assert "I &lt;b&gt;drive&lt;/b&gt;" in mine and "drive" not in theirs
    assert "<em>No answer yet</em>" in theirs and "No answer yet" in mine  # mine answers only each first question
    assert mine.count('class="ticked"') > theirs.count('class="ticked"') > 0


def test_the_shell_cache_drops_the_least_recently_used_shell_first():
    content = object()
    cache = ShellCache(size=2)
    cache.put(("busy",), content, ["busy"])
    cache.put(("once",), content, ["once"])
    assert cache.get(("busy",), content) == ["busy"]  # used again: now the most recent
    cache.put(("new",), content, ["new"])
    assert cache.get(("busy",), content) == ["busy"] and cache.get(("once",), content) is None
    assert cache.get(("busy",), object()) is None  # other content: never another's shell
