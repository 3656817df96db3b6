"""Round trips with outside translation tools: one language as a PO file (Babel) or XLIFF 1.2, and back.

Export: every item whose source is another language, the source text as msgid / <source>, the current translation
as msgstr / <target> (marked fuzzy / needs-review-translation when the source changed since). The item key is the
msgctxt / trans-unit id.
Import: the file is read whole and checked entry by entry; one bad entry rejects the whole file, with an error per
entry. A good file gives a preview of what would change; applying it saves every change as a revision in one
transaction. Each imported translation records the source text it was made from (the msgid), so a translation of an
older source shows up as needing review.

Each exported text carries the version it is (`tensteps-version: 3`, 0 for the text from the files: a "#." comment
in PO, `extradata` in XLIFF, both kept by translation tools). When the text was changed in the browser since that
version, the preview says so and the newer text is kept unless the editor chooses the file's (`Change.take_file`).
Imported text is cleaned as forms clean what people post (guide.core.text).
"""

from __future__ import annotations

import codecs
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime

import defusedxml.ElementTree as DefusedET
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.pofile import PoFileError, read_po, write_po
from defusedxml import DefusedXmlException
from sqlalchemy import func
from sqlmodel import Session, col, select

from guide.content.items import Catalog, get_catalog
from guide.content.models import ContentRevision
from guide.content.revisions import (
    PUBLISHED,
    ContentEditError,
    DiffLine,
    SourceSnapshot,
    check_language,
    diff_texts,
    head,
    published,
    save,
    text_hash,
    validate_text,
)
from guide.core import i18n
from guide.core.i18n import N_, Np_
from guide.core.messages import Message
from guide.core.text import without_control_characters
from guide.editor.translation_status import NEEDS_REVIEW, NO_VARIANT, UP_TO_DATE, statuses

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
# An export of one language is well under 1 MB (214 texts today). Past these limits a file cannot be a translation of
# the guide, and parsing it whole would cost memory: a PO entry is about 2 KB once read, an XML element 200 bytes.
MAX_FILE_BYTES = 5_000_000
MAX_ENTRIES = 10_000
MAX_XML_ELEMENTS = 100_000
VERSION_MARK = "tensteps-version"
_VERSION = re.compile(rf"{VERSION_MARK}:\s*(\d+)")
PO_HEADER = "# {title}\n# {hint}\n#"


@dataclass(frozen=True)
class Entry:
    key: str
    source: str
    target: str
    skip: bool  # fuzzy / not translated: left out of the import
    where: str  # the unit's id (XLIFF), for error messages; a PO entry has its line instead
    problem: Message | None = None  # why the entry cannot be imported as it is (shown with it)
    line: int | None = None  # a PO entry's line, for error messages
    exported_version: int | None = None  # the version of the text the file was made from (None: it does not say)


@dataclass(frozen=True)
class EntryError:
    where: str
    key: str
    message: Message
    line: int | None = None  # a PO file's line


class ExchangeRejected(ContentEditError):
    """The file is refused whole; `errors` says what is wrong with each bad entry (or the file)."""

    def __init__(self, errors: list[EntryError]) -> None:
        singular, plural = Np_("The file was not imported: %(num)s entry has a problem.",
                               "The file was not imported: %(num)s entries have a problem.")
        super().__init__(Message(singular, plural=plural, n=len(errors)))
        self.errors = errors


@dataclass(frozen=True)
class Change:
    key: str
    old_text: str | None
    new_text: str
    based_on: int | None  # the revision the preview was made against (optimistic locking at apply time)
    source: SourceSnapshot
    source_changed: bool  # the file translated an older source than the current one
    # The text was changed in the browser since the version the file was made from (or the file does not say which
    # version that was): the newer text is kept unless the editor asks for the file's.
    newer_in_browser: bool = False
    exported_version: int | None = None
    current_version: int = 0
    take_file: bool = True  # False: keep the text in the browser (the default for newer_in_browser)

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


def _units(db: Session, locale: str, catalog: Catalog) -> list[tuple[str, str, str, str | None, bool, bool, int]]:
    """(key, source language, source text, translation, needs review, up to date, version) for each item translated
    into locale; the version is that of the published text exported (0: the text from the files)."""
    check_language(locale)
    versions = _published_versions(db, locale)
    return [
        (s.key, s.source_locale, s.source_text, s.text, s.status == NEEDS_REVIEW, s.status == UP_TO_DATE,
         versions.get(s.key, 0))
        for s in statuses(db, [locale], catalog)
        if not s.is_source and s.source_text and s.status != NO_VARIANT  # a variant only where one is written
    ]


def _published_versions(db: Session, locale: str) -> dict[str, int]:
    rows = db.exec(
        select(col(ContentRevision.item_key), func.max(col(ContentRevision.seq)))
        .where(col(ContentRevision.locale) == locale, col(ContentRevision.status) == PUBLISHED)
        .group_by(col(ContentRevision.item_key))
    ).all()
    return {key: seq for key, seq in rows}


