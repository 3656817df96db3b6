"""Employers' needs: one survey through the form rules, and CSV/XLSX imports that are all or nothing."""

import io
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from guide.audit_pages.places import get_places
from skills_audit.framework import get_framework
from skills_audit.models import EmployerRequirement, EmployerSurvey
from skills_audit.needs import NeedsRejected, columns, import_needs, record_need

FW = get_framework()
PLACES = get_places()
TODAY = date(2026, 11, 26)
HEADER = "employer,sector,region,survey_date,vacancies,teamwork_level,teamwork_importance"
GOOD = "De Linde,care,BE254,2026-02-10,6,3,high"
NOT_LEVEL = "“%(value)s” is not a level: write 1, 2, 3 or 4."
NOT_DATE = "“%(value)s” is not a date. Write it as 2026-03-15."


def _csv(*lines):
    return ("\n".join(lines) + "\n").encode()


def _count(db, table=EmployerSurvey):
    return db.connection().execute(select(func.count()).select_from(table)).scalar()


def _problems(db, data, filename="needs.csv"):
    with pytest.raises(NeedsRejected) as caught:
        import_needs(db, data, filename, PLACES, FW, TODAY)
    assert _count(db) == 0 and _count(db, EmployerRequirement) == 0  # nothing half-imported
    return [(p.line, p.column, p.message.msgid) for p in caught.value.problems]


def test_a_good_csv_is_imported_whole(db):
    data = _csv(HEADER, GOOD, "", "Hôtel du Port,I,fre11,12/03/2026,0,usually,1")
    assert import_needs(db, data, "needs.csv", PLACES, FW, TODAY) == 2
    rows = db.connection().execute(select(EmployerSurvey.sector, EmployerSurvey.region).order_by(EmployerSurvey.id))
    assert list(rows) == [("care", "BE254"), ("hospitality", "FRE11")]
    levels = db.connection().execute(select(EmployerRequirement.level, EmployerRequirement.importance))
    assert sorted(levels) == [(3, 1), (3, 3)]


def test_the_example_file_imports(db):
    from guide.core.settings import get_settings

    data = (get_settings().content_dir / "audit" / "employer-needs-example.csv").read_bytes()
    assert import_needs(db, data, "employer-needs-example.csv", PLACES, FW, TODAY) == 5


def test_semicolons_and_windows_1252_as_excel_writes_them(db):
    data = _csv(HEADER.replace(",", ";"), "Hôtel du Port;hospitality;FRE11;2026-03-12;3;2;2").decode().encode("cp1252")
    assert import_needs(db, data, "needs.csv", PLACES, FW, TODAY) == 1
    name = db.connection().execute(select(EmployerSurvey.employer_name)).scalar()
    assert name == "Hôtel du Port"


def test_a_good_xlsx_is_imported(db):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["De Linde", "Q", "BE254", date(2026, 2, 10), 6, 3, 3])
    buffer = io.BytesIO()
    book.save(buffer)
    assert import_needs(db, buffer.getvalue(), "needs.xlsx", PLACES, FW, TODAY) == 1


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # missing column
        ((HEADER.replace("vacancies,", ""), "De Linde,care,BE254,2026-02-10,3,3"),
         [(1, "vacancies", "The column “%(column)s” is missing.")]),
        # unknown column, unknown competence, a column twice
        ((HEADER + ",colour", GOOD + ",blue"), [(1, "colour", "Unknown column “%(column)s”.")]),
        ((HEADER + ",leadership_level", GOOD + ",3"),
         [(1, "leadership_level", "“%(value)s” is not a competence of the self-assessment. Use one of: %(allowed)s.")]),
        ((HEADER + ",sector", GOOD + ",care"), [(1, "sector", "The column “%(column)s” appears twice.")]),
        # unknown sector (and "something else" is not one of the audit's), unknown region
        ((HEADER, GOOD.replace("care", "mining")),
         [(2, "sector", "“%(value)s” is not a sector of the audit. Use one of: %(allowed)s.")]),
        ((HEADER, GOOD.replace("care", "other")),
         [(2, "sector", "“%(value)s” is not a sector of the audit. Use one of: %(allowed)s.")]),
        ((HEADER, GOOD.replace("BE254", "BE999")),
         [(2, "region", "“%(value)s” is not a partner region. Use one of: %(allowed)s.")]),
        # levels and importance off the scale
        ((HEADER, GOOD.replace(",3,high", ",5,high")), [(2, "teamwork_level", NOT_LEVEL)]),
        ((HEADER, GOOD.replace(",3,high", ",2.5,high")), [(2, "teamwork_level", NOT_LEVEL)]),
        ((HEADER, GOOD.replace(",3,high", ",3,4")),
         [(2, "teamwork_importance", "“%(value)s” is not an importance: write 1 (low), 2 (medium) or 3 (high).")]),
        ((HEADER, GOOD.replace(",3,high", ",3,")),
         [(2, "teamwork_importance", "Give the importance: 1 (low), 2 (medium) or 3 (high).")]),
        ((HEADER, GOOD.replace(",3,high", ",,")), [(2, None, "Give the level required for at least one competence.")]),
        # bad dates
        ((HEADER, GOOD.replace("2026-02-10", "2026-02-30")), [(2, "survey_date", NOT_DATE)]),
        ((HEADER, GOOD.replace("2026-02-10", "next week")), [(2, "survey_date", NOT_DATE)]),
        ((HEADER, GOOD.replace("2026-02-10", "2027-01-01")),
         [(2, "survey_date", "The date of the survey is in the future.")]),
        # vacancies
        ((HEADER, GOOD.replace(",6,", ",-2,")),
         [(2, "vacancies", "“%(value)s” is not a number of vacancies: write 0 or more.")]),
        ((HEADER, GOOD.replace(",6,", ",many,")),
         [(2, "vacancies", "“%(value)s” is not a number of vacancies: write 0 or more.")]),
        ((HEADER, GOOD.replace("De Linde", "")), [(2, "employer", "Give the employer’s name.")]),
        # duplicate rows (the same employer in another case is the same)
        ((HEADER, GOOD, GOOD.replace("De Linde", "DE LINDE")), [(3, None, "The same survey as on line %(line)s.")]),
        # a row longer than the header
        ((HEADER, GOOD + ",extra"), [(2, None, "This row has more cells than there are columns.")]),
        # header only
        ((HEADER,), [(None, None, "The file has column names but no rows.")]),
    ],
)
def test_a_bad_row_rejects_the_whole_file(db, lines, expected):
    # a good row first, so that "all or nothing" is tested too
    if len(lines) > 1 and lines[0] == HEADER:
        lines = (lines[0], GOOD.replace("De Linde", "Good employer"), *lines[1:])
        expected = [(line + 1 if line and line > 1 else line, col, msg) for line, col, msg in expected]
    assert _problems(db, _csv(*lines)) == expected


