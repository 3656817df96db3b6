"""The profile ("What I can offer") and the CV's parts: read from the journey's answers, checked, stored. No web code.

Nothing here takes or stores a name, a phone number, an e-mail or an address: the CV's contact details never reach
this module (see guide.profile.documents, which gets them only to write the document of one response).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert
from sqlmodel import Session, col, select

from guide.assessment.service import overview
from guide.content.library import get_library
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.core.models import saved_id, utcnow
from guide.journeys.models import Answer, Journey
from guide.journeys.service import JourneyFacts
from guide.profile.models import CvDetails, CvEntry, CvLanguage, ProfileItem
from skills_audit.framework import get_framework

# The steps whose answers make the profile: talents (1), goal (3), experience (7), the CV (8).
PROFILE_STEPS = (1, 3, 7, 8)
ANSWER, STRENGTH = "answer", "strength"
STRONG_LEVEL = 3  # a competence scored "usually" or better in the latest self-assessment is a strength

MAX_ITEM = 1000
MAX_TITLE = 200
MAX_PLACE = 200
MAX_DESCRIPTION = 2000
MAX_LANGUAGE_NAME = 60
MAX_LANGUAGES = 6
MAX_WANTED = 500
MAX_ABOUT = 1000
MAX_ENTRIES = 40
FIRST_YEAR = 1940

EXPERIENCE, TRAINING = "experience", "training"
EXPERIENCE_KINDS = ("paid", "volunteer", "placement", "care", "other")
TRAINING_KINDS = ("course", "diploma")
KINDS = {EXPERIENCE: EXPERIENCE_KINDS, TRAINING: TRAINING_KINDS}
# The CEFR levels, and "native" for a first language; the person picks a plain sentence (see views.LEVEL_WORDS).
LEVELS = ("native", "C2", "C1", "B2", "B1", "A2", "A1")
LICENCES = ("none", "learning", "B", "B-car")

# Markup typed into a field: a tag's start ("<b", "</", "<!"). A lone "<" ("< 5 km") is fine.
_MARKUP = re.compile(r"<\s*[A-Za-z/!?]")


def looks_like_markup(text: str) -> bool:
    return bool(_MARKUP.search(text))


def check_text(errors: dict[str, Message], field: str, text: str, limit: int, required: bool = False) -> str:
    """The text with spaces trimmed, or a Message in `errors` for the field: too long, markup, missing."""
    clean = text.strip()
    if len(clean) > limit:
        errors[field] = Message(N_(
            "This text has %(length)s characters. The limit is %(max)s. Make it a bit shorter: your text is "
            "still here."
        ), {"length": len(clean), "max": limit})
    elif looks_like_markup(clean):
        errors[field] = Message(N_("Write plain text, without < and > around words."))
    elif required and not clean:
        errors[field] = Message(N_("Fill this in, please."))
    return clean


# --- the profile ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileLine:
    """One line of the profile: where it comes from, the source as it is now and what the person made of it."""

    key: str
    kind: str  # ANSWER | STRENGTH
    ref: str  # the question's id, or the competence's
    step: int | None  # the step of an answer
    source: str  # the answer as typed in its step ("" for a strength: its name is worded in each language)
    text: str  # the person's own version; "" means the source as it is
    shown: bool

    @property
    def own(self) -> bool:
        return bool(self.text)


def _answers(db: Session, journey_id: int) -> list[tuple[str, int, str, str]]:
    """(key, step, question id, text) of the profile steps' answers, in the guide's order."""
    library = get_library()
    found = {
        (step, qid): text
        for step, qid, text in db.exec(
            select(col(Answer.step), col(Answer.question_id), col(Answer.text)).where(
                col(Answer.journey_id) == journey_id, col(Answer.step).in_(PROFILE_STEPS)
            )
        )
    }
    rows = []
    for step in PROFILE_STEPS:
        for qid in library.step("en", step).question_ids():
            text = found.get((step, qid), "")
            if text:
                rows.append((f"a{step}-{qid}", step, qid, text))
    return rows


def strengths(db: Session, journey: Journey | JourneyFacts) -> list[str]:
    """The competences of the latest self-assessment scored at STRONG_LEVEL or more, in the framework's order."""
    latest = overview(db, journey).latest
    if latest is None:
        return []
    return [cid for cid in get_framework().competence_ids() if (latest.levels.get(cid) or 0) >= STRONG_LEVEL]


