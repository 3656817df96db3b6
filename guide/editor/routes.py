"""Editors' pages under /{locale}/staff/content: translation status, the side-by-side editor with a live preview,
history with diffs, and PO / XLIFF round trips.

{locale} is the language of the interface; {lang} the language of the text being edited. Every editor and admin may
read every language; only an admin, or an editor whose account holds {lang}, may change text in it.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from guide.content.items import ContentItem, get_catalog
from guide.content.library import parse_help, render_markdown
from guide.content.models import ContentRevision
from guide.content.revisions import (
    FILE_VERSION,
    ContentEditError,
    StaleRevision,
    UnknownItem,
    UnknownLanguage,
    check_item,
    check_language,
    current_text,
    diff_texts,
    get_revision,
    head,
    mark_reviewed,
    restore,
    restore_file_text,
    save,
    set_source_language,
    versions,
)
from guide.core import i18n
from guide.core.db import reading, writing
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.editor import forms
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
from guide.editor.readability import MAX_SENTENCE_WORDS, readability
from guide.editor.translation_status import MISSING, NEEDS_REVIEW, UP_TO_DATE, ItemStatus, statuses, summarise
from guide.sessions.deps import StaffDb, require_role
from guide.staff.service import ADMIN, EDITOR, StaffUser
from guide.web.deps import Form, is_htmx, valid_locale
from guide.web.limits import MULTIPART_ROOM, body_limit
from guide.web.render import render
from guide.web.urls import url

router = APIRouter(prefix="/{locale}/staff/content", dependencies=[Depends(valid_locale)])
Editor = Annotated[StaffUser, Depends(require_role(EDITOR, ADMIN))]


STATE_NAMES = {MISSING: N_("Missing"), NEEDS_REVIEW: N_("Needs review"), UP_TO_DATE: N_("Up to date")}
ITEMS_PER_PAGE = 50
SAVED_NOTICES = {
    "draft": N_("Saved as a draft. Job seekers do not see it yet."),
    "published": N_("Published. Job seekers now see this text."),
    "reviewed": N_("Marked as reviewed."),
    "restored": N_("The older version is back, as a new draft."),
    "source": N_("The source language of this text is changed."),
    "imported": N_("The file is imported."),
}


# --- helpers --------------------------------------------------------------------------------------------------------


def may_edit(staff: StaffUser, lang: str) -> bool:
    """Admins change every language; an editor only the languages on their account."""
    return staff.has(ADMIN) or (staff.has(EDITOR) and lang in staff.languages)


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


def _item_status(db: Session, key: str, lang: str) -> ItemStatus:
    return next(s for s in statuses(db, [lang]) if s.key == key)


def _group_name(group: str) -> str:
    kind, _sep, rest = group.partition("/")
    if kind == "step":
        return i18n.gettext("Step %(number)s", number=rest)
    if kind == "centre":
        return i18n.gettext("Local help: %(centre)s", centre=rest)
    if kind == "sectors":
        return i18n.gettext("Sectors")
    return i18n.gettext("Soft skills")


def preview_context(item: ContentItem, lang: str, text: str) -> dict[str, Any]:
    """The text rendered as job seekers will see it, with the readability aid (plain data for the template)."""
    html = ""
    entries = None
    if item.markdown:
        html = render_markdown(text)
    elif item.kind == "centre-help":
        try:
            entries = parse_help(text)
        except ValueError:
            entries = None
    score = readability(text, lang) if text.strip() else None
    return {"preview_text": text, "preview_html": html, "help_entries": entries, "score": score,
            "max_words": MAX_SENTENCE_WORDS}


def _editor_page(request: Request, db: Session, staff: StaffUser, item: ContentItem, lang: str, *,
                 typed: str | None = None, base: int | None = None, errors: dict[str, Any] | None = None,
                 stale: ContentRevision | None = None, notice: str = "", status_code: int = 200) -> HTMLResponse:
    with reading(db):
        status = _item_status(db, item.key, lang)
        latest = head(db, item.key, lang)
        shown = typed if typed is not None else (latest.text if latest else (current_text(db, item.key, lang) or ""))
        if stale is not None:
            db.refresh(stale)  # a failed save's rollback expired it: loaded again here, for the page
    context = {
        "item": item, "lang": lang, "status": status, "latest": latest, "typed": shown,
        "base": base if stale is not None or typed is not None else (latest.id if latest else None),
        "errors": errors or {}, "stale": stale, "notice": notice, "may_edit": may_edit(staff, lang),
        "state_names": STATE_NAMES, "source_diff": None, "sources": i18n.available_locales(),
        "is_admin": staff.has(ADMIN),
    }
    if stale is not None:
        context["base"] = stale.id  # saving again replaces their version, knowingly
        context["stale_diff"] = diff_texts(stale.text, shown)
    if status.status == NEEDS_REVIEW:
        context["source_diff"] = diff_texts(status.old_source_text or "", status.source_text or "")
    context.update(preview_context(item, lang, shown))
    return render(request, "editor/edit.html", context, status_code=status_code)


def _why(exc: ContentEditError) -> str:
    """Why a save or an import was refused, in the language of the page."""
    return exc.worded(i18n.get_locale())


def _saved_notice(saved: str) -> str:
    return i18n.gettext(SAVED_NOTICES[saved]) if saved in SAVED_NOTICES else ""


def _edit_url(request: Request, lang: str, key: str, saved: str = "") -> str:
    return url(request, "editor:edit", lang=lang, key=key, query={"saved": saved} if saved else None)


# --- translation status ---------------------------------------------------------------------------------------------


@router.get("", response_class=HTMLResponse, name="editor:status")
def status_page(request: Request, staff: Editor, db: StaffDb, lang: str = "", state: str = "", group: str = "",
                p: int = 1) -> HTMLResponse:
    languages = list(i18n.available_locales())
    with reading(db):
        all_statuses = statuses(db, languages)
    summaries = summarise(all_statuses)
    catalog = get_catalog()
    groups = list(dict.fromkeys(item.group for item in catalog.items.values()))
    lang = lang if lang in languages else ""
    state = state if state in STATE_NAMES else ""
    group = group if group in groups else ""
    shown_langs = [lang] if lang else languages
    by_item: dict[str, dict[str, ItemStatus]] = {}
    for s in all_statuses:
        if s.locale in shown_langs:
            by_item.setdefault(s.key, {})[s.locale] = s
    rows = [
        (catalog.items[key], cells)
        for key, cells in by_item.items()
        if (not group or catalog.items[key].group == group)
        and (not state or any(c.status == state for c in cells.values()))
    ]
    pages = max(1, math.ceil(len(rows) / ITEMS_PER_PAGE))
    number = min(max(1, p), pages)
    chosen = rows[(number - 1) * ITEMS_PER_PAGE : number * ITEMS_PER_PAGE]
    sections: list[tuple[str, list[Any]]] = []
    for item, cells in chosen:
        if not sections or sections[-1][0] != item.group:
            sections.append((item.group, []))
        sections[-1][1].append((item, [cells[code] for code in shown_langs]))
    query = {k: v for k, v in (("lang", lang), ("state", state), ("group", group)) if v}
    return render(request, "editor/status.html", {
        "summaries": summaries, "all_langs": languages, "shown_langs": shown_langs, "lang": lang, "state": state,
        "group": group, "groups": [(g, _group_name(g)) for g in groups], "group_names": dict(
            (g, _group_name(g)) for g in groups), "sections": sections, "state_names": STATE_NAMES,
        "page_no": number, "pages": pages, "total_rows": len(rows),
        "page_url": lambda n: "?" + urlencode({**query, "p": n}),
        "editable": [code for code in languages if may_edit(staff, code)],
    })


# --- the editor -----------------------------------------------------------------------------------------------------


@router.get("/{lang}/item/{key:path}", response_class=HTMLResponse, name="editor:edit")
def edit_page(request: Request, lang: str, key: str, staff: Editor, db: StaffDb, saved: str = "") -> HTMLResponse:
    item = _target(key, lang)
    notice = _saved_notice(saved)
    return _editor_page(request, db, staff, item, lang, notice=notice)


@router.post("/{lang}/item/{key:path}", response_class=HTMLResponse, name="editor:edit_save")
def edit_save(request: Request, locale: str, lang: str, key: str, staff: Editor, form: Form,
              db: StaffDb) -> Response:
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
    return RedirectResponse(_edit_url(request, lang, key, "published" if action == "publish" else "draft"),
                            status_code=303)


@router.post("/{lang}/preview/{key:path}", response_class=HTMLResponse, name="editor:edit_preview")
def edit_preview(request: Request, lang: str, key: str, staff: Editor, form: Form) -> HTMLResponse:
    """The htmx preview: the sanitised HTML and the readability aid for the text typed so far."""
    item = _target(key, lang)
    typed = forms.read_text(form)
    context = {"item": item, "lang": lang, **preview_context(item, lang, typed)}
    if not is_htmx(request):
        return render(request, "editor/preview.html", context)
    return render(request, "editor/edit.html", context, blocks=["preview"])


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


# --- history --------------------------------------------------------------------------------------------------------


@router.get("/{lang}/history/{key:path}", response_class=HTMLResponse, name="editor:history")
def history_page(request: Request, locale: str, lang: str, key: str, staff: Editor, db: StaffDb, old: str = "",
                 new: str = "") -> HTMLResponse:
    item = _target(key, lang)
    with reading(db):
        revisions = versions(db, key, lang)  # the files' text last, as version 0
    by_id = {r.id: r for r in revisions}
    old_id, new_id = forms.revision_id(old), forms.revision_id(new)
    if old_id is None and new_id is None and len(revisions) >= 2:
        old_id, new_id = revisions[1].id, revisions[0].id
    diff = None
    errors: dict[str, str] = {}
    if old_id is not None or new_id is not None:
        if old_id in by_id and new_id in by_id:
            diff = diff_texts(by_id[old_id].text, by_id[new_id].text)
        else:
            field = f"old-{revisions[0].id}" if revisions else "main"
            errors = Problems({field: Message(N_("Choose two versions of this text to compare."))}).worded(locale)
    return render(request, "editor/history.html", {
        "item": item, "lang": lang, "revisions": revisions, "old_id": old_id, "new_id": new_id, "diff": diff,
        "old_rev": by_id.get(old_id), "new_rev": by_id.get(new_id),
        "errors": errors,
        "may_edit": may_edit(staff, lang), "latest": revisions[0] if revisions else None,
    }, status_code=422 if errors else 200)


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


def _import_page(request: Request, lang: str, *, errors: dict[str, Any] | None = None,
                 entry_errors: list[Any] | None = None,
                 preview: Preview | None = None, packed: str = "", file_format: str = "po", notice: str = "",
                 status_code: int = 200) -> HTMLResponse:
    catalog = get_catalog()
    return render(request, "editor/import.html", {
        "lang": lang, "errors": errors or {}, "entry_errors": entry_errors or [], "preview": preview,
        "packed": packed, "file_format": file_format, "formats": FORMATS, "catalog": catalog,
        "max_mb": MAX_FILE_BYTES // 1_000_000, "notice": notice,
    }, status_code=status_code)


@router.get("/{lang}/import", response_class=HTMLResponse, name="editor:import")
def import_page(request: Request, lang: str, staff: Editor, saved: str = "") -> HTMLResponse:
    _target_language(lang)
    _check_may_edit(staff, lang)
    return _import_page(request, lang, notice=_saved_notice("imported" if saved else ""))


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
        return _import_page(request, lang, errors=exc.worded(locale), status_code=422)
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
        return _import_page(request, lang, errors={"file": _why(exc)}, entry_errors=exc.errors,
                            file_format=file_format, status_code=422)
    return _import_page(request, lang, preview=preview, packed=forms.pack(data), file_format=file_format)


@router.post("/{lang}/import/confirm", response_class=HTMLResponse, name="editor:import_confirm")
@body_limit(CONFIRM_BODY_LIMIT, file_megabytes=MAX_FILE_BYTES // 1_000_000)
def import_confirm(request: Request, locale: str, lang: str, staff: Editor, form: Form, db: StaffDb) -> Response:
    _target_language(lang)
    _check_may_edit(staff, lang)
    try:
        sent = forms.read_import_confirm(form)
    except Problems as exc:
        return _import_page(request, lang, errors=exc.worded(locale), status_code=422)
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
        return _import_page(request, lang, errors={"file": _why(exc)}, entry_errors=exc.errors,
                            file_format=file_format, status_code=422)
    except StaleRevision:
        with reading(db):
            preview = preview_import(db, lang, _read_entries(data, file_format, lang))
        stale = Problems({"file": Message(N_(
            "Someone changed one of these texts after your preview. Check the new preview and confirm again."
        ))})
        return _import_page(
            request, lang, errors=stale.worded(locale), preview=preview, packed=forms.pack(data),
            file_format=file_format, status_code=409,
        )
    except ContentEditError as exc:
        return _import_page(request, lang, errors={"file": _why(exc)}, file_format=file_format, status_code=422)
    return RedirectResponse(url(request, "editor:import", lang=lang, query={"saved": "imported"}), status_code=303)

