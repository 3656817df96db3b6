"""The "Where people stop" page (issue 15) in a browser: axe-core in every language with hidden figures and medians
on it, the quarter chosen by keyboard, and no sideways scrolling at 320 px (the wide tables stack)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import Session

from guide.audit_pages.tables import STOPS
from guide.core.db import writing
from guide.core.settings import get_settings
from guide.journeys.models import StepProgress
from guide.journeys.service import start_journey
from tests.browser.conftest import LAYOUT_ONLY, check_accessibility
from tests.browser.test_editor import _login
from tests.conftest import make_staff
from tests.skills_audit.factories import release_quarter
from tests.workshops.factories import secret


@LAYOUT_ONLY
@pytest.mark.parametrize("locale", get_settings().languages)
def test_the_stops_page_has_no_axe_violation(browser: Browser, site: str, db_engine, locale: str):
    now = datetime.now(UTC)
    with Session(db_engine, expire_on_commit=False) as db:
        make_staff(db, "stops-analyst", ("analyst",))
        for n in range(9):  # Kortrijk: 7 at step 1 (its median shown), Medway 2 (hidden)
            with writing(db):
                journey, _code = start_journey(db, secret(), "kortrijk" if n < 7 else "medway", locale)
                db.add(StepProgress(journey_id=journey.id, centre_id=journey.centre_id, step=1, status="completed",
                                    updated_at=now + timedelta(minutes=5)))
        release_quarter(db, STOPS, f"{now.year}-Q{(now.month - 1) // 3 + 1}")  # the page shows releases only
    page = browser.new_page()
    _login(page, site, locale, "stops-analyst", f"/{locale}/staff/audit/stops")
    expect(page.locator("table.breakdown-table").first).to_be_visible()
    assert page.locator("#stops-counts ~ div td.hidden-figure, td.hidden-figure").count() > 0
    check_accessibility(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320  # no sideways scrolling
    check_accessibility(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.focus("#quarter")  # the quarter chosen by keyboard, the plain GET form sent with Enter
    page.keyboard.press("Home")
    page.focus('form[action$="/staff/audit/stops"] button[type="submit"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**quarter=1**")
    check_accessibility(page)
    page.goto(f"{site}/{locale}/staff/audit/stops?year=abc")
    check_accessibility(page)  # a year not on the list
    page.close()
