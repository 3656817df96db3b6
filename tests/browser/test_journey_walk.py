"""A job seeker's journey in French, as a person would walk it: with JavaScript, without it, by keyboard alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from guide.content.library import get_library
from tests.browser.conftest import POSTGRESQL_TOO

pytestmark = POSTGRESQL_TOO  # resuming after the browser closed, and time-outs: the database's timing too

LOCALE = "fr"
CENTRE = "grande-synthe"


def _step(n):
    return get_library().step(LOCALE, n)


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches the selector, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"could not reach {selector} with Tab")


def start(page: Page, site: str, keyboard: bool) -> str:
    page.goto(site + "/")
    if keyboard:
        tab_to(page, f'a[href="/{LOCALE}/"]')
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/{LOCALE}/")
        tab_to(page, f'input[name="centre"][value="{CENTRE}"], input[name="centre"]')
        # arrow keys move through a radio group; go until our centre is chosen
        for _ in range(10):
            page.keyboard.press("Space")
            if page.is_checked(f'input[value="{CENTRE}"]'):
                break
            page.keyboard.press("ArrowDown")
        tab_to(page, f'form[action="/{LOCALE}/start"] button[type="submit"]')
        page.keyboard.press("Enter")
    else:
        page.click(f'a[href="/{LOCALE}/"]')
        page.check(f'input[value="{CENTRE}"]')
        page.click(f'form[action="/{LOCALE}/start"] button[type="submit"]')
    code = page.inner_text("#resume-code").strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    if keyboard:
        tab_to(page, f'a[href="/{LOCALE}/steps"]')
        page.keyboard.press("Enter")
    else:
        page.click(f'a[href="/{LOCALE}/steps"]')
    page.wait_for_url(f"**/{LOCALE}/steps")
    return code


def work_on_step(page: Page, n: int, answer: str, finish: bool, keyboard: bool, js: bool) -> list[str]:
    step = _step(n)
    page.goto(page.url.split(f"/{LOCALE}/")[0] + f"/{LOCALE}/steps/{n}")
    ticked = [item.id for item in step.checklist[:2]]
    q = step.questions[0].id
    for item in ticked:
        if keyboard:
            tab_to(page, f"#tick-{item}")
            page.keyboard.press("Space")
        else:
            page.check(f"#tick-{item}")
    if keyboard:
        tab_to(page, f"#answer-{q}")
        page.keyboard.type(answer)
    else:
        page.fill(f"#answer-{q}", answer)
    if js and not finish:
        # save as you go: no button pressed, the page says it saved
        expect(page.locator("#save-status")).to_contain_text(re.compile(r"\d"), timeout=10000)
        page.wait_for_load_state("networkidle")
        return ticked
    button = 'button[name="action"][value="complete"]' if finish else '.button-row button[name="go"][value="list"]'
    if keyboard:
        tab_to(page, button)
        page.keyboard.press("Enter")
    else:
        page.click(button)
    page.wait_for_url(f"**/{LOCALE}/steps*")
    return ticked


def resume_and_check(browser: Browser, site: str, code: str, expected: dict, js: bool) -> None:
    context = browser.new_context(java_script_enabled=js)
    page = context.new_page()
    page.goto(f"{site}/{LOCALE}/steps")
    assert f"/{LOCALE}/" in page.url and "/steps" not in page.url  # not signed in here
    page.goto(f"{site}/{LOCALE}/resume")
    page.fill("#code", code.lower().replace("-", " "))
    page.click(f'form[action="/{LOCALE}/resume"] button[type="submit"]')
    page.wait_for_url(f"**/{LOCALE}/steps")
    assert "1 sur 10" in page.inner_text("#progress-summary")
    for n, (ticked, answer) in expected.items():
        page.goto(f"{site}/{LOCALE}/steps/{n}")
        for item in _step(n).checklist:
            assert page.is_checked(f"#tick-{item.id}") == (item.id in ticked), (n, item.id)
        assert page.input_value(f"#answer-{_step(n).questions[0].id}") == answer
    context.close()


@pytest.mark.parametrize("mode", ["javascript", "no-javascript", "keyboard"])
def test_french_journey_is_kept_after_closing_the_browser(browser: Browser, site: str, mode: str):
    js = mode != "no-javascript"
    keyboard = mode == "keyboard"
    context = browser.new_context(java_script_enabled=js)
    page = context.new_page()
    code = start(page, site, keyboard)
    answers = {1: "J’aime cuisiner pour ma famille.", 2: "La garde de mes enfants le matin."}
    expected = {}
    expected[1] = (work_on_step(page, 1, answers[1], finish=False, keyboard=keyboard, js=js), answers[1])
    expected[2] = (work_on_step(page, 2, answers[2], finish=True, keyboard=keyboard, js=js), answers[2])
    page.goto(f"{site}/{LOCALE}/steps")
    expect(page.locator("#status-2")).to_contain_text("Terminé")
    context.close()  # the browser is closed: nothing but the code is left
    resume_and_check(browser, site, code, expected, js)


def test_stop_on_this_pc_leaves_no_way_back(browser: Browser, site: str):
    context = browser.new_context()
    page = context.new_page()
    start(page, site, keyboard=False)
    page.click(".stop-form button")
    page.wait_for_url(f"**/{LOCALE}/?notice=stopped")
    assert [c for c in context.cookies() if c["name"] == "ts_session"] == []
    page.go_back()
    page.goto(f"{site}/{LOCALE}/steps")
    assert "/steps" not in page.url
    context.close()


@pytest.mark.parametrize("js", [False, True], ids=["no-javascript", "javascript"])
def test_moving_between_steps_keeps_what_was_typed(browser: Browser, site: str, js: bool):
    """"Next step", "Previous step" and "Back" are buttons of the step form: they save what is on the page first, with
    JavaScript or without, and the page says honestly how answers are saved from the moment it opens."""
    context = browser.new_context(java_script_enabled=js)
    page = context.new_page()
    start(page, site, keyboard=False)
    page.goto(f"{site}/{LOCALE}/steps/1")
    saving = page.locator("#save-mode")
    expect(saving).to_have_text("Vos réponses sont enregistrées pendant que vous écrivez." if js else
                                "Vos réponses sont enregistrées quand vous appuyez sur un bouton.", use_inner_text=True)
    first, second = _step(1).questions[0].id, _step(2).questions[0].id
    page.fill(f"#answer-{first}", "Je répare des vélos.")
    page.click(".step-nav button[value='next']")  # at once, before any save as you go could run
    page.wait_for_url(f"**/{LOCALE}/steps/2")
    page.fill(f"#answer-{second}", "Le bus du matin.")
    page.click(".step-nav button[value='previous']")
    page.wait_for_url(f"**/{LOCALE}/steps/1")
    assert page.input_value(f"#answer-{first}") == "Je répare des vélos."
    page.fill(f"#answer-{first}", "Je répare des vélos et des trottinettes.")
    page.click(".back button")
    page.wait_for_url(f"**/{LOCALE}/steps#step-1")
    expect(page.locator("#status-1")).to_contain_text("En cours")
    page.goto(f"{site}/{LOCALE}/steps/2")
    assert page.input_value(f"#answer-{second}") == "Le bus du matin."
    page.goto(f"{site}/{LOCALE}/steps/1")
    assert page.input_value(f"#answer-{first}") == "Je répare des vélos et des trottinettes."
    context.close()


def test_finishing_a_step_is_confirmed_where_the_focus_goes(browser: Browser, site: str):
    context = browser.new_context()
    page = context.new_page()
    start(page, site, keyboard=True)
    page.goto(f"{site}/{LOCALE}/steps/1")
    tab_to(page, 'button[name="action"][value="complete"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/steps?done=1*")
    banner = page.locator("#done-banner")
    expect(banner).to_be_focused()  # a screen reader starts here: "Bravo ! Vous avez terminé l’étape 1…"
    expect(banner).to_have_attribute("role", "alert")
    expect(banner).to_contain_text(_step(2).title)
    page.keyboard.press("Tab")  # the banner's one button comes next
    expect(page.locator("#done-continue")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{LOCALE}/steps/2")
    context.close()
