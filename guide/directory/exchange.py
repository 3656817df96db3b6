"""Between the directory and the content/ files: `tensteps directory import` and the directory's part of
`tensteps content export`. Never commits.

content/directory/<centre>.yml holds a centre's entries, facts and texts per language, as the export writes them.
A centre without that file gets its entries from the old "help near you" texts of content/centres/<centre>.<lang>.yml:
one entry per step and place in the list (the languages' lists run in the same order), its kind and themes guessed
from its words, for its partner's editors to complete (address, phone, hours…). A centre that already has entries
is left as it is, so the import can run at every demo seeding.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, col, select

from guide.content.library import STEP_COUNT, Centre, ContentFiles, help_key, parse_help
from guide.core.messages import Problems
from guide.core.yamlfiles import load_yaml
from guide.directory.facts import WEEKDAYS, day_fields, parse_hours
from guide.directory.models import DirectoryEntry, DirectoryText
from guide.directory.service import IMPORT, EntryInput, add_entry, check_entry

# Words that say what an imported entry is or helps with (in any of the three languages, lower case).
KIND_HINTS = (
    ("employment_service", ("vdab", "jobcentre", "france travail", "employment service")),
    ("childcare", ("huis van het kind", "childcare", "child care", "kinderopvang", "crèche", "garde d")),
    ("volunteering", ("vrijwillig", "volunteer", "bénévol")),
    ("work_experience", ("stage", "work experience", "placement", "wijk-werken")),
    ("language_course", ("cvo", "nt2", "esol", "language course", "taalcursus", "cours de")),
    ("digital_help", ("bibliothe", "library", "médiathèque")),
    ("debt_advice", ("debt", "schulden", "dettes", "citizens advice")),
)
THEME_HINTS = (
    ("childcare", ("kind", "child", "enfant", "crèche")),
    ("money", ("money", "debt", "geld", "schulden", "argent", "dettes", "ocmw", "cpas", "benefit")),
    ("housing", ("housing", "wonen", "huisvesting", "logement")),
    ("health", ("health", "gezondheid", "santé")),
    ("transport", ("bus", "bike", "fiets", "vélo", "driving", "rijbewijs", "permis", "de lijn", "train")),
    ("language", ("nt2", "esol", "language", "taal", "langue", "néerlandais", "dutch", "français")),
    ("digital", ("computer", "internet", "ordinateur", "digital")),
)


@dataclass(frozen=True)
class ImportReport:
    added: int
    skipped_centres: tuple[str, ...]  # centres that had entries already
    refused: tuple[str, ...]  # "<file>: entry n: <field>" of entries that did not pass the checks


def _guess(words: str, hints: tuple[tuple[str, tuple[str, ...]], ...]) -> list[str]:
    lower = words.casefold()
    return [what for what, needles in hints if any(n in lower for n in needles)]


def _from_help(files: ContentFiles, centre: Centre) -> list[EntryInput]:
    """The centre's old help texts as entries: the same step and place in every language's list is one entry."""
    out = []
    for number in range(1, STEP_COUNT + 1):
        by_lang = files.texts.get(help_key(centre.id, number)) or {}
        parsed = {lang: parse_help(text) for lang, text in by_lang.items()}
        for place in range(max((len(entries) for entries in parsed.values()), default=0)):
            names = {lang: entries[place].name for lang, entries in parsed.items() if place < len(entries)}
            texts = {lang: entries[place].text for lang, entries in parsed.items() if place < len(entries)}
            words = " ".join([*names.values(), *texts.values()])
            kinds = _guess(" ".join(names.values()), KIND_HINTS) or _guess(words, KIND_HINTS) or ["other"]
            out.append(EntryInput(kind=kinds[0], themes=tuple(_guess(words, THEME_HINTS)), steps=(str(number),),
                                  names=names, texts=texts))
    return out


def _from_file(path: Path) -> list[tuple[EntryInput, date | None]]:
    data = load_yaml(path.read_text(encoding="utf-8")) or {}
    out = []
    for item in data.get("entries") or []:
        item = dict(item or {})
        texts: dict[str, Any] = dict(item.get("texts") or {})
        free = item.get("free")
        checked = item.get("checked_on")
        out.append((EntryInput(
            neighbourhood=str(item.get("neighbourhood") or ""),
            kind=str(item.get("kind") or ""),
            themes=tuple(str(t) for t in item.get("themes") or ()),
            steps=tuple(str(s) for s in item.get("steps") or ()),
            address=str(item.get("address") or ""),
            phone=str(item.get("phone") or ""),
            hours=day_fields(parse_hours(str(item.get("hours") or ""))),
            website=str(item.get("website") or ""),
            languages=tuple(str(lang) for lang in item.get("languages") or ()),
            free="" if free is None else ("yes" if free else "no"),
            transport=str(item.get("transport") or ""),
            names={str(lang): str((t or {}).get("name") or "") for lang, t in texts.items()},
            texts={str(lang): str((t or {}).get("text") or "") for lang, t in texts.items()},
        ), checked if isinstance(checked, date) else None))
    return out


def import_directory(db: Session, files: ContentFiles, languages: tuple[str, ...], author: str,
                     today: date) -> ImportReport:
    """Every centre's entries from its directory file, or from its old help texts, for the centres with none yet."""
    added, skipped, refused = 0, [], []
    have = set(db.exec(select(col(DirectoryEntry.centre_id)).distinct()).all())
    for cid, centre in sorted(files.centres.items()):
        if cid in have:
            skipped.append(cid)
            continue
        path = files.content_dir / "directory" / f"{cid}.yml"
        found = _from_file(path) if path.exists() else [(typed, None) for typed in _from_help(files, centre)]
        langs = tuple(dict.fromkeys([*languages, *(lang for typed, _ in found for lang in typed.names)]))
        for n, (typed, checked) in enumerate(found, start=1):
            try:
                clean = check_entry(typed, centre, langs)
            except Problems as exc:
                refused.append(f"{path.name if path.exists() else cid}: entry {n}: {', '.join(exc.errors)}")
                continue
            add_entry(db, centre, clean, author, today, origin=IMPORT, checked_on=checked)
            added += 1
    return ImportReport(added, tuple(skipped), tuple(refused))