def profile_lines(db: Session, journey: Journey | JourneyFacts) -> list[ProfileLine]:
    """The profile in the person's order: what they saved first, then any new answer or strength at the end. A line
    whose source is gone stays while it has the person's own text."""
    journey_id = saved_id(journey)
    sources: dict[str, ProfileLine] = {}
    for key, step, qid, text in _answers(db, journey_id):
        sources[key] = ProfileLine(key, ANSWER, qid, step, text, "", True)
    for cid in strengths(db, journey):
        sources[f"s-{cid}"] = ProfileLine(f"s-{cid}", STRENGTH, cid, None, "", "", True)
    stored = db.exec(
        select(ProfileItem).where(col(ProfileItem.journey_id) == journey_id).order_by(col(ProfileItem.position))
    ).all()
    lines = []
    seen = set()
    for item in stored:
        source = sources.get(item.key) or (_gone(item.key) if item.text else None)
        if source is None:  # its answer emptied or its strength gone, with no words of the person's own
            continue
        lines.append(ProfileLine(source.key, source.kind, source.ref, source.step, source.source, item.text,
                                 item.shown))
        seen.add(item.key)
    lines += [line for key, line in sources.items() if key not in seen]
    return lines


def _gone(key: str) -> ProfileLine | None:
    """A stored line whose answer was emptied or whose strength no longer shows: what its key says of it."""
    if key.startswith("s-"):
        cid = key[2:]
        return ProfileLine(key, STRENGTH, cid, None, "", "", True) if cid in get_framework().competence_ids() else None
    match = re.fullmatch(r"a(\d+)-(.+)", key)
    if match and int(match.group(1)) in PROFILE_STEPS:
        return ProfileLine(key, ANSWER, match.group(2), int(match.group(1)), "", "", True)
    return None


@dataclass(frozen=True)
class ProfileEdit:
    """One line as sent back: its key, the text in the box, whether it stays on the CV."""

    key: str
    text: str
    shown: bool


def check_profile(lines: Sequence[ProfileLine], edits: Sequence[ProfileEdit]) -> list[ProfileEdit]:
    """The edits of known lines, in the order sent, texts trimmed; Problems ({"item-N": Message}) for a text too long
    or with markup. Lines not sent keep their place after the others."""
    known = {line.key: line for line in lines}
    errors: dict[str, Message] = {}
    clean: list[ProfileEdit] = []
    for index, edit in enumerate(edits):
        line = known.get(edit.key)
        if line is None or any(c.key == edit.key for c in clean):
            continue
        text = check_text(errors, f"item-{index}", edit.text, MAX_ITEM)
        if text == (line.source or "").strip():
            text = ""  # the answer as it is: it follows the step's answer when that changes
        clean.append(ProfileEdit(edit.key, text, edit.shown))
    if errors:
        raise Problems(errors)
    sent = {edit.key for edit in clean}
    clean += [ProfileEdit(line.key, line.text, line.shown) for line in lines if line.key not in sent]
    return clean


def _lock(conn: Connection, journey_id: int) -> None:
    """Two saves of one journey's profile (two tabs, a double click) run one after the other, each replacing the
    rows whole: on PostgreSQL they would otherwise both delete and then both insert the same keys."""
    conn.execute(select(col(Journey.id)).where(col(Journey.id) == journey_id).with_for_update())


def save_profile(db: Session, journey_id: int, edits: Iterable[ProfileEdit]) -> None:
    """The whole profile, replaced: its lines in this order."""
    # On the connection, not the ORM's unit of work: the lines just read are in the session under the same keys.
    now = utcnow()
    conn = db.connection()
    _lock(conn, journey_id)
    conn.execute(delete(ProfileItem).where(col(ProfileItem.journey_id) == journey_id))
    rows = [{"journey_id": journey_id, "key": edit.key, "position": position, "text": edit.text, "shown": edit.shown,
             "updated_at": now} for position, edit in enumerate(edits)]
    if rows:
        conn.execute(insert(ProfileItem), rows)


def moved(edits: list[ProfileEdit], index: int, step: int) -> list[ProfileEdit]:
    """The edits with the line at `index` moved one place up (step -1) or down (+1); unchanged at either end."""
    target = index + step
    if not (0 <= index < len(edits) and 0 <= target < len(edits)):
        return edits
    edits = list(edits)
    edits[index], edits[target] = edits[target], edits[index]
    return edits


# --- the CV's parts ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryInput:
    """An experience or a training as typed (years as text): the page shows it again if it cannot be kept."""

    section: str
    kind: str
    title: str
    place: str
    start_year: str
    end_year: str
    ongoing: bool
    description: str


