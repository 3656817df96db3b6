"""HTTP tests of the profile and the CV: built from the steps' answers, edited, and made into a document whose
contact details are never stored or logged."""

from __future__ import annotations

import io
import logging
import re

import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy import select
from sqlmodel import SQLModel

from guide.profile.models import CvEntry, ProfileItem
from tests.conftest import add_client, csrf_token, make_staff, share_code, sign_in_staff

NAME = "Zyxwa Qoplinska"
PHONE = "0470 98 76 54"
EMAIL = "zyxwa.qoplinska@example.be"
ADDRESS = "Quietlane 14, 8500 Kortrijk"


def _post(client, path, locale="en", **fields):
    return client.post(f"/{locale}{path}", data={"csrf_token": csrf_token(client, locale), **fields})


def _answer(client, step, question, text, locale="en"):
    response = _post(client, f"/steps/{step}", locale, **{f"answer-{question}": text, "go": "list"})
    assert response.status_code == 303, response.text


def test_the_profile_shows_the_answers_of_steps_1_3_7_and_8(job_seeker):
    _answer(job_seeker, 1, "proud", "I raised three children on my own.")
    _answer(job_seeker, 7, "learned", "At the food bank I learnt to plan a week's stock.")
    page = job_seeker.get("/en/profile")
    assert page.status_code == 200
    assert "I raised three children on my own." in page.text
    assert "plan a week&#39;s stock" in page.text
    assert page.text.index("three children") < page.text.index("food bank")


def test_the_profile_is_reordered_edited_and_left_out(job_seeker, db):
    _answer(job_seeker, 1, "proud", "Proud of my garden.")
    _answer(job_seeker, 8, "remember", "I am always on time.")
    fields = {"item-0-key": "a1-proud", "item-0-text": "Proud of my garden.",
              "item-1-key": "a8-remember", "item-1-text": "Always on time, every day.", "item-1-shown": "yes",
              "move": "up-1"}
    response = _post(job_seeker, "/profile", **fields)
    assert response.status_code == 303
    rows = db.exec(select(ProfileItem.key, ProfileItem.text, ProfileItem.shown).order_by(ProfileItem.position)).all()
    # the line moved up comes first; the unchanged answer keeps following its step ("" text); the first one left out
    assert [tuple(r) for r in rows] == [("a8-remember", "Always on time, every day.", True),
                                        ("a1-proud", "", False)]
    cv = job_seeker.get("/en/cv")
    assert "Always on time, every day." in cv.text
    assert "Proud of my garden." not in cv.text


def test_markup_or_an_overlong_text_in_the_profile_is_a_message_with_the_text_kept(job_seeker):
    _answer(job_seeker, 1, "proud", "My garden.")
    response = _post(job_seeker, "/profile", **{"item-0-key": "a1-proud", "item-0-text": "<b>My garden</b>"})
    assert response.status_code == 422
    assert "Write plain text" in response.text
    assert "&lt;b&gt;My garden&lt;/b&gt;" in response.text
    assert 'href="#item-0"' in response.text and 'id="item-0"' in response.text


def test_an_entry_with_dates_that_make_no_sense_is_refused_with_what_was_typed(job_seeker, db):
    fields = {"section": "experience", "kind": "paid", "title": "Shop assistant", "start_year": "2020",
              "end_year": "2015"}
    response = _post(job_seeker, "/cv/entries/new", **fields)
    assert response.status_code == 422
    assert "The end is before the start" in response.text
    assert 'value="Shop assistant"' in response.text
    future = _post(job_seeker, "/cv/entries/new", **{**fields, "start_year": "2999", "end_year": ""})
    assert future.status_code == 422 and "still to come" in future.text
    assert db.exec(select(CvEntry)).all() == []


def test_messages_are_in_the_page_language(job_seeker):
    response = _post(job_seeker, "/cv/entries/new", "nl", section="experience", kind="paid", title="")
    assert response.status_code == 422
    assert '<html lang="nl"' in response.text
    assert "Vul dit in." in response.text


def _cv_with_a_gap(client):
    for fields in (
        {"section": "experience", "kind": "paid", "title": "Shop assistant", "place": "Bakery",
         "start_year": "2010", "end_year": "2014"},
        {"section": "experience", "kind": "volunteer", "title": "Lunch club volunteer", "start_year": "2023",
         "ongoing": "yes", "description": "I serve meals."},
        {"section": "training", "kind": "course", "title": "First aid", "start_year": "2024"},
    ):
        assert _post(client, "/cv/entries/new", **fields).status_code == 303
    assert _post(client, "/cv/languages", **{"language-0-name": "Polish", "language-0-level": "native",
                                             "language-1-name": "Dutch", "language-1-level": "B1"}).status_code == 303
    assert _post(client, "/cv/details", driving_licence="B", wanted_work="Care assistant",
                 about="Friendly and calm.").status_code == 303


def test_the_cv_page_helps_with_a_gap(job_seeker):
    _cv_with_a_gap(job_seeker)
    page = job_seeker.get("/en/cv")
    assert "Your CV shows nothing from 2015 to 2022." in page.text
    assert "Lunch club volunteer" in page.text


