"""About you (issue 15): the optional age band and gender, asked only at a centre of a partner that switched them
on, one question per page, each skippable, changeable and removable; something off the list is a localised 422 with
nothing stored; "Delete my data" takes the answers with the journey."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from guide.about.models import JourneyAbout
from guide.about.service import set_switch
from guide.core.db import writing
from tests.conftest import csrf_token, start_journey


def _switch(db, age: bool = True, gender: bool = True, partner: str = "Medway Council") -> None:  # noqa: ANN001
    with writing(db):
        set_switch(db, partner, age, gender, "an-admin")


def _stored(db) -> list[tuple[str | None, str | None]]:  # noqa: ANN001
    db.expire_all()
    return [(row.age_band, row.gender) for row in db.exec(select(JourneyAbout)).all()]


def _post(client, path: str, **data: str):  # noqa: ANN001, ANN202
    return client.post(path, data={**data, "csrf_token": csrf_token(client)})


def test_a_partner_that_asks_nothing_shows_no_question_and_its_pages_are_not_there(job_seeker, db):
    plan = job_seeker.get("/en/plan")
    assert plan.status_code == 200
    assert "About you (optional)" not in plan.text and "/en/about-you" not in plan.text
    for path in ("/en/about-you", "/en/about-you/age", "/en/about-you/gender"):
        assert job_seeker.get(path).status_code == 404
    assert _post(job_seeker, "/en/about-you/age", answer="under_25").status_code == 404
    assert _post(job_seeker, "/en/about-you/remove").status_code == 404
    _switch(db, partner="Stad Kortrijk")  # another partner's switch changes nothing here
    assert job_seeker.get("/en/about-you").status_code == 404
    assert _stored(db) == []


def test_the_questions_one_per_page_saved_on_the_journey_and_shown_on_my_plan(job_seeker, db):
    _switch(db)
    plan = job_seeker.get("/en/plan")
    assert 'id="about-you"' in plan.text and 'href="/en/about-you"' in plan.text
    start = job_seeker.get("/en/about-you")
    assert start.status_code == 200
    assert "never an answer of one person" in start.text and "You do not have to answer" in start.text
    age = job_seeker.get("/en/about-you/age")
    assert "How old are you?" in age.text and "Prefer not to say" in age.text and "Skip this question" in age.text
    sent = _post(job_seeker, "/en/about-you/age", answer="55_over")
    assert sent.status_code == 303 and sent.headers["location"] == "/en/about-you/gender"
    sent = _post(job_seeker, "/en/about-you/gender", answer="another")
    assert sent.status_code == 303 and sent.headers["location"] == "/en/about-you?done=saved"
    assert _stored(db) == [("55_over", "another")]
    summary = job_seeker.get("/en/about-you?done=saved").text
    assert "Your answers are saved." in summary and "55 or over" in summary and "Another answer" in summary
    assert "55 or over" in job_seeker.get("/en/plan").text
    # changed: the radio of the answer given is checked
    assert 'value="55_over" id="age_band-55_over" checked' in job_seeker.get("/en/about-you/age").text
    _post(job_seeker, "/en/about-you/age", answer="prefer_not")
    assert _stored(db) == [("prefer_not", "another")]


def test_a_question_skipped_stores_nothing_and_only_the_questions_asked_are_there(job_seeker, db):
    _switch(db, age=False)
    assert job_seeker.get("/en/about-you/age").status_code == 404
    gender = job_seeker.get("/en/about-you/gender")
    assert 'href="/en/about-you"' in gender.text  # skip: back to the start page, nothing sent
    sent = _post(job_seeker, "/en/about-you/gender")  # "Continue" with nothing chosen: skipped
    assert sent.status_code == 303 and sent.headers["location"] == "/en/about-you?done=saved"
    assert _stored(db) == []
    assert "Not answered" in job_seeker.get("/en/about-you").text


@pytest.mark.parametrize(("locale", "answer"), [("en", "other"), ("nl", "Woman"), ("fr", "x" * 5000),
                                                ("en", "<script>")])
def test_an_answer_off_the_list_is_refused_in_the_persons_language_and_nothing_is_stored(job_seeker, db, locale,
                                                                                      answer):
    _switch(db)
    response = job_seeker.post(f"/{locale}/about-you/gender", data={"answer": answer,
                                                                     "csrf_token": csrf_token(job_seeker, locale)})
    assert response.status_code == 422
    message = {"en": "Choose one of the answers, or skip this question.",
               "nl": "Kies een van de antwoorden, of sla deze vraag over.",
               "fr": "Choisissez une des réponses, ou passez cette question."}[locale]
    assert message in response.text
    assert 'href="#gender"' in response.text  # the error summary leads to the question
    assert _stored(db) == []


def test_answers_can_be_removed_one_by_one_or_together(job_seeker, db):
    _switch(db)
    _post(job_seeker, "/en/about-you/age", answer="under_25")
    _post(job_seeker, "/en/about-you/gender", answer="woman")
    page = job_seeker.get("/en/about-you/age").text
    assert 'name="remove" value="yes"' in page
    removed = _post(job_seeker, "/en/about-you/age", answer="under_25", remove="yes")
    assert removed.headers["location"] == "/en/about-you?done=removed"
    assert _stored(db) == [(None, "woman")]
    assert 'action="/en/about-you/remove"' in job_seeker.get("/en/about-you").text
    assert _post(job_seeker, "/en/about-you/remove").status_code == 303
    assert _stored(db) == []
    assert "Your answers are removed." in job_seeker.get("/en/about-you?done=removed").text


def test_delete_my_data_takes_the_answers_with_the_journey(job_seeker, make_client, db):
    _switch(db)
    other = make_client()
    start_journey(other)
    for client in (job_seeker, other):
        _post(client, "/en/about-you/age", answer="25_54")
    assert len(_stored(db)) == 2
    assert _post(job_seeker, "/en/delete", confirm="yes").status_code == 303
    db.expire_all()
    assert db.exec(select(func.count()).select_from(JourneyAbout)).one() == 1  # the other person's stays


def test_answers_given_before_the_partner_stopped_asking_can_still_be_seen_and_removed(job_seeker, db):
    _switch(db)
    _post(job_seeker, "/en/about-you/gender", answer="man")
    _switch(db, age=False, gender=False)
    assert job_seeker.get("/en/about-you/gender").status_code == 404
    assert "About you (optional)" in job_seeker.get("/en/plan").text
    start = job_seeker.get("/en/about-you")
    assert start.status_code == 200 and "Man" in start.text
    assert 'href="/en/about-you/gender"' not in start.text and 'href="/en/about-you/age"' not in start.text
    assert _post(job_seeker, "/en/about-you/remove").status_code == 303
    assert _stored(db) == []
    assert job_seeker.get("/en/about-you").status_code == 404
