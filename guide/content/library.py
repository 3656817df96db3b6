"""The guide's content, read once from the files in content/ and cached.

Steps: content/steps/<lang>/NN-slug.md (Markdown with YAML front matter).
Country variants: content/steps/<lang>/<COUNTRY>/NN-slug.md, the same file name, holding only the texts that differ
in that country (the employment service, the language to learn); item keys get "@<COUNTRY>" ("step/6/body@BE").
Centres: content/centres/<id>.yml (facts) and <id>.<lang>.yml (name and local help per step).
Sectors: content/sectors/sectors.yml (ids and NACE sections) and <lang>.yml (names).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlencode
from weakref import WeakKeyDictionary

import frontmatter
import nh3
import yaml
from markdown_it import MarkdownIt

from guide.content.pictograms import BY_ID as PICTOGRAMS
from guide.content.pictograms import barrier_key
from guide.core.i18n import DEFAULT_LOCALE
from guide.core.settings import get_settings
from guide.core.yamlfiles import load_yaml

STEP_COUNT = 10
# A country's timezone, for showing times the way the centre's clock shows them.
COUNTRY_TIMEZONES = {"BE": "Europe/Brussels", "FR": "Europe/Paris", "GB": "Europe/London", "NL": "Europe/Amsterdam"}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False})


def render_markdown(text: str) -> str:
    """Markdown to HTML that is safe to put on a page, whoever wrote the Markdown."""
    return nh3.clean(_markdown.render(text), url_schemes={"http", "https", "mailto", "tel"})


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    locale: str = ""  # the language of the text when it differs from the step's (a fallback); "" means the step's
    pictogram: str = ""  # the id of the pictogram beside it (guide.content.pictograms), "" for none


@dataclass(frozen=True)
class Question:
    id: str
    label: str
    hint: str = ""
    locale: str = ""  # the language of the label, "" meaning the step's
    hint_locale: str = ""  # the language of the hint, "" meaning the label's


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    locale: str  # the language the text is in (differs from the page's when it fell back)
    title: str
    summary: str
    body_html: str
    checklist: tuple[ChecklistItem, ...]
    questions: tuple[Question, ...]
    # Each text can fall back on its own: "title", "summary", "body" -> the language it is in (default: locale).
    text_locales: dict[str, str] = field(default_factory=dict, compare=False)
    pictogram: str = ""  # beside the title (chosen on the title's item, step/<n>/title), "" for none

    def locale_of(self, part: str) -> str:
        """The language one part of the step ("title", "summary", "body") is written in."""
        return self.text_locales.get(part, self.locale)

    def item_ids(self) -> set[str]:
        return {item.id for item in self.checklist}

    def question_ids(self) -> set[str]:
        return {q.id for q in self.questions}


@dataclass(frozen=True)
class LocalEntry:
    """An entry of the local directory (guide.directory) as job seekers see it: facts checked when saved, texts by
    language. Loaded with the published content, so a step page's cached shell changes when an entry does."""

    id: int
    kind: str
    themes: tuple[str, ...]
    steps: tuple[int, ...]
    texts: dict[str, tuple[str, str]]  # language -> (name, what it helps with)
    source_locale: str
    neighbourhood: str = ""
    address: str = ""
    phone: str = ""  # E.164, for tel: links
    phone_display: str = ""  # as the centre's country writes it
    # (the weekday's name as a message id, ((from, to), …)), open days only, Monday first
    hours: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    kind_words: str = ""  # the kind's name as a message id (translated where shown)
    website: str = ""
    languages: tuple[str, ...] = ()
    free: bool | None = None
    transport: str = ""
    checked_on: date | None = None

    def text_in(self, locale: str, default_language: str) -> tuple[str, str, str]:
        """(language, name, text) in the asked language, else the centre's, else the source language."""
        for lang in (locale, default_language, self.source_locale, DEFAULT_LOCALE):
            if lang in self.texts:
                return (lang, *self.texts[lang])
        lang, (name, text) = next(iter(sorted(self.texts.items())))
        return lang, name, text

    @property
    def map_url(self) -> str:
        """A plain link to the address on OpenStreetMap (no embedded map: nothing of the page goes to a third party)."""
        return "https://www.openstreetmap.org/search?" + urlencode({"query": self.address}) if self.address else ""


