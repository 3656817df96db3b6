"""The pages that use htmx run under the Content Security Policy without a single complaint: htmx is configured so that
it needs nothing inline (base.html's htmx-config: no indicator <style>, no eval), and its indicator styles come from
app.css."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, ConsoleMessage, expect

from guide.content.library import get_library

# Every Content Security Policy violation in the page, as the browser reports it (before any script of the page).
LISTEN = """window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' +
  (e.blockedURI || 'inline') + ' ' + (e.sample || '')));"""


def test_htmx_pages_raise_no_console_error_or_csp_violation(browser: Browser, site: str):
    context = browser.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    errors: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            errors.append(f"{page.url}: {message.type}: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    violations: list[str] = []

    def collect() -> None:
        violations.extend(f"{page.url}: {v}" for v in page.evaluate("window.__violations"))

    page.goto(f"{site}/en/")
    page.check('input[name="centre"][value="medway"]')
    page.click('form[action="/en/start"] button[type="submit"]')
    page.wait_for_url("**/en/start")
    page.goto(f"{site}/en/steps/1")
    assert page.evaluate("typeof window.htmx") == "object"
    question = get_library().step("en", 1).questions[0]
    with page.expect_response(re.compile(r"/en/steps/1/save$")):  # save as you go: an htmx request
        page.fill(f"#answer-{question.id}", "I repair bikes for my neighbours")
    expect(page.locator("#save-status")).to_contain_text("Saved")
    collect()
    page.goto(f"{site}/en/assessment")
    page.click('form[action="/en/assessment/start"] button')
    page.wait_for_url(re.compile(r"/questions/"))
    page.click('label[for="answer-3"]')
    with page.expect_response(re.compile(r"/questions/")):  # the next statement, swapped in by htmx
        page.click('button[name="action"][value="answer"]')
    collect()
    context.close()
    assert violations == []
    assert errors == []
