"""The local directory in the browser: a French editor at Kortrijk adds a childcare service; French job seekers at
Kortrijk see it on step 2 with a tap-to-call link and, once they ask help with childcare, in My plan; at
Grande-Synthe nobody does. axe finds nothing on the directory's pages in every language."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from guide.core.settings import get_settings
from tests.browser.conftest import check_accessibility
from tests.conftest import STAFF_PASSWORD, make_staff
from tests.directory.factories import add_service

NAME = "Crèche du quartier Overleie"


def _sign_in(page: Page, site: str, locale: str, username: str) -> None:
    page.goto(f"{site}/{locale}/staff/login")
    page.fill("#username", username)
    page.fill("#password", STAFF_PASSWORD)
    page.click(f'form[action="/{locale}/staff/login"] button[type="submit"]')
    page.wait_for_load_state("load")


def _start(browser: Browser, site: str, centre: str, locale: str = "fr") -> Page:
    page = browser.new_context().new_page()
    page.goto(f"{site}/{locale}/")
    page.check(f'input[name="centre"][value="{centre}"]')
    page.click(f'form[action="/{locale}/start"] button[type="submit"]')
    page.wait_for_load_state("load")
    return page


def test_a_french_editor_adds_a_service_that_french_job_seekers_at_kortrijk_only_see(browser: Browser, site: str,
                                                                                     db_engine) -> None:
    with Session(db_engine, expire_on_commit=False) as db:
        make_staff(db, "kortrijk-fr", ("editor",), partner="Stad Kortrijk", languages=("fr",))
    editor = browser.new_context().new_page()
    _sign_in(editor, site, "fr", "kortrijk-fr")
    editor.goto(f"{site}/fr/staff/directory")
    check_accessibility(editor)
    editor.click('a[href="/fr/staff/directory/new?centre=kortrijk"]')
    editor.wait_for_load_state("load")
    check_accessibility(editor)
    editor.select_option("#kind", "childcare")
    editor.fill("#name-fr", NAME)
    editor.fill("#text-fr", "Une place pour vos enfants pendant que vous travaillez.")
    editor.check("#themes-childcare")
    editor.check("#steps-2")
    editor.fill("#address", "Overleie 5, 8500 Kortrijk")
    editor.fill("#phone", "056 12 34")  # one digit short: refused
    editor.fill("#hours-mon", "9-12")
    editor.click('form[action="/fr/staff/directory"] button[type="submit"]')
    editor.wait_for_load_state("load")
    expect(editor.locator(".error-summary")).to_contain_text("numéro de téléphone")
    expect(editor.locator("#name-fr")).to_have_value(NAME)  # what was typed is kept
    check_accessibility(editor)
    editor.fill("#phone", "056 12 34 56")
    editor.click('form[action="/fr/staff/directory"] button[type="submit"]')
    editor.wait_for_load_state("load")
    expect(editor.locator('.notice[role="status"]')).to_be_visible()
    check_accessibility(editor)
    editor.context.close()

    seeker = _start(browser, site, "kortrijk")
    seeker.goto(f"{site}/fr/steps/2")
    box = seeker.locator(".local-help")
    expect(box).to_contain_text(NAME)
    expect(box.locator('a[href="tel:+3256123456"]')).to_have_text("056 12 34 56")
    expect(box.locator('a[href^="https://www.openstreetmap.org/search?query="]')).to_have_count(1)
    seeker.goto(f"{site}/fr/barriers")
    seeker.check("#barrier-childcare-want_help")
    seeker.click('form[action="/fr/barriers"] button[type="submit"]')
    seeker.wait_for_url("**/fr/barriers/summary*")
    seeker.goto(f"{site}/fr/plan")
    help_box = seeker.locator("#plan-help")
    expect(help_box).to_contain_text(NAME)
    expect(help_box.locator('a[href="tel:+3256123456"]')).to_have_count(1)
    seeker.context.close()

    elsewhere = _start(browser, site, "grande-synthe")
    elsewhere.goto(f"{site}/fr/steps/2")
    expect(elsewhere.locator(".local-help")).not_to_contain_text(NAME)
    elsewhere.context.close()


@pytest.mark.parametrize("locale", get_settings().languages)
def test_the_directory_page_filters_without_javascript_and_has_no_axe_violation(browser: Browser, site: str,
                                                                                db_engine, locale: str) -> None:
    with Session(db_engine, expire_on_commit=False) as db:
        add_service(db)
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(f"{site}/{locale}/directory/kortrijk")
    expect(page.locator('.help-list a[href="tel:+3256277400"]')).to_have_count(1)
    page.select_option("#theme", "housing")
    page.click('form[role="search"] button[type="submit"]')
    page.wait_for_load_state("load")
    assert "theme=housing" in page.url
    expect(page.locator('a[href="tel:+3256277400"]')).to_have_count(0)
    page.context.close()
    checked = browser.new_context().new_page()
    checked.goto(f"{site}/{locale}/directory/kortrijk")
    check_accessibility(checked)
    checked.set_viewport_size({"width": 320, "height": 640})
    assert checked.evaluate("document.documentElement.scrollWidth <= 320")
    checked.context.close()
