"""axe-core on the pages between the walk's (tests/browser/test_reflow.py walks every page of job seekers and staff at
320 and 1280 px in every language, axe-core on each): here, changing one's password, its errors and what follows.
Playwright's contexts are 1280 x 720 unless a test says otherwise."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser
from sqlmodel import Session

from guide.core.settings import get_settings
from tests.browser.conftest import LAYOUT_ONLY, check_accessibility
from tests.conftest import STAFF_PASSWORD, make_staff


@LAYOUT_ONLY
@pytest.mark.parametrize("locale", get_settings().languages)
def test_every_journey_page_has_no_axe_violation(browser: Browser, site: str, locale: str):
    context = browser.new_context()
    page = context.new_page()

    def visit(path: str) -> None:
        page.goto(site + path)
        check_accessibility(page)

    visit("/")
    visit(f"/{locale}/")
    visit(f"/{locale}/resume")
    page.fill("#code", "nope")
    page.click(f'form[action="/{locale}/resume"] button[type="submit"]')
    check_accessibility(page)  # the error summary and the field in error

    page.goto(f"{site}/{locale}/")
    page.click(f'form[action="/{locale}/start"] button[type="submit"]')  # no centre chosen: error
    check_accessibility(page)
    page.check('input[name="centre"]')
    page.click(f'form[action="/{locale}/start"] button[type="submit"]')
    check_accessibility(page)  # the code page, with the QR code

    visit(f"/{locale}/steps")
    for n in (1, 3, 10):
        visit(f"/{locale}/steps/{n}")
    page.fill("textarea", "x" * 5001)
    page.click('.button-row button[name="go"][value="list"]')
    check_accessibility(page)  # a step with an answer that is too long
    visit(f"/{locale}/steps/2")
    page.click('button[name="action"][value="complete"]')
    page.wait_for_url("**/steps?done=2*")
    check_accessibility(page)  # the task list with its "well done" banner
    visit(f"/{locale}/plan")
    visit(f"/{locale}/delete")
    visit(f"/{locale}/nowhere")
    visit("/xx/nowhere")
    context.close()


@LAYOUT_ONLY
@pytest.mark.parametrize("locale", get_settings().languages)
def test_change_your_password_has_no_axe_violation(browser: Browser, site: str, db_engine, locale: str):
    with Session(db_engine, expire_on_commit=False) as db:
        make_staff(db, "ed-itor", ("editor",), languages=(locale,))  # any role: the page is every staff member's
    page = browser.new_context().new_page()
    page.goto(f"{site}/{locale}/staff/login")
    page.fill("#username", "ed-itor")
    page.fill("#password", STAFF_PASSWORD)
    page.click(f'form[action="/{locale}/staff/login"] button[type="submit"]')
    page.wait_for_url(f"**/{locale}/staff/content")  # an editor lands on the texts
    page.click(f'.staff-bar a[href="/{locale}/staff/password"]')  # found from the header, by its link
    page.wait_for_url(f"**/{locale}/staff/password")
    check_accessibility(page)
    form = f'form[action="/{locale}/staff/password"]'
    page.fill("#new_password", "short")
    page.click(f"{form} button[type='submit']")
    check_accessibility(page)  # the error summary and three fields in error
    assert page.locator(".error-summary a").count() == 3
    assert page.input_value("#new_password") == ""  # never sent back
    page.fill("#current_password", STAFF_PASSWORD)
    page.fill("#new_password", "Harbour-violet-stone-42")
    page.fill("#new_password_again", "Harbour-violet-stone-42")
    page.click(f"{form} button[type='submit']")
    page.wait_for_url(f"**/{locale}/staff/?notice=password_changed")
    check_accessibility(page)  # the staff home with its notice
    assert page.locator('.notice[role="status"]').count() == 1
    page.context.close()
