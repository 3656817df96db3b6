"""A French editor changes a step's title in the browser; after publishing, a job seeker reads it in French while the
English page is untouched. And axe-core on every editor page, in every language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from guide.content.library import get_library
from guide.content.revisions import save
from guide.core.db import writing
from guide.core.settings import get_settings
from guide.staff.service import create_account
from tests.browser.conftest import LAYOUT_ONLY, check_accessibility
from tests.conftest import STAFF_PASSWORD, staff_password_hash

TITLE = "step/1/title"


def _account(db_engine, username: str, languages: set[str], roles: set[str] | None = None) -> None:  # noqa: ANN001
    with Session(db_engine, expire_on_commit=False) as db, writing(db):
        create_account(db, username, username.title(), "Medway Council", roles or {"editor"}, languages,
                       {"nl", "fr", "en"}, password_hash=staff_password_hash())


def _login(page: Page, site: str, locale: str, username: str, target: str) -> None:
    page.goto(f"{site}{target}")
    page.wait_for_url(re.compile(r".*/staff/login\?next="))
    page.fill("#username", username)
    page.fill("#password", STAFF_PASSWORD)
    page.click(f'form[action="/{locale}/staff/login"] button[type="submit"]')
    page.wait_for_url(f"**{target}")


def test_french_editor_publishes_a_title_that_job_seekers_see_in_french_only(browser: Browser, site: str,
                                                                             db_engine):
    _account(db_engine, "marie-fr", {"fr"})
    english_title = get_library().step("en", 1).title
    editor = browser.new_context().new_page()
    _login(editor, site, "fr", "marie-fr", f"/fr/staff/content/fr/item/{TITLE}")
    editor.fill("#text", "Où en êtes-vous ?")
    # the live preview follows the typing, through htmx
    expect(editor.locator("#preview .preview-plain")).to_have_text("Où en êtes-vous ?")
    editor.click('button[name="action"][value="publish"]')
    editor.wait_for_url(re.compile(r".*\?saved=published"))
    expect(editor.locator(".notice")).to_be_visible()

    seeker = browser.new_context().new_page()
    seeker.goto(f"{site}/fr/")
    seeker.check('input[name="centre"][value="medway"]')
    seeker.click('form[action="/fr/start"] button[type="submit"]')
    seeker.goto(f"{site}/fr/steps/1")
    expect(seeker.locator("h1")).to_have_text("Où en êtes-vous ?")
    seeker.goto(f"{site}/en/steps/1")
    expect(seeker.locator("h1")).to_have_text(english_title)


@LAYOUT_ONLY
@pytest.mark.parametrize("locale", get_settings().languages)
def test_every_editor_page_has_no_axe_violation(browser: Browser, site: str, db_engine, locale: str):
    _account(db_engine, "axe-admin", {"nl", "fr", "en"}, {"editor", "admin"})
    with Session(db_engine, expire_on_commit=False) as db, writing(db):
        first = save(db, TITLE, "fr", "Premier titre", "someone", None, publish=True)
        save(db, TITLE, "fr", "Second titre", "someone", first.id)
        save(db, TITLE, "en", "A changed English title", "someone", None, publish=True)  # French needs review
    context = browser.new_context()
    page = context.new_page()
    _login(page, site, locale, "axe-admin", f"/{locale}/staff/content")
    check_accessibility(page)  # the status table
    page.goto(f"{site}/{locale}/staff/content?lang=fr&state=needs_review")
    check_accessibility(page)
    page.goto(f"{site}/{locale}/staff/")
    check_accessibility(page)

    page.goto(f"{site}/{locale}/staff/content/fr/item/{TITLE}")
    check_accessibility(page)  # needs review: old and new source side by side
    page.goto(f"{site}/{locale}/staff/content/fr/item/step/1/body")
    page.fill("#text", "Une phrase vraiment beaucoup trop longue qui ne finit jamais et qui continue encore "
                       "et encore pour fatiguer le lecteur le plus patient du monde entier.")
    expect(page.locator("#long-sentences")).to_be_visible()
    check_accessibility(page)  # the preview with a long sentence
    page.goto(f"{site}/{locale}/staff/content/fr/item/step/1/title@BE")
    expect(page.locator("#variant-prefilled")).to_be_visible()
    check_accessibility(page)  # a country's variant to add, the default text in the box
    page.goto(f"{site}/{locale}/staff/content/fr/item/step/1/body")
    page.fill("#text", "x" * 20_001)
    page.click('button[name="action"][value="draft"]')
    expect(page.locator(".error-summary")).to_be_visible()
    check_accessibility(page)  # too long: the error state

    # a stale save: the page was opened, then someone else saved
    page.goto(f"{site}/{locale}/staff/content/fr/item/step/2/title")
    with Session(db_engine, expire_on_commit=False) as db, writing(db):
        save(db, "step/2/title", "fr", "Le titre de l'autre", "colleague", None, publish=True)
    page.fill("#text", "Mon titre")
    page.click('button[name="action"][value="publish"]')
    expect(page.locator("#their-text")).to_be_visible()
    check_accessibility(page)

    page.goto(f"{site}/{locale}/staff/content/fr/history/{TITLE}")
    expect(page.locator(".diff-table")).to_be_visible()
    check_accessibility(page)  # history with the diff of the two latest versions

    page.goto(f"{site}/{locale}/staff/content/fr/import")
    check_accessibility(page)
    export = context.request.get(f"{site}/{locale}/staff/content/fr/export?format=po").body()
    changed = export.replace(f'msgstr "{get_library().step("fr", 3).title}"'.encode(), b'msgstr "Titre trois"')
    assert changed != export
    page.set_input_files("#file", files=[{"name": "fr.po", "mimeType": "text/x-gettext", "buffer": changed}])
    page.click(f'form[action="/{locale}/staff/content/fr/import"] button[type="submit"]')
    expect(page.locator("#import-summary")).to_be_visible()
    check_accessibility(page)  # the import preview
    bad = changed + b'\nmsgctxt "step/99/none"\nmsgid "Ghost"\nmsgstr "Fantome"\n'
    page.goto(f"{site}/{locale}/staff/content/fr/import")
    page.set_input_files("#file", files=[{"name": "fr.po", "mimeType": "text/x-gettext", "buffer": bad}])
    page.click(f'form[action="/{locale}/staff/content/fr/import"] button[type="submit"]')
    expect(page.locator("#entry-errors")).to_be_visible()
    check_accessibility(page)  # a rejected file, with the error per entry
    context.close()
