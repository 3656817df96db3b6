"""Between the database and the content/ files: `tensteps content export` and `tensteps content import`.

Export writes the published text of every item that has a revision back into its file, so improvements made in
the browser flow back into the repository; a country's variant goes to its variant file (steps/<lang>/<COUNTRY>/).
Only files with a changed text are rewritten (YAML comments in a rewritten file are not kept).
Import loads the files over the database after a change in the repository: each text that differs from the
published one becomes a new published revision (origin "import"), so history is kept. A translation seen for the
first time is recorded as made from the source the database had before the import: when the source changed in the
same import, the translation shows as needing review rather than silently up to date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml
from sqlmodel import Session

from guide.content.items import Catalog, ContentItem
from guide.content.library import STEP_COUNT, StepShape, help_key, parse_help, sector_key, split_variant, step_key
from guide.content.revisions import (
    ContentEditError,
    SourceSnapshot,
    head,
    published,
    published_texts,
    save,
    source_language,
    source_snapshot,
)
from guide.core.settings import get_settings
from guide.core.yamlfiles import load_yaml
from skills_audit.framework import parse_text_key


def _dump_yaml(data: object) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def _write(path: Path, text: str, written: list[Path]) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)


def export_to_files(db: Session, catalog: Catalog) -> list[Path]:
    """Write published revisions into the content folder the catalogue was read from; the files written."""
    content_dir = catalog.files.content_dir
    overrides = published_texts(db)
    written: list[Path] = []
    langs = sorted({lang for by_lang in overrides.values() for lang in by_lang})

    def text(key: str, lang: str) -> str | None:
        return (overrides.get(key) or {}).get(lang) or catalog.file_text(key, lang)

    def touched(keys: list[str], lang: str) -> bool:
        return any(lang in (overrides.get(k) or {}) for k in keys)

    listed = catalog.listed(overrides)  # with the variants added in the browser
    for lang in langs:
        for number, shape in sorted(catalog.files.steps.items()):
            for country in catalog.countries:
                _write_variant(content_dir, lang, number, shape, country, listed, overrides, text, touched, written)
            keys = [i.key for i in listed if i.key.startswith(f"step/{number}/") and not i.country]
            if not touched(keys, lang):
                continue
            path = content_dir / "steps" / lang / shape.filename
            meta = dict(frontmatter.load(path).metadata) if path.exists() else {}
            meta.update({"step": number, "slug": shape.slug})
            for part in ("title", "summary"):
                if text(step_key(number, part), lang):
                    meta[part] = text(step_key(number, part), lang)
            meta["checklist"] = {
                i: text(step_key(number, f"checklist/{i}"), lang)
                for i in shape.checklist
                if text(step_key(number, f"checklist/{i}"), lang)
            }
            questions = {}
            for qid in shape.questions:
                q = {p: text(step_key(number, f"question/{qid}/{p}"), lang) for p in ("label", "hint")}
                if q["label"]:
                    questions[qid] = {p: v for p, v in q.items() if v}
            meta["questions"] = questions
            body = text(step_key(number, "body"), lang) or ""
            _write(path, f"---\n{_dump_yaml(meta)}---\n{body}\n", written)
        for cid in catalog.files.centres:
            keys = [help_key(cid, n) for n in range(1, STEP_COUNT + 1)]
            if not touched(keys, lang):
                continue
            path = content_dir / "centres" / f"{cid}.{lang}.yml"
            data = (load_yaml(path.read_text(encoding="utf-8")) if path.exists() else None) or {}
            help_ = {}
            for n in range(1, STEP_COUNT + 1):
                value = text(help_key(cid, n), lang)
                if value:
                    help_[n] = [{"name": e.name, "text": e.text} for e in parse_help(value)]
            data["help"] = help_
            _write(path, _dump_yaml(data), written)
        sector_keys = [sector_key(s) for s in catalog.files.sectors]
        if touched(sector_keys, lang):
            path = content_dir / "sectors" / f"{lang}.yml"
            data = {s: text(sector_key(s), lang) for s in catalog.files.sectors if text(sector_key(s), lang)}
            _write(path, _dump_yaml(data), written)
        skills_keys = [k for k in catalog.items if k.startswith("skills/")]
        if touched(skills_keys, lang):
            path = content_dir / "skills" / f"{lang}.yml"
            data = {"scale": {}, "competences": {}, "statements": {}, "suggestions": {}}
            for key in skills_keys:
                value = text(key, lang)
                parsed = parse_text_key(key)
                if not value or parsed is None:
                    continue
                kind, sid = parsed
                if kind in ("names", "descriptions"):
                    data["competences"].setdefault(sid, {})["name" if kind == "names" else "description"] = value
                else:
                    data[kind][sid] = value
            _write(path, _dump_yaml({k: v for k, v in data.items() if v}), written)
    return written


def _write_variant(
    content_dir: Path,
    lang: str,
    number: int,
    shape: StepShape,
    country: str,
    listed: list[ContentItem],
    overrides: dict[str, dict[str, str]],
    text: Callable[[str, str], str | None],
    touched: Callable[[list[str], str], bool],
    written: list[Path],
) -> None:
    """A step's variant file for a country: only the texts that have a variant there, under the default's names."""
    keys = [i.key for i in listed if i.country == country and i.key.startswith(f"step/{number}/")]
    if not touched(keys, lang):
        return
    parts = {split_variant(k)[0][len(f"step/{number}/"):]: value for k in keys if (value := text(k, lang))}
    meta: dict[str, object] = {part: parts[part] for part in ("title", "summary") if part in parts}
    checklist = {i: parts[f"checklist/{i}"] for i in shape.checklist if f"checklist/{i}" in parts}
    if checklist:
        meta["checklist"] = checklist
    questions = {}
    for qid in shape.questions:
        q = {p: parts[f"question/{qid}/{p}"] for p in ("label", "hint") if f"question/{qid}/{p}" in parts}
        if q:
            questions[qid] = q
    if questions:
        meta["questions"] = questions
    head_ = f"---\n{_dump_yaml(meta)}---\n" if meta else "---\n---\n"
    body = parts.get("body", "")
    path = content_dir / "steps" / lang / country / shape.filename
    _write(path, head_ + (f"{body}\n" if body else ""), written)


@dataclass
class ImportReport:
    saved: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def import_from_files(db: Session, catalog: Catalog, author: str = "files") -> ImportReport:
    """Load the files' texts over the database as published revisions (see the module's notes)."""
    report = ImportReport()
    languages = list(get_settings().languages)
    for key in catalog.items:
        src = source_language(db, key)
        before = published(db, key, src)
        old_source = SourceSnapshot(src, before.id, before.text) if before else None
        order = [src] + [lang for lang in languages if lang != src]
        for lang in order:
            file_text = catalog.file_text(key, lang)
            if not file_text:
                continue
            current = published(db, key, lang)
            if current is not None and current.text == file_text.strip():
                report.unchanged += 1
                continue
            snapshot = None
            if lang != src:
                # never seen before: made from the source as the database knew it, else from today's source
                snapshot = old_source if current is None and old_source else source_snapshot(db, key, lang, catalog)
            latest = head(db, key, lang)
            try:
                save(db, key, lang, file_text, author, latest.id if latest else None, publish=True,
                     origin="import", source=snapshot, catalog=catalog)
            except ContentEditError as exc:
                report.errors.append(f"{key} [{lang}]: {exc.message}")
                continue
            report.saved += 1
    return report