def export_po(db: Session, locale: str, catalog: Catalog | None = None, exported_by: str = "") -> bytes:
    catalog = catalog or get_catalog()
    now = datetime.now(UTC)
    language = i18n.language_name(locale)
    po = PoCatalog(
        locale=locale, project="Ten Steps content", version=now.strftime("%Y-%m-%d"), fuzzy=False,
        header_comment=PO_HEADER.format(
            title=f"Ten Steps: the guide's texts in {language} ({locale}), exported on {now:%Y-%m-%d}.",
            hint="Translate each msgstr; keep msgctxt and the #. comments as they are.",
        ),
        creation_date=now, revision_date=now,
        last_translator=exported_by or "Ten Steps", language_team=f"{language} ({locale})",
    )
    po.msgid_bugs_address = ""  # Babel puts a placeholder address for an empty one: there is no address to give
    for key, src, source, text, review, _up_to_date, version in _units(db, locale, catalog):
        po.add(source, text or "", context=key,
               auto_comments=[f"source language: {src}", f"{VERSION_MARK}: {version}"],
               flags=("fuzzy",) if review else ())
    buf = io.BytesIO()
    write_po(buf, po, width=0, omit_header=False, include_previous=False)
    return buf.getvalue()


def export_xliff(db: Session, locale: str, catalog: Catalog | None = None) -> bytes:
    """XLIFF 1.2: one <file> per source language (a file has one source language). Up-to-date translations are
    approved (state "final"), so translation tools do not take them for drafts; the texts whose source is `locale`
    come as units with a source only, so the source language's export is a valid file to start from too."""
    catalog = catalog or get_catalog()
    ET.register_namespace("", XLIFF_NS)
    root = ET.Element(f"{{{XLIFF_NS}}}xliff", {"version": "1.2"})
    date = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    files: dict[str, ET.Element] = {}

    def body(src: str, target: bool) -> ET.Element:
        if src not in files:
            attributes = {"original": "tensteps-content", "source-language": src, "datatype": "plaintext",
                          "date": date}
            if target:
                attributes["target-language"] = locale
            file_el = ET.SubElement(root, f"{{{XLIFF_NS}}}file", attributes)
            files[src] = ET.SubElement(file_el, f"{{{XLIFF_NS}}}body")
        return files[src]

    def unit(parent: ET.Element, key: str, source: str, version: int) -> ET.Element:
        el = ET.SubElement(parent, f"{{{XLIFF_NS}}}trans-unit",
                           {"id": key, "resname": key, "extradata": f"{VERSION_MARK}:{version}"})
        el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        ET.SubElement(el, f"{{{XLIFF_NS}}}source").text = source
        return el

    for key, src, source, text, review, up_to_date, version in _units(db, locale, catalog):
        el = unit(body(src, target=True), key, source, version)
        state = "new" if not text else "needs-review-translation" if review else "final" if up_to_date \
            else "translated"
        if text and up_to_date:
            el.set("approved", "yes")
        ET.SubElement(el, f"{{{XLIFF_NS}}}target", {"state": state}).text = text or ""
    versions = _published_versions(db, locale)
    for s in statuses(db, [locale], catalog):
        if s.is_source and s.text:
            el = unit(body(locale, target=False), s.key, s.text, versions.get(s.key, 0))
            el.set("translate", "no")  # the source itself: nothing to translate into its own language
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


# --- import ---------------------------------------------------------------------------------------------------------


def _file_error(message: Message) -> ExchangeRejected:
    return ExchangeRejected([EntryError(where="", key="", message=message)])


def _entry_error(entry: Entry, message: Message) -> EntryError:
    return EntryError(entry.where, entry.key, message, entry.line)


