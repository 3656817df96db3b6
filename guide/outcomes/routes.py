"""What happened next, under /{locale}/outcomes: one question per page, check your answers, change and remove; the
check-ins after a job, a training or work experience; and, for a coach the person shares with, an outcome recorded
for them (one page with every question: the same service functions, marked as entered by a coach), an outcome
marked as checked and a check-in marked followed up.

The answers so far travel with the flow (in the address of each question, and as hidden fields of its form), so
it works without JavaScript and nothing is stored before "Save". Bad input (nothing chosen, something that is not
a choice, a month in the future or before the journey) is the question again, with the message and what was
chosen kept (422).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData, QueryParams

from guide.content.library import get_library
from guide.core import i18n
from guide.core.db import reading, writing
from guide.core.messages import Problems
from guide.core.timeutil import as_utc
from guide.journeys.models import Journey
from guide.outcomes import forms, views
from guide.outcomes.service import (
    CHECKIN_FIELDS,
    FIELDS,
    CheckInInput,
    CheckInNotOpen,
    OutcomeInput,
    OutcomeNotFound,
    OutcomeRow,
    answer_checkin,
    change_outcome,
    check_checkin,
    check_contract,
    check_hours,
    check_kind,
    check_start,
    checkin_to_answer,
    delete_outcome,
    journey_outcomes,
    mark_checked,
    mark_followed_up,
    missing,
    record_outcome,
    today_at,
)
from guide.outcomes.service import COACH as BY_COACH
from guide.sessions.deps import StaffDb, require_role
from guide.sessions.deps import signed_in as signed_in_journey
from guide.sharing.service import coach_link
from guide.staff.service import COACH, StaffUser
from guide.web.deps import Db, Form, parse_id, path_id, valid_locale
from guide.web.render import render
from guide.web.urls import url

router = APIRouter(prefix="/{locale}/outcomes", dependencies=[Depends(valid_locale)])
coach_router = APIRouter(prefix="/{locale}/staff/clients/{link_id}", dependencies=[Depends(valid_locale)])
OutcomeId = Annotated[int, path_id("outcome_id")]
CheckInId = Annotated[int, path_id("checkin_id")]
LinkId = Annotated[int, path_id("link_id")]
Coach = Annotated[StaffUser, Depends(require_role(COACH))]
QUESTIONS = ("kind", "hours", "contract", "start")


def _signed_in(request: Request, db: Session) -> Journey:
    return signed_in_journey(request, db)


def _journey_start(journey: Journey) -> date:
    return as_utc(journey.created_at).date()


def _country(journey: Journey) -> str:
    return get_library().clock(journey.centre_id)[1]


def _changing(source: FormData | QueryParams) -> int | None:
    """The stored outcome this flow changes (its id travels with the answers), or None for a new one."""
    value = source.get("outcome")
    return parse_id(value) if isinstance(value, str) else None


def _carried(typed: OutcomeInput, outcome_id: int | None, leave_out: tuple[str, ...] = ()) -> dict[str, str]:
    fields = {k: v for k, v in forms.outcome_fields(typed).items() if k not in leave_out}
    if outcome_id is not None:
        fields["outcome"] = str(outcome_id)
    return fields


def _question_url(request: Request, question: str, typed: OutcomeInput, outcome_id: int | None) -> str:
    return url(request, f"outcomes:{question}", query=_carried(typed, outcome_id))


def _next(question: str, typed: OutcomeInput, outcome_id: int | None) -> str:
    """The question after this one: a job's hours and contract after the kind, then the start; straight back to
    "check your answers" when changing and nothing more is missing."""
    if outcome_id is not None or question == "start":
        return missing(typed) or "check"
    order = [q for q in QUESTIONS if typed.is_job or q not in ("hours", "contract")]
    index = order.index(question) if question in order else -1
    return order[index + 1] if index + 1 < len(order) else "check"


def _previous(request: Request, question: str, typed: OutcomeInput, outcome_id: int | None) -> str:
    order = [q for q in QUESTIONS if typed.is_job or q not in ("hours", "contract")]
    if question not in order or order.index(question) == 0:
        return url(request, "journeys:my_plan") + "#outcomes"
    return _question_url(request, order[order.index(question) - 1], typed, outcome_id)


def _question_page(request: Request, journey: Journey, question: str, typed: OutcomeInput,
                   outcome_id: int | None, errors: Mapping[str, str] | None = None,
                   status_code: int = 200) -> HTMLResponse:
    action = url(request, f"outcomes:{question}_submit")
    back = _previous(request, question, typed, outcome_id)
    own = ("month", "year") if question == "start" else (question,)
    hidden = tuple(_carried(typed, outcome_id, own).items())
    if question == "kind":
        page = views.kind_page(typed, action, back, hidden, errors)
    elif question == "hours":
        page = views.hours_page(typed, action, back, hidden, errors)
    elif question == "contract":
        page = views.contract_page(typed, action, back, hidden, errors)
    else:
        today = today_at(journey.centre_id)
        page = views.start_page(typed, action, back, hidden, _journey_start(journey).year, today.year, errors)
    return render(request, "outcomes/question.html", page, status_code=status_code)


def _ask(question: str) -> Callable[..., HTMLResponse]:
    def ask(request: Request, locale: str, db: Db) -> HTMLResponse:
        journey = _signed_in(request, db)
        return _question_page(request, journey, question, forms.read_outcome(request.query_params),
                              _changing(request.query_params))

    return ask


def _answer(question: str) -> Callable[..., Response]:
    def answer(request: Request, locale: str, form: Form, db: Db) -> Response:
        journey = _signed_in(request, db)
        typed, outcome_id = forms.read_outcome(form), _changing(form)
        try:
            if question == "kind":
                check_kind(typed)
            elif question == "hours":
                check_hours(typed)
            elif question == "contract":
                check_contract(typed)
            else:
                check_start(typed, _journey_start(journey), today_at(journey.centre_id))
        except Problems as exc:
            return _question_page(request, journey, question, typed, outcome_id, exc.worded(locale, FIELDS), 422)
        if not typed.is_job:  # a job's answers are kept only for a job
            typed = OutcomeInput(typed.kind, "", "", typed.month, typed.year)
        return RedirectResponse(_question_url(request, _next(question, typed, outcome_id), typed, outcome_id),
                                status_code=303)

    return answer


for _question in QUESTIONS:
    router.add_api_route(f"/{_question}", _ask(_question), methods=["GET"], response_class=HTMLResponse,
                         name=f"outcomes:{_question}")
    router.add_api_route(f"/{_question}", _answer(_question), methods=["POST"], response_class=HTMLResponse,
                         name=f"outcomes:{_question}_submit")


def _check_page(request: Request, journey: Journey, typed: OutcomeInput, outcome_id: int | None,
                errors: Mapping[str, str] | None = None, status_code: int = 200) -> HTMLResponse:
    started = check_start(typed, date.min, date.max)
    changes = {q: _question_url(request, q, typed, outcome_id) for q in QUESTIONS}
    hidden = tuple(_carried(typed, outcome_id).items())
    page = views.check_page(typed, started, changes, url(request, "outcomes:save"),
                            _question_url(request, "start", typed, outcome_id), hidden, outcome_id is not None,
                            _country(journey), errors)
    return render(request, "outcomes/check.html", page, status_code=status_code)


@router.get("/check", response_class=HTMLResponse, name="outcomes:check")
def check(request: Request, locale: str, db: Db) -> Response:
    journey = _signed_in(request, db)
    typed, outcome_id = forms.read_outcome(request.query_params), _changing(request.query_params)
    gap = missing(typed)
    if gap is not None:  # a question not answered yet: that one first
        return RedirectResponse(_question_url(request, gap, typed, outcome_id), status_code=303)
    return _check_page(request, journey, typed, outcome_id)


@router.post("/check", response_class=HTMLResponse, name="outcomes:save")
def save(request: Request, locale: str, form: Form, db: Db) -> Response:
    journey = _signed_in(request, db)
    typed, outcome_id = forms.read_outcome(form), _changing(form)
    gap = missing(typed)
    if gap is not None:
        return _question_page(request, journey, gap, typed, outcome_id,
                              _gap_error(gap, typed, journey), 422)
    try:
        with writing(db):
            if outcome_id is None:
                record_outcome(db, journey.id or 0, typed, _journey_start(journey), today_at(journey.centre_id))
            else:
                change_outcome(db, journey.id or 0, outcome_id, typed, _journey_start(journey),
                               today_at(journey.centre_id))
    except OutcomeNotFound:
        raise HTTPException(status_code=404) from None
    except Problems as exc:
        first = next(iter(exc.errors))
        return _question_page(request, journey, first, typed, outcome_id, exc.worded(locale, FIELDS), 422)
    return _to_plan(request, "saved" if outcome_id is None else "changed")


def _gap_error(gap: str, typed: OutcomeInput, journey: Journey) -> dict[str, str]:
    checks: dict[str, Callable[[], object]] = {
        "kind": lambda: check_kind(typed), "hours": lambda: check_hours(typed),
        "contract": lambda: check_contract(typed),
        "start": lambda: check_start(typed, _journey_start(journey), today_at(journey.centre_id)),
    }
    try:
        checks[gap]()
    except Problems as exc:
        return exc.worded(i18n.get_locale(), FIELDS)
    return {}


def _to_plan(request: Request, notice: str) -> RedirectResponse:
    return RedirectResponse(url(request, "journeys:my_plan", query={"done": notice}) + "#outcomes", status_code=303)


def _own_outcome(db: Session, journey: Journey, outcome_id: int) -> views.ShownOutcome:
    with reading(db):
        rows = journey_outcomes(db, journey.id or 0)
    for row in rows:
        if row.id == outcome_id:
            return views.shown_outcome(row, _country(journey))
    raise HTTPException(status_code=404)


@router.get("/{outcome_id}/change", name="outcomes:change")
def change(request: Request, locale: str, outcome_id: OutcomeId, db: Db) -> Response:
    journey = _signed_in(request, db)
    with reading(db):
        rows = {row.id: row for row in journey_outcomes(db, journey.id or 0)}
    if outcome_id not in rows:
        raise HTTPException(status_code=404)
    return RedirectResponse(_question_url(request, "check", rows[outcome_id].as_input(), outcome_id),
                            status_code=303)


@router.get("/{outcome_id}/remove", response_class=HTMLResponse, name="outcomes:confirm_remove")
def confirm_remove(request: Request, locale: str, outcome_id: OutcomeId, db: Db) -> HTMLResponse:
    journey = _signed_in(request, db)
    return render(request, "outcomes/remove.html", views.RemovePage(_own_outcome(db, journey, outcome_id)))


@router.post("/{outcome_id}/remove", name="outcomes:remove")
def remove(request: Request, locale: str, outcome_id: OutcomeId, form: Form, db: Db) -> Response:
    journey = _signed_in(request, db)
    try:
        with writing(db):
            delete_outcome(db, journey.id or 0, outcome_id)
    except OutcomeNotFound:
        raise HTTPException(status_code=404) from None
    return _to_plan(request, "removed")


# --- the check-ins --------------------------------------------------------------------------------------------------

CHECKIN_QUESTIONS = ("status", "hard", "coach")


def _open(db: Session, journey: Journey, checkin_id: int) -> OutcomeRow:
    """The job, training or work experience whose check-in this is, when it is the one to ask now; 404 for another
    journey's or an unknown one (CheckInNotOpen for one not to ask now)."""
    try:
        with reading(db):
            outcome, _checkin = checkin_to_answer(db, journey.id or 0, checkin_id, today_at(journey.centre_id))
    except OutcomeNotFound:
        raise HTTPException(status_code=404) from None
    return outcome


