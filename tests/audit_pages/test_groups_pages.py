"""People by age group and by gender (issue 15), for analysts and admins, with CSV and XLSX downloads that hide
exactly what the page hides; and the admins' switch for the optional questions, their own partner's only."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from guide.about.service import Switch, set_switch, switches
from guide.audit_pages.tables import GROUPS
from guide.core.db import reading, writing
from tests.about.factories import people
from tests.conftest import csrf_token, make_staff, sign_in_staff
from tests.html import plain_text, table_row
from tests.skills_audit.factories import release_quarter

BASE = "/en/staff/audit/groups"
YEAR = datetime.now(UTC).year
START = datetime(YEAR, 2, 2, 9, tzinfo=UTC)


@pytest.fixture
def analyst(client, db):  # noqa: ANN001, ANN201
    return sign_in_staff(client, db, make_staff(db, "groups-analyst", ("analyst",)))


@pytest.fixture
def figures(db):  # noqa: ANN001, ANN201
    """Medway asks both questions: 6 young women, 6 men of 25-54, 2 people of 55 and over who prefer not to give a
    gender (hidden, and one more figure with them), 7 who answered nothing."""
    with writing(db):
        set_switch(db, "Medway Council", True, True, "an-admin")
    people(db, "medway", 6, START, "under_25", "woman")
    people(db, "medway", 6, START, "25_54", "man")
    people(db, "medway", 2, START, "55_over", "prefer_not")
    people(db, "medway", 7, START)


@pytest.fixture
def released(figures, db):  # noqa: ANN001, ANN201
    """The figures, with the first quarter released: the page shows releases only (skills_audit.releases)."""
    release_quarter(db, GROUPS, f"{YEAR}-Q1")


def test_the_page_shows_each_group_with_small_counts_hidden_and_the_totals_as_they_are(analyst, released):
    response = analyst.get(f"{BASE}?year={YEAR}&quarter=1")
    assert response.status_code == 200
    text = plain_text(response.text)
    assert f"People by age group and by gender, {YEAR}-Q1" in text
    age, gender = response.text.split("Gender: Medway Council")
    assert "Age: Medway Council" in age
    assert table_row(age, "Under 25").split()[3] == "0"  # no job
    assert table_row(age, "55 or over").startswith("55 or over hidden (fewer than 5)")
    assert table_row(age, "All people").startswith("All people 21 0")  # the results report's "Started the guide"
    assert table_row(gender, "Prefer not to say").startswith("Prefer not to say hidden (fewer than 5)")
    assert "Not asked or not answered" in gender
    assert 'data-label="Started the guide"' in age
    assert 'href="/en/staff/audit/groups/download/xlsx?year=' in response.text
    # a partner that asks nothing and whose people answered nothing has no table
    assert "Stad Kortrijk" not in response.text


def test_the_downloads_hide_what_the_page_hides(analyst, released):
    csv = analyst.get(f"{BASE}/download/csv?year={YEAR}&quarter=1")
    assert csv.status_code == 200
    assert csv.headers["content-disposition"] == f'attachment; filename="groups-{YEAR}-Q1.csv"'
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert next(line for line in lines if line.startswith("55 or over,")).split(",")[1] == "hidden (fewer than 5)"
    xlsx = analyst.get(f"{BASE}/download/xlsx?year={YEAR}&quarter=1")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:2] == ["People by age group and by gender", f"{YEAR}-Q1"]
    assert next(r for r in rows if r[0] == "Under 25")[1:3] == [6, 0]  # numbers, not text
    assert next(r for r in rows if r[0] == "55 or over")[1] == "hidden (fewer than 5)"
    assert [r[1] for r in rows if r[0] == "All people"] == [21, 21]  # both questions' totals
    # 21 - 6 - 6 - 0 - 7 would give the 2 away: one more figure of the first column is hidden with it
    age = rows[rows.index(next(r for r in rows if r[0] == "Under 25")):][:6]
    assert sum(1 for r in age if isinstance(r[1], str)) >= 2
    assert analyst.get(f"{BASE}/download/pdf?year={YEAR}&quarter=1").status_code == 404


def test_a_year_or_quarter_off_the_list_is_a_localised_422(client, db):
    sign_in_staff(client, db, make_staff(db, "groups-fr", ("analyst",)))
    response = client.get("/fr/staff/audit/groups?year=1999&quarter=7")
    assert response.status_code == 422 and "Choisissez" in response.text
    assert client.get("/fr/staff/audit/groups/download/csv?year=1999&quarter=1").status_code == 422


def test_in_french_and_dutch_the_labels_are_translated(client, db, released):
    sign_in_staff(client, db, make_staff(db, "groups-nl", ("analyst",)))
    for locale in ("nl", "fr"):
        page = client.get(f"/{locale}/staff/audit/groups?year={YEAR}&quarter=1")
        assert page.status_code == 200
        assert "hidden (" not in page.text and "Under 25" not in page.text and "All people" not in page.text


def test_the_audit_home_links_to_it_and_a_coach_is_refused(analyst, app, db):  # noqa: ANN001
    assert 'href="/en/staff/audit/groups"' in analyst.get("/en/staff/audit").text
    assert 'href="/en/staff/audit/questions"' not in analyst.get("/en/staff/audit").text  # admins only
    with TestClient(app, follow_redirects=False) as coach:
        sign_in_staff(coach, db, make_staff(db, "groups-coach"))
        assert coach.get(BASE).status_code == 403


def switch(db, partner: str) -> Switch:  # noqa: ANN001
    return switches(db, [partner])[partner]


def _save(client, partner: str, **boxes: str):  # noqa: ANN001, ANN202
    return client.post("/en/staff/audit/questions", data={"partner": partner, **boxes,
                                                          "csrf_token": csrf_token(client)})


def test_a_partners_admin_switches_its_questions_on_and_off(client, db):
    admin = sign_in_staff(client, db, make_staff(db, "q-admin", ("admin",)))
    page = admin.get("/en/staff/audit/questions")
    assert page.status_code == 200 and "Medway Council" in page.text and "Stad Kortrijk" not in page.text
    assert 'href="/en/staff/audit/questions"' in admin.get("/en/staff/audit/targets").text
    saved = _save(admin, "Medway Council", ask_gender="yes")
    assert saved.status_code == 303 and saved.headers["location"] == "/en/staff/audit/questions?done=saved"
    with reading(db):
        found = switch(db, "Medway Council")
    assert (found.ask_age_band, found.ask_gender, found.updated_by) == (False, True, "q-admin")
    again = admin.get("/en/staff/audit/questions?done=saved").text
    assert "The questions are saved." in again and "Last changed by q-admin" in again
    assert 'id="gender-1" checked' in again and 'id="age-1" checked' not in again
    assert _save(admin, "Medway Council").status_code == 303  # both off
    with reading(db):
        assert switch(db, "Medway Council").asked == ()
    # another partner's is not this admin's to set; a partner nobody has is the page again with why
    assert _save(admin, "Stad Kortrijk", ask_gender="yes").status_code == 403
    unknown = _save(admin, "Nowhere Council", ask_gender="yes")
    assert unknown.status_code == 422 and "Choose a partner from the list." in unknown.text
    with reading(db):
        assert switch(db, "Stad Kortrijk").asked == () and switch(db, "Nowhere Council").asked == ()


def test_an_all_partners_admin_sets_any_partner(client, db):
    admin = sign_in_staff(client, db, make_staff(db, "q-all", ("admin",), all_partners=True))
    page = admin.get("/en/staff/audit/questions").text
    assert "Medway Council" in page and "Stad Kortrijk" in page
    assert _save(admin, "Stad Kortrijk", ask_age_band="yes").status_code == 303
    with reading(db):
        assert switch(db, "Stad Kortrijk").asked == ("age_band",)
