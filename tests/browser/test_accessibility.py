"""axe-core finds no violation on any page of the journey, in every language."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from guide.settings import get_settings
from tests.browser.conftest import check_accessibility


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
    page.click('button[name="action"][value="save"]')
    check_accessibility(page)  # a step with an answer that is too long
    visit(f"/{locale}/plan")
    visit(f"/{locale}/delete")
    visit(f"/{locale}/nowhere")
    visit("/xx/nowhere")
    context.close()
