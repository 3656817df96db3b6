"""The directory: a centre's services and opportunities under /{locale}/directory/{centre_id} (anyone: job seekers,
coaches, a volunteer at the desk), and the editors' pages under /{locale}/staff/directory, where a partner's editors
and admins keep their own centres' entries (texts in the languages their account holds)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from guide.content.library import Centre, get_library
from guide.core import i18n
from guide.core.db import reading, writing
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.core.settings import get_settings
from guide.directory import forms, views
from guide.directory.queries import get_entry, is_stale, list_entries, translation_states
from guide.directory.service import (
    EntryInput,
    NoSuchEntry,
    StaleEntry,
    add_entry,
    check_entry,
    field_names,
    mark_checked,
    update_entry,
)
from guide.editor.views import may_edit
from guide.sessions.deps import StaffDb, require_role
from guide.staff.service import ADMIN, EDITOR, StaffUser
from guide.web.deps import Form, path_id, valid_locale
from guide.web.render import render
from guide.web.urls import url

router = APIRouter(prefix="/{locale}", dependencies=[Depends(valid_locale)])
Editor = Annotated[StaffUser, Depends(require_role(EDITOR, ADMIN))]
ListingId = Annotated[int, path_id("listing_id")]
NOTICES = {
    "added": N_("The entry is added. Job seekers at the centre see it now."),
    "saved": N_("Your changes are saved. Job seekers at the centre see them now."),
    "checked": N_("The entry is marked as checked today."),
}
CONFLICT = N_("Someone else saved this entry while you were changing it. What you typed is kept below; compare it "
              "with the saved entry (open it in a new tab), then save again to keep your version.")


def _languages() -> tuple[str, ...]:
    return tuple(get_settings().languages)


def _editable(staff: StaffUser) -> tuple[str, ...]:
    return tuple(lang for lang in _languages() if may_edit(staff, lang))


def _centres(staff: StaffUser) -> list[Centre]:
    """The centres whose entries this person keeps: their partner's, every centre for an all-partners admin."""
    centres = get_library().centres.values()
    return sorted((c for c in centres if staff.all_partners or c.partner == staff.partner), key=lambda c: c.id)


def _centre(staff: StaffUser, centre_id: str) -> Centre:
    found = next((c for c in _centres(staff) if c.id == centre_id), None)
    if found is None:
        raise HTTPException(status_code=404)
    return found


def _notice(done: str) -> str:
    return i18n.gettext(NOTICES[done]) if done in NOTICES else ""


# --- job seekers ------------------------------------------------------------------------------------------------


@router.get("/directory/{centre_id}", response_class=HTMLResponse, name="directory:centre")
def centre_directory(request: Request, locale: str, centre_id: str, q: str = "", theme: str = "",
                     language: str = "", neighbourhood: str = "") -> HTMLResponse:
    centre = get_library().centres.get(centre_id)
    if centre is None:
        raise HTTPException(status_code=404)
    return render(request, "directory/centre.html", views.directory_page(centre, locale, q, theme, language,
                                                                           neighbourhood))


# --- editors ----------------------------------------------------------------------------------------------------


@router.get("/staff/directory", response_class=HTMLResponse, name="directory:list")
def editor_list(request: Request, locale: str, staff: Editor, db: StaffDb, done: str = "") -> HTMLResponse:
    centres = _centres(staff)
    with reading(db):
        rows = list_entries(db, [c.id for c in centres], locale, _languages(), date.today())
    return render(request, "directory/list.html", views.editor_list(centres, rows, locale, _notice(done)))


def _new_form(request: Request, locale: str, staff: StaffUser, centre: Centre, typed: EntryInput,
              errors: dict[str, str] | None = None, status_code: int = 200) -> HTMLResponse:
    page = views.entry_form(url(request, "directory:create"), centre, locale, typed, _languages(), _editable(staff),
                            errors=errors)
    return render(request, "directory/entry.html", page, status_code=status_code)


@router.get("/staff/directory/new", response_class=HTMLResponse, name="directory:new")
def new_entry(request: Request, locale: str, staff: Editor, centre: str = "") -> HTMLResponse:
    centres = _centres(staff)
    if not centres or not _editable(staff):
        raise HTTPException(status_code=403)
    chosen = _centre(staff, centre) if centre else centres[0]
    return _new_form(request, locale, staff, chosen, EntryInput())


