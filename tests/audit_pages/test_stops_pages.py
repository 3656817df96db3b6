"""The "Where people stop" page (issue 15), for analysts and admins: steps reached, days between steps and quiet
journeys of a quarter per centre, with CSV and XLSX downloads that hide exactly what the page hides."""

from __future__ import annotations

import io
import secrets
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from guide.audit_pages.tables import STOPS
from guide.core.db import writing
from guide.journeys.models import Journey, StepProgress
from tests.conftest import csrf_token, make_staff, sign_in_staff
from tests.html import plain_text, table_row
from tests.skills_audit.factories import release_quarter

BASE = "/en/staff/audit/stops"
YEAR = datetime.now(UTC).year
START = datetime(YEAR, 2, 2, 9, tzinfo=UTC)


@pytest.fixture
def analyst(client, db):  # noqa: ANN001, ANN201
    return sign_in_staff(client, db, make_staff(db, "stops-analyst", ("analyst",)))


def _people(db, centre: str, n: int, steps: int, gap: int = 2) -> None:  # noqa: ANN001
    for _ in range(n):
        with writing(db):
            journey = Journey(code_hash=secrets.token_hex(32), centre_id=centre, locale="en", created_at=START,
                              last_activity_at=START)
            db.add(journey)
            db.flush()
            for step in range(1, steps + 1):
                db.add(StepProgress(journey_id=journey.id, centre_id=journey.centre_id, step=step, status="completed",
                                    updated_at=START + timedelta(days=gap * step, hours=1)))


@pytest.fixture
def figures(db):  # noqa: ANN001, ANN201
    """Medway: 3 people at step 1 (hidden); Kortrijk: 8 reached step 2, two days apart; Grande-Synthe: 9 at step 1."""
    _people(db, "medway", 3, 1)
    _people(db, "kortrijk", 8, 2)
    _people(db, "grande-synthe", 9, 1)


@pytest.fixture
def released(figures, db):  # noqa: ANN001, ANN201
    """The figures, with the first quarter released: the page shows releases only."""
    release_quarter(db, STOPS, f"{YEAR}-Q1")


def test_the_page_shows_each_centre_with_small_counts_and_their_medians_hidden(analyst, released):
    response = analyst.get(f"{BASE}?year={YEAR}&quarter=1")
    assert response.status_code == 200
    assert f"Where people stop, {YEAR}-Q1" in plain_text(response.text)
    counts, medians = response.text.split('id="stops-medians"')
    assert table_row(counts, "Medway").startswith("Medway hidden (fewer than 5)")
    # the programme's step 1 less Grande-Synthe would give Medway's 3 away: Kortrijk's step 1 is hidden with it
    assert table_row(counts, "Kortrijk").startswith("Kortrijk hidden (to protect another figure) 8 0")
    assert table_row(counts, "Grande-Synthe").split()[-1] == "9"  # all quiet for 30 days (they started in February)
    assert table_row(counts, "Whole programme").split()[2:4] == ["20", "8"]
    # a median is hidden with its count, whatever the reason the count is hidden
    assert table_row(medians, "Medway").startswith("Medway hidden (with the count) nobody")
    assert table_row(medians, "Kortrijk").startswith("Kortrijk hidden (with the count) 2 nobody")
    assert table_row(medians, "Grande-Synthe").startswith("Grande-Synthe 2 nobody")
    assert 'data-label="Step 1"' in counts and 'data-label="Quiet for 30 days"' in counts
    assert 'href="/en/staff/audit/stops/download/csv?year=' in response.text


def test_the_downloads_hide_what_the_page_hides(analyst, released):
    csv = analyst.get(f"{BASE}/download/csv?year={YEAR}&quarter=1")
    assert csv.status_code == 200
    assert csv.headers["content-disposition"] == f'attachment; filename="stops-{YEAR}-Q1.csv"'
    lines = csv.content.decode("utf-8-sig").splitlines()
    medway = [line for line in lines if line.startswith("Medway,")]
    assert len(medway) == 2  # the counts, and the medians
    assert medway[0].split(",")[1] == "hidden (fewer than 5)" and medway[1].split(",")[1] == "hidden (with the count)"
    xlsx = analyst.get(f"{BASE}/download/xlsx?year={YEAR}&quarter=1")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    kortrijk = [r for r in rows if r[0] == "Kortrijk"]
    assert kortrijk[0][1:3] == ["hidden (to protect another figure)", 8]  # a number, or a label
    assert kortrijk[1][1:3] == ["hidden (with the count)", 2]  # a median, as a number
    assert next(r for r in rows if r[0] == "Medway")[1] == "hidden (fewer than 5)"
    assert analyst.get(f"{BASE}/download/pdf?year={YEAR}&quarter=1").status_code == 404


def test_a_year_or_quarter_off_the_list_is_a_localised_422(client, db):
    sign_in_staff(client, db, make_staff(db, "stops-fr", ("analyst",)))
    response = client.get("/fr/staff/audit/stops?year=1999&quarter=7")
    assert response.status_code == 422 and "Choisissez" in response.text
    assert client.get("/fr/staff/audit/stops/download/csv?year=1999&quarter=1").status_code == 422


def test_in_french_and_dutch_every_label_is_translated(client, db, released):
    sign_in_staff(client, db, make_staff(db, "stops-nl", ("analyst",)))
    nl = client.get(f"/nl/staff/audit/stops?year={YEAR}&quarter=1")
    assert nl.status_code == 200 and "Waar mensen stoppen" in nl.text
    assert "hidden (" not in nl.text and "Quiet for" not in nl.text and "nobody" not in nl.text
    fr = client.get(f"/fr/staff/audit/stops?year={YEAR}&quarter=1")
    assert fr.status_code == 200 and "Où les gens s’arrêtent" in fr.text and "hidden (" not in fr.text


def test_the_audit_home_links_to_it_and_a_coach_is_refused(analyst, app, db):  # noqa: ANN001
    assert 'href="/en/staff/audit/stops"' in analyst.get("/en/staff/audit").text
    with TestClient(app, follow_redirects=False) as coach:
        sign_in_staff(coach, db, make_staff(db, "stops-coach"))
        assert coach.get(BASE).status_code == 403
        assert coach.get(f"{BASE}/download/csv").status_code == 403


def test_after_the_release_a_newcomer_changes_no_figure_and_a_second_release_is_refused(analyst, db, figures):
    form = {"year": str(YEAR), "quarter": "1", "csrf_token": csrf_token(analyst)}
    assert "Not released yet" in analyst.get(f"{BASE}?year={YEAR}&quarter=1").text
    assert analyst.post(f"{BASE}/release", data=form).status_code == 303
    csv = analyst.get(f"{BASE}/download/csv?year={YEAR}&quarter=1").content
    page = analyst.get(f"{BASE}?year={YEAR}&quarter=1").text.split("<main", 1)[1]
    _people(db, "medway", 2, 1)  # two more start in the released quarter: Medway's 5 would no longer be small
    assert analyst.get(f"{BASE}/download/csv?year={YEAR}&quarter=1").content == csv
    assert analyst.get(f"{BASE}?year={YEAR}&quarter=1").text.split("<main", 1)[1] == page
    again = analyst.post(f"{BASE}/release", data=form)
    assert again.status_code == 422 and "has been released already" in plain_text(again.text)
