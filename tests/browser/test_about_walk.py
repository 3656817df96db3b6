"""About you (optional), walked in French at Kortrijk once Stad Kortrijk asks both questions: from My plan, the age
band, the gender skipped, then answered on the start page's "Change", and the answers on My plan; with JavaScript
and without; axe finds nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy.engine import Engine
from sqlmodel import Session

from guide.about.service import set_switch
from guide.core.db import writing
from tests.browser.conftest import check_accessibility

LOCALE = "fr"


@pytest.mark.parametrize("js", [False, True], ids=["no-javascript", "javascript"])
def test_the_age_band_and_the_gender_from_my_plan(browser: Browser, site: str, db_engine: Engine, js: bool) -> None:
    with Session(db_engine) as db, writing(db):
        set_switch(db, "Stad Kortrijk", True, True, "an-admin")
    page = browser.new_context(java_script_enabled=js).new_page()
    page.goto(f"{site}/{LOCALE}/")
    page.check('input[name="centre"][value="kortrijk"]')
    page.click(f'form[action="/{LOCALE}/start"] button[type="submit"]')
    page.wait_for_load_state("load")
    page.goto(f"{site}/{LOCALE}/plan")
    page.click(f'#about-you a[href="/{LOCALE}/about-you"]')
    page.wait_for_url(f"**/{LOCALE}/about-you")
    expect(page.locator("h1")).to_have_text("À propos de vous (facultatif)")
    if js:
        check_accessibility(page)
    page.click(f'a[href="/{LOCALE}/about-you/age"]')
    page.check("#age_band-under_25")
    page.click(f'form[action="/{LOCALE}/about-you/age"] button[type="submit"]:not([name])')
    page.wait_for_url(f"**/{LOCALE}/about-you/gender")
    if js:
        check_accessibility(page)
    page.click(f'a[href="/{LOCALE}/about-you"]:text("Passer cette question")')  # skipped: nothing sent
    page.wait_for_url(f"**/{LOCALE}/about-you")
    answers = page.locator(".summary-list")
    expect(answers).to_contain_text("Moins de 25 ans")
    expect(answers).to_contain_text("Pas de réponse")
    page.click(f'.summary-list a[href="/{LOCALE}/about-you/gender"]')
    page.check("#gender-prefer_not")
    page.click(f'form[action="/{LOCALE}/about-you/gender"] button[type="submit"]:not([name])')
    page.wait_for_url(f"**/{LOCALE}/about-you?done=saved")
    expect(page.locator(".notice")).to_contain_text("Vos réponses sont enregistrées.")
    if js:
        check_accessibility(page)
    page.goto(f"{site}/{LOCALE}/plan")
    expect(page.locator("#about-you")).to_contain_text("Je préfère ne pas le dire")
