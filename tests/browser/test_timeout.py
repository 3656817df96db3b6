"""The time-out on a shared PC: the warning hides the page, a save never counts as the person being there, the
session ends on time and keeps what was typed; "Continue working" keeps it going."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Browser, Page, expect

from guide.content.library import get_library
from guide.core.i18n import translations
from guide.journeys.routes import NOTICES
from tests.browser.conftest import POSTGRESQL_TOO, check_accessibility

pytestmark = POSTGRESQL_TOO  # resuming after the browser closed, and time-outs: the database's timing too

LOCALE = "en"
# Seconds, kept short so both tests together wait about 12 s: the server's time-out, and the warning before the
# page's own end, which comes a touch interval (a tenth of so short a time-out, see guide.sessions.policy)
# before the server's.
TIMEOUT, WARNING = 6.0, 3.0
PAGE_TIMEOUT = TIMEOUT * 0.9
ANSWER = "I cook for my family every day."


@pytest.fixture
def short_timeout(monkeypatch: pytest.MonkeyPatch) -> float:
    """A 6-second session; returns when the page ends it, in seconds after the person's last input."""
    from guide.core.settings import get_settings

    monkeypatch.setattr(get_settings(), "session_timeout_minutes", TIMEOUT / 60)
    monkeypatch.setattr(get_settings(), "session_warning_minutes", WARNING / 60)
    return PAGE_TIMEOUT


def _start(page: Page, site: str) -> str:
    page.goto(f"{site}/{LOCALE}/")
    page.check('input[value="medway"]')
    page.click(f'form[action="/{LOCALE}/start"] button[type="submit"]')
    return page.inner_text("#resume-code").strip()


def _type_an_answer(page: Page, site: str) -> tuple[str, float]:
    """On step 1, type into the first question with real key presses and leave the focus there; returns the text
    box's selector and the time of the last key."""
    page.goto(f"{site}/{LOCALE}/steps/1")
    box = f"#answer-{get_library().step(LOCALE, 1).questions[0].id}"
    page.click(box)
    page.keyboard.type(ANSWER, delay=5)
    typed = time.monotonic()
    assert page.evaluate("s => document.activeElement.matches(s)", box)
    return box, typed


def _assert_page_hidden(page: Page) -> None:
    assert not page.locator("main").is_visible()
    assert not page.locator(".site-header").is_visible()
    backdrop = page.evaluate(
        "() => getComputedStyle(document.getElementById('timeout-warning'), '::backdrop').backgroundColor"
    )
    assert re.fullmatch(r"rgb\(\d+, \d+, \d+\)", backdrop), backdrop  # opaque: no alpha


def test_the_session_ends_on_time_with_an_answer_typed_and_nothing_is_lost(
    browser: Browser, site: str, short_timeout: float
):
    context = browser.new_context()
    page = context.new_page()
    code = _start(page, site)
    box, typed = _type_an_answer(page, site)

    dialog = page.locator("#timeout-warning")
    expect(dialog).to_be_visible(timeout=(short_timeout - WARNING + 2) * 1000)
    assert time.monotonic() - typed >= short_timeout - WARNING - 0.5  # the warning came when it should, not sooner
    _assert_page_hidden(page)  # the answer cannot be read behind the warning
    page.keyboard.press("Escape")  # does not dismiss the warning, and does not count as "Continue working"
    page.wait_for_timeout(100)
    expect(dialog).to_be_visible()
    _assert_page_hidden(page)

    # The blur when the warning took the focus sent a save; the session still ends on time, not a whole time-out
    # after that save.
    page.wait_for_url(f"**/{LOCALE}/?notice=timeout", timeout=(WARNING + 3) * 1000)
    ended = time.monotonic() - typed
    assert short_timeout - 0.5 <= ended <= TIMEOUT + 1, ended  # not a time-out after the save: that is 8 s and more
    expect(page.locator(".notice")).to_contain_text(translations(LOCALE).gettext(NOTICES["timeout"]))
    assert [c for c in context.cookies() if c["name"] == "ts_session"] == []
    context.close()

    # Nothing typed is lost: the code brings the answer back.
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site}/{LOCALE}/resume")
    page.fill("#code", code)
    page.click(f'form[action="/{LOCALE}/resume"] button[type="submit"]')
    page.wait_for_url(f"**/{LOCALE}/steps")
    page.goto(f"{site}/{LOCALE}/steps/1")
    assert page.input_value(box) == ANSWER
    context.close()


def test_continue_working_keeps_the_session_past_its_first_deadline(browser: Browser, site: str, short_timeout: float):
    context = browser.new_context()
    page = context.new_page()
    _start(page, site)
    box, typed = _type_an_answer(page, site)

    dialog = page.locator("#timeout-warning")
    expect(dialog).to_be_visible(timeout=(short_timeout - WARNING + 2) * 1000)
    _assert_page_hidden(page)
    assert page.evaluate("() => document.activeElement.closest('#timeout-warning') !== null")  # focus in the dialog
    check_accessibility(page)
    page.click("[data-keepalive]")
    expect(dialog).to_be_hidden()
    expect(page.locator("main")).to_be_visible()
    assert page.evaluate("s => document.activeElement.matches(s)", box)  # back where the person was typing

    # Past the deadlines the page and the server had before "Continue working": still signed in on both.
    page.wait_for_timeout(max(0.0, typed + TIMEOUT + 0.3 - time.monotonic()) * 1000)
    assert page.url.endswith(f"/{LOCALE}/steps/1")
    page.goto(f"{site}/{LOCALE}/steps")
    assert page.url.endswith(f"/{LOCALE}/steps")
    context.close()
