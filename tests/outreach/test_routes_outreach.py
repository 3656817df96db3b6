"""The outreach pages: a coach records a tally, sees the partner's recent ones, removes one after confirming;
bad input is said at the top and beside the field, in the page's language, with what was typed kept."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlmodel import select

from guide.outreach.models import ReachTally
from tests.conftest import csrf_token, make_staff, sign_in_staff
from tests.outreach.factories import add_tallies


@pytest.fixture
def coach(client, db):  # noqa: ANN001, ANN201
    return sign_in_staff(client, db, make_staff(db, "reach-coach"))


def _post(client, path, locale="en", **fields):  # noqa: ANN001, ANN201
    return client.post(f"/{locale}/staff/outreach{path}", data={"csrf_token": csrf_token(client, locale), **fields})


def test_a_coach_records_a_tally_and_sees_it_listed(coach, db):
    page = coach.get("/en/staff/outreach")
    assert page.status_code == 200
    assert f'value="{date.today().isoformat()}"' in page.text  # today's date filled in
    response = _post(coach, "", day=date.today().isoformat(), centre="medway", kind="street_contact", count="17")
    assert response.status_code == 303 and response.headers["location"] == "/en/staff/outreach?done=saved"
    listed = coach.get(response.headers["location"])
    assert "The tally is saved." in listed.text
    assert re.search(r"Contacts in the street</td>\s*<td[^>]*>17</td>", listed.text)
    stored = db.exec(select(ReachTally)).one()
    assert stored.recorded_by is not None and stored.count == 17


@pytest.mark.parametrize(("locale", "words"), [
    ("en", "That is more than 10,000 in one day"),
    ("nl", "Dat is meer dan 10.000 op één dag"),
    ("fr", "C’est plus de 10\u202f000 en une journée"),
])
def test_an_absurd_count_is_said_in_the_pages_language_and_what_was_typed_is_kept(coach, db, locale, words):
    response = _post(coach, "", locale, day="2026-01-05", centre="medway", kind="house_visit", count="10001")
    assert response.status_code == 422
    assert words in response.text
    assert 'href="#count"' in response.text  # the error summary links to the field
    assert 'value="10001"' in response.text and 'value="2026-01-05"' in response.text
    assert re.search(r'value="house_visit" id="kind-house_visit" checked', response.text)
    assert db.exec(select(ReachTally)).all() == []


def test_a_date_in_the_future_and_another_partners_centre_are_refused(coach, db):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = _post(coach, "", day=tomorrow, centre="kortrijk", kind="house_visit", count="3")
    assert response.status_code == 422
    assert "The date is in the future" in response.text
    assert "Choose one of your organisation’s centres." in response.text
    assert db.exec(select(ReachTally)).all() == []


def test_a_tally_is_removed_only_after_confirming(coach, db):
    add_tallies(db, ("medway", date(2026, 2, 3), "house_visit", 5))
    tally_id = db.exec(select(ReachTally.id)).one()
    listed = coach.get("/en/staff/outreach")
    assert f'href="/en/staff/outreach/{tally_id}/remove"' in listed.text
    confirm = coach.get(f"/en/staff/outreach/{tally_id}/remove")
    assert confirm.status_code == 200 and "Remove this tally?" in confirm.text and "3 February 2026" in confirm.text
    assert db.exec(select(ReachTally)).all() != []  # looking at the question removes nothing
    response = _post(coach, f"/{tally_id}/remove")
    assert response.status_code == 303 and response.headers["location"] == "/en/staff/outreach?done=removed"
    assert db.exec(select(ReachTally)).all() == []


def test_another_partners_tally_is_not_found(coach, db):
    add_tallies(db, ("kortrijk", date(2026, 2, 3), "house_visit", 5))
    tally_id = db.exec(select(ReachTally.id)).one()
    assert str(tally_id) not in coach.get("/en/staff/outreach").text.split("Recent tallies")[1]
    assert coach.get(f"/en/staff/outreach/{tally_id}/remove").status_code == 404
    assert _post(coach, f"/{tally_id}/remove").status_code == 404
    assert db.exec(select(ReachTally.count)).all() == [5]


def test_the_staff_home_page_links_to_outreach_but_a_coach_still_lands_on_the_caseload(coach):
    assert 'href="/en/staff/outreach"' in coach.get("/en/staff/").text


def test_a_centre_with_neighbourhoods_offers_them_and_the_list_names_it(client, db):
    sign_in_staff(client, db, make_staff(db, "kortrijk-coach", partner="Stad Kortrijk"))
    page = client.get("/nl/staff/outreach")
    assert '<select class="input" id="neighbourhood"' in page.text and '<option value="Overleie"' in page.text
    response = _post(client, "", "nl", day=date.today().isoformat(), centre="kortrijk", neighbourhood="Overleie",
                     kind="house_visit", count="4")
    assert response.status_code == 303
    assert "Kortrijk, Overleie" in client.get("/nl/staff/outreach").text
    bad = _post(client, "", "nl", day=date.today().isoformat(), centre="kortrijk", neighbourhood="Elders",
                kind="house_visit", count="4")
    assert bad.status_code == 422 and 'href="#neighbourhood"' in bad.text


def test_a_centre_without_neighbourhoods_asks_for_none(coach):
    assert 'id="neighbourhood"' not in coach.get("/en/staff/outreach").text
