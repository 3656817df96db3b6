"""The partner's side of the programme's results (issue 15) in a browser: outreach tallies by keyboard, and
axe-core on every new page, in every language."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from guide.core.db import writing
from guide.core.settings import get_settings
from skills_audit.targets import PROGRAMME, set_targets
from tests.browser.conftest import LAYOUT_ONLY, check_accessibility
from tests.browser.test_editor import _login
from tests.conftest import make_staff
from tests.outreach.factories import add_tallies


def _sign_in(page: Page, site: str, locale: str, username: str, start: str) -> None:
    _login(page, site, locale, username, f"/{locale}/staff/{start}")


def test_a_coach_records_and_removes_a_tally_by_keyboard(browser: Browser, site: str, db_engine):
    with Session(db_engine, expire_on_commit=False) as db:
        make_staff(db, "reach-coach")
    page = browser.new_page()
    _sign_in(page, site, "en", "reach-coach", "outreach")
    page.locator("#kind-street_contact").focus()
    page.keyboard.press("Space")
    page.fill("#count", "23")
    page.locator("#count").press("Enter")
    page.wait_for_url("**/en/staff/outreach?done=saved")
    expect(page.locator("table")).to_contain_text("Contacts in the street")
    page.locator("a.row-action").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/outreach/\d+/remove"))
    page.get_by_role("button", name="Yes, remove it").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/staff/outreach?done=removed")
    expect(page.locator("main")).to_contain_text("No tallies yet.")


@LAYOUT_ONLY
@pytest.mark.parametrize("locale", get_settings().languages)
def test_every_new_page_has_no_axe_violation(browser: Browser, site: str, db_engine, locale: str):
    with Session(db_engine, expire_on_commit=False) as db:
        make_staff(db, "reach-admin", ("admin", "coach"))
    page = browser.new_page()
    _sign_in(page, site, locale, "reach-admin", "outreach")
    check_accessibility(page)
    page.fill("#count", "10001")
    page.click(f'form[action="/{locale}/staff/outreach"] button[type="submit"]')
    expect(page.locator(".error-summary")).to_be_visible()
    check_accessibility(page)  # the form with its errors
    page.fill("#count", "4")
    page.locator("#kind-house_visit").check()
    page.click(f'form[action="/{locale}/staff/outreach"] button[type="submit"]')
    page.wait_for_url(f"**/{locale}/staff/outreach?done=saved")
    check_accessibility(page)  # the list with a tally
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320  # no sideways scrolling
    page.click("a.row-action")
    check_accessibility(page)  # the confirmation


@LAYOUT_ONLY
@pytest.mark.parametrize("locale", get_settings().languages)
def test_the_targets_page_has_no_axe_violation(browser: Browser, site: str, db_engine, locale: str):
    with Session(db_engine, expire_on_commit=False) as db:
        make_staff(db, "target-admin", ("admin",))
    page = browser.new_page()
    _sign_in(page, site, locale, "target-admin", "audit/targets")
    check_accessibility(page)
    page.locator("input[name^='t-started-']").first.fill("many")
    page.click(f'form[method="post"][action="/{locale}/staff/audit/targets"] button[type="submit"]')
    expect(page.locator(".error-summary")).to_be_visible()
    check_accessibility(page)  # a figure that will not do
    page.click(f'form[action="/{locale}/staff/audit/targets/import"] button[type="submit"]')
    page.wait_for_url(re.compile(r".*done=imported"))
    check_accessibility(page)  # the targets imported, with their history
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320  # the wide form scrolls in its box


@LAYOUT_ONLY
@pytest.mark.parametrize("locale", get_settings().languages)
def test_the_results_report_has_no_axe_violation(browser: Browser, site: str, db_engine, locale: str):
    with Session(db_engine, expire_on_commit=False) as db:
        make_staff(db, "results-analyst", ("analyst",))
        add_tallies(db, ("medway", date.today(), "house_visit", 12))
        with writing(db):
            set_targets(db, "Medway Council", {("house_visit", PROGRAMME): 100}, "someone", datetime.now(UTC))
    page = browser.new_page()
    _sign_in(page, site, locale, "results-analyst", "audit/indicators")
    expect(page.locator("main")).to_contain_text("12 / 100")
    check_accessibility(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320  # no sideways scrolling
    page.goto(f"{site}/{locale}/staff/audit/indicators?year=abc")
    check_accessibility(page)  # a year not on the list
