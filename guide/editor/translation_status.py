"""Translation status of every content item in every language: missing, needs review, up to date.

A translation is up to date when the source text it was made from is the source text now. A published revision
records that source (its hash and text). A text that only the files hold is taken to be made from the files' source
text, since the files are committed together; it needs review as soon as the source is changed in the browser.

A country's variant of a step text is an item like any other, listed under its default text, in the languages that
have a variant; a language without one reads its own default there (NO_VARIANT: nothing is missing, nothing to
translate, and not counted).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from guide.content.items import Catalog, get_catalog
from guide.content.models import ContentRevision
from guide.content.revisions import DRAFT, PUBLISHED, source_languages, text_hash
from guide.core.settings import get_settings

MISSING = "missing"
NEEDS_REVIEW = "needs_review"
UP_TO_DATE = "up_to_date"
NO_VARIANT = "no_variant"


@dataclass(frozen=True)
class ItemStatus:
    key: str
    locale: str
    status: str  # missing | needs_review | up_to_date | no_variant (a variant this language has not: its default)
    is_source: bool  # this language is the item's source
    source_locale: str
    text: str | None  # what job seekers read in this language (None: missing, they read the source)
    source_text: str | None  # the source text now
    old_source_text: str | None  # the source text the translation was made from (for needs review)
    has_draft: bool  # a draft newer than the published text waits


@dataclass(frozen=True)
class LanguageSummary:
    locale: str
    total: int
    up_to_date: int
    needs_review: int
    missing: int


def _latest(db: Session, status: str | None) -> dict[tuple[str, str], ContentRevision]:
    query = select(func.max(col(ContentRevision.id)).label("id"))
    if status:
        query = query.where(col(ContentRevision.status) == status)
    latest = query.group_by(col(ContentRevision.item_key), col(ContentRevision.locale)).subquery()
    rows = db.exec(select(ContentRevision).join(latest, col(ContentRevision.id) == latest.c.id))
    return {(r.item_key, r.locale): r for r in rows}


def statuses(
    db: Session, languages: list[str] | None = None, catalog: Catalog | None = None, also: Iterable[str] = ()
) -> list[ItemStatus]:
    """Every item × language, in the catalogue's order; three queries whatever the number of items. `also`: a
    variant to list even when it has no text anywhere yet (the one an editor is adding)."""
    catalog = catalog or get_catalog()
    languages = languages or list(get_settings().languages)
    published = _latest(db, PUBLISHED)
    heads = _latest(db, None)
    sources = source_languages(db)
    out = []
    for item in catalog.listed([*(key for key, _lang in heads), *also]):
        key = item.key
        src = sources.get(key, "en")
        src_rev = published.get((key, src))
        source_now = src_rev.text if src_rev else catalog.file_text(key, src)
        for lang in languages:
            revision = published.get((key, lang))
            text = revision.text if revision else catalog.file_text(key, lang)
            head = heads.get((key, lang))
            has_draft = head is not None and head.status == DRAFT
            old_source = None
            if item.country and text is None:  # no variant in this language: its default is what people read there
                status = NO_VARIANT
            elif lang == src or source_now is None:
                status = UP_TO_DATE if text else MISSING
            elif text is None:
                status = MISSING
            else:
                made_from_hash: str | None
                if revision is not None and revision.source_hash is not None:
                    made_from_hash, old_source = revision.source_hash, revision.source_text
                elif revision is None:  # the files' translation, of the files' source
                    old_source = catalog.file_text(key, src)
                    made_from_hash = text_hash(old_source) if old_source is not None else None
                else:  # saved while this language was the source: not made from the present one
                    made_from_hash = None
                status = UP_TO_DATE if made_from_hash == text_hash(source_now) else NEEDS_REVIEW
            out.append(
                ItemStatus(
                    key=key,
                    locale=lang,
                    status=status,
                    is_source=lang == src,
                    source_locale=src,
                    text=text,
                    source_text=source_now,
                    old_source_text=old_source if status == NEEDS_REVIEW else None,
                    has_draft=has_draft,
                )
            )
    return out


def summarise(items: list[ItemStatus]) -> list[LanguageSummary]:
    """Counts per language ("French: 212 of 230 up to date, 12 need review, 6 missing")."""
    by_lang: dict[str, list[ItemStatus]] = {}
    for item in items:
        by_lang.setdefault(item.locale, [])
        if item.status != NO_VARIANT:  # the language's default is read there: nothing to count
            by_lang[item.locale].append(item)
    return [
        LanguageSummary(
            locale=lang,
            total=len(group),
            up_to_date=sum(i.status == UP_TO_DATE for i in group),
            needs_review=sum(i.status == NEEDS_REVIEW for i in group),
            missing=sum(i.status == MISSING for i in group),
        )
        for lang, group in by_lang.items()
    ]
