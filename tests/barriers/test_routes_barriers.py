"""The barriers pages: the grouped check (plain POST), its summary, My plan's items with the centre's help, the
steps' reminders, "Delete my data", and the coach who sees them only with consent."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from guide.barriers.models import BarrierAnswer
from tests.conftest import add_client, csrf_token, make_staff, share_code, sign_in_staff, start_journey


def _save(client, locale="en", **answers):  # noqa: ANN001, ANN201
    data = {f"barrier-{theme}": value for theme, value in answers.items()}
    return client.post(f"/{locale}/barriers", data={"csrf_token": csrf_token(client, locale), **data})


@pytest.fixture
def kortrijk(client):  # noqa: ANN001, ANN201
    start_journey(client, "en", "kortrijk")
    return client


def test_the_check_asks_nine_themes_with_three_answers_each(job_seeker):
    page = job_seeker.get("/en/barriers")
    assert page.status_code == 200
    assert page.text.count('<fieldset class="field') == 9
    for answer in ("no_problem", "want_help", "not_now"):
        assert page.text.count(f'value="{answer}"') == 9
    assert "Childcare and caring for someone" in page.text and "Papers and ID" in page.text
    assert "I’d like help" in page.text


def test_saving_shows_the_summary_with_change_links_and_skipped_themes(job_seeker, db):
    response = _save(job_seeker, childcare="want_help", housing="no_problem")
    assert response.status_code == 303 and response.headers["location"] == "/en/barriers/summary?saved=1"
    summary = job_seeker.get(response.headers["location"])
    assert "Your answers are saved." in summary.text
    assert re.search(r"<span>Childcare and caring for someone</span></dt>\s*<dd>I’d like help", summary.text)
    assert re.search(r"<span>Money and debt</span></dt>\s*<dd>Skipped", summary.text)
    assert 'href="/en/barriers#barrier-housing"' in summary.text
    assert sorted(db.exec(select(BarrierAnswer.theme)).all()) == ["childcare", "housing"]
    again = job_seeker.get("/en/barriers")  # the saved answers are chosen on the form
    assert re.search(r'value="want_help" id="barrier-childcare-want_help" checked', again.text)


@pytest.mark.parametrize(("locale", "words"), [
    ("en", "Choose one of the three answers, or skip this question."),
    ("nl", "Kies een van de drie antwoorden, of sla deze vraag over."),
    ("fr", "Choisissez une des trois réponses, ou passez cette question."),
])
def test_an_answer_off_the_list_is_said_in_the_pages_language_and_the_rest_is_kept(client, db, locale, words):
    start_journey(client, locale)
    response = _save(client, locale, childcare="want_help", money="perhaps")
    assert response.status_code == 422
    assert words in response.text
    assert 'href="#barrier-money"' in response.text
    assert re.search(r'value="want_help" id="barrier-childcare-want_help" checked', response.text)
    assert db.exec(select(BarrierAnswer)).all() == []


def test_step_2_and_the_task_list_lead_to_the_check(job_seeker):
    step = job_seeker.get("/en/steps/2")
    assert 'name="go" value="barriers"' in step.text and "Check what stands in your way" in step.text
    response = job_seeker.post("/en/steps/2", data={"csrf_token": csrf_token(job_seeker), "go": "barriers"})
    assert response.status_code == 303 and response.headers["location"] == "/en/barriers"
    assert 'href="/en/barriers"' in job_seeker.get("/en/steps").text


def test_my_plan_has_each_want_help_with_the_centres_help_for_its_step(kortrijk):
    plan = kortrijk.get("/en/plan")
    assert "You have not asked for help with anything." in plan.text
    _save(kortrijk, childcare="want_help", transport="want_help", money="no_problem")
    plan = kortrijk.get("/en/plan").text
    section = plan.split('id="plan-help"')[1].split("</section>")[0]
    assert "Help with childcare and caring" in section and "Help with getting around" in section
    assert "Help with money" not in section
    childcare = section.split('id="help-childcare"')[1].split("<h3")[0]
    assert "Huis van het Kind" in childcare  # Kortrijk's step-2 help
    # each theme's pictogram beside its title, decorative (content/pictograms.yml)
    assert re.search(r'id="help-childcare" class="with-pictogram"><img class="pictogram" '
                     r'src="/static/pictograms/child\.svg[^"]*" alt="" aria-hidden="true" width="32" height="32">',
                     section)
    assert 'src="/static/pictograms/bus.svg' in section and section.count('class="pictogram"') == 2


def test_the_step_where_it_matters_reminds_of_the_help_asked_for(job_seeker):
    assert 'id="barriers-reminder"' not in job_seeker.get("/en/steps/4").text
    _save(job_seeker, transport="want_help", language="want_help", digital="not_now")
    step4 = job_seeker.get("/en/steps/4").text
    assert "You asked for help with: Getting around and a driving licence." in step4
    assert 'href="/en/barriers/summary"' in step4
    assert "You asked for help with: The language of the country." in job_seeker.get("/en/steps/6").text
    assert 'id="barriers-reminder"' not in job_seeker.get("/en/steps/3").text


def test_only_a_browser_whose_journey_asked_for_help_reads_the_reminder(app, client, count_queries):
    """The hint (guide.web.hints): set by saving the check, cleared when no help is asked any more, set again on
    another PC by resuming with the code."""
    from fastapi.testclient import TestClient

    from guide.barriers.views import ASKED_HELP

    job_seeker = client
    code = start_journey(job_seeker)
    job_seeker.get("/en/steps/4")
    with count_queries() as log:
        job_seeker.get("/en/steps/4")
    without = len(log)
    _save(job_seeker, transport="want_help")
    assert job_seeker.cookies.get(ASKED_HELP.cookie) == "1"
    with count_queries() as log:
        assert 'id="barriers-reminder"' in job_seeker.get("/en/steps/4").text
    assert len(log) == without + 1
    with TestClient(app, follow_redirects=False) as other_pc:
        assert other_pc.post("/en/resume", data={"code": code, "csrf_token": csrf_token(other_pc)}).status_code == 303
        assert other_pc.cookies.get(ASKED_HELP.cookie) == "1"
        assert 'id="barriers-reminder"' in other_pc.get("/en/steps/4").text
    _save(job_seeker, transport="no_problem")
    assert job_seeker.cookies.get(ASKED_HELP.cookie) is None
    assert 'id="barriers-reminder"' not in job_seeker.get("/en/steps/4").text


def test_delete_my_data_removes_the_answers(job_seeker, db):
    _save(job_seeker, childcare="want_help")
    assert db.exec(select(BarrierAnswer)).all() != []
    response = job_seeker.post("/en/delete", data={"csrf_token": csrf_token(job_seeker), "confirm": "yes"})
    assert response.status_code == 303
    assert db.exec(select(BarrierAnswer)).all() == []


def test_a_coach_sees_the_barriers_only_with_consent_and_marks_one(client, app, db):
    from fastapi.testclient import TestClient

    start_journey(client)
    _save(client, childcare="want_help", money="no_problem")
    with TestClient(app, follow_redirects=False) as coach:
        sign_in_staff(coach, db, make_staff(db, "barrier-coach"))
        link_id = add_client(coach, share_code(client))  # barriers not shared
        page = coach.get(f"/en/staff/clients/{link_id}").text
        assert "Not shared with you." in page and "Childcare and caring" not in page
        mark = {"csrf_token": csrf_token(coach), "theme": "childcare", "working_on": "yes"}
        assert coach.post(f"/en/staff/clients/{link_id}/barriers", data=mark).status_code == 404
        # the job seeker shows them to this coach from the share screen
        share = client.get("/en/share").text
        assert f'action="/en/share/{link_id}/barriers"' in share
        shown = client.post(f"/en/share/{link_id}/barriers", data={"csrf_token": csrf_token(client),
                                                                    "barriers": "yes"})
        assert shown.status_code == 303
        page = coach.get(f"/en/staff/clients/{link_id}").text
        assert re.search(r'<dt class="with-pictogram"><img class="pictogram" src="/static/pictograms/child\.svg'
                         r'[^"]*" alt="" aria-hidden="true" width="32" height="32"><span>Childcare and caring for '
                         r"someone</span></dt><dd>I’d like help", page)
        assert re.search(r"pictograms/coin\.svg[^>]*><span>Money and debt</span></dt><dd>No problem", page)
        assert page.count("Mark as being worked on") == 1  # only what they asked help with
        response = coach.post(f"/en/staff/clients/{link_id}/barriers", data=mark)
        assert response.status_code == 303 and response.headers["location"].endswith("#barriers")
        assert "Your coach is working on this" in client.get("/en/plan").text
        money = {**mark, "theme": "money"}
        assert coach.post(f"/en/staff/clients/{link_id}/barriers", data=money).status_code == 404
        # hidden again: nothing to see, nothing to mark
        client.post(f"/en/share/{link_id}/barriers", data={"csrf_token": csrf_token(client), "barriers": "no"})
        assert "Not shared with you." in coach.get(f"/en/staff/clients/{link_id}").text
        assert coach.post(f"/en/staff/clients/{link_id}/barriers", data=mark).status_code == 404


def test_a_share_code_made_with_the_box_ticked_shares_the_barriers(client, app, db):
    from fastapi.testclient import TestClient

    start_journey(client)
    _save(client, health="want_help")
    response = client.post("/en/share", data={"answers": "no", "barriers": "yes", "csrf_token": csrf_token(client)})
    assert "Your coach will also see what stands in your way." in response.text
    code = re.search(r'id="share-code">(\d{3} \d{3})<', response.text).group(1)
    with TestClient(app, follow_redirects=False) as coach:
        sign_in_staff(coach, db, make_staff(db, "barrier-coach-2"))
        link_id = add_client(coach, code)
        assert "<span>Health</span></dt><dd>I’d like help" in coach.get(f"/en/staff/clients/{link_id}").text