def _checkin_page(request: Request, journey: Journey, checkin_id: int, question: str, typed: CheckInInput,
                  outcome: OutcomeRow, errors: Mapping[str, str] | None = None, status_code: int = 200) -> HTMLResponse:
    own = "hard_list" if question == "hard" else question
    hidden = tuple((k, v) for k, v in forms.checkin_fields(typed).items() if k != own)
    action = url(request, f"outcomes:checkin_{question}_submit", checkin_id=checkin_id)
    index = CHECKIN_QUESTIONS.index(question)
    back = (url(request, "journeys:my_plan") + "#outcomes" if index == 0 else
            url(request, f"outcomes:checkin_{CHECKIN_QUESTIONS[index - 1]}", checkin_id=checkin_id,
                query=forms.checkin_fields(typed)))
    if question == "status":
        page = views.status_page(typed.status, outcome.started_month, action, back, hidden, _country(journey), errors,
                                 outcome.kind)
    elif question == "hard":
        page = views.hard_page(typed.hard, action, back, hidden, outcome.kind)
    else:
        page = views.coach_page(typed.coach, action, back, hidden, errors)
    return render(request, "outcomes/question.html", page, status_code=status_code)


def _checkin_ask(question: str) -> Callable[..., Response]:
    def ask(request: Request, locale: str, checkin_id: CheckInId, db: Db) -> Response:
        journey = _signed_in(request, db)
        try:
            outcome = _open(db, journey, checkin_id)
        except CheckInNotOpen:  # answered already, or not due: My plan says what there is to do
            return RedirectResponse(url(request, "journeys:my_plan") + "#outcomes", status_code=303)
        return _checkin_page(request, journey, checkin_id, question, forms.read_checkin(request.query_params),
                             outcome)

    return ask


