"""The barriers check under /{locale}/barriers, and the coach's "being worked on" on a client's barriers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from guide.barriers import forms, views
from guide.barriers.service import (
    FIELDS,
    WANT_HELP,
    NotShared,
    answers,
    check_answers,
    save_answers,
    set_working_on,
)
from guide.core import i18n
from guide.core.db import reading, writing
from guide.core.messages import Problems
from guide.core.models import saved_id
from guide.sessions.deps import StaffDb, require_role, signed_in
from guide.sharing.service import coach_link
from guide.staff.service import COACH, StaffUser
from guide.web.deps import Db, Form, path_id, valid_locale
from guide.web.render import render
from guide.web.urls import url

router = APIRouter(prefix="/{locale}", dependencies=[Depends(valid_locale)])
Coach = Annotated[StaffUser, Depends(require_role(COACH))]
LinkId = Annotated[int, path_id("link_id")]


@router.get("/barriers", response_class=HTMLResponse, name="barriers:form")
def barriers_form(request: Request, db: Db) -> HTMLResponse:
    journey = signed_in(request, db)
    with reading(db):
        saved = answers(db, saved_id(journey))
    return render(request, "barriers/barriers.html", views.barriers_page(saved, pictograms=views.theme_pictograms()))


@router.post("/barriers", response_class=HTMLResponse, name="barriers:save")
def barriers_save(request: Request, locale: str, form: Form, db: Db) -> Response:
    journey = signed_in(request, db)
    typed = forms.read_answers(form)
    try:
        clean = check_answers(typed)
    except Problems as exc:  # nothing stored: the form again with every answer as sent
        with reading(db):
            saved = answers(db, saved_id(journey))
        page = views.barriers_page(saved, typed, exc.worded(locale, FIELDS), views.theme_pictograms())
        return render(request, "barriers/barriers.html", page, status_code=422)
    with writing(db):
        save_answers(db, saved_id(journey), clean)
    back = RedirectResponse(url(request, "barriers:summary", query={"saved": "1"}), status_code=303)
    return views.ASKED_HELP.keep(request, back, WANT_HELP in clean.values())


@router.get("/barriers/summary", response_class=HTMLResponse, name="barriers:summary")
def barriers_summary(request: Request, db: Db, saved: str = "") -> HTMLResponse:
    journey = signed_in(request, db)
    with reading(db):
        found = answers(db, saved_id(journey))
    notice = i18n.gettext("Your answers are saved.") if saved else ""
    return render(request, "barriers/summary.html", views.summary_page(found, notice, views.theme_pictograms()))


@router.post("/staff/clients/{link_id}/barriers", name="barriers:client_mark")
def client_mark(request: Request, link_id: LinkId, staff: Coach, form: Form, db: StaffDb) -> Response:
    """A barrier the client asked help with, marked (or no longer) as being worked on; 404 when they do not share
    their barriers, as for a link that is not the coach's."""
    theme, working_on = forms.read_mark(form)
    try:
        with writing(db):
            link = coach_link(db, staff.id, link_id)
            if link is None:
                raise NotShared(theme)
            set_working_on(db, link, theme, working_on)
    except NotShared:
        raise HTTPException(status_code=404) from None
    target = url(request, "staff:client", link_id=link_id, query={"saved": "1"})
    return RedirectResponse(f"{target}#barriers", status_code=303)
