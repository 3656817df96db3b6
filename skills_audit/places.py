"""Where and in what the audit groups people: centres, the partners and regions they belong to, and sectors.

Plain data built from the guide's content (content/centres/, content/sectors/), which the guide reads and hands in
(`places_from_content`; the app's are guide.audit_pages.places.get_places), and content/audit/regions.yml (the
regions' names). Every function of the audit takes a `Places`, so tests can pass a small one of their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from guide.core.i18n import DEFAULT_LOCALE
from guide.core.yamlfiles import load_yaml

NO_SECTOR = ""  # journeys that chose no sector in step 3 are grouped under this key


@dataclass(frozen=True)
class CentrePlace:
    id: str
    partner: str
    region: str  # NUTS code
    country: str
    names: dict[str, str] = field(default_factory=dict)
    neighbourhoods: tuple[str, ...] = ()  # where the centre has some: journeys may name one


@dataclass(frozen=True)
class SectorInfo:
    id: str
    nace: str  # NACE Rev. 2 section letter; "" for "something else"
    names: dict[str, str] = field(default_factory=dict)

    def name(self, locale: str) -> str:
        return self.names.get(locale) or self.names.get(DEFAULT_LOCALE) or self.id


@dataclass(frozen=True)
class Places:
    centres: dict[str, CentrePlace]
    sectors: dict[str, SectorInfo]
    region_names: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> locale -> name

    # --- regions and partners ---

    def regions(self) -> tuple[str, ...]:
        """The partner regions: every centre's region, sorted by code."""
        return tuple(sorted({c.region for c in self.centres.values() if c.region}))

    def partners(self) -> tuple[str, ...]:
        return tuple(sorted({c.partner for c in self.centres.values()}))

    def centres_in_region(self, region: str) -> tuple[str, ...]:
        return tuple(sorted(c.id for c in self.centres.values() if c.region == region))

    def centres_of_partner(self, partner: str) -> tuple[str, ...]:
        return tuple(sorted(c.id for c in self.centres.values() if c.partner == partner))

    def centre_name(self, centre: str, locale: str) -> str:
        info = self.centres.get(centre)
        names = info.names if info else {}
        return names.get(locale) or names.get(DEFAULT_LOCALE) or centre

    def region_name(self, region: str, locale: str) -> str:
        names = self.region_names.get(region, {})
        return names.get(locale) or names.get(DEFAULT_LOCALE) or region

    def resolve_region(self, value: str) -> str | None:
        """A region's code from what a person typed ("be254", " BE254 "); None when it is not a partner region."""
        wanted = value.strip().upper()
        return wanted if wanted in self.regions() else None

    # --- sectors ---

    def auditable_sectors(self) -> tuple[str, ...]:
        """Sectors employers can be surveyed in: those with a NACE section (not "something else")."""
        return tuple(s.id for s in self.sectors.values() if s.nace)

    def resolve_sector(self, value: str) -> str | None:
        """A sector id from its id ("care") or its NACE section ("Q"), any case; None when unknown."""
        text = value.strip()
        if text in self.sectors:
            return text
        for sector in self.sectors.values():
            if sector.nace and (text.upper() == sector.nace or text.lower() == sector.id):
                return sector.id
        return None

    def sector_name(self, sector: str, locale: str) -> str:
        info = self.sectors.get(sector)
        return info.name(locale) if info else sector


class _Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def names(self) -> Mapping[str, str]: ...  # locale -> name


class CentreFacts(_Named, Protocol):
    """What the audit reads of one of the guide's centres (guide.content.library.Centre has it)."""

    @property
    def partner(self) -> str: ...
    @property
    def region(self) -> str: ...
    @property
    def country(self) -> str: ...
    @property
    def neighbourhoods(self) -> tuple[str, ...]: ...


class SectorFacts(_Named, Protocol):
    """What the audit reads of one of the guide's sectors (guide.content.library.Sector has it)."""

    @property
    def nace(self) -> str: ...


def places_from_content(
    centres: Iterable[CentreFacts],
    sectors: Iterable[SectorFacts],
    region_names: dict[str, dict[str, str]] | None = None,
) -> Places:
    """The places of the guide's centres and sectors (and the regions' names, `load_region_names`)."""
    return Places(
        centres={
            c.id: CentrePlace(id=c.id, partner=c.partner, region=c.region, country=c.country, names=dict(c.names),
                              neighbourhoods=tuple(c.neighbourhoods))
            for c in centres
        },
        sectors={s.id: SectorInfo(id=s.id, nace=s.nace, names=dict(s.names)) for s in sectors},
        region_names=region_names or {},
    )


def load_region_names(content_dir: Path) -> dict[str, dict[str, str]]:
    path = content_dir / "audit" / "regions.yml"
    if not path.exists():
        return {}
    data = load_yaml(path.read_text(encoding="utf-8")) or {}
    return {str(code): {str(lang): str(name) for lang, name in (names or {}).items()} for code, names in data.items()}
