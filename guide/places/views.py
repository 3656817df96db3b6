"""The places' pages as views: the admins' lists, and the forms for a partner, a region and a centre."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from guide.content.library import Centre, Library
from guide.core import i18n
from guide.places.service import CentreInput, PartnerInput, RegionInput

NOTICES = {
    "added": i18n.N_("It is added. Job seekers and staff see it now."),
    "saved": i18n.N_("Your changes are saved. Job seekers and staff see them now."),
}
CONFLICT = i18n.N_("Someone else saved this while you were changing it. What you typed is kept below; compare it "
                   "with the saved version (open it in a new tab), then save again to keep yours.")


def notice(done: str) -> str:
    return i18n.gettext(NOTICES[done]) if done in NOTICES else ""


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    details: str  # a partner's or a country's words beside the name
    edit_url: str  # "" when the admin may not change it


@dataclass(frozen=True)
class HomePage:
    centres: tuple[Row, ...]
    regions: tuple[Row, ...]
    partners: tuple[Row, ...]
    may_add_centre: bool
    all_partners: bool  # may add and change regions and partners
    notice: str = ""


def centre_row(centre: Centre, library: Library, locale: str, edit_url: str) -> Row:
    region = library.regions.get(centre.region)
    words = i18n.gettext("%(partner)s · %(region)s (%(code)s), %(country)s", partner=centre.partner,
                         region=region.name(locale) if region else centre.region, code=centre.region,
                         country=centre.country)
    return Row(centre.id, centre.name(locale), words, edit_url)


def languages(locale_names: Sequence[str]) -> list[tuple[str, str]]:
    """(code, "Name: Nederlands") for each of the guide's languages, a name field per line."""
    return [(lang, i18n.gettext("Name in %(language)s", language=i18n.language_label(lang))) for lang in locale_names]


Typed = PartnerInput | RegionInput | CentreInput


@dataclass(frozen=True)
class FormPage:
    """One form for a partner, a region or a centre: new when `version` is None."""

    kind: str  # "partner" | "region" | "centre"
    action: str
    typed: Typed
    names: list[tuple[str, str]]
    version: int | None = None
    partners: list[tuple[str, str]] = field(default_factory=list)  # a centre's choice of partner
    regions: str = ""  # the regions' codes and names, as a hint
    errors: Mapping[str, str] = field(default_factory=dict)
    conflict: str = ""
    notice: str = ""


def centre_typed(centre: Centre) -> CentreInput:
    return CentreInput(
        id=centre.id, partner=centre.partner, country=centre.country, region=centre.region,
        timezone=centre.timezone, official_languages=", ".join(centre.official_languages),
        learn_language=centre.learn_language, neighbourhoods="\n".join(centre.neighbourhoods),
        names=dict(centre.names),
    )


def regions_hint(library: Library, locale: str) -> str:
    listed = ", ".join(f"{code} ({r.name(locale)})" for code, r in sorted(library.regions.items()))
    return i18n.gettext("The region's code, one of: %(regions)s.", regions=listed)


def neighbourhood_options(centre: Centre) -> list[tuple[str, str]]:
    """The centre's neighbourhoods (place names, the same in every language), then “I'd rather not say”."""
    return [*((n, n) for n in centre.neighbourhoods), ("", i18n.gettext("I’d rather not say"))]


@dataclass(frozen=True)
class NeighbourhoodPage:
    """The job seeker's question: which neighbourhood (optional)."""

    options: Sequence[tuple[str, str]]
    chosen: str
    errors: Mapping[str, str] = field(default_factory=dict)
