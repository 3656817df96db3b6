"""A coach and a client in two browsers: the client shares, the coach adds them and sees their progress, the client
stops sharing and the coach loses access. And axe-core on every staff page and sharing page, in every language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from guide.content.library import get_library
from guide.core.settings import get_settings
from tests.browser.conftest import LAYOUT_ONLY, check_accessibility
from tests.conftest import STAFF_PASSWORD, make_staff


def _staff(db_engine, username: str, roles=("coach",)):  # noqa: ANN001, ANN202
    with Session(db_engine, expire_on_commit=False) as db:
        return make_staff(db, username, roles)


def _start(page: Page, site: str, locale: str) -> None:
    page.goto(f"{site}/{locale}/")
    page.check('input[name="centre"][value="medway"]')
    page.click(f'form[action="/{locale}/start"] button[type="submit"]')
    page.goto(f"{site}/{locale}/steps")


def _share(page: Page, site: str, locale: str, answers: str) -> str:
    page.goto(f"{site}/{locale}/steps")
    page.click(f'a[href="/{locale}/share"]')
    page.check(f"#answers-{answers}")
    page.click(f'form[action="/{locale}/share"] button[type="submit"]')
    return page.inner_text("#share-code").strip()


def _login(page: Page, site: str, locale: str, username: str) -> None:
    page.goto(f"{site}/{locale}/staff/caseload")
    page.wait_for_url(re.compile(r".*/staff/login\?next="))
    page.fill("#username", username)
    page.fill("#password", STAFF_PASSWORD)
    page.click(f'form[action="/{locale}/staff/login"] button[type="submit"]')
    page.wait_for_url(f"**/{locale}/staff/caseload")


def test_client_shares_coach_follows_client_stops(browser: Browser, site: str, db_engine):
    _staff(db_engine, "anna-coach")
    step = get_library().step("en", 1)
    client = browser.new_context().new_page()
    _start(client, site, "en")
    client.goto(f"{site}/en/steps/1")
    client.check(f"#tick-{step.checklist[0].id}")
    client.fill(f"#answer-{step.questions[0].id}", "I am good with my hands")
    client.click('button[name="action"][value="complete"]')
    client.wait_for_url("**/en/steps?done=1#done-banner")  # the step is saved before the next page is asked for
    expect(client.locator("#status-1")).to_contain_text("Completed")
    code = _share(client, site, "en", "yes")
    assert re.fullmatch(r"\d{3} \d{3}", code)

    coach = browser.new_context().new_page()
    _login(coach, site, "en", "anna-coach")
    coach.fill("#code", code)
    coach.click('form[action="/en/staff/caseload"] button[type="submit"]')
    expect(coach.locator(".notice")).to_contain_text("is now in your caseload")
    expect(coach.locator("table.caseload")).to_contain_text("1 of 10 steps completed")
    coach.click("a.client-link")
    client_url = coach.url
    expect(coach.locator("main")).to_contain_text("I am good with my hands")
    coach.fill("#next_step", "Bring your CV")
    coach.click('#next-step-form button[type="submit"]')
    expect(coach.locator(".notice")).to_be_visible()

    client.goto(f"{site}/en/steps")
    expect(client.locator(".next-step")).to_contain_text("Bring your CV")
    client.goto(f"{site}/en/share")
    expect(client.locator(".view-log")).to_contain_text("Anna Coach")
    client.click('button:has-text("Stop sharing")')
    expect(client.locator(".notice")).to_contain_text("cannot see your progress any more")

    response = coach.goto(client_url)
    assert response.status == 404
    coach.goto(f"{site}/en/staff/caseload")
    expect(coach.locator("main")).not_to_contain_text("1 of 10 steps completed")
    coach.context.close()
    client.context.close()


@LAYOUT_ONLY
@pytest.mark.parametrize("locale", get_settings().languages)
def test_staff_and_sharing_pages_have_no_axe_violation(browser: Browser, site: str, db_engine, locale: str):
    _staff(db_engine, "anna-coach", ("coach", "admin"))

    client = browser.new_context().new_page()
    _start(client, site, locale)
    client.goto(f"{site}/{locale}/share")
    check_accessibility(client)
    client.click(f'form[action="/{locale}/share"] button[type="submit"]')  # no choice made: error
    check_accessibility(client)
    code = _share(client, site, locale, "yes")
    check_accessibility(client)  # the share code page

    page = browser.new_context().new_page()
    page.goto(f"{site}/{locale}/staff/login")
    check_accessibility(page)
    page.click(f'form[action="/{locale}/staff/login"] button[type="submit"]')  # empty: errors
    check_accessibility(page)
    _login(page, site, locale, "anna-coach")
    check_accessibility(page)  # an empty caseload
    page.fill("#code", "12")
    page.click(f'form[action="/{locale}/staff/caseload"] button[type="submit"]')
    check_accessibility(page)  # the code in error
    page.fill("#code", code)
    page.click(f'form[action="/{locale}/staff/caseload"] button[type="submit"]')
    check_accessibility(page)  # one client
    page.click("a.client-link")
    check_accessibility(page)
    page.fill("#label", "x" * 41)
    page.click('#label-form button[type="submit"]')
    check_accessibility(page)  # the label in error
    client.goto(f"{site}/{locale}/share")
    check_accessibility(client)  # who can see, and the view log

    for path in ("/staff/", "/staff/accounts", "/staff/accounts/new"):
        page.goto(f"{site}/{locale}{path}")
        check_accessibility(page)
    page.click(f'form[action="/{locale}/staff/accounts/new"] button[type="submit"]')  # empty: errors
    check_accessibility(page)
    page.fill("#username", "new.coach")
    page.fill("#display_name", "New Coach")
    page.click(f'form[action="/{locale}/staff/accounts/new"] button[type="submit"]')
    check_accessibility(page)  # the password shown once
    page.click(f'a[href^="/{locale}/staff/accounts/"]')
    check_accessibility(page)  # one account
    page.goto(f"{site}/{locale}/staff/nowhere")
    check_accessibility(page)
    page.context.close()
    client.context.close()
