"""Every page that shows a job seeker's or a centre's date or time writes it as the centre's country does: English at
Medway (UK) is "29 November 2026" and "23:20", never "November 29, 2026" or "11:20 PM". Staff pages write dates as
their partner's country does."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from guide.assessment.service import finish_take, record_answer, start_take
from guide.content.library import get_library
from guide.core.db import writing
from guide.core.settings import get_settings
from guide.journeys.service import find_journey
from skills_audit.framework import get_framework
from tests.conftest import add_client, csrf_token, make_staff, share_code, sign_in_staff

UK_DATE = r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}"
US_DATE = r"(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}"
UK_TIME = r"\d{2}:\d{2}"  # 24 hours, two digits: an American time is "9:05 PM"


def _no_american(page: str) -> None:
    assert not re.search(US_DATE, page), re.search(US_DATE, page).group(0)
    assert not re.search(r"\d:\d{2}\s?[AP]M", page)


def _finish_a_self_assessment(db: Session, client: TestClient) -> int:
    with writing(db):
        journey = find_journey(db, get_settings().resolved_secret_key(), client.resume_code)
        take = start_take(db, journey)
        for statement_id in get_framework().statement_ids():
            record_answer(db, journey, take.id, statement_id, 3)
        finish_take(db, journey, take.id)
    return take.id


def test_a_job_seeker_at_a_uk_centre_reads_british_dates_and_times(job_seeker: TestClient, db: Session):
    client = job_seeker  # English, at Medway
    answer = f"answer-{get_library().step('en', 1).questions[0].id}"
    saved = client.post("/en/steps/1/save", data={answer: "Gardening", "csrf_token": csrf_token(client)},
                        headers={"HX-Request": "true"})
    assert re.search(rf"Saved at {UK_TIME}\.", saved.text)
    assert re.search(rf"Saved at {UK_TIME}\.", client.get("/en/steps/1").text)
    take_id = _finish_a_self_assessment(db, client)
    pages = {
        "plan": client.get("/en/plan").text,
        "result": client.get(f"/en/assessment/{take_id}/result").text,
        "overview": client.get("/en/assessment").text,
        "task list": client.get("/en/steps").text,
        "share code": client.post("/en/share", data={"answers": "no", "csrf_token": csrf_token(client)}).text,
    }
    assert re.search(rf"<dd>{UK_DATE}</dd>", pages["plan"])  # printed on
    assert re.search(rf"Self-assessment of {UK_DATE}", pages["result"])
    assert re.search(rf"Result of {UK_DATE}", pages["overview"])
    assert re.search(rf"Your last result is from {UK_DATE}", pages["task list"])
    assert re.search(rf"until {UK_TIME} ", pages["share code"])
    for page in pages.values():
        _no_american(page)


@pytest.fixture
def coach(app, db: Session):  # noqa: ANN001, ANN201 - a coach of Medway Council, in a second browser
    with TestClient(app, follow_redirects=False) as other:
        yield sign_in_staff(other, db, make_staff(db, "anna-coach"))


def test_a_uk_coach_reads_british_dates_on_the_caseload_and_the_clients_page(job_seeker, coach, db):
    _finish_a_self_assessment(db, job_seeker)
    link_id = add_client(coach, share_code(job_seeker))
    caseload = coach.get("/en/staff/caseload").text
    client_page = coach.get(f"/en/staff/clients/{link_id}").text
    assert re.search(rf"<td data-label=\"Last activity\">{UK_DATE}</td>", caseload)
    assert re.search(rf"<dd>{UK_DATE}</dd>", client_page)  # last activity, started on
    assert re.search(rf'<th scope="col">{UK_DATE}</th>', client_page)  # the self-assessment's column
    for page in (caseload, client_page):
        _no_american(page)
    shared = job_seeker.get("/en/share").text  # the job seeker's log of when the coach looked
    assert re.search(UK_DATE, shared)
    _no_american(shared)
