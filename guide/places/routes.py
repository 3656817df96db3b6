"""Partners, regions and centres, kept by admins under /{locale}/staff/places: an all-partners admin adds and changes
every one; a partner admin sees and changes only their partner's centres (and adds centres for it), never a
partner or a region. Every save shows at once wherever centres are chosen (the content token)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from guide.content.library import Centre, get_library
from guide.core.db import reading, writing
from guide.core.messages import Message, Problems
from guide.core.settings import get_settings
from guide.places import forms, views
from guide.places.models import PlaceCentre, PlacePartner, PlaceRegion
from guide.places.service import (
    CentreInput,
    PartnerInput,
    RegionInput,
    StalePlace,
    check_centre,
    check_partner,
    check_region,
    save_centre,
    save_partner,
    save_region,
)
from guide.sessions.deps import StaffDb, require_role
from guide.staff.service import ADMIN, StaffUser
from guide.web.deps import Form, valid_locale
from guide.web.render import render
from guide.web.urls import url

router = APIRouter(prefix="/{locale}/staff/places", dependencies=[Depends(valid_locale)])
Admin = Annotated[StaffUser, Depends(require_role(ADMIN))]
CENTRE_FIELDS = ("id", "partner", "country", "region", "timezone", "official_languages", "learn_language",
                 "neighbourhoods")


def _languages() -> tuple[str, ...]:
    return tuple(get_settings().languages)


def _order(*fields: str) -> tuple[str, ...]:
    return (*fields, *(f"name-{lang}" for lang in _languages()))


def _centres(staff: StaffUser) -> list[Centre]:
    """The centres this admin keeps: their partner's, every one for an all-partners admin."""
    return [c for c in get_library().centres.values() if staff.all_partners or c.partner == staff.partner]


def _centre(staff: StaffUser, centre_id: str) -> Centre:
    found = next((c for c in _centres(staff) if c.id == centre_id), None)
    if found is None:
        raise HTTPException(status_code=404)
    return found


def _partners(staff: StaffUser) -> list[str]:
    """The partners this admin may give a centre to."""
    return sorted(get_library().partners) if staff.all_partners else [staff.partner]


def _quoted(partner_id: str) -> str:
    """A partner's id in a path: it is a name ("Medway Council"), spaces and all."""
    return quote(partner_id, safe="")


def _everyone(staff: StaffUser) -> None:
    """Partners and regions are everyone's: only an all-partners admin adds or changes them."""
    if not staff.all_partners:
        raise HTTPException(status_code=403)


@router.get("", response_class=HTMLResponse, name="places:home")
def home(request: Request, locale: str, staff: Admin, done: str = "") -> HTMLResponse:
    library = get_library()
    centres = tuple(views.centre_row(c, library, locale, url(request, "places:centre", centre_id=c.id))
                    for c in sorted(_centres(staff), key=lambda c: c.name(locale)))
    regions = tuple(
        views.Row(code, r.name(locale), r.country,
                  url(request, "places:region", region_code=code) if staff.all_partners else "")
        for code, r in sorted(library.regions.items())
    )
    partners = tuple(
        views.Row(pid, p.name(locale), "", url(request, "places:partner", partner_id=_quoted(pid)))
        for pid, p in sorted(library.partners.items())
    ) if staff.all_partners else ()
    page = views.HomePage(centres, regions, partners, may_add_centre=bool(_partners(staff)),
                          all_partners=staff.all_partners, notice=views.notice(done))
    return render(request, "places/home.html", page)


def _done(request: Request, endpoint: str, done: str, **params: str) -> RedirectResponse:
    return RedirectResponse(url(request, endpoint, query={"done": done}, **params), status_code=303)


# --- centres ------------------------------------------------------------------------------------------------------


def _centre_form(request: Request, locale: str, staff: StaffUser, action: str, typed: CentreInput,
                 version: int | None, errors: dict[str, str] | None = None, conflict: bool = False,
                 done: str = "", status_code: int = 200) -> HTMLResponse:
    library = get_library()
    partners = [(p, library.partners[p].name(locale) if p in library.partners else p) for p in _partners(staff)]
    page = views.FormPage("centre", action, typed, views.languages(_languages()), version, partners,
                          views.regions_hint(library, locale), errors or {},
                          Message(views.CONFLICT).render(locale) if conflict else "", views.notice(done))
    return render(request, "places/centre.html", page, status_code=status_code)


@router.get("/centres/new", response_class=HTMLResponse, name="places:new_centre")
def new_centre(request: Request, locale: str, staff: Admin) -> HTMLResponse:
    return _centre_form(request, locale, staff, url(request, "places:add_centre"),
                        CentreInput(partner=staff.partner), None)


