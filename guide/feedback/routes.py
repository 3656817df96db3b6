"""Readers' feedback: the form at the end of each step and of the self-assessment result (job seekers, in their
journey's session), and "Mark as handled" for the editors of the answer's language.

An answer is stored without anything of the journey but its centre: the session is needed to send one (as it is
to read the step) and for the rate limit, never kept with it. Nothing typed is logged.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from guide.content.items import get_catalog
from guide.content.library import STEP_COUNT
from guide.content.revisions import UnknownLanguage, check_language
from guide.core.codes import keyed_hash
from guide.core.db import writing
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.core.ratelimit import Limit, address_bucket, take
from guide.core.settings import get_settings
from guide.editor.views import may_edit
from guide.feedback import forms
from guide.feedback.service import (
    ASSESSMENT,
    FIELDS,
    FeedbackInput,
    FeedbackNotFound,
    check_feedback,
    mark_handled,
    record_feedback,
)
from guide.feedback.views import FeedbackForm, feedback_page
from guide.journeys.models import Journey
from guide.sessions.deps import StaffDb, require_role, signed_in
from guide.staff.service import ADMIN, EDITOR, StaffUser
from guide.web.deps import Db, Form, parse_id, path_id, valid_locale
from guide.web.forms import text
from guide.web.render import render
from guide.web.security import SESSION_COOKIE
from guide.web.urls import url

router = APIRouter(prefix="/{locale}", dependencies=[Depends(valid_locale)])
Editor = Annotated[StaffUser, Depends(require_role(EDITOR, ADMIN))]
FeedbackId = Annotated[int, path_id("feedback_id")]
FORM_ID = "feedback-form"  # the error summary's link for a problem with the whole form (a flood)


def _step(n: str) -> str:
    number = parse_id(n)
    if number is None or number > STEP_COUNT:
        raise HTTPException(status_code=404)
    return str(number)


def _limits(request: Request) -> tuple[Limit, Limit]:
    """Answers counted per browser session and per address; only keyed hashes of either are kept, for counting."""
    settings = get_settings()
    secret = settings.resolved_secret_key()
    window = settings.feedback_window_seconds
    session = keyed_hash(secret, "feedback-session", request.cookies.get(SESSION_COOKIE, ""))[:32]
    address = address_bucket(request.client.host if request.client else "unknown")
    return (Limit("feedback-session:" + session, settings.feedback_per_session, window),
            Limit("feedback-address:" + keyed_hash(secret, "address", address)[:32], settings.feedback_per_address,
                  window))


def _page(request: Request, locale: str, about: str, back_url: str, action: str, take_id: str = "",
          typed: FeedbackInput | None = None, errors: dict[str, str] | None = None,
          status_code: int = 200) -> HTMLResponse:
    form = FeedbackForm(typed or FeedbackInput(), errors or {}, take_id)
    return render(request, "feedback/page.html", feedback_page(about, locale, back_url, action, form),
                  status_code=status_code)


def _send(request: Request, locale: str, journey: Journey, about: str, form_data: Form, db: Session, back_url: str,
          action: str, take_id: str = "") -> Response:
    """Check, count against the limits, store; the form again (422, 429) with what was typed when it will not do.
    Only the journey's centre is kept with the answer."""
    typed = forms.read_feedback(form_data)
    try:
        check_feedback(typed)  # before the limits: a slip costs no slot
    except Problems as exc:
        return _page(request, locale, about, back_url, action, take_id, typed, exc.worded(locale, FIELDS), 422)
    with writing(db):  # committed before the answer is stored: parallel floods see each other's counts
        attempt = take(db, *_limits(request))
    if not attempt.allowed:
        minutes = max(1, get_settings().feedback_window_seconds // 60)
        flood = Problems({FORM_ID: Message(N_(
            "You sent many answers in a short time. Wait %(minutes)s minutes and send it again. Your answer is still "
            "here."
        ), {"minutes": minutes})})
        return _page(request, locale, about, back_url, action, take_id, typed, flood.worded(locale), 429)
    with writing(db):
        record_feedback(db, about, locale, journey.centre_id, typed)
    return RedirectResponse(f"{_with_sent(back_url)}#feedback", status_code=303)


def _with_sent(back_url: str) -> str:
    return back_url + ("&" if "?" in back_url else "?") + "feedback=sent"


# --- job seekers ---------------------------------------------------------------------------------------------------


@router.get("/steps/{n}/feedback", response_class=HTMLResponse, name="feedback:step_page")
def step_form(request: Request, locale: str, n: str, db: Db) -> HTMLResponse:
    signed_in(request, db)
    about = _step(n)
    return _page(request, locale, about, url(request, "journeys:step", n=about),
                 url(request, "feedback:step", n=about))


@router.post("/steps/{n}/feedback", response_class=HTMLResponse, name="feedback:step")
def step_send(request: Request, locale: str, n: str, form: Form, db: Db) -> Response:
    journey = signed_in(request, db)  # first: without a session, whatever the step, the start page
    about = _step(n)
    return _send(request, locale, journey, about, form, db, url(request, "journeys:step", n=about),
                 url(request, "feedback:step", n=about))


def send_step_feedback(request: Request, locale: str, journey: Journey, number: int, form: Form,
                       db: Session) -> Response:
    """The answer sent with a step's own form (its "Send" button, once the step is saved: journeys.routes)."""
    about = str(number)
    return _send(request, locale, journey, about, form, db, url(request, "journeys:step", n=about),
                 url(request, "feedback:step", n=about))


def _assessment_back(request: Request, take_id: int | None) -> str:
    """The result the person came from (the result page checks it is theirs), or the self-assessment's start."""
    return url(request, "assessment:result", take=take_id) if take_id else url(request, "assessment:overview")


@router.get("/assessment/feedback", response_class=HTMLResponse, name="feedback:assessment_page")
def assessment_form(request: Request, locale: str, db: Db, take: str = "") -> HTMLResponse:
    signed_in(request, db)
    take_id = parse_id(take)
    return _page(request, locale, ASSESSMENT, _assessment_back(request, take_id),
                 url(request, "feedback:assessment"), str(take_id or ""))


@router.post("/assessment/feedback", response_class=HTMLResponse, name="feedback:assessment")
def assessment_send(request: Request, locale: str, form: Form, db: Db) -> Response:
    journey = signed_in(request, db)
    take_id = parse_id(text(form, "take", 20))
    return _send(request, locale, journey, ASSESSMENT, form, db, _assessment_back(request, take_id),
                 url(request, "feedback:assessment"), str(take_id or ""))


# --- editors -------------------------------------------------------------------------------------------------------


@router.post("/staff/content/{lang}/feedback/{feedback_id}/handled", name="feedback:handled")
def handled(request: Request, lang: str, feedback_id: FeedbackId, staff: Editor, form: Form, db: StaffDb) -> Response:
    """An editor of the answer's language has dealt with it: it leaves the list on the text's page."""
    try:
        check_language(lang)
    except UnknownLanguage:
        raise HTTPException(status_code=404) from None
    if not may_edit(staff, lang):
        raise HTTPException(status_code=403)
    try:
        with writing(db):
            mark_handled(db, feedback_id, lang, staff.id)
    except FeedbackNotFound:
        raise HTTPException(status_code=404) from None
    key = text(form, "key", 200)
    if key in get_catalog().items:
        target = url(request, "editor:edit", lang=lang, key=key, query={"saved": "handled"}) + "#reader-comments"
    else:
        target = url(request, "editor:status")
    return RedirectResponse(target, status_code=303)