def export_directory(db: Session, content_dir: Path) -> list[Path]:
    """Every centre's entries into content/directory/<centre>.yml; the files whose text changed."""
    entries = db.exec(select(DirectoryEntry).order_by(col(DirectoryEntry.centre_id), col(DirectoryEntry.id))).all()
    texts: dict[int, dict[str, DirectoryText]] = {}
    for row in db.exec(select(DirectoryText).order_by(col(DirectoryText.locale))):
        texts.setdefault(row.entry_id, {})[row.locale] = row
    by_centre: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        by_centre.setdefault(entry.centre_id, []).append({
            "kind": entry.kind,
            "neighbourhood": entry.neighbourhood,
            "themes": [t for t in entry.themes.split(",") if t],
            "steps": [int(s) for s in entry.steps.split(",") if s],
            "address": entry.address,
            "phone": entry.phone,
            "hours": entry.hours,
            "website": entry.website,
            "languages": [lang for lang in entry.languages.split(",") if lang],
            "free": entry.free,
            "transport": entry.transport,
            "checked_on": entry.checked_on,
            "texts": {lang: {"name": t.name, "text": t.text} for lang, t in texts.get(entry.id or 0, {}).items()},
        })
    written = []
    for cid, items in by_centre.items():
        path = content_dir / "directory" / f"{cid}.yml"
        text = ("# The local directory of this centre, written by `tensteps content export`.\n"
                "# hours: " + " ".join(WEEKDAYS) + ", e.g. \"mon 09:00-12:00,13:30-17:00;tue 09:00-12:00\"\n"
                + yaml.safe_dump({"entries": items}, sort_keys=False, allow_unicode=True, width=1000))
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