@dataclass(frozen=True)
class HelpEntry:
    name: str
    text: str
    lang: str = ""  # the language of this entry's text when it differs from the list's; "" for the list's
    entry: LocalEntry | None = None  # the directory's facts (phone, address, hours…), None for a text of the files


@dataclass(frozen=True)
class Centre:
    id: str
    partner: str
    country: str
    default_language: str
    region: str
    timezone: str
    names: dict[str, str] = field(default_factory=dict)
    neighbourhoods: tuple[str, ...] = ()  # place names, the same in every language (outreach tallies name one)
    official_languages: tuple[str, ...] = ()  # the country's languages there (BE: "nl" in Kortrijk)
    learn_language: str = ""  # the language a job seeker there most likely needs to learn
    descriptions: dict[str, str] = field(default_factory=dict)
    help: dict[str, dict[int, tuple[HelpEntry, ...]]] = field(default_factory=dict)
    directory: tuple[LocalEntry, ...] = ()  # the local directory's entries (guide.directory), when it has some

    def name(self, locale: str) -> str:
        return self.names.get(locale) or self.names.get(self.default_language) or self.id

    def description(self, locale: str) -> str:
        return self.descriptions.get(locale) or self.descriptions.get(self.default_language, "")

    def help_for(self, locale: str, step: int, theme: str = "") -> tuple[str, tuple[HelpEntry, ...]]:
        """Local help for a step, with the language it is written in (falls back to the centre's own). Once the
        centre has a directory, its entries for the step; for a barrier `theme`, the entries that help with it (or
        the step's when none does). Each entry says its own language where it falls back."""
        if self.directory:
            matching = [e for e in self.directory if theme in e.themes] if theme else []
            chosen = matching or [e for e in self.directory if step in e.steps]
            return locale, tuple(self.shown(e, locale) for e in chosen)
        for lang in (locale, self.default_language, DEFAULT_LOCALE):
            entries = self.help.get(lang, {}).get(step)
            if entries:
                return lang, entries
        return locale, ()

    def shown(self, entry: LocalEntry, locale: str) -> HelpEntry:
        """A directory entry in the asked language (or the one it falls back to)."""
        lang, name, text = entry.text_in(locale, self.default_language)
        return HelpEntry(name, text, "" if lang == locale else lang, entry)


@dataclass(frozen=True)
class Region:
    """A partner region, by its NUTS-like code (BE254), in one country, named in each language."""

    code: str
    country: str
    names: dict[str, str] = field(default_factory=dict)

    def name(self, locale: str) -> str:
        return self.names.get(locale) or self.names.get(DEFAULT_LOCALE) or self.code


@dataclass(frozen=True)
class Partner:
    """An organisation with centres; its id is what staff accounts name as their partner."""

    id: str
    names: dict[str, str] = field(default_factory=dict)

    def name(self, locale: str) -> str:
        return self.names.get(locale) or self.names.get(DEFAULT_LOCALE) or self.id


@dataclass(frozen=True)
class PlaceRows:
    """Partners, regions and centres from the database (guide.places): each adds one the files lack or replaces
    the file's one of the same id (a centre keeps the files' descriptions and help)."""

    partners: dict[str, Partner] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)
    centres: dict[str, Centre] = field(default_factory=dict)


@dataclass(frozen=True)
class Sector:
    id: str
    nace: str
    names: dict[str, str]

    def name(self, locale: str) -> str:
        return self.names.get(locale) or self.names.get(DEFAULT_LOCALE) or self.id


