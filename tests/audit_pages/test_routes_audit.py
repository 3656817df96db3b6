"""The skills audit's pages for analysts: employers' needs (list, form, import), the report and its downloads, the
programme indicators; bad input answered with a message and a 4xx, and hidden figures never in a page or a file."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlmodel import func, select

from guide.core.settings import get_settings
from skills_audit.models import EmployerSurvey
from tests.conftest import csrf_token, make_staff, sign_in_staff
from tests.html import element
from tests.skills_audit.factories import release, respondent, survey

BASE = "/en/staff/audit"
REPORT = f"{BASE}/report?region=BE254&sector=care&period=2026"
HIDDEN = "hidden (fewer than 5)"
PROTECTING = "hidden (to protect another figure)"


@pytest.fixture
def analyst(client, db):  # noqa: ANN001, ANN201
    return sign_in_staff(client, db, make_staff(db, "ana-analyst", ("analyst",)))


@pytest.fixture
def data(db):  # noqa: ANN001, ANN201
    """Kortrijk, care: 12 people; teamwork 3 for 9 of them and 2 for 3 (the 3 must be hidden), reliability 4 for all."""
    for i in range(12):
        respondent(db, "kortrijk", "care", {"teamwork": 3 if i < 9 else 2, "reliability": 4})
    survey(db, "BE254", "care", {"teamwork": (3, 3), "reliability": (4, 2)}, vacancies=4, employer="Secret Employer")


@pytest.fixture
def released(data, db):  # noqa: ANN001, ANN201
    """The data, with 2026 released: the report shows releases only."""
    release(db)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _cells(html: str, row_id: str) -> list[str]:
    return [c.strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", element(html, row_id), re.S)]


# --- the pages answer ---


def test_the_staff_home_links_to_the_audit_once(analyst, db):
    response = analyst.get("/en/staff/")
    assert response.text.count(f'href="{BASE}"') == 1
    admin = make_staff(db, "both-roles", ("analyst", "admin"))
    sign_in_staff(analyst, db, admin)
    assert analyst.get("/en/staff/").text.count(f'href="{BASE}"') == 1


@pytest.mark.parametrize("locale", ["nl", "fr", "en"])
def test_every_audit_page_answers_in_each_language(analyst, released, locale):
    for path in ("", "/needs", "/needs/new", "/needs/import", "/indicators", "/report",
                 "/report?region=BE254&sector=care&period=2026"):
        response = analyst.get(f"/{locale}/staff/audit{path}")
        assert response.status_code == 200, path
        assert f'lang="{locale}"' in response.text


# --- employers' needs ---


def test_the_list_shows_employer_names_to_analysts(analyst, data):
    response = analyst.get(f"{BASE}/needs")
    assert "Secret Employer" in response.text
    assert "Kortrijk" in response.text and "2 of 8" in _text(response.text)


def test_recording_a_survey_saves_it_and_says_so(analyst, db):
    form = {"employer": "Bakkerij Peeters", "sector": "care", "region": "BE254", "survey_date": "2026-01-10",
            "vacancies": "3", "teamwork_level": "3", "teamwork_importance": "3", "csrf_token": csrf_token(analyst)}
    response = analyst.post(f"{BASE}/needs/new", data=form)
    assert response.status_code == 303
    page = analyst.get(response.headers["location"])
    assert "The survey is saved." in page.text and "Bakkerij Peeters" in page.text
    assert db.exec(select(func.count()).select_from(EmployerSurvey)).one() == 1


def test_a_bad_survey_shows_every_error_and_keeps_what_was_typed(analyst, db):
    form = {"employer": "Bakkerij Peeters", "sector": "nowhere", "region": "BE254", "survey_date": "10 jan",
            "vacancies": "-2", "teamwork_level": "3", "teamwork_importance": "", "csrf_token": csrf_token(analyst)}
    response = analyst.post(f"{BASE}/needs/new", data=form)
    assert response.status_code == 422
    html = response.text
    assert 'class="error-summary"' in html
    for field in ("sector", "survey_date", "vacancies", "teamwork_importance"):
        assert f'href="#{field}"' in html and f'id="{field}-error"' in html
    assert 'value="Bakkerij Peeters"' in html and 'value="10 jan"' in html and 'value="-2"' in html
    assert re.search(r'<option value="BE254" selected>', html)
    assert re.search(r'<option value="3" selected>', element(html, "teamwork_level"))
    assert db.exec(select(func.count()).select_from(EmployerSurvey)).one() == 0


def test_a_survey_without_any_competence_points_at_the_competences(analyst):
    form = {"employer": "X", "sector": "care", "region": "BE254", "survey_date": "2026-01-10", "vacancies": "0",
            "csrf_token": csrf_token(analyst)}
    response = analyst.post(f"{BASE}/needs/new", data=form)
    assert response.status_code == 422
    assert 'href="#competences"' in response.text and 'id="competences"' in response.text


def test_the_same_survey_twice_is_refused(analyst):
    form = {"employer": "X", "sector": "care", "region": "BE254", "survey_date": "2026-01-10", "vacancies": "0",
            "teamwork_level": "2", "teamwork_importance": "1", "csrf_token": csrf_token(analyst)}
    assert analyst.post(f"{BASE}/needs/new", data=form).status_code == 303
    again = analyst.post(f"{BASE}/needs/new", data=form)
    assert again.status_code == 422 and "recorded already" in again.text


GOOD_ROW = "Bouw NV,construction,BE254,2026-01-05,2,3,2\n"
HEADER = "employer,sector,region,survey_date,vacancies,teamwork_level,teamwork_importance\n"


def _upload(client, content: bytes, name: str = "needs.csv"):  # noqa: ANN001, ANN202
    return client.post(f"{BASE}/needs/import", data={"csrf_token": csrf_token(client)},
                       files={"file": (name, content, "text/csv")})


def test_importing_a_good_file_saves_every_row(analyst, db):
    response = _upload(analyst, (HEADER + GOOD_ROW + "Zorg BV,Q,BE254,2026-01-06,1,2,low\n").encode())
    assert response.status_code == 303
    assert "Imported 2 surveys." in analyst.get(response.headers["location"]).text
    assert db.exec(select(func.count()).select_from(EmployerSurvey)).one() == 2


def test_a_file_with_bad_rows_imports_nothing_and_shows_each_problem(analyst, db):
    content = HEADER + GOOD_ROW + "Zorg BV,care,XX999,2026-01-06,1,7,2\n" + "Hotel,I,FRE11,soon,1,2,2\n"
    response = _upload(analyst, content.encode())
    assert response.status_code == 422
    table = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", response.text, re.S)
    assert [(line, column) for line, column, _ in table] == [
        ("3", "region"), ("3", "teamwork_level"), ("4", "survey_date")
    ]
    assert "Nothing was imported" in response.text and "“XX999” is not a partner region" in _text(response.text)
    assert db.exec(select(func.count()).select_from(EmployerSurvey)).one() == 0


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"", "needs.csv", "The file is empty."),
    (b"\x00\x01\x02", "needs.csv", "This is not a CSV or XLSX file."),
    (b"PK not really", "needs.xlsx", "This is not a CSV or XLSX file."),
    (HEADER.encode(), "needs.csv", "The file has column names but no rows."),
    (b"employer,colour\nX,red\n", "needs.csv", "Unknown column"),
])
def test_files_that_are_wrong_as_a_whole(analyst, content, name, message):
    response = _upload(analyst, content, name)
    assert response.status_code == 422 and message in _text(response.text)


def test_importing_without_a_file_asks_for_one(analyst):
    response = analyst.post(f"{BASE}/needs/import", data={"csrf_token": csrf_token(analyst)})
    assert response.status_code == 422 and "Choose a CSV or XLSX file." in response.text
    assert 'id="file-error"' in response.text


def test_the_example_file_downloads_and_imports(analyst):
    response = analyst.get(f"{BASE}/needs/example.csv")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    assert response.content.decode("utf-8-sig").startswith("employer,sector,region")  # BOM: Excel reads accents
    assert 'href="/en/staff/audit/needs/example.csv"' in analyst.get(f"{BASE}/needs/import").text


def test_the_example_file_in_dutch_uses_semicolons_and_imports(analyst, db):
    response = analyst.get("/nl/staff/audit/needs/example.csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["employer", "sector", "region"] and len({len(r) for r in rows}) == 1
    imported = _upload(analyst, response.content, "example.csv")
    assert imported.status_code == 303
    assert db.exec(select(func.count()).select_from(EmployerSurvey)).one() == len(rows) - 1


# --- the report ---


def test_the_report_shows_sentences_figures_charts_and_hides_small_counts(analyst, released):
    html = analyst.get(REPORT).text
    text = _text(html)
    assert ("Of the 12 job seekers in Kortrijk aiming at care and child minding who answered about “Being reliable "
            "at work”, 100% feel at ease at the level employers ask or higher.") in text
    assert "Secret Employer" not in html  # employers are named in the list of surveys only
    # teamwork: 3 at level 2 is hidden, and so is what would give it away (9 = 12 - 3), each with a true label
    teamwork = _cells(html, "figures-teamwork")
    assert teamwork[4] == HIDDEN and teamwork[5] == PROTECTING and "3" not in teamwork[3:8]
    assert HIDDEN not in teamwork[5:]  # issue 13: never "fewer than 5" beside a figure of 5 or more
    assert _cells(html, "figures-reliability")[3:7] == ["0", "0", "0", "12"]
    # two SVG charts with a title and a description, and the table as their text alternative
    assert html.count("<svg") == 2 and html.count("<title id=") == 2 and html.count("<desc id=") == 2
    assert "fewer than 5 job seekers is shown as" in text  # the explanation of what is hidden


@pytest.fixture
def small_medway(data, db):  # noqa: ANN001, ANN201
    """Medway, care: 2 people (the whole group hidden); Great Yarmouth, care: 7, so Medway's 2 need not take
    Kortrijk's figures with them."""
    for _ in range(2):
        respondent(db, "medway", "care", {"teamwork": 1})
    for _ in range(7):
        respondent(db, "great-yarmouth", "care", {"teamwork": 1})
    release(db)


