"""The places' forms, read: a partner, a region or a centre as typed, and the version an admin started from
(guide.places.service checks them)."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.datastructures import FormData

from guide.places.service import (
    MAX_ID,
    MAX_NAME,
    MAX_NEIGHBOURHOOD,
    MAX_NEIGHBOURHOODS,
    CentreInput,
    PartnerInput,
    RegionInput,
)
from guide.web.forms import text, version

SHORT = 80  # codes and zones: a little over what any is, so a message can show what was typed


def _names(form: FormData, languages: Sequence[str]) -> dict[str, str]:
    return {lang: text(form, f"name-{lang}", MAX_NAME + 1) for lang in languages}


def read_partner(form: FormData, languages: Sequence[str]) -> PartnerInput:
    return PartnerInput(id=text(form, "id", MAX_ID + 1), names=_names(form, languages))


def read_region(form: FormData, languages: Sequence[str]) -> RegionInput:
    return RegionInput(code=text(form, "code", SHORT), country=text(form, "country", SHORT),
                       names=_names(form, languages))


def read_centre(form: FormData, languages: Sequence[str]) -> CentreInput:
    return CentreInput(
        id=text(form, "id", MAX_ID + 1),
        partner=text(form, "partner", MAX_ID + 1),
        country=text(form, "country", SHORT),
        region=text(form, "region", SHORT),
        timezone=text(form, "timezone", SHORT),
        official_languages=text(form, "official_languages", SHORT),
        learn_language=text(form, "learn_language", SHORT),
        neighbourhoods=text(form, "neighbourhoods", (MAX_NEIGHBOURHOOD + 2) * (MAX_NEIGHBOURHOODS + 1)),
        names=_names(form, languages),
    )


def read_version(form: FormData) -> int:
    """The version the admin started from (0: a file's place, no row yet)."""
    return version(form)


def read_neighbourhood(form: FormData) -> str:
    return text(form, "neighbourhood", MAX_NEIGHBOURHOOD + 1)
