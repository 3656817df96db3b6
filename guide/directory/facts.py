"""The directory's lists and the checks of its facts: kinds, themes, languages, phone numbers, web addresses and
opening hours. No database, no web code."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from guide.barriers.service import THEME_IDS
from guide.core.i18n import N_

SERVICES = ("childcare", "debt_advice", "housing", "health", "language_course", "digital_help", "driving_lessons",
            "employment_service")
OPPORTUNITIES = ("volunteering", "work_experience", "training", "social_economy", "job_club")
OTHER = "other"  # what an entry imported from the old "help near you" texts is until an editor says
KINDS = (*SERVICES, *OPPORTUNITIES, OTHER)
KIND_WORDS = {
    "childcare": N_("Childcare"),
    "debt_advice": N_("Debt advice"),
    "housing": N_("Housing"),
    "health": N_("Health"),
    "language_course": N_("Language course"),
    "digital_help": N_("Help with computers and phones"),
    "driving_lessons": N_("Driving lessons"),
    "employment_service": N_("Employment service"),
    "volunteering": N_("Volunteering"),
    "work_experience": N_("Work experience"),
    "training": N_("Training"),
    "social_economy": N_("Social economy employer"),
    "job_club": N_("Job club"),
    "other": N_("Other help"),
}
THEMES = THEME_IDS
STEPS = tuple(range(1, 11))
# Languages a service can say it speaks: the guide's, and those most spoken by the people the centres see.
LANGUAGES = ("nl", "fr", "en", "ar", "tr", "pl", "ro", "bg", "es", "pt", "it", "de", "ru", "uk", "fa", "ps", "so",
             "ti", "am", "ku")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_WORDS = {
    "mon": N_("Monday"), "tue": N_("Tuesday"), "wed": N_("Wednesday"), "thu": N_("Thursday"),
    "fri": N_("Friday"), "sat": N_("Saturday"), "sun": N_("Sunday"),
}
MAX_NAME, MAX_TEXT, MAX_LINE, MAX_URL, MAX_HOURS = 120, 1000, 200, 300, 100

Hours = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]

_TIME = r"([01]?\d|2[0-3])(?:[:.h]([0-5]\d))?"
_SPAN = re.compile(rf"^\s*{_TIME}\s*[-–—]\s*{_TIME}\s*$")


class BadFact(ValueError):
    """A fact that will not do; the message id says why (guide.directory.service words it)."""


def normalise_phone(typed: str, country: str) -> str:
    """A phone number as dialled in the centre's country (or with +), in E.164; BadFact when it is no number there."""
    import phonenumbers  # here, not at every start of the app (issue 20)
    try:
        number = phonenumbers.parse(typed, country or None)
    except phonenumbers.NumberParseException:
        raise BadFact(typed) from None
    if not phonenumbers.is_valid_number(number):
        raise BadFact(typed)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(e164: str, country: str) -> str:
    """A stored number as people read it: nationally in the centre's country, internationally from abroad."""
    if not e164:
        return ""
    import phonenumbers  # here, not at every start of the app (issue 20)
    number = phonenumbers.parse(e164, None)
    same = phonenumbers.region_code_for_number(number) == country
    fmt = phonenumbers.PhoneNumberFormat.NATIONAL if same else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, fmt)


def example_phone(country: str) -> str:
    import phonenumbers  # here, not at every start of the app (issue 20)
    number = phonenumbers.example_number(country) if country else None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL) if number else "+32 56 27 74 00"


def check_website(typed: str) -> str:
    """An http or https address with a host name; BadFact otherwise."""
    value = typed.strip()
    if len(value) > MAX_URL or any(c.isspace() or ord(c) < 32 for c in value):
        raise BadFact(value)
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise BadFact(value) from None
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or "." not in host or host.startswith(".") or host.endswith("."):
        raise BadFact(value)
    if parts.username or parts.password or (port is not None and not 0 < port < 65536):
        raise BadFact(value)
    if not re.fullmatch(r"[a-z0-9.-]+", host):
        raise BadFact(value)
    return value


def parse_day(typed: str) -> tuple[tuple[str, str], ...]:
    """One day's hours, "09:00-12:00, 13:30-17:00" (or "9-12"), as ((from, to), …); () for a closed day."""
    spans: list[tuple[str, str]] = []
    for part in (p for p in re.split(r"[,;/]| and | et | en ", typed) if p.strip()):
        match = _SPAN.match(part)
        if not match:
            raise BadFact(typed)
        h1, m1, h2, m2 = match.groups()
        start, end = f"{int(h1):02d}:{m1 or '00'}", f"{int(h2):02d}:{m2 or '00'}"
        if end <= start or (spans and start < spans[-1][1]):
            raise BadFact(typed)
        spans.append((start, end))
    return tuple(spans)


def format_hours(hours: Hours) -> str:
    """The stored form: "mon 09:00-12:00,13:30-17:00;tue 09:00-12:00"."""
    return ";".join(f"{day} " + ",".join(f"{a}-{b}" for a, b in spans) for day, spans in hours if spans)


def parse_hours(stored: str) -> Hours:
    """The inverse of format_hours (a stored text is never bad; a part that does not parse is left out)."""
    out = []
    for part in stored.split(";"):
        day, _sep, spans = part.strip().partition(" ")
        if day in WEEKDAYS:
            try:
                out.append((day, parse_day(spans)))
            except BadFact:
                continue
    return tuple(out)


def day_fields(hours: Hours) -> dict[str, str]:
    """weekday -> the hours as the form shows them."""
    by_day = dict(hours)
    return {day: ", ".join(f"{a}-{b}" for a, b in by_day.get(day, ())) for day in WEEKDAYS}


def check_hours(typed: Mapping[str, str]) -> tuple[Hours, list[str]]:
    """The week's hours from the form's days, and the days that do not read as hours."""
    out, bad = [], []
    for day in WEEKDAYS:
        value = typed.get(day, "").strip()
        if not value:
            continue
        try:
            spans = parse_day(value) if len(value) <= MAX_HOURS else None
        except BadFact:
            spans = None
        if spans is None:
            bad.append(day)
        elif spans:
            out.append((day, spans))
    return tuple(out), bad


def split_list(stored: str) -> tuple[str, ...]:
    return tuple(v for v in stored.split(",") if v)