@router.post("/staff/directory", response_class=HTMLResponse, name="directory:create")
def create_entry(request: Request, locale: str, staff: Editor, form: Form, db: StaffDb) -> Response:
    editable = _editable(staff)
    if not editable:
        raise HTTPException(status_code=403)
    centres = _centres(staff)
    centre = next((c for c in centres if c.id == forms.read_centre(form)), None)
    typed = forms.read_entry(form, editable)
    if centre is None:  # a centre not theirs, or none: the form again for their first centre
        if not centres:
            raise HTTPException(status_code=403)
        errors = {"kind": i18n.gettext("Choose one of your centres.")}
        return _new_form(request, locale, staff, centres[0], typed, errors, status_code=422)
    try:
        clean = check_entry(typed, centre, editable)
        with writing(db):
            entry_id = add_entry(db, centre, clean, staff.username, date.today())
    except Problems as exc:  # nothing stored: the form again with everything as typed
        return _new_form(request, locale, staff, centre, typed, exc.worded(locale, field_names(editable)), 422)
    return RedirectResponse(url(request, "directory:edit", listing_id=entry_id, query={"done": "added"}),
                            status_code=303)


def _edit_form(request: Request, locale: str, staff: StaffUser, db: StaffDb, listing_id: int,
               typed: EntryInput | None = None, errors: dict[str, str] | None = None, conflict: bool = False,
               done: str = "", status_code: int = 200) -> HTMLResponse:
    with reading(db):
        found = get_entry(db, listing_id)
    if found is None:
        raise HTTPException(status_code=404)
    entry, texts = found
    centre = _centre(staff, entry.centre_id)
    shown = typed if typed is not None else views.typed_from(entry, texts)
    if typed is not None:  # the texts of languages the editor may not change are shown as saved
        keep = [lang for lang in _languages() if lang not in _editable(staff)]
        saved = views.typed_from(entry, texts)
        shown = replace(shown, names={**{k: saved.names.get(k, "") for k in keep}, **shown.names},
                        texts={**{k: saved.texts.get(k, "") for k in keep}, **shown.texts})
    states = dict(translation_states(entry, list(texts.values()), _languages()))
    page = views.entry_form(
        url(request, "directory:save", listing_id=listing_id), centre, locale, shown, _languages(), _editable(staff),
        version=entry.version, source=entry.source_locale, states=states,
        checked_on=views.day_words(entry.checked_on),
        checked_action=url(request, "directory:checked", listing_id=listing_id),
        stale=is_stale(entry.checked_on, date.today()),
        conflict=Message(CONFLICT).render(locale) if conflict else "", errors=errors, notice=_notice(done),
    )
    return render(request, "directory/entry.html", page, status_code=status_code)


@router.get("/staff/directory/{listing_id}", response_class=HTMLResponse, name="directory:edit")
def edit_entry(request: Request, locale: str, listing_id: ListingId, staff: Editor, db: StaffDb,
               done: str = "") -> HTMLResponse:
    return _edit_form(request, locale, staff, db, listing_id, done=done)


@router.post("/staff/directory/{listing_id}", response_class=HTMLResponse, name="directory:save")
def save_entry(request: Request, locale: str, listing_id: ListingId, staff: Editor, form: Form,
               db: StaffDb) -> Response:
    editable = _editable(staff)
    typed = forms.read_entry(form, editable)
    with reading(db):
        found = get_entry(db, listing_id)
    if found is None:
        raise HTTPException(status_code=404)
    centre = _centre(staff, found[0].centre_id)
    try:
        clean = check_entry(typed, centre, editable, require_name=False)
        with writing(db):
            update_entry(db, listing_id, forms.read_version(form), clean, editable, staff.username, date.today())
    except Problems as exc:
        errors = exc.worded(locale, field_names(editable))
        return _edit_form(request, locale, staff, db, listing_id, typed, errors, status_code=422)
    except StaleEntry:  # nothing stored: the form again with what they typed, against the saved version now
        return _edit_form(request, locale, staff, db, listing_id, typed, conflict=True, status_code=409)
    except NoSuchEntry:
        raise HTTPException(status_code=404) from None
    return RedirectResponse(url(request, "directory:edit", listing_id=listing_id, query={"done": "saved"}),
                            status_code=303)


@router.post("/staff/directory/{listing_id}/checked", name="directory:checked")
def entry_checked(request: Request, listing_id: ListingId, staff: Editor, form: Form, db: StaffDb) -> Response:
    with reading(db):
        found = get_entry(db, listing_id)
    if found is None:
        raise HTTPException(status_code=404)
    _centre(staff, found[0].centre_id)
    try:
        with writing(db):
            mark_checked(db, listing_id, staff.username, date.today())
    except (NoSuchEntry, StaleEntry):
        raise HTTPException(status_code=404) from None
    return RedirectResponse(url(request, "directory:list", query={"done": "checked"}), status_code=303)
