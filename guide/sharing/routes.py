"""The job seeker's consent pages: share progress with a coach, see who sees it and when they looked, stop sharing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from guide.assessment.views import clock_of
from guide.core import i18n
from guide.core.db import reading, writing
from guide.core.i18n import N_
from guide.core.messages import Problems
from guide.core.models import saved_id
from guide.core.settings import get_settings
from guide.journeys.models import Journey
from guide.sessions.deps import signed_in
from guide.sharing import forms
from guide.sharing.service import (
    create_share_code,
    set_record_outcomes,
    set_show_answers,
    set_show_barriers,
    shared_with,
    stop_sharing,
)
from guide.sharing.views import ShareCodePage, SharePage, coach_looks
from guide.web.deps import Db, Form, path_id, valid_locale
from guide.web.render import render
from guide.web.urls import url

router = APIRouter(prefix="/{locale}/share", dependencies=[Depends(valid_locale)])

NOTICES = {
    "stopped": N_("You stopped sharing. This coach cannot see your progress any more."),
    "changed": N_("Your choice is saved."),
}
LinkId = Annotated[int, path_id("link_id")]


def _share_page(request: Request, db: Db, journey: Journey, errors: dict[str, str] | None = None, notice: str = "",
                status_code: int = 200) -> HTMLResponse:
    with reading(db):
        links, looks = shared_with(db, saved_id(journey)), coach_looks(db, journey)
    page = SharePage(links=links, views=looks, minutes=get_settings().share_code_minutes, notice=notice,
                     errors=errors or {})
    return render(request, "sharing/share.html", page, status_code=status_code)


@router.get("", response_class=HTMLResponse, name="sharing:share")
def share_page(request: Request, db: Db, notice: str = "") -> HTMLResponse:
    journey = signed_in(request, db)
    return _share_page(request, db, journey, notice=i18n.gettext(NOTICES[notice]) if notice in NOTICES else "")


@router.post("", response_class=HTMLResponse, name="sharing:make_code")
def make_code(request: Request, locale: str, form: Form, db: Db) -> HTMLResponse:
    journey = signed_in(request, db)
    try:
        show_answers = forms.read_show_answers(form)
    except Problems as exc:
        return _share_page(request, db, journey, errors=exc.worded(locale), status_code=422)
    show_barriers, record_outcomes = forms.read_show_barriers(form), forms.read_record_outcomes(form)
    minutes = get_settings().share_code_minutes
    with writing(db):
        code, expires = create_share_code(db, get_settings().resolved_secret_key(), journey, show_answers, minutes,
                                          show_barriers, record_outcomes)
    timezone, country = clock_of(journey)
    return render(request, "sharing/share_code.html", ShareCodePage(
        code=code, expires=expires, timezone=timezone, country=country, minutes=minutes, show_answers=show_answers,
        show_barriers=show_barriers, record_outcomes=record_outcomes,
    ))


@router.post("/{link_id}/stop", name="sharing:stop")
def stop(request: Request, locale: str, link_id: LinkId, form: Form, db: Db) -> Response:
    journey = signed_in(request, db)
    with writing(db):
        stopped = stop_sharing(db, journey.id, link_id)  # type: ignore[arg-type]
    if not stopped:
        raise HTTPException(status_code=404)
    return RedirectResponse(url(request, "sharing:share", query={"notice": "stopped"}), status_code=303)


def _change_choice(request: Request, db: Db, link_id: int, setter: Callable[[Session, int, int, bool], bool],
                   read: Callable[[], bool]) -> Response:
    """One of the person's choices for one coach (guide.sharing.service), changed; 404 when the link is not theirs."""
    journey = signed_in(request, db)
    value = read()
    with writing(db):
        changed = setter(db, saved_id(journey), link_id, value)
    if not changed:
        raise HTTPException(status_code=404)
    return RedirectResponse(url(request, "sharing:share", query={"notice": "changed"}), status_code=303)


def _show_answers(form: FormData) -> bool:
    try:
        return forms.read_show_answers(form)
    except Problems:
        raise HTTPException(status_code=400) from None  # the form offers only these two


@router.post("/{link_id}/answers", name="sharing:answers")
def answers(request: Request, locale: str, link_id: LinkId, form: Form, db: Db) -> Response:
    """Show this coach the person's own words, or only their progress."""
    return _change_choice(request, db, link_id, set_show_answers, lambda: _show_answers(form))


@router.post("/{link_id}/barriers", name="sharing:barriers")
def barriers(request: Request, locale: str, link_id: LinkId, form: Form, db: Db) -> Response:
    """Show or hide what stands in the person's way (guide.barriers) to one coach."""
    return _change_choice(request, db, link_id, set_show_barriers, lambda: forms.read_show_barriers(form))


@router.post("/{link_id}/outcomes", name="sharing:outcomes")
def outcomes(request: Request, locale: str, link_id: LinkId, form: Form, db: Db) -> Response:
    """Let one coach record what the person started (guide.outcomes), or no longer."""
    return _change_choice(request, db, link_id, set_record_outcomes, lambda: forms.read_record_outcomes(form))
