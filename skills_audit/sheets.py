"""Rows from an uploaded CSV or XLSX file, read within limits that hold before any work is done.

An upload is hostile until read: a 5 KB workbook can say it spans A1:XFD1048576 (a reader that believes it pads every
row to 16,384 cells), hold one 400 MB cell compressed to 400 KB, a DTD whose entities expand a billion times, or a
zip directory whose sizes lie. So, in this order:

1. the file's own size (at most MAX_FILE_BYTES; the web layer caps the request before this);
2. for XLSX, the zip's directory: how many parts, and their declared unpacked sizes, one by one and together;
3. every XML part streamed once through a defused parser (defusedxml: no DTD, no entities, no external references),
   counting the bytes really unpacked (declared sizes can lie), rows with values, cells per row and their columns,
   each cell's length, the shared strings, and the elements of everything else, and stopping at the first limit;
4. only then openpyxl, read-only, with the sheet's declared dimensions dropped, row by row.

A CSV is read row by row with the same row, column and cell limits. Every refusal is a `SheetRefused` with a Message
in the reader's language and, where known, its line.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError
from xml.sax import SAXException
from xml.sax.handler import ContentHandler, feature_namespaces
from xml.sax.xmlreader import AttributesNSImpl

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from guide.core.i18n import N_
from guide.core.messages import Message

MAX_FILE_BYTES = 5 * 1024 * 1024  # what an upload may weigh; the pages say "5 MB"
MAX_COLUMNS = 100  # the file format has 21 columns today; room for more competences
MAX_CELL_LENGTH = 1000  # characters; the longest value a column takes is an employer's name (200)
# A workbook of 5,000 rows of 21 columns unpacks to about 5 MB of XML; these leave room for formatting.
MAX_UNPACKED_BYTES = 25 * 1024 * 1024
MAX_PARTS = 500  # a workbook saved by Excel or LibreOffice has 10 to 30
MAX_SHARED_STRINGS = 100_000  # Excel keeps each distinct text once: a 5,000-row file has a few thousand
MAX_ROW_CELLS = 1_000  # <c> elements in one row, values or not (openpyxl builds a row whole before handing it on)
MAX_ROW_ELEMENTS = 20_000  # elements in one row or one shared string (rich text runs and the like)
MAX_PART_ELEMENTS = 50_000  # elements of a part outside its rows and strings: styles, names, merged cells ...
MAX_TEXT_LENGTH = 32_768  # characters of text in one element outside the cells (headers, names ...)
EXCEL_MAX_ROW, EXCEL_MAX_COLUMN = 1_048_576, 16_384

WRONG_TYPE = N_("This is not a CSV or XLSX file. Save the sheet as CSV or as an Excel workbook (.xlsx).")
FILE_TOO_LARGE = N_("The file is larger than %(max)s MB. Split it into smaller files and import them one by one.")
TOO_MANY_ROWS = N_("The file has more than %(max)s rows; split it.")
TOO_MANY_COLUMNS = N_("The file has more than %(max)s columns. Keep only the columns of the file format.")
CELL_TOO_LONG = N_("A cell has more than %(max)s characters. Make it shorter.")
LINE_UNREADABLE = N_("This line cannot be read: a cell is far too long, or a quotation mark (\") is not closed.")
UNPACKED_TOO_LARGE = N_(
    "Unpacked, this workbook is larger than %(max)s MB. Keep only the sheet with the surveys, or save it as CSV, "
    "and import it again."
)
TOO_COMPLEX = N_(
    "This workbook has too many parts or too much formatting for us to read. Copy the cells into a new workbook, or "
    "save the sheet as CSV, and import that file."
)
DAMAGED = N_("This workbook is damaged, so we cannot read it. Open it in Excel or LibreOffice, save it again and "
             "import the new file.")
UNSAFE = N_(
    "This workbook contains XML code (a DTD or entities) that we do not open, to keep the site safe. Open it in "
    "Excel or LibreOffice, save it again as .xlsx and import the new file."
)


@dataclass(frozen=True)
class Limits:
    rows: int  # rows with something in them, the header included
    columns: int = MAX_COLUMNS
    cell: int = MAX_CELL_LENGTH


class SheetRefused(ValueError):
    """The file is refused whole, for the reason in `message` (at `line` when known; 1 is the first row)."""

    def __init__(self, message: Message, line: int | None = None) -> None:
        super().__init__(message.msgid)
        self.message, self.line = message, line


def _refuse(msgid: str, line: int | None = None, **params: object) -> SheetRefused:
    return SheetRefused(Message(msgid, params), line)


def _megabytes(size: int) -> int:
    return size // (1024 * 1024)


def read_rows(data: bytes, filename: str, limits: Limits) -> list[tuple[int, list[object]]]:
    """The rows of a CSV or XLSX file that have something in them, each with its line (the file's row number),
    trailing empty cells dropped. SheetRefused at the first limit crossed; by the file's name (and first bytes)."""
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(FILE_TOO_LARGE, max=_megabytes(MAX_FILE_BYTES))
    name = filename.lower()
    if name.endswith(".xlsx"):
        if not data.startswith(b"PK"):
            raise _refuse(WRONG_TYPE)
        return _kept(_xlsx_rows(data, limits), limits)
    if name.endswith((".csv", ".txt")):
        return _kept(_csv_rows(data), limits)
    raise _refuse(WRONG_TYPE)


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _kept(rows: Iterator[tuple[int, Sequence[object]]], limits: Limits) -> list[tuple[int, list[object]]]:
    """Rows with something in them, stopping at the row limit; each row's limits checked as it comes."""
    kept: list[tuple[int, list[object]]] = []
    for line, cells in rows:
        end = len(cells)
        while end and _blank(cells[end - 1]):
            end -= 1
        if not end:
            continue  # a blank row costs nothing and is skipped
        if end > limits.columns:
            raise _refuse(TOO_MANY_COLUMNS, line, max=limits.columns)
        row = list(cells[:end])
        for cell in row:
            if isinstance(cell, str) and len(cell) > limits.cell:
                raise _refuse(CELL_TOO_LONG, line, max=limits.cell)
        if len(kept) == limits.rows:
            raise _refuse(TOO_MANY_ROWS, max=limits.rows - 1)
        kept.append((line, row))
    return kept


# --- CSV ------------------------------------------------------------------------------------------------------------


def _csv_rows(data: bytes) -> Iterator[tuple[int, Sequence[object]]]:
    if b"\x00" in data[:4096]:
        raise _refuse(WRONG_TYPE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    newline = text.find("\n")
    first_line = text[:newline] if newline >= 0 else text
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:  # a field over csv's own limit (128 KB), a NUL, a broken quote
            raise _refuse(LINE_UNREADABLE, reader.line_num) from None
        line += 1  # the row's number, as a spreadsheet shows it (a quoted cell may span lines of the file)
        yield line, cells


# --- XLSX -----------------------------------------------------------------------------------------------------------

_CELL_REF = re.compile(r"([A-Za-z]{1,3})(\d{1,7})$")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


class _Stop(Exception):
    """Raised inside the XML parser's callbacks to stop it at the first limit crossed."""

    def __init__(self, refused: SheetRefused) -> None:
        super().__init__(refused.message.msgid)
        self.refused = refused


class _PartScanner(ContentHandler):
    """Counts what one XML part would cost openpyxl, as it streams past; stops at the first limit.

    The root element says which kind of part this is: a worksheet (rows of cells), the shared strings (one <si> per
    text), or anything else (only its size counts). Element names are compared without their namespace.
    """

    def __init__(self, limits: Limits, budget: dict[str, int]) -> None:
        super().__init__()
        self.limits, self.budget = limits, budget
        self.kind = ""
        self.depth = 0
        self.elements = 0  # outside rows and strings
        self.unit_elements = 0  # inside the current row or string
        self.in_row = self.in_cell = self.in_string = False
        self.row = self.column = self.row_cells = 0
        self.row_has_value = self.cell_has_value = False
        self.rows_with_values = 0  # in this sheet
        self.text = 0  # characters of the current cell, string or element

    def _stop(self, msgid: str, line: int | None = None, **params: object) -> None:
        raise _Stop(_refuse(msgid, line, **params))

    def startElementNS(self, name: tuple[str | None, str], _qname: str | None, attrs: AttributesNSImpl) -> None:  # noqa: N802
        local = name[1]
        self.depth += 1
        if self.depth == 1:
            self.kind = local
        if self.in_row or self.in_string:
            self.unit_elements += 1
            if self.unit_elements > MAX_ROW_ELEMENTS:
                self._stop(TOO_COMPLEX)
        else:
            self.elements += 1
            if self.elements > MAX_PART_ELEMENTS:
                self._stop(TOO_COMPLEX)
            self.text = 0
        if self.kind == "worksheet":
            self._start_sheet(local, attrs)
        elif self.kind == "sst" and local == "si" and self.depth == 2:
            self.budget["strings"] += 1
            if self.budget["strings"] > MAX_SHARED_STRINGS:
                self._stop(TOO_COMPLEX)
            self.in_string, self.unit_elements, self.text = True, 0, 0

    def _start_sheet(self, local: str, attrs: AttributesNSImpl) -> None:
        if local == "row" and not self.in_row:
            ref = attrs.get((None, "r"))
            self.row = int(ref) if ref and ref.isdigit() else self.row + 1
            if self.row > EXCEL_MAX_ROW:
                self._stop(DAMAGED)
            self.in_row, self.unit_elements, self.row_cells, self.column = True, 0, 0, 0
            self.row_has_value = False
        elif local == "c" and self.in_row:
            self.row_cells += 1
            if self.row_cells > MAX_ROW_CELLS:
                self._stop(TOO_MANY_COLUMNS, self.row, max=self.limits.columns)
            match = _CELL_REF.match(attrs.get((None, "r")) or "")
            self.column = _column_number(match.group(1)) if match else self.column + 1
            if self.column > EXCEL_MAX_COLUMN:
                self._stop(DAMAGED)
            self.in_cell, self.cell_has_value, self.text = True, False, 0
        elif local in ("v", "is") and self.in_cell:
            self.cell_has_value = True

    def characters(self, content: str) -> None:
        self.text += len(content)
        if self.in_cell or self.in_string:
            if self.text > self.limits.cell:
                self._stop(CELL_TOO_LONG, self.row if self.in_cell else None, max=self.limits.cell)
        elif self.text > MAX_TEXT_LENGTH:
            self._stop(TOO_COMPLEX)

    def endElementNS(self, name: tuple[str | None, str], _qname: str | None) -> None:  # noqa: N802
        local = name[1]
        self.depth -= 1
        if self.kind == "worksheet":
            if local == "c" and self.in_cell:
                self.in_cell = False
                if self.cell_has_value:
                    if self.column > self.limits.columns:
                        self._stop(TOO_MANY_COLUMNS, self.row, max=self.limits.columns)
                    self.row_has_value = True
            elif local == "row" and self.in_row:
                self.in_row = False
                if self.row_has_value:
                    self.rows_with_values += 1
                    if self.rows_with_values > self.limits.rows:
                        self._stop(TOO_MANY_ROWS, max=self.limits.rows - 1)
        elif self.kind == "sst" and local == "si" and self.depth == 1:
            self.in_string = False


def _looks_like_xml(head: bytes) -> bool:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return stripped.startswith(b"<") or head.startswith((b"\xff\xfe", b"\xfe\xff"))


def _scan_archive(data: bytes, limits: Limits) -> None:
    """Steps 2 and 3 of the module's docstring; SheetRefused at the first limit crossed."""
    # The central directory has one "PK\1\2" record per part: count them before zipfile builds an object for each.
    if data.count(b"PK\x01\x02") > MAX_PARTS:
        raise _refuse(TOO_COMPLEX)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _refuse(WRONG_TYPE) from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise _refuse(TOO_COMPLEX)
        declared = 0
        for part in parts:
            declared += part.file_size
            if part.file_size > MAX_UNPACKED_BYTES or declared > MAX_UNPACKED_BYTES:
                raise _refuse(UNPACKED_TOO_LARGE, max=_megabytes(MAX_UNPACKED_BYTES))
        budget = {"unpacked": 0, "strings": 0}
        for part in parts:
            if not part.is_dir():
                _scan_part(archive, part, limits, budget)


def _scan_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, limits: Limits, budget: dict[str, int]) -> None:
    parser = DefusedExpatParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(_PartScanner(limits, budget))
    unpacked = 0
    try:
        with archive.open(part) as stream:
            first = True
            while chunk := stream.read(64 * 1024):
                # Count what really comes out, not what the directory said (zipfile stops at the declared size
                # and checks the CRC, but this does not rely on it).
                unpacked += len(chunk)
                budget["unpacked"] += len(chunk)
                if unpacked > part.file_size or budget["unpacked"] > MAX_UNPACKED_BYTES:
                    raise _refuse(UNPACKED_TOO_LARGE, max=_megabytes(MAX_UNPACKED_BYTES))
                if first and not _looks_like_xml(chunk):
                    return  # a picture or printer settings: openpyxl does not parse it, and its size was counted
                first = False
                parser.feed(chunk)
        if not first:
            parser.close()
    except _Stop as stop:
        raise stop.refused from None
    except DefusedXmlException:
        raise _refuse(UNSAFE) from None
    except (SAXException, zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError,
            ValueError):
        # Broken XML, a wrong CRC (a size that lied), an unknown compression, a password.
        raise _refuse(DAMAGED) from None


def _xlsx_rows(data: bytes, limits: Limits) -> Iterator[tuple[int, Sequence[object]]]:
    from openpyxl import load_workbook

    _scan_archive(data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, AttributeError, IndexError, ParseError):
        raise _refuse(WRONG_TYPE) from None
    try:
        if not workbook.worksheets:
            raise _refuse(WRONG_TYPE)
        sheet = workbook.worksheets[0]
        # The sheet's <dimension> is what the file says about itself: openpyxl would pad every row to its width.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        line = 0
        while True:
            try:
                cells = next(rows)
            except StopIteration:
                return
            except (ValueError, TypeError, KeyError, IndexError, AttributeError, ParseError):
                raise _refuse(DAMAGED, line + 1) from None
            line += 1
            yield line, cells
    finally:
        workbook.close()
