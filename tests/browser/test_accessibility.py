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


@LAYOUT_ONLY
@pytest.mark.parametrize("locale", get_settings().languages)
def test_the_pages_with_pictograms_have_no_axe_violation_and_fit_320_px(browser: Browser, site: str, db_engine,
                                                                         locale: str):
    """The pictograms (issue 17) beside the steps, the things to do and the barriers, and the editor's choice of
    one, with its error: axe-core at 1280 px, no sideways scroll at 320 px, and each pictogram drawn at its size."""
    with Session(db_engine, expire_on_commit=False) as db:
        make_staff(db, "picto-editor", ("editor",), languages=(locale,))
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site}/{locale}/")
    page.check('input[name="centre"]')
    page.click(f'form[action="/{locale}/start"] button[type="submit"]')

    def check(path: str | None, smallest: int) -> None:
        if path is not None:
            page.goto(site + path)
        check_accessibility(page)
        sizes = page.evaluate("[...document.querySelectorAll('img.pictogram')].map(i => Math.min(i.width, i.height))")
        assert sizes and min(sizes) >= smallest, (path, sizes)
        page.set_viewport_size({"width": 320, "height": 640})
        wide = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        widest = page.evaluate("""() => [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
          .map(e => e.tagName + '.' + e.className + '#' + e.id).slice(-3)""") if wide > 0 else []
        assert wide <= 0, f"{path or page.url} scrolls sideways by {wide} px at 320 px: {widest}"
        page.set_viewport_size({"width": 1280, "height": 720})

    check(f"/{locale}/steps", 48)
    check(f"/{locale}/steps/4", 32)
    check(f"/{locale}/barriers", 32)
    page.check('input[name="barrier-childcare"][value="want_help"]')
    page.click(f'form[action="/{locale}/barriers"] button[type="submit"]')
    check(None, 32)  # the summary
    check(f"/{locale}/plan", 32)  # My plan's help asked for, each theme with its pictogram
    page.goto(f"{site}/{locale}/staff/login")
    page.fill("#username", "picto-editor")
    page.fill("#password", STAFF_PASSWORD)
    page.click(f'form[action="/{locale}/staff/login"] button[type="submit"]')
    page.wait_for_url(f"**/{locale}/staff/content")
    item = f"/{locale}/staff/content/{locale}/item/step/4/checklist/bike"
    check(item, 48)
    page.evaluate("document.querySelector('#pictogram-bus').value = 'unicorn'")  # a choice off the set
    page.check("#pictogram-bus")
    page.click(f'form[action="{item.replace("/item/", "/pictogram/")}"] button[type="submit"]')
    assert page.locator("#pictogram-error").count() == 1
    check(None, 48)  # the error summary and the choice in error
    page.check("#pictogram-car")
    page.click(f'form[action="{item.replace("/item/", "/pictogram/")}"] button[type="submit"]')
    page.wait_for_url(f"**{item}?saved=pictogram")
    assert page.is_checked("#pictogram-car")
    context.close()


@LAYOUT_ONLY
@pytest.mark.parametrize("locale", get_settings().languages)
def test_the_editors_recording_form_has_no_axe_violation_and_fits_320_px(browser: Browser, site: str, db_engine,
                                                                         locale: str, tmp_path):
    """A partner's recording (issue 17, Listen) on the editor's page of a step's body (one form per part), with a
    file that is not audio refused: axe-core at 1280 px, and no sideways scroll at 320 px."""
    with Session(db_engine, expire_on_commit=False) as db:
        make_staff(db, "voice-editor", ("editor",), languages=(locale,))
    page = browser.new_context().new_page()
    page.goto(f"{site}/{locale}/staff/login")
    page.fill("#username", "voice-editor")
    page.fill("#password", STAFF_PASSWORD)
    page.click(f'form[action="/{locale}/staff/login"] button[type="submit"]')
    page.wait_for_url(f"**/{locale}/staff/content")
    item = f"/{locale}/staff/content/{locale}/item/step/1/body"
    page.goto(site + item)
    assert page.locator("form[data-recorder]").count() >= 2
    check_accessibility(page)
    not_audio = tmp_path / "notes.ogg"
    not_audio.write_text("not a sound")
    page.set_input_files("#recording-0", str(not_audio))
    page.click('#recording-0-part button[type="submit"]')
    assert page.locator("#recording-0-error").count() == 1
    check_accessibility(page)  # the error summary and the field in error
    page.set_viewport_size({"width": 320, "height": 640})
    wide = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert wide <= 0, f"{item} scrolls sideways by {wide} px at 320 px"
    page.context.close()
