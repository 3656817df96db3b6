"""The profile's and the CV's pages as views (frozen dataclasses the templates read), and the CV itself as a
document: one structure that the printable page, the PDF and the Word file are all written from.

The CV's fixed words (headings, kinds, levels) are in the CV's language, which may differ from the page's; the
person's own words stay as they typed them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from guide.content.library import get_library
from guide.core import i18n
from guide.core.i18n import N_
from guide.profile.forms import Contact
from guide.profile.service import (
    ANSWER,
    EXPERIENCE,
    EXPERIENCE_KINDS,
    LEVELS,
    LICENCES,
    MAX_LANGUAGES,
    TRAINING,
    TRAINING_KINDS,
    CvParts,
    Details,
    Entry,
    EntryInput,
    Gap,
    LanguageRow,
    ProfileLine,
    gaps,
)
from skills_audit.framework import get_framework

KIND_WORDS = {
    "paid": N_("Paid work"),
    "volunteer": N_("Volunteering"),
    "placement": N_("Work placement or job trial"),
    "care": N_("Caring for family"),
    "other": N_("Other experience"),
    "course": N_("Course"),
    "diploma": N_("Diploma or certificate"),
}
# What the person picks: a plain sentence, with the CEFR level employers read in brackets.
LEVEL_WORDS = {
    "native": N_("It is my first language"),
    "C2": N_("Perfectly, as well as my first language (C2)"),
    "C1": N_("Very well, also about difficult things (C1)"),
    "B2": N_("Well, also at work (B2)"),
    "B1": N_("Well enough for most everyday things (B1)"),
    "A2": N_("Simple everyday conversations (A2)"),
    "A1": N_("A few words and short sentences (A1)"),
}
LICENCE_WORDS = {
    "none": N_("No driving licence"),
    "learning": N_("I am learning to drive"),
    "B": N_("Driving licence B (car)"),
    "B-car": N_("Driving licence B (car), and I have a car"),
}
LICENCE_ON_CV = {
    "learning": N_("Learning to drive (driving licence B)"),
    "B": N_("Driving licence B"),
    "B-car": N_("Driving licence B, own car"),
}


def _in(lang: str, message: str) -> str:
    return i18n.translations(lang).gettext(message)


def years(entry: Entry, lang: str) -> str:
    """"2019–2023", "since 2023", "2019", or "" without years, in the CV's language."""
    if entry.start_year is None:
        return ""
    if entry.ongoing:
        return _in(lang, N_("since %(start)s")) % {"start": entry.start_year}
    if entry.end_year is None or entry.end_year == entry.start_year:
        return str(entry.start_year)
    return f"{entry.start_year}–{entry.end_year}"


def line_text(line: ProfileLine, lang: str) -> str:
    """What a profile line says: the person's own version, their answer, or the strength's name in `lang`."""
    if line.text:
        return line.text
    if line.kind == ANSWER:
        return line.source
    return framework_name(line.ref, lang)


# --- the profile page ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileLineView:
    index: int
    key: str
    source_label: str  # where the line comes from, in the page's language
    text: str  # what the box shows
    shown: bool
    is_strength: bool
    esco: str  # for strengths: the ESCO transversal skills group (for coaches and employers)


@dataclass(frozen=True)
class ProfilePage:
    lines: tuple[ProfileLineView, ...]
    errors: Mapping[str, str] = field(default_factory=dict)
    notice: str = ""


def source_label(line: ProfileLine, locale: str) -> str:
    if line.kind == ANSWER and line.step is not None:
        step = get_library().step(locale, line.step)
        question = next((q.label for q in step.questions if q.id == line.ref), "")
        return i18n.gettext("Step %(n)s: %(question)s", n=line.step, question=question)
    return i18n.gettext("A strength from your self-assessment")


def esco_of(line: ProfileLine) -> str:
    return "" if line.kind == ANSWER else esco_of_competence(line.ref)


def esco_of_competence(competence_id: str) -> str:
    """The ESCO transversal skills group a competence belongs to, as employers' and ESCO's lists name it."""
    competence = get_framework().competence(competence_id)
    return f"ESCO {competence.esco_code}: {competence.esco_label}"


