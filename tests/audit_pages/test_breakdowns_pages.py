"""The breakdowns page (issues 16 and 18): the anonymous map of barriers and the workshops by topic of a quarter, for
analysts and admins, with CSV and XLSX downloads that hide exactly what the page hides."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from guide.audit_pages.tables import BREAKDOWNS
from guide.barriers.service import WANT_HELP, save_answers
from guide.core.db import reading, writing
from guide.journeys.models import Journey
from guide.journeys.service import delete_journey, start_journey
from skills_audit.models import TableRelease
from tests.conftest import csrf_token, make_staff, sign_in_staff
from tests.html import plain_text, table_row
from tests.skills_audit.factories import release_quarter
from tests.workshops.factories import add_workshop, secret

BASE = "/en/staff/audit/breakdowns"
YEAR = datetime.now(UTC).year
WHEN = datetime(YEAR, 2, 10, 9, tzinfo=UTC)


@pytest.fixture
def analyst(client, db):  # noqa: ANN001, ANN201
    return sign_in_staff(client, db, make_staff(db, "breakdowns-analyst", ("analyst",)))


def _people(db, centre: str, n: int, theme: str = "childcare", when: datetime = WHEN) -> list[int]:  # noqa: ANN001
    made = []
    for _ in range(n):
        with writing(db):
            journey, _code = start_journey(db, secret(), centre, "en")
            save_answers(db, journey.id, {theme: WANT_HELP}, now=when)
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


@pytest.fixture
def released(figures, db):  # noqa: ANN001, ANN201
    """The figures, with the first quarter released: the page shows releases only."""
    release_quarter(db, BREAKDOWNS, f"{YEAR}-Q1")


def test_the_map_shows_each_centre_with_the_small_counts_hidden(analyst, released):
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


def test_the_downloads_hide_what_the_page_hides(analyst, released):
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


def test_in_french_and_dutch_the_hidden_labels_are_translated(client, db, released):
    sign_in_staff(client, db, make_staff(db, "breakdowns-nl", ("analyst",)))
    nl = client.get(f"/nl/staff/audit/breakdowns?year={YEAR}&quarter=1")
    assert nl.status_code == 200
    assert "hidden (" not in nl.text
    fr = client.get(f"/fr/staff/audit/breakdowns?year={YEAR}&quarter=1")
    assert fr.status_code == 200 and "hidden (" not in fr.text


def test_a_coach_and_a_helper_are_refused(client, db):
    sign_in_staff(client, db, make_staff(db, "breakdowns-coach", ("coach",)))
    assert client.get(BASE).status_code == 403


def test_when_no_protection_is_found_nothing_is_released_and_the_page_says_why(analyst, figures, monkeypatch):
    from guide.core.i18n import N_
    from guide.core.messages import Message
    from skills_audit import barrier_map
    from skills_audit.aggregate import AuditError

    def refuse(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AuditError(Message(N_("The figures of %(period)s could not be protected in time. Nothing is shown: "
                                    "try again later."), {"period": f"{YEAR}-Q1"}))

    monkeypatch.setattr(barrier_map, "maps", refuse)
    form = {"year": str(YEAR), "quarter": "1", "csrf_token": csrf_token(analyst)}
    response = analyst.post(f"{BASE}/release", data=form)
    assert response.status_code == 422
    assert "could not be protected in time" in response.text and "The period was not released" in response.text
    assert "breakdown-table" not in response.text and "Not released yet" in response.text
    assert analyst.get(f"{BASE}/download/csv?year={YEAR}&quarter=1").status_code == 404


def test_a_quarter_not_released_shows_no_figure_and_offers_to_release_it(analyst, figures):
    response = analyst.get(f"{BASE}?year={YEAR}&quarter=1")
    assert response.status_code == 200
    assert "breakdown-table" not in response.text and "Not released yet" in response.text
    assert f"{YEAR}-Q1 has not been released yet" in plain_text(response.text)
    assert 'action="/en/staff/audit/breakdowns/release"' in response.text
    assert 'name="interim"' not in response.text  # the first quarter has ended: no interim choice to make
    download = analyst.get(f"{BASE}/download/csv?year={YEAR}&quarter=1")
    assert download.status_code == 404 and "attachment" not in download.headers.get("content-disposition", "")


def test_releasing_freezes_page_and_downloads_and_a_second_release_is_refused(analyst, figures, db):
    form = {"year": str(YEAR), "quarter": "1", "csrf_token": csrf_token(analyst)}
    done = analyst.post(f"{BASE}/release", data=form)
    assert done.status_code == 303 and "released=1" in done.headers["location"]
    page = analyst.get(done.headers["location"]).text
    assert "Release of " in plain_text(page) and "breakdown-table" in page and "Not released yet" not in page
    shown = [analyst.get(f"{BASE}{path}?year={YEAR}&quarter=1") for path in ("", "/download/csv", "/download/xlsx")]
    people = _people(db, "medway", 2)  # two more ask for help in the released quarter (5 at Medway: not small)
    with writing(db):
        delete_journey(db, db.get(Journey, people[0]))  # and one of them deletes their data
    after = [analyst.get(f"{BASE}{path}?year={YEAR}&quarter=1") for path in ("", "/download/csv", "/download/xlsx")]
    assert [_main(r.text) for r in after[:1]] == [_main(r.text) for r in shown[:1]]
    assert after[1].content == shown[1].content  # the CSV byte for byte
    assert _cells(after[2].content) == _cells(shown[2].content)  # the XLSX's every cell (its file stamps its time)
    again = analyst.post(f"{BASE}/release", data=form)
    assert again.status_code == 422 and "has been released already" in plain_text(again.text)
    assert _main(again.text).count("breakdown-table") == _main(shown[0].text).count("breakdown-table")
    with reading(db):
        assert len(db.exec(select(TableRelease)).all()) == 1


def test_an_open_quarter_is_released_only_with_the_interim_choice(analyst, db):
    now = datetime.now(UTC)
    year, quarter = str(now.year), str((now.month - 1) // 3 + 1)
    _people(db, "kortrijk", 6, when=now)  # asked for help today: in the quarter that runs
    page = analyst.get(f"{BASE}?year={year}&quarter={quarter}").text
    assert 'name="interim"' in page
    form = {"year": year, "quarter": quarter, "csrf_token": csrf_token(analyst)}
    refused = analyst.post(f"{BASE}/release", data=form)
    assert refused.status_code == 422 and "has not ended yet" in plain_text(refused.text)
    assert "breakdown-table" not in refused.text
    done = analyst.post(f"{BASE}/release", data={**form, "interim": "yes"})
    assert done.status_code == 303
    assert "Interim release of " in plain_text(analyst.get(done.headers["location"]).text)


def test_a_quarter_with_no_one_in_it_is_not_released(client, db):
    sign_in_staff(client, db, make_staff(db, "breakdowns-nl-empty", ("analyst",)))
    form = {"year": str(YEAR), "quarter": "1", "csrf_token": csrf_token(client, "nl")}
    refused = client.post("/nl/staff/audit/breakdowns/release", data=form)
    assert refused.status_code == 422 and "Not released yet" not in refused.text
    assert "valt er nog niets te publiceren" in refused.text  # worded in Dutch
    with reading(db):
        assert db.exec(select(TableRelease)).all() == []


def _cells(xlsx: bytes) -> list[tuple[object, ...]]:
    return list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))


def _main(html: str) -> str:
    """The page's main part: the tables and what is said about them (the header carries per-request tokens)."""
    return html.split("<main", 1)[1].split("</main>", 1)[0]