@dataclass(frozen=True)
class Entry:
    id: int
    section: str
    kind: str
    title: str
    place: str
    start_year: int | None
    end_year: int | None
    ongoing: bool
    description: str

    def typed(self) -> EntryInput:
        return EntryInput(self.section, self.kind, self.title, self.place,
                          "" if self.start_year is None else str(self.start_year),
                          "" if self.end_year is None else str(self.end_year), self.ongoing, self.description)


# The fields of the entry form in the page's order, for the error summary.
ENTRY_FIELDS = ("kind", "title", "place", "start_year", "end_year", "description")


def _year(errors: dict[str, Message], field: str, typed: str, this_year: int) -> int | None:
    text = typed.strip()
    if not text:
        return None
    if not re.fullmatch(r"[0-9]{4}", text):
        errors[field] = Message(N_("Write a year with 4 numbers, like 2019."))
        return None
    year = int(text)
    if year > this_year:
        errors[field] = Message(N_("This year is still to come. Write a year up to %(year)s."),
                                {"year": str(this_year)})
        return None
    if year < FIRST_YEAR:
        errors[field] = Message(N_("Write a year from %(year)s on."), {"year": str(FIRST_YEAR)})
        return None
    return year


def check_entry(data: EntryInput, this_year: int) -> EntryInput:
    """A clean copy of an entry (texts trimmed), or Problems for each field that cannot be kept."""
    errors: dict[str, Message] = {}
    if data.kind not in KINDS.get(data.section, ()):
        errors["kind"] = Message(N_("Choose one of the kinds in the list."))
    title = check_text(errors, "title", data.title, MAX_TITLE, required=True)
    place = check_text(errors, "place", data.place, MAX_PLACE)
    start = _year(errors, "start_year", data.start_year, this_year)
    end = None if data.ongoing else _year(errors, "end_year", data.end_year, this_year)
    if start is not None and end is not None and end < start:
        errors["end_year"] = Message(N_("The end is before the start. Check both years."))
    if start is None and "start_year" not in errors and (end is not None or data.ongoing):
        errors["start_year"] = Message(N_("Write the year you started."))
    description = check_text(errors, "description", data.description, MAX_DESCRIPTION)
    if errors:
        raise Problems(errors)
    return EntryInput(data.section, data.kind, title, place, "" if start is None else str(start),
                      "" if end is None else str(end), data.ongoing, description)


def _entry(row: CvEntry) -> Entry:
    return Entry(saved_id(row), row.section, row.kind, row.title, row.place, row.start_year, row.end_year, row.ongoing,
                 row.description)


def entries(db: Session, journey_id: int) -> list[Entry]:
    """The CV's experience and training, the latest first (ongoing ones first of all), then by title."""
    rows = db.exec(select(CvEntry).where(col(CvEntry.journey_id) == journey_id)).all()
    found = [_entry(row) for row in rows]
    return sorted(found, key=lambda e: (not e.ongoing, -(e.end_year or e.start_year or 0), -(e.start_year or 0),
                                        e.title.casefold(), e.id))


def get_entry(db: Session, journey_id: int, entry_id: int) -> Entry | None:
    row = db.get(CvEntry, entry_id)
    return _entry(row) if row is not None and row.journey_id == journey_id else None


def add_entry(db: Session, journey_id: int, clean: EntryInput) -> int:
    count = len(db.exec(select(col(CvEntry.id)).where(col(CvEntry.journey_id) == journey_id)).all())
    if count >= MAX_ENTRIES:
        raise Problems({"title": Message(N_("Your CV has %(max)s lines already. Delete one before you add one."),
                                         {"max": MAX_ENTRIES})})
    row = CvEntry(journey_id=journey_id, section=clean.section, kind=clean.kind, title=clean.title)
    for name, value in _columns(clean).items():
        setattr(row, name, value)
    db.add(row)
    db.flush()
    return saved_id(row)


def _columns(clean: EntryInput) -> dict[str, object]:
    return {
        "section": clean.section, "kind": clean.kind, "title": clean.title, "place": clean.place,
        "start_year": int(clean.start_year) if clean.start_year else None,
        "end_year": int(clean.end_year) if clean.end_year else None, "ongoing": clean.ongoing,
        "description": clean.description, "updated_at": utcnow(),
    }


def update_entry(db: Session, journey_id: int, entry_id: int, clean: EntryInput) -> bool:
    """False when the entry is not this journey's (or gone): the page answers 404."""
    row = db.get(CvEntry, entry_id)
    if row is None or row.journey_id != journey_id:
        return False
    for name, value in _columns(clean).items():
        if name != "section":  # an experience stays one
            setattr(row, name, value)
    db.add(row)
    return True


