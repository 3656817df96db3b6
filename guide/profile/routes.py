"""The profile ("What I can offer") and the CV: the job seeker's pages, and the coach's view of a client's.

The CV's last form takes a name, a phone number, an e-mail and an address and answers with the document; those
values are in that response only: never stored, never logged, never in a redirect's URL.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from guide.core import i18n
from guide.core.db import reading, writing
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.core.models import utcnow
from guide.core.settings import get_settings
from guide.journeys.models import Journey
from guide.profile import documents, forms
from guide.profile.service import (
    ENTRY_FIELDS,
    EXPERIENCE,
    KINDS,
    CvParts,
    Details,
    EntryInput,
    add_entry,
    check_details,
    check_entry,
    check_languages,
    check_profile,
    cv_parts,
    delete_entry,
    details,
    get_entry,
    languages,
    moved,
    profile_lines,
    save_details,
    save_languages,
    save_profile,
    strengths,
    update_entry,
)
from guide.profile.views import (
    CoachProfilePage,
    CvPrintPage,
    cv_document,
    cv_page,
    details_page,
    entry_page,
    esco_of_competence,
    framework_name,
    languages_page,
    profile_page,
)
from guide.sessions.deps import StaffDb, require_role, signed_in
from guide.sharing.service import coach_link, pseudonym
from guide.staff.service import COACH, StaffUser
from guide.web.deps import Db, Form, path_id, valid_locale
from guide.web.render import render
from guide.web.urls import url

router = APIRouter(prefix="/{locale}", dependencies=[Depends(valid_locale)])
log = logging.getLogger("tensteps")

EntryId = Annotated[int, path_id("entry_id")]
LinkId = Annotated[int, path_id("link_id")]
Coach = Annotated[StaffUser, Depends(require_role(COACH))]


def _this_year() -> int:
    return utcnow().year


def _jid(journey: Journey) -> int:
    assert journey.id is not None  # a signed-in journey is a stored one
    return journey.id


# --- the profile ----------------------------------------------------------------------------------------------------


@router.get("/profile", response_class=HTMLResponse, name="profile:profile")
def profile(request: Request, locale: str, db: Db, saved: str = "") -> HTMLResponse:
    journey = signed_in(request, db)
    with reading(db):
        lines = profile_lines(db, journey)
    notice = i18n.gettext("Saved.") if saved else ""
    return render(request, "profile/profile.html", profile_page(lines, locale, notice=notice))


@router.post("/profile", response_class=HTMLResponse, name="profile:save")
def save(request: Request, locale: str, form: Form, db: Db) -> Response:
    journey = signed_in(request, db)
    edits = forms.read_profile(form)
    move = forms.read_move(form)
    try:
        with writing(db):
            lines = profile_lines(db, journey)
            clean = check_profile(lines, edits)
            if move is not None:
                clean = moved(clean, move.index, move.step)
            save_profile(db, _jid(journey), clean)
    except Problems as exc:
        typed = [(edit.key, edit.text, edit.shown) for edit in edits]
        page = profile_page(lines, locale, typed, exc.worded(locale))
        return render(request, "profile/profile.html", page, status_code=422)
    if move is not None:
        index = max(0, min(move.index + move.step, len(clean) - 1))
        return RedirectResponse(url(request, "profile:profile") + f"#item-{index}", status_code=303)
    return RedirectResponse(url(request, "profile:profile", query={"saved": "1"}), status_code=303)


# --- the CV's overview and its last form ---------------------------------------------------------------------------


@router.get("/cv", response_class=HTMLResponse, name="profile:cv")
def cv(request: Request, locale: str, db: Db, saved: str = "") -> HTMLResponse:
    journey = signed_in(request, db)
    with reading(db):
        parts = cv_parts(db, journey)
    notice = i18n.gettext("Saved.") if saved else ""
    return render(request, "profile/cv.html", cv_page(parts, locale, _this_year(), notice=notice))


@router.post("/cv/make", name="profile:make_cv")
def make_cv(request: Request, locale: str, form: Form, db: Db) -> Response:
    """The CV in the format asked: the printable page, a PDF or a Word file. The contact details go into this
    response and nowhere else."""
    journey = signed_in(request, db)
    with reading(db):
        parts = cv_parts(db, journey)

    def again(problems: Problems, status_code: int) -> HTMLResponse:
        typed = forms.typed_contact(form)
        shown = {"name": typed.name, "phone": typed.phone, "email": typed.email, "address": typed.address,
                 "cv_lang": forms.typed_cv_lang(form, i18n.available_locales(), locale)}
        page = cv_page(parts, locale, _this_year(), typed=shown,
                       errors=problems.worded(locale, forms.CONTACT_FIELDS))
        return render(request, "profile/cv.html", page, status_code=status_code)

    try:
        wanted = forms.read_cv_request(form, i18n.available_locales())
    except Problems as exc:
        return again(exc, 422)
    document = cv_document(parts, wanted.lang, wanted.contact)
    if wanted.format == "page":
        return render(request, "profile/cv_print.html", CvPrintPage(document))
    if wanted.format == "pdf":
        try:
            body = documents.cv_pdf(document)
        except documents.NoFont:
            log.error("the CV's PDF font is missing: install fonts-dejavu-core")
            return again(Problems({"format": Message(N_(
                "The PDF cannot be made just now. Print the page or make the Word document instead."
            ))}), 503)
        return _download(body, "application/pdf", "cv.pdf")
    body = documents.cv_docx(document)
    return _download(body, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "cv.docx")


def _download(body: bytes, media_type: str, filename: str) -> Response:
    # The file's name is the same for everyone: a name typed for the CV is not in a header either.
    return Response(body, media_type=media_type, headers={
        "content-disposition": f'attachment; filename="{filename}"', "cache-control": "no-store",
    })


# --- experience and training ---------------------------------------------------------------------------------------


def _section(raw: str) -> str:
    return raw if raw in KINDS else EXPERIENCE


@router.get("/cv/entries/new", response_class=HTMLResponse, name="profile:new_entry")
def new_entry(request: Request, db: Db, section: str = EXPERIENCE) -> HTMLResponse:
    signed_in(request, db)
    return render(request, "profile/entry.html", entry_page(_section(section), None, None))


def _entry_again(request: Request, data: EntryInput, entry_id: int | None, exc: Problems,
                 locale: str) -> HTMLResponse:
    page = entry_page(data.section, entry_id, data, exc.worded(locale, ENTRY_FIELDS))
    return render(request, "profile/entry.html", page, status_code=422)


@router.post("/cv/entries/new", response_class=HTMLResponse, name="profile:add_entry")
def add(request: Request, locale: str, form: Form, db: Db) -> Response:
    journey = signed_in(request, db)
    section = forms.read_section(form)
    data = forms.read_entry(form, section, KINDS[section])
    try:
        clean = check_entry(data, _this_year())
        with writing(db):
            add_entry(db, _jid(journey), clean)
    except Problems as exc:
        return _entry_again(request, data, None, exc, locale)
    return RedirectResponse(url(request, "profile:cv", query={"saved": "1"}) + f"#{section}", status_code=303)


@router.get("/cv/entries/{entry_id}", response_class=HTMLResponse, name="profile:entry")
def entry(request: Request, entry_id: EntryId, db: Db) -> HTMLResponse:
    journey = signed_in(request, db)
    with reading(db):
        found = get_entry(db, _jid(journey), entry_id)
    if found is None:
        raise HTTPException(status_code=404)
    return render(request, "profile/entry.html", entry_page(found.section, found.id, found.typed()))


@router.post("/cv/entries/{entry_id}", response_class=HTMLResponse, name="profile:save_entry")
def save_entry(request: Request, locale: str, entry_id: EntryId, form: Form, db: Db) -> Response:
    journey = signed_in(request, db)
    with reading(db):
        found = get_entry(db, _jid(journey), entry_id)
    if found is None:
        raise HTTPException(status_code=404)
    data = forms.read_entry(form, found.section, KINDS[found.section])
    try:
        clean = check_entry(data, _this_year())
    except Problems as exc:
        return _entry_again(request, data, entry_id, exc, locale)
    with writing(db):
        kept = update_entry(db, _jid(journey), entry_id, clean)
    if not kept:
        raise HTTPException(status_code=404)
    return RedirectResponse(url(request, "profile:cv", query={"saved": "1"}) + f"#{found.section}", status_code=303)


@router.post("/cv/entries/{entry_id}/delete", name="profile:delete_entry")
def remove_entry(request: Request, entry_id: EntryId, form: Form, db: Db) -> Response:
    journey = signed_in(request, db)
    with writing(db):
        found = get_entry(db, _jid(journey), entry_id)
        if found is None or not delete_entry(db, _jid(journey), entry_id):
            raise HTTPException(status_code=404)
    return RedirectResponse(url(request, "profile:cv", query={"saved": "1"}) + f"#{found.section}", status_code=303)


# --- languages, driving licence and the work wanted ----------------------------------------------------------------


@router.get("/cv/languages", response_class=HTMLResponse, name="profile:languages")
def languages_form(request: Request, db: Db) -> HTMLResponse:
    journey = signed_in(request, db)
    with reading(db):
        rows = languages(db, _jid(journey))
    return render(request, "profile/languages.html", languages_page(rows))


@router.post("/cv/languages", response_class=HTMLResponse, name="profile:save_languages")
def languages_save(request: Request, locale: str, form: Form, db: Db) -> Response:
    journey = signed_in(request, db)
    typed = forms.read_languages(form)
    try:
        clean = check_languages(typed)
    except Problems as exc:
        return render(request, "profile/languages.html", languages_page(typed, exc.worded(locale)), status_code=422)
    with writing(db):
        save_languages(db, _jid(journey), clean)
    return RedirectResponse(url(request, "profile:cv", query={"saved": "1"}) + "#languages", status_code=303)


@router.get("/cv/details", response_class=HTMLResponse, name="profile:details")
def details_form(request: Request, locale: str, db: Db) -> HTMLResponse:
    journey = signed_in(request, db)
    with reading(db):
        found = details(db, _jid(journey))
    return render(request, "profile/details.html", details_page(found, journey.sector, locale))


@router.post("/cv/details", response_class=HTMLResponse, name="profile:save_details")
def details_save(request: Request, locale: str, form: Form, db: Db) -> Response:
    journey = signed_in(request, db)
    typed = forms.read_details(form)
    try:
        clean = check_details(typed)
    except Problems as exc:
        page = details_page(typed, journey.sector, locale, exc.worded(locale, ("wanted_work", "about")))
        return render(request, "profile/details.html", page, status_code=422)
    with writing(db):
        save_details(db, _jid(journey), clean)
    return RedirectResponse(url(request, "profile:cv", query={"saved": "1"}) + "#details", status_code=303)


# --- the coach's view ----------------------------------------------------------------------------------------------


@router.get("/staff/clients/{link_id}/profile", response_class=HTMLResponse, name="profile:client_profile")
def client_profile(request: Request, locale: str, link_id: LinkId, staff: Coach, db: StaffDb) -> HTMLResponse:
    """A shared client's profile and CV, without contact details (never stored). Their own words only when they
    chose to share their written answers; the self-assessment's strengths either way, as on the client's page."""
    with reading(db):
        link = coach_link(db, staff.id, link_id)
        journey = db.get(Journey, link.journey_id) if link is not None else None
        if link is None or journey is None:
            raise HTTPException(status_code=404)
        parts = cv_parts(db, journey)
        found = strengths(db, journey)
    # Without shared answers, none of their words: the document is left empty (the strengths are named below).
    document = cv_document(parts if link.show_answers else _nothing_written(parts), locale, None)
    names = tuple((framework_name(cid, locale), esco_of_competence(cid)) for cid in found)
    page = CoachProfilePage(link_id, pseudonym(get_settings().resolved_secret_key(), _jid(journey)),
                            link.show_answers, document, names)
    return render(request, "profile/coach_profile.html", page)


def _nothing_written(parts: CvParts) -> CvParts:
    return CvParts([], [], [], Details(), parts.sector)
