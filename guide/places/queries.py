"""Reading the places tables into the library's shapes (guide.content.library): the content overlay's."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from guide.content.library import Centre, Partner, PlaceRows, Region
from guide.core.i18n import DEFAULT_LOCALE
from guide.core.settings import get_settings
from guide.places.models import PlaceCentre, PlacePartner, PlaceRegion


def json_names(value: str) -> dict[str, str]:
    data = json.loads(value or "{}")
    return {str(k): str(v) for k, v in data.items() if str(v).strip()} if isinstance(data, dict) else {}


def json_list(value: str) -> tuple[str, ...]:
    data = json.loads(value or "[]")
    return tuple(str(v) for v in data) if isinstance(data, list) else ()


def default_language(official: tuple[str, ...]) -> str:
    """The language a centre's pages fall back on: its first official language the guide has, else English."""
    return next((lang for lang in official if lang in get_settings().languages), DEFAULT_LOCALE)


def centre_of(row: PlaceCentre) -> Centre:
    official = json_list(row.official_languages)
    return Centre(
        id=row.id, partner=row.partner, country=row.country, default_language=default_language(official),
        region=row.region, timezone=row.timezone, names=json_names(row.names),
        neighbourhoods=json_list(row.neighbourhoods), official_languages=official, learn_language=row.learn_language,
    )


def place_rows(db: Session) -> PlaceRows:
    return PlaceRows(
        partners={p.id: Partner(p.id, json_names(p.names)) for p in db.exec(select(PlacePartner))},
        regions={r.code: Region(r.code, r.country, json_names(r.names)) for r in db.exec(select(PlaceRegion))},
        centres={c.id: centre_of(c) for c in db.exec(select(PlaceCentre))},
    )

