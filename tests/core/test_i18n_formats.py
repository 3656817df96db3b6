"""Dates and times follow the centre's country, whatever the interface language: English at a UK centre is British
("29 November 2026", "23:20"), never American; a language with no conventions for that country keeps its own."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from guide.content.library import get_library
from guide.core import i18n

EVENING = datetime(2026, 11, 29, 23, 20, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _english_after():  # noqa: ANN202 - leave the request locale as the next test expects it
    yield
    i18n.set_locale(i18n.DEFAULT_LOCALE)


@pytest.mark.parametrize(("language", "country", "expected"), [
    ("en", "GB", "en_GB"), ("en", "BE", "en_BE"), ("fr", "BE", "fr_BE"), ("fr", "FR", "fr_FR"), ("nl", "BE", "nl_BE"),
    ("en", "gb", "en_GB"), ("nl", "FR", "nl"), ("fr", "GB", "fr"), ("en", "", "en"),
])
def test_the_format_locale_is_the_language_with_the_centres_country(language, country, expected):
    i18n.set_locale(language)
    assert i18n.format_locale(country) == expected


def test_english_at_a_uk_centre_writes_british_dates_and_times():
    i18n.set_locale("en")
    assert i18n.fmt_date(EVENING, "Europe/London", "GB") == "29 November 2026"
    assert i18n.fmt_time(EVENING, "Europe/London", "GB") == "23:20"
    assert i18n.fmt_month(EVENING, "Europe/London", "GB") == "November 2026"
    assert "23:20" in i18n.fmt_datetime(EVENING, "Europe/London", "GB")
    # without the country, Babel's English is American: what the people at the UK centres saw
    assert i18n.fmt_date(EVENING, "Europe/London") == "November 29, 2026"
    assert i18n.fmt_time(EVENING, "Europe/London") == "11:20\u202fPM"


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_every_centre_writes_day_month_year_and_a_24_hour_clock_in_every_language(language):
    i18n.set_locale(language)
    for centre in get_library().centres.values():
        date = i18n.fmt_date(EVENING, centre.timezone, centre.country)
        time = i18n.fmt_time(EVENING, centre.timezone, centre.country)
        assert re.fullmatch(r"(29|30) \w+ 2026", date), (centre.id, date)  # the day first; 30 just after midnight
        assert re.fullmatch(r"\d{2}:20", time), (centre.id, time)  # no AM / PM
