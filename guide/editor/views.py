"""What the editors' pages show: one frozen view per page, whose fields are the template's names, and the presenters
that build them (the routes read the request, call these and render; nothing here imports a route)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlencode

from babel import Locale
from sqlmodel import Session

from guide.content.items import ContentItem, get_catalog
from guide.content.library import HelpEntry, get_library, parse_help, render_markdown
from guide.content.models import ContentRevision
from guide.content.pictograms import PICTOGRAMS
from guide.content.revisions import (
    DiffLine,
    FileVersion,
    current_text,
    diff_texts,
    has_pictogram,
    head,
    pictogram_of,
    versions,
)
from guide.core import i18n
from guide.core.db import reading
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.editor.exchange import MAX_FILE_BYTES, EntryError, Preview
from guide.editor.readability import MAX_SENTENCE_WORDS, Readability, readability
from guide.editor.translation_status import (
    MISSING,
    NEEDS_REVIEW,
    NO_VARIANT,
    UP_TO_DATE,
    ItemStatus,
    LanguageSummary,
    statuses,
    summarise,
)
from guide.feedback.service import Clarity, about_of, clarity_counts, open_comments
from guide.feedback.views import ReaderComments, clarity_by_group, shown_comments
from guide.listen.recordings import MAX_MEGABYTES, MAX_SECONDS
from guide.listen.service import RecordingSlot, recording_slots, stale_recordings
from guide.listen.texts import other_texts
from guide.staff.service import ADMIN, EDITOR, StaffUser
from skills_audit.framework import get_framework

STATE_NAMES = {MISSING: N_("Missing"), NEEDS_REVIEW: N_("Needs review"), UP_TO_DATE: N_("Up to date"),
               NO_VARIANT: N_("Default text")}
ITEMS_PER_PAGE = 50
SAVED_NOTICES = {
    "draft": N_("Saved as a draft. Job seekers do not see it yet."),
    "published": N_("Published. Job seekers now see this text."),
    "reviewed": N_("Marked as reviewed."),
    "restored": N_("The older version is back, as a new draft."),
    "source": N_("The source language of this text is changed."),
    "imported": N_("The file is imported."),
    "handled": N_("Marked as handled."),
    "pictogram": N_("The pictogram is saved. Job seekers see it beside this text in every language."),
    "recorded": N_("The recording is saved. Job seekers now hear it instead of the computer voice."),
}


def may_edit(staff: StaffUser, lang: str) -> bool:
    """Admins change every language; an editor only the languages on their account."""
    return staff.has(ADMIN) or (staff.has(EDITOR) and lang in staff.languages)


def country_name(code: str) -> str:
    """A country named in the language of the page, from Babel's CLDR data ("Belgium", "België", "Belgique")."""
    return str(Locale.parse(i18n.get_locale()).territories.get(code) or code)


def variant_label(country: str) -> str:
    """How a country's variant of a text is named on the editors' pages ("Variant for Belgium")."""
    return i18n.gettext("Variant for %(country)s", country=country_name(country))


def saved_notice(saved: str) -> str:
    """The notice a redirect after a save asked for (?saved=...), in the page's language; "" for any other key."""
    return i18n.gettext(SAVED_NOTICES[saved]) if saved in SAVED_NOTICES else ""


# --- translation status ---------------------------------------------------------------------------------------------


class StatusRow(NamedTuple):
    item: ContentItem
    cells: list[ItemStatus]  # one per language shown, in their order


class StatusSection(NamedTuple):
    group: str  # a part of the guide (a key of group_names)
    rows: list[StatusRow]


@dataclass(frozen=True)
class StatusPage:
    summaries: Sequence[LanguageSummary]
    all_langs: Sequence[str]
    shown_langs: Sequence[str]
    lang: str  # the filters chosen ("": any)
    state: str
    group: str
    groups: Sequence[tuple[str, str]]  # every part of the guide: key, name
    group_names: Mapping[str, str]
    sections: Sequence[StatusSection]  # this page's rows, by part of the guide
    page_no: int
    pages: int
    total_rows: int  # rows that fit the filters, on every page
    page_url: Callable[[int], str]  # the address of another page of the same filters
    editable: Sequence[str]  # the languages this person may change (and so export and import)
    # readers' answers to "Was this clear?" since each text's revision was published: group -> language -> figures
    clarity: Mapping[str, Mapping[str, Clarity]] = field(default_factory=dict)
    variant_labels: Mapping[str, str] = field(default_factory=dict)  # country -> "Variant for Belgium"
    state_names: Mapping[str, str] = field(default_factory=lambda: STATE_NAMES)
    # (item key, language) of the texts whose recording no longer reads the published words (guide.listen)
    stale_recordings: frozenset[tuple[str, str]] = frozenset()
    # language -> how many texts outside the steps (the recordings page's) need a new recording in it
    stale_other: Mapping[str, int] = field(default_factory=dict)


