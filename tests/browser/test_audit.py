"""An analyst walks the skills audit: signs in, records a survey, imports a file with a bad row, reads the report
and downloads it. And axe-core on every audit page, in every language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from guide.core.settings import get_settings
from tests.browser.conftest import LAYOUT_ONLY, check_accessibility
from tests.conftest import STAFF_PASSWORD, make_staff
from tests.skills_audit.factories import respondent

BAD_FILE = (
    b"employer,sector,region,survey_date,vacancies,teamwork_level,teamwork_importance\n"
    b"Bouw NV,construction,BE254,2026-01-05,2,3,2\n"
    b"Zorg BV,care,XX999,2026-01-06,1,3,2\n"
)


def _analyst_with_data(db_engine) -> None:  # noqa: ANN001
    with Session(db_engine, expire_on_commit=False) as db:
        make_staff(db, "ana-analyst", ("analyst",))
        for i in range(12):
            respondent(db, "kortrijk", "care", {"teamwork": 3 if i < 9 else 2, "reliability": 4})


def _login(page: Page, site: str, locale: str) -> None:
    page.goto(f"{site}/{locale}/staff/audit")
    page.wait_for_url(re.compile(r".*/staff/login\?next="))
    page.fill("#username", "ana-analyst")
    page.fill("#password", STAFF_PASSWORD)
    page.click(f'form[action="/{locale}/staff/login"] button[type="submit"]')
    page.wait_for_url(f"**/{locale}/staff/audit")


def _release(page: Page) -> None:
    """Release the period offered, by keyboard: the interim choice while it runs, then the button."""
    interim = page.locator("#interim")
    if interim.count():
        interim.focus()
        page.keyboard.press("Space")
    page.locator(".release-offer button[type=submit]").focus()
    with page.expect_navigation(url=re.compile(r".*released=1")):  # the post, then its redirect to the report
        page.keyboard.press("Enter")


def test_an_analyst_records_imports_and_reads_the_report(browser: Browser, site: str, db_engine):
    _analyst_with_data(db_engine)
    page = browser.new_context(accept_downloads=True).new_page()
    _login(page, site, "en")
    page.click('a[href="/en/staff/audit/needs"]')
    page.click('a[href="/en/staff/audit/needs/new"]')
    page.fill("#employer", "Woonzorg De Linde")
    page.select_option("#sector", "care")
    page.select_option("#region", "BE254")
    page.fill("#survey_date", "2026-01-10")
    page.fill("#vacancies", "4")
    page.select_option("#teamwork_level", "3")
    page.select_option("#teamwork_importance", "3")
    page.select_option("#reliability_level", "4")
    page.select_option("#reliability_importance", "2")
    page.click('form[action="/en/staff/audit/needs/new"] button[type="submit"]')
    expect(page.locator(".notice")).to_contain_text("The survey is saved.")
    expect(page.locator("table")).to_contain_text("Woonzorg De Linde")

    page.click('a[href="/en/staff/audit/needs/import"]')
    page.set_input_files("#file", {"name": "needs.csv", "mimeType": "text/csv", "buffer": BAD_FILE})
    page.click('form[action="/en/staff/audit/needs/import"] button[type="submit"]')
    expect(page.locator(".error-summary")).to_contain_text("Nothing was imported")
    expect(page.locator("table.import-problems")).to_contain_text("“XX999” is not a partner region")
    page.goto(f"{site}/en/staff/audit/needs")
    expect(page.locator("main")).not_to_contain_text("Bouw NV")  # nothing of the bad file was saved

    page.goto(f"{site}/en/staff/audit/report")
    expect(page.locator("#period option", has_text="-Q")).to_have_count(0)  # years only: quarters would overlap
    page.select_option("#region", "BE254")
    page.select_option("#sector", "care")
    page.select_option("#period", "2026")
    page.click('form.report-form button[type="submit"]')
    # nothing is shown before the period is released (issue 13): the analyst releases it, by keyboard
    expect(page.locator(".release-offer")).to_contain_text("2026 has not been released yet")
    expect(page.locator("#figures-teamwork")).to_have_count(0)
    _release(page)
    expect(page.locator(".notice[role=status]")).to_contain_text("The period is released")
    expect(page.locator(".gap-sentences")).to_contain_text(
        "Of the 12 job seekers in Kortrijk aiming at care and child minding who answered about “Being reliable at "
        "work”, 100% feel at ease at the level employers ask or higher."
    )
    expect(page.locator("#figures-teamwork")).to_contain_text("hidden (fewer than 5)")
    with page.expect_download() as info:
        page.click('a[href*="/report/download/csv"]')
    download = info.value
    assert download.suggested_filename == "audit-BE254-care-2026.csv"
    content = download.path().read_text(encoding="utf-8-sig")
    assert "Being reliable at work" in content and "Woonzorg" not in content

    # an old link to a quarter: refused as a form error, the quarter kept in view; a year then works
    page.goto(f"{site}/en/staff/audit/report?region=BE254&sector=care&period=2026-Q1")
    expect(page.locator(".error-summary")).to_contain_text(
        "“2026-Q1” is a quarter, but reports are made per year. Write a year, like 2026."
    )
    expect(page.locator("#period")).to_have_value("2026-Q1")
    page.select_option("#period", "2026")
    page.click('form.report-form button[type="submit"]')
    expect(page.locator(".error-summary")).to_have_count(0)
    expect(page.locator("h2.report-title")).to_contain_text("2026")


@LAYOUT_ONLY
@pytest.mark.parametrize("locale", get_settings().languages)
def test_every_audit_page_has_no_axe_violation(browser: Browser, site: str, db_engine, locale: str):
    _analyst_with_data(db_engine)
    page = browser.new_context().new_page()
    _login(page, site, locale)
    check_accessibility(page)
    base = f"{site}/{locale}/staff/audit"
    page.goto(base + "/report?region=BE254&sector=care&period=2026")
    check_accessibility(page)  # not released yet: the offer to release it
    _release(page)
    for path in ("/needs", "/needs/new", "/needs/import", "/indicators", "/report",
                 "/report?region=BE254&sector=care&period=2026", "/report?region=XX&sector=care&period=2026",
                 "/report?region=BE254&sector=care&period=2025", "/report?region=BE254&sector=care&period=2026-Q2",
                 "/indicators?year=abc"):
        page.goto(base + path)
        check_accessibility(page)
    page.goto(base + "/needs/new")
    page.click(f'form[action="/{locale}/staff/audit/needs/new"] button[type="submit"]')
    check_accessibility(page)  # the form with its errors
    page.goto(base + "/needs/import")
    page.set_input_files("#file", {"name": "needs.csv", "mimeType": "text/csv", "buffer": BAD_FILE})
    page.click(f'form[action="/{locale}/staff/audit/needs/import"] button[type="submit"]')
    check_accessibility(page)  # the problems of a file
    page.context.close()