def test_every_bad_row_is_reported_with_its_line(db):
    problems = _problems(db, _csv(HEADER, GOOD.replace("care", "mining"), GOOD, GOOD.replace("BE254", "XX")))
    assert [(line, col) for line, col, _ in problems] == [(2, "sector"), (4, "region")]


@pytest.mark.parametrize(
    ("data", "filename"),
    [(b"", "needs.csv"), (b"\n\n  \n", "needs.csv"), (b"%PDF-1.4 binary\x00\x01", "needs.pdf"),
     (b"%PDF-1.4 binary\x00\x01", "needs.csv"), (b"not a zip file", "needs.xlsx"), (b"PK\x03\x04broken", "needs.xlsx")],
)
def test_empty_files_and_wrong_types_are_refused(db, data, filename):
    problems = _problems(db, data, filename)
    assert len(problems) == 1 and problems[0][:2] == (None, None)
    assert problems[0][2] in {
        "The file is empty.",
        "This is not a CSV or XLSX file. Save the sheet as CSV or as an Excel workbook (.xlsx).",
    }


def test_a_survey_already_recorded_is_refused(db):
    assert import_needs(db, _csv(HEADER, GOOD), "needs.csv", PLACES, FW, TODAY) == 1
    with pytest.raises(NeedsRejected) as caught:
        import_needs(db, _csv(HEADER, GOOD.replace("De Linde", "Other"), GOOD), "needs.csv", PLACES, FW, TODAY)
    assert [(p.line, p.message.msgid) for p in caught.value.problems] == [
        (3, "This survey was recorded already (same employer, sector, region and date).")
    ]
    assert _count(db) == 1


def test_record_one_survey_from_a_form(db):
    row = {"employer": "De Linde", "sector": "care", "region": "BE254", "survey_date": "2026-02-10",
           "vacancies": "2", "teamwork_level": "3", "teamwork_importance": "2"}
    survey_id = record_need(db, row, PLACES, FW, TODAY)
    assert survey_id
    with pytest.raises(NeedsRejected) as caught:
        record_need(db, {**row, "vacancies": "-1", "region": ""}, PLACES, FW, TODAY)
    assert {p.column for p in caught.value.problems} == {"vacancies", "region"}


def test_a_forms_problems_by_field_one_message_each_and_the_surveys_own_under_its_name(db):
    row = {"employer": "De Linde", "sector": "care", "region": "BE254", "survey_date": "2026-02-10", "vacancies": "2",
           "teamwork_level": "3", "teamwork_importance": "2"}
    record_need(db, row, PLACES, FW, TODAY)
    with pytest.raises(NeedsRejected) as caught:
        record_need(db, row, PLACES, FW, TODAY)
    assert caught.value.by_field("whole").worded("en") == {
        "whole": "This survey was recorded already (same employer, sector, region and date)."
    }
    with pytest.raises(NeedsRejected) as caught:
        record_need(db, {"employer": "X" * 201, "vacancies": "-1", "region": "XX"}, PLACES, FW, TODAY)
    errors = caught.value.by_field("whole").errors
    assert list(errors) == ["employer", "sector", "region", "survey_date", "vacancies", "whole"]
    assert errors["region"] == next(p.message for p in caught.value.problems if p.column == "region")


def test_the_file_format_lists_every_competence():
    assert columns(FW)[:5] == ("employer", "sector", "region", "survey_date", "vacancies")
    assert len(columns(FW)) == 5 + 2 * len(FW.competence_ids())


def test_problems_render_in_every_language():
    with pytest.raises(NeedsRejected) as caught:
        from skills_audit.needs import parse_needs

        parse_needs(_csv(HEADER, GOOD.replace("BE254", "XX")), "n.csv", PLACES, FW, TODAY)
    message = caught.value.problems[0].message
    assert "XX" in message.render("en") and "BE254" in message.render("en")
    assert "XX" in message.render("nl") and "XX" in message.render("fr")
