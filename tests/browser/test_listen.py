"""Listen on a Dutch step (issue 17): with JavaScript the Listen button plays the page's one player and highlights
the sentence read; without, the native player in the disclosure plays the same file. Either way the media element's
`played` ranges show that sound was played (without JavaScript, read through the DevTools protocol: the page runs
no script, so Playwright's evaluate cannot)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from guide.content.library import get_library
from guide.core.settings import get_settings
from guide.listen.audio import Text, audio_dir, audio_name, build, synthesise
from guide.listen.texts import step_sections
from tests.browser.conftest import check_accessibility
from tests.conftest import STAFF_PASSWORD, make_staff

LOCALE = "nl"


def _first_section() -> Text:
    step = get_library().step(LOCALE, 1)
    return Text(step_sections(step)[0][1], step.locale_of("body"))


def _start(page: Page, site: str) -> None:
    page.goto(f"{site}/{LOCALE}/")
    page.check('input[name="centre"][value="kortrijk"]')
    page.click(f'form[action="/{LOCALE}/start"] button[type="submit"]')
    page.wait_for_load_state("load")
    page.goto(f"{site}/{LOCALE}/steps/1")


def _played(page: Page, expression: str) -> float:
    """The seconds played of the media element `expression` finds, asked through the DevTools protocol."""
    cdp = page.context.new_cdp_session(page)
    result = cdp.send("Runtime.evaluate", {
        "expression": f"(() => {{ const a = {expression}; return a.played.length ? a.played.end(0) : 0; }})()",
        "returnByValue": True})
    return float(result["result"]["value"])


@pytest.fixture
def section_audio() -> Text:
    text = _first_section()
    build([text], audio_dir(get_settings()))
    return text


def test_listen_with_javascript_plays_and_highlights(browser: Browser, site: str, section_audio: Text) -> None:
    page = browser.new_context().new_page()
    _start(page, site)
    listen = page.locator("#part-1 .listen-button:not(.listen-slower)")
    expect(listen).to_have_text("Luisteren")
    expect(page.locator("#part-1 details.listen")).to_be_hidden()
    check_accessibility(page)
    listen.focus()
    page.keyboard.press("Enter")  # by keyboard
    expect(listen).to_have_attribute("aria-pressed", "true")
    page.wait_for_function("() => { const a = document.getElementById('listen-player');"
                           " return a.played.length > 0 && a.played.end(0) > 0.3; }")
    name = audio_name(section_audio.text, section_audio.lang, "normal")
    assert page.evaluate("() => document.getElementById('listen-player').src").endswith(f"/audio/{name}.ogg")
    page.wait_for_function("() => CSS.highlights.has('listen')")  # the sentence being read
    highlighted = page.evaluate("() => [...CSS.highlights.get('listen')][0].toString()")
    assert highlighted in section_audio.text and highlighted.endswith(".")
    listen.click()  # pressed again: it stops
    expect(listen).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("() => document.getElementById('listen-player').paused")
    # axe on the players as a page without JavaScript shows them (axe needs scripts: shown here, opened)
    page.evaluate("() => document.querySelectorAll('details.listen')"
                  ".forEach(d => { d.hidden = false; d.open = true; })")
    check_accessibility(page)


def test_listen_without_javascript_is_a_native_player(browser: Browser, site: str, section_audio: Text) -> None:
    page = browser.new_context(java_script_enabled=False).new_page()
    _start(page, site)
    details = page.locator("#part-1-listen")
    summary = details.locator("summary")
    expect(summary).to_have_text("Luisteren")
    summary.focus()
    page.keyboard.press("Enter")  # the disclosure opens by keyboard
    player = details.locator("audio").first
    expect(player).to_be_visible()
    name = audio_name(section_audio.text, section_audio.lang, "normal")
    assert player.get_attribute("src") == f"/audio/{name}.ogg"
    assert player.get_attribute("preload") == "none"
    box = player.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 20, box["y"] + box["height"] / 2)  # the native player's play button
    expression = "document.querySelector('#part-1-listen audio')"
    for _ in range(100):
        if _played(page, expression) > 0.3:
            break
        page.wait_for_timeout(100)
    assert _played(page, expression) > 0.3


RECORDED_ITEM = "step/1/checklist/list-good-at"


def test_an_editors_recording_is_what_job_seekers_then_hear(browser: Browser, site: str, db_engine,
                                                            tmp_path) -> None:
    """An editor uploads a recording (an Ogg made as the synthetic speech is, with espeak-ng and opusenc) from the
    editor's page of a text; a job seeker's Listen button then plays it, with nothing highlighted."""
    ogg = synthesise("Schrijf op wat je goed kunt.", LOCALE, "slow", tmp_path)
    with Session(db_engine, expire_on_commit=False) as db:
        make_staff(db, "nl-voice", ("editor",), languages=(LOCALE,))
    editor = browser.new_context().new_page()
    editor.goto(f"{site}/{LOCALE}/staff/login")
    editor.fill("#username", "nl-voice")
    editor.fill("#password", STAFF_PASSWORD)
    editor.click(f'form[action="/{LOCALE}/staff/login"] button[type="submit"]')
    editor.wait_for_url(f"**/{LOCALE}/staff/content")
    item = f"/{LOCALE}/staff/content/{LOCALE}/item/{RECORDED_ITEM}"
    editor.goto(site + item)
    expect(editor.locator(".recorder button")).to_have_text("Opnemen")  # with JavaScript: record in the browser
    editor.set_input_files("#recording-0", str(ogg))
    editor.click(f'form[action="{item.replace("/item/", "/recording/")}"] button[type="submit"]')
    editor.wait_for_url(f"**{item}?saved=recorded")
    expect(editor.locator("#recording-0-now")).to_contain_text("nl-voice")
    check_accessibility(editor)

    page = browser.new_context().new_page()
    _start(page, site)
    control = page.locator("#tick-list-good-at-listen")
    expect(control).to_have_attribute("data-highlight", "off")
    listen = page.locator(".listen-buttons:has(+ #tick-list-good-at-listen) .listen-button:not(.listen-slower)")
    listen.click()
    page.wait_for_function("() => { const a = document.getElementById('listen-player');"
                           " return a.played.length > 0 && a.played.end(0) > 0.3; }")
    src = page.evaluate("() => document.getElementById('listen-player').src")
    assert "/audio/recorded/" in src and src.endswith(".ogg")
    assert page.evaluate("() => !CSS.highlights.has('listen')")
