"""The printed code card: the site's public address in large type (for people without a phone that scans) and the
date it was made, in the centre's conventions; its QR code links to that same address, whatever Host header the
request carried."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date

from guide.content.library import get_library
from guide.core.settings import LOCAL_URL, get_settings
from guide.journeys.routes import _qr_svg
from tests.conftest import csrf_token
from tests.html import element

PUBLIC = "https://tiensteps.example.org"


def _card(client, locale: str = "en", centre: str = "medway", **headers: str) -> tuple[str, str]:  # noqa: ANN001
    response = client.post(f"/{locale}/start", data={"centre": centre, "csrf_token": csrf_token(client, locale)},
                           headers=headers)
    assert response.status_code == 200, response.text
    code = re.search(r'id="resume-code">([A-Z0-9-]+)<', response.text).group(1)
    return response.text, code


@pytest.fixture
def public_url(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(get_settings(), "public_url", PUBLIC)
    return PUBLIC


def test_the_card_prints_the_public_address_and_its_qr_code_links_there(client, public_url):
    page, code = _card(client, **{"host": "attacker.example", "x-forwarded-host": "attacker.example"})
    assert "tiensteps.example.org" in element(page, "site-address")
    assert _qr_svg(f"{PUBLIC}/en/resume?code={code}") in page  # the very QR code of the public address
    assert "attacker.example" not in page  # a request's Host header is whatever its sender wants


def test_without_a_public_address_the_card_shows_the_local_one_not_the_host_header(client, monkeypatch):
    monkeypatch.setattr(get_settings(), "public_url", "")
    page, code = _card(client, **{"host": "attacker.example"})
    assert LOCAL_URL in element(page, "site-address")
    assert _qr_svg(f"{LOCAL_URL}/en/resume?code={code}") in page
    assert "attacker.example" not in page


@pytest.mark.parametrize(("locale", "centre", "conventions"), [
    ("en", "medway", "en_GB"), ("fr", "kortrijk", "fr_BE"), ("nl", "grande-synthe", "nl"), ("en", "kortrijk", "en_BE"),
])
def test_the_card_says_when_it_was_made_in_the_centres_conventions(client, public_url, locale, centre, conventions):
    page, _code = _card(client, locale, centre)
    today = datetime.now(ZoneInfo(get_library().centres[centre].timezone)).date()  # the centre's today
    made_on = format_date(today, format="long", locale=conventions)
    assert made_on in page
    if locale == "en":
        assert re.search(r"Made on \d{1,2} [A-Z][a-z]+ \d{4}<", page)  # day first, as in the UK and Belgium
