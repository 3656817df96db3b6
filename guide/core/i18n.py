"""Request-scoped translations: the locale lives in a ContextVar set per request, never in a global."""

from __future__ import annotations

import io
from contextvars import ContextVar
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale, localedata
from babel.dates import format_date, format_datetime, format_skeleton, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from guide.core.settings import get_settings

DEFAULT_LOCALE = "en"
_current_locale: ContextVar[str] = ContextVar("tensteps_locale", default=DEFAULT_LOCALE)


def available_locales() -> tuple[str, ...]:
    return tuple(get_settings().languages)


def set_locale(locale: str) -> None:
    _current_locale.set(locale)


def get_locale() -> str:
    return _current_locale.get()


@lru_cache
def _translations(locales_dir: Path, locale: str) -> NullTranslations:
    """Compile the .po catalogue in memory once per process, so no .mo file has to be built or committed."""
    po = locales_dir / locale / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=locale)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(fp=buf)


_by_locale: dict[str, NullTranslations] = {}


def translations(locale: str | None = None) -> NullTranslations:
    """The catalogue of a locale; compiled once per process (read-only data, the same in every worker)."""
    code = locale or _current_locale.get()
    found = _by_locale.get(code)
    if found is None:
        found = _by_locale[code] = _translations(get_settings().locales_dir, code)
    return found


def gettext(message: str, **variables: object) -> str:
    text = translations().gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
    text = translations().ngettext(singular, plural, n)
    variables.setdefault("num", n)
    return text % variables


_ = gettext


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    return message


def Np_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - like N_, for a text with a plural
    """Mark a text with a plural form, to be looked up later with ngettext (locales/update.py extracts it as one
    plural entry: marking the two forms with N_ would make two separate entries that ngettext never finds)."""
    return singular, plural


@lru_cache
def language_name(code: str) -> str:
    """A language named in itself ("Nederlands", "Français"), from the CLDR data in Babel."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def language_label(code: str) -> str:
    """A language named in the language of the request ("French" on an English page, "Frans" on a Dutch one)."""
    return _language_in(code, get_locale())


def language_in_text(code: str) -> str:
    """A language named mid-sentence in the language of the request, as that language writes it there: "anglais" in
    French, "Engels" in Dutch. Sentences name it through a placeholder with no article glued on (never "le %s")."""
    return _language_in_text(code, get_locale())


@lru_cache
def _language_in_text(code: str, locale: str) -> str:
    return Locale.parse(code).get_display_name(locale) or code


@lru_cache
def _language_in(code: str, locale: str) -> str:
    name = Locale.parse(code).get_display_name(locale) or code
    return name[:1].upper() + name[1:]


@lru_cache
@lru_cache
def text_direction(code: str) -> str:
    return Locale.parse(code).text_direction


def format_locale(country: str = "") -> str:
    """The locale dates and times are written in: the page's language with the conventions of the centre's country
    (en_GB "29 November 2026, 23:20" where en alone is American, fr_BE, nl_BE …), whatever the interface language.
    A pair CLDR does not know (nl_FR) keeps the language's own conventions."""
    return _format_locale(get_locale(), country)


@lru_cache
def _format_locale(language: str, country: str) -> str:
    if country:
        candidate = f"{language}_{country.upper()}"
        if localedata.exists(candidate):
            return candidate
    return language


def fmt_date(value: datetime, tz: str = "UTC", country: str = "") -> str:
    return format_date(value.astimezone(ZoneInfo(tz)), format="long", locale=format_locale(country))


def fmt_month(value: datetime, tz: str = "UTC", country: str = "") -> str:
    """Month and year in the locale's own order and words ("maart 2026", "March 2026"): "than in March"."""
    return format_skeleton("yMMMM", value.astimezone(ZoneInfo(tz)), locale=format_locale(country))


def fmt_datetime(value: datetime, tz: str = "UTC", country: str = "") -> str:
    return format_datetime(value, format="medium", tzinfo=ZoneInfo(tz), locale=format_locale(country))


def fmt_time(value: datetime, tz: str = "UTC", country: str = "") -> str:
    # The short format has no seconds, and every step page shows one such time ("Saved at 14:05"): formatting
    # it once per minute, place and language is enough.
    return _short_time(value.replace(second=0, microsecond=0), tz, format_locale(country))


@lru_cache(maxsize=4096)
def _short_time(value: datetime, tz: str, locale: str) -> str:
    return format_time(value, format="short", tzinfo=ZoneInfo(tz), locale=locale)


def fmt_number(value: float) -> str:
    return format_decimal(value, locale=get_locale())
