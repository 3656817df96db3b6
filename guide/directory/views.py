"""The directory's pages as views: a centre's directory for job seekers (search and filters), and the editors'
list and entry form."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from babel.dates import format_date

from guide.barriers.service import BY_ID as THEMES_BY_ID
from guide.content.library import Centre, HelpEntry
from guide.core import i18n
from guide.directory.facts import (
    DAY_WORDS,
    KIND_WORDS,
    KINDS,
    LANGUAGES,
    STEPS,
    THEMES,
    WEEKDAYS,
    day_fields,
    parse_hours,
)
from guide.directory.models import DirectoryEntry, DirectoryText
from guide.directory.queries import MISSING, NEEDS_REVIEW, ListedEntry
from guide.directory.service import EntryInput

MAX_QUERY = 80
STATE_WORDS = {
    "up_to_date": i18n.N_("Up to date"),
    NEEDS_REVIEW: i18n.N_("Needs review"),
    MISSING: i18n.N_("Not translated"),
}


def day_words(day: date | None) -> str:
    """A date in words in the page's language ("7 December 2026"), or "never"."""
    return format_date(day, format="long", locale=i18n.get_locale()) if day else i18n.gettext("never")


def kind_words(kind: str) -> str:
    return i18n.gettext(KIND_WORDS.get(kind, KIND_WORDS["other"]))


def theme_options() -> list[tuple[str, str]]:
    return [(t, i18n.gettext(THEMES_BY_ID[t].words)) for t in THEMES]


def language_options() -> list[tuple[str, str]]:
    return [(lang, i18n.language_label(lang)) for lang in LANGUAGES]


# --- job seekers: a centre's directory ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryPage:
    centre_id: str
    centre_name: str
    entries: Sequence[HelpEntry]
    query: str
    theme: str
    language: str
    theme_choices: Sequence[tuple[str, str]]
    language_choices: Sequence[tuple[str, str]]
    total: int
    neighbourhood: str = ""
    neighbourhood_choices: Sequence[str] = ()  # the centre's, where it has some


def directory_page(centre: Centre, locale: str, query: str, theme: str, language: str,
                   neighbourhood: str = "") -> DirectoryPage:
    """The centre's entries that match the words, the theme, the language and the neighbourhood asked (each filter
    only when set and on its list; an unknown value filters nothing, so a made-up link shows everything). A
    neighbourhood's entries come with the whole centre's, which serve it too."""
    query = " ".join(query.split())[:MAX_QUERY]
    theme = theme if theme in THEMES else ""
    language = language if language in LANGUAGES else ""
    neighbourhood = neighbourhood if neighbourhood in centre.neighbourhoods else ""
    every = [centre.shown(e, locale) for e in centre.directory]
    needle = query.casefold()
    found = [
        h for h in every if h.entry is not None
        and (not theme or theme in h.entry.themes)
        and (not language or language in h.entry.languages)
        and (not neighbourhood or h.entry.neighbourhood in (neighbourhood, ""))
        and (not needle or needle in f"{h.name} {h.text} {kind_words(h.entry.kind)} {h.entry.address}".casefold())
    ]
    found.sort(key=lambda h: h.name.casefold())
    return DirectoryPage(centre.id, centre.name(locale), tuple(found), query, theme, language, theme_options(),
                         language_options(), len(every), neighbourhood, centre.neighbourhoods)


# --- editors: the list and the form -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListRow:
    id: int
    name: str
    name_lang: str
    kind: str
    checked_on: str
    stale: bool
    states: Sequence[tuple[str, str]]  # (language's name, state's words) for the languages not up to date


@dataclass(frozen=True)
class CentreList:
    id: str
    name: str
    rows: Sequence[ListRow]


@dataclass(frozen=True)
class EditorList:
    centres: Sequence[CentreList]
    stale: int
    notice: str = ""


