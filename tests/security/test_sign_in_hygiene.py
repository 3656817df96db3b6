"""What signing in and out leaves behind: HSTS over HTTPS, a new CSRF token at every sign-in, a clean sign-out.

The findings: no Strict-Transport-Security with TENSTEPS_SECURE_COOKIES=true (a first visit over plain HTTP could
be taken over); the CSRF token stayed the same across sign-in (a token planted or read before signing in kept
working after); staff sign-out left cached pages and storage behind on a shared PC, where a job seeker's "stop"
clears them.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from guide.core.settings import get_settings
from guide.web.security import CSRF_COOKIE, DEVICE_COOKIE, STAFF_COOKIE
from tests.conftest import CSRF_RE, STAFF_PASSWORD, csrf_token, make_staff, start_journey


def _set_cookies(response) -> dict[str, str]:  # noqa: ANN001
    found = {}
    for header in response.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        found[name] = rest.split(";", 1)[0]
    return found


# --- HSTS ----------------------------------------------------------------------------------------------------------


def test_https_deployments_send_hsts(client, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(get_settings(), "secure_cookies", True)
    for path in ("/en/", "/en/staff/login", "/healthz"):
        assert client.get(path).headers.get("strict-transport-security") == "max-age=31536000"


def test_plain_http_sends_no_hsts(client) -> None:  # noqa: ANN001
    # On a single PC over http://127.0.0.1 HSTS would lock the browser out of the app.
    assert "strict-transport-security" not in client.get("/en/").headers


# --- a new CSRF token at sign-in -------------------------------------------------------------------------------


def _refused_with(client: TestClient, token: str) -> bool:
    """Whether a form post carrying `token` is refused as forged ("stop" needs nothing but the token)."""
    response = client.post("/en/stop", data={"csrf_token": token})
    return response.status_code == 403


def test_starting_a_journey_gives_a_new_csrf_token(client) -> None:  # noqa: ANN001
    before = csrf_token(client)
    seed_before = client.cookies.get(CSRF_COOKIE)
    response = client.post("/en/start", data={"centre": "medway", "csrf_token": before})
    assert response.status_code == 200
    new_seed = _set_cookies(response).get(CSRF_COOKIE)
    assert new_seed and new_seed != seed_before
    on_page = CSRF_RE.search(response.text)
    assert on_page and on_page.group(1) != before  # the code page's forms carry the new one
    assert _refused_with(client, before)
    assert not _refused_with(client, on_page.group(1))


def test_resuming_gives_a_new_csrf_token(app) -> None:  # noqa: ANN001
    with TestClient(app, follow_redirects=False) as maker:
        code = start_journey(maker)
    with TestClient(app, follow_redirects=False) as client:
        before = csrf_token(client)
        seed_before = client.cookies.get(CSRF_COOKIE)
        response = client.post("/en/resume", data={"code": code, "csrf_token": before})
        assert response.status_code == 303
        assert _set_cookies(response).get(CSRF_COOKIE) not in (None, seed_before)
        assert _refused_with(client, before)


def test_staff_sign_in_gives_a_new_csrf_token(client, db) -> None:  # noqa: ANN001
    make_staff(db, "anna-coach")
    before = csrf_token(client, "en")
    seed_before = client.cookies.get(CSRF_COOKIE)
    response = client.post("/en/staff/login",
                           data={"username": "anna-coach", "password": STAFF_PASSWORD, "csrf_token": before})
    assert response.status_code == 303
    assert _set_cookies(response).get(CSRF_COOKIE) not in (None, seed_before)
    logout = client.post("/en/staff/logout", data={"csrf_token": before})
    assert logout.status_code == 403  # the token from before signing in no longer works


# --- staff sign-out --------------------------------------------------------------------------------------------


@pytest.fixture
def signed_in(client, db) -> TestClient:  # noqa: ANN001
    make_staff(db, "anna-coach")
    data = {"username": "anna-coach", "password": STAFF_PASSWORD, "csrf_token": csrf_token(client)}
    assert client.post("/en/staff/login", data=data).status_code == 303
    return client


def test_staff_sign_out_clears_cache_and_storage(signed_in) -> None:  # noqa: ANN001
    token = CSRF_RE.search(signed_in.get("/en/staff/").text)
    assert token
    seed_before = signed_in.cookies.get(CSRF_COOKIE)
    response = signed_in.post("/en/staff/logout", data={"csrf_token": token.group(1)})
    assert response.status_code == 303
    cleared = {part.strip().strip('"') for part in response.headers.get("clear-site-data", "").split(",")}
    assert {"cache", "storage"} <= cleared
    cookies = _set_cookies(response)
    assert cookies.get(STAFF_COOKIE) in ("", '""')  # the session cookie is deleted
    assert cookies.get(CSRF_COOKIE) not in (None, "", seed_before)  # and the CSRF seed replaced


def test_staff_sign_out_keeps_the_known_device(signed_in) -> None:  # noqa: ANN001
    token = CSRF_RE.search(signed_in.get("/en/staff/").text)
    assert token
    response = signed_in.post("/en/staff/logout", data={"csrf_token": token.group(1)})
    assert "cookies" not in response.headers.get("clear-site-data", "")
    assert DEVICE_COOKIE not in _set_cookies(response)
    assert signed_in.cookies.get(DEVICE_COOKIE)
    assert re.fullmatch(r"[\w.~-]+", signed_in.cookies.get(DEVICE_COOKIE))
