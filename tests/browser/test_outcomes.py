"""What happened next, in French, in a browser: a job recorded one question per page, then 13 weeks later (the
outcomes' clock moved on) the person comes back with their code, answers the check-in and sees it on My plan; axe on
every page of the way, and the coach sees the wish to talk. Without JavaScript too: every form is a plain post."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from guide.outcomes import service
from tests.browser.conftest import check_accessibility
from tests.conftest import STAFF_PASSWORD, make_staff

FR = "fr"


def _submit(page: Page, action: str) -> None:
    page.click(f'form[action="{action}"] [type="submit"]')
    page.wait_for_load_state("load")


def _record_a_job(page: Page, site: str, axe: Callable[[Page], None]) -> None:
    page.goto(f"{site}/{FR}/plan")
    page.click(f'#outcomes a[href="/{FR}/outcomes/kind"]')
    page.wait_for_url(f"**/{FR}/outcomes/kind")
    axe(page)
    _submit(page, f"/{FR}/outcomes/kind")  # nothing chosen
    expect(page.locator(".error-summary")).to_contain_text("Choisissez ce que vous avez commencé.")
    axe(page)
    page.check("#kind-job")
    _submit(page, f"/{FR}/outcomes/kind")
    axe(page)
    page.check("#hours-over_30")
    _submit(page, f"/{FR}/outcomes/hours")
    page.check("#contract-permanent")
    _submit(page, f"/{FR}/outcomes/contract")
    axe(page)
    today = date.today()
    # A month to come, or in December (the years offered end with this one) the month before the journey began:
    # refused, the choice kept.
    wrong, words = ((today.month + 1, "Ce mois est dans le futur.") if today.month < 12 else
                    (today.month - 1, "C’est avant que vous commenciez le guide."))
    page.select_option("#start-month", str(wrong))
    page.select_option("#start-year", str(today.year))
    _submit(page, f"/{FR}/outcomes/start")
    expect(page.locator(".error-summary")).to_contain_text(words)
    assert page.input_value("#start-month") == str(wrong)
    axe(page)
    page.select_option("#start-month", str(today.month))
    page.select_option("#start-year", str(today.year))
    _submit(page, f"/{FR}/outcomes/start")
    expect(page.locator("h1")).to_have_text("Vérifiez vos réponses")
    axe(page)
    _submit(page, f"/{FR}/outcomes/check")
    page.wait_for_url(f"**/{FR}/plan?done=saved#outcomes")
    expect(page.locator("#outcomes")).to_contain_text("Un emploi")
    expect(page.locator("#outcomes")).to_contain_text("Revenez le ")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_job_then_the_13_week_check_in_in_french(browser: Browser, site: str, db_engine, monkeypatch,
                                                   javascript: bool):
    # axe-core runs in the page: without JavaScript it cannot, and the walk checks the forms work as plain posts
    axe: Callable[[Page], None] = check_accessibility if javascript else lambda _page: None
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{site}/{FR}/")
    page.check('input[name="centre"][value="medway"]')
    _submit(page, f"/{FR}/start")
    code = page.inner_text("#resume-code").strip()
    _record_a_job(page, site, axe)
    _submit(page, f"/{FR}/stop")  # gone for 13 weeks

    later = datetime.now(UTC) + timedelta(weeks=13)
    monkeypatch.setattr(service, "utcnow", lambda: later)  # the server runs in this process: its outcomes' clock
    page.goto(f"{site}/{FR}/resume")
    page.fill("#code", code)
    _submit(page, f"/{FR}/resume")
    page.goto(f"{site}/{FR}/plan")
    expect(page.locator("#outcomes")).to_contain_text("Comment se passe votre emploi\u202f?")
    axe(page)
    page.click("#outcomes a[href*='/outcomes/checkins/']")
    page.wait_for_load_state("load")
    checkin = re.search(r"/outcomes/checkins/(\d+)", page.url)
    assert checkin, page.url
    base = f"/{FR}/outcomes/checkins/{checkin.group(1)}"
    axe(page)
    _submit(page, base)  # nothing chosen
    expect(page.locator(".error-summary")).to_contain_text("Choisissez comment ça se passe.")
    axe(page)
    page.check("#status-still_there")
    _submit(page, base)
    expect(page.locator("h1")).to_have_text("Qu’est-ce qui est difficile maintenant\u202f?")
    axe(page)
    page.check("#hard-travel")
    page.check("#hard-childcare")
    _submit(page, base + "/hard")
    axe(page)
    page.check("#coach-yes")
    _submit(page, base + "/coach")
    page.wait_for_url(f"**/{FR}/plan?done=checked_in#outcomes")
    expect(page.locator(".notice").first).to_contain_text("Merci de nous avoir dit comment ça se passe.")
    expect(page.locator("#outcomes")).to_contain_text("Après 13 semaines\u202f: J’y suis toujours")
    expect(page.locator("#outcomes")).not_to_contain_text("Comment se passe votre emploi")
    axe(page)
    page.click("#outcomes a[href$='/remove']")
    page.wait_for_load_state("load")
    axe(page)
    context.close()
    with Session(db_engine) as db:
        make_staff(db, "unused-coach")  # the database is a live one: the test leaves it usable


def test_a_coach_records_a_training_for_a_client_by_keyboard(browser: Browser, site: str, db_engine):
    """The coach's page of every question, by keyboard only: nothing chosen (the error summary), then a training
    started this month, marked as checked; the client sees on My plan that a coach told us and that it is checked."""
    with Session(db_engine) as db:
        make_staff(db, "keyboard-coach")
    client = browser.new_context().new_page()
    client.set_default_timeout(10_000)
    client.goto(f"{site}/en/")
    client.check('input[name="centre"][value="medway"]')
    _submit(client, "/en/start")
    client.goto(f"{site}/en/share")
    client.check("#answers-no")
    client.check("#outcomes")  # lets the coach record what they started
    _submit(client, "/en/share")
    code = client.inner_text("#share-code").strip()

    coach = browser.new_context().new_page()
    coach.set_default_timeout(10_000)
    coach.goto(f"{site}/en/staff/login")
    coach.fill("#username", "keyboard-coach")
    coach.fill("#password", STAFF_PASSWORD)
    _submit(coach, "/en/staff/login")
    coach.goto(f"{site}/en/staff/caseload")
    coach.fill("#code", code)
    _submit(coach, "/en/staff/caseload")
    coach.click("a.client-link")
    coach.wait_for_load_state("load")
    link = coach.locator("a[href$='/outcomes/new']")
    link.focus()
    coach.keyboard.press("Enter")
    coach.wait_for_url("**/outcomes/new")
    check_accessibility(coach)
    form = coach.url.removeprefix(site)
    save = coach.locator(f'form[action="{form}"] [type="submit"]')
    save.focus()
    coach.keyboard.press("Enter")  # nothing chosen
    coach.wait_for_load_state("load")
    expect(coach.locator(".error-summary")).to_contain_text("Choose what you started.")
    expect(coach.locator(".error-summary")).to_contain_text("Choose the month and the year it started.")
    check_accessibility(coach)
    coach.locator("#kind-training").focus()
    coach.keyboard.press("Space")
    coach.locator("#start-month").focus()
    for _month in range(date.today().month):  # from "Choose a month" down to this month
        coach.keyboard.press("ArrowDown")
    coach.locator("#start-year").focus()
    coach.keyboard.press("ArrowDown")  # this year comes first
    coach.keyboard.press("Tab")  # on to "Save"
    coach.keyboard.press("Enter")
    coach.wait_for_url("**#outcomes")
    outcomes = coach.locator("main")
    expect(outcomes).to_contain_text("Training or a course")
    expect(outcomes).to_contain_text("Recorded by a coach.")
    check_accessibility(coach)
    coach.locator("form[action$='/checked'] button").focus()
    coach.keyboard.press("Enter")
    coach.wait_for_url("**#outcomes")
    expect(coach.locator("#outcomes ~ .panel .tag-done")).to_have_text("Checked")

    client.goto(f"{site}/en/plan")
    expect(client.locator("#outcomes")).to_contain_text("Training or a course")
    expect(client.locator("#outcomes")).to_contain_text("Your coach told us this.")
    expect(client.locator("#outcomes")).to_contain_text("Checked by your coach.")
    check_accessibility(client)
