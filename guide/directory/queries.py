"""Reading the directory: the entries job seekers see (through the content overlay), and the editors' list. Never
writes."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from guide.content.library import Centre, LocalEntry, centre_clock, get_files
from guide.directory.facts import DAY_WORDS, KIND_WORDS, parse_hours, phone_display, split_list
from guide.directory.models import DirectoryEntry, DirectoryText

# An entry nobody has checked for this long is flagged on the editors' list.
STALE_AFTER = timedelta(days=182)
UP_TO_DATE, NEEDS_REVIEW, MISSING = "up_to_date", "needs_review", "missing"


def _texts(db: Session, entry_ids: Collection[int]) -> dict[int, list[DirectoryText]]:
    out: dict[int, list[DirectoryText]] = {}
    if not entry_ids:
        return out
    for row in db.exec(select(DirectoryText).where(col(DirectoryText.entry_id).in_(list(entry_ids)))
                       .order_by(col(DirectoryText.locale))):
        out.setdefault(row.entry_id, []).append(row)
    return out


def local_entry(entry: DirectoryEntry, texts: list[DirectoryText], country: str) -> LocalEntry:
    return LocalEntry(
        id=entry.id or 0,
        kind=entry.kind,
        themes=split_list(entry.themes),
        steps=tuple(int(s) for s in split_list(entry.steps)),
        texts={t.locale: (t.name, t.text) for t in texts if t.name},
        source_locale=entry.source_locale,
        neighbourhood=entry.neighbourhood,
        address=entry.address,
        phone=entry.phone,
        phone_display=phone_display(entry.phone, country),
        hours=tuple((DAY_WORDS[day], spans) for day, spans in parse_hours(entry.hours)),
        kind_words=KIND_WORDS.get(entry.kind, KIND_WORDS["other"]),
        website=entry.website,
        languages=split_list(entry.languages),
        free=entry.free,
        transport=entry.transport,
        checked_on=entry.checked_on,
    )


def directory_entries(db: Session, centres: Mapping[str, Centre] | None = None) -> dict[str, tuple[LocalEntry, ...]]:
    """Every centre's entries that have a name in some language, by kind then id (the content overlay's); phone
    numbers as each centre's country writes them (`centres`: the files' and the database's; the files' alone when
    not given)."""
    entries = db.exec(select(DirectoryEntry).order_by(col(DirectoryEntry.centre_id), col(DirectoryEntry.id))).all()
    texts = _texts(db, [e.id for e in entries if e.id is not None])
    centres = get_files().centres if centres is None else centres
    out: dict[str, list[LocalEntry]] = {}
    for entry in entries:
        shown = local_entry(entry, texts.get(entry.id or 0, []), centre_clock(centres.get(entry.centre_id))[1])
        if shown.texts:
            out.setdefault(entry.centre_id, []).append(shown)
    return {cid: tuple(found) for cid, found in out.items()}


@dataclass(frozen=True)
class ListedEntry:
    """A row of the editors' list."""

    id: int
    centre_id: str
    kind: str
    name: str
    name_lang: str
    checked_on: date | None
    stale: bool
    states: tuple[tuple[str, str], ...]  # (language, translation state) for each of the guide's languages


def is_stale(checked_on: date | None, today: date) -> bool:
    return checked_on is None or today - checked_on > STALE_AFTER


def translation_states(entry: DirectoryEntry, texts: list[DirectoryText],
                       languages: Collection[str]) -> tuple[tuple[str, str], ...]:
    by_lang = {t.locale: t for t in texts if t.name}
    states = []
    for lang in languages:
        text = by_lang.get(lang)
        if text is None:
            states.append((lang, MISSING))
        elif lang == entry.source_locale or text.source_version >= entry.text_version:
            states.append((lang, UP_TO_DATE))
        else:
            states.append((lang, NEEDS_REVIEW))
    return tuple(states)


def list_entries(db: Session, centre_ids: Collection[str], locale: str, languages: Collection[str],
                 today: date) -> list[ListedEntry]:
    """The entries of these centres, the ones to check first (never checked, then the oldest check)."""
    entries = db.exec(select(DirectoryEntry).where(col(DirectoryEntry.centre_id).in_(list(centre_ids)))).all()
    texts = _texts(db, [e.id for e in entries if e.id is not None])
    rows = []
    for entry in entries:
        own = texts.get(entry.id or 0, [])
        by_lang = {t.locale: t.name for t in own if t.name}
        name_lang = next((lang for lang in (locale, entry.source_locale) if lang in by_lang), min(by_lang, default=""))
        rows.append(ListedEntry(entry.id or 0, entry.centre_id, entry.kind, by_lang.get(name_lang, ""), name_lang,
                                entry.checked_on, is_stale(entry.checked_on, today),
                                translation_states(entry, own, languages)))
    rows.sort(key=lambda r: (r.centre_id, not r.stale, r.checked_on or date.min, r.name.casefold()))
    return rows


def get_entry(db: Session, entry_id: int, lock: bool = False) -> tuple[DirectoryEntry, dict[str, DirectoryText]] | None:
    """An entry and its texts by language; `lock` holds the row until the unit of work ends (a save's check)."""
    entry = db.get(DirectoryEntry, entry_id, with_for_update=lock)
    if entry is None:
        return None
    return entry, {t.locale: t for t in _texts(db, [entry_id]).get(entry_id, [])}
