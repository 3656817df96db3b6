"""A reader in Dutch answers "Was this clear?" at the end of a step, with JavaScript (keyboard only) and without: the
answer typed in the step is saved on the way, the thanks are said where the form was, nothing typed reaches the log;
a comment with markup comes back on the form's own page, kept. axe-core on both pages (with JavaScript)."""

from __future__ import annotations

import logging

import pytest
from playwright.sync_api import Browser
from sqlmodel import Session, select

from guide.content.library import get_library
from guide.feedback.models import ReaderFeedback
from tests.browser.conftest import check_accessibility
from tests.browser.test_journey_walk import tab_to

LOCALE = "nl"


@pytest.mark.parametrize("mode", ["keyboard", "no-javascript"])
def test_a_reader_says_a_step_was_partly_clear(browser: Browser, site: str, db_engine, caplog, mode: str) -> None:  # noqa: ANN001
    caplog.set_level(logging.DEBUG)
    keyboard = mode == "keyboard"
    page = browser.new_context(java_script_enabled=keyboard).new_page()
    page.goto(f"{site}/{LOCALE}/")
    page.check('input[name="centre"][value="kortrijk"]')
    page.click(f'form[action="/{LOCALE}/start"] button[type="submit"]')
    page.wait_for_load_state("load")
    page.goto(f"{site}/{LOCALE}/steps/2")
    question = f"#answer-{get_library().step(LOCALE, 2).questions[0].id}"
    page.fill(question, "Ik werk graag met mensen.")  # typed, not saved yet: no button pressed
    if keyboard:
        tab_to(page, "#clear-yes", limit=200)  # a group of radios is one stop; the arrows choose in it
        page.keyboard.press("ArrowDown")
        tab_to(page, "#hard-hard_words", limit=20)
        page.keyboard.press("Space")
        tab_to(page, "#comment", limit=20)
        page.keyboard.type("Het woord ‘competentie’ ken ik niet.")
        tab_to(page, '#feedback button[value="feedback"]', limit=5)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    else:
        page.check("#clear-partly")
        page.check("#hard-hard_words")
        page.fill("#comment", "Het woord ‘competentie’ ken ik niet.")
        with page.expect_navigation():
            page.click('#feedback button[value="feedback"]')
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/{LOCALE}/steps/2?feedback=sent#feedback")
    assert page.locator('#feedback .notice[role="status"]').inner_text().startswith("Bedankt.")
    assert page.input_value(question) == "Ik werk graag met mensen."  # saved on the way
    if keyboard:  # axe-core runs as a script in the page
        check_accessibility(page)
    with Session(db_engine) as db:
        [row] = db.exec(select(ReaderFeedback)).all()
        assert (row.about, row.locale, row.centre_id, row.clear, row.hard) == ("2", "nl", "kortrijk", "partly",
                                                                               "hard_words")
    assert "competentie" not in caplog.text
    page.goto(f"{site}/{LOCALE}/steps/2/feedback")
    page.fill("#comment", "<script>")
    page.click('form[action$="/steps/2/feedback"] button[type="submit"]')
    page.wait_for_load_state("load")
    assert page.locator(".error-summary a").count() == 2  # no answer chosen, and markup
    assert page.input_value("#comment") == "<script>"
    if keyboard:
        check_accessibility(page)
    page.context.close()