def _checkin_answer(question: str) -> Callable[..., Response]:
    def answer(request: Request, locale: str, checkin_id: CheckInId, form: Form, db: Db) -> Response:
        journey = _signed_in(request, db)
        typed = forms.read_checkin(form)  # on the "hard" page: the boxes ticked (its own list is not carried)
        try:
            outcome = _open(db, journey, checkin_id)
        except CheckInNotOpen:
            return RedirectResponse(url(request, "journeys:my_plan") + "#outcomes", status_code=303)
        if question != "coach":
            if question == "status":
                try:
                    check_checkin(CheckInInput(typed.status, (), "no"))
                except Problems as exc:
                    return _checkin_page(request, journey, checkin_id, question, typed, outcome,
                                         exc.worded(locale, CHECKIN_FIELDS), 422)
            following = CHECKIN_QUESTIONS[CHECKIN_QUESTIONS.index(question) + 1]
            return RedirectResponse(url(request, f"outcomes:checkin_{following}", checkin_id=checkin_id,
                                        query=forms.checkin_fields(typed)), status_code=303)
        try:
            with writing(db):
                answer_checkin(db, journey.id or 0, checkin_id, typed, today_at(journey.centre_id))
        except Problems as exc:
            first = next(iter(exc.errors))
            ask_again = first if first in CHECKIN_QUESTIONS else "coach"
            return _checkin_page(request, journey, checkin_id, ask_again, typed, outcome,
                                 exc.worded(locale, CHECKIN_FIELDS), 422)
        except CheckInNotOpen:
            return RedirectResponse(url(request, "journeys:my_plan") + "#outcomes", status_code=303)
        except OutcomeNotFound:
            raise HTTPException(status_code=404) from None
        return _to_plan(request, "checked_in")

    return answer