def _group_name(group: str) -> str:
    kind, _sep, rest = group.partition("/")
    if kind == "step":
        return i18n.gettext("Step %(number)s", number=rest)
    if kind == "centre":
        return i18n.gettext("Local help: %(centre)s", centre=rest)
    if kind == "sectors":
        return i18n.gettext("Sectors")
    return i18n.gettext("Soft skills")


def status_view(db: Session, staff: StaffUser, lang: str = "", state: str = "", group: str = "",
                p: int = 1) -> StatusPage:
    languages = list(i18n.available_locales())
    with reading(db):
        all_statuses = statuses(db, languages)
        counts = clarity_counts(db)
        stale = frozenset(stale_recordings(db, get_library(), get_framework()))
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
        (catalog.item(key), cells)  # item(): a variant added in the browser is not among the files' items
        for key, cells in by_item.items()
        if (not group or catalog.item(key).group == group)
        and (not state or any(c.status == state for c in cells.values()))
    ]
    pages = max(1, math.ceil(len(rows) / ITEMS_PER_PAGE))
    number = min(max(1, p), pages)
    chosen = rows[(number - 1) * ITEMS_PER_PAGE : number * ITEMS_PER_PAGE]
    sections: list[StatusSection] = []
    for item, cells in chosen:
        if not sections or sections[-1].group != item.group:
            sections.append(StatusSection(item.group, []))
        sections[-1].rows.append(StatusRow(item, [cells[code] for code in shown_langs]))
    query = {k: v for k, v in (("lang", lang), ("state", state), ("group", group)) if v}
    names = [(g, _group_name(g)) for g in groups]
    return StatusPage(
        summaries=summaries, all_langs=languages, shown_langs=shown_langs, lang=lang, state=state, group=group,
        groups=names, group_names=dict(names), sections=sections, page_no=number, pages=pages,
        total_rows=len(rows), page_url=lambda n: "?" + urlencode({**query, "p": n}),
        editable=[code for code in languages if may_edit(staff, code)],
        clarity=clarity_by_group(counts, shown_langs),
        variant_labels={c: variant_label(c) for c in catalog.countries},
        stale_recordings=stale,
        stale_other={code: sum(1 for key, lang in stale if lang == code and is_other_text(key)) for code in languages},
    )


# --- the editor and its preview -------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TextPreview:
    """The text rendered as job seekers will see it, with the readability aid (editor/_preview.html)."""

    item: ContentItem
    lang: str  # the language of the text
    preview_text: str
    preview_html: str = ""  # a Markdown text, rendered and sanitised
    help_entries: Sequence[HelpEntry] | None = None  # a centre's local help, when it reads as entries
    score: Readability | None = None  # None for an empty text
    max_words: int = MAX_SENTENCE_WORDS


def text_preview(item: ContentItem, lang: str, text: str) -> TextPreview:
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
    return TextPreview(item=item, lang=lang, preview_text=text, preview_html=html, help_entries=entries, score=score)


class VariantLink(NamedTuple):
    key: str
    label: str  # "Variant for Belgium", or "Add a variant for Belgium" when this language has none yet
    exists: bool


