"""Every editable text of the guide, addressed by a stable item key, with what the files say in each language.

Keys (they never change meaning; revisions, translation status and exchange files name texts by them):
    step/<n>/title, step/<n>/summary, step/<n>/body (Markdown), step/<n>/checklist/<id>,
    step/<n>/question/<id>/label, step/<n>/question/<id>/hint,
    a country's variant of a step text: the step text's key + "@<COUNTRY>" (step/6/body@BE),
    centre/<centre>/help/<n> (entries apart by a blank line, the name on each entry's first line),
    sector/<id>/name,
    skills/scale/<id>, skills/competence/<id>/name, skills/competence/<id>/description,
    skills/statement/<id>, skills/suggestion/<id>.
Each item is translated from a source language: English unless set otherwise per item (guide.content.revisions).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from guide.content.library import (
    STEP_COUNT,
    ContentFiles,
    help_key,
    load_files,
    sector_key,
    split_variant,
    step_key,
    variant_key,
)
from guide.core.i18n import DEFAULT_LOCALE
from guide.core.settings import get_settings
from skills_audit.framework import TEXT_KINDS, Framework, load_framework, text_key

# Longest text an editor may save, by kind of item: a page body is long, a title or a statement is short.
MAX_CHARS = {"step-body": 20_000, "centre-help": 4_000, "step-summary": 500, "question-hint": 500}
DEFAULT_MAX_CHARS = 300


@dataclass(frozen=True)
class ContentItem:
    key: str
    kind: str  # step-title, step-summary, step-body, checklist, question-label, question-hint, centre-help,
    # sector-name, skills-scale, skills-names, skills-descriptions, skills-statements, skills-suggestions
    group: str  # for listing: "step/3", "centre/kortrijk", "sectors", "skills"
    markdown: bool = False  # rendered as Markdown (the step body); other texts are shown as plain text
    country: str = ""  # a country's variant of the item `base` ("" for the text everyone else reads)

    @property
    def max_chars(self) -> int:
        return MAX_CHARS.get(self.kind, DEFAULT_MAX_CHARS)

    @property
    def base(self) -> str:
        """The key of the default text this item is a variant of (its own key when it is the default)."""
        return split_variant(self.key)[0]


@dataclass(frozen=True)
class Catalog:
    """The items in a stable order, and the files' text of each item in each language."""

    items: dict[str, ContentItem]
    texts: dict[str, dict[str, str]]  # item key -> language -> text, as the files have it
    files: ContentFiles
    countries: tuple[str, ...] = ()  # the countries that have centres: a step text may have a variant for each

    def item(self, key: str) -> ContentItem:
        """KeyError when no such item exists. A step text's variant for a country that has centres is an item
        even before it has a text anywhere: that is how an editor adds one."""
        if key in self.items:
            return self.items[key]
        base, country = split_variant(key)
        item = self.items[base]  # KeyError: a variant of nothing
        if country not in self.countries or not item.group.startswith("step/") or item.country:
            raise KeyError(key)
        return replace(item, key=key, country=country)

    def variants_of(self, key: str, extra: Iterable[str] = ()) -> list[ContentItem]:
        """The variants of one default text that the files or `extra` (keys with revisions) have, by country."""
        known = extra if isinstance(extra, set) else set(extra)
        keys = [variant_key(key, c) for c in self.countries]
        return [self.item(k) for k in keys if k in self.items or k in known]

    def listed(self, extra: Iterable[str] = ()) -> list[ContentItem]:
        """Every item in order, each variant under its default text: the files' and those of `extra` (keys that
        have revisions, for variants an editor added in the browser)."""
        extra_variants = {k for k in extra if k not in self.items and split_variant(k)[1]}
        out = []
        for item in self.items.values():
            if item.country:
                continue  # listed under its default text
            out.append(item)
            if item.group.startswith("step/"):
                out += self.variants_of(item.key, extra_variants)
        return out

    def file_text(self, key: str, locale: str) -> str | None:
        return (self.texts.get(key) or {}).get(locale) or None


def build_catalog(files: ContentFiles, framework: Framework) -> Catalog:
    items: list[ContentItem] = []
    for number, shape in sorted(files.steps.items()):
        group = f"step/{number}"
        items.append(ContentItem(step_key(number, "title"), "step-title", group))
        items.append(ContentItem(step_key(number, "summary"), "step-summary", group))
        items.append(ContentItem(step_key(number, "body"), "step-body", group, markdown=True))
        items += [ContentItem(step_key(number, f"checklist/{i}"), "checklist", group) for i in shape.checklist]
        for qid in shape.questions:
            items.append(ContentItem(step_key(number, f"question/{qid}/label"), "question-label", group))
            hint = step_key(number, f"question/{qid}/hint")
            if files.texts.get(hint):  # a hint exists in some language, so it can be translated
                items.append(ContentItem(hint, "question-hint", group))
    countries = tuple(sorted({c.country for c in files.centres.values()}))
    step_items = [item for item in items if item.group.startswith("step/")]
    for item in step_items:  # the files' variants, each right after its default text
        at = items.index(item) + 1
        for country in reversed(countries):
            if files.texts.get(variant_key(item.key, country)):
                items.insert(at, replace(item, key=variant_key(item.key, country), country=country))
    for cid in sorted(files.centres):
        items += [
            ContentItem(help_key(cid, n), "centre-help", f"centre/{cid}")
            for n in range(1, STEP_COUNT + 1)
            if files.texts.get(help_key(cid, n))
        ]
    items += [ContentItem(sector_key(sid), "sector-name", "sectors") for sid in files.sectors]
    texts = {key: dict(by_lang) for key, by_lang in files.texts.items()}
    for kind in TEXT_KINDS:
        for key in framework.expected_keys(kind):
            item_key = text_key(kind, key)
            items.append(ContentItem(item_key, f"skills-{kind}", "skills"))
            for lang, lang_texts in framework.texts.items():
                value = lang_texts.get(kind, key)
                if value:
                    texts.setdefault(item_key, {})[lang] = value
    return Catalog(items={i.key: i for i in items}, texts=texts, files=files, countries=countries)


@lru_cache
def _cached_catalog(content_dir: Path) -> Catalog:
    return build_catalog(load_files(content_dir), load_framework(content_dir))


def get_catalog(content_dir: Path | None = None) -> Catalog:
    """The catalogue of the content folder (default: the settings' one), read once."""
    return _cached_catalog(Path(content_dir or get_settings().content_dir))


def default_source(_key: str) -> str:
    return DEFAULT_LOCALE