def test_a_small_region_is_hidden_side_by_side(analyst, small_medway):
    regions = _cells(analyst.get(REPORT).text, "cross-respondents")
    assert regions[0] == "Job seekers" and "2" not in regions and HIDDEN in regions


def test_report_downloads_have_the_same_suppression(analyst, small_medway):
    response = analyst.get(f"{BASE}/report/download/csv?region=BE254&sector=care&period=2026")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    teamwork = next(r for r in rows if r[1] == "Kortrijk" and not r[2] and r[4] == "Working in a team")
    level_2 = header.index("Sometimes")
    assert teamwork[level_2] == HIDDEN and "3" not in teamwork[level_2:level_2 + 3]
    assert teamwork[level_2 + 1] == PROTECTING  # the 9 at level 3
    medway = [r for r in rows if r[1] == "Medway" and not r[2]]
    assert medway and all(r[header.index("Job seekers")] == HIDDEN for r in medway)
    assert "Secret Employer" not in response.content.decode("utf-8-sig")

    xlsx = analyst.get(f"{BASE}/report/download/xlsx?region=BE254&sector=care&period=2026")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    medway_x = [r for r in cells if r[1] == "Medway" and not r[2]]
    assert medway_x and all(r[8] == HIDDEN for r in medway_x)


@pytest.mark.parametrize(("query", "status", "message"), [
    ("region=XX&sector=care&period=2026", 422, "“XX” is not a partner region."),
    ("region=BE254&sector=bakery&period=2026", 422, "“bakery” is not a sector of the audit."),
    ("region=BE254&sector=care&period=2026-Q7", 422, "“2026-Q7” is not a period."),
    ("region=BE254&sector=care&period=1999", 422, "is not a period"),
    ("region=BE254&sector=care&period=2025", 404, "No one finished a self-assessment in 2025."),
    ("region=UKH15&sector=care&period=2026", 404, "No one in Great Yarmouth finished a self-assessment in 2026."),
    ("region=BE254&sector=care&period=2026-Q1", 422,
     "“2026-Q1” is a quarter, but reports are made per year. Write a year, like 2026."),
    ("region=FRE11&sector=care&period=2026", 404, "No one in Grande-Synthe finished a self-assessment in 2026."),
])
def test_bad_report_input_gets_a_message_and_a_4xx(analyst, released, query, status, message):
    response = analyst.get(f"{BASE}/report?{query}")
    assert response.status_code == status
    assert message in _text(response.text) and "Traceback" not in response.text
    download = analyst.get(f"{BASE}/report/download/csv?{query}")
    assert download.status_code == status
    if status != 200:
        assert message in _text(download.text)