@dataclass(frozen=True, kw_only=True)
class EditorPage(TextPreview):
    status: ItemStatus
    latest: ContentRevision | None  # the latest revision, draft or published
    typed: str  # the text in the box
    base: int | None  # the revision a save is based on
    may_edit: bool
    is_admin: bool
    errors: Mapping[str, str] = field(default_factory=dict)
    notice: str = ""
    stale: ContentRevision | None = None  # the revision someone else saved first
    stale_diff: Sequence[DiffLine] = ()  # from theirs to the typed text (with `stale` only)
    source_diff: Sequence[DiffLine] | None = None  # from the old to the new source text (when it needs review)
    sources: Sequence[str] = field(default_factory=i18n.available_locales)
    state_names: Mapping[str, str] = field(default_factory=lambda: STATE_NAMES)
    # What readers said about this text's step (or the self-assessment) in this language, for its editors only
    reader_comments: ReaderComments | None = None
    variant_label: str = ""  # for a country's variant: "Variant for Belgium"
    variants: Sequence[VariantLink] = ()  # for a step text: its variants, and the countries that could have one
    prefilled: bool = False  # a variant not written in this language yet: the box holds the default text
    # A step's title or a checklist item: the pictogram beside it (the same in every language), and the set's
    # pictograms to choose from as (id, name); none for other texts.
    pictogram_id: str = ""
    pictogram_choices: Sequence[tuple[str, str]] = ()
    # A step's text in this language, read aloud by a partner (guide.listen): each text that can be recorded, with
    # its current recording; the limits the page states.
    recordings: Sequence[RecordingSlot] = ()
    recording_mb: int = MAX_MEGABYTES
    recording_minutes: int = MAX_SECONDS // 60


def _variant_links(db: Session, item: ContentItem, lang: str) -> list[VariantLink]:
    """A step text's variant in each country that has centres: written in this language, or to add."""
    catalog = get_catalog()
    if item.country or not item.group.startswith("step/"):
        return []
    links = []
    for country in catalog.countries:
        variant = catalog.item(f"{item.key}@{country}")
        exists = head(db, variant.key, lang) is not None or catalog.file_text(variant.key, lang) is not None
        label = variant_label(country) if exists else i18n.gettext(
            "Add a variant for %(country)s", country=country_name(country))
        links.append(VariantLink(variant.key, label, exists))
    return links


def _item_status(db: Session, key: str, lang: str) -> ItemStatus:
    return next(s for s in statuses(db, [lang], also=[key]) if s.key == key)


def editor_view(db: Session, staff: StaffUser, item: ContentItem, lang: str, *, typed: str | None = None,
                base: int | None = None, errors: Mapping[str, str] | None = None,
                stale: ContentRevision | None = None, notice: str = "") -> EditorPage:
    """The text as saved, or as typed (a preview, a save refused); with `stale`, the version saved meanwhile."""
    with reading(db):
        status = _item_status(db, item.key, lang)
        latest = head(db, item.key, lang)
        saved = latest.text if latest else current_text(db, item.key, lang)
        # A variant not written in this language yet starts from the default text: change what differs.
        prefilled = typed is None and saved is None and bool(item.country)
        if prefilled:
            saved = current_text(db, item.base, lang)
        shown = typed if typed is not None else (saved or "")
        variants = _variant_links(db, item, lang)
        pictogram_id = pictogram_of(db, item.key) if has_pictogram(item) else ""
        if stale is not None:
            db.refresh(stale)  # a failed save's rollback expired it: loaded again here, for the page
        about = about_of(item.group)
        recordings = recording_slots(db, get_library(), get_framework(), item.key, lang)
        # Feedback in a language reaches that language's editors (and admins), not the others.
        comments = (shown_comments(about, lang, open_comments(db, about, [lang]))
                    if about is not None and may_edit(staff, lang) else None)
    if stale is not None:
        base = stale.id  # saving again replaces their version, knowingly
    elif typed is None:
        base = latest.id if latest else None
    preview = text_preview(item, lang, shown)
    return EditorPage(
        item=item, lang=lang, preview_text=preview.preview_text, preview_html=preview.preview_html,
        help_entries=preview.help_entries, score=preview.score,
        status=status, latest=latest, typed=shown, base=base, may_edit=may_edit(staff, lang),
        is_admin=staff.has(ADMIN), errors=errors or {}, notice=notice, stale=stale,
        stale_diff=diff_texts(stale.text, shown) if stale is not None else (),
        source_diff=diff_texts(status.old_source_text or "", status.source_text or "")
        if status.status == NEEDS_REVIEW else None,
        reader_comments=comments,
        variant_label=variant_label(item.country) if item.country else "", variants=variants, prefilled=prefilled,
        pictogram_id=pictogram_id,
        pictogram_choices=[(p.id, i18n.gettext(p.name)) for p in PICTOGRAMS] if has_pictogram(item) else (),
        recordings=recordings,
    )