def framework_name(competence_id: str, locale: str) -> str:
    return get_framework().competence_name(competence_id, locale)


def profile_page(lines: Sequence[ProfileLine], locale: str, typed: Sequence[tuple[str, str, bool]] | None = None,
                 errors: Mapping[str, str] | None = None, notice: str = "") -> ProfilePage:
    """The profile's lines; with `typed` ((key, text, shown) in the page's order), what was sent, shown again."""
    by_key = {line.key: line for line in lines}
    rows = typed if typed is not None else [(line.key, line_text(line, locale), line.shown) for line in lines]
    views: list[ProfileLineView] = []
    for key, text, shown in rows:
        line = by_key.get(key)
        if line is None:
            continue
        views.append(ProfileLineView(len(views), key, source_label(line, locale), text, shown,
                                     line.kind != ANSWER, esco_of(line)))
    return ProfilePage(tuple(views), errors or {}, notice)


# --- the CV's parts ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryView:
    id: int
    years: str
    title: str
    place: str
    kind: str
    description: str


def entry_view(entry: Entry, lang: str) -> EntryView:
    return EntryView(entry.id, years(entry, lang), entry.title, entry.place, _in(lang, KIND_WORDS[entry.kind]),
                     entry.description)


@dataclass(frozen=True)
class CvPage:
    """The CV's overview: each part with a link to change it, help for the gaps, and the last form."""

    profile: tuple[str, ...]
    experience: tuple[EntryView, ...]
    training: tuple[EntryView, ...]
    spoken: tuple[tuple[str, str], ...]  # the languages: (name, level in words)
    licence: str
    wanted_work: str
    about: str
    gaps: tuple[Gap, ...]
    cv_languages: tuple[tuple[str, str], ...]  # (code, name in itself)
    chosen_lang: str
    typed: Mapping[str, str] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)
    notice: str = ""


def cv_page(parts: CvParts, locale: str, this_year: int, *, typed: Mapping[str, str] | None = None,
            errors: Mapping[str, str] | None = None, notice: str = "") -> CvPage:
    found = [entry_view(e, locale) for e in parts.entries]
    chosen = (typed or {}).get("cv_lang") or locale
    return CvPage(
        profile=tuple(line_text(line, locale) for line in parts.profile if line.shown),
        experience=tuple(v for v, e in zip(found, parts.entries, strict=True) if e.section == EXPERIENCE),
        training=tuple(v for v, e in zip(found, parts.entries, strict=True) if e.section == TRAINING),
        spoken=tuple((row.name, i18n.gettext(LEVEL_WORDS[row.level])) for row in parts.languages),
        licence=i18n.gettext(LICENCE_WORDS[parts.details.driving_licence]) if parts.details.driving_licence else "",
        wanted_work=parts.details.wanted_work,
        about=parts.details.about,
        gaps=tuple(gaps(parts.entries, this_year)),
        cv_languages=tuple((code, i18n.language_name(code)) for code in i18n.available_locales()),
        chosen_lang=chosen,
        typed=typed or {},
        errors=errors or {},
        notice=notice,
    )


@dataclass(frozen=True)
class EntryPage:
    section: str
    entry_id: int | None  # None: a new one
    kinds: tuple[tuple[str, str], ...]
    typed: EntryInput
    errors: Mapping[str, str] = field(default_factory=dict)


def entry_page(section: str, entry_id: int | None, typed: EntryInput | None,
               errors: Mapping[str, str] | None = None) -> EntryPage:
    kinds = EXPERIENCE_KINDS if section == EXPERIENCE else TRAINING_KINDS
    blank = EntryInput(section, "" if section == EXPERIENCE else "course", "", "", "", "", False, "")
    return EntryPage(section, entry_id, tuple((k, i18n.gettext(KIND_WORDS[k])) for k in kinds), typed or blank,
                     errors or {})


@dataclass(frozen=True)
class LanguagesPage:
    rows: tuple[LanguageRow, ...]  # MAX_LANGUAGES rows, the empty ones last
    levels: tuple[tuple[str, str], ...]
    errors: Mapping[str, str] = field(default_factory=dict)


