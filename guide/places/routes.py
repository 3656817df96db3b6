"""Partners, regions and centres, kept by admins under /{locale}/staff/places, and a job seeker's neighbourhood
(/{locale}/neighbourhood, where their centre has some). Places: an all-partners admin adds and changes
every one; a partner admin sees and changes only their partner's centres (and adds centres for it), never a
partner or a region. Every save shows at once wherever centres are chosen (the content token)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Annotated, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from guide.content.library import Centre, Partner, Region, get_library
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
    check_neighbourhood,
    check_partner,
    check_region,
    save_centre,
    save_partner,
    save_region,
    set_neighbourhood,
)
from guide.sessions.deps import StaffDb, require_role, signed_in
from guide.sessions.policy import SAVE
from guide.staff.service import ADMIN, StaffUser
from guide.web.deps import Db, Form, valid_locale
from guide.web.render import render
from guide.web.urls import url

router = APIRouter(prefix="/{locale}/staff/places", dependencies=[Depends(valid_locale)])
seeker_router = APIRouter(prefix="/{locale}", dependencies=[Depends(valid_locale)])
Admin = Annotated[StaffUser, Depends(require_role(ADMIN))]
Place = TypeVar("Place", PlaceCentre, PlaceRegion, PlacePartner)
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


def _form(request: Request, locale: str, kind: str, action: str, typed: views.Typed, version: int | None,
          errors: dict[str, str] | None = None, conflict: bool = False, done: str = "", status_code: int = 200,
          staff: StaffUser | None = None) -> HTMLResponse:
    """The form for a partner, a region or a centre (`kind`); a centre's needs the admin (`staff`), whose partners
    it offers."""
    library = get_library()
    partners = [(p, library.partners[p].name(locale) if p in library.partners else p)
                for p in (_partners(staff) if staff else [])]
    page = views.FormPage(kind, action, typed, views.languages(_languages()), version, partners,
                          views.regions_hint(library, locale) if kind == "centre" else "", errors or {},
                          Message(views.CONFLICT).render(locale) if conflict else "", views.notice(done))
    return render(request, f"places/{kind}.html", page, status_code=status_code)


def _version(db: StaffDb, model: type[Place], key: str) -> int:
    """The saved version of a place; 0 for a file's that has no row yet."""
    with reading(db):
        row = db.get(model, key)
    return row.version if row else 0


def _saved(request: Request, locale: str, kind: str, action: str, typed: views.Typed, version: int | None,
           store: Callable[[], Response], order: tuple[str, ...], staff: StaffUser | None = None,
           saved: Callable[[], int] | None = None) -> Response:
    """`store` checks and saves, and says where to go next; else the form again with everything as typed and
    nothing stored: 422 with the problems, or 409 against the version saved now when someone saved first."""
    try:
        return store()
    except Problems as exc:
        return _form(request, locale, kind, action, typed, version, exc.worded(locale, order), status_code=422,
                     staff=staff)
    except StalePlace:
        return _form(request, locale, kind, action, typed, saved() if saved else 0, conflict=True, status_code=409,
                     staff=staff)


# --- centres ------------------------------------------------------------------------------------------------------


@router.get("/centres/new", response_class=HTMLResponse, name="places:new_centre")
def new_centre(request: Request, locale: str, staff: Admin) -> HTMLResponse:
    return _form(request, locale, "centre", url(request, "places:add_centre"), CentreInput(partner=staff.partner),
                 None, staff=staff)


@router.post("/centres", response_class=HTMLResponse, name="places:add_centre")
def add_centre(request: Request, locale: str, staff: Admin, form: Form, db: StaffDb) -> Response:
    typed = forms.read_centre(form, _languages())

    def store() -> Response:
        clean = check_centre(typed, get_library(), _partners(staff), new=True)
        with writing(db):
            save_centre(db, clean, None, staff.username)
        return _done(request, "places:centre", "added", centre_id=clean.id)

    return _saved(request, locale, "centre", url(request, "places:add_centre"), typed, None, store,
                  _order(*CENTRE_FIELDS), staff=staff)


