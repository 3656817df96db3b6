"""The guide's content, read once from the files in content/ and cached.

Steps: content/steps/<lang>/NN-slug.md (Markdown with YAML front matter).
Centres: content/centres/<id>.yml (facts) and <id>.<lang>.yml (name and local help per step).
Sectors: content/sectors/sectors.yml (ids and NACE sections) and <lang>.yml (names).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import frontmatter
import nh3
import yaml
from markdown_it import MarkdownIt

from guide.i18n import DEFAULT_LOCALE
from guide.settings import get_settings

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


@dataclass(frozen=True)
class Question:
    id: str
    label: str
    hint: str = ""


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

    def item_ids(self) -> set[str]:
        return {item.id for item in self.checklist}

    def question_ids(self) -> set[str]:
        return {q.id for q in self.questions}


@dataclass(frozen=True)
class HelpEntry:
    name: str
    text: str


@dataclass(frozen=True)
class Centre:
    id: str
    partner: str
    country: str
    default_language: str
    region: str
    timezone: str
    names: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    help: dict[str, dict[int, tuple[HelpEntry, ...]]] = field(default_factory=dict)

    def name(self, locale: str) -> str:
        return self.names.get(locale) or self.names.get(self.default_language) or self.id

    def description(self, locale: str) -> str:
        return self.descriptions.get(locale) or self.descriptions.get(self.default_language, "")

    def help_for(self, locale: str, step: int) -> tuple[str, tuple[HelpEntry, ...]]:
        """Local help for a step, with the language it is written in (falls back to the centre's own)."""
        for lang in (locale, self.default_language, DEFAULT_LOCALE):
            entries = self.help.get(lang, {}).get(step)
            if entries:
                return lang, entries
        return locale, ()


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

    def step(self, locale: str, number: int) -> Step:
        """The step in the asked language, or in English when a translation is missing."""
        return self.steps.get(locale, {}).get(number) or self.steps[DEFAULT_LOCALE][number]

    def all_steps(self, locale: str) -> list[Step]:
        return [self.step(locale, n) for n in range(1, STEP_COUNT + 1)]


class ContentError(ValueError):
    """A content file is missing a field or does not parse."""


def _load_step(path: Path, locale: str) -> Step:
    post = frontmatter.load(path)
    meta = post.metadata
    try:
        questions = []
        for qid, q in (meta.get("questions") or {}).items():
            if isinstance(q, str):
                q = {"label": q}
            questions.append(Question(id=str(qid), label=q["label"], hint=q.get("hint", "") or ""))
        return Step(
            number=int(meta["step"]),
            slug=str(meta["slug"]),
            locale=locale,
            title=str(meta["title"]),
            summary=str(meta.get("summary", "")),
            body_html=render_markdown(post.content),
            checklist=tuple(ChecklistItem(id=str(k), text=str(v)) for k, v in (meta.get("checklist") or {}).items()),
            questions=tuple(questions),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ContentError(f"{path}: {exc!r}") from exc


def _load_centre(facts_path: Path) -> Centre:
    facts = yaml.safe_load(facts_path.read_text(encoding="utf-8"))
    cid = str(facts["id"])
    names: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    help_: dict[str, dict[int, tuple[HelpEntry, ...]]] = {}
    for lang_path in sorted(facts_path.parent.glob(f"{cid}.*.yml")):
        lang = lang_path.name[len(cid) + 1 : -len(".yml")]
        data = yaml.safe_load(lang_path.read_text(encoding="utf-8")) or {}
        names[lang] = str(data.get("name", cid))
        descriptions[lang] = str(data.get("description", ""))
        help_[lang] = {
            int(step): tuple(HelpEntry(name=str(e["name"]), text=str(e["text"])) for e in entries or [])
            for step, entries in (data.get("help") or {}).items()
        }
    country = str(facts["country"])
    return Centre(
        id=cid,
        partner=str(facts["partner"]),
        country=country,
        default_language=str(facts["default_language"]),
        region=str(facts.get("region", "")),
        timezone=str(facts.get("timezone") or COUNTRY_TIMEZONES.get(country, "UTC")),
        names=names,
        descriptions=descriptions,
        help=help_,
    )


def load_library(content_dir: Path) -> Library:
    steps: dict[str, dict[int, Step]] = {}
    for lang_dir in sorted(p for p in (content_dir / "steps").iterdir() if p.is_dir()):
        for path in sorted(lang_dir.glob("*.md")):
            step = _load_step(path, lang_dir.name)
            steps.setdefault(lang_dir.name, {})[step.number] = step
    centres = {}
    for facts_path in sorted((content_dir / "centres").glob("*.yml")):
        if facts_path.name.count(".") == 1:  # <id>.yml, not <id>.<lang>.yml
            centre = _load_centre(facts_path)
            centres[centre.id] = centre
    sector_dir = content_dir / "sectors"
    facts = yaml.safe_load((sector_dir / "sectors.yml").read_text(encoding="utf-8"))
    names_by_lang = {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sector_dir.glob("*.yml") if p.stem != "sectors"
    }
    sectors = {
        sid: Sector(id=sid, nace=str(f["nace"]), names={lang: n[sid] for lang, n in names_by_lang.items() if sid in n})
        for sid, f in facts.items()
    }
    return Library(steps=steps, centres=centres, sectors=sectors)


@lru_cache
def _cached_library(content_dir: Path) -> Library:
    return load_library(content_dir)


def get_library() -> Library:
    return _cached_library(get_settings().content_dir)
