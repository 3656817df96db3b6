"""The breakdowns page (issues 16 and 18) in a browser: axe-core in every language with hidden figures on it, by
keyboard, and no sideways scrolling at 320 px (the wide tables stack)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import Session

from guide.audit_pages.tables import BREAKDOWNS
from guide.barriers.service import WANT_HELP, save_answers
from guide.core.db import writing
from guide.core.settings import get_settings
from guide.journeys.service import start_journey
from tests.browser.conftest import LAYOUT_ONLY, check_accessibility
from tests.browser.test_editor import _login
from tests.conftest import make_staff
from tests.skills_audit.factories import release_quarter
from tests.workshops.factories import add_workshop, secret


@LAYOUT_ONLY
@pytest.mark.parametrize("locale", get_settings().languages)
def test_the_breakdowns_page_has_no_axe_violation(browser: Browser, site: str, db_engine, locale: str):
    now = datetime.now(UTC)
    with Session(db_engine, expire_on_commit=False) as db:
        make_staff(db, "breakdowns-analyst", ("analyst",))
        made = []
        for n in range(9):
            with writing(db):
                journey, _code = start_journey(db, secret(), "kortrijk" if n < 7 else "medway", locale)
                save_answers(db, journey.id, {"childcare": WANT_HELP}, now=now)
            made.append(journey.id)
        add_workshop(db, centre="medway", topic="2", starts_at=now - timedelta(hours=3),
                     ends_at=now - timedelta(hours=1), attendees=tuple(made[:2]))
        release_quarter(db, BREAKDOWNS, f"{now.year}-Q{(now.month - 1) // 3 + 1}")  # the page shows releases only
    page = browser.new_page()
    _login(page, site, locale, "breakdowns-analyst", f"/{locale}/staff/audit/breakdowns")
    expect(page.locator("table.breakdown-table").first).to_be_visible()
    assert page.locator("td.hidden-figure").count() > 0
    check_accessibility(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320  # no sideways scrolling
    check_accessibility(page)
    page.goto(f"{site}/{locale}/staff/audit/breakdowns?year=abc")
    check_accessibility(page)  # a year not on the list
    page.close()