for _question in CHECKIN_QUESTIONS:
    _path = "/checkins/{checkin_id}" + ("" if _question == "status" else f"/{_question}")
    router.add_api_route(_path, _checkin_ask(_question), methods=["GET"], response_class=HTMLResponse,
                         name=f"outcomes:checkin_{_question}")
    router.add_api_route(_path, _checkin_answer(_question), methods=["POST"], response_class=HTMLResponse,
                         name=f"outcomes:checkin_{_question}_submit")


# --- the coach ------------------------------------------------------------------------------------------------------


def _to_client(request: Request, link_id: int) -> RedirectResponse:
    target = url(request, "staff:client", link_id=link_id, query={"saved": "1"})
    return RedirectResponse(f"{target}#outcomes", status_code=303)


@coach_router.post("/checkins/{checkin_id}/followed-up", name="outcomes:followed_up")
def followed_up(request: Request, locale: str, link_id: LinkId, checkin_id: CheckInId, staff: Coach, form: Form,
                db: StaffDb) -> Response:
    """The coach has talked with the client who asked to (their own client, who shares with them)."""
    try:
        with writing(db):
            link = coach_link(db, staff.id, link_id)
            if link is None:
                raise OutcomeNotFound(link_id)
            mark_followed_up(db, link.journey_id, checkin_id)
    except OutcomeNotFound:
        raise HTTPException(status_code=404) from None
    return _to_client(request, link_id)


