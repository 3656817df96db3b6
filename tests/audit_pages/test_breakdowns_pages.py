"""The breakdowns page (issues 16 and 18): the anonymous map of barriers and the workshops by topic of a quarter, for
analysts and admins, with CSV and XLSX downloads that hide exactly what the page hides."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook

from guide.barriers.service import WANT_HELP, save_answers
from guide.core.db import writing
from guide.journeys.service import start_journey
from tests.conftest import make_staff, sign_in_staff
from tests.html import plain_text, table_row
from tests.workshops.factories import add_workshop, secret

BASE = "/en/staff/audit/breakdowns"
YEAR = datetime.now(UTC).year
WHEN = datetime(YEAR, 2, 10, 9, tzinfo=UTC)


@pytest.fixture
def analyst(client, db):  # noqa: ANN001, ANN201
    return sign_in_staff(client, db, make_staff(db, "breakdowns-analyst", ("analyst",)))


def _people(db, centre: str, n: int, theme: str = "childcare") -> list[int]:  # noqa: ANN001
    made = []
    for _ in range(n):
        with writing(db):
            journey, _code = start_journey(db, secret(), centre, "en")
            save_answers(db, journey.id, {theme: WANT_HELP}, now=WHEN)
        made.append(journey.id)
    return made


@pytest.fixture
def figures(db):  # noqa: ANN001, ANN201
    """Childcare help: Medway 3 (hidden), Kortrijk 8, Grande-Synthe 9; a workshop on step 2 at Medway with 6 people
    and one on the self-assessment with 2."""
    _people(db, "medway", 3)
    _people(db, "kortrijk", 8)
    _people(db, "grande-synthe", 9)
    attendees = _people(db, "medway", 8, theme="money")
    add_workshop(db, centre="medway", topic="2", starts_at=WHEN, ends_at=WHEN + timedelta(hours=2),
                 attendees=tuple(attendees[:6]))
    add_workshop(db, centre="medway", topic="assessment", starts_at=WHEN + timedelta(days=7),
                 ends_at=WHEN + timedelta(days=7, hours=2), attendees=tuple(attendees[6:]))


def test_the_map_shows_each_centre_with_the_small_counts_hidden(analyst, figures):
    response = analyst.get(f"{BASE}?year={YEAR}&quarter=1")
    assert response.status_code == 200
    assert f"Breakdowns: barriers and workshops, {YEAR}-Q1" in plain_text(response.text)
    medway = table_row(response.text, "Medway")
    assert medway.split()[0:4] == ["Medway", "hidden", "(fewer", "than"]  # childcare: 3
    kortrijk = table_row(response.text, "Kortrijk")
    # the programme's total less Medway's neighbours would give Medway's 3 away: the protection hides more
    total = table_row(response.text, "Whole programme")
    shown = [kortrijk, table_row(response.text, "Grande-Synthe"), total]
    assert any("to protect another figure" in row for row in shown)
    # the programme's 20 is shown (readers need totals most), so a neighbour's childcare is hidden with Medway's
    assert total.split()[2] == "20"
    assert any(row.split()[1] == "hidden" for row in shown[:2])
    # workshops: the total is the results report's, the self-assessment's 2 is hidden, and step 2's 6 with it
    medway_workshops = response.text.split("Group workshops by topic: Medway Council")[1].split("</table>")[0]
    assert table_row(medway_workshops, "All topics").split()[-2:] == ["2", "8"]
    assert "hidden (fewer than 5)" in table_row(medway_workshops, "The self-assessment")
    step_2 = table_row(medway_workshops, "Step 2: ")
    assert step_2.count("hidden (with the attendances)") == 1 and "hidden (to protect another figure)" in step_2


def test_the_downloads_hide_what_the_page_hides(analyst, figures):
    csv = analyst.get(f"{BASE}/download/csv?year={YEAR}&quarter=1")
    assert csv.status_code == 200
    assert csv.headers["content-disposition"] == f'attachment; filename="breakdowns-{YEAR}-Q1.csv"'
    text = csv.content.decode("utf-8-sig")
    medway = next(line for line in text.splitlines() if line.startswith("Medway,"))
    assert medway.split(",")[1] == "hidden (fewer than 5)"
    xlsx = analyst.get(f"{BASE}/download/xlsx?year={YEAR}&quarter=1")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    kortrijk = next(r for r in rows if r[0] == "Kortrijk")
    assert kortrijk[1] in (8, "hidden (to protect another figure)")  # a number, or a label: never text of a number
    assert next(r for r in rows if r[0] == "Medway")[1] == "hidden (fewer than 5)"
    assert analyst.get(f"{BASE}/download/pdf?year={YEAR}&quarter=1").status_code == 404


def test_a_year_or_quarter_off_the_list_is_a_localised_422_that_keeps_what_was_chosen(client, db):
    sign_in_staff(client, db, make_staff(db, "breakdowns-fr", ("analyst",)))
    response = client.get("/fr/staff/audit/breakdowns?year=1999&quarter=7")
    assert response.status_code == 422
    assert "Choisissez" in response.text
    assert 'value="1999"' not in response.text or "1999" in response.text
    download = client.get("/fr/staff/audit/breakdowns/download/csv?year=1999&quarter=1")
    assert download.status_code == 422


def test_in_french_and_dutch_the_hidden_labels_are_translated(client, db, figures):
    sign_in_staff(client, db, make_staff(db, "breakdowns-nl", ("analyst",)))
    nl = client.get(f"/nl/staff/audit/breakdowns?year={YEAR}&quarter=1")
    assert nl.status_code == 200
    assert "hidden (" not in nl.text
    fr = client.get(f"/fr/staff/audit/breakdowns?year={YEAR}&quarter=1")
    assert fr.status_code == 200 and "hidden (" not in fr.text


def test_a_coach_and_a_helper_are_refused(client, db):
    sign_in_staff(client, db, make_staff(db, "breakdowns-coach", ("coach",)))
    assert client.get(BASE).status_code == 403


def test_when_no_protection_is_found_nothing_is_shown_and_the_page_says_why(analyst, monkeypatch):
    from guide.audit_pages import routes
    from guide.core.i18n import N_
    from guide.core.messages import Message
    from skills_audit.aggregate import AuditError

    def refuse(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AuditError(Message(N_("The figures of %(period)s could not be protected in time. Nothing is shown: "
                                    "try again later."), {"period": f"{YEAR}-Q1"}))

    monkeypatch.setattr(routes.barrier_map, "barrier_map", refuse)
    response = analyst.get(f"{BASE}?year={YEAR}&quarter=1")
    assert response.status_code == 409
    assert "could not be protected in time" in response.text
    assert "breakdown-table" not in response.text
    assert analyst.get(f"{BASE}/download/csv?year={YEAR}&quarter=1").status_code == 409
