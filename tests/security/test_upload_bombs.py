"""Hostile uploads are refused before they cost memory, with a message in the reader's language; nothing is saved.

The attack: a 5 KB workbook whose sheet said it spans 1,048,576 rows × 16,384 columns made the reader pad every row
(3.3 GB, 29 s); one 400 MB cell compressed to 413 KB peaked at 873 MB. Each bomb of tests/security/bombs.py is built
here (a few KB to a few MB) and handed to the import the way an analyst or an editor would: the domain function, the
page, and the command line. Peak memory is traced as a safety bound far above the normal figure (about 10 MB), not
as a speed figure.
"""

from __future__ import annotations

import re
import tracemalloc
from collections.abc import Callable
from datetime import date

import pytest
from openpyxl.worksheet import _reader as openpyxl_reader
from sqlmodel import func, select

from guide import cli
from guide.audit_pages.places import get_places
from guide.content.models import ContentRevision
from guide.core import i18n
from guide.editor.exchange import ExchangeRejected, read_po_entries, read_xliff_entries
from skills_audit.framework import get_framework
from skills_audit.models import EmployerSurvey
from skills_audit.needs import MAX_ROWS, NeedsRejected, parse_needs
from skills_audit.sheets import MAX_FILE_BYTES
from tests.conftest import csrf_token, make_staff, sign_in_staff
from tests.security import bombs

SAFE_PEAK = 50 * 1024 * 1024
TODAY = date(2026, 6, 1)

UNPACKED = "Unpacked, this workbook is larger than 25 MB."
DAMAGED = "This workbook is damaged, so we cannot read it."
UNSAFE = "This workbook contains XML code (a DTD or entities) that we do not open, to keep the site safe."
COLUMNS = "The file has more than 100 columns."
ROWS = f"The file has more than {MAX_ROWS:,} rows; split it."
COMPLEX = "This workbook has too many parts or too much formatting for us to read."
CELL = "A cell has more than 1,000 characters."
LINE = "This line cannot be read: a cell is far too long, or a quotation mark (\") is not closed."

XLSX_BOMBS: list[tuple[str, Callable[[], bytes], str]] = [
    ("a 64 MB cell", lambda: bombs.huge_cell(64), UNPACKED),
    ("sizes that lie", lambda: bombs.lying_sizes(64), DAMAGED),
    ("billion laughs", bombs.billion_laughs, UNSAFE),
    ("an external entity", bombs.external_entity, UNSAFE),
    ("a million cells in a row", bombs.wide_row, COLUMNS),
    ("row 1,000,000,000", bombs.far_row, DAMAGED),
    ("60,000 parts", bombs.many_parts, COMPLEX),
]
CSV_BOMBS: list[tuple[str, Callable[[], bytes], str, int]] = [
    ("a 4 MB cell", bombs.long_cell_csv, LINE, 2),
    ("a 2,000 character cell", lambda: bombs.long_cell_csv(2000), CELL, 2),
    ("200 columns", lambda: (",".join(f"c{i}" for i in range(200)) + "\n").encode(), COLUMNS, 1),
]


def _parse(data: bytes, name: str) -> tuple[list | NeedsRejected, int]:
    """parse_needs on the file, and the peak of memory it took."""
    tracemalloc.start()
    try:
        try:
            outcome: list | NeedsRejected = parse_needs(data, name, get_places(), get_framework(), TODAY)
        except NeedsRejected as exc:
            outcome = exc
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _messages(rejected: NeedsRejected, locale: str = "en") -> list[str]:
    return [p.message.render(locale) for p in rejected.problems]


@pytest.mark.parametrize(("name", "build", "message"), XLSX_BOMBS, ids=[b[0] for b in XLSX_BOMBS])
def test_a_workbook_bomb_is_refused_with_its_reason_and_little_memory(name, build, message):
    data = build()
    assert len(data) < MAX_FILE_BYTES  # small enough to pass the request's cap: the reader must hold
    outcome, peak = _parse(data, "needs.xlsx")
    assert isinstance(outcome, NeedsRejected), name
    assert len(outcome.problems) == 1 and _messages(outcome)[0].startswith(message)
    assert peak < SAFE_PEAK


@pytest.mark.parametrize(("name", "build", "message", "line"), CSV_BOMBS, ids=[b[0] for b in CSV_BOMBS])
def test_a_csv_bomb_is_refused_with_its_reason(name, build, message, line):
    outcome, peak = _parse(build(), "needs.csv")
    assert isinstance(outcome, NeedsRejected), name
    assert len(outcome.problems) == 1 and _messages(outcome)[0].startswith(message)
    assert outcome.problems[0].line == line  # the header is line 1
    assert peak < SAFE_PEAK


def test_a_million_blank_lines_cost_no_more_than_a_few_rows():
    """A reader that keeps every row holds a million lists (70 MB traced); blank rows are skipped as they are read."""
    outcome, peak = _parse(bombs.blank_lines_csv(1_000_000), "needs.csv")
    assert isinstance(outcome, NeedsRejected)
    assert _messages(outcome) == ["The file has column names but no rows."]
    assert peak < SAFE_PEAK


def test_the_sheets_stated_size_is_not_believed():
    """The attack's own file: a few good rows in a sheet that says it spans A1:XFD1048576. They import as rows of
    their own width: nothing is padded to 16,384 columns."""
    outcome, peak = _parse(bombs.dimension_bomb(rows=1000), "needs.xlsx")
    assert isinstance(outcome, list) and len(outcome) == 1000
    assert peak < SAFE_PEAK