@dataclass(frozen=True)
class Library:
    steps: dict[str, dict[int, Step]]
    centres: dict[str, Centre]
    sectors: dict[str, Sector]
    # (language, country) -> the steps that have a variant there, built once: only pairs with variants are here.
    variants: dict[tuple[str, str], dict[int, Step]] = field(default_factory=dict)
    # item key (a step's title, a checklist item, "barrier/<theme>") -> pictogram id: the file's, then editors'.
    pictograms: dict[str, str] = field(default_factory=dict)
    # A partner's recordings (guide.listen.recordings): the hash of the words read -> the recording's file name.
    recordings: dict[str, str] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)  # the files' (content/audit/regions.yml), then admins'
    partners: dict[str, Partner] = field(default_factory=dict)  # every centre's partner, then admins'

    def barrier_pictogram(self, theme: str) -> str:
        return self.pictograms.get(barrier_key(theme), "")

    def step(self, locale: str, number: int, country: str = "") -> Step:
        """The step in the asked language, or in English when a translation is missing; for a country, that
        language's variant where it has one (never another language's variant: the default of the same language)."""
        if country:
            variant = self.variants.get((locale, country), {}).get(number)
            if variant is not None:
                return variant
        return self.steps.get(locale, {}).get(number) or self.steps[DEFAULT_LOCALE][number]

    def all_steps(self, locale: str, country: str = "") -> list[Step]:
        return [self.step(locale, n, country) for n in range(1, STEP_COUNT + 1)]

    def has_variants(self, locale: str, country: str) -> bool:
        """Whether some step reads differently in this language in this country (cached pages key on it)."""
        return (locale, country) in self.variants

    def country_of(self, centre_id: str) -> str:
        """The country of a journey's centre, whose step variants the person reads; "" for an unknown centre."""
        centre = self.centres.get(centre_id)
        return centre.country if centre else ""

    def clock(self, centre_id: str) -> tuple[str, str]:
        """The centre's timezone and country (see centre_clock)."""
        return centre_clock(self.centres.get(centre_id))


def centre_clock(centre: Centre | None) -> tuple[str, str]:
    """A centre's timezone and country: times as its clock shows them, written as its country writes them
    (i18n.format_locale); UTC and no country for a centre the guide no longer has."""
    return (centre.timezone, centre.country) if centre else ("UTC", "")


class ContentError(ValueError):
    """A content file is missing a field or does not parse."""


# --- item keys: the stable address of every editable text -------------------------------------------------------
# Revisions, translation status and exchange files all name a text by its key. Keys never change meaning.


def step_key(number: int, part: str) -> str:
    """"step/3/title", "step/3/summary", "step/3/body", "step/3/checklist/<id>", "step/3/question/<id>/label"…"""
    return f"step/{number}/{part}"


def variant_key(key: str, country: str) -> str:
    """A country's variant of an item: "step/6/body@BE"."""
    return f"{key}@{country}"


def split_variant(key: str) -> tuple[str, str]:
    """The item a key is a variant of, and the country: ("step/6/body", "BE"); (key, "") for a default text."""
    base, _sep, country = key.partition("@")
    return base, country


COUNTRY_CODE = re.compile(r"[A-Z]{2}")


def help_key(centre_id: str, number: int) -> str:
    return f"centre/{centre_id}/help/{number}"


def sector_key(sector_id: str) -> str:
    return f"sector/{sector_id}/name"


def format_help(entries: tuple[HelpEntry, ...] | list[HelpEntry]) -> str:
    """A centre's help for one step as one editable text: entries apart by a blank line, the name on the first
    line of each."""
    return "\n\n".join(f"{e.name}\n{e.text}" for e in entries)


def parse_help(text: str) -> tuple[HelpEntry, ...]:
    """The inverse of format_help; ValueError names the entry that has no text under its name."""
    entries = []
    for n, block in enumerate(re.split(r"\n\s*\n", text.strip()), start=1):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if len(lines) < 2:
            raise ValueError(f"entry {n} needs a name on its first line and a text below it")
        entries.append(HelpEntry(name=lines[0], text=" ".join(lines[1:])))
    return tuple(entries)


# --- the files: the guide's shape, and every text by item and language --------------------------------------------


@dataclass(frozen=True)
class StepShape:
    number: int
    slug: str
    filename: str  # e.g. "03-goal.md", the same in every language
    checklist: tuple[str, ...]  # ids in order
    questions: tuple[str, ...]


@dataclass(frozen=True)
class ContentFiles:
    """What content/ holds. English files give the shape (ids and order); every language gives texts."""

    content_dir: Path
    steps: dict[int, StepShape]
    centres: dict[str, Centre]  # facts, names and descriptions (help comes from texts)
    sectors: dict[str, str]  # id -> NACE section
    texts: dict[str, dict[str, str]]  # item key -> language -> text
    languages: tuple[str, ...]  # languages that have at least one file
    pictograms: dict[str, str] = field(default_factory=dict)  # content/pictograms.yml: item key -> pictogram id
    regions: dict[str, Region] = field(default_factory=dict)  # content/audit/regions.yml


def region_country(code: str) -> str:
    """The country of a NUTS code: its first two letters, "UK" being the United Kingdom's ("GB" everywhere else)."""
    country = code[:2].upper()
    return "GB" if country == "UK" else country


