"""The job seeker's consent pages: share progress with a coach, see who sees it and when they looked, stop sharing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from guide.content.library import get_library
from guide.core import i18n
from guide.core.db import reading, writing
from guide.core.i18n import N_
from guide.core.messages import Problems
from guide.core.settings import get_settings
from guide.journeys.models import Journey
from guide.sessions.deps import signed_in
from guide.sharing import forms
from guide.sharing.service import create_share_code, set_show_answers, shared_with, stop_sharing, view_log
from guide.web.deps import Db, Form, path_id, valid_locale
from guide.web.render import render
from guide.web.urls import url

router = APIRouter(prefix="/{locale}/share", dependencies=[Depends(valid_locale)])

NOTICES = {
    "stopped": N_("You stopped sharing. This coach cannot see your progress any more."),
    "changed": N_("Your choice is saved."),
}
LinkId = Annotated[int, path_id("link_id")]


def _clock(journey: Journey) -> tuple[str, str]:
    """The centre's timezone and country: times as the centre's clock shows them, in its country's format."""
    centre = get_library().centres.get(journey.centre_id)
    return (centre.timezone, centre.country) if centre else ("UTC", "")


def _views(db: Db, journey: Journey) -> list[tuple[str, str, str]]:
    """(coach, partner, day) once per coach and day, newest first: a log a person can read at a glance."""
    tz, country = _clock(journey)
    seen: list[tuple[str, str, str]] = []
    for entry in view_log(db, journey.id):  # type: ignore[arg-type]
        item = (entry.coach_name, entry.partner, i18n.fmt_date(entry.viewed_at, tz, country))
        if item not in seen:
            seen.append(item)
    return seen


def _share_page(request: Request, db: Db, journey: Journey, errors: dict[str, Any] | None = None, notice: str = "",
                status_code: int = 200) -> HTMLResponse:
    with reading(db):
        links, views = shared_with(db, journey.id), _views(db, journey)  # type: ignore[arg-type]
    return render(request, "sharing/share.html", {
        "links": links,
        "views": views,
        "errors": errors or {},
        "notice": notice,
        "minutes": get_settings().share_code_minutes,
    }, status_code=status_code)


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
    minutes = get_settings().share_code_minutes
    with writing(db):
        code, expires = create_share_code(db, get_settings().resolved_secret_key(), journey, show_answers, minutes)
    timezone, country = _clock(journey)
    return render(request, "sharing/share_code.html", {
        "code": code, "expires": expires, "timezone": timezone, "country": country, "minutes": minutes,
        "show_answers": show_answers,
    })


@router.post("/{link_id}/stop", name="sharing:stop")
def stop(request: Request, locale: str, link_id: LinkId, form: Form, db: Db) -> Response:
    journey = signed_in(request, db)
    with writing(db):
        stopped = stop_sharing(db, journey.id, link_id)  # type: ignore[arg-type]
    if not stopped:
        raise HTTPException(status_code=404)
    return RedirectResponse(url(request, "sharing:share", query={"notice": "stopped"}), status_code=303)


@router.post("/{link_id}/answers", name="sharing:answers")
def answers(request: Request, locale: str, link_id: LinkId, form: Form, db: Db) -> Response:
    journey = signed_in(request, db)
    try:
        show_answers = forms.read_show_answers(form)
    except Problems:
        raise HTTPException(status_code=400) from None  # the form offers only these two
    with writing(db):
        changed = set_show_answers(db, journey.id, link_id, show_answers)  # type: ignore[arg-type]
    if not changed:
        raise HTTPException(status_code=404)
    return RedirectResponse(url(request, "sharing:share", query={"notice": "changed"}), status_code=303)
