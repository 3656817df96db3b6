"""The feedback pages: "Was this clear?" at the end of each step and of the self-assessment result, sent without
JavaScript, thanked on the page as it was; bad input and floods said in the page's language with everything typed
kept and nothing stored; the comments reach the editors of their language only, who mark them as handled; the
status page shows the figures since the last publication."""

from __future__ import annotations

import logging
import re

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from sqlmodel import Session, select

from guide.content.library import get_library
from guide.content.revisions import save
from guide.core.db import writing
from guide.core.settings import get_settings
from guide.feedback.models import ReaderFeedback
from guide.feedback.service import FeedbackInput, record_feedback
from tests.conftest import csrf_token, make_staff, sign_in_staff, start_journey
from tests.web.test_local_dates import _finish_a_self_assessment


def _post(client: TestClient, path: str, locale: str = "en", **fields) -> object:  # noqa: ANN003
    return client.post(path, data={"csrf_token": csrf_token(client, locale), **fields})


def _stored(db: Session) -> list[ReaderFeedback]:
    db.rollback()
    return list(db.exec(select(ReaderFeedback)))


def test_every_step_ends_with_the_questions_which_belong_to_the_step_form(job_seeker, db):
    page = job_seeker.get("/en/steps/3").text
    end = page[page.index('id="feedback-form"'):]
    assert end.index("Was this clear?") < end.index("Hard words") < end.index("Do not write names")
    assert page.index('id="step-form"') < page.index('id="feedback-form"')  # below the step's own buttons
    # every way off a step page is a button of its form, so nothing typed in the step is lost without JavaScript
    assert re.search(r'name="clear" value="yes" id="clear-yes" form="step-form"', end)
    assert re.search(r'name="hard" value="too_long" id="hard-too_long" form="step-form"', end)
    assert 'name="comment" rows="3" form="step-form"' in end
    assert '<button class="button button-secondary" type="submit" form="step-form" name="go" value="feedback">' in end
    question = f"answer-{get_library().step('en', 3).questions[0].id}"
    sent = _post(job_seeker, "/en/steps/3", **{question: "Care work", "go": "feedback", "clear": "partly",
                                                "hard": ["hard_words", "too_long"],
                                                "comment": "The word ‘sector’ was new to me."})
    assert sent.status_code == 303 and sent.headers["location"] == "/en/steps/3?feedback=sent#feedback"
    back = job_seeker.get(sent.headers["location"].split("#")[0]).text
    assert "Thank you. Your answer helps the people who write this guide." in back
    assert ">Care work</textarea>" in back  # the step's answer was saved on the way
    assert "Thank you" not in job_seeker.get("/en/steps/3").text  # the thanks belong to that one answer
    [row] = _stored(db)
    assert (row.about, row.locale, row.centre_id, row.clear, row.hard) == ("3", "en", "medway", "partly",
                                                                           "hard_words too_long")
    assert row.comment == "The word ‘sector’ was new to me."


def test_other_buttons_of_the_step_send_no_answer(job_seeker, db):
    assert _post(job_seeker, "/en/steps/3", go="next", clear="no", comment="Not sent").status_code == 303
    assert _stored(db) == []


def test_a_refused_answer_from_a_step_keeps_the_step_saved_and_the_answer_typed(job_seeker, db):
    question = f"answer-{get_library().step('en', 3).questions[0].id}"
    response = _post(job_seeker, "/en/steps/3", **{question: "Kept", "go": "feedback", "comment": "x" * 600})
    assert response.status_code == 422
    assert "Choose yes, partly or no." in response.text and "600 characters" in response.text
    assert "x" * 600 in response.text and 'href="/en/steps/3"' in response.text
    assert ">Kept</textarea>" in job_seeker.get("/en/steps/3").text
    assert _stored(db) == []


def test_a_refused_step_keeps_the_answer_typed_in_its_questions(job_seeker, db):
    question = f"answer-{get_library().step('en', 3).questions[0].id}"
    response = _post(job_seeker, "/en/steps/3", **{question: "x" * 5001, "go": "feedback", "clear": "no",
                                                    "comment": "Still here"})
    assert response.status_code == 422
    assert "Still here</textarea>" in response.text and 'value="no" id="clear-no" form="step-form" checked' in (
        response.text)
    assert _stored(db) == []


