"""The directory's checks of facts: phone numbers for the centre's country, web addresses, opening hours."""

from __future__ import annotations

import pytest

from guide.directory.facts import (
    BadFact,
    check_hours,
    check_website,
    format_hours,
    normalise_phone,
    parse_hours,
    phone_display,
)


@pytest.mark.parametrize(("typed", "country", "e164"), [
    ("056 27 74 00", "BE", "+3256277400"),
    ("+32 56 27 74 00", "FR", "+3256277400"),  # written with its country: wherever the centre is
    ("03 28 21 47 00", "FR", "+33328214700"),
    ("01634 306000", "GB", "+441634306000"),
])
def test_a_phone_number_is_read_for_the_centres_country_and_stored_as_e164(typed, country, e164):
    assert normalise_phone(typed, country) == e164


@pytest.mark.parametrize("typed", ["12", "call us", "056 27 74", "+99 1234 5678", "0800-FLOWERS-now-please"])
def test_what_is_no_phone_number_there_is_refused(typed):
    with pytest.raises(BadFact):
        normalise_phone(typed, "BE")


def test_a_number_shows_nationally_at_home_and_internationally_abroad():
    assert phone_display("+3256277400", "BE") == "056 27 74 00"
    assert phone_display("+3256277400", "FR") == "+32 56 27 74 00"


@pytest.mark.parametrize("typed", ["https://www.vdab.be", "http://example.org/a?b=c", "https://kortrijk.be:8443/x"])
def test_web_addresses_over_http_and_https_are_kept(typed):
    assert check_website(typed) == typed


@pytest.mark.parametrize("typed", ["www.vdab.be", "javascript:alert(1)", "ftp://example.org", "https://localhost",
                                   "https://exa mple.org", "https://user:pw@example.org", "https://example.org:99999",
                                   "https://.org", "https://example.org/\x00a"])
def test_other_addresses_are_refused(typed):
    with pytest.raises(BadFact):
        check_website(typed)


def test_hours_are_read_per_day_and_stored_in_one_form():
    hours, bad = check_hours({"mon": "9-12, 13:30–17:00", "tue": "", "fri": "08.30-12.00"})
    assert bad == []
    assert format_hours(hours) == "mon 09:00-12:00,13:30-17:00;fri 08:30-12:00"
    assert parse_hours(format_hours(hours)) == hours


@pytest.mark.parametrize("typed", ["morning", "12:00-09:00", "09:00-12:00, 11:00-13:00", "25:00-26:00", "9h"])
def test_hours_that_do_not_read_as_from_to_are_refused_by_day(typed):
    hours, bad = check_hours({"mon": "09:00-12:00", "thu": typed})
    assert bad == ["thu"] and hours == (("mon", (("09:00", "12:00"),)),)
