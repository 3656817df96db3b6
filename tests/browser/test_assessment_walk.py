"""The self-assessment in Dutch, from the first statement to the result: with JavaScript, without it, and by
keyboard alone; then axe-core on every page of it in every language."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from guide.assessment.models import AssessmentAnswer
from guide.assessment.service import finish_take, record_answer, start_take
from guide.core.db import writing
from guide.core.settings import get_settings
from guide.journeys.models import Journey
from skills_audit.framework import get_framework
from tests.browser.conftest import LAYOUT_ONLY, check_accessibility
from tests.browser.test_journey_walk import tab_to

LOCALE = "nl"
CENTRE = "kortrijk"
FW = get_framework()
IDS = FW.statement_ids()
TOTAL = len(IDS)
CONTINUE = 'button[name="action"][value="answer"]'
SKIP = 'button[name="action"][value="skip"]'


def _value_for(n: int) -> int | None:
    """The answer given to statement n (0-based): strong on the first competence, weak on the second, one skip."""
    if n == 9:
        return None
    return 4 if n < 4 else (1 if n < 7 else 3)


def start(page: Page, site: str, locale: str = LOCALE, centre: str = CENTRE) -> None:
    page.goto(f"{site}/{locale}/")
    page.check(f'input[name="centre"][value="{centre}"]')
    page.click(f'form[action="/{locale}/start"] button[type="submit"]')
    page.wait_for_selector("#resume-code")


def choose(page: Page, value: int, keyboard: bool) -> None:
    if not keyboard:
        page.click(f'label[for="answer-{value}"]')  # the large label is the target a person clicks
        return
    tab_to(page, 'input[name="answer"]')
    page.keyboard.press("Space")
    for _ in range(len(FW.scale)):
        if page.is_checked(f"#answer-{value}"):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"could not choose {value} with the arrow keys")


def press(page: Page, selector: str, keyboard: bool) -> None:
    if keyboard:
        tab_to(page, selector)
        page.keyboard.press("Enter")
    else:
        page.click(selector)


def answer(page: Page, n: int, value: int | None, keyboard: bool, js: bool) -> None:
    expect(page.locator("#question-count")).to_contain_text(f"Vraag {n + 1} van {TOTAL}")
    if value is None:
        press(page, SKIP, keyboard)
    else:
        choose(page, value, keyboard)
        press(page, CONTINUE, keyboard)
    following = f"/questions/{IDS[n + 1]}" if n + 1 < TOTAL else "/check"
    page.wait_for_url(re.compile(re.escape(following) + "$"))
    if js:
        # htmx swapped the next question in: focus is on it, as a screen reader user needs
        page.wait_for_function("() => document.activeElement && document.activeElement.matches('[data-swap-focus]')")


def stored_answers(engine: Engine) -> dict[str, int | None]:
    with Session(engine) as db:
        return dict(db.exec(select(AssessmentAnswer.statement_id, AssessmentAnswer.value)).all())


@pytest.mark.parametrize("mode", ["javascript", "no-javascript", "keyboard"])
def test_dutch_walk_from_the_first_statement_to_the_result(browser: Browser, site: str, db_engine: Engine, mode: str):
    js, keyboard = mode != "no-javascript", mode == "keyboard"
    context = browser.new_context(java_script_enabled=js)
    page = context.new_page()
    start(page, site)
    page.goto(f"{site}/{LOCALE}/steps")
    press(page, f'#assessment-panel a[href="/{LOCALE}/assessment"]', keyboard)  # offered on the task list
    page.wait_for_url(f"**/{LOCALE}/assessment")
    press(page, f'form[action="/{LOCALE}/assessment/start"] button', keyboard)
    page.wait_for_url(re.compile(f"/questions/{IDS[0]}$"))

    # Continue without a choice: the message, and nothing stored
    press(page, CONTINUE, keyboard)
    expect(page.locator(".error-summary")).to_be_visible()
    assert stored_answers(db_engine) == {}

    for n in range(3):
        answer(page, n, _value_for(n), keyboard, js)
    # back, and change the answer to statement 3: then on to statement 4, which is still open
    press(page, ".back a", keyboard)
    page.wait_for_url(re.compile(f"/questions/{IDS[2]}$"))
    if js:  # the back link loaded a page; from here on every answer should be an htmx swap
        page.evaluate("() => { window.stillTheSamePage = true; }")
    assert page.is_checked(f"#answer-{_value_for(2)}")
    choose(page, 3, keyboard)
    press(page, CONTINUE, keyboard)
    page.wait_for_url(re.compile(f"/questions/{IDS[3]}$"))
    assert stored_answers(db_engine)[IDS[2]] == 3
    for n in range(3, TOTAL):
        answer(page, n, _value_for(n), keyboard, js)
    if js:
        assert page.evaluate("() => window.stillTheSamePage === true")  # every step was an htmx swap

    expected = {sid: _value_for(n) for n, sid in enumerate(IDS)}
    expected[IDS[2]] = 3
    assert stored_answers(db_engine) == expected  # every answer saved as given, the skip as a skip
    expect(page.locator("#check-summary")).to_contain_text(f"{TOTAL - 1} van de {TOTAL}")
    press(page, "#finish", keyboard)
    page.wait_for_url(re.compile(r"/result$"))
    done_well = page.inner_text("#done-well")
    assert "Dingen die je goed doet" in done_well
    assert FW.competence_name("self-confidence", LOCALE) in done_well
    practise = page.inner_text("#to-practise")
    assert FW.competence_name("motivation", LOCALE) in practise
    for sid in FW.competence("motivation").statements:  # each statement answered low, in the person's words
        assert FW.statement_text(sid, LOCALE) in practise
    assert page.locator("#to-practise a[href^='/nl/steps/']").count() >= 2
    assert page.locator("svg").count() == 0  # one table, not a chart saying it again
    assert page.locator("#levels-table tbody tr").count() == len(FW.competences)
    context.close()


def test_a_closed_browser_loses_nothing_and_the_code_brings_back_the_next_statement(browser: Browser, site: str):
    context = browser.new_context()
    page = context.new_page()
    start(page, site)
    code = page.inner_text("#resume-code").strip()
    page.goto(f"{site}/{LOCALE}/assessment")
    page.click(f'form[action="/{LOCALE}/assessment/start"] button')
    for n in range(5):
        answer(page, n, 2, keyboard=False, js=True)
    context.close()
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site}/{LOCALE}/resume")
    page.fill("#code", code)
    page.click(f'form[action="/{LOCALE}/resume"] button[type="submit"]')
    page.wait_for_url(re.compile(f"/questions/{IDS[5]}$"))
    expect(page.locator("#question-count")).to_contain_text(f"Vraag 6 van {TOTAL}")
    page.click(".back a")
    assert page.is_checked("#answer-2")
    context.close()


def _two_takes(engine: Engine) -> list[int]:
    """Give the only journey two finished takes, in March and in June (the domain sets their dates)."""
    march = datetime(2026, 3, 12, 10, 0, tzinfo=UTC)
    ids = []
    with Session(engine, expire_on_commit=False) as db, writing(db):
        journey = db.exec(select(Journey)).scalars().one()
        for when, lift in ((march, 0), (march + timedelta(days=92), 1)):
            take = start_take(db, journey, now=when)
            for n, sid in enumerate(IDS):
                record_answer(db, journey, take.id, sid, None if n == 0 else min(4, 1 + n % 4 + lift), now=when)
            finish_take(db, journey, take.id, now=when)
            ids.append(take.id)
    return ids


@LAYOUT_ONLY
@pytest.mark.parametrize("locale", get_settings().languages)
def test_every_assessment_page_has_no_axe_violation(browser: Browser, site: str, db_engine: Engine, locale: str):
    context = browser.new_context()
    page = context.new_page()

    def visit(path: str) -> None:
        page.goto(site + path)
        check_accessibility(page)

    start(page, site, locale, "medway")
    visit(f"/{locale}/steps")  # the task list with its panel
    visit(f"/{locale}/steps/5")  # step 5 offers it
    visit(f"/{locale}/assessment")  # the overview, before a first take
    page.click(f'form[action="/{locale}/assessment/start"] button')
    page.wait_for_url(re.compile(r"/questions/"))
    check_accessibility(page)  # a question
    take_url = page.url
    page.click(CONTINUE)
    expect(page.locator(".error-summary")).to_be_visible()
    check_accessibility(page)  # a question with its error, swapped in by htmx
    page.click('label[for="answer-3"]')
    page.click(CONTINUE)
    page.wait_for_url(re.compile(f"/questions/{IDS[1]}$"))
    check_accessibility(page)  # the next question, swapped in by htmx
    take_id = int(re.search(r"/assessment/(\d+)/", take_url).group(1))
    visit(f"/{locale}/assessment/{take_id}/check")
    page.click("#finish")
    page.wait_for_url(re.compile(r"/result$"))
    check_accessibility(page)  # a first result
    visit(f"/{locale}/assessment/999999/result")  # a take that is not there: the message page
    # two more takes, months apart: the result compares, the overview offers to take it again
    _first_id, second_id = _two_takes(db_engine)
    visit(f"/{locale}/assessment/{second_id}/result")
    assert page.locator("#levels-table tbody tr").count() == len(FW.competences)
    assert page.locator("#levels-table thead th").count() == 4  # skill, first time, this time, change
    visit(f"/{locale}/assessment")  # the take-again page, with every result
    visit(f"/{locale}/plan")
    context.close()
