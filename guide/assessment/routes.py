"""The soft-skills self-assessment's pages: overview, one statement per page, check your answers, the result.

Every form is a plain POST that redirects (PRG); with htmx the answer form swaps the next page's #assessment-flow
in place and pushes its URL. Bad input (an unknown take or another journey's, a finished take, an unknown
statement, an answer off the scale) gets a localised 4xx page and stores nothing.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.engine import Connection
from sqlmodel import Session

from guide.assessment import forms
from guide.assessment.service import (
    FINISHED,
    NOT_FOUND,
    OPEN,
    OUT_OF_SCALE,
    UNKNOWN_STATEMENT,
    AssessmentError,
    OpenTake,
    check_statement,
    finish_take,
    get_take,
    next_unanswered,
    open_take_answers,
    overview,
    record_answer,
    start_take,
    take_answers,
    take_result,
)
from guide.assessment.views import (
    CheckPage,
    ProblemPage,
    QuestionView,
    check_page,
    check_url,
    continue_url,
    overview_page,
    question_page,
    question_shell,
    question_url,
    result_page,
    result_url,
)
from guide.core import i18n
from guide.core.db import read_db, reading, writing
from guide.core.messages import Problems
from guide.core.models import saved_id
from guide.journeys.models import Journey
from guide.journeys.service import JourneyFacts
from guide.sessions.deps import signed_in, signed_in_read
from guide.web.deps import Db, Form, is_htmx, path_id, valid_locale
from guide.web.render import Shell, render

router = APIRouter(prefix="/{locale}/assessment")
router.dependencies.append(Depends(valid_locale))



# The take's id, from {take} in the path: anything but a plain number in range is the 404 page.
TakeId = Annotated[int, path_id("take")]


# --- bad input -----------------------------------------------------------------------------------

# kind -> (status, heading, explanation); the texts are translated when the page is built.
PROBLEMS = {
    NOT_FOUND: (404, i18n.N_("We could not find this self-assessment"),
                i18n.N_("The link may be old, or it may belong to another code. Nothing was saved.")),
    FINISHED: (409, i18n.N_("This self-assessment is already finished"),
               i18n.N_("Its answers and result are kept as they were, and nothing was changed. "
                       "To answer again, start the self-assessment again.")),
    UNKNOWN_STATEMENT: (404, i18n.N_("We could not find this question"),
                        i18n.N_("The link may be old. Nothing was saved. Go on with the questions that are left.")),
}


def _problem(request: Request, locale: str, error: AssessmentError) -> Response:
    status, heading, text = PROBLEMS[error.kind]
    page = ProblemPage(
        heading=i18n.gettext(heading), text=i18n.gettext(text),
        result_link=result_url(request, error.take_id) if error.kind == FINISHED and error.take_id else "",
    )
    response = render(request, "assessment/problem.html", page, blocks=["main"], status_code=status)
    if is_htmx(request):
        # The answer form targets #assessment-flow; the message replaces the whole main area instead.
        response.headers["HX-Retarget"] = "#main"
        response.headers["HX-Reswap"] = "innerHTML"
    return response


# --- the overview --------------------------------------------------------------------------------


@router.get("", response_class=HTMLResponse, name="assessment:overview")
def assessment_overview(request: Request, locale: str, db: Db) -> HTMLResponse:
    journey = signed_in(request, db)
    with reading(db):
        found = overview(db, journey)
    return render(request, "assessment/overview.html", overview_page(request, journey, found))


@router.post("/start", name="assessment:start")
def start(request: Request, locale: str, form: Form, db: Db) -> Response:
    journey = signed_in(request, db)
    with writing(db):
        take = start_take(db, journey)
        answers = take_answers(db, saved_id(take))
    open_take = OpenTake(saved_id(take), take.started_at, answers, next_unanswered(answers))
    return RedirectResponse(continue_url(request, open_take), status_code=303)


# --- one statement per page ----------------------------------------------------------------------


def _flow(request: Request, template: str, page: dict[str, Any] | CheckPage, status_code: int = 200) -> HTMLResponse:
    """The #assessment-flow block of a page for htmx (led by its <title>, so the tab's title follows), else the
    whole page."""
    return render(request, template, page, blocks=["flow"], titled=True, status_code=status_code)


def _open_take_or_problem(db: Session, journey: Journey | JourneyFacts, take_id: int) -> None:
    take = get_take(db, journey, take_id)
    if take.finished_at is not None:
        raise AssessmentError(FINISHED, take_id)


@router.get("/{take}/questions/{statement_id}", response_class=HTMLResponse, name="assessment:question")
async def question(request: Request, locale: str, take_id: TakeId, statement_id: str) -> Response:
    # A page asked for once per statement: the session and the take in two reads without a unit of work, as a
    # step page's (see guide.sessions.deps.signed_in_read).
    found, library = await signed_in_read(request)
    journey = found.journey

    def reads(conn: Connection) -> Shell[QuestionView]:
        answers = open_take_answers(Session(bind=conn), journey, take_id)
        check_statement(statement_id)
        return question_shell(request, locale, take_id, statement_id, answers, library)

    try:
        shell = await read_db(request.app.state.engine, reads)
    except AssessmentError as exc:
        if exc.kind == FINISHED:  # an old link or the browser's back button: show what the take became
            return RedirectResponse(result_url(request, take_id), status_code=303)
        return _problem(request, locale, exc)
    # A shell per statement (see web.render.Shell): the take's links and the answer chosen are its slots.
    return render(request, "assessment/question.html", shell=shell)


@router.post("/{take}/questions/{statement_id}", response_class=HTMLResponse, name="assessment:answer")
def answer(request: Request, locale: str, take_id: TakeId, statement_id: str, form: Form, db: Db) -> Response:
    journey = signed_in(request, db)
    try:
        value, on_scale = forms.read_answer(form), True
    except Problems:
        value, on_scale = None, False
    try:
        with writing(db):
            # the take and the statement first: an answer to a finished take shows what the take became
            _open_take_or_problem(db, journey, take_id)
            check_statement(statement_id)
            if not on_scale:
                raise AssessmentError(OUT_OF_SCALE, take_id)
            answers = record_answer(db, journey, take_id, statement_id, value)
    except AssessmentError as exc:
        if exc.kind != OUT_OF_SCALE:
            return _problem(request, locale, exc)
        # Nothing chosen (or something that is not one of the answers): the same question, with the message.
        with reading(db):
            answers = take_answers(db, take_id)
        context = question_page(request, locale, take_id, statement_id, answers,
                                    forms.not_on_scale().worded(locale))
        return _flow(request, "assessment/question.html", context, status_code=422)
    following = next_unanswered(answers, after=statement_id)
    target = question_url(request, take_id, following) if following else check_url(request, take_id)
    if not is_htmx(request):
        return RedirectResponse(target, status_code=303)
    if following:
        response = _flow(
            request, "assessment/question.html", question_page(request, locale, take_id, following, answers)
        )
    else:
        response = _flow(request, "assessment/check.html", check_page(request, locale, take_id, answers))
    response.headers["HX-Push-Url"] = target
    return response


# --- check your answers, finish --------------------------------------------------------------------


@router.get("/{take}/check", response_class=HTMLResponse, name="assessment:check")
def check(request: Request, locale: str, take_id: TakeId, db: Db) -> Response:
    journey = signed_in(request, db)
    try:
        with reading(db):
            answers = open_take_answers(db, journey, take_id)
    except AssessmentError as exc:
        if exc.kind == FINISHED:
            return RedirectResponse(result_url(request, take_id), status_code=303)
        return _problem(request, locale, exc)
    return render(request, "assessment/check.html", check_page(request, locale, take_id, answers))


@router.post("/{take}/finish", name="assessment:finish")
def finish(request: Request, locale: str, take_id: TakeId, form: Form, db: Db) -> Response:
    journey = signed_in(request, db)
    try:
        with writing(db):
            finish_take(db, journey, take_id)
    except AssessmentError as exc:
        return _problem(request, locale, exc)
    return RedirectResponse(result_url(request, take_id), status_code=303)


# --- the result ----------------------------------------------------------------------------------


@router.get("/{take}/result", response_class=HTMLResponse, name="assessment:result")
def result(request: Request, locale: str, take_id: TakeId, db: Db, feedback: str = "") -> Response:
    journey = signed_in(request, db)
    try:
        with reading(db):
            found_result = take_result(db, journey, take_id)
            found = overview(db, journey)
    except AssessmentError as exc:
        if exc.kind == OPEN:  # not finished yet: check the answers first
            return RedirectResponse(check_url(request, take_id), status_code=303)
        return _problem(request, locale, exc)
    return render(request, "assessment/result.html",
                  result_page(request, locale, journey, found_result, found, feedback_sent=feedback == "sent"))
