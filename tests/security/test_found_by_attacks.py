"""What the attacks in this folder found, each kept as an example that must not come back.

The ids of paths have theirs in test_route_table.py (every route, every persona, every value out of range); here are
the faults behind form fields.
"""

from __future__ import annotations

import gc
import warnings
from datetime import date

import pytest
from sqlalchemy import func, select

from guide.audit_pages.places import get_places
from skills_audit.framework import get_framework
from skills_audit.models import EmployerSurvey
from skills_audit.needs import NeedsRejected, record_need
from tests.security.conftest import Cast

MAX_VACANCIES = 100_000  # skills_audit.needs.MAX_VACANCIES
TOO_BIG = ("2147483648", "9223372036854775808", "1" + "0" * 30)  # PostgreSQL's integer, SQLite's, and beyond


@pytest.mark.parametrize("revision", TOO_BIG)
def test_restoring_a_revision_id_out_of_range_is_a_message(cast: Cast, revision):
    """The restore form's `revision` reached the database as it came: OverflowError on SQLite from 2^63, and
    PostgreSQL refused it from 2^31 (both a server error). It names no version, and the page says so."""
    editor = cast.personas["fr_editor"]
    response = cast.ready(editor).post(
        "/en/staff/content/fr/restore/step/1/title",
        data={"revision": revision, "base": cast.ids["revision_id"], "csrf_token": editor.token},
    )
    assert response.status_code == 422
    assert "This version does not exist (any more)." in response.text


def _survey(**changes: str) -> dict[str, str]:
    framework = get_framework()
    row = {"employer": "De Linde", "sector": "care", "region": "BE254", "survey_date": "2026-02-10", "vacancies": "6"}
    for competence in framework.competence_ids():
        row |= {f"{competence}_level": "3", f"{competence}_importance": "2"}
    return {**row, **changes}


@pytest.mark.parametrize("vacancies", [*TOO_BIG, str(MAX_VACANCIES + 1)])
def test_too_many_vacancies_is_refused_with_its_own_message(db, vacancies):
    """An integer column overflowed on saving (a server error in the form and in imports)."""
    with pytest.raises(NeedsRejected) as caught:
        record_need(db, _survey(vacancies=vacancies), get_places(), get_framework(), date(2026, 11, 26))
    assert [(p.column, p.message.msgid, p.message.params) for p in caught.value.problems] == [
        ("vacancies", "“%(value)s” is too many vacancies for one survey: write %(max)s or fewer.",
         {"value": vacancies, "max": MAX_VACANCIES})
    ]
    assert db.connection().execute(select(func.count()).select_from(EmployerSurvey)).scalar() == 0


def test_the_most_vacancies_are_recorded(db):
    record_need(db, _survey(vacancies=str(MAX_VACANCIES)), get_places(), get_framework(), date(2026, 11, 26))
    assert db.connection().execute(select(EmployerSurvey.vacancies)).scalar() == MAX_VACANCIES


@pytest.mark.parametrize(("locale", "message"), [
    ("en", "“9223372036854775808” is too many vacancies for one survey: write 100,000 or fewer."),
    ("nl", "“9223372036854775808” is te veel vacatures voor één bevraging: schrijf 100.000 of minder."),
    ("fr", "«\u202f9223372036854775808\u202f», c’est trop de postes pour une enquête\u202f: écrivez 100\u202f000 "
           "ou moins."),
])
def test_the_form_says_so_and_keeps_what_was_typed(cast: Cast, locale, message):
    analyst = cast.personas["analyst"]
    form = _survey(employer="Garage Decock", vacancies="9223372036854775808")
    response = cast.ready(analyst).post(f"/{locale}/staff/audit/needs/new", data={**form, "csrf_token": analyst.token})
    assert response.status_code == 422
    assert message in response.text
    assert 'value="Garage Decock"' in response.text and 'value="9223372036854775808"' in response.text


@pytest.mark.parametrize(("persona", "url"), [
    ("fr_editor", "/en/staff/content/fr/import"),
    ("analyst", "/en/staff/audit/needs/import"),
])
def test_a_file_posted_twice_is_closed_too(cast: Cast, persona, url):
    """The imports read one upload; a second one under the same name stayed open (a ResourceWarning when it was
    collected: a temporary file kept until then). Every upload of a form is closed once the page is made."""
    who = cast.personas[persona]
    client = cast.ready(who)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        response = client.post(url, data={"csrf_token": who.token},
                               files=[("file", ("a.csv", b"x" * 10)), ("file", ("b.csv", b"y" * 10))])
        gc.collect()
    assert response.status_code == 422
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []


def test_a_number_longer_than_python_reads_is_a_problem_of_the_file(cast: Cast):
    """int() refuses more than 4,300 digits (ValueError): an import with such a cell was a server error."""
    analyst = cast.personas["analyst"]
    huge = "9" * 5000
    csv = f"employer,sector,region,survey_date,vacancies,teamwork_level\nDe Linde,care,BE254,2026-02-10,{huge},{huge}\n"
    response = cast.ready(analyst).post("/en/staff/audit/needs/import", data={"csrf_token": analyst.token},
                                        files={"file": ("needs.csv", csv.encode())})
    assert response.status_code == 422
    # Such a cell is longer than any cell the import takes (skills_audit.sheets): refused before any number is read.
    assert "A cell has more than 1,000 characters. Make it shorter." in response.text
    assert "Traceback" not in response.text
