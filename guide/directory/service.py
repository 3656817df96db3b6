"""Keeping the directory: checking an entry as typed, adding, changing (with a version check) and marking it
checked. No web code; never commits. Every save adds a revision (the entry's history) and bumps the content token,
so job seekers' pages, cached shells included, show the change on their next look-up."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from guide.content.library import Centre
from guide.content.revisions import bump_token
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.core.models import utcnow
from guide.directory.facts import (
    KINDS,
    LANGUAGES,
    MAX_LINE,
    MAX_NAME,
    MAX_TEXT,
    STEPS,
    THEMES,
    WEEKDAYS,
    BadFact,
    Hours,
    check_hours,
    check_website,
    example_phone,
    format_hours,
    normalise_phone,
)
from guide.directory.models import DirectoryEntry, DirectoryRevision, DirectoryText
from guide.directory.queries import get_entry

EDITOR, IMPORT, CHECKED = "editor", "import", "checked"


@dataclass(frozen=True)
class EntryInput:
    """An entry as typed (guide.directory.forms reads it; nothing is checked yet)."""

    neighbourhood: str = ""
    kind: str = ""
    themes: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    address: str = ""
    phone: str = ""
    hours: Mapping[str, str] = field(default_factory=dict)  # weekday -> as typed
    website: str = ""
    languages: tuple[str, ...] = ()
    free: str = ""  # "yes" | "no" | "" (not known)
    transport: str = ""
    names: Mapping[str, str] = field(default_factory=dict)  # language -> name
    texts: Mapping[str, str] = field(default_factory=dict)  # language -> what it helps with


@dataclass(frozen=True)
class CleanEntry:
    neighbourhood: str
    kind: str
    themes: tuple[str, ...]
    steps: tuple[int, ...]
    address: str
    phone: str  # E.164
    hours: Hours
    website: str
    languages: tuple[str, ...]
    free: bool | None
    transport: str
    texts: Mapping[str, tuple[str, str]]  # language -> (name, text), only languages with a name


class StaleEntry(ValueError):
    """Someone else saved the entry after the version the editor started from."""

    def __init__(self, current: int) -> None:
        super().__init__(f"entry is at version {current}")
        self.current = current


class NoSuchEntry(LookupError):
    pass


def field_names(languages: Sequence[str]) -> tuple[str, ...]:
    """The form's fields in its order (the error summary's)."""
    texts = tuple(f for lang in languages for f in (f"name-{lang}", f"text-{lang}"))
    return ("kind", "neighbourhood", *texts, "themes", "steps", "address", "phone",
            *(f"hours-{d}" for d in WEEKDAYS), "website", "languages", "free", "transport")


def _too_long(limit: int) -> Message:
    return Message(N_("This is too long: at most %(limit)s characters."), {"limit": limit})


def _line(value: str) -> str:
    return " ".join(value.split())


def check_entry(typed: EntryInput, centre: Centre, languages: Sequence[str], require_name: bool = True) -> CleanEntry:
    """The entry as it will be stored, or Problems for every field that will not do (nothing is stored)."""
    errors: dict[str, Message] = {}
    if typed.kind not in KINDS:
        errors["kind"] = Message(N_("Choose what kind of service or opportunity this is."))
    neighbourhood = typed.neighbourhood.strip()
    if neighbourhood and neighbourhood not in centre.neighbourhoods:
        errors["neighbourhood"] = Message(N_("Choose one of the centre’s neighbourhoods, or none."))
    if not set(typed.themes) <= set(THEMES):
        errors["themes"] = Message(N_("Choose only themes from the list."))
    steps = {str(s) for s in STEPS}
    if not set(typed.steps) <= steps:
        errors["steps"] = Message(N_("Choose only steps from the list."))
    texts: dict[str, tuple[str, str]] = {}
    for lang in languages:
        name, text = _line(typed.names.get(lang, "")), typed.texts.get(lang, "").strip()
        if len(name) > MAX_NAME:
            errors[f"name-{lang}"] = _too_long(MAX_NAME)
        elif text and not name:
            errors[f"name-{lang}"] = Message(N_("Write the name above its text, or leave both empty."))
        if len(text) > MAX_TEXT:
            errors[f"text-{lang}"] = _too_long(MAX_TEXT)
        if name:
            texts[lang] = (name, _line(text))
    if require_name and not texts and not any(f.startswith("name-") for f in errors) and languages:
        errors[f"name-{languages[0]}"] = Message(N_("Write the name of the service in at least one language."))
    for name, value in (("address", typed.address), ("transport", typed.transport)):
        if len(value) > MAX_LINE:
            errors[name] = _too_long(MAX_LINE)
    phone = ""
    if typed.phone.strip():
        try:
            phone = normalise_phone(typed.phone.strip()[:40], centre.country)
        except BadFact:
            errors["phone"] = Message(N_("Write a phone number that can be called, for example %(example)s."),
                                      {"example": example_phone(centre.country)})
    website = ""
    if typed.website.strip():
        try:
            website = check_website(typed.website)
        except BadFact:
            errors["website"] = Message(N_("Write a web address that starts with https:// or http://, "
                                           "for example https://www.example.org."))
    hours, bad_days = check_hours(typed.hours)
    for day in bad_days:
        errors[f"hours-{day}"] = Message(N_("Write the hours as from-to, for example 09:00-12:00, 13:30-17:00. "
                                            "Leave the day empty when it is closed."))
    if not set(typed.languages) <= set(LANGUAGES):
        errors["languages"] = Message(N_("Choose only languages from the list."))
    if typed.free not in ("", "yes", "no"):
        errors["free"] = Message(N_("Choose yes, no or “not known”."))
    if errors:
        raise Problems(errors)
    return CleanEntry(
        neighbourhood=neighbourhood,
        kind=typed.kind,
        themes=tuple(t for t in THEMES if t in typed.themes),
        steps=tuple(s for s in STEPS if str(s) in typed.steps),
        address=_line(typed.address),
        phone=phone,
        hours=hours,
        website=website,
        languages=tuple(lang for lang in LANGUAGES if lang in typed.languages),
        free={"yes": True, "no": False}.get(typed.free),
        transport=_line(typed.transport),
        texts=texts,
    )


def _snapshot(entry: DirectoryEntry, texts: Mapping[str, DirectoryText]) -> str:
    facts = {k: v for k, v in entry.model_dump().items() if k not in ("id", "updated_at", "checked_on")}
    facts["checked_on"] = entry.checked_on.isoformat() if entry.checked_on else None
    facts["texts"] = {lang: {"name": t.name, "text": t.text, "source_version": t.source_version}
                      for lang, t in sorted(texts.items())}
    return json.dumps(facts, ensure_ascii=False, sort_keys=True)


def _apply(entry: DirectoryEntry, clean: CleanEntry) -> None:
    entry.neighbourhood, entry.kind = clean.neighbourhood, clean.kind
    entry.themes, entry.steps = ",".join(clean.themes), ",".join(str(s) for s in clean.steps)
    entry.address, entry.phone, entry.hours = clean.address, clean.phone, format_hours(clean.hours)
    entry.website, entry.languages, entry.free = clean.website, ",".join(clean.languages), clean.free
    entry.transport = clean.transport


def _write_texts(db: Session, entry: DirectoryEntry, existing: dict[str, DirectoryText],
                 typed: Mapping[str, tuple[str, str]], editable: Sequence[str]) -> None:
    """The texts of the languages the editor may change: the source text's change makes every translation due for
    review; a translation written now is made from the source as it is now."""
    entry_id = entry.id or 0
    source = existing.get(entry.source_locale)
    new_source = typed.get(entry.source_locale)
    if entry.source_locale in editable and source is not None and new_source is not None \
            and (source.name, source.text) != new_source:
        entry.text_version += 1
    for lang in editable:
        row, wanted = existing.get(lang), typed.get(lang)
        if wanted is None:
            if row is not None:
                db.delete(row)
                del existing[lang]
            continue
        if row is None:
            row = DirectoryText(entry_id=entry_id, locale=lang, name=wanted[0], text=wanted[1],
                                source_version=entry.text_version)
            existing[lang] = row
        elif (row.name, row.text) != wanted or lang == entry.source_locale:
            row.name, row.text, row.source_version = wanted[0], wanted[1], entry.text_version
        db.add(row)


def add_entry(db: Session, centre: Centre, clean: CleanEntry, author: str, today: date,
              origin: str = EDITOR, checked_on: date | None = None) -> int:
    """A new entry, checked today (an editor who writes it has just checked it); its id."""
    source = centre.default_language if centre.default_language in clean.texts else next(iter(clean.texts))
    entry = DirectoryEntry(centre_id=centre.id, kind=clean.kind, source_locale=source, updated_by=author,
                           checked_on=checked_on if origin == IMPORT else today, updated_at=utcnow())
    _apply(entry, clean)
    db.add(entry)
    db.flush()
    texts: dict[str, DirectoryText] = {}
    _write_texts(db, entry, texts, clean.texts, list(clean.texts))
    db.flush()
    db.add(DirectoryRevision(entry_id=entry.id or 0, version=entry.version, author=author, origin=origin,
                             snapshot=_snapshot(entry, texts)))
    db.flush()
    bump_token(db)
    return entry.id or 0


def _next_version(db: Session, entry: DirectoryEntry, texts: dict[str, DirectoryText], author: str,
                  origin: str) -> None:
    entry.version += 1
    entry.updated_by, entry.updated_at = author, utcnow()
    db.add(entry)
    db.add(DirectoryRevision(entry_id=entry.id or 0, version=entry.version, author=author, origin=origin,
                             snapshot=_snapshot(entry, texts)))
    try:
        db.flush()  # (entry, version) is unique: of two saves from one version, the database takes only one
    except IntegrityError:
        raise StaleEntry(entry.version) from None
    bump_token(db)


def update_entry(db: Session, entry_id: int, based_on: int, clean: CleanEntry, editable: Sequence[str],
                 author: str, today: date) -> None:
    """Change an entry from the version the editor started from (StaleEntry when someone saved after it). Only the
    texts in `editable` (the editor's languages) change; saving marks the entry checked today."""
    found = get_entry(db, entry_id, lock=True)
    if found is None:
        raise NoSuchEntry(entry_id)
    entry, texts = found
    if entry.version != based_on:
        raise StaleEntry(entry.version)
    _apply(entry, clean)
    _write_texts(db, entry, texts, clean.texts, editable)
    if not any(t.name for t in texts.values()):  # the last name removed: keep the entry findable by its old name
        raise Problems({f"name-{editable[0]}": Message(N_("Write the name of the service in at least one language."))})
    entry.checked_on = today
    _next_version(db, entry, texts, author, EDITOR)


def mark_checked(db: Session, entry_id: int, author: str, today: date) -> None:
    """Someone checked the entry is still right (phone, hours, address): its "last checked" date is today."""
    found = get_entry(db, entry_id, lock=True)
    if found is None:
        raise NoSuchEntry(entry_id)
    entry, texts = found
    entry.checked_on = today
    _next_version(db, entry, texts, author, CHECKED)
