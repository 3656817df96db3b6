"""Outreach tallies under /{locale}/staff/outreach, for coaches and admins, at their own partner's centres."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from guide.core import i18n
from guide.core.db import reading, writing
from guide.core.messages import Problems
from guide.outreach import forms, views
from guide.outreach.service import (
    FIELDS,
    TallyInput,
    TallyNotFound,
    delete_tally,
    get_tally,
    partner_centres,
    recent_tallies,
    record_tally,
)
from guide.sessions.deps import StaffDb, require_role
from guide.staff.service import ADMIN, COACH, StaffUser
from guide.web.deps import Form, path_id, valid_locale
from guide.web.render import render
from guide.web.urls import url

router = APIRouter(prefix="/{locale}/staff/outreach", dependencies=[Depends(valid_locale)])
Outreach = Annotated[StaffUser, Depends(require_role(COACH, ADMIN))]
TallyId = Annotated[int, path_id("tally_id")]
NOTICES = {
    "saved": i18n.N_("The tally is saved."),
    "removed": i18n.N_("The tally is removed."),
}


def _page(request: Request, locale: str, staff: StaffUser, db: StaffDb, typed: TallyInput | None = None,
          errors: dict[str, str] | None = None, notice: str = "", status_code: int = 200) -> HTMLResponse:
    with reading(db):
        tallies = recent_tallies(db, staff.partner)
    page = views.outreach_page(staff.partner, partner_centres(staff.partner), tallies, locale, typed, errors,
                               notice)
    return render(request, "outreach/outreach.html", page, status_code=status_code)


@router.get("", response_class=HTMLResponse, name="outreach:home")
def outreach_home(request: Request, locale: str, staff: Outreach, db: StaffDb, done: str = "") -> HTMLResponse:
    notice = i18n.gettext(NOTICES[done]) if done in NOTICES else ""
    return _page(request, locale, staff, db, notice=notice)


@router.post("", response_class=HTMLResponse, name="outreach:record")
def record(request: Request, locale: str, staff: Outreach, form: Form, db: StaffDb) -> Response:
    typed = forms.read_tally(form)
    try:
        with writing(db):
            record_tally(db, staff.partner, typed, date.today(), staff.id)
    except Problems as exc:
        return _page(request, locale, staff, db, typed, exc.worded(locale, FIELDS), status_code=422)
    return RedirectResponse(url(request, "outreach:home", query={"done": "saved"}), status_code=303)


@router.get("/{tally_id}/remove", response_class=HTMLResponse, name="outreach:confirm_remove")
def confirm_remove(request: Request, locale: str, tally_id: TallyId, staff: Outreach, db: StaffDb) -> HTMLResponse:
    try:
        with reading(db):
            tally = get_tally(db, staff.partner, tally_id)
    except TallyNotFound:
        raise HTTPException(status_code=404) from None
    return render(request, "outreach/remove.html", views.DeletePage(views.shown(tally, locale)))


@router.post("/{tally_id}/remove", name="outreach:remove")
def remove(request: Request, tally_id: TallyId, staff: Outreach, form: Form, db: StaffDb) -> Response:
    try:
        with writing(db):
            delete_tally(db, staff.partner, tally_id)
    except TallyNotFound:
        raise HTTPException(status_code=404) from None
    return RedirectResponse(url(request, "outreach:home", query={"done": "removed"}), status_code=303)
