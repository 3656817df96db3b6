"""A job seeker makes a CV in Dutch, by keyboard and without JavaScript: answers steps 1, 7 and 8, edits the
profile, adds experience with a gap explained, types a name and a phone number, downloads the PDF and the Word file;
then neither the database nor the server's log holds the name or the number."""

from __future__ import annotations

import io
import logging

import pytest
from docx import Document
from playwright.sync_api import Browser, Page
from pypdf import PdfReader
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from tests.browser.test_journey_walk import tab_to

LOCALE = "nl"
NAME = "Qwyneth Zorbaskova"
PHONE = "0470 31 41 59"


def _answer(page: Page, site: str, step: int, question: str, answer: str) -> None:
    page.goto(f"{site}/{LOCALE}/steps/{step}")
    page.fill(f"#answer-{question}", answer)
    page.click('.button-row button[name="go"][value="list"]')
    page.wait_for_url(f"**/{LOCALE}/steps*")


def _press(page: Page, selector: str, keyboard: bool) -> None:
    """Press a button that sends its form, and wait for the page the answer leads to (a POST, then a 303)."""
    with page.expect_navigation(url=lambda address: "/cv" in address or "/profile" in address):
        if keyboard:
            tab_to(page, selector, limit=150)
            page.keyboard.press("Enter")
        else:
            page.click(selector)
    page.wait_for_load_state("load")


def _type(page: Page, selector: str, value: str, keyboard: bool) -> None:
    if keyboard:
        tab_to(page, selector, limit=150)
        page.keyboard.type(value)
    else:
        page.fill(selector, value)


def _download(page: Page, fmt: str, keyboard: bool) -> bytes:
    with page.expect_download() as info:
        if keyboard:
            tab_to(page, f'button[name="format"][value="{fmt}"]', limit=150)
            page.keyboard.press("Enter")
        else:
            page.click(f'button[name="format"][value="{fmt}"]')
    path = info.value.path()
    return path.read_bytes()


def _stored(engine: Engine) -> str:
    with engine.connect() as conn:
        return "\n".join(repr(tuple(row)) for table in SQLModel.metadata.sorted_tables
                         for row in conn.execute(text(f'SELECT * FROM "{table.name}"')))


@pytest.mark.parametrize("mode", ["keyboard", "no-javascript"])
def test_a_cv_in_dutch(browser: Browser, site: str, db_engine: Engine, caplog, mode: str) -> None:  # noqa: ANN001
    caplog.set_level(logging.DEBUG)
    keyboard = mode == "keyboard"
    context = browser.new_context(java_script_enabled=keyboard, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{site}/{LOCALE}/")
    page.check('input[name="centre"][value="kortrijk"]')
    page.click(f'form[action="/{LOCALE}/start"] button[type="submit"]')
    page.wait_for_load_state("load")
    _answer(page, site, 1, "proud", "Ik hield de tuin van de buren bij.")
    _answer(page, site, 7, "learned", "Bij de voedselbank leerde ik plannen.")
    _answer(page, site, 8, "remember", "Ik ben altijd op tijd.")

    page.goto(f"{site}/{LOCALE}/profile")
    _type(page, "#item-0", " En ik kook graag.", keyboard)  # typed after the answer, in the person's words
    _press(page, 'button[name="move"][value="up-2"]', keyboard)  # "always on time" one up
    assert page.input_value("#item-1") == "Ik ben altijd op tijd."
    _press(page, 'button[name="action"][value="save"]', keyboard)
    assert "En ik kook graag." in page.input_value("#item-0")

    page.goto(f"{site}/{LOCALE}/cv/entries/new?section=experience")
    page.check("#kind-paid")
    _type(page, "#title", "Verkoper in een bakkerij", keyboard)
    _type(page, "#start_year", "2010", keyboard)
    _type(page, "#end_year", "2014", keyboard)
    _press(page, 'form[action$="/cv/entries/new"] button[type="submit"]', keyboard)
    assert "niets van 2015 tot" in page.content()  # the gap is pointed out, with help
    page.goto(f"{site}/{LOCALE}/cv/entries/new?section=experience")
    page.check("#kind-care")
    _type(page, "#title", "Zorg voor mijn twee kinderen", keyboard)
    _type(page, "#start_year", "2015", keyboard)
    page.check("#ongoing")
    _press(page, 'form[action$="/cv/entries/new"] button[type="submit"]', keyboard)
    assert "toont niets van" not in page.content()

    _type(page, "#name", NAME, keyboard)
    _type(page, "#phone", PHONE, keyboard)
    pdf = _download(page, "pdf", keyboard)
    words = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for expected in (NAME, PHONE, "Ervaring", "Verkoper in een bakkerij", "Zorg voor mijn twee kinderen",
                     "En ik kook graag."):
        assert expected in words, expected
    word = _download(page, "docx", keyboard)
    paragraphs = "\n".join(p.text for p in Document(io.BytesIO(word)).paragraphs)
    assert NAME in paragraphs and PHONE in paragraphs and "sinds 2015" in paragraphs
    context.close()

    stored = _stored(db_engine)
    for secret in (NAME, "Qwyneth", "Zorbaskova", PHONE, "31 41 59"):
        assert secret not in stored
        assert secret not in caplog.text
