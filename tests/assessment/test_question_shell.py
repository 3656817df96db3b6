"""A self-assessment question is rendered once per statement and language and filled per person (guide.web.render
.Shell): the take's links (the header's language links too) and the answer chosen are its slots. The shell must give
exactly the bytes a plain render gives, and two people on one shell each see their own take and answer."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.requests import Request

from guide.app import ROUTERS
from guide.content.library import get_library
from guide.core.i18n import set_locale
from guide.journeys.service import JourneyFacts
from guide.web.render import Shell, ShellCache, render
from skills_audit.framework import LocalText, get_framework

LOCALES = ("nl", "fr", "en")
IDS = get_framework().statement_ids()
VALUES = [level.value for level in get_framework().scale]


def _app(cache: ShellCache) -> FastAPI:
    app = FastAPI()  # the pages build their links from the app's routes: an app with them, no database needed
    app.state.shells = cache
    for router in ROUTERS:
        app.include_router(router)
    return app


def _request(app: FastAPI, locale: str, take_id: int, statement_id: str) -> Request:
    scope = {"type": "http", "method": "GET", "path": f"/{locale}/assessment/{take_id}/questions/{statement_id}",
             "query_string": b"", "headers": [], "state": {"locale": locale, "csrf_seed": "seed"}, "scheme": "http",
             "server": ("testserver", 80), "root_path": "", "app": app}
    request = Request(scope)
    request.state.journey = JourneyFacts(id=take_id, centre_id="kortrijk", locale=locale, sector=None)
    return request


def _both(locale: str, take_id: int, statement_id: str, answers: dict[str, int | None],
          statement: str | None = None, cache: ShellCache | None = None) -> tuple[str, str]:
    from guide.assessment.views import question_context, question_page, question_shell

    set_locale(locale)  # as the app's middleware does for each request
    app = _app(cache if cache is not None else ShellCache())
    plain_request, shell_request = (_request(app, locale, take_id, statement_id) for _ in range(2))
    context = question_page(plain_request, locale, take_id, statement_id, answers)
    shell = question_shell(shell_request, locale, take_id, statement_id, answers, get_library())
    if statement is not None:  # a text of the framework as a file may have brought it: other content, other shell
        context["statement"] = LocalText(statement, locale)
        shell = Shell(shell.view, lambda view: {**question_context(view), "statement": LocalText(statement, locale)},
                      shell.slots, object(), shell.path)
    plain = render(plain_request, "assessment/question.html", context)
    filled = render(shell_request, "assessment/question.html", shell=shell)
    return plain.body.decode(), filled.body.decode()


answers_given = st.dictionaries(st.sampled_from(IDS), st.none() | st.sampled_from(VALUES), max_size=len(IDS))


@settings(max_examples=80, deadline=None)
@given(locale=st.sampled_from(LOCALES), take_id=st.integers(1, 10**9), statement_id=st.sampled_from(IDS),
       answers=answers_given)
def test_whatever_was_answered_the_shell_gives_the_plain_page(locale, take_id, statement_id, answers):
    plain, shell = _both(locale, take_id, statement_id, answers)
    assert shell == plain
    chosen = answers.get(statement_id)
    assert plain.count(" checked>") == (chosen is not None)
    if chosen is not None:
        assert f'value="{chosen}" checked>' in plain


@settings(max_examples=60, deadline=None)
@given(locale=st.sampled_from(LOCALES), statement_id=st.sampled_from(IDS),
       statement=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
       | st.sampled_from(["\x00csrf\x1f\x00", "tensteps-slot-:checked:3:", "<b>&amp;</b>"]))
def test_whatever_the_statement_holds_the_shell_gives_the_plain_page(locale, statement_id, statement):
    plain, shell = _both(locale, 7, statement_id, {statement_id: 2}, statement=statement)
    assert shell == plain


@pytest.mark.parametrize("locale", LOCALES)
def test_two_people_on_one_shell_each_see_their_own_take_and_answer(locale):
    cache = ShellCache()
    statement_id = IDS[3]
    _plain, mine = _both(locale, 11, statement_id, {statement_id: VALUES[0]}, cache=cache)
    _plain, theirs = _both(locale, 2222, statement_id, {statement_id: VALUES[-1]}, cache=cache)
    assert len(cache) == 1  # one statement, one language: one shell for both takes
    for html, take, other, value in ((mine, 11, 2222, VALUES[0]), (theirs, 2222, 11, VALUES[-1])):
        assert f"/assessment/{other}/" not in html
        links = set(re.findall(r'href="(/[a-z]{2}/assessment/\d+/[^"]*)"', html))
        # the back link, the check link and every language's link of this page: all of this take
        assert {f"/{code}/assessment/{take}/questions/{statement_id}" for code in LOCALES} <= links
        assert f"/{locale}/assessment/{take}/questions/{IDS[2]}" in links
        assert f"/{locale}/assessment/{take}/check" in links
        assert f'action="/{locale}/assessment/{take}/questions/{statement_id}"' in html
        assert re.findall(r'value="(\d+)" checked>', html) == [str(value)]
    assert _both(locale, 11, IDS[0], {}, cache=cache)[1].count(f'href="/{locale}/assessment"') == 1  # back: overview


# --- the panel of the task list and step 5: a shell per language and point reached, the take's links its slots ------


def _panel(locale: str, panel, cache: ShellCache) -> tuple[str, str]:  # noqa: ANN001
    from guide.assessment.views import panel_context, panel_markup
    from guide.web.render import fragment

    set_locale(locale)
    app = _app(cache)
    plain_request, shell_request = (_request(app, locale, 1, IDS[0]) for _ in range(2))
    plain = fragment(plain_request, "assessment/_panel.html", {**panel_context(panel.view), "slot": panel})
    return str(plain), str(panel_markup(shell_request, panel, get_library()))


@settings(max_examples=60, deadline=None)
@given(locale=st.sampled_from(LOCALES), take_id=st.integers(1, 10**9), seen=st.none() | st.integers(0, len(IDS)),
       latest=st.booleans(), done_well=st.integers(0, len(IDS)), to_practise=st.integers(0, len(IDS)))
def test_the_panel_from_its_shell_is_the_plain_panel(locale, take_id, seen, latest, done_well, to_practise):
    from guide.assessment.views import AssessmentPanel, PanelView

    view = PanelView(locale, len(IDS), seen, "3 December 2026" if latest else "", done_well, to_practise)
    panel = AssessmentPanel(view, f"/{locale}/assessment/{take_id}/questions/{IDS[0]}" if seen is not None else "",
                            f"/{locale}/assessment/{take_id}/result" if latest else "")
    plain, shell = _panel(locale, panel, ShellCache())
    assert shell == plain
    if seen is not None:
        assert f'href="/{locale}/assessment/{take_id}/questions/{IDS[0]}"' in plain
    elif latest:
        assert f'href="/{locale}/assessment/{take_id}/result"' in plain and "3 December 2026" in plain


def test_two_people_on_one_panel_shell_each_see_their_own_take():
    from guide.assessment.views import AssessmentPanel, PanelView

    cache = ShellCache()
    view = PanelView("en", len(IDS), 4, "", 0, 0)
    _plain, mine = _panel("en", AssessmentPanel(view, "/en/assessment/11/questions/a", ""), cache)
    _plain, theirs = _panel("en", AssessmentPanel(view, "/en/assessment/2222/questions/b", ""), cache)
    assert len(cache) == 1
    assert 'href="/en/assessment/11/questions/a"' in mine and "2222" not in mine
    assert 'href="/en/assessment/2222/questions/b"' in theirs and "/11/" not in theirs


def test_the_question_page_checks_the_guides_freshness_where_the_session_is(job_seeker, db_engine, monkeypatch):
    """As the step page (tests/journeys/test_content_off_the_loop.py): on PostgreSQL never on the event loop."""
    from tests.conftest import csrf_token
    from tests.journeys.test_content_off_the_loop import watch_freshness_checks

    started = job_seeker.post("/en/assessment/start", data={"csrf_token": csrf_token(job_seeker)})
    on_loop = watch_freshness_checks(monkeypatch)
    job_seeker.app.state.shells = ShellCache()  # a first view: the shell is made too
    assert job_seeker.get(started.headers["location"]).status_code == 200
    assert on_loop, "the page looked the guide up"
    assert all(on_loop) if db_engine.dialect.name == "sqlite" else not any(on_loop), on_loop