def _period_options(html: str) -> list[tuple[str, bool]]:
    """(value, selected) of each option of the period's choice."""
    return [(value, bool(selected)) for value, selected in
            re.findall(r'<option value="([^"]*)"( selected)?>', element(html, "period"))]


def test_the_period_choice_offers_years_only(analyst, data):
    options = _period_options(analyst.get(f"{BASE}/report").text)
    this_year = str(date.today().year)
    assert options[0] == (this_year, True)  # asked for nothing yet: this year
    assert all(re.fullmatch(r"\d{4}", value) for value, _ in options) and "2026" in dict(options)


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_a_quarter_is_refused_as_a_form_error_that_keeps_it(analyst, data, locale):
    response = analyst.get(f"/{locale}/staff/audit/report?region=BE254&sector=care&period=2026-Q2")
    assert response.status_code == 422
    message = {"en": "“2026-Q2” is a quarter, but reports are made per year. Write a year, like 2026.",
               "nl": "“2026-Q2” is een kwartaal, maar de rapporten gaan per jaar. Schrijf een jaar, bijvoorbeeld 2026."}
    summary = element(response.text, "error-summary-title")
    assert summary and f'<a href="#period">{message[locale]}</a>' in response.text
    assert element(response.text, "period-error") == f'<p class="error-message" id="period-error">{message[locale]}</p>'
    options = _period_options(response.text)
    assert options[0] == ("2026-Q2", True) and [v for v, chosen in options if chosen] == ["2026-Q2"]
    assert not [v for v, _ in options[1:] if "Q" in v]  # what was typed is kept, but no quarter is offered
    assert "Working in a team" not in response.text  # no figures


