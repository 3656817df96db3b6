"""Keeping partners, regions and centres: checking what an admin typed, adding and changing (with a version check).
No web code; never commits. Every save bumps the content token, so every worker's library (start page, directory,
outreach, the audit's places) shows the change on its next look-up, without a restart."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import available_timezones

from babel import Locale, UnknownLocaleError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from guide.content.library import Centre, Library, region_country
from guide.content.revisions import bump_token
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.core.models import utcnow
from guide.journeys.models import Journey
from guide.places.models import PlaceCentre, PlacePartner, PlaceRegion

MAX_NAME = 120
MAX_ID = 64
MAX_NEIGHBOURHOOD = 80
MAX_NEIGHBOURHOODS = 40
MAX_LANGUAGES = 6
CENTRE_ID = re.compile(r"[a-z0-9][a-z0-9-]{1,62}")
REGION_CODE = re.compile(r"[A-Z]{2}[A-Z0-9]{0,5}")
COUNTRY = re.compile(r"[A-Z]{2}")
LANGUAGE = re.compile(r"[a-z]{2,3}")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

NAME_NEEDED = N_("Write the name in at least one language.")
NAME_TOO_LONG = N_("A name can have at most %(limit)s characters.")


class StalePlace(ValueError):
    """Someone else saved the place after the version the admin started from."""


@dataclass(frozen=True)
class PartnerInput:
    id: str = ""
    names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RegionInput:
    code: str = ""
    country: str = ""
    names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CentreInput:
    """A centre as typed (guide.places.forms reads it): lists as one text, split when checked."""

    id: str = ""
    partner: str = ""
    country: str = ""
    region: str = ""
    timezone: str = ""
    official_languages: str = ""  # "nl" or "fr, nl"
    learn_language: str = ""
    neighbourhoods: str = ""  # one per line
    names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CleanCentre:
    id: str
    partner: str
    country: str
    region: str
    timezone: str
    official_languages: tuple[str, ...]
    learn_language: str
    neighbourhoods: tuple[str, ...]
    names: dict[str, str]


@lru_cache(maxsize=1)
def time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_language(code: str) -> bool:
    """A language code Babel knows (CLDR): "nl", "fr", "ar"; not "xx" nor "english"."""
    if not LANGUAGE.fullmatch(code):
        return False
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _names(names: Mapping[str, str], errors: dict[str, Message]) -> dict[str, str]:
    clean = {lang: " ".join(name.split()) for lang, name in names.items() if name.strip()}
    for lang, name in clean.items():
        if len(name) > MAX_NAME:
            errors[f"name-{lang}"] = Message(NAME_TOO_LONG, {"limit": MAX_NAME})
    if not clean and names:
        errors[f"name-{next(iter(names))}"] = Message(NAME_NEEDED)
    return clean


def check_partner(typed: PartnerInput, library: Library, new: bool) -> tuple[str, dict[str, str]]:
    errors: dict[str, Message] = {}
    pid = " ".join(typed.id.split())
    if new:
        if not pid:
            errors["id"] = Message(N_("Write the partner's name as staff accounts name it, such as “Stad Kortrijk”."))
        elif len(pid) > MAX_ID or CONTROL.search(pid) or "/" in pid:
            errors["id"] = Message(N_("The partner's name can have at most %(limit)s characters, and no “/”."),
                                   {"limit": MAX_ID})
        elif pid in library.partners:
            errors["id"] = Message(N_("There is already a partner “%(id)s”."), {"id": pid})
    names = _names(typed.names, errors)
    if errors:
        raise Problems(errors)
    return pid, names


def check_region(typed: RegionInput, library: Library, new: bool) -> tuple[str, str, dict[str, str]]:
    errors: dict[str, Message] = {}
    code = typed.code.strip().upper()
    country = typed.country.strip().upper()
    if new:
        if not REGION_CODE.fullmatch(code):
            errors["code"] = Message(N_("Write the region's code: two letters, then up to five letters or digits, "
                                        "such as BE254."))
        elif code in library.regions:
            errors["code"] = Message(N_("There is already a region “%(code)s”."), {"code": code})
    if not COUNTRY.fullmatch(country):
        errors["country"] = Message(N_("Write the country's two-letter code, such as BE, FR or GB."))
    elif code and REGION_CODE.fullmatch(code) and region_country(code) != country:
        errors["country"] = Message(N_("The code %(code)s is a region of %(other)s, not of %(country)s."),
                                    {"code": code, "other": region_country(code), "country": country})
    names = _names(typed.names, errors)
    if errors:
        raise Problems(errors)
    return code, country, names


def _languages(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip().lower() for part in re.split(r"[,\s]+", value) if part.strip()))


def check_centre(typed: CentreInput, library: Library, partners: Sequence[str], new: bool) -> CleanCentre:
    """The centre as it will be stored, or Problems naming every field that will not do. `partners`: those the
    admin may give a centre to (their own; every one for an all-partners admin)."""
    errors: dict[str, Message] = {}
    cid = typed.id.strip().lower()
    if new:
        if not CENTRE_ID.fullmatch(cid):
            errors["id"] = Message(N_("Write a short id of lower-case letters, digits and hyphens, such as "
                                      "“kortrijk-noord”."))
        elif cid in library.centres:
            errors["id"] = Message(N_("There is already a centre “%(id)s”."), {"id": cid})
    if typed.partner not in partners:
        errors["partner"] = Message(N_("Choose one of the partners."))
    country = typed.country.strip().upper()
    if not COUNTRY.fullmatch(country):
        errors["country"] = Message(N_("Write the country's two-letter code, such as BE, FR or GB."))
    region_code = typed.region.strip().upper()
    region = library.regions.get(region_code)
    if region is None:
        errors["region"] = Message(N_("There is no region “%(code)s”. Choose one from the list, or add the region "
                                      "first."), {"code": typed.region.strip()[:20]})
    elif "country" not in errors and region.country != country:
        errors["region"] = Message(N_("The region %(code)s is in %(other)s, not in %(country)s."),
                                   {"code": region_code, "other": region.country, "country": country})
    zone = typed.timezone.strip()
    if zone not in time_zones():
        errors["timezone"] = Message(N_("There is no time zone “%(zone)s”. Write it as Europe/Brussels."),
                                     {"zone": zone[:40]})
    official = _languages(typed.official_languages)
    bad = [code for code in official if not is_language(code)]
    if not official or bad or len(official) > MAX_LANGUAGES:
        errors["official_languages"] = Message(N_("Write language codes separated by commas, such as “nl” or "
                                                  "“fr, nl”."))
    learn = typed.learn_language.strip().lower()
    if not is_language(learn):
        errors["learn_language"] = Message(N_("Write one language code, such as “nl”."))
    places = tuple(dict.fromkeys(" ".join(line.split()) for line in typed.neighbourhoods.splitlines()
                                 if line.strip()))
    if len(places) > MAX_NEIGHBOURHOODS or any(len(p) > MAX_NEIGHBOURHOOD or CONTROL.search(p) for p in places):
        errors["neighbourhoods"] = Message(N_("Write at most %(count)s neighbourhoods, one per line, each at most "
                                              "%(limit)s characters."),
                                           {"count": MAX_NEIGHBOURHOODS, "limit": MAX_NEIGHBOURHOOD})
    names = _names(typed.names, errors)
    if errors:
        raise Problems(errors)
    return CleanCentre(cid, typed.partner, country, region_code, zone, official, learn, places, names)


# --- saving -------------------------------------------------------------------------------------------------------


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=isinstance(value, dict))


def _duplicate(name: str, message: str, value: str) -> Problems:
    return Problems({name: Message(message, {name: value})})


def _based(row: PlaceCentre | PlaceRegion | PlacePartner | None, based_on: int) -> int:
    """The next version, when `based_on` is the saved one (0: the file's place, no row yet); else StalePlace."""
    saved = row.version if row is not None else 0
    if saved != based_on:
        raise StalePlace(saved)
    return saved + 1


def _store(db: Session, row: PlaceCentre | PlaceRegion | PlacePartner, conflict: Exception) -> None:
    """Insert or update in a savepoint: the second of two inserts (two admins from a file's version) is refused."""
    try:
        with db.begin_nested():
            db.add(row)
            db.flush()
    except IntegrityError:
        raise conflict from None
    bump_token(db)


def save_partner(db: Session, pid: str, names: dict[str, str], based_on: int | None, author: str) -> None:
    """Add a partner (`based_on` None) or change one from the version the admin started from."""
    row = db.get(PlacePartner, pid, with_for_update=True)
    if based_on is None and row is not None:
        raise _duplicate("id", N_("There is already a partner “%(id)s”."), pid)
    version = _based(row, based_on or 0)
    row = row or PlacePartner(id=pid, updated_by=author)
    row.names, row.version, row.updated_by, row.updated_at = _dumps(names), version, author, utcnow()
    _store(db, row, StalePlace(version) if based_on is not None else
           _duplicate("id", N_("There is already a partner “%(id)s”."), pid))


def save_region(db: Session, code: str, country: str, names: dict[str, str], based_on: int | None,
                author: str) -> None:
    row = db.get(PlaceRegion, code, with_for_update=True)
    if based_on is None and row is not None:
        raise _duplicate("code", N_("There is already a region “%(code)s”."), code)
    version = _based(row, based_on or 0)
    row = row or PlaceRegion(code=code, country=country, updated_by=author)
    row.country, row.names, row.version = country, _dumps(names), version
    row.updated_by, row.updated_at = author, utcnow()
    _store(db, row, StalePlace(version) if based_on is not None else
           _duplicate("code", N_("There is already a region “%(code)s”."), code))


def save_centre(db: Session, clean: CleanCentre, based_on: int | None, author: str) -> None:
    row = db.get(PlaceCentre, clean.id, with_for_update=True)
    if based_on is None and row is not None:
        raise _duplicate("id", N_("There is already a centre “%(id)s”."), clean.id)
    version = _based(row, based_on or 0)
    row = row or PlaceCentre(id=clean.id, partner=clean.partner, country=clean.country, region=clean.region,
                             timezone=clean.timezone, learn_language=clean.learn_language, updated_by=author)
    row.partner, row.country, row.region, row.timezone = clean.partner, clean.country, clean.region, clean.timezone
    row.official_languages, row.learn_language = _dumps(list(clean.official_languages)), clean.learn_language
    row.neighbourhoods, row.names = _dumps(list(clean.neighbourhoods)), _dumps(clean.names)
    row.version, row.updated_by, row.updated_at = version, author, utcnow()
    _store(db, row, StalePlace(version) if based_on is not None else
           _duplicate("id", N_("There is already a centre “%(id)s”."), clean.id))


# --- a job seeker's neighbourhood -----------------------------------------------------------------------------------


def check_neighbourhood(typed: str, centre: Centre) -> str:
    """One of the centre's neighbourhoods, or "" (“I'd rather not say”); Problems for anything else."""
    if typed and typed not in centre.neighbourhoods:
        raise Problems({"neighbourhood": Message(N_("Choose your neighbourhood from the list, or “I’d rather not "
                                                    "say”."))})
    return typed


def set_neighbourhood(db: Session, journey: Journey, neighbourhood: str) -> None:
    """Record (or change, or clear with "") the neighbourhood the person said; checked by check_neighbourhood."""
    journey.neighbourhood = neighbourhood
    db.add(journey)
