"""What stands in the way, walked in English at Kortrijk: from step 2, childcare
"I'd like help"; the summary says so; My plan shows it with Kortrijk's help for step 2; axe finds nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from guide.content.library import get_library
from tests.browser.conftest import check_accessibility

LOCALE = "en"


# axe runs in the page's JavaScript: without JavaScript the walk is the same, and axe reads the same HTML in the run
# with JavaScript (page.evaluate waits forever where scripts are off).
@pytest.mark.parametrize("js", [False, True], ids=["no-javascript", "javascript"])
def test_childcare_help_goes_on_my_plan_with_kortrijks_help(browser: Browser, site: str, js: bool) -> None:
    page = browser.new_context(java_script_enabled=js).new_page()
    page.goto(f"{site}/{LOCALE}/")
    page.check('input[name="centre"][value="kortrijk"]')
    page.click(f'form[action="/{LOCALE}/start"] button[type="submit"]')
    page.wait_for_load_state("load")
    page.goto(f"{site}/{LOCALE}/steps/2")
    page.click('button[name="go"][value="barriers"]')  # a button of the step form: what is typed is saved first
    page.wait_for_url(f"**/{LOCALE}/barriers")
    if js:
        check_accessibility(page)
    page.check("#barrier-childcare-want_help")
    page.check("#barrier-money-no_problem")
    page.click(f'form[action="/{LOCALE}/barriers"] button[type="submit"]')
    page.wait_for_url(f"**/{LOCALE}/barriers/summary*")
    expect(page.locator(".summary-list")).to_contain_text("I’d like help")
    if js:
        check_accessibility(page)
    page.click(f'a[href="/{LOCALE}/plan#plan-help"]')
    page.wait_for_load_state("load")
    help_box = page.locator("#plan-help")
    expect(help_box).to_contain_text("Help with childcare and caring")
    _lang, entries = get_library().centres["kortrijk"].help_for(LOCALE, 2)
    for entry in entries:
        expect(help_box).to_contain_text(entry.name)
    expect(help_box).not_to_contain_text("Help with money")
    if js:
        check_accessibility(page)
