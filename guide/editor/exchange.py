"""Round trips with outside translation tools: one language as a PO file (Babel) or XLIFF 1.2, and back.

Export: every item whose source is another language, the source text as msgid / <source>, the current translation
as msgstr / <target> (marked fuzzy / needs-review-translation when the source changed since). The item key is the
msgctxt / trans-unit id.
Import: the file is read whole and checked entry by entry; one bad entry rejects the whole file, with an error per
entry. A good file gives a preview of what would change; applying it saves every change as a revision in one
transaction. Each imported translation records the source text it was made from (the msgid), so a translation of an
older source shows up as needing review.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import defusedxml.ElementTree as DefusedET
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.pofile import PoFileError, read_po, write_po
from defusedxml import DefusedXmlException
from sqlmodel import Session

from guide.content.items import Catalog, get_catalog
from guide.content.models import ContentRevision
from guide.content.revisions import (
    ContentEditError,
    DiffLine,
    SourceSnapshot,
    StaleRevision,
    check_language,
    diff_texts,
    head,
    published,
    save,
    text_hash,
    validate_text,
)
from guide.core import i18n
from guide.editor.translation_status import NEEDS_REVIEW, statuses

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
# An export of one language is well under 1 MB (214 texts today). Past these limits a file cannot be a translation of
# the guide, and parsing it whole would cost memory: a PO entry is about 2 KB once read, an XML element 200 bytes.
MAX_FILE_BYTES = 5_000_000
MAX_ENTRIES = 10_000
MAX_XML_ELEMENTS = 100_000


@dataclass(frozen=True)
class Entry:
    key: str
    source: str
    target: str
    skip: bool  # fuzzy / not translated: left out of the import
    where: str  # line or unit, for error messages


@dataclass(frozen=True)
class EntryError:
    where: str
    key: str
    message: str


class ExchangeRejected(ContentEditError):
    """The file is refused whole; `errors` says what is wrong with each bad entry (or the file)."""

    def __init__(self, errors: list[EntryError]) -> None:
        super().__init__(
            i18n.ngettext(
                "The file was not imported: %(num)s entry has a problem.",
                "The file was not imported: %(num)s entries have a problem.",
                len(errors),
            )
        )
        self.errors = errors


@dataclass(frozen=True)
class Change:
    key: str
    old_text: str | None
    new_text: str
    based_on: int | None  # the revision the preview was made against (optimistic locking at apply time)
    source: SourceSnapshot
    source_changed: bool  # the file translated an older source than the current one

    @property
    def diff(self) -> list[DiffLine]:
        return diff_texts(self.old_text or "", self.new_text)


@dataclass(frozen=True)
class Preview:
    locale: str
    changes: list[Change]
    unchanged: int
    skipped: int


# --- export ---------------------------------------------------------------------------------------------------------


def _units(db: Session, locale: str, catalog: Catalog) -> list[tuple[str, str, str, str | None, bool]]:
    """(key, source language, source text, translation, needs review) for each item translated into locale."""
    check_language(locale)
    return [
        (s.key, s.source_locale, s.source_text, s.text, s.status == NEEDS_REVIEW)
        for s in statuses(db, [locale], catalog)
        if not s.is_source and s.source_text
    ]


def export_po(db: Session, locale: str, catalog: Catalog | None = None) -> bytes:
    catalog = catalog or get_catalog()
    po = PoCatalog(locale=locale, project="Ten Steps content", fuzzy=False)
    for key, src, source, text, review in _units(db, locale, catalog):
        po.add(source, text or "", context=key, auto_comments=[f"source language: {src}"],
               flags=("fuzzy",) if review else ())
    buf = io.BytesIO()
    write_po(buf, po, width=0, omit_header=False, include_previous=False)
    return buf.getvalue()


def export_xliff(db: Session, locale: str, catalog: Catalog | None = None) -> bytes:
    """XLIFF 1.2: one <file> per source language (a file has one source language)."""
    catalog = catalog or get_catalog()
    ET.register_namespace("", XLIFF_NS)
    root = ET.Element(f"{{{XLIFF_NS}}}xliff", {"version": "1.2"})
    files: dict[str, ET.Element] = {}
    for key, src, source, text, review in _units(db, locale, catalog):
        if src not in files:
            file_el = ET.SubElement(root, f"{{{XLIFF_NS}}}file", {
                "original": "tensteps-content", "source-language": src, "target-language": locale,
                "datatype": "plaintext"})
            files[src] = ET.SubElement(file_el, f"{{{XLIFF_NS}}}body")
        unit = ET.SubElement(files[src], f"{{{XLIFF_NS}}}trans-unit", {"id": key, "resname": key})
        unit.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        ET.SubElement(unit, f"{{{XLIFF_NS}}}source").text = source
        state = "new" if not text else "needs-review-translation" if review else "translated"
        ET.SubElement(unit, f"{{{XLIFF_NS}}}target", {"state": state}).text = text or ""
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# --- import ---------------------------------------------------------------------------------------------------------


def _file_error(message: str) -> ExchangeRejected:
    return ExchangeRejected([EntryError(where="", key="", message=message)])


def _check_size(data: bytes, entries: int) -> None:
    """Refuse a file over the limits before parsing it; `entries` counts its entries (or elements) from above."""
    if len(data) > MAX_FILE_BYTES:
        raise _file_error(i18n.gettext(
            "This file is larger than %(max)s MB, so it cannot be a translation of this guide. Check that you chose "
            "the right file.", max=MAX_FILE_BYTES // 1_000_000))
    if entries > MAX_ENTRIES:
        raise _file_error(i18n.gettext(
            "This file has more than %(max)s entries, so it cannot be a translation of this guide. Check that you "
            "chose the right file.", max=i18n.fmt_number(MAX_ENTRIES)))


def read_po_entries(data: bytes, locale: str) -> list[Entry]:
    # Each entry has one msgid line (msgid_plural counts too): an upper bound, counted without parsing.
    _check_size(data, data.count(b"msgid"))
    try:
        po = read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise _file_error(i18n.gettext("This is not a PO file we can read: %(detail)s", detail=str(exc))) from None
    if po.locale is not None and str(po.locale) != locale:
        raise _file_error(i18n.gettext("This file is for the language “%(code)s”.", code=str(po.locale)))
    return [
        Entry(
            key=str(m.context or ""),
            source=str(m.id),
            target=str(m.string or ""),
            skip=m.fuzzy or not m.string,
            where=i18n.gettext("line %(n)s", n=m.lineno) if m.lineno else "",
        )
        for m in po
        if m.id  # the header
    ]


def read_xliff_entries(data: bytes, locale: str) -> list[Entry]:
    # Every element starts with "<": an upper bound on the tree's size, counted without parsing. A unit has 3 or 4.
    _check_size(data, data.count(b"<") * MAX_ENTRIES // MAX_XML_ELEMENTS)
    try:
        # defusedxml: no DTD at all, so no entity expansion (billion laughs) and no external entity (a file of the
        # server's read into a translation). XLIFF needs neither.
        root = DefusedET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise _file_error(i18n.gettext(
            "This file contains XML code (a DTD or entities) that we do not open, to keep the site safe. Export it "
            "again from your translation tool without it.")) from None
    except ET.ParseError as exc:
        raise _file_error(i18n.gettext("This is not an XLIFF file we can read: %(detail)s", detail=str(exc))) from None
    ns = {"x": XLIFF_NS}
    if root.tag != f"{{{XLIFF_NS}}}xliff" or root.get("version") != "1.2":
        raise _file_error(i18n.gettext("This is not an XLIFF 1.2 file."))
    entries = []
    for file_el in root.findall("x:file", ns):
        if file_el.get("target-language") != locale:
            raise _file_error(
                i18n.gettext("This file is for the language “%(code)s”.", code=file_el.get("target-language", ""))
            )
        for unit in file_el.findall("x:body//x:trans-unit", ns):
            source = unit.find("x:source", ns)
            target = unit.find("x:target", ns)
            text = "".join(target.itertext()) if target is not None else ""
            state = target.get("state", "translated") if target is not None else "new"
            entries.append(
                Entry(
                    key=unit.get("id", ""),
                    source="".join(source.itertext()) if source is not None else "",
                    target=text,
                    skip=not text.strip() or state in ("new", "needs-translation", "needs-review-translation"),
                    where=unit.get("id", ""),
                )
            )
    return entries


def preview_import(db: Session, locale: str, entries: list[Entry], catalog: Catalog | None = None) -> Preview:
    """What importing these entries would change; ExchangeRejected with every bad entry when any is bad."""
    catalog = catalog or get_catalog()
    check_language(locale)
    by_key = {s.key: s for s in statuses(db, [locale], catalog)}
    errors: list[EntryError] = []
    changes: list[Change] = []
    seen: set[str] = set()
    unchanged = skipped = 0
    for entry in entries:
        status = by_key.get(entry.key)
        if status is None:
            errors.append(EntryError(entry.where, entry.key, i18n.gettext("There is no text with this name.")))
            continue
        if entry.key in seen:
            errors.append(EntryError(entry.where, entry.key, i18n.gettext("This text is in the file twice.")))
            continue
        seen.add(entry.key)
        if status.is_source:
            errors.append(EntryError(entry.where, entry.key,
                                     i18n.gettext("This language is the source of this text: edit it in the guide.")))
            continue
        if not entry.source.strip():
            errors.append(EntryError(entry.where, entry.key, i18n.gettext("The source text is missing.")))
            continue
        if entry.skip:
            skipped += 1
            continue
        try:
            clean = validate_text(catalog.item(entry.key), entry.target)
        except ContentEditError as exc:
            errors.append(EntryError(entry.where, entry.key, exc.message))
            continue
        source_now = status.source_text or ""
        translated_from_now = text_hash(entry.source.strip()) == text_hash(source_now.strip())
        if clean == status.text and translated_from_now:
            unchanged += 1
            continue
        src_rev = published(db, entry.key, status.source_locale)
        current = head(db, entry.key, locale)
        changes.append(
            Change(
                key=entry.key,
                old_text=status.text,
                new_text=clean,
                based_on=current.id if current else None,
                source=SourceSnapshot(
                    status.source_locale,
                    src_rev.id if src_rev and translated_from_now else None,
                    source_now if translated_from_now else entry.source,
                ),
                source_changed=not translated_from_now,
            )
        )
    if errors:
        raise ExchangeRejected(errors)
    return Preview(locale=locale, changes=changes, unchanged=unchanged, skipped=skipped)


def apply_import(db: Session, preview: Preview, author: str, *, publish: bool = False) -> list[ContentRevision]:
    """Save every change of a preview, all or none: when one text was changed since the preview, nothing is saved
    and StaleRevision names it."""
    catalog = get_catalog()
    saved = []
    try:
        for change in preview.changes:
            saved.append(
                save(db, change.key, preview.locale, change.new_text, author, change.based_on, publish=publish,
                     origin="exchange", source=change.source, catalog=catalog, commit=False)
            )
        db.commit()
    except StaleRevision:
        db.rollback()
        raise
    return saved