def _load_regions(path: Path) -> dict[str, Region]:
    if not path.exists():
        return {}
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
        return {
            str(code): Region(str(code), region_country(str(code)),
                              {str(lang): str(name) for lang, name in (names or {}).items()})
            for code, names in data.items()
        }
    except (yaml.YAMLError, AttributeError) as exc:
        raise ContentError(f"{path}: {exc!r}") from exc


def _step_texts(
    path: Path, locale: str, shape: StepShape | None, country: str = ""
) -> tuple[StepShape, dict[str, str]]:
    """A step file's shape and texts. Only English must be complete; another language may leave texts out. A
    country's variant file (`country`) holds only what differs, under keys ending in "@<country>"."""
    try:
        post = frontmatter.load(path)
    except (yaml.YAMLError, ValueError) as exc:
        raise ContentError(f"{path}: {exc!r}") from exc
    meta: dict[str, Any] = post.metadata  # YAML: checked below, key by key
    try:
        if country and shape is not None:  # a variant: its step is the one of the same file name
            number = int(meta.get("step", shape.number))
            slug = str(meta.get("slug", shape.slug))
        else:
            number = int(meta["step"])
            slug = str(meta["slug"])
        checklist = {str(k): str(v) for k, v in (meta.get("checklist") or {}).items()}
        questions: dict[str, dict[str, str]] = {}
        for qid, q in (meta.get("questions") or {}).items():
            q = {"label": q} if isinstance(q, str) else dict(q or {})
            questions[str(qid)] = {k: str(v) for k, v in q.items() if k in ("label", "hint") and v}
        if shape is None:  # English: every text is required
            str(meta["title"])
            if any("label" not in q for q in questions.values()):
                raise ValueError("every question needs a label")
            shape = StepShape(number, slug, path.name, tuple(checklist), tuple(questions))
        elif (number, slug) != (shape.number, shape.slug):
            raise ValueError(f"step {number} ({slug}) does not match the English step {shape.number} ({shape.slug})")
        unknown = (set(checklist) - set(shape.checklist)) | (set(questions) - set(shape.questions))
        if unknown:
            raise ValueError(f"ids not in the English step: {sorted(unknown)}")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ContentError(f"{path}: {exc!r}") from exc
    texts = {
        step_key(number, "title"): str(meta.get("title") or ""),
        step_key(number, "summary"): str(meta.get("summary") or ""),
        step_key(number, "body"): post.content.strip(),
    }
    texts.update({step_key(number, f"checklist/{k}"): v for k, v in checklist.items()})
    for qid, q in questions.items():
        texts.update({step_key(number, f"question/{qid}/{part}"): v for part, v in q.items()})
    if country:  # an empty text in a variant file is no variant: the default stays
        return shape, {variant_key(k, country): v for k, v in texts.items() if v.strip()}
    return shape, {k: v for k, v in texts.items() if v.strip()}


def _load_centre(facts_path: Path, texts: dict[str, dict[str, str]]) -> Centre:
    facts = load_yaml(facts_path.read_text(encoding="utf-8"))
    cid = str(facts["id"])
    names: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    for lang_path in sorted(facts_path.parent.glob(f"{cid}.*.yml")):
        lang = lang_path.name[len(cid) + 1 : -len(".yml")]
        data = load_yaml(lang_path.read_text(encoding="utf-8")) or {}
        names[lang] = str(data.get("name", cid))
        descriptions[lang] = str(data.get("description", ""))
        for step, entries in (data.get("help") or {}).items():
            try:
                help_ = tuple(HelpEntry(name=str(e["name"]), text=str(e["text"])) for e in entries or [])
            except (KeyError, TypeError) as exc:
                raise ContentError(f"{lang_path}: help for step {step}: {exc!r}") from exc
            if help_:
                texts.setdefault(help_key(cid, int(step)), {})[lang] = format_help(help_)
    country = str(facts["country"])
    default_language = str(facts["default_language"])
    official = tuple(str(lang) for lang in facts.get("official_languages") or (default_language,))
    return Centre(
        id=cid,
        partner=str(facts["partner"]),
        country=country,
        default_language=default_language,
        region=str(facts.get("region", "")),
        timezone=str(facts.get("timezone") or COUNTRY_TIMEZONES.get(country, "UTC")),
        names=names,
        descriptions=descriptions,
        neighbourhoods=tuple(str(n) for n in facts.get("neighbourhoods") or ()),
        official_languages=official,
        learn_language=str(facts.get("learn_language") or official[0]),
    )


