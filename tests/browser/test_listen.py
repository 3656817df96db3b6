"""Listen on a Dutch step (issue 17): with JavaScript the Listen button plays the page's one player and highlights
the sentence read; without, the native player in the disclosure plays the same file. Either way the media element's
`played` ranges show that sound was played (without JavaScript, read through the DevTools protocol: the page runs
no script, so Playwright's evaluate cannot)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserType, Page, expect
from sqlmodel import Session, select

from guide.content.library import get_library
from guide.core.settings import get_settings
from guide.listen.audio import Text, audio_dir, audio_name, build, synthesise
from guide.listen.models import AudioRecording
from guide.listen.recordings import recordings_dir
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


def _dutch_editor(browser: Browser, site: str, db_engine) -> Page:  # noqa: ANN001
    """A page signed in as an editor of Dutch, on the translation status."""
    with Session(db_engine, expire_on_commit=False) as db:
        make_staff(db, "nl-voice", ("editor",), languages=(LOCALE,))
    editor = browser.new_context().new_page()
    editor.goto(f"{site}/{LOCALE}/staff/login")
    editor.fill("#username", "nl-voice")
    editor.fill("#password", STAFF_PASSWORD)
    editor.click(f'form[action="/{LOCALE}/staff/login"] button[type="submit"]')
    editor.wait_for_url(f"**/{LOCALE}/staff/content")
    return editor


def test_an_editors_recording_is_what_job_seekers_then_hear(browser: Browser, site: str, db_engine,
                                                            tmp_path) -> None:
    """An editor uploads a recording (an Ogg made as the synthetic speech is, with espeak-ng and opusenc) from the
    editor's page of a text; a job seeker's Listen button then plays it, with nothing highlighted."""
    ogg = synthesise("Schrijf op wat je goed kunt.", LOCALE, "slow", tmp_path)
    editor = _dutch_editor(browser, site, db_engine)
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


@pytest.fixture
def microphone_browser(browser_type: BrowserType, browser_type_launch_args: dict) -> Iterator[Browser]:
    """A chromium of its own with a fake microphone (a beep) that every page may use without asking: the flags stay
    out of the session's browser, whose pages must not get a microphone unasked."""
    args = [*browser_type_launch_args["args"], "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    yield browser
    browser.close()


def test_a_recording_made_in_the_browser_is_stored_and_played_to_job_seekers(
        microphone_browser: Browser, site: str, db_engine) -> None:
    """An editor records the start page's text with the browser's MediaRecorder (Record, about 2 s, Stop) and
    uploads it; it is kept as a WebM or Ogg file, and a job seeker's Listen on the start page plays that file."""
    editor = _dutch_editor(microphone_browser, site, db_engine)
    editor.click(f'a[href="/{LOCALE}/staff/content/{LOCALE}/recordings"]')  # from the translation status
    part = editor.locator("#recording-page-start-part")
    record = part.locator(".recorder button")
    expect(record).to_have_text("Opnemen")
    record.click()
    expect(record).to_have_attribute("aria-pressed", "true")
    editor.wait_for_timeout(2000)  # speak for two seconds (the fake microphone beeps)
    record.click()  # Stop
    expect(record).to_have_attribute("aria-pressed", "false")
    expect(part.locator(".recorder audio")).to_have_count(1)  # the recording, to listen to before uploading
    assert editor.evaluate("() => document.getElementById('recording-page-start').files.length") == 1
    part.locator('button[type="submit"]').click()
    editor.wait_for_url(f"**/{LOCALE}/staff/content/{LOCALE}/recordings?saved=recorded*")
    expect(part.locator("#recording-page-start-now")).to_contain_text("nl-voice")

    with Session(db_engine) as db:
        [row] = db.exec(select(AudioRecording)).all()
    assert (row.item_key, row.locale, row.part) == ("page/start", LOCALE, 0)
    assert row.media_type in ("audio/webm", "audio/ogg") and 1.0 < row.duration_seconds < 10
    data = (recordings_dir(get_settings()) / row.file_name).read_bytes()
    assert data[:4] in (b"\x1a\x45\xdf\xa3", b"OggS") and len(data) == row.size_bytes

    page = microphone_browser.new_context().new_page()
    page.goto(f"{site}/{LOCALE}/")
    expect(page.locator("#start-listen")).to_have_attribute("data-highlight", "off")
    listen = page.locator(".listen-buttons:has(+ #start-listen) .listen-button:not(.listen-slower)")
    listen.click()
    page.wait_for_function("() => { const a = document.getElementById('listen-player');"
                           " return a.played.length > 0 && a.played.end(0) > 0.3; }")
    src = page.evaluate("() => document.getElementById('listen-player').src")
    assert src.endswith(f"/audio/recorded/{row.file_name}")
