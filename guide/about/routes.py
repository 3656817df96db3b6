"""About you under /{locale}/about-you: why it is asked, one question per page (age band, gender), each skippable,
changeable and removable. Only a journey at a centre of a partner that asks the question gets its page: elsewhere
404, as for a page that is not there. Something off the list is the question again with why (422), nothing stored.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from guide.about import forms, views
from guide.about.service import (
    QUESTIONS,
    Answers,
    Switch,
    check_answer,
    remove_answers,
    save_answer,
    shown,
    switch_and_answers,
)
from guide.content.library import get_library
from guide.core import i18n
from guide.core.db import reading, writing
from guide.core.i18n import N_
from guide.core.messages import Problems
from guide.core.models import saved_id
from guide.journeys.models import Journey
from guide.sessions.deps import signed_in
from guide.web.deps import Db, Form, valid_locale
from guide.web.render import render
from guide.web.urls import url

router = APIRouter(prefix="/{locale}/about-you", dependencies=[Depends(valid_locale)])
PATHS = {"age_band": "/age", "gender": "/gender"}
NOTICES = {"saved": N_("Your answers are saved."), "removed": N_("Your answers are removed.")}


def _asked(request: Request, db: Session, question: str | None = None) -> tuple[Journey, Switch, Answers]:
    """The signed-in journey, its partner's switch and its answers; 404 for a question its partner does not ask, and
    for the start page (and "Remove my answers") when it asks nothing and nothing was answered before."""
    journey = signed_in(request, db)
    centre = get_library().centres.get(journey.centre_id)
    with reading(db):
        found, given = switch_and_answers(db, centre.partner if centre else "", saved_id(journey))
    if not (found.asks(question) if question is not None else shown(found, given)):
        raise HTTPException(status_code=404)
    return journey, found, given


@router.get("", response_class=HTMLResponse, name="about:start")
def start(request: Request, db: Db, done: str = "") -> HTMLResponse:
    _journey, found, given = _asked(request, db)
    notice = i18n.gettext(NOTICES[done]) if done in NOTICES else ""
    return render(request, "about/start.html", views.start_page(found, given, notice))


@router.post("/remove", name="about:remove")
def remove(request: Request, form: Form, db: Db) -> Response:
    """Both answers forgotten (the page offers it once something is answered)."""
    journey, _found, _given = _asked(request, db)
    with writing(db):
        remove_answers(db, saved_id(journey))
    return RedirectResponse(url(request, "about:start", query={"done": "removed"}), status_code=303)


def _ask(question: str) -> Callable[..., HTMLResponse]:
    def ask(request: Request, db: Db) -> HTMLResponse:
        _journey, found, given = _asked(request, db, question)
        stored = given.get(question)
        page = views.question_page(found, question, stored or "", stored)
        return render(request, "about/question.html", page)

    return ask


def _save(question: str) -> Callable[..., Response]:
    def save(request: Request, locale: str, form: Form, db: Db) -> Response:
        journey, found, given = _asked(request, db, question)
        sent = forms.read_answer(form)
        try:
            answer = None if sent.remove else check_answer(question, sent.answer)
        except Problems as exc:  # nothing stored: the question again, with why
            page = views.question_page(found, question, sent.answer, given.get(question), exc.worded(locale, QUESTIONS))
            return render(request, "about/question.html", page, status_code=422)
        with writing(db):
            save_answer(db, saved_id(journey), question, answer)
        after = "about:start" if sent.remove else views.next_route(found, question)
        query = {"done": "removed" if sent.remove else "saved"} if after == "about:start" else None
        return RedirectResponse(url(request, after, query=query), status_code=303)

    return save


for _question in QUESTIONS:
    router.add_api_route(PATHS[_question], _ask(_question), methods=["GET"], response_class=HTMLResponse,
                         name=views.ROUTE[_question])
    router.add_api_route(PATHS[_question], _save(_question), methods=["POST"], response_class=HTMLResponse,
                         name=f"{views.ROUTE[_question]}_save")
