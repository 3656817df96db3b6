"""Rate limits slow an attacker down without locking the right person out.

The attack: after 10 wrong resume codes from one address, the right code from that address was refused too, so one
person's typos (or one prankster) locked out a whole centre behind one address; and 5 wrong passwords locked any
staff account for 15 minutes, so anyone could lock out any coach. Now wrong codes count per address with room for a
busy centre, and per code prefix from every address; a browser that signed in to an account before keeps signing in
while the account is hammered from elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from guide.core.settings import get_settings
from guide.staff.service import remember_device
from guide.web.security import DEVICE_COOKIE
from tests.conftest import STAFF_PASSWORD, csrf_token, make_staff, start_journey
from tests.security.test_rate_limit_races import random_code

CENTRE = ("192.0.2.10", 50000)  # every PC of one centre, behind one address


@pytest.fixture
def browser(app) -> Iterator:  # noqa: ANN001
    """A factory of browsers at an address (the centre's unless told)."""
    opened: list[TestClient] = []

    def make(address: tuple[str, int] = CENTRE) -> TestClient:
        client = TestClient(app, follow_redirects=False, client=address)
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.close()


def _resume(client: TestClient, code: str, locale: str = "en") -> int:
    return client.post(f"/{locale}/resume", data={"code": code, "csrf_token": csrf_token(client, locale)}).status_code


def _different(code: str) -> str:
    """Another well-formed code with another prefix (the first group changed)."""
    while True:
        other = random_code()
        if other[:4] != code[:4]:
            return other


# --- resume codes ----------------------------------------------------------------------------------------------


def test_the_right_code_still_works_after_others_typos_from_the_same_address(browser) -> None:  # noqa: ANN001
    code = start_journey(browser(("198.51.100.7", 1)))  # made at home
    typist = browser()
    for _ in range(10):  # others at the centre mistype their own codes
        assert _resume(typist, _different(code)) == 422
    assert _resume(browser(), code) == 303


def test_an_attacker_at_one_address_is_still_limited(browser, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(get_settings(), "resume_attempts", 30)
    code = start_journey(browser(("198.51.100.7", 1)))
    attacker = browser()
    for _ in range(30):
        assert _resume(attacker, _different(code)) == 422
    assert _resume(attacker, _different(code)) == 429
    import guide.journeys.routes as routes

    monkeypatch.setattr(routes, "find_journey", lambda *_a: pytest.fail("a limited guess was looked up"))
    response = attacker.post("/fr/resume", data={"code": code, "csrf_token": csrf_token(attacker, "fr")})
    assert response.status_code == 429
    assert '<html lang="fr"' in response.text and "Wait 15 minutes" not in response.text


def test_the_default_limit_per_address_has_room_for_a_centre() -> None:
    settings = get_settings()
    assert settings.resume_attempts >= 50 > settings.resume_attempts_per_code


def test_guessing_the_rest_of_a_half_seen_code_is_limited_from_every_address(browser) -> None:  # noqa: ANN001
    code = start_journey(browser(("198.51.100.7", 1)))
    seen = code[:9]  # the first two groups, read over a shoulder
    limit = get_settings().resume_attempts_per_code
    guesses = [seen + random_code()[:4] for _ in range(limit + 1)]
    guesses = [g for g in guesses if g != code][:limit]
    for n, guess in enumerate(guesses):  # one guess from each of many addresses
        assert _resume(browser((f"203.0.113.{n + 1}", 1)), guess) == 422
    fresh = browser(("203.0.113.201", 1))
    response = fresh.post("/nl/resume", data={"code": code, "csrf_token": csrf_token(fresh, "nl")})
    assert response.status_code == 429
    assert '<html lang="nl"' in response.text and 'class="error-message"' in response.text


def test_a_code_with_another_prefix_is_not_held_up_by_a_half_seen_one(browser) -> None:  # noqa: ANN001
    victim = start_journey(browser(("198.51.100.7", 1)))
    other = start_journey(browser(("198.51.100.8", 1)))
    for n in range(get_settings().resume_attempts_per_code):
        _resume(browser((f"203.0.113.{n + 1}", 1)), victim[:9] + random_code()[:4])
    assert other[:9] != victim[:9]  # two codes of 54 random bits
    assert _resume(browser(("203.0.113.250", 1)), other) == 303


def test_ipv6_addresses_are_counted_per_64(browser, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(get_settings(), "resume_attempts", 3)
    code = start_journey(browser(("198.51.100.7", 1)))
    for n in range(3):  # one /64 hands its machine as many addresses as it likes
        assert _resume(browser((f"2001:db8:1:2::{n + 1:x}", 1)), _different(code)) == 422
    assert _resume(browser(("2001:db8:1:2:ffff::1", 1)), code) == 429
    assert _resume(browser(("2001:db8:1:3::1", 1)), code) == 303


# --- staff sign-in ---------------------------------------------------------------------------------------------


def _login(client: TestClient, password: str, username: str = "anna-coach", locale: str = "en"):  # noqa: ANN202
    data = {"username": username, "password": password, "csrf_token": csrf_token(client, locale)}
    return client.post(f"/{locale}/staff/login", data=data)


def _hammer(attacker: TestClient, times: int, username: str = "anna-coach") -> None:
    for n in range(times):
        assert _login(attacker, f"wrong-guess-number-{n}", username).status_code in (422, 429)


@pytest.fixture
def known_browser(browser, db: Session) -> TestClient:  # noqa: ANN001
    """Anna's own PC: it signed in once before, then signed out."""
    make_staff(db, "anna-coach")
    own = browser(("192.0.2.50", 1))
    assert _login(own, STAFF_PASSWORD).status_code == 303
    assert own.cookies.get(DEVICE_COOKIE)
    own.post("/en/staff/logout", data={"csrf_token": csrf_token(own)})
    return own


def test_a_hammered_coach_still_signs_in_from_their_known_browser(browser, known_browser) -> None:  # noqa: ANN001
    _hammer(browser(("203.0.113.9", 1)), 3 * get_settings().login_attempts_per_account)
    assert _login(known_browser, STAFF_PASSWORD).status_code == 303


def test_an_unknown_browser_is_still_limited(browser, known_browser, monkeypatch) -> None:  # noqa: ANN001
    limit = get_settings().login_attempts_per_account
    attacker = browser(("203.0.113.9", 1))
    for n in range(limit):
        assert _login(attacker, f"wrong-guess-number-{n}").status_code == 422
    import guide.staff.service as service

    monkeypatch.setattr(service, "find_account", lambda *_a: pytest.fail("a limited guess was checked"))
    assert _login(attacker, STAFF_PASSWORD).status_code == 429
    response = _login(browser(("198.51.100.40", 1)), STAFF_PASSWORD, locale="fr")  # anna on a new PC waits too
    assert response.status_code == 429 and '<html lang="fr"' in response.text


def test_a_forged_or_foreign_device_cookie_makes_no_known_browser(app, browser, known_browser, db) -> None:  # noqa: ANN001
    make_staff(db, "bert-coach")
    _hammer(browser(("203.0.113.9", 1)), get_settings().login_attempts_per_account)
    token = known_browser.cookies.get(DEVICE_COOKIE)
    owner, issued, nonce, _mac = token.split("~")[0].split(".")
    forged = browser(("203.0.113.10", 1))
    forged.cookies.set(DEVICE_COOKIE, f"{owner}.{issued}.{nonce}.{'0' * 32}")
    assert _login(forged, STAFF_PASSWORD).status_code == 429
    bert_pc = browser(("203.0.113.11", 1))  # a token of another account does not vouch for anna's
    bert_pc.cookies.set(DEVICE_COOKIE, remember_device(get_settings().resolved_secret_key(), "bert-coach", ""))
    assert _login(bert_pc, STAFF_PASSWORD).status_code == 429


def test_a_known_browser_has_its_own_limit(known_browser, monkeypatch) -> None:  # noqa: ANN001
    # A stolen device cookie gives an attacker no more guesses than an unknown browser.
    _hammer(known_browser, get_settings().login_attempts_per_account)
    assert _login(known_browser, STAFF_PASSWORD).status_code == 429


def test_filling_the_address_limit_does_not_lock_a_known_browser_out(browser, known_browser, db,  # noqa: ANN001
                                                                     monkeypatch) -> None:
    monkeypatch.setattr(get_settings(), "login_attempts_per_address", 4)
    colleague = browser(("192.0.2.50", 2))  # at the same office address, guessing accounts
    for n in range(4):
        assert _login(colleague, "wrong-password-here", f"someone-{n}").status_code == 422
    assert _login(colleague, STAFF_PASSWORD).status_code == 429
    assert _login(known_browser, STAFF_PASSWORD).status_code == 303


def test_a_shared_pc_remembers_several_accounts(browser, db) -> None:  # noqa: ANN001
    make_staff(db, "anna-coach")
    make_staff(db, "bert-coach")
    pc = browser(("192.0.2.60", 1))
    assert _login(pc, STAFF_PASSWORD, "anna-coach").status_code == 303
    assert _login(pc, STAFF_PASSWORD, "bert-coach").status_code == 303
    assert len(pc.cookies.get(DEVICE_COOKIE).split("~")) == 2
    _hammer(browser(("203.0.113.9", 1)), get_settings().login_attempts_per_account, "anna-coach")
    _hammer(browser(("203.0.113.9", 1)), get_settings().login_attempts_per_account, "bert-coach")
    assert _login(pc, STAFF_PASSWORD, "anna-coach").status_code == 303
    assert _login(pc, STAFF_PASSWORD, "bert-coach").status_code == 303


def test_the_device_cookie_is_http_only(browser, db) -> None:  # noqa: ANN001
    make_staff(db, "anna-coach")
    response = _login(browser(), STAFF_PASSWORD)
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(DEVICE_COOKIE + "="))
    assert re.search(r"(?i)httponly", cookie) and re.search(r"(?i)max-age=\d{7}", cookie)
