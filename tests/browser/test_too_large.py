"""A save that is over the body limit, in a real browser: htmx shows the message at the top, and the text stays."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from guide.content.library import get_library
from guide.web.limits import FORM_BODY_LIMIT


def test_a_paste_over_the_limit_is_explained_and_kept_on_the_page(browser: Browser, site: str):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site}/nl/")
    page.check('input[name="centre"]')
    page.click('form[action="/nl/start"] button[type="submit"]')
    page.goto(f"{site}/nl/steps/1")
    q = get_library().step("nl", 1).questions[0].id
    pasted = "é" * (FORM_BODY_LIMIT // 4)  # 6 bytes each once form-encoded: over the limit
    page.fill(f"#answer-{q}", pasted)  # save as you go sends it (htmx)
    notice = page.locator("#main > #too-large[role=alert]")
    expect(notice).to_contain_text("Wat je stuurde is te lang", timeout=15000)
    page.evaluate("document.getElementById('too-large').dataset.first = 'yes'")
    page.locator(f"#answer-{q}").press("End")
    page.keyboard.type("!")  # another refused save (1.5 s later): its message replaces the first
    # Waited for by what the page shows, not by the response event, which a loaded machine was seen to miss.
    expect(page.locator("#too-large:not([data-first])")).to_have_count(1, timeout=30000)
    expect(page.locator("#too-large")).to_have_count(1)
    assert page.input_value(f"#answer-{q}") == pasted + "!"  # nothing typed is lost
    expect(page.locator("#step-form")).to_be_visible()
    context.close()