def test_the_self_assessment_result_ends_with_the_form(job_seeker, db):
    take_id = _finish_a_self_assessment(db, job_seeker)
    page = job_seeker.get(f"/en/assessment/{take_id}/result").text
    assert 'action="/en/assessment/feedback"' in page and f'name="take" value="{take_id}"' in page
    sent = _post(job_seeker, "/en/assessment/feedback", clear="yes", take=str(take_id))
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/en/assessment/{take_id}/result?feedback=sent#feedback"
    assert "Thank you." in job_seeker.get(f"/en/assessment/{take_id}/result?feedback=sent").text
    assert [(r.about, r.clear) for r in _stored(db)] == [("assessment", "yes")]
    # no result to go back to (or a forged one): the self-assessment's own page
    sent = _post(job_seeker, "/en/assessment/feedback", clear="no", take="²")
    assert sent.headers["location"] == "/en/assessment?feedback=sent#feedback"


def test_sending_needs_the_session_the_step_page_needs(client, db):
    response = _post(client, "/en/steps/3/feedback", clear="yes")
    assert response.status_code == 303 and response.headers["location"].startswith("/en/?notice=")
    assert _stored(db) == []


@pytest.mark.parametrize(("locale", "fields", "field", "words"), [
    ("en", {"clear": "yes", "comment": "x" * 501}, "comment", "Your comment has 501 characters. Write at most 500."),
    ("nl", {"clear": "yes", "comment": "x" * 501}, "comment", "501 tekens"),
    ("fr", {"clear": "yes", "comment": "<b>gras</b>"}, "comment", "code informatique"),
    ("en", {"clear": "maybe"}, "clear", "Choose yes, partly or no."),
    ("en", {"clear": "no", "hard": "boredom"}, "hard", "Choose what was hard from the list."),
])
def test_bad_input_is_said_with_everything_typed_kept_and_nothing_stored(make_client, db, locale, fields, field,
                                                                         words):
    client = make_client()
    start_journey(client, locale)
    response = _post(client, f"/{locale}/steps/2/feedback", locale, **{"comment": "Mine", "hard": ["too_long"],
                                                                      **fields})
    assert response.status_code == 422
    assert words in response.text
    assert f'href="#{field}"' in response.text  # the error summary links to the field
    assert f'lang="{locale}"' in response.text
    assert 'value="too_long" id="hard-too_long" checked' in response.text or field == "hard"
    assert str(escape(fields.get("comment", "Mine"))) in response.text
    assert f'action="/{locale}/steps/2/feedback"' in response.text  # sent again from here, it is still step 2
    assert _stored(db) == []


def test_a_flood_from_one_browser_is_stopped_with_the_answer_kept(job_seeker, db, monkeypatch):
    monkeypatch.setattr(get_settings(), "feedback_per_session", 2)
    for _ in range(2):
        assert _post(job_seeker, "/en/steps/1/feedback", clear="yes").status_code == 303
    response = _post(job_seeker, "/en/steps/1/feedback", clear="no", comment="Third time")
    assert response.status_code == 429
    assert "You sent many answers in a short time. Wait 60 minutes" in response.text
    assert 'href="#feedback-form"' in response.text and "Third time" in response.text
    assert re.search(r'value="no" id="clear-no" checked', response.text)
    assert len(_stored(db)) == 2


def test_a_flood_from_one_address_is_stopped_too(make_client, db, monkeypatch):
    monkeypatch.setattr(get_settings(), "feedback_per_address", 1)
    first, second = make_client(), make_client()  # two browsers behind one address (a centre's PCs)
    start_journey(first)
    start_journey(second)
    assert _post(first, "/en/steps/1/feedback", clear="yes").status_code == 303
    assert _post(second, "/en/steps/1/feedback", clear="yes").status_code == 429
    assert len(_stored(db)) == 1


def test_a_comment_never_reaches_a_log(job_seeker, caplog):
    caplog.set_level(logging.DEBUG)
    _post(job_seeker, "/en/steps/1/feedback", clear="no", comment="Secret-marker-4711")
    _post(job_seeker, "/en/steps/1/feedback", clear="no", comment="<i>Secret-marker-4712")
    assert "Secret-marker" not in caplog.text