@router.post("/centres", response_class=HTMLResponse, name="places:add_centre")
def add_centre(request: Request, locale: str, staff: Admin, form: Form, db: StaffDb) -> Response:
    typed = forms.read_centre(form, _languages())
    try:
        clean = check_centre(typed, get_library(), _partners(staff), new=True)
        with writing(db):
            save_centre(db, clean, None, staff.username)
    except Problems as exc:  # nothing stored: the form again with everything as typed
        errors = exc.worded(locale, _order(*CENTRE_FIELDS))
        return _centre_form(request, locale, staff, url(request, "places:add_centre"), typed, None, errors,
                            status_code=422)
    return _done(request, "places:centre", "added", centre_id=clean.id)


def _centre_version(db: StaffDb, centre_id: str) -> int:
    with reading(db):
        row = db.get(PlaceCentre, centre_id)
    return row.version if row else 0


@router.get("/centres/{centre_id}", response_class=HTMLResponse, name="places:centre")
def centre_page(request: Request, locale: str, centre_id: str, staff: Admin, db: StaffDb,
                done: str = "") -> HTMLResponse:
    centre = _centre(staff, centre_id)
    return _centre_form(request, locale, staff, url(request, "places:centre", centre_id=centre_id),
                        views.centre_typed(centre), _centre_version(db, centre_id), done=done)


@router.post("/centres/{centre_id}", response_class=HTMLResponse, name="places:save_centre")
def save_centre_page(request: Request, locale: str, centre_id: str, staff: Admin, form: Form,
                     db: StaffDb) -> Response:
    centre = _centre(staff, centre_id)
    typed = forms.read_centre(form, _languages())
    typed = CentreInput(**{**typed.__dict__, "id": centre.id})  # an id never changes: journeys name it
    action = url(request, "places:centre", centre_id=centre_id)
    try:
        clean = check_centre(typed, get_library(), _partners(staff), new=False)
        with writing(db):
            save_centre(db, clean, forms.read_version(form), staff.username)
    except Problems as exc:
        errors = exc.worded(locale, _order(*CENTRE_FIELDS))
        return _centre_form(request, locale, staff, action, typed, forms.read_version(form), errors,
                            status_code=422)
    except StalePlace:  # nothing stored: what they typed, against the version saved now
        return _centre_form(request, locale, staff, action, typed, _centre_version(db, centre_id), conflict=True,
                            status_code=409)
    return _done(request, "places:centre", "saved", centre_id=centre_id)


# --- regions ------------------------------------------------------------------------------------------------------


def _region_form(request: Request, locale: str, action: str, typed: RegionInput, version: int | None,
                 errors: dict[str, str] | None = None, conflict: bool = False, done: str = "",
                 status_code: int = 200) -> HTMLResponse:
    page = views.FormPage("region", action, typed, views.languages(_languages()), version, errors=errors or {},
                          conflict=Message(views.CONFLICT).render(locale) if conflict else "",
                          notice=views.notice(done))
    return render(request, "places/region.html", page, status_code=status_code)


def _region_version(db: StaffDb, code: str) -> int:
    with reading(db):
        row = db.get(PlaceRegion, code)
    return row.version if row else 0


@router.get("/regions/new", response_class=HTMLResponse, name="places:new_region")
def new_region(request: Request, locale: str, staff: Admin) -> HTMLResponse:
    _everyone(staff)
    return _region_form(request, locale, url(request, "places:add_region"), RegionInput(), None)


@router.post("/regions", response_class=HTMLResponse, name="places:add_region")
def add_region(request: Request, locale: str, staff: Admin, form: Form, db: StaffDb) -> Response:
    _everyone(staff)
    typed = forms.read_region(form, _languages())
    try:
        code, country, names = check_region(typed, get_library(), new=True)
        with writing(db):
            save_region(db, code, country, names, None, staff.username)
    except Problems as exc:
        return _region_form(request, locale, url(request, "places:add_region"), typed, None,
                            exc.worded(locale, _order("code", "country")), status_code=422)
    return _done(request, "places:region", "added", region_code=code)


@router.get("/regions/{region_code}", response_class=HTMLResponse, name="places:region")
def region_page(request: Request, locale: str, region_code: str, staff: Admin, db: StaffDb,
                done: str = "") -> HTMLResponse:
    _everyone(staff)
    region = get_library().regions.get(region_code)
    if region is None:
        raise HTTPException(status_code=404)
    typed = RegionInput(region.code, region.country, dict(region.names))
    return _region_form(request, locale, url(request, "places:region", region_code=region_code), typed,
                        _region_version(db, region_code), done=done)