def _check_size(data: bytes, entries: int) -> None:
    """Refuse a file over the limits before parsing it; `entries` counts its entries (or elements) from above."""
    if len(data) > MAX_FILE_BYTES:
        raise _file_error(Message(N_(
            "This file is larger than %(max)s MB, so it cannot be a translation of this guide. Check that you chose "
            "the right file."), {"max": MAX_FILE_BYTES // 1_000_000}))
    if entries > MAX_ENTRIES:
        raise _file_error(Message(N_(
            "This file has more than %(max)s entries, so it cannot be a translation of this guide. Check that you "
            "chose the right file."), {"max": MAX_ENTRIES}))


def _version(comments: list[str] | str | None) -> int | None:
    found = _VERSION.search(" ".join(comments) if isinstance(comments, list) else comments or "")
    return int(found.group(1)) if found else None


def read_po_entries(data: bytes, locale: str) -> list[Entry]:
    # Each entry has one msgid line (msgid_plural counts too): an upper bound, counted without parsing.
    _check_size(data, data.count(b"msgid"))
    # Editors on Windows save PO files with a byte order mark; it is not part of the text.
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        po = read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise _file_error(Message(N_("This is not a PO file we can read: %(detail)s"), {"detail": str(exc)})) from None
    if po.locale is not None and str(po.locale) != locale:
        raise _file_error(Message(N_("This file is for the language “%(code)s”."), {"code": str(po.locale)}))
    entries = []
    for m in po:
        if not m.id:  # the header
            continue
        if isinstance(m.id, tuple | list):
            # A text of the guide has one form; a plural entry's forms cannot map onto it
            entries.append(Entry(
                key=str(m.context or ""), source=str(m.id[0]), target="", skip=False, where="", line=m.lineno,
                problem=Message(N_("This entry has plural forms (msgid_plural), but the texts of the guide have "
                                   "none. Write it as one msgid with one msgstr, then import the file again.")),
            ))
            continue
        entries.append(Entry(
            key=str(m.context or ""),
            source=str(m.id),
            target=str(m.string or ""),
            skip=m.fuzzy or not m.string,
            where="",
            line=m.lineno,
            exported_version=_version(m.auto_comments),
        ))
    return entries


def read_xliff_entries(data: bytes, locale: str) -> list[Entry]:
    # Every element starts with "<": an upper bound on the tree's size, counted without parsing. A unit has 3 or 4.
    _check_size(data, data.count(b"<") * MAX_ENTRIES // MAX_XML_ELEMENTS)
    try:
        # defusedxml: no DTD at all, so no entity expansion (billion laughs) and no external entity (a file of the
        # server's read into a translation). XLIFF needs neither.
        root = DefusedET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise _file_error(Message(N_(
            "This file contains XML code (a DTD or entities) that we do not open, to keep the site safe. Export it "
            "again from your translation tool without it."))) from None
    except ET.ParseError as exc:
        problem = Message(N_("This is not an XLIFF file we can read: %(detail)s"), {"detail": str(exc)})
        raise _file_error(problem) from None
    ns = {"x": XLIFF_NS}
    if root.tag != f"{{{XLIFF_NS}}}xliff" or root.get("version") != "1.2":
        raise _file_error(Message(N_("This is not an XLIFF 1.2 file.")))
    entries = []
    for file_el in root.findall("x:file", ns):
        # the texts whose source is this language come without a target (see export_xliff): nothing to import
        source_only = file_el.get("target-language") is None and file_el.get("source-language") == locale
        if not source_only and file_el.get("target-language") != locale:
            raise _file_error(
                Message(N_("This file is for the language “%(code)s”."), {"code": file_el.get("target-language", "")})
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
                    skip=source_only or not text.strip()
                    or state in ("new", "needs-translation", "needs-review-translation"),
                    where=unit.get("id", ""),
                    exported_version=_version(unit.get("extradata")),
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
        if entry.problem:
            errors.append(_entry_error(entry, entry.problem))
            continue
        if status is None:
            errors.append(_entry_error(entry, Message(N_("There is no text with this name."))))
            continue
        if entry.key in seen:
            errors.append(_entry_error(entry, Message(N_("This text is in the file twice."))))
            continue
        seen.add(entry.key)
        if status.is_source:
            if entry.skip:  # a unit of the source language's own export: nothing to translate
                skipped += 1
                continue
            source = Message(N_("This language is the source of this text: edit it in the guide."))
            errors.append(_entry_error(entry, source))
            continue
        source_text = without_control_characters(entry.source)
        if not source_text.strip():
            errors.append(_entry_error(entry, Message(N_("The source text is missing."))))
            continue
        if entry.skip:
            skipped += 1
            continue
        try:
            # cleaned as forms clean what people post: a control character is never content
            clean = validate_text(catalog.item(entry.key), without_control_characters(entry.target))
        except ContentEditError as exc:
            errors.append(_entry_error(entry, exc.message))
            continue
        current = head(db, entry.key, locale)
        latest_text = current.text if current else status.text
        if clean == latest_text:
            # the text stays as it is, whichever source the file translated: nothing to save
            unchanged += 1
            continue
        source_now = status.source_text or ""
        translated_from_now = text_hash(source_text.strip()) == text_hash(source_now.strip())
        src_rev = published(db, entry.key, status.source_locale)
        current_version = current.seq if current else 0
        newer = current is not None and entry.exported_version != current_version
        changes.append(
            Change(
                key=entry.key,
                old_text=latest_text,
                new_text=clean,
                based_on=current.id if current else None,
                source=SourceSnapshot(
                    status.source_locale,
                    src_rev.id if src_rev and translated_from_now else None,
                    source_now if translated_from_now else source_text,
                ),
                source_changed=not translated_from_now,
                newer_in_browser=newer,
                exported_version=entry.exported_version,
                current_version=current_version,
                take_file=not newer,
            )
        )
    if errors:
        raise ExchangeRejected(errors)
    return Preview(locale=locale, changes=changes, unchanged=unchanged, skipped=skipped)


def apply_import(db: Session, preview: Preview, author: str, *, publish: bool = False) -> list[ContentRevision]:
    """Save every change of a preview, all or none (in the caller's unit of work, which rolls back on the error):
    when one text was changed since the preview, nothing is saved and StaleRevision names it."""
    catalog = get_catalog()
    saved = []
    for change in preview.changes:
        if not change.take_file:  # a newer text in the browser, kept
            continue
        saved.append(
            save(db, change.key, preview.locale, change.new_text, author, change.based_on, publish=publish,
                 origin="exchange", source=change.source, catalog=catalog)
        )
    return saved
