"""Staff find their way in and land where their work is: a sign-in link on the public pages, each role's main page
after signing in, a footer of their own, and account forms whose errors and hints follow the form and its rules."""

from __future__ import annotations

import re

import pytest

from guide.staff.service import USERNAME_RE
from tests.conftest import STAFF_PASSWORD, csrf_token, make_staff, sign_in_staff

JOB_SEEKER_FOOTER = "Ten Steps keeps no name, address or phone number."


def _login(client, username: str, locale: str = "en"):  # noqa: ANN001, ANN202
    data = {"username": username, "password": STAFF_PASSWORD, "csrf_token": csrf_token(client, locale)}
    return client.post(f"/{locale}/staff/login", data=data)


@pytest.mark.parametrize(("roles", "languages", "landing"), [
    (("coach",), (), "/caseload"),
    (("editor",), ("fr",), "/content"),
    (("analyst",), (), "/audit"),
    (("admin",), (), "/"),  # accounts, texts and the audit: the staff home lists them
    (("coach", "analyst"), (), "/"),
])
def test_each_role_lands_on_its_main_page_after_signing_in(client, db, roles, languages, landing):
    make_staff(db, "some-one", roles, languages=languages)
    response = _login(client, "some-one", locale="nl")
    assert response.status_code == 303 and response.headers["location"] == f"/nl/staff{landing}"
    assert client.get(response.headers["location"]).status_code == 200


@pytest.mark.parametrize("locale", ["nl", "fr", "en"])
def test_public_pages_link_to_staff_sign_in_in_the_footer(client, locale):
    footer = re.search(r'<footer class="site-footer">.*?</footer>', client.get(f"/{locale}/").text, re.S).group()
    assert f'href="/{locale}/staff/login"' in footer


def test_staff_pages_carry_a_staff_footer_not_the_job_seekers(client, db):
    for path in ("/en/staff/login",):
        footer = re.search(r'<footer class="site-footer">.*?</footer>', client.get(path).text, re.S).group()
        assert JOB_SEEKER_FOOTER not in footer and "/staff/login" not in footer
    sign_in_staff(client, db, make_staff(db, "ada-admin", ("admin",)))
    for path in ("/en/staff/", "/en/staff/accounts", "/en/staff/accounts/new", "/en/staff/password"):
        html = client.get(path).text
        assert JOB_SEEKER_FOOTER not in html and "Pages for the staff" in html, path
    assert JOB_SEEKER_FOOTER in client.get("/en/").text


def _summary_targets(html: str) -> list[str]:
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group()
    return re.findall(r'href="#([^"]+)"', summary)


def _field_order(html: str) -> list[str]:
    form = re.search(r'<form method="post" action="/en/staff/accounts/new".*?</form>', html, re.S).group()
    return re.findall(r'\bid="(username|display_name|roles|languages|partner|password)"', form)


def test_the_account_form_lists_its_errors_in_the_forms_order(client, db):
    sign_in_staff(client, db, make_staff(db, "ada-admin", ("admin",)))
    response = client.post("/en/staff/accounts/new", data={
        "csrf_token": csrf_token(client), "username": "X", "display_name": " ", "partner": "Medway Council",
        "password": "short",
    })
    assert response.status_code == 422
    targets = _summary_targets(response.text)
    assert set(targets) == {"username", "display_name", "roles", "password"}
    order = _field_order(response.text)
    assert targets == [name for name in order if name in targets]


def test_the_username_hint_says_what_the_rule_allows(client, db):
    sign_in_staff(client, db, make_staff(db, "ada-admin", ("admin",)))
    hint = re.search(r'id="username-hint">(.*?)<', client.get("/en/staff/accounts/new").text, re.S).group(1)
    assert "underscores" in hint and "3 to 64" in hint and "starting with a letter or a digit" in hint
    assert USERNAME_RE.match("anna_peeters") and not USERNAME_RE.match("_anna")  # what the hint says, the rule does
    response = client.post("/en/staff/accounts/new", data={
        "csrf_token": csrf_token(client), "username": "anna_peeters", "display_name": "Anna",
        "partner": "Medway Council", "roles": "coach", "password": "",
    })
    assert response.status_code == 200 and "anna_peeters" in response.text  # made, with its password shown once