def load_files(content_dir: Path) -> ContentFiles:
    texts: dict[str, dict[str, str]] = {}
    languages: set[str] = set()
    steps_dir = content_dir / "steps"
    shapes: dict[int, StepShape] = {}
    for path in sorted((steps_dir / DEFAULT_LOCALE).glob("*.md")):
        shape, step_texts = _step_texts(path, DEFAULT_LOCALE, None)
        shapes[shape.number] = shape
        for key, value in step_texts.items():
            texts.setdefault(key, {})[DEFAULT_LOCALE] = value
    by_file = {shape.filename: shape for shape in shapes.values()}
    for lang_dir in sorted(p for p in steps_dir.iterdir() if p.is_dir()):
        languages.add(lang_dir.name)
        if lang_dir.name == DEFAULT_LOCALE:
            continue
        for path in sorted(lang_dir.glob("*.md")):
            if path.name not in by_file:
                raise ContentError(f"{path}: no English step has this file name")
            _shape, step_texts = _step_texts(path, lang_dir.name, by_file[path.name])
            for key, value in step_texts.items():
                texts.setdefault(key, {})[lang_dir.name] = value
    for lang_dir in sorted(p for p in steps_dir.iterdir() if p.is_dir()):
        for country_dir in sorted(p for p in lang_dir.iterdir() if p.is_dir()):
            if not COUNTRY_CODE.fullmatch(country_dir.name):
                raise ContentError(f"{country_dir}: a folder of country variants is named by its country code (BE)")
            for path in sorted(country_dir.glob("*.md")):
                if path.name not in by_file:
                    raise ContentError(f"{path}: no English step has this file name")
                _shape, step_texts = _step_texts(path, lang_dir.name, by_file[path.name], country_dir.name)
                for key, value in step_texts.items():
                    texts.setdefault(key, {})[lang_dir.name] = value
    centres = {}
    for facts_path in sorted((content_dir / "centres").glob("*.yml")):
        if facts_path.name.count(".") == 1:  # <id>.yml, not <id>.<lang>.yml
            centre = _load_centre(facts_path, texts)
            centres[centre.id] = centre
            languages.update(centre.names)
    sector_dir = content_dir / "sectors"
    facts = load_yaml((sector_dir / "sectors.yml").read_text(encoding="utf-8"))
    for path in sorted(sector_dir.glob("*.yml")):
        if path.stem == "sectors":
            continue
        languages.add(path.stem)
        for sid, name in (load_yaml(path.read_text(encoding="utf-8")) or {}).items():
            if sid in facts and str(name).strip():
                texts.setdefault(sector_key(sid), {})[path.stem] = str(name)
    return ContentFiles(
        regions=_load_regions(content_dir / "audit" / "regions.yml"),
        pictograms=_load_pictograms(content_dir / "pictograms.yml", shapes),
        content_dir=content_dir,
        steps=shapes,
        centres=centres,
        sectors={sid: str(f["nace"]) for sid, f in facts.items()},
        texts=texts,
        languages=tuple(sorted(languages)),
    )


def _load_pictograms(path: Path, shapes: dict[int, StepShape]) -> dict[str, str]:
    """The default pictograms: each step's (under its title's key), each checklist item's, each barrier theme's."""
    if not path.exists():
        return {}
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
        found: dict[str, str] = {}
        for number, ids in (data.get("steps") or {}).items():
            shape = shapes[int(number)]
            for item_id, pictogram in (ids or {}).items():
                if item_id == "step":
                    found[step_key(shape.number, "title")] = str(pictogram)
                elif item_id in shape.checklist:
                    found[step_key(shape.number, f"checklist/{item_id}")] = str(pictogram)
                else:
                    raise ValueError(f"step {number} has no checklist item {item_id!r}")
        for theme, pictogram in (data.get("barriers") or {}).items():
            found[barrier_key(str(theme))] = str(pictogram)
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ContentError(f"{path}: {exc!r}") from exc
    unknown = sorted({p for p in found.values() if p not in PICTOGRAMS})
    if unknown:
        raise ContentError(f"{path}: pictograms not in the set: {unknown}")
    return found


# --- building the library: files, then published revisions over them -----------------------------------------------


@lru_cache(maxsize=4096)
def _render_cached(text: str) -> str:
    return render_markdown(text)