@router.get("/centres/{centre_id}", response_class=HTMLResponse, name="places:centre")
def centre_page(request: Request, locale: str, centre_id: str, staff: Admin, db: StaffDb,
                done: str = "") -> HTMLResponse:
    centre = _centre(staff, centre_id)
    return _form(request, locale, "centre", url(request, "places:centre", centre_id=centre_id),
                 views.centre_typed(centre), _version(db, PlaceCentre, centre_id), done=done, staff=staff)


@router.post("/centres/{centre_id}", response_class=HTMLResponse, name="places:save_centre")
def save_centre_page(request: Request, locale: str, centre_id: str, staff: Admin, form: Form,
                     db: StaffDb) -> Response:
    centre = _centre(staff, centre_id)
    typed = replace(forms.read_centre(form, _languages()), id=centre.id)  # an id never changes: journeys name it

    def store() -> Response:
        clean = check_centre(typed, get_library(), _partners(staff), new=False)
        with writing(db):
            save_centre(db, clean, forms.read_version(form), staff.username)
        return _done(request, "places:centre", "saved", centre_id=centre_id)

    return _saved(request, locale, "centre", url(request, "places:centre", centre_id=centre_id), typed,
                  forms.read_version(form), store, _order(*CENTRE_FIELDS), staff=staff,
                  saved=lambda: _version(db, PlaceCentre, centre_id))


# --- regions ------------------------------------------------------------------------------------------------------


def _region(staff: StaffUser, code: str) -> Region:
    _everyone(staff)
    region = get_library().regions.get(code)
    if region is None:
        raise HTTPException(status_code=404)
    return region


@router.get("/regions/new", response_class=HTMLResponse, name="places:new_region")
def new_region(request: Request, locale: str, staff: Admin) -> HTMLResponse:
    _everyone(staff)
    return _form(request, locale, "region", url(request, "places:add_region"), RegionInput(), None)


@router.post("/regions", response_class=HTMLResponse, name="places:add_region")
def add_region(request: Request, locale: str, staff: Admin, form: Form, db: StaffDb) -> Response:
    _everyone(staff)
    typed = forms.read_region(form, _languages())

    def store() -> Response:
        code, country, names = check_region(typed, get_library(), new=True)
        with writing(db):
            save_region(db, code, country, names, None, staff.username)
        return _done(request, "places:region", "added", region_code=code)

    return _saved(request, locale, "region", url(request, "places:add_region"), typed, None, store,
                  _order("code", "country"))


@router.get("/regions/{region_code}", response_class=HTMLResponse, name="places:region")
def region_page(request: Request, locale: str, region_code: str, staff: Admin, db: StaffDb,
                done: str = "") -> HTMLResponse:
    region = _region(staff, region_code)
    return _form(request, locale, "region", url(request, "places:region", region_code=region_code),
                 RegionInput(region.code, region.country, dict(region.names)),
                 _version(db, PlaceRegion, region_code), done=done)


@router.post("/regions/{region_code}", response_class=HTMLResponse, name="places:save_region")
def save_region_page(request: Request, locale: str, region_code: str, staff: Admin, form: Form,
                     db: StaffDb) -> Response:
    region = _region(staff, region_code)
    typed = replace(forms.read_region(form, _languages()), code=region.code)  # a code never changes: centres name it

    def store() -> Response:
        code, country, names = check_region(typed, get_library(), new=False)
        with writing(db):
            save_region(db, code, country, names, forms.read_version(form), staff.username)
        return _done(request, "places:region", "saved", region_code=region_code)

    return _saved(request, locale, "region", url(request, "places:region", region_code=region_code), typed,
                  forms.read_version(form), store, _order("code", "country"),
                  saved=lambda: _version(db, PlaceRegion, region_code))


# --- partners -----------------------------------------------------------------------------------------------------


def _partner(staff: StaffUser, partner_id: str) -> Partner:
    _everyone(staff)
    partner = get_library().partners.get(partner_id)
    if partner is None:
        raise HTTPException(status_code=404)
    return partner


