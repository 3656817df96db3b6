"""The soft-skills self-assessment's pages: overview, one statement per page, check your answers, the result.

Every form is a plain POST that redirects (PRG); with htmx the answer form swaps the next page's #assessment-flow
in place and pushes its URL. Bad input (an unknown take or another journey's, a finished take, an unknown
statement, an answer off the scale) gets a localised 4xx page and stores nothing.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from guide.assessment import forms
from guide.assessment.forms import ANSWER_FIELD
from guide.assessment.service import (
    FINISHED,
    NOT_FOUND,
    OPEN,
    OUT_OF_SCALE,
    UNKNOWN_STATEMENT,
    AssessmentError,
    OpenTake,
    Overview,
    TakeResult,
    changes_since,
    check_statement,
    finish_take,
    get_take,
    next_unanswered,
    overview,
    previous_statement,
    record_answer,
    start_take,
    take_answers,
    take_result,
)
from guide.assessment.views import (
    check_url,
    clock_of,
    continue_url,
    overview_url,
    question_url,
    result_url,
    result_view,
)
from guide.core import i18n
from guide.core.db import reading, writing
from guide.core.messages import Problems
from guide.core.models import saved_id
from guide.journeys.models import Journey
from guide.sessions.deps import signed_in
from guide.web.deps import Db, Form, is_htmx, path_id, valid_locale
from guide.web.render import render
from guide.web.urls import url
from skills_audit.framework import get_framework

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
    context = {
        "heading": i18n.gettext(heading),
        "text": i18n.gettext(text),
        "result_link": result_url(request, error.take_id) if error.kind == FINISHED and error.take_id else "",
    }
    response = render(request, "assessment/problem.html", context, blocks=["main"], status_code=status)
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
    return render(request, "assessment/overview.html", _overview_context(request, locale, journey, found))


def _overview_context(request: Request, locale: str, journey: Journey, found: Overview) -> dict[str, Any]:
    fw = get_framework()
    timezone, country = clock_of(journey)
    return {
        "assessment": found,
        "total": len(fw.statement_ids()),
        "competence_count": len(fw.competences),
        "continue_url": continue_url(request, found.open_take) if found.open_take else "",
        "timezone": timezone,
        "country": country,
        "result_url": lambda take_id: result_url(request, take_id),
    }


@router.post("/start", name="assessment:start")
def start(request: Request, locale: str, form: Form, db: Db) -> Response:
    journey = signed_in(request, db)
    with writing(db):
        take = start_take(db, journey)
        answers = take_answers(db, saved_id(take))
    open_take = OpenTake(saved_id(take), take.started_at, answers, next_unanswered(answers))
    return RedirectResponse(continue_url(request, open_take), status_code=303)


# --- one statement per page ----------------------------------------------------------------------


def _question_context(
    request: Request, locale: str, take_id: int, statement_id: str, answers: dict[str, int | None],
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    fw = get_framework()
    competence = fw.competence_of(statement_id)
    previous = previous_statement(statement_id)
    return {
        "take_id": take_id,
        "statement_id": statement_id,
        "statement": fw.text("statements", statement_id, locale),
        "competence_name": fw.text("names", competence.id, locale),
        "position": fw.position(statement_id),
        "total": len(fw.statement_ids()),
        "scale": [(level.value, fw.text("scale", level.id, locale)) for level in fw.scale],
        "current": answers.get(statement_id),
        "skipped": statement_id in answers and answers[statement_id] is None,
        "form_url": question_url(request, take_id, statement_id),
        "back_url": question_url(request, take_id, previous) if previous else overview_url(request),
        "check_url": check_url(request, take_id),
        "seen": len(answers),
        "errors": errors or {},
        "answer_field": ANSWER_FIELD,
    }


def _check_context(request: Request, locale: str, take_id: int, answers: dict[str, int | None]) -> dict[str, Any]:
    fw = get_framework()
    groups = []
    for competence in fw.competences:
        rows = []
        for sid in competence.statements:
            value = answers.get(sid)
            rows.append({
                "id": sid,
                "text": fw.text("statements", sid, locale),
                "answer": fw.text("scale", fw.scale_level(value).id, locale) if value is not None else None,
                "state": "answered" if value is not None else ("skipped" if sid in answers else "open"),
                "url": question_url(request, take_id, sid),
            })
        groups.append({"id": competence.id, "name": fw.text("names", competence.id, locale), "rows": rows})
    return {
        "take_id": take_id,
        "groups": groups,
        "total": len(fw.statement_ids()),
        "answered": sum(1 for v in answers.values() if v is not None),
        "skipped": sum(1 for v in answers.values() if v is None),
        "open": len(fw.statement_ids()) - len(answers),
        "finish_url": url(request, "assessment:finish", take=take_id),
        "next_open_url": question_url(request, take_id, open_one) if (open_one := next_unanswered(answers)) else "",
    }


def _flow(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """The #assessment-flow block of a page for htmx (led by its <title>, so the tab's title follows), else the
    whole page."""
    return render(request, template, context, blocks=["flow"], titled=True, status_code=status_code)


def _open_take_or_problem(db: Session, journey: Journey, take_id: int) -> None:
    take = get_take(db, journey, take_id)
    if take.finished_at is not None:
        raise AssessmentError(FINISHED, take_id)


@router.get("/{take}/questions/{statement_id}", response_class=HTMLResponse, name="assessment:question")
def question(request: Request, locale: str, take_id: TakeId, statement_id: str, db: Db) -> Response:
    journey = signed_in(request, db)
    try:
        with reading(db):
            _open_take_or_problem(db, journey, take_id)
            check_statement(statement_id)
            answers = take_answers(db, take_id)
    except AssessmentError as exc:
        if exc.kind == FINISHED:  # an old link or the browser's back button: show what the take became
            return RedirectResponse(result_url(request, take_id), status_code=303)
        return _problem(request, locale, exc)
    context = _question_context(request, locale, take_id, statement_id, answers)
    return render(request, "assessment/question.html", context)


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
        context = _question_context(request, locale, take_id, statement_id, answers,
                                    forms.not_on_scale().worded(locale))
        return _flow(request, "assessment/question.html", context, status_code=422)
    following = next_unanswered(answers, after=statement_id)
    target = question_url(request, take_id, following) if following else check_url(request, take_id)
    if not is_htmx(request):
        return RedirectResponse(target, status_code=303)
    if following:
        response = _flow(
            request, "assessment/question.html", _question_context(request, locale, take_id, following, answers)
        )
    else:
        response = _flow(request, "assessment/check.html", _check_context(request, locale, take_id, answers))
    response.headers["HX-Push-Url"] = target
    return response


# --- check your answers, finish --------------------------------------------------------------------


@router.get("/{take}/check", response_class=HTMLResponse, name="assessment:check")
def check(request: Request, locale: str, take_id: TakeId, db: Db) -> Response:
    journey = signed_in(request, db)
    try:
        with reading(db):
            _open_take_or_problem(db, journey, take_id)
            answers = take_answers(db, take_id)
    except AssessmentError as exc:
        if exc.kind == FINISHED:
            return RedirectResponse(result_url(request, take_id), status_code=303)
        return _problem(request, locale, exc)
    return render(request, "assessment/check.html", _check_context(request, locale, take_id, answers))


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


def _change_words(delta: int | None) -> str:
    if delta is None:
        return i18n.gettext("Cannot compare: not enough answers")
    if delta > 0:
        return i18n.gettext("More sure now")
    if delta < 0:
        return i18n.gettext("Less sure now")
    return i18n.gettext("The same")


def result_context(
    request: Request, locale: str, journey: Journey, result: TakeResult, found: Overview
) -> dict[str, Any]:
    """The result in the person's words (result_view), then one table of the levels per skill: this take, and the
    first take with the change when this one came later. One table, not a chart and a list saying it again."""
    fw = get_framework()
    tz, country = clock_of(journey)

    def level_words(level: int | None) -> str:
        return fw.scale_label(level, locale) if level is not None else i18n.gettext("Not enough answers")

    first = found.first if found.first and found.first.id != result.id else None
    delta = changes_since(first, result) if first is not None else {}
    rows = [
        {
            "id": cid,
            "name": fw.text("names", cid, locale),
            "first_words": level_words(first.levels.get(cid)) if first is not None else "",
            "level_words": level_words(result.levels[cid]),
            "change_words": _change_words(delta[cid]) if first is not None else "",
        }
        for cid in fw.competence_ids()
    ]
    return {
        "result": result,
        "view": result_view(request, result, locale),
        "rows": rows,
        "first": first,
        "scale_words": [fw.text("scale", level.id, locale).text for level in fw.scale],
        "others": [t for t in found.finished if t.id != result.id],
        "open_take": found.open_take,
        "continue_url": continue_url(request, found.open_take) if found.open_take else "",
        "timezone": tz,
        "country": country,
        "result_url": lambda take_id: result_url(request, take_id),
    }


@router.get("/{take}/result", response_class=HTMLResponse, name="assessment:result")
def result(request: Request, locale: str, take_id: TakeId, db: Db) -> Response:
    journey = signed_in(request, db)
    try:
        with reading(db):
            found_result = take_result(db, journey, take_id)
            found = overview(db, journey)
    except AssessmentError as exc:
        if exc.kind == OPEN:  # not finished yet: check the answers first
            return RedirectResponse(check_url(request, take_id), status_code=303)
        return _problem(request, locale, exc)
    return render(request, "assessment/result.html", result_context(request, locale, journey, found_result, found))
