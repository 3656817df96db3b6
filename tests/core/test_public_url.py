"""TENSTEPS_PUBLIC_URL: the site's address as people reach it, checked when the app starts, with a fallback that
`tensteps serve` makes from the address it listens on."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from guide.cli import local_url
from guide.core.settings import LOCAL_URL, Settings


@pytest.mark.parametrize(("given", "resolved"), [
    ("https://tiensteps.example.org", "https://tiensteps.example.org"),
    ("https://tiensteps.example.org/", "https://tiensteps.example.org"),
    (" http://10.0.0.5:8080 ", "http://10.0.0.5:8080"),
    ("https://www.example.be/tien-stappen/", "https://www.example.be/tien-stappen"),
    ("", LOCAL_URL),
])
def test_the_public_address_is_kept_without_a_trailing_slash(given, resolved):
    assert Settings(public_url=given).resolved_public_url() == resolved


@pytest.mark.parametrize("given", [
    "tiensteps.example.org", "javascript:alert(1)", "ftp://example.org", "https://example.org/?code=1",
    "https://example.org/#top", "https://user:pass@example.org", "https://", "https://exa mple.org",
])
def test_an_address_that_is_not_a_plain_web_address_stops_the_app_from_starting(given):
    with pytest.raises(ValidationError, match="TENSTEPS_PUBLIC_URL"):
        Settings(public_url=given)


@pytest.mark.parametrize(("host", "port", "url"), [
    ("127.0.0.1", 8000, "http://127.0.0.1:8000"), ("192.168.1.20", 9000, "http://192.168.1.20:9000"),
    ("0.0.0.0", 8000, "http://127.0.0.1:8000"), ("::", 8000, "http://127.0.0.1:8000"),
])
def test_serve_without_a_public_address_uses_the_one_it_listens_on(host, port, url):
    assert local_url(host, port) == url
    assert Settings(public_url=url).resolved_public_url() == url