def test_with_quarters_configured_quarters_are_offered_and_reported_and_years_refused(analyst, data, db,
                                                                                     monkeypatch):
    monkeypatch.setattr(get_settings(), "audit_period", "quarter")
    release(db, "2026-Q1", "quarter")
    options = _period_options(analyst.get(f"{BASE}/report").text)
    today = date.today()
    assert options[0] == (f"{today.year}-Q{(today.month - 1) // 3 + 1}", True)
    assert all(re.fullmatch(r"\d{4}-Q[1-4]", value) for value, _ in options) and "2026-Q1" in dict(options)

    quarter = analyst.get(f"{BASE}/report?region=BE254&sector=care&period=2026-Q1")
    assert quarter.status_code == 200 and "Kortrijk, Care and child minding, 2026-Q1" in _text(quarter.text)
    download = analyst.get(f"{BASE}/report/download/csv?region=BE254&sector=care&period=2026-Q1")
    assert download.status_code == 200 and "audit-BE254-care-2026-Q1.csv" in download.headers["content-disposition"]

    year = analyst.get(f"{BASE}/report?region=BE254&sector=care&period=2026")
    assert year.status_code == 422
    assert "“2026” is a year, but reports are made per quarter. Write a quarter, like 2026-Q1." in year.text
    assert _period_options(year.text)[0] == ("2026", True)
    assert analyst.get(f"{BASE}/report/download/xlsx?region=BE254&sector=care&period=2026").status_code == 422


def test_a_report_in_french_names_the_region_in_french(analyst, released):
    html = analyst.get("/fr/staff/audit/report?region=BE254&sector=care&period=2026").text
    assert "Courtrai" in html and "masqué (moins de 5)" in html


def test_an_unknown_download_format_is_not_found(analyst, data):
    assert analyst.get(f"{BASE}/report/download/pdf?region=BE254&sector=care&period=2026").status_code == 404


# --- programme indicators (the results against targets: tests/audit_pages/test_results_report.py) ---


def test_an_unknown_year_is_refused(analyst):
    response = analyst.get(f"{BASE}/indicators?year=abc")
    assert response.status_code == 422 and "Choose a year from the list." in response.text


# --- releases ---


def test_a_period_not_released_shows_no_figure_and_offers_to_release_it(analyst, data):
    response = analyst.get(REPORT)
    html = response.text
    assert response.status_code == 200
    assert "Not released yet" in _text(html) and 'action="/en/staff/audit/report/release"' in html
    assert "2026 has not been released yet" in _text(html)
    # the interim choice is offered while the period runs
    assert ('name="interim"' in html) == (date.today().year == 2026)
    # no figure about people before the release: two views could be subtracted (issue 13)
    assert 'id="figures-teamwork"' not in html and "<svg" not in html and "12" not in _text(html).split("Period")[-1]
    download = analyst.get(f"{BASE}/report/download/csv?region=BE254&sector=care&period=2026")
    assert download.status_code == 404 and "2026 has not been released yet" in _text(download.text)
    assert "attachment" not in download.headers.get("content-disposition", "")


def test_releasing_freezes_the_report_and_a_second_release_is_refused(analyst, data, db):
    form = {"region": "BE254", "sector": "care", "period": "2026", "csrf_token": csrf_token(analyst)}
    refused = analyst.post(f"{BASE}/report/release", data=form)
    if refused.status_code == 422:  # 2026 has not ended: only the interim choice releases it
        assert "has not ended yet" in _text(refused.text) and "The period was not released" in refused.text
        form["interim"] = "yes"
    done = analyst.post(f"{BASE}/report/release", data=form)
    assert done.status_code == 303 and "released=1" in done.headers["location"]
    page = analyst.get(done.headers["location"]).text
    assert "release of" in _text(page).lower() and "Release 2026" not in page
    before = analyst.get(f"{BASE}/report/download/csv?region=BE254&sector=care&period=2026").content
    respondent(db, "kortrijk", "care", {"teamwork": 1, "reliability": 1})  # a newcomer after the release
    assert analyst.get(f"{BASE}/report/download/csv?region=BE254&sector=care&period=2026").content == before
    again = analyst.post(f"{BASE}/report/release", data=form)
    assert again.status_code == 422 and "has been released already" in _text(again.text)