def _client_journey(db: Session, staff: StaffUser, link_id: int) -> Journey:
    """The journey of the coach's own client, who shares with them and lets them record what they started; 404 for
    anyone else's, a stopped share, or a share without that consent (as if it were not shared)."""
    link = coach_link(db, staff.id, link_id)
    journey = db.get(Journey, link.journey_id) if link is not None and link.record_outcomes else None
    if journey is None:
        raise HTTPException(status_code=404)
    return journey


def _coach_outcome_page(request: Request, link_id: int, journey: Journey, typed: OutcomeInput,
                        errors: Mapping[str, str] | None = None, status_code: int = 200) -> HTMLResponse:
    back = url(request, "staff:client", link_id=link_id) + "#outcomes"
    page = views.coach_outcome_page(typed, url(request, "outcomes:coach_record_submit", link_id=link_id), back,
                                    _journey_start(journey).year, today_at(journey.centre_id).year, errors)
    return render(request, "outcomes/coach_record.html", page, status_code=status_code)


@coach_router.get("/outcomes/new", response_class=HTMLResponse, name="outcomes:coach_record")
def coach_record(request: Request, locale: str, link_id: LinkId, staff: Coach, db: StaffDb) -> HTMLResponse:
    """What the client started, recorded by their coach: every question on one page."""
    with reading(db):
        journey = _client_journey(db, staff, link_id)
    return _coach_outcome_page(request, link_id, journey, OutcomeInput())


@coach_router.post("/outcomes/new", response_class=HTMLResponse, name="outcomes:coach_record_submit")
def coach_record_submit(request: Request, locale: str, link_id: LinkId, staff: Coach, form: Form,
                        db: StaffDb) -> Response:
    typed = forms.read_outcome(form)
    if not typed.is_job:  # a job's answers are kept only for a job
        typed = OutcomeInput(typed.kind, "", "", typed.month, typed.year)
    try:
        with writing(db):
            journey = _client_journey(db, staff, link_id)
            record_outcome(db, journey.id or 0, typed, _journey_start(journey), today_at(journey.centre_id),
                           entered_by=BY_COACH)
    except Problems as exc:
        return _coach_outcome_page(request, link_id, journey, typed, exc.worded(locale, FIELDS), 422)
    return _to_client(request, link_id)


@coach_router.post("/outcomes/{outcome_id}/checked", name="outcomes:checked")
def checked(request: Request, locale: str, link_id: LinkId, outcome_id: OutcomeId, staff: Coach, form: Form,
            db: StaffDb) -> Response:
    """The coach confirms what their client started (funders value confirmed outcomes)."""
    try:
        with writing(db):
            journey = _client_journey(db, staff, link_id)
            mark_checked(db, journey.id or 0, outcome_id)
    except OutcomeNotFound:
        raise HTTPException(status_code=404) from None
    return _to_client(request, link_id)
