"""The spreadsheets partners open in Excel: the separator their language expects, and no text cell ever a formula."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from guide.audit_pages.places import get_places
from skills_audit.aggregate import YEAR
from skills_audit.export import export
from skills_audit.framework import get_framework
from skills_audit.report import build_report
from tests.skills_audit.factories import release, respondent, survey

FW = get_framework()
PLACES = get_places()
# What Excel takes as the list separator with each language's regional settings (Belgium, France: a decimal comma)
EXCEL_SEPARATOR = {"nl": ";", "fr": ";", "en": ","}
EVIL = ("=HYPERLINK(\"http://example.org\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tTab", "\rReturn",
        " =1+1")


class PublishedByAnEditor:
    """The framework with the competence names and scale labels an editor could publish in the browser."""

    def __init__(self, framework) -> None:  # noqa: ANN001
        self._framework = framework

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._framework, name)

    def competence_name(self, competence_id: str, locale: str) -> str:
        return EVIL[self._framework.competence_ids().index(competence_id) % len(EVIL)]

    def scale_label(self, level: int | str, locale: str) -> str:
        return EVIL[-int(level) % len(EVIL)]


@pytest.fixture
def report(db):  # noqa: ANN001, ANN201
    for i in range(10):
        respondent(db, "kortrijk", "care", {"teamwork": 3 if i < 6 else 2, "reliability": 4})
    survey(db, "BE254", "care", {"teamwork": (3, 3), "reliability": (4, 2)}, vacancies=4)
    release(db)
    return build_report(db, "2026", "BE254", "care", PLACES, YEAR)


@pytest.mark.parametrize("locale", ["nl", "fr", "en"])
def test_the_csv_opens_in_columns_with_the_separator_excel_expects(report, locale):
    text = export(report, FW, locale, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=EXCEL_SEPARATOR[locale]))
    header = rows[0]
    assert len(header) > 10 and len({len(r) for r in rows}) == 1  # every row in the same columns
    assert all(len(r) == len(header) for r in rows)
    reliability = next(r for r in rows if r[1] == PLACES.region_name("BE254", locale) and not r[2]
                       and r[4] == FW.competence_name("reliability", locale))
    assert "100" in reliability  # the share, a number Excel reads as one


def _cells_of_csv(data: bytes, locale: str) -> list[str]:
    return [c for r in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=EXCEL_SEPARATOR[locale])
            for c in r]


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_no_csv_cell_starts_like_a_formula(report, locale):
    cells = _cells_of_csv(export(report, PublishedByAnEditor(FW), locale, "csv"), locale)
    assert not [c for c in cells if c.lstrip(" ")[:1] in ("=", "+", "-", "@", "\t", "\r")]
    for evil in EVIL:  # the text is still there, to read, after the apostrophe that makes it plain text
        assert "'" + evil in cells


def test_no_xlsx_cell_is_a_formula(report):
    data = export(report, PublishedByAnEditor(FW), "fr", "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheets = [book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in s or "<f " in s for s in sheets)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    readable = {e for e in EVIL if "\r" not in e}  # XML reads a lone carriage return back as a line feed
    shown = {c.value for c in cells}
    assert readable <= shown  # shown exactly as published, as text
    assert all(c.quotePrefix for c in cells if c.value in readable)  # and it stays text when edited in Excel