def test_an_entry_of_another_journey_is_not_found(job_seeker, app, db):
    from fastapi.testclient import TestClient

    from tests.conftest import start_journey

    _cv_with_a_gap(job_seeker)
    entry_id = db.exec(select(CvEntry.id)).first()
    with TestClient(app, follow_redirects=False) as other:
        start_journey(other)
        assert other.get(f"/en/cv/entries/{entry_id}").status_code == 404
        assert _post(other, f"/cv/entries/{entry_id}/delete").status_code == 404
        assert _post(other, f"/cv/entries/{entry_id}", title="Mine now", kind="paid").status_code == 404


def _everything_stored(db) -> str:
    dump = []
    for table in SQLModel.metadata.sorted_tables:
        for row in db.connection().execute(table.select()):
            dump.append(repr(tuple(row)))
    return "\n".join(dump)


CONTACT = {"name": NAME, "phone": PHONE, "email": EMAIL, "address": ADDRESS}


@pytest.mark.parametrize("fmt", ["page", "pdf", "docx"])
def test_the_cv_holds_the_contact_details_and_nothing_keeps_them(job_seeker, db, caplog, fmt):
    caplog.set_level(logging.DEBUG)
    _cv_with_a_gap(job_seeker)
    response = _post(job_seeker, "/cv/make", **CONTACT, cv_lang="en", format=fmt)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    if fmt == "page":
        text = response.text
        assert "<title>Your CV" in text  # the tab and the history never name the person
    elif fmt == "pdf":
        assert response.headers["content-type"] == "application/pdf"
        assert NAME not in response.headers["content-disposition"]
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    else:
        text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    for typed in (NAME, PHONE, EMAIL, "Quietlane 14", "Shop assistant", "Lunch club volunteer", "First aid"):
        assert typed in text, typed
    assert "Driving licence B" in text
    stored = _everything_stored(db)
    logged = caplog.text + "\n".join(str(r.__dict__) for r in caplog.records)
    for secret in (NAME, "Zyxwa", "Qoplinska", PHONE, "98 76 54", EMAIL, "Quietlane"):
        assert secret not in stored
        assert secret not in logged


def test_a_french_speaker_makes_a_dutch_cv(job_seeker):
    _cv_with_a_gap(job_seeker)
    response = _post(job_seeker, "/cv/make", "fr", **CONTACT, cv_lang="nl", format="docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Ervaring" in text and "Talen" in text  # the CV's headings in Dutch
    assert "Shop assistant" in text  # the person's words as typed
    page = _post(job_seeker, "/cv/make", "fr", **CONTACT, cv_lang="nl", format="page")
    assert '<html lang="fr"' in page.text and 'lang="nl"' in page.text


def test_bad_contact_details_come_back_with_what_was_typed(job_seeker, db):
    response = _post(job_seeker, "/cv/make", name=NAME, phone="call me <b>now</b>", email="not-an-address",
                     address="", cv_lang="xx", format="pdf")
    assert response.status_code == 422
    assert f'value="{NAME}"' in response.text
    for field in ("phone", "email", "cv_lang"):
        assert f'href="#{field}"' in response.text
    assert NAME not in _everything_stored(db)


def test_no_name_means_no_cv(job_seeker):
    response = _post(job_seeker, "/cv/make", name="  ", cv_lang="en", format="page")
    assert response.status_code == 422
    assert "Write your name" in response.text


def test_a_coach_sees_the_profile_without_contact_details(client, app, db):
    from fastapi.testclient import TestClient

    from tests.conftest import start_journey

    with TestClient(app, follow_redirects=False) as seeker, TestClient(app, follow_redirects=False) as coach:
        start_journey(seeker)
        _answer(seeker, 1, "proud", "I fixed the neighbours' bikes.")
        _cv_with_a_gap(seeker)
        _post(seeker, "/cv/make", **CONTACT, cv_lang="en", format="page")
        account = make_staff(db, "a-coach")
        link_id = add_client(sign_in_staff(coach, db, account), share_code(seeker, answers="yes"))
        page = coach.get(f"/en/staff/clients/{link_id}/profile")
        assert page.status_code == 200
        assert "fixed the neighbours" in page.text and "Lunch club volunteer" in page.text
        assert NAME not in page.text and PHONE not in page.text
        client_page = coach.get(f"/en/staff/clients/{link_id}")
        assert f"/en/staff/clients/{link_id}/profile" in client_page.text


def test_without_shared_answers_the_coach_sees_no_words_of_the_client(app, db):
    from fastapi.testclient import TestClient

    from tests.conftest import start_journey

    with TestClient(app, follow_redirects=False) as seeker, TestClient(app, follow_redirects=False) as coach:
        start_journey(seeker)
        _answer(seeker, 1, "proud", "I fixed the neighbours' bikes.")
        _cv_with_a_gap(seeker)
        link_id = add_client(sign_in_staff(coach, db, make_staff(db, "b-coach")), share_code(seeker, answers="no"))
        page = coach.get(f"/en/staff/clients/{link_id}/profile")
        assert page.status_code == 200
        assert "neighbours" not in page.text and "Lunch club" not in page.text
        assert re.search("did not share their written answers", page.text)


def test_step_8_saves_and_leads_to_the_cv(job_seeker):
    page = job_seeker.get("/en/steps/8")
    assert 'name="go" value="cv"' in page.text
    response = _post(job_seeker, "/steps/8", **{"answer-remember": "My smile.", "go": "cv"})
    assert response.status_code == 303 and response.headers["location"] == "/en/cv"
    assert "My smile." in job_seeker.get("/en/cv").text
    other = _post(job_seeker, "/steps/2", go="cv")  # only step 8 has that way off
    assert other.headers["location"] != "/en/cv"
