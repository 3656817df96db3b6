"""Editors' pages under /{locale}/staff/content: translation status, the side-by-side editor with a live preview,
history with diffs, and PO / XLIFF round trips.

{locale} is the language of the interface; {lang} the language of the text being edited. Every editor and admin may
read every language; only an admin, or an editor whose account holds {lang}, may change text in it.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from guide.content.items import ContentItem, get_catalog
from guide.content.library import get_library
from guide.content.models import ContentRevision
from guide.content.revisions import (
    FILE_VERSION,
    ContentEditError,
    StaleRevision,
    UnknownItem,
    UnknownLanguage,
    check_item,
    check_language,
    get_revision,
    mark_reviewed,
    restore,
    restore_file_text,
    save,
    set_pictogram,
    set_source_language,
)
from guide.core import i18n
from guide.core.db import reading, writing
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.core.settings import get_settings
from guide.editor import forms, views
from guide.editor.exchange import (
    MAX_FILE_BYTES,
    Entry,
    ExchangeRejected,
    Preview,
    apply_import,
    export_po,
    export_xliff,
    preview_import,
    read_po_entries,
    read_xliff_entries,
)
from guide.editor.forms import FORMATS
from guide.editor.views import may_edit
from guide.listen.recordings import MAX_BYTES as MAX_RECORDING_BYTES
from guide.listen.recordings import MAX_MEGABYTES as MAX_RECORDING_MEGABYTES
from guide.listen.recordings import RecordingRejected
from guide.listen.service import audio_after_publish, record
from guide.sessions.deps import StaffDb, require_role
from guide.staff.service import ADMIN, EDITOR, StaffUser
from guide.web.deps import Form, is_htmx, valid_locale
from guide.web.limits import MULTIPART_ROOM, body_limit
from guide.web.render import render
from guide.web.urls import url
from skills_audit.framework import get_framework

router = APIRouter(prefix="/{locale}/staff/content", dependencies=[Depends(valid_locale)])
Editor = Annotated[StaffUser, Depends(require_role(EDITOR, ADMIN))]


# --- helpers --------------------------------------------------------------------------------------------------------


def _check_may_edit(staff: StaffUser, lang: str) -> None:
    if not may_edit(staff, lang):
        raise HTTPException(status_code=403)


def _target(key: str, lang: str) -> ContentItem:
    """The item and language named in the URL, or the 404 page."""
    try:
        check_language(lang)
        return check_item(key)
    except (UnknownItem, UnknownLanguage):
        raise HTTPException(status_code=404) from None


def _editor_page(request: Request, db: Session, staff: StaffUser, item: ContentItem, lang: str, *,
                 typed: str | None = None, base: int | None = None, errors: dict[str, str] | None = None,
                 stale: ContentRevision | None = None, notice: str = "", status_code: int = 200) -> HTMLResponse:
    view = views.editor_view(db, staff, item, lang, typed=typed, base=base, errors=errors, stale=stale, notice=notice)
    return render(request, "editor/edit.html", view, status_code=status_code)


def _why(exc: ContentEditError) -> str:
    """Why a save or an import was refused, in the language of the page."""
    return exc.worded(i18n.get_locale())


def _edit_url(request: Request, lang: str, key: str, saved: str = "") -> str:
    return url(request, "editor:edit", lang=lang, key=key, query={"saved": saved} if saved else None)


# --- translation status ---------------------------------------------------------------------------------------------


@router.get("", response_class=HTMLResponse, name="editor:status")
def status_page(request: Request, staff: Editor, db: StaffDb, lang: str = "", state: str = "", group: str = "",
                p: int = 1) -> HTMLResponse:
    return render(request, "editor/status.html", views.status_view(db, staff, lang, state, group, p))


# --- the editor -----------------------------------------------------------------------------------------------------


@router.get("/{lang}/item/{key:path}", response_class=HTMLResponse, name="editor:edit")
def edit_page(request: Request, lang: str, key: str, staff: Editor, db: StaffDb, saved: str = "") -> HTMLResponse:
    item = _target(key, lang)
    return _editor_page(request, db, staff, item, lang, notice=views.saved_notice(saved))


@router.post("/{lang}/item/{key:path}", response_class=HTMLResponse, name="editor:edit_save")
def edit_save(request: Request, locale: str, lang: str, key: str, staff: Editor, form: Form,
              db: StaffDb, background: BackgroundTasks) -> Response:
    item = _target(key, lang)
    sent = forms.read_edit(form)
    typed, base, action = sent.text, sent.base, sent.action
    if action == "preview":  # the no-JavaScript preview: the same page, with the typed text rendered
        return _editor_page(request, db, staff, item, lang, typed=typed, base=base)
    _check_may_edit(staff, lang)
    try:
        with writing(db):
            save(db, key, lang, typed, staff.username, base, publish=action == "publish")
    except StaleRevision as exc:
        return _editor_page(request, db, staff, item, lang, typed=typed, base=base, stale=exc.current,
                            errors={"text": _why(exc)}, status_code=409)
    except ContentEditError as exc:
        return _editor_page(request, db, staff, item, lang, typed=typed, base=base, errors={"text": _why(exc)},
                            status_code=422)
    if action == "publish":  # its audio, once the editor has the answer (guide.listen)
        background.add_task(audio_after_publish, [key], lang)
    return RedirectResponse(_edit_url(request, lang, key, "published" if action == "publish" else "draft"),
                            status_code=303)


@router.post("/{lang}/preview/{key:path}", response_class=HTMLResponse, name="editor:edit_preview")
def edit_preview(request: Request, lang: str, key: str, staff: Editor, form: Form) -> HTMLResponse:
    """The htmx preview: the sanitised HTML and the readability aid for the text typed so far."""
    item = _target(key, lang)
    typed = forms.read_text(form)
    view = views.text_preview(item, lang, typed)
    if not is_htmx(request):
        return render(request, "editor/preview.html", view)
    return render(request, "editor/edit.html", view, blocks=["preview"])


@router.post("/{lang}/review/{key:path}", response_class=HTMLResponse, name="editor:edit_review")
def edit_review(request: Request, locale: str, lang: str, key: str, staff: Editor, form: Form,
                db: StaffDb) -> Response:
    item = _target(key, lang)
    _check_may_edit(staff, lang)
    base = forms.read_base(form)
    try:
        with writing(db):
            mark_reviewed(db, key, lang, staff.username, base)
    except StaleRevision as exc:
        return _editor_page(request, db, staff, item, lang, stale=exc.current, base=base,
                            typed=exc.current.text if exc.current else "", errors={"text": _why(exc)},
                            status_code=409)
    except ContentEditError as exc:
        return _editor_page(request, db, staff, item, lang, errors={"text": _why(exc)}, status_code=422)
    return RedirectResponse(_edit_url(request, lang, key, "reviewed"), status_code=303)


@router.post("/{lang}/source/{key:path}", response_class=HTMLResponse, name="editor:edit_source")
def edit_source(request: Request, locale: str, lang: str, key: str, staff: Editor, form: Form,
                db: StaffDb) -> Response:
    """Translate this item from another language (changes every language's status: admins only)."""
    item = _target(key, lang)
    if not staff.has(ADMIN):
        raise HTTPException(status_code=403)
    chosen = forms.read_source(form)
    try:
        with writing(db):
            set_source_language(db, key, chosen, staff.username)
    except ContentEditError as exc:
        return _editor_page(request, db, staff, item, lang, errors={"source": _why(exc)}, status_code=422)
    return RedirectResponse(_edit_url(request, lang, key, "source"), status_code=303)


@router.post("/{lang}/pictogram/{key:path}", response_class=HTMLResponse, name="editor:edit_pictogram")
def edit_pictogram(request: Request, locale: str, lang: str, key: str, staff: Editor, form: Form,
                   db: StaffDb) -> Response:
    """The pictogram beside a step's title or a checklist item, in every language: editors of this language."""
    item = _target(key, lang)
    _check_may_edit(staff, lang)
    chosen = forms.read_pictogram(form)
    try:
        with writing(db):
            set_pictogram(db, key, chosen, staff.username)
    except ContentEditError as exc:
        return _editor_page(request, db, staff, item, lang, errors={"pictogram": _why(exc)}, status_code=422)
    return RedirectResponse(_edit_url(request, lang, key, "pictogram"), status_code=303)


# A recording's body: twice the file's limit, so that a file somewhat too large (a long WAV, say) reaches the
# recording's own check and its message ("larger than 5 MB") on the editor's page, not the request-size refusal.
RECORDING_BODY_LIMIT = 2 * MAX_RECORDING_BYTES + MULTIPART_ROOM


def _record(db: Session, staff: StaffUser, key: str, lang: str, sent: forms.RecordingSent) -> str | None:
    """Keep the recording sent of the text `key`; else why not, worded in the page's language (nothing kept)."""
    _check_may_edit(staff, lang)
    data = sent.upload.file.read(MAX_RECORDING_BYTES + 1) if sent.upload is not None else b""
    try:
        with writing(db):
            record(db, get_settings(), get_library(), get_framework(), key, lang, sent.part, data, staff.username)
    except RecordingRejected as exc:
        return exc.message.render(i18n.get_locale())
    return None


@router.post("/{lang}/recording/{key:path}", response_class=HTMLResponse, name="editor:edit_recording")
@body_limit(RECORDING_BODY_LIMIT, file_megabytes=MAX_RECORDING_MEGABYTES)
def edit_recording(request: Request, locale: str, lang: str, key: str, staff: Editor, form: Form,
                   db: StaffDb) -> Response:
    """A partner's recording of one of the item's texts in this language (guide.listen): editors of this language."""
    item = _target(key, lang)
    sent = forms.read_recording(form)
    refused = _record(db, staff, item.key, lang, sent)
    if refused is not None:
        return _editor_page(request, db, staff, item, lang, errors={f"recording-{sent.part}": refused},
                            status_code=422)
    return RedirectResponse(_edit_url(request, lang, key, "recorded"), status_code=303)


# --- recordings of the texts outside the steps (guide.listen) --------------------------------------------------------


@router.get("/{lang}/recordings", response_class=HTMLResponse, name="editor:recordings")
def recordings_page(request: Request, lang: str, staff: Editor, db: StaffDb, saved: str = "") -> HTMLResponse:
    """The self-assessment's and the start, code and result pages' texts in this language, read aloud by a partner."""
    _target_language(lang)
    return render(request, "editor/recordings.html",
                  views.recordings_view(db, staff, lang, notice=views.saved_notice(saved)))


@router.post("/{lang}/recordings", response_class=HTMLResponse, name="editor:other_recording")
@body_limit(RECORDING_BODY_LIMIT, file_megabytes=MAX_RECORDING_MEGABYTES)
def other_recording(request: Request, locale: str, lang: str, staff: Editor, form: Form, db: StaffDb) -> Response:
    """A partner's recording of one text outside the steps, in this language: editors of this language."""
    _target_language(lang)
    sent = forms.read_recording(form)
    if not views.is_other_text(sent.key):
        raise HTTPException(status_code=404)
    field = views.recording_field(sent.key)
    refused = _record(db, staff, sent.key, lang, sent)
    if refused is not None:
        return render(request, "editor/recordings.html",
                      views.recordings_view(db, staff, lang, errors={field: refused}), status_code=422)
    page = url(request, "editor:recordings", lang=lang, query={"saved": "recorded"})
    return RedirectResponse(f"{page}#{field}-part", status_code=303)


# --- history --------------------------------------------------------------------------------------------------------


@router.get("/{lang}/history/{key:path}", response_class=HTMLResponse, name="editor:history")
def history_page(request: Request, locale: str, lang: str, key: str, staff: Editor, db: StaffDb, old: str = "",
                 new: str = "") -> HTMLResponse:
    item = _target(key, lang)
    view = views.history_view(db, staff, item, lang, locale, forms.revision_id(old), forms.revision_id(new))
    return render(request, "editor/history.html", view, status_code=422 if view.errors else 200)


@router.post("/{lang}/restore/{key:path}", response_class=HTMLResponse, name="editor:history_restore")
def history_restore(request: Request, locale: str, lang: str, key: str, staff: Editor, form: Form,
                    db: StaffDb) -> Response:
    item = _target(key, lang)
    _check_may_edit(staff, lang)
    revision_id = forms.read_base(form, "revision")
    base = forms.read_base(form)
    try:
        if revision_id is None:
            raise ContentEditError(Message(N_("This version does not exist (any more).")))
        with writing(db):
            if revision_id == FILE_VERSION:
                typed = get_catalog().file_text(key, lang) or ""
                restore_file_text(db, key, lang, staff.username, base)
            else:
                old = get_revision(db, revision_id)
                if (old.item_key, old.locale) != (key, lang):
                    raise HTTPException(status_code=404)
                typed = old.text
                restore(db, revision_id, staff.username, base)
    except StaleRevision as exc:
        return _editor_page(request, db, staff, item, lang, typed=typed, base=base, stale=exc.current,
                            errors={"text": _why(exc)}, status_code=409)
    except ContentEditError as exc:
        return _editor_page(request, db, staff, item, lang, errors={"text": _why(exc)}, status_code=422)
    return RedirectResponse(_edit_url(request, lang, key, "restored"), status_code=303)


# --- export and import ----------------------------------------------------------------------------------------------


@router.get("/{lang}/export", name="editor:export_file")
def export_file(lang: str, staff: Editor, db: StaffDb, format: str = "po") -> Response:  # noqa: A002
    _target_language(lang)
    if format not in FORMATS:
        raise HTTPException(status_code=404)
    with reading(db):
        data = export_po(db, lang, exported_by=staff.display_name or staff.username) if format == "po" \
            else export_xliff(db, lang)
    media_type, extension = FORMATS[format]
    return Response(data, media_type=media_type, headers={
        "content-disposition": f'attachment; filename="tensteps-content-{lang}.{extension}"'})


def _target_language(lang: str) -> None:
    try:
        check_language(lang)
    except UnknownLanguage:
        raise HTTPException(status_code=404) from None


def _import_page(request: Request, view: views.ImportPage, status_code: int = 200) -> HTMLResponse:
    return render(request, "editor/import.html", view, status_code=status_code)


@router.get("/{lang}/import", response_class=HTMLResponse, name="editor:import")
def import_page(request: Request, lang: str, staff: Editor, saved: str = "") -> HTMLResponse:
    _target_language(lang)
    _check_may_edit(staff, lang)
    return _import_page(request, views.ImportPage(lang, notice=views.saved_notice("imported" if saved else "")))


def _read_entries(data: bytes, file_format: str, lang: str) -> list[Entry]:
    return read_po_entries(data, lang) if file_format == "po" else read_xliff_entries(data, lang)


# Bodies the import takes (guide.web.limits refuses bigger ones before parsing): the file and a few fields; then the
# same file again, compressed and in base64 (4/3 of its size at worst, a bit more once form-encoded) in the
# confirmation form.
UPLOAD_BODY_LIMIT = MAX_FILE_BYTES + MULTIPART_ROOM
CONFIRM_BODY_LIMIT = MAX_FILE_BYTES * 3 // 2 + MULTIPART_ROOM


@router.post("/{lang}/import", response_class=HTMLResponse, name="editor:import_preview")
@body_limit(UPLOAD_BODY_LIMIT, file_megabytes=MAX_FILE_BYTES // 1_000_000)
async def import_preview(request: Request, lang: str, staff: Editor, form: Form, db: StaffDb) -> HTMLResponse:
    _target_language(lang)
    _check_may_edit(staff, lang)
    locale = i18n.get_locale()
    try:
        upload, file_format = forms.read_import_file(form)
    except Problems as exc:
        return _import_page(request, views.ImportPage(lang, errors=exc.worded(locale)), 422)
    data = await upload.read(MAX_FILE_BYTES + 1)
    await upload.close()

    def read_and_compare() -> Preview:
        i18n.set_locale(locale)  # the worker thread words its messages in the page's language
        with reading(db):
            return preview_import(db, lang, _read_entries(data, file_format, lang))

    try:
        # Reading a large file and comparing it with every text takes seconds: off the event loop, so every other
        # request goes on meanwhile.
        preview = await run_in_threadpool(read_and_compare)
    except ExchangeRejected as exc:
        view = views.ImportPage(lang, errors={"file": _why(exc)}, entry_errors=exc.errors, file_format=file_format)
        return _import_page(request, view, 422)
    return _import_page(request, views.ImportPage(lang, preview=preview, packed=forms.pack(data),
                                                  file_format=file_format))


@router.post("/{lang}/import/confirm", response_class=HTMLResponse, name="editor:import_confirm")
@body_limit(CONFIRM_BODY_LIMIT, file_megabytes=MAX_FILE_BYTES // 1_000_000)
def import_confirm(request: Request, locale: str, lang: str, staff: Editor, form: Form, db: StaffDb,
                   background: BackgroundTasks) -> Response:
    _target_language(lang)
    _check_may_edit(staff, lang)
    try:
        sent = forms.read_import_confirm(form)
    except Problems as exc:
        return _import_page(request, views.ImportPage(lang, errors=exc.worded(locale)), 422)
    data, file_format, seen, chosen = sent.data, sent.file_format, sent.seen, sent.chosen
    try:
        with writing(db):  # all or none: a stale text or a refused one rolls the whole import back
            preview = preview_import(db, lang, _read_entries(data, file_format, lang))
            # a text not chosen for is taken from the file only when the preview showed nothing newer
            changes = [
                dataclasses.replace(c, based_on=seen.get(c.key, c.based_on),
                                    take_file=chosen[c.key] == "file" if c.key in chosen else c.take_file)
                for c in preview.changes
            ]
            apply_import(db, dataclasses.replace(preview, changes=changes), staff.username,
                         publish=sent.publish)
    except ExchangeRejected as exc:
        view = views.ImportPage(lang, errors={"file": _why(exc)}, entry_errors=exc.errors, file_format=file_format)
        return _import_page(request, view, 422)
    except StaleRevision:
        with reading(db):
            preview = preview_import(db, lang, _read_entries(data, file_format, lang))
        stale = Problems({"file": Message(N_(
            "Someone changed one of these texts after your preview. Check the new preview and confirm again."
        ))})
        view = views.ImportPage(lang, errors=stale.worded(locale), preview=preview, packed=forms.pack(data),
                                file_format=file_format)
        return _import_page(request, view, 409)
    except ContentEditError as exc:
        return _import_page(request, views.ImportPage(lang, errors={"file": _why(exc)}, file_format=file_format), 422)
    if sent.publish:  # the audio of what was published, once the editor has the answer (guide.listen)
        background.add_task(audio_after_publish, [change.key for change in changes], lang)
    return RedirectResponse(url(request, "editor:import", lang=lang, query={"saved": "imported"}), status_code=303)

