"""The quarterly results against the targets: per partner and for the whole programme, grouped by source, with
the gap in words; printable; and as an XLSX whose cells are numbers in a layout a funder's report can paste."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from guide.core.db import writing
from guide.journeys.models import Journey
from skills_audit.targets import PROGRAMME, set_targets
from tests.conftest import make_staff, sign_in_staff
from tests.outreach.factories import add_tallies

BASE = "/en/staff/audit/indicators"
T = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def analyst(client, db):  # noqa: ANN001, ANN201
    return sign_in_staff(client, db, make_staff(db, "results-analyst", ("analyst",)))


@pytest.fixture
def figures(db):  # noqa: ANN001, ANN201
    """Medway: 12 house visits in Q1 and 30 in Q2 of 2025, 5 in 2024; 3 journeys started in Q2 2025.
    Kortrijk: 7 house visits in Q2 2025. Targets: Medway 20 house visits a quarter, 100 for the programme;
    Kortrijk none; started: Medway 2 in Q2."""
    add_tallies(db, ("medway", date(2025, 2, 1), "house_visit", 12), ("medway", date(2025, 5, 1), "house_visit", 30),
                ("medway", date(2024, 6, 1), "house_visit", 5), ("kortrijk", date(2025, 4, 3), "house_visit", 7))
    with writing(db):
        for n in range(3):
            db.add(Journey(code_hash=f"results-{n}", centre_id="medway", locale="en",
                           created_at=datetime(2025, 4, 2, tzinfo=UTC) + timedelta(hours=n)))
        set_targets(db, "Medway Council", {("house_visit", "2025-Q1"): 20, ("house_visit", "2025-Q2"): 20,
                                           ("house_visit", PROGRAMME): 100, ("house_visit", "2024-Q1"): 5,
                                           ("started", "2025-Q2"): 2}, "someone", T)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _section(html: str, partner: str) -> str:
    return _text(html.split(f">{partner}</h2>")[1].split("</section>")[0])


def test_each_partner_and_the_programme_show_achieved_against_target_with_the_gap(analyst, figures):
    response = analyst.get(f"{BASE}?year=2025&quarter=2")
    assert response.status_code == 200
    medway = _section(response.text, "Medway Council")
    # the quarter 30 / 20, the year so far 42 / 40, the programme since 2024 (its first target) 47 / 100
    assert "House visits 30 / 20 10 above the target 42 / 40 2 above the target 47 / 100 53 short of 100" in medway
    assert "Started the guide 3 / 2 1 above the target" in medway
    assert "Completed step 1 0 no target" in medway
    assert medway.index("Reach") < medway.index("Guide activity")  # grouped by source, in the sources' order
    kortrijk = _section(response.text, "Stad Kortrijk")
    assert "House visits 7 no target 7 no target 7 no target" in kortrijk
    programme = _section(response.text, "Whole programme")
    assert "House visits 37 / 20 17 above the target 49 / 40 9 above the target 54 / 100 46 short of 100" in programme
    assert "Programme to date (since 2024)" in response.text


def test_on_target_is_said_so(analyst, figures, db):
    with writing(db):
        set_targets(db, "Medway Council", {("house_visit", "2025-Q2"): 30}, "someone", T)
    medway = _section(analyst.get(f"{BASE}?year=2025&quarter=2").text, "Medway Council")
    assert "House visits 30 / 30 on target" in medway


@pytest.mark.parametrize(("locale", "words"), [("nl", "10 boven het doel"), ("fr", "10 au-dessus de l’objectif")])
def test_the_gap_is_worded_in_the_pages_language(analyst, figures, locale, words):
    assert words in analyst.get(f"/{locale}/staff/audit/indicators?year=2025&quarter=2").text


@pytest.mark.parametrize("query", ["year=abc", "year=2025&quarter=5", "quarter=Q1"])
def test_a_year_or_quarter_not_on_the_list_is_refused(analyst, query):
    response = analyst.get(f"{BASE}?{query}")
    assert response.status_code == 422 and "There is a problem" in response.text
    assert analyst.get(f"{BASE}/results.xlsx?{query}").status_code == 422


def test_the_page_prints_without_its_form_and_links(analyst, figures):
    html = analyst.get(f"{BASE}?year=2025&quarter=2").text
    assert 'class="panel report-form no-print"' in html and 'class="no-print"><a class="row-action"' in html


def test_the_spreadsheet_has_a_row_per_indicator_and_a_column_group_per_partner_and_period(analyst, figures):
    response = analyst.get(f"{BASE}/results.xlsx?year=2025&quarter=2")
    assert response.status_code == 200
    assert 'filename="results-2025-Q2.xlsx"' in response.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    grid = [list(row) for row in sheet.iter_rows(values_only=True)]
    partners, periods, figures_row = grid[0], grid[1], grid[2]
    # each partner: Q1, Q2, year to date, programme to date, each an achieved and a target column
    medway = partners.index("Medway Council")
    assert periods[medway:medway + 8:2] == ["2025-Q1", "2025-Q2", "Year to date", "Programme to date"]
    assert figures_row[medway:medway + 2] == ["Achieved", "Target"]
    assert partners[-8] == "Whole programme"
    labels = [row[0] for row in grid]
    assert labels.index("Reach") < labels.index("House visits") < labels.index("Guide activity")
    visits = grid[labels.index("House visits")]
    assert visits[medway:medway + 8] == [12, 20, 30, 20, 42, 40, 47, 100]
    kortrijk = partners.index("Stad Kortrijk")
    assert visits[kortrijk:kortrijk + 8] == [0, None, 7, None, 7, None, 7, None]  # no target: an empty cell
    assert all(isinstance(v, int) for v in visits[1:] if v is not None)  # numbers, not text
