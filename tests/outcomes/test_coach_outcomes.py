"""The coach's side, for a client who shares: the outcomes and check-ins on the client's page, "check-in due" and
"wants to talk" in the caseload (in the same statements whatever its size), and a check-in marked followed up."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from guide.outcomes.models import CheckIn
from guide.sharing.models import CoachLink
from tests.conftest import add_client, csrf_token, make_staff, share_code, sign_in_staff, start_journey
from tests.outcomes.factories import add_outcome


def _shared_job(app, db, staff: TestClient, answers: dict[int, str], wants_coach: bool = False) -> int:  # noqa: ANN001
    """A new client who shares with the coach and started a job in January 2026; returns the link's id."""
    with TestClient(app, follow_redirects=False) as person:
        start_journey(person)
        link_id = add_client(staff, share_code(person))
    link = db.get(CoachLink, link_id)
    outcome_id = add_outcome(db, link.journey_id, "job", date(2026, 1, 1), "20_30/permanent", answers)
    if wants_coach:
        checkin = db.exec(select(CheckIn).where(CheckIn.outcome_id == outcome_id, CheckIn.due_week == 4)).one()
        checkin.wants_coach, checkin.hard_things = True, "travel childcare"
        db.add(checkin)
        db.commit()
    return link_id


@pytest.fixture
def coach(client, db):  # noqa: ANN001, ANN201
    return sign_in_staff(client, db, make_staff(db, "after-coach"))


def test_the_coach_sees_the_outcomes_and_marks_a_wish_to_talk_followed_up(app, coach, db):
    link_id = _shared_job(app, db, coach, {4: "still_there"}, wants_coach=True)
    caseload = coach.get("/en/staff/caseload")
    assert "Wants to talk" in caseload.text and "Check-in due" in caseload.text  # week 26 is due, not answered
    page = coach.get(f"/en/staff/clients/{link_id}")
    assert page.status_code == 200
    assert "What happened next" in page.text and "A job: 20 to 30 hours a week · A permanent contract" in page.text
    assert "After 4 weeks: Still there" in page.text and "Hard now: Travel, Childcare" in page.text
    checkin_id = db.exec(select(CheckIn.id).where(CheckIn.due_week == 4)).one()
    response = coach.post(f"/en/staff/clients/{link_id}/checkins/{checkin_id}/followed-up",
                          data={"csrf_token": csrf_token(coach)})
    assert response.status_code == 303 and response.headers["location"].endswith("#outcomes")
    db.expire_all()
    assert db.get(CheckIn, checkin_id).followed_up_at is not None  # type: ignore[union-attr]
    assert "Asked to talk to a coach: followed up." in coach.get(f"/en/staff/clients/{link_id}").text
    assert "Wants to talk" not in coach.get("/en/staff/caseload").text


def test_a_check_in_not_asking_for_a_coach_or_another_coachs_client_is_not_found(app, coach, db):
    link_id = _shared_job(app, db, coach, {4: "still_there"})
    checkin_id = db.exec(select(CheckIn.id).where(CheckIn.due_week == 4)).one()
    assert coach.post(f"/en/staff/clients/{link_id}/checkins/{checkin_id}/followed-up",
                      data={"csrf_token": csrf_token(coach)}).status_code == 404
    with TestClient(app, follow_redirects=False) as other:
        sign_in_staff(other, db, make_staff(db, "other-coach"))
        assert other.post(f"/en/staff/clients/{link_id}/checkins/{checkin_id}/followed-up",
                          data={"csrf_token": csrf_token(other)}).status_code == 404


def test_a_job_with_every_check_in_answered_is_not_due(app, coach, db):
    _shared_job(app, db, coach, {26: "still_there"})  # the latest one answered: the earlier ones are not asked
    assert "Check-in due" not in coach.get("/en/staff/caseload").text


@pytest.mark.parametrize("clients", [2, 6])
def test_the_caseload_with_outcomes_reads_in_the_same_statements(app, db, count_queries, clients):
    from tests.web.test_query_counts import CASELOAD_STATEMENTS

    with TestClient(app, follow_redirects=False) as staff:
        sign_in_staff(staff, db, make_staff(db, "busy-after-coach"))
        for n in range(clients):
            _shared_job(app, db, staff, {4: "still_there"}, wants_coach=n % 2 == 0)
        staff.get("/en/staff/caseload")
        with count_queries() as log:
            page = staff.get("/en/staff/caseload")
        assert page.status_code == 200 and page.text.count("Check-in due") >= clients
    assert log.counts() == CASELOAD_STATEMENTS, log.statements