def build_library(
    files: ContentFiles,
    overrides: dict[str, dict[str, str]] | None = None,
    sources: dict[str, str] | None = None,
    languages: tuple[str, ...] | list[str] = (),
    directory: dict[str, tuple[LocalEntry, ...]] | None = None,
    pictograms: dict[str, str] | None = None,
    recordings: dict[str, str] | None = None,
    places: PlaceRows | None = None,
) -> Library:
    """The library job seekers read: each text in the asked language, else in the item's source language
    (English unless `sources` says otherwise), else English, each with the language it is really in. `pictograms`:
    the editors' choices (item key -> pictogram id) over the files' defaults; `places`: admins' partners, regions
    and centres over the files'."""
    chosen = {**files.pictograms, **{k: v for k, v in (pictograms or {}).items() if v in PICTOGRAMS}}
    texts = {key: dict(by_lang) for key, by_lang in files.texts.items()}
    for key, by_lang in (overrides or {}).items():
        texts.setdefault(key, {}).update(by_lang)
    sources = sources or {}
    langs = list(dict.fromkeys([*languages, *files.languages, *(lang for t in texts.values() for lang in t)]))

    def pick(key: str, lang: str) -> tuple[str, str]:
        by_lang = texts.get(key) or {}
        for candidate in (lang, sources.get(key, DEFAULT_LOCALE), DEFAULT_LOCALE):
            if by_lang.get(candidate):
                return by_lang[candidate], candidate
        return "", lang

    def build_step(number: int, shape: StepShape, lang: str, pick: Callable[[str, str], tuple[str, str]]) -> Step:
        title, title_lang = pick(step_key(number, "title"), lang)
        summary, summary_lang = pick(step_key(number, "summary"), lang)
        body, body_lang = pick(step_key(number, "body"), lang)
        checklist = []
        for item_id in shape.checklist:
            text, text_lang = pick(step_key(number, f"checklist/{item_id}"), lang)
            checklist.append(ChecklistItem(id=item_id, text=text, locale=text_lang,
                                           pictogram=chosen.get(step_key(number, f"checklist/{item_id}"), "")))
        questions = []
        for qid in shape.questions:
            label, label_lang = pick(step_key(number, f"question/{qid}/label"), lang)
            hint, hint_lang = pick(step_key(number, f"question/{qid}/hint"), lang)
            questions.append(Question(id=qid, label=label, hint=hint, locale=label_lang, hint_locale=hint_lang))
        return Step(
            number=number,
            slug=shape.slug,
            locale=title_lang,
            title=title,
            summary=summary,
            body_html=_render_cached(body),
            checklist=tuple(checklist),
            questions=tuple(questions),
            text_locales={"title": title_lang, "summary": summary_lang, "body": body_lang},
            pictogram=chosen.get(step_key(number, "title"), ""),
        )

    steps: dict[str, dict[int, Step]] = {}
    for lang in langs:
        for number, shape in sorted(files.steps.items()):
            steps.setdefault(lang, {})[number] = build_step(number, shape, lang, pick)

    # Country variants: only the (language, country, step) triples that have a variant text are built; a text
    # without a variant in that language is that language's default (with its own fallbacks), never another
    # language's variant.
    varied: dict[tuple[str, str], set[int]] = {}
    for key, by_lang in texts.items():
        base, country = split_variant(key)
        parts = base.split("/")
        if not country or parts[0] != "step" or not parts[1].isdigit() or int(parts[1]) not in files.steps:
            continue
        for lang, value in by_lang.items():
            if value.strip():
                varied.setdefault((lang, country), set()).add(int(parts[1]))
    variants: dict[tuple[str, str], dict[int, Step]] = {}
    for (lang, country), numbers in sorted(varied.items()):

        def pick_variant(key: str, lang: str, country: str = country) -> tuple[str, str]:
            value = (texts.get(variant_key(key, country)) or {}).get(lang)
            return (value, lang) if value and value.strip() else pick(key, lang)

        variants[(lang, country)] = {
            number: build_step(number, files.steps[number], lang, pick_variant) for number in sorted(numbers)
        }
    rows = places or PlaceRows()
    centres = {}
    for cid, centre in _placed_centres(files.centres, rows.centres).items():
        help_: dict[str, dict[int, tuple[HelpEntry, ...]]] = {}
        for number in range(1, STEP_COUNT + 1):
            for lang, text in (texts.get(help_key(cid, number)) or {}).items():
                try:
                    entries = parse_help(text)
                except ValueError:  # revisions are checked when saved; a bad file text shows nothing
                    entries = ()
                if entries:
                    help_.setdefault(lang, {})[number] = entries
        centres[cid] = replace(centre, help=help_, directory=(directory or {}).get(cid, ()))
    sectors = {
        sid: Sector(id=sid, nace=nace, names={k: v for k, v in (texts.get(sector_key(sid)) or {}).items() if v})
        for sid, nace in files.sectors.items()
    }
    partners = {p: Partner(p) for p in sorted({c.partner for c in files.centres.values()})}
    return Library(steps=steps, centres=centres, sectors=sectors, variants=variants, pictograms=chosen,
                   recordings=dict(recordings or {}), regions={**files.regions, **rows.regions},
                   partners={**partners, **rows.partners})