@router.post("/regions/{region_code}", response_class=HTMLResponse, name="places:save_region")
def save_region_page(request: Request, locale: str, region_code: str, staff: Admin, form: Form,
                     db: StaffDb) -> Response:
    _everyone(staff)
    region = get_library().regions.get(region_code)
    if region is None:
        raise HTTPException(status_code=404)
    typed = forms.read_region(form, _languages())
    typed = RegionInput(region.code, typed.country, typed.names)  # a code never changes: centres name it
    action = url(request, "places:region", region_code=region_code)
    try:
        code, country, names = check_region(typed, get_library(), new=False)
        with writing(db):
            save_region(db, code, country, names, forms.read_version(form), staff.username)
    except Problems as exc:
        return _region_form(request, locale, action, typed, forms.read_version(form),
                            exc.worded(locale, _order("code", "country")), status_code=422)
    except StalePlace:
        return _region_form(request, locale, action, typed, _region_version(db, region_code), conflict=True,
                            status_code=409)
    return _done(request, "places:region", "saved", region_code=region_code)


# --- partners -----------------------------------------------------------------------------------------------------


def _partner_form(request: Request, locale: str, action: str, typed: PartnerInput, version: int | None,
                  errors: dict[str, str] | None = None, conflict: bool = False, done: str = "",
                  status_code: int = 200) -> HTMLResponse:
    page = views.FormPage("partner", action, typed, views.languages(_languages()), version, errors=errors or {},
                          conflict=Message(views.CONFLICT).render(locale) if conflict else "",
                          notice=views.notice(done))
    return render(request, "places/partner.html", page, status_code=status_code)


def _partner_version(db: StaffDb, pid: str) -> int:
    with reading(db):
        row = db.get(PlacePartner, pid)
    return row.version if row else 0


@router.get("/partners/new", response_class=HTMLResponse, name="places:new_partner")
def new_partner(request: Request, locale: str, staff: Admin) -> HTMLResponse:
    _everyone(staff)
    return _partner_form(request, locale, url(request, "places:add_partner"), PartnerInput(), None)


@router.post("/partners", response_class=HTMLResponse, name="places:add_partner")
def add_partner(request: Request, locale: str, staff: Admin, form: Form, db: StaffDb) -> Response:
    _everyone(staff)
    typed = forms.read_partner(form, _languages())
    try:
        pid, names = check_partner(typed, get_library(), new=True)
        with writing(db):
            save_partner(db, pid, names, None, staff.username)
    except Problems as exc:
        return _partner_form(request, locale, url(request, "places:add_partner"), typed, None,
                             exc.worded(locale, _order("id")), status_code=422)
    return _done(request, "places:partner", "added", partner_id=_quoted(pid))


@router.get("/partners/{partner_id}", response_class=HTMLResponse, name="places:partner")
def partner_page(request: Request, locale: str, partner_id: str, staff: Admin, db: StaffDb,
                 done: str = "") -> HTMLResponse:
    _everyone(staff)
    partner = get_library().partners.get(partner_id)
    if partner is None:
        raise HTTPException(status_code=404)
    return _partner_form(request, locale, url(request, "places:partner", partner_id=_quoted(partner_id)),
                         PartnerInput(partner.id, dict(partner.names)), _partner_version(db, partner_id), done=done)


@router.post("/partners/{partner_id}", response_class=HTMLResponse, name="places:save_partner")
def save_partner_page(request: Request, locale: str, partner_id: str, staff: Admin, form: Form,
                      db: StaffDb) -> Response:
    _everyone(staff)
    partner = get_library().partners.get(partner_id)
    if partner is None:
        raise HTTPException(status_code=404)
    typed = PartnerInput(partner.id, forms.read_partner(form, _languages()).names)
    action = url(request, "places:partner", partner_id=_quoted(partner_id))
    try:
        pid, names = check_partner(typed, get_library(), new=False)
        with writing(db):
            save_partner(db, pid, names, forms.read_version(form), staff.username)
    except Problems as exc:
        return _partner_form(request, locale, action, typed, forms.read_version(form),
                             exc.worded(locale, _order("id")), status_code=422)
    except StalePlace:
        return _partner_form(request, locale, action, typed, _partner_version(db, partner_id), conflict=True,
                             status_code=409)
    return _done(request, "places:partner", "saved", partner_id=_quoted(partner_id))