def delete_entry(db: Session, journey_id: int, entry_id: int) -> bool:
    row = db.get(CvEntry, entry_id)
    if row is None or row.journey_id != journey_id:
        return False
    db.delete(row)
    return True


@dataclass(frozen=True)
class Gap:
    """Years in which the CV shows nothing, from the first year it shows on (`last` may be this year)."""

    first: int
    last: int


def gaps(found: Iterable[Entry], this_year: int, shortest: int = 2) -> list[Gap]:
    """Runs of at least `shortest` years that no experience or training covers, after the first one starts."""
    covered: set[int] = set()
    for entry in found:
        if entry.start_year is None:
            continue
        end = this_year if entry.ongoing else (entry.end_year or entry.start_year)
        covered.update(range(entry.start_year, end + 1))
    if not covered:
        return []
    runs, start = [], None
    for year in range(min(covered), this_year + 1):
        if year not in covered and start is None:
            start = year
        elif year in covered and start is not None:
            runs.append(Gap(start, year - 1))
            start = None
    if start is not None:
        runs.append(Gap(start, this_year))
    return [gap for gap in runs if gap.last - gap.first + 1 >= shortest]


@dataclass(frozen=True)
class LanguageRow:
    name: str
    level: str


def languages(db: Session, journey_id: int) -> list[LanguageRow]:
    rows = db.exec(
        select(CvLanguage).where(col(CvLanguage.journey_id) == journey_id).order_by(col(CvLanguage.position))
    ).all()
    return [LanguageRow(row.name, row.level) for row in rows]


def check_languages(rows: Sequence[LanguageRow]) -> list[LanguageRow]:
    """The rows with a language, trimmed; Problems ({"language-N-name" or "-level": Message}) otherwise."""
    errors: dict[str, Message] = {}
    clean = []
    for index, row in enumerate(rows[:MAX_LANGUAGES]):
        name = check_text(errors, f"language-{index}-name", row.name, MAX_LANGUAGE_NAME)
        level = row.level if row.level in LEVELS else ""
        if name and not level:
            errors[f"language-{index}-level"] = Message(N_("Choose how well you speak this language."))
        elif level and not name and f"language-{index}-name" not in errors:
            errors[f"language-{index}-name"] = Message(N_("Write the name of the language."))
        if name and level:
            clean.append(LanguageRow(name, level))
    if errors:
        raise Problems(errors)
    return clean


def save_languages(db: Session, journey_id: int, rows: Iterable[LanguageRow]) -> None:
    conn = db.connection()  # as save_profile: the rows just read are in the session under the same keys
    _lock(conn, journey_id)
    conn.execute(delete(CvLanguage).where(col(CvLanguage.journey_id) == journey_id))
    values = [{"journey_id": journey_id, "position": position, "name": row.name, "level": row.level}
              for position, row in enumerate(rows)]
    if values:
        conn.execute(insert(CvLanguage), values)


@dataclass(frozen=True)
class Details:
    driving_licence: str = ""
    wanted_work: str = ""
    about: str = ""


def details(db: Session, journey_id: int) -> Details:
    row = db.get(CvDetails, journey_id)
    return Details(row.driving_licence, row.wanted_work, row.about) if row is not None else Details()


def check_details(data: Details) -> Details:
    errors: dict[str, Message] = {}
    wanted = check_text(errors, "wanted_work", data.wanted_work, MAX_WANTED)
    about = check_text(errors, "about", data.about, MAX_ABOUT)
    if errors:
        raise Problems(errors)
    return Details(data.driving_licence if data.driving_licence in LICENCES else "", wanted, about)


def save_details(db: Session, journey_id: int, clean: Details) -> None:
    row = db.get(CvDetails, journey_id) or CvDetails(journey_id=journey_id)
    row.driving_licence, row.wanted_work, row.about, row.updated_at = (
        clean.driving_licence, clean.wanted_work, clean.about, utcnow()
    )
    db.add(row)


@dataclass(frozen=True)
class CvParts:
    """Everything stored for a CV: the profile, the experience and training, languages and the single answers."""

    profile: list[ProfileLine]
    entries: list[Entry]
    languages: list[LanguageRow]
    details: Details
    sector: str | None


def cv_parts(db: Session, journey: Journey | JourneyFacts) -> CvParts:
    journey_id = saved_id(journey)
    return CvParts(profile_lines(db, journey), entries(db, journey_id), languages(db, journey_id),
                   details(db, journey_id), journey.sector)