def _placed_centres(files: dict[str, Centre], rows: dict[str, Centre]) -> dict[str, Centre]:
    """The files' centres with the database's over them, by id: an override takes the row's facts and names but
    keeps the file's descriptions (help comes from texts either way)."""
    out = dict(files)
    for cid, row in rows.items():
        base = files.get(cid)
        out[cid] = replace(row, descriptions=base.descriptions) if base else row
    return dict(sorted(out.items()))


def load_library(content_dir: Path) -> Library:
    return build_library(load_files(content_dir), languages=get_settings().languages)


class ContentOverlay(Protocol):
    """Where published revisions come from (guide.content.revisions, over the database)."""

    def token(self) -> str:
        """Changes whenever published content changes; "" when nothing is published."""

    def published(self) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
        """The published texts (item key -> language -> text) and the per-item source languages."""

    def directory(self, centres: Mapping[str, Centre]) -> dict[str, tuple[LocalEntry, ...]]:
        """The local directory's entries per centre (guide.directory), written as each centre's country writes
        phone numbers (`centres`: the files' and the database's)."""

    def pictograms(self) -> dict[str, str]:
        """The pictograms editors chose (item key -> pictogram id)."""

    def recordings(self) -> dict[str, str]:
        """The partners' current recordings (hash of the words read -> file name, guide.listen.recordings)."""

    def places(self) -> PlaceRows:
        """The partners, regions and centres admins added or changed (guide.places)."""


# The overlay of the app serving this request (each app sets its own per request, see guide.app), or the one a
# command set for itself: two apps in one process, on two databases, each show their own revisions.
_overlay: ContextVar[ContentOverlay | None] = ContextVar("tensteps_content_overlay", default=None)
# Per overlay, (content folder, token) -> library: derived data only, rebuilt whenever the database's token
# differs, so every worker serves what the database says after at most one cheap read.
_overlaid: WeakKeyDictionary[ContentOverlay, tuple[tuple[Path, str], Library]] = WeakKeyDictionary()


def set_overlay(overlay: ContentOverlay | None) -> None:
    """Layer published revisions over the files, in this context (a request's, or a command's)."""
    _overlay.set(overlay)


@lru_cache
def _cached_files(content_dir: Path) -> ContentFiles:
    return load_files(content_dir)


@lru_cache
def _cached_library(content_dir: Path) -> Library:
    return load_library(content_dir)


def get_files() -> ContentFiles:
    return _cached_files(get_settings().content_dir)


def partner_centre(partner: str) -> Centre | None:
    """A partner's first centre (by id), whose clock and country its staff's pages show dates by (admins' centres
    included: guide.places)."""
    return next((c for _id, c in sorted(get_library().centres.items()) if c.partner == partner), None)


def get_library() -> Library:
    """The guide as job seekers see it: the files with the published revisions over them."""
    content_dir = get_settings().content_dir
    overlay = _overlay.get()
    token = overlay.token() if overlay is not None else ""
    if overlay is None or not token:
        return _cached_library(content_dir)
    cached = _overlaid.get(overlay)
    if cached is not None and cached[0] == (content_dir, token):
        return cached[1]
    overrides, sources = overlay.published()
    files, places = _cached_files(content_dir), overlay.places()
    library = build_library(files, overrides, sources, get_settings().languages,
                            directory=overlay.directory({**files.centres, **places.centres}),
                            pictograms=overlay.pictograms(), recordings=overlay.recordings(), places=places)
    _overlaid[overlay] = ((content_dir, token), library)
    return library