@router.get("/partners/new", response_class=HTMLResponse, name="places:new_partner")
def new_partner(request: Request, locale: str, staff: Admin) -> HTMLResponse:
    _everyone(staff)
    return _form(request, locale, "partner", url(request, "places:add_partner"), PartnerInput(), None)


@router.post("/partners", response_class=HTMLResponse, name="places:add_partner")
def add_partner(request: Request, locale: str, staff: Admin, form: Form, db: StaffDb) -> Response:
    _everyone(staff)
    typed = forms.read_partner(form, _languages())

    def store() -> Response:
        pid, names = check_partner(typed, get_library(), new=True)
        with writing(db):
            save_partner(db, pid, names, None, staff.username)
        return _done(request, "places:partner", "added", partner_id=_quoted(pid))

    return _saved(request, locale, "partner", url(request, "places:add_partner"), typed, None, store, _order("id"))


@router.get("/partners/{partner_id}", response_class=HTMLResponse, name="places:partner")
def partner_page(request: Request, locale: str, partner_id: str, staff: Admin, db: StaffDb,
                 done: str = "") -> HTMLResponse:
    partner = _partner(staff, partner_id)
    return _form(request, locale, "partner", url(request, "places:partner", partner_id=_quoted(partner_id)),
                 PartnerInput(partner.id, dict(partner.names)), _version(db, PlacePartner, partner_id), done=done)


@router.post("/partners/{partner_id}", response_class=HTMLResponse, name="places:save_partner")
def save_partner_page(request: Request, locale: str, partner_id: str, staff: Admin, form: Form,
                      db: StaffDb) -> Response:
    partner = _partner(staff, partner_id)
    typed = replace(forms.read_partner(form, _languages()), id=partner.id)

    def store() -> Response:
        pid, names = check_partner(typed, get_library(), new=False)
        with writing(db):
            save_partner(db, pid, names, forms.read_version(form), staff.username)
        return _done(request, "places:partner", "saved", partner_id=_quoted(pid))

    action = url(request, "places:partner", partner_id=_quoted(partner_id))
    return _saved(request, locale, "partner", action, typed, forms.read_version(form), store, _order("id"),
                  saved=lambda: _version(db, PlacePartner, partner_id))


# --- a job seeker's neighbourhood -----------------------------------------------------------------------------------


def _neighbourhood_page(request: Request, centre: Centre, chosen: str, errors: dict[str, str] | None = None,
                        status_code: int = 200) -> HTMLResponse:
    return render(request, "places/neighbourhood.html",
                  views.NeighbourhoodPage(views.neighbourhood_options(centre), chosen, errors or {}),
                  status_code=status_code)


@seeker_router.get("/neighbourhood", response_class=HTMLResponse, name="places:neighbourhood")
def neighbourhood_form(request: Request, db: Db) -> Response:
    journey = signed_in(request, db)
    centre = get_library().centres.get(journey.centre_id)
    if centre is None or not centre.neighbourhoods:  # nothing to ask: the question is not offered there
        return RedirectResponse(url(request, "journeys:task_list"), status_code=303)
    return _neighbourhood_page(request, centre, journey.neighbourhood)


@seeker_router.post("/neighbourhood", response_class=HTMLResponse, name="places:neighbourhood_save")
def neighbourhood_save(request: Request, locale: str, form: Form, db: Db) -> Response:
    journey = signed_in(request, db, SAVE)
    centre = get_library().centres.get(journey.centre_id)
    if centre is None or not centre.neighbourhoods:
        return RedirectResponse(url(request, "journeys:task_list"), status_code=303)
    typed = forms.read_neighbourhood(form)
    try:
        chosen = check_neighbourhood(typed, centre)
    except Problems as exc:  # nothing stored: the question again
        return _neighbourhood_page(request, centre, typed, exc.worded(locale), status_code=422)
    with writing(db):
        set_neighbourhood(db, journey, chosen)
    return RedirectResponse(url(request, "journeys:task_list"), status_code=303)
