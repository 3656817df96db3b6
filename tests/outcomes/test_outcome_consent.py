"""Consent for a coach's outcomes (issue 15): only a person who ticked "Let my coach record what I started" when
sharing (or allowed it later on the sharing page) can have a coach record or check an outcome for them; without it
the coach's routes answer 404, as for a client who does not share, and the client page does not offer them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from guide.outcomes.models import Outcome
from guide.sharing.models import CoachLink
from tests.conftest import add_client, csrf_token, make_staff, share_code, sign_in_staff, start_journey


def _post(client: TestClient, path: str, locale: str = "en", **fields: str):  # noqa: ANN202
    return client.post(f"/{locale}{path}", data={"csrf_token": csrf_token(client, locale), **fields})


def _job() -> dict[str, str]:
    today = datetime.now(UTC).date()
    return {"kind": "job", "hours": "over_30", "contract": "temporary", "month": str(today.month),
            "year": str(today.year)}


@pytest.fixture
def coach(client, db):  # noqa: ANN001, ANN201
    return sign_in_staff(client, db, make_staff(db, "consent-coach"))


@pytest.fixture
def person(app):  # noqa: ANN001, ANN201
    with TestClient(app, follow_redirects=False) as browser:
        start_journey(browser)
        yield browser


def test_without_consent_the_coach_gets_404_and_the_page_does_not_offer_it(coach, person, db):
    link_id = add_client(coach, share_code(person))
    link = db.get(CoachLink, link_id)
    assert link is not None and link.record_outcomes is False  # off unless ticked
    today = datetime.now(UTC).date()
    assert _post(person, "/outcomes/check", kind="training", month=str(today.month),
                 year=str(today.year)).status_code == 303
    outcome_id = db.exec(select(Outcome.id)).one()
    page = coach.get(f"/en/staff/clients/{link_id}")
    assert page.status_code == 200 and "What happened next" in page.text  # what the person recorded: still seen
    assert "/outcomes/new" not in page.text and "Mark as checked" not in page.text
    assert "Your client has not let you record what they started." in page.text
    assert coach.get(f"/en/staff/clients/{link_id}/outcomes/new").status_code == 404
    assert _post(coach, f"/staff/clients/{link_id}/outcomes/new", **_job()).status_code == 404
    assert _post(coach, f"/staff/clients/{link_id}/outcomes/{outcome_id}/checked").status_code == 404
    db.expire_all()
    assert [o.entered_by for o in db.exec(select(Outcome)).all()] == ["person"]
    assert db.get(Outcome, outcome_id).checked_at is None  # type: ignore[union-attr]


def test_the_box_on_the_share_screen_gives_consent_and_the_code_page_says_so(coach, person, db):
    page = person.get("/en/share")
    assert 'name="outcomes" value="yes"' in page.text
    assert "Let my coach record what I started (a job, a training…)" in page.text
    made = person.post("/en/share", data={"answers": "no", "outcomes": "yes", "csrf_token": csrf_token(person)})
    assert made.status_code == 200 and "Your coach may record what you started." in made.text
    link_id = add_client(coach, share_code(person, outcomes="yes"))
    assert db.get(CoachLink, link_id).record_outcomes is True  # type: ignore[union-attr]
    assert f'href="/en/staff/clients/{link_id}/outcomes/new"' in coach.get(f"/en/staff/clients/{link_id}").text
    assert _post(coach, f"/staff/clients/{link_id}/outcomes/new", **_job()).status_code == 303


def test_the_person_allows_it_later_and_takes_it_back(coach, person, db):
    link_id = add_client(coach, share_code(person))
    assert "May not record what you started." in person.get("/en/share").text
    allowed = _post(person, f"/share/{link_id}/outcomes", outcomes="yes")
    assert allowed.status_code == 303
    assert "May record what you started." in person.get("/en/share").text
    assert coach.get(f"/en/staff/clients/{link_id}/outcomes/new").status_code == 200
    assert _post(person, f"/share/{link_id}/outcomes", outcomes="no").status_code == 303
    db.expire_all()
    assert db.get(CoachLink, link_id).record_outcomes is False  # type: ignore[union-attr]
    assert coach.get(f"/en/staff/clients/{link_id}/outcomes/new").status_code == 404


def test_sharing_again_with_the_same_coach_the_new_choice_counts(coach, person, db):
    link_id = add_client(coach, share_code(person, outcomes="yes"))
    assert add_client(coach, share_code(person)) == link_id
    db.expire_all()
    assert db.get(CoachLink, link_id).record_outcomes is False  # type: ignore[union-attr]


def test_another_persons_link_cannot_be_changed(app, coach, person, db):
    link_id = add_client(coach, share_code(person))
    with TestClient(app, follow_redirects=False) as other:
        start_journey(other)
        assert _post(other, f"/share/{link_id}/outcomes", outcomes="yes").status_code == 404
    db.expire_all()
    assert db.get(CoachLink, link_id).record_outcomes is False  # type: ignore[union-attr]