# --- recordings of the texts outside the steps (guide.listen) ------------------------------------------------------


class RecordedText(NamedTuple):
    key: str  # guide.listen.texts.other_texts
    title: str
    field: str  # the id of its file field, and its key in the page's errors
    slots: Sequence[RecordingSlot]  # one, or none where the text is not written in this language yet


@dataclass(frozen=True)
class RecordingsPage:
    """The self-assessment's and the start, code and result pages' texts in one language, each with its current
    recording, a player and (for its editors) the form to record or upload another."""

    lang: str
    texts: Sequence[RecordedText]
    may_edit: bool
    errors: Mapping[str, str] = field(default_factory=dict)
    notice: str = ""
    recording_mb: int = MAX_MEGABYTES
    recording_minutes: int = MAX_SECONDS // 60


PAGE_TITLES = {"page/start": N_("The start page"), "page/code": N_("The page with the code"),
               "page/result": N_("The self-assessment's result page"),
               "assessment/scale": N_("The self-assessment's scale")}


def recording_field(key: str) -> str:
    """The file field of a text on the recordings page (an id: no slashes)."""
    return "recording-" + key.replace("/", "-")


def is_other_text(key: str) -> bool:
    return key in other_texts(get_framework(), i18n.DEFAULT_LOCALE)


def recordings_view(db: Session, staff: StaffUser, lang: str, errors: Mapping[str, str] | None = None,
                    notice: str = "") -> RecordingsPage:
    library, framework = get_library(), get_framework()
    texts = []
    with reading(db):
        for number, key in enumerate(other_texts(framework, lang), start=1):
            title = (i18n.gettext(PAGE_TITLES[key]) if key in PAGE_TITLES
                     else i18n.gettext("Statement %(n)s of the self-assessment", n=number - len(PAGE_TITLES)))
            texts.append(RecordedText(key, title, recording_field(key),
                                      recording_slots(db, library, framework, key, lang)))
    return RecordingsPage(lang, texts, may_edit(staff, lang), errors or {}, notice)


# --- history --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryPage:
    item: ContentItem
    lang: str
    revisions: Sequence[ContentRevision | FileVersion]  # newest first, the files' text last (version 0)
    old_id: int | None  # the two versions compared
    new_id: int | None
    old_rev: ContentRevision | FileVersion | None
    new_rev: ContentRevision | FileVersion | None
    diff: Sequence[DiffLine] | None  # None: nothing compared
    latest: ContentRevision | FileVersion | None
    may_edit: bool
    errors: Mapping[str, str] = field(default_factory=dict)


def history_view(db: Session, staff: StaffUser, item: ContentItem, lang: str, locale: str, old_id: int | None,
                 new_id: int | None) -> HistoryPage:
    """Every version; the two chosen compared (by default the latest two), or an error when one is not there."""
    with reading(db):
        revisions = versions(db, item.key, lang)  # the files' text last, as version 0
    by_id = {r.id: r for r in revisions}
    if old_id is None and new_id is None and len(revisions) >= 2:
        old_id, new_id = revisions[1].id, revisions[0].id
    diff = None
    errors: dict[str, str] = {}
    if old_id is not None or new_id is not None:
        if old_id in by_id and new_id in by_id:
            diff = diff_texts(by_id[old_id].text, by_id[new_id].text)
        else:
            field_id = f"old-{revisions[0].id}" if revisions else "main"
            errors = Problems({field_id: Message(N_("Choose two versions of this text to compare."))}).worded(locale)
    return HistoryPage(
        item=item, lang=lang, revisions=revisions, old_id=old_id, new_id=new_id, old_rev=by_id.get(old_id),
        new_rev=by_id.get(new_id), diff=diff, latest=revisions[0] if revisions else None,
        may_edit=may_edit(staff, lang), errors=errors,
    )


# --- export and import ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportPage:
    lang: str
    errors: Mapping[str, str] = field(default_factory=dict)
    entry_errors: Sequence[EntryError] = ()  # what is wrong with each bad entry of a refused file
    preview: Preview | None = None  # what the file would change, to confirm
    packed: str = ""  # the file, compressed, for the confirmation form
    file_format: str = "po"
    notice: str = ""
    max_mb: int = MAX_FILE_BYTES // 1_000_000