def languages_page(rows: Sequence[LanguageRow], errors: Mapping[str, str] | None = None) -> LanguagesPage:
    filled = list(rows[:MAX_LANGUAGES]) + [LanguageRow("", "")] * (MAX_LANGUAGES - len(rows[:MAX_LANGUAGES]))
    return LanguagesPage(tuple(filled), tuple((level, i18n.gettext(LEVEL_WORDS[level])) for level in LEVELS),
                         errors or {})


@dataclass(frozen=True)
class DetailsPage:
    typed: Details
    licences: tuple[tuple[str, str], ...]
    sector_name: str  # the sector chosen in step 3, as a hint for the work wanted
    errors: Mapping[str, str] = field(default_factory=dict)


def details_page(typed: Details, sector: str | None, locale: str,
                 errors: Mapping[str, str] | None = None) -> DetailsPage:
    found = get_library().sectors.get(sector or "")
    return DetailsPage(typed, tuple((k, i18n.gettext(LICENCE_WORDS[k])) for k in LICENCES),
                       found.name(locale) if found else "", errors or {})


# --- the CV as a document ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CvItem:
    text: str  # the line's main text (a title, a strength, a language)
    when: str = ""  # the years
    detail: str = ""  # the kind and the place, on the same line after the text
    more: str = ""  # a description, under it


@dataclass(frozen=True)
class CvSection:
    heading: str
    items: tuple[CvItem, ...]
    note: str = ""  # a line under the section (what the language levels mean)


@dataclass(frozen=True)
class CvDocument:
    """The CV in its language: the contact lines (none for a coach) and the sections that have something in them."""

    lang: str
    name: str = field(repr=False)  # typed for this response only: never in a log line or a traceback by accident
    contact: tuple[str, ...] = field(repr=False)
    sections: tuple[CvSection, ...] = ()
    title: str = "CV"  # the document's title, in its language


def cv_document(parts: CvParts, lang: str, contact: Contact | None) -> CvDocument:
    sections: list[CvSection] = []
    details = parts.details
    if details.about:
        sections.append(CvSection(_in(lang, N_("About me")), (CvItem(details.about),)))
    offer = tuple(CvItem(line_text(line, lang)) for line in parts.profile if line.shown and line_text(line, lang))
    if offer:
        sections.append(CvSection(_in(lang, N_("What I can offer")), offer))
    if details.wanted_work:
        sections.append(CvSection(_in(lang, N_("Work I am looking for")), (CvItem(details.wanted_work),)))
    for section, heading in ((EXPERIENCE, N_("Experience")), (TRAINING, N_("Training and certificates"))):
        items = tuple(
            CvItem(e.title, years(e, lang), " · ".join(p for p in (_in(lang, KIND_WORDS[e.kind]), e.place) if p),
                   e.description)
            for e in parts.entries if e.section == section
        )
        if items:
            sections.append(CvSection(_in(lang, heading), items))
    if parts.languages:
        items = tuple(CvItem(row.name, detail=_in(lang, N_("first language")) if row.level == "native" else row.level)
                      for row in parts.languages)
        note = _in(lang, N_("Levels from A1 (beginner) to C2 (excellent), as in the Common European Framework of "
                            "Reference for Languages."))
        sections.append(CvSection(_in(lang, N_("Languages")), items,
                                  note if any(r.level != "native" for r in parts.languages) else ""))
    if details.driving_licence in LICENCE_ON_CV:
        sections.append(CvSection(_in(lang, N_("Driving licence")),
                                  (CvItem(_in(lang, LICENCE_ON_CV[details.driving_licence])),)))
    lines: tuple[str, ...] = ()
    name = ""
    if contact is not None:
        name = contact.name
        lines = tuple(p for p in (contact.address, contact.phone, contact.email) if p)
    return CvDocument(lang, name, lines, tuple(sections), _in(lang, N_("CV")))


@dataclass(frozen=True)
class CvPrintPage:
    """The printable CV: the document, and the page's own words (in the page's language) around it."""

    document: CvDocument


@dataclass(frozen=True)
class CoachProfilePage:
    """A client's profile and CV for their coach: no contact details (none are ever stored) and, without shared
    answers, only the strengths of the self-assessment."""

    link_id: int
    pseudonym: str
    show_answers: bool
    document: CvDocument
    strengths: tuple[tuple[str, str], ...]  # (name, ESCO group)