def test_the_form_alone_for_whoever_comes_back_to_it(job_seeker):
    page = job_seeker.get("/en/steps/3/feedback")
    assert page.status_code == 200 and 'href="/en/steps/3"' in page.text
    assert job_seeker.get("/en/steps/11/feedback").status_code == 404
    assert job_seeker.get("/en/assessment/feedback").status_code == 200


# --- the editors ---------------------------------------------------------------------------------------------------


def _answer(db: Session, locale: str, comment: str, about: str = "1", clear: str = "no") -> int:
    with writing(db):
        return record_feedback(db, about, locale, "kortrijk", FeedbackInput(clear, ("too_long",), comment))


def test_feedback_in_french_reaches_the_french_editor_and_not_the_dutch_one(make_client, db):
    french = _answer(db, "fr", "Trop de mots difficiles.")
    _answer(db, "nl", "Te veel moeilijke woorden.")
    fr_editor = sign_in_staff(make_client(), db, make_staff(db, "fr-editor", ("editor",), languages=("fr",)))
    nl_editor = sign_in_staff(make_client(), db, make_staff(db, "nl-editor", ("editor",), languages=("nl",)))
    fr_page = fr_editor.get("/en/staff/content/fr/item/step/1/body").text
    assert "Trop de mots difficiles." in fr_page and "Te veel" not in fr_page
    assert "What readers said about step 1 in French" in fr_page and "Too long" in fr_page
    for url in ("/en/staff/content/fr/item/step/1/body", "/en/staff/content/nl/item/step/1/body"):
        assert "Trop de mots" not in nl_editor.get(url).text
    assert "Te veel moeilijke woorden." in nl_editor.get("/en/staff/content/nl/item/step/1/title").text
    assert "Trop de mots" not in fr_editor.get("/en/staff/content/fr/item/step/2/title").text  # another step's
    refused = _post(nl_editor, f"/en/staff/content/fr/feedback/{french}/handled", key="step/1/body")
    assert refused.status_code == 403
    wrong_language = _post(fr_editor, f"/en/staff/content/nl/feedback/{french}/handled", key="step/1/body")
    assert wrong_language.status_code == 403  # the French editor may not edit Dutch
    done = _post(fr_editor, f"/en/staff/content/fr/feedback/{french}/handled", key="step/1/body")
    assert done.status_code == 303
    assert done.headers["location"] == "/en/staff/content/fr/item/step/1/body?saved=handled#reader-comments"
    after = fr_editor.get(done.headers["location"].split("#")[0]).text
    assert "Marked as handled." in after and "Trop de mots difficiles." not in after
    assert "No comments waiting." in after


def test_an_admin_handles_any_language_but_not_under_anothers_name(make_client, db):
    dutch = _answer(db, "nl", "Te lang.")
    admin = sign_in_staff(make_client(), db, make_staff(db, "the-admin", ("admin",)))
    assert _post(admin, f"/en/staff/content/fr/feedback/{dutch}/handled").status_code == 404  # it is not French
    done = _post(admin, f"/en/staff/content/nl/feedback/{dutch}/handled", key="not/a/key")
    assert done.status_code == 303 and done.headers["location"] == "/en/staff/content"
    assert _stored(db)[0].handled_by is not None


def test_the_status_page_counts_answers_since_the_last_publication(make_client, db):
    fr_editor = sign_in_staff(make_client(), db, make_staff(db, "fr-editor", ("editor",), languages=("fr",)))
    for clear in ("yes", "yes", "partly", "no"):
        _answer(db, "fr", "", clear=clear)
    page = fr_editor.get("/en/staff/content?lang=fr&group=step/1").text
    assert "Readers: “Was this clear?”" in page
    assert "Yes: 2, partly: 1, no: 1" in page
    with writing(db):
        save(db, "step/1/title", "fr", "Un titre plus simple", "fr-editor", None, publish=True)
    page = fr_editor.get("/en/staff/content?lang=fr&group=step/1").text
    assert "Yes: 2" not in page and "No answers yet" in page
    _answer(db, "fr", "", clear="yes")
    assert "Yes: 1, partly: 0, no: 0" in fr_editor.get("/en/staff/content?lang=fr&group=step/1").text