def editor_list(centres: Sequence[Centre], rows: Sequence[ListedEntry], locale: str, notice: str = "") -> EditorList:
    by_centre: dict[str, list[ListRow]] = {}
    for row in rows:
        states = [(i18n.language_label(lang), i18n.gettext(STATE_WORDS[state]))
                  for lang, state in row.states if state != "up_to_date"]
        checked = day_words(row.checked_on)
        by_centre.setdefault(row.centre_id, []).append(
            ListRow(row.id, row.name, row.name_lang, kind_words(row.kind), checked, row.stale, tuple(states)))
    return EditorList(tuple(CentreList(c.id, c.name(locale), tuple(by_centre.get(c.id, ()))) for c in centres),
                      sum(r.stale for r in rows), notice)


@dataclass(frozen=True)
class TextFields:
    lang: str
    language: str  # the language's name
    source: bool  # the texts the others are translated from
    state: str  # its translation state's words, "" for the source
    editable: bool


@dataclass(frozen=True)
class EntryForm:
    action: str
    centre_id: str
    centre_name: str
    typed: EntryInput
    version: int  # 0 for a new entry
    texts: Sequence[TextFields]
    kinds: Sequence[tuple[str, str]]
    themes: Sequence[tuple[str, str]]
    steps: Sequence[tuple[str, str]]
    neighbourhoods: Sequence[str]
    language_choices: Sequence[tuple[str, str]]
    days: Sequence[tuple[str, str]]
    checked_on: str = ""
    checked_action: str = ""  # "mark checked" (an entry saved already)
    stale: bool = False
    conflict: str = ""  # someone else saved: what the form says about it
    errors: Mapping[str, str] = field(default_factory=dict)
    notice: str = ""


def typed_from(entry: DirectoryEntry, texts: Mapping[str, DirectoryText]) -> EntryInput:
    """An entry as its form shows it."""
    return EntryInput(
        neighbourhood=entry.neighbourhood, kind=entry.kind, themes=tuple(t for t in entry.themes.split(",") if t),
        steps=tuple(s for s in entry.steps.split(",") if s), address=entry.address,
        phone=entry.phone, hours=day_fields(parse_hours(entry.hours)), website=entry.website,
        languages=tuple(lang for lang in entry.languages.split(",") if lang),
        free="" if entry.free is None else ("yes" if entry.free else "no"), transport=entry.transport,
        names={lang: t.name for lang, t in texts.items()}, texts={lang: t.text for lang, t in texts.items()},
    )


def entry_form(action: str, centre: Centre, locale: str, typed: EntryInput, languages: Sequence[str],
               editable: Sequence[str], *, version: int = 0, source: str = "",
               states: Mapping[str, str] | None = None, checked_on: str = "", checked_action: str = "",
               stale: bool = False,
               conflict: str = "", errors: Mapping[str, str] | None = None, notice: str = "") -> EntryForm:
    source = source or centre.default_language
    texts = [
        TextFields(lang, i18n.language_label(lang), lang == source,
                   "" if lang == source else i18n.gettext(STATE_WORDS[(states or {}).get(lang, MISSING)]),
                   lang in editable)
        for lang in sorted(languages, key=lambda lang: (lang != source, lang))
    ]
    return EntryForm(
        action=action, centre_id=centre.id, centre_name=centre.name(locale), typed=typed, version=version,
        texts=tuple(texts), kinds=tuple((k, kind_words(k)) for k in KINDS), themes=tuple(theme_options()),
        steps=tuple((str(n), i18n.gettext("Step %(num)s", num=n)) for n in STEPS),
        neighbourhoods=centre.neighbourhoods, language_choices=tuple(language_options()),
        days=tuple((d, i18n.gettext(DAY_WORDS[d])) for d in WEEKDAYS), checked_on=checked_on,
        checked_action=checked_action, stale=stale,
        conflict=conflict, errors=dict(errors or {}), notice=notice,
    )