def test_rows_past_the_limit_are_refused_before_openpyxl_reads_a_row(monkeypatch):
    """The limit holds before the work: the file is scanned first, and openpyxl never parses one of its rows."""
    parsed = []
    real = openpyxl_reader.WorkSheetParser.parse_row
    monkeypatch.setattr(openpyxl_reader.WorkSheetParser, "parse_row",
                        lambda self, row: parsed.append(1) or real(self, row))
    outcome, _ = _parse(bombs.many_rows(MAX_ROWS + 1), "needs.xlsx")
    assert isinstance(outcome, NeedsRejected) and _messages(outcome)[0] == ROWS
    assert parsed == []
    outcome, _ = _parse(bombs.many_rows(10), "needs.xlsx")
    assert not isinstance(outcome, NeedsRejected) and parsed  # a good file is still read by openpyxl


@pytest.mark.parametrize(("locale", "words"), [
    ("nl", "Deze werkmap bevat XML-code"),
    ("fr", "Ce classeur contient du code XML"),
])
def test_the_reason_is_given_in_the_readers_language(locale, words):
    outcome, _ = _parse(bombs.billion_laughs(), "needs.xlsx")
    assert isinstance(outcome, NeedsRejected)
    assert _messages(outcome, locale)[0].startswith(words)


# --- through the page and the command line ----------------------------------------------------------------------


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def analyst(client, db):  # noqa: ANN001, ANN201
    return sign_in_staff(client, db, make_staff(db, "bomb-analyst", ("analyst",)))


@pytest.mark.parametrize(("name", "build", "message"), [XLSX_BOMBS[0], XLSX_BOMBS[2], XLSX_BOMBS[4]],
                         ids=["a 64 MB cell", "billion laughs", "a million cells in a row"])
def test_the_import_page_refuses_a_bomb_and_saves_nothing(analyst, db, name, build, message):
    response = analyst.post("/en/staff/audit/needs/import", data={"csrf_token": csrf_token(analyst)},
                            files={"file": ("needs.xlsx", build(), "application/octet-stream")})
    assert response.status_code == 422
    text = _text(response.text)
    assert "Nothing was imported: the file has 1 problem." in text and message in text
    assert db.exec(select(func.count()).select_from(EmployerSurvey)).one() == 0


def test_the_import_page_speaks_dutch(client, db):
    analyst = sign_in_staff(client, db, make_staff(db, "nl-bomb-analyst", ("analyst",)))
    response = analyst.post("/nl/staff/audit/needs/import", data={"csrf_token": csrf_token(analyst, "nl")},
                            files={"file": ("needs.xlsx", bombs.external_entity(), "application/octet-stream")})
    assert response.status_code == 422
    assert "Deze werkmap bevat XML-code" in _text(response.text)
    assert "root:" not in response.text  # /etc/passwd was not read into the page


def test_the_command_line_refuses_a_bomb(db_engine, monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(cli, "_engine", lambda: db_engine)
    bomb = tmp_path / "needs.xlsx"
    bomb.write_bytes(bombs.huge_cell(64))
    assert cli.main(["audit", "import", str(bomb), "--lang", "fr"]) == 2
    assert "Une fois décompressé, ce classeur dépasse 25 Mo." in capsys.readouterr().err


def test_the_command_line_does_not_read_a_huge_file_whole(db_engine, monkeypatch, capsys, tmp_path):
    """A sparse file of 4 GB (nothing on disk): read whole, it would take 4 GB of memory."""
    monkeypatch.setattr(cli, "_engine", lambda: db_engine)
    huge = tmp_path / "needs.csv"
    with huge.open("wb") as file:
        file.write(b"employer,sector\n")
        file.truncate(4 << 30)
    tracemalloc.start()
    try:
        assert cli.main(["audit", "import", str(huge)]) == 2
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "The file is larger than 5 MB." in capsys.readouterr().err
    assert peak < SAFE_PEAK


# --- the editors' translation files -----------------------------------------------------------------------------

TRANSLATION_BOMBS = [
    ("xliff billion laughs", "xliff", bombs.xliff_billion_laughs, "This file contains XML code (a DTD or entities)"),
    ("xliff external entity", "xliff", bombs.xliff_external_entity, "This file contains XML code (a DTD or entities)"),
    ("xliff of a million elements", "xliff", bombs.xliff_many_elements, "This file has more than 10,000 entries"),
    ("po of 150,000 entries", "po", bombs.po_many_entries, "This file has more than 10,000 entries"),
]


@pytest.mark.parametrize(("name", "kind", "build", "message"), TRANSLATION_BOMBS, ids=[b[0] for b in TRANSLATION_BOMBS])
def test_a_translation_bomb_is_refused_with_its_reason_and_little_memory(name, kind, build, message):
    i18n.set_locale("en")  # the editor's messages are worded in the request's language
    data = build()
    read = read_xliff_entries if kind == "xliff" else read_po_entries
    tracemalloc.start()
    try:
        with pytest.raises(ExchangeRejected) as refused:
            read(data, "nl")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refused.value.errors[0].message.render("en").startswith(message), name
    assert peak < SAFE_PEAK


def test_the_editors_import_page_refuses_an_entity_bomb_and_changes_nothing(client, db):
    editor = sign_in_staff(client, db, make_staff(db, "bomb-editor", ("editor",), languages=("nl",)))
    response = editor.post("/en/staff/content/nl/import", data={"csrf_token": csrf_token(editor), "format": "xliff"},
                           files={"file": ("nl.xlf", bombs.xliff_external_entity(), "application/xml")})
    assert response.status_code == 422
    assert "This file contains XML code (a DTD or entities) that we do not open" in _text(response.text)
    assert "root:" not in response.text
    assert db.exec(select(func.count()).select_from(ContentRevision)).one() == 0
