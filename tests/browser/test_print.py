"""Printed pages, as Chromium prints them: no heading left alone at the bottom of a page, and no page spent on a few
words, for a French job seeker's My plan and an analyst's report."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Browser, Page
from pypdf import PdfReader
from sqlmodel import Session

from tests.conftest import STAFF_PASSWORD, make_staff
from tests.skills_audit.factories import release, respondent, survey

MIN_WORDS_ON_A_PAGE = 20  # fewer on a page of its own is a page wasted


def _pages(page: Page) -> list[list[str]]:
    """The printed PDF's pages, each as its lines of text."""
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return [[line.strip() for line in p.extract_text().splitlines() if line.strip()] for p in reader.pages]


def _headings(page: Page) -> set[str]:
    texts = page.eval_on_selector_all("main h1, main h2, main h3", "els => els.map(e => e.innerText)")
    return {" ".join(t.split()) for t in texts}


def _check_breaks(page: Page) -> list[list[str]]:
    page.emulate_media(media="print")
    headings = _headings(page)
    pages = _pages(page)
    for number, lines in enumerate(pages, start=1):
        if number < len(pages):  # a heading that ends a page has left what it introduces on the next one
            assert " ".join(lines[-1].split()) not in headings, (number, lines[-1])
        assert len(" ".join(lines).split()) >= MIN_WORDS_ON_A_PAGE, (number, lines)
    return pages


def test_a_french_plan_prints_without_a_stranded_heading_or_a_wasted_page(browser: Browser, site: str):
    page = browser.new_page()
    page.goto(f"{site}/fr/")
    page.check('input[value="kortrijk"]')
    page.click('form[action="/fr/start"] button[type="submit"]')
    page.wait_for_selector("#resume-code")
    page.goto(f"{site}/fr/plan")
    pages = _check_breaks(page)
    printed = [line for lines in pages for line in lines]
    assert any("Mon autoévaluation" in line for line in printed)  # the whole plan is printed, to its last section
    assert any("Ce qui s’est passé ensuite" in line for line in pages[-1])
    page.close()


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_the_report_prints_without_a_stranded_heading_and_with_whole_charts(browser: Browser, site: str, db_engine,
                                                                          locale: str):
    with Session(db_engine, expire_on_commit=False) as db:
        make_staff(db, "ana-analyst", ("analyst",))
        for i in range(40):
            respondent(db, "kortrijk", "care", {c: 1 + (i + n) % 4 for n, c in enumerate(
                ("self-confidence", "motivation", "teamwork", "communication", "presenting", "reliability",
                 "problem-solving", "learning"))})
        survey(db, "BE254", "care", {"teamwork": (3, 3), "reliability": (4, 2), "learning": (2, 1)})
        release(db)
    page = browser.new_page()
    page.goto(f"{site}/{locale}/staff/login")
    page.fill("#username", "ana-analyst")
    page.fill("#password", STAFF_PASSWORD)
    page.click(f'form[action="/{locale}/staff/login"] button[type="submit"]')
    page.wait_for_url(re.compile(r".*/staff/audit$"))
    page.goto(f"{site}/{locale}/staff/audit/report?region=BE254&sector=care&period=2026")
    _check_breaks(page)
    # every chart fits on one page: its printed height is less than A4's printable height (297 mm - 2 × 15 mm)
    heights = page.eval_on_selector_all("figure.chart", "els => els.map(e => e.getBoundingClientRect().height)")
    assert heights and all(h < 267 / 25.4 * 96 for h in heights), heights
    page.close()
