"""Group workshops (issue 18) in a browser: a facilitator's projector view and participants in their own browser
contexts (one without JavaScript) who join with the code, tick an item and answer the quick poll; the counts on the
projector change by themselves (server-sent events: guide.workshops.stream), a facilitator without JavaScript sees
them with the refresh link, the poll's chart shows only from 3 answers. And axe-core on every new page, in every
language."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlmodel import Session

from guide.core.settings import get_settings
from tests.browser.conftest import LAYOUT_ONLY, check_accessibility
from tests.browser.test_editor import _login
from tests.conftest import make_staff
from tests.workshops.factories import add_workshop

POLL_WAIT_MS = 6000  # a count shows within a quarter of a second of the stream's look, or by the 5 s fallback poll


def _start(page: Page, site: str, locale: str) -> None:
    """A new journey at Medway, then its list of steps."""
    page.goto(f"{site}/{locale}/")
    page.check('input[name="centre"][value="medway"]')
    page.click(f'form[action="/{locale}/start"] [type="submit"]')
    page.wait_for_load_state("load")
    page.goto(f"{site}/{locale}/steps")


def _participant(browser: Browser, site: str, code: str, locale: str = "en",
                 javascript: bool = True) -> tuple[BrowserContext, Page]:
    """A new journey in a browser of its own, joined to the workshop from the list of steps."""
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    _start(page, site, locale)
    page.fill("#join-code", code.lower())
    page.click(f'form[action="/{locale}/workshop/join"] [type="submit"]')
    page.wait_for_url(f"**/{locale}/steps?workshop=joined")
    expect(page.locator("#workshop-banner")).to_be_visible()
    return context, page


def _answer(page: Page, site: str, value: int) -> None:
    page.goto(f"{site}/en/steps")
    page.check(f"#poll-{value}")
    page.click('form[action="/en/workshop/poll"] [type="submit"]')
    page.wait_for_url("**/en/steps?workshop=answered")
    expect(page.locator("#workshop-banner")).to_contain_text("Thank you: your answer is counted.")


def test_participants_join_tick_and_answer_and_the_projector_follows(browser: Browser, site: str, db_engine):
    with Session(db_engine, expire_on_commit=False) as db:
        make_staff(db, "room-helper", ("helper",))
        workshop_id, code = add_workshop(db, topic="1")
    screen = browser.new_context()
    facilitator = screen.new_page()
    streams: list[str] = []
    facilitator.on("request", lambda r: streams.append(r.resource_type) if "/screen/stream" in r.url else None)
    _login(facilitator, site, "en", "room-helper", f"/en/staff/workshops/{workshop_id}/screen")
    expect(facilitator.locator("#screen-code")).to_have_text(code)
    expect(facilitator.locator("#count-joined")).to_have_text("0")
    expect(facilitator.locator("#refresh-counts")).to_be_hidden()  # in <noscript>
    plain_screen = browser.new_context(java_script_enabled=False)
    facilitator_plain = plain_screen.new_page()
    _login(facilitator_plain, site, "en", "room-helper", f"/en/staff/workshops/{workshop_id}/screen")
    expect(facilitator_plain.locator("#count-joined")).to_have_text("0")

    with_js, page_js = _participant(browser, site, code)
    without_js, page_plain = _participant(browser, site, code, javascript=False)
    expect(facilitator.locator("#count-joined")).to_have_text("2", timeout=POLL_WAIT_MS)  # no reload: pushed
    assert "eventsource" in streams
    facilitator_plain.click("#refresh-counts")  # without JavaScript: the link loads the counts again
    expect(facilitator_plain.locator("#count-joined")).to_have_text("2")
    plain_screen.close()

    item = facilitator.locator("dt", has_text="Write down what you like to do").locator("xpath=following-sibling::dd")
    expect(item).to_have_text("0")
    page_js.goto(f"{site}/en/steps/1")
    expect(page_js.locator("#workshop-banner")).to_be_visible()
    page_js.check("#tick-enjoy")  # saved as you go
    expect(page_js.locator("#save-status")).to_contain_text("Saved", timeout=POLL_WAIT_MS)
    expect(item).to_have_text("1", timeout=POLL_WAIT_MS)
    page_plain.goto(f"{site}/en/steps/1")
    page_plain.check("#tick-enjoy")
    page_plain.click('#step-form button[name="go"][value="list"]')  # without JavaScript: saved by the button
    page_plain.wait_for_load_state("load")
    expect(item).to_have_text("2", timeout=POLL_WAIT_MS)

    facilitator.click('form[action$="/poll"] [type="submit"]')
    facilitator.wait_for_url(f"**/en/staff/workshops/{workshop_id}/screen?done=poll")
    _answer(page_js, site, 3)
    _answer(page_plain, site, 2)
    expect(facilitator.locator("#poll-waiting")).to_have_text("Waiting for at least 3 answers.",
                                                              timeout=POLL_WAIT_MS)
    expect(facilitator.locator("#poll-chart")).to_have_count(0)  # two answers: no chart, no figures
    third, page_third = _participant(browser, site, code)
    _answer(page_third, site, 4)
    expect(facilitator.locator("#poll-chart")).to_be_visible(timeout=POLL_WAIT_MS)
    expect(facilitator.locator("#count-joined")).to_have_text("3")
    # counts only: no journey, code or answer of anyone on the facilitator's screen
    assert "enjoy" not in facilitator.locator("#live-counts").inner_html()
    for context in (with_js, without_js, third, screen):  # the screen's stream ends with its browser
        context.close()


@LAYOUT_ONLY
@pytest.mark.parametrize("locale", get_settings().languages)
def test_every_workshop_page_has_no_axe_violation(browser: Browser, site: str, db_engine, locale: str):
    with Session(db_engine, expire_on_commit=False) as db:
        make_staff(db, "axe-helper", ("helper",))
        workshop_id, code = add_workshop(db, topic="2", language=locale)
    staff_context = browser.new_context()
    staff = staff_context.new_page()
    _login(staff, site, locale, "axe-helper", f"/{locale}/staff/workshops")
    check_accessibility(staff)  # the list
    staff.goto(f"{site}/{locale}/staff/workshops/new")
    check_accessibility(staff)
    staff.fill("#day", "2020-01-01")
    staff.click(f'form[action="/{locale}/staff/workshops"] [type="submit"]')
    expect(staff.locator(".error-summary")).to_be_visible()
    check_accessibility(staff)  # the form with its errors
    staff.set_viewport_size({"width": 320, "height": 800})
    assert staff.evaluate("() => document.documentElement.scrollWidth") <= 320
    staff.set_viewport_size({"width": 1280, "height": 720})
    staff.goto(f"{site}/{locale}/staff/workshops/{workshop_id}")
    check_accessibility(staff)  # the workshop page, its code big
    staff.click(f'form[action="/{locale}/staff/workshops/{workshop_id}/poll"] [type="submit"]')
    staff.wait_for_load_state("load")
    staff.goto(f"{site}/{locale}/staff/workshops/{workshop_id}/screen?section=2")
    check_accessibility(staff)  # the projector view with the poll waiting
    staff.set_viewport_size({"width": 320, "height": 800})
    assert staff.evaluate("() => document.documentElement.scrollWidth") <= 320

    context = browser.new_context()
    page = context.new_page()
    _start(page, site, locale)
    check_accessibility(page)  # the list of steps with the form to join
    page.fill("#join-code", "ACDEFG")
    page.click(f'form[action="/{locale}/workshop/join"] [type="submit"]')
    expect(page.locator(".error-summary")).to_be_visible()
    check_accessibility(page)  # a wrong code, kept
    page.fill("#code", code)
    page.click(f'form[action="/{locale}/workshop/join"] [type="submit"]')
    page.wait_for_url(f"**/{locale}/steps?workshop=joined")
    check_accessibility(page)  # the banner with the poll
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 720})
    page.click(f'form[action="/{locale}/workshop/poll"] [type="submit"]')  # nothing chosen
    expect(page.locator(".error-summary")).to_be_visible()
    check_accessibility(page)
    page.goto(f"{site}/{locale}/steps/2")
    check_accessibility(page)  # a step with the banner
    page.goto(f"{site}/{locale}/plan")
    check_accessibility(page)  # My plan with the workshop attended
    context.close()
    staff_context.close()  # its projector view's stream ends with it
