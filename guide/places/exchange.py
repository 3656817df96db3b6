"""Admins' centres and regions back to the content/ files (`tensteps content export`), so what was added in the
browser can be committed: content/centres/<id>.yml (facts), the name in <id>.<lang>.yml (its description and help
kept), and content/audit/regions.yml. Partners have no file: a centre's facts name its partner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, col, select

from guide.core.yamlfiles import load_yaml
from guide.places.models import PlaceCentre, PlaceRegion
from guide.places.queries import centre_of, json_names


def _write(path: Path, text: str, written: list[Path]) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)


def _dump(data: object) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def export_places(db: Session, content_dir: Path) -> list[Path]:
    """The database's centres and regions into the files; the files whose text changed."""
    written: list[Path] = []
    for row in db.exec(select(PlaceCentre).order_by(col(PlaceCentre.id))):
        centre = centre_of(row)
        facts = {"id": centre.id, "partner": centre.partner, "country": centre.country,
                 "default_language": centre.default_language, "region": centre.region, "timezone": centre.timezone,
                 "official_languages": list(centre.official_languages), "learn_language": centre.learn_language,
                 "neighbourhoods": list(centre.neighbourhoods)}
        _write(content_dir / "centres" / f"{centre.id}.yml",
               "# Written by `tensteps content export` from the admins' pages.\n" + _dump(facts), written)
        for lang, name in sorted(centre.names.items()):
            path = content_dir / "centres" / f"{centre.id}.{lang}.yml"
            data: dict[str, Any] = (load_yaml(path.read_text(encoding="utf-8")) or {}) if path.exists() else {}
            _write(path, _dump({**data, "name": name}), written)
    regions = list(db.exec(select(PlaceRegion).order_by(col(PlaceRegion.code))))
    if regions:
        path = content_dir / "audit" / "regions.yml"
        data = (load_yaml(path.read_text(encoding="utf-8")) or {}) if path.exists() else {}
        data.update({r.code: json_names(r.names) for r in regions})
        _write(path, "# The partner regions by NUTS code, with their names in each language; written by `tensteps "
                     "content export`.\n" + _dump(data), written)
    return written
