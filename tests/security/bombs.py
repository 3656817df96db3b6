"""Hostile upload files, built small in memory: the attacks of the upload-limits issue, for the tests and the bench.

Each builder returns the bytes of a file that is tiny on disk (a few KB compressed) but would cost a naive reader
hundreds of megabytes or more. The big parts are written to the zip in chunks, so building one costs little memory.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER = ("employer", "sector", "region", "survey_date", "vacancies", "teamwork_level", "teamwork_importance")
GOOD_ROW = ("Zorg BV", "care", "BE254", "2026-01-05", "2", "3", "2")

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<workbook xmlns="{MAIN_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Needs" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)


def _column(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def inline_row(number: int, cells: Iterable[str]) -> str:
    """One <row> of inline strings (no shared strings needed)."""
    body = "".join(
        f'<c r="{_column(i)}{number}" t="inlineStr"><is><t>{_escape(value)}</t></is></c>'
        for i, value in enumerate(cells, start=1)
    )
    return f'<row r="{number}">{body}</row>'


def sheet_xml(rows: str, dimension: str = "", prolog: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<worksheet xmlns="{MAIN_NS}">{dim}<sheetData>{rows}</sheetData></worksheet>'
    )


def shared_strings_xml(strings: Iterable[str], prolog: str = "") -> str:
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<sst xmlns="{MAIN_NS}">{items}</sst>'


def workbook(sheet: str | Iterable[bytes], shared: str | Iterable[bytes] | None = None) -> bytes:
    """An XLSX file: the sheet (and the shared strings) as text, or as chunks streamed into the zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        for name, part in (("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", shared)):
            if part is None:
                part = shared_strings_xml([])
            if isinstance(part, str):
                archive.writestr(name, part)
                continue
            with archive.open(name, "w", force_zip64=True) as stream:
                for chunk in part:
                    stream.write(chunk)
    return buffer.getvalue()


def good_workbook(rows: int = 1, dimension: str = "") -> bytes:
    lines = [inline_row(1, HEADER)]
    lines += [inline_row(n, (f"Zorg {n}", *GOOD_ROW[1:])) for n in range(2, rows + 2)]
    return workbook(sheet_xml("".join(lines), dimension))


# --- the bombs ------------------------------------------------------------------------------------------------------


def dimension_bomb(rows: int = 1) -> bytes:
    """A good little sheet that says it spans A1:XFD1048576: a reader that trusts it pads every row to 16,384
    columns and 1,048,576 rows (the attack: 3.3 GB and 29 s)."""
    return good_workbook(rows, dimension="A1:XFD1048576")


def _repeat(head: bytes, unit: bytes, size: int, tail: bytes, chunk: int = 1 << 20) -> Iterable[bytes]:
    yield head
    block = unit * (chunk // len(unit))
    left = size
    while left > 0:
        piece = block[: min(left, len(block))]
        left -= len(piece)
        yield piece
    yield tail


def huge_cell(megabytes: int = 400) -> bytes:
    """One shared string of `megabytes` MB of "A" (the attack: 400 MB in one cell, 413 KB compressed, 873 MB peak)."""
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{MAIN_NS}"><si><t>'.encode()
    shared = _repeat(head, b"A", megabytes << 20, b"</t></si></sst>")
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    return workbook(sheet_xml(rows), shared)


def _lie_about_sizes(data: bytes, name: str, declared: int) -> bytes:
    """The zip with `name`'s uncompressed size in its central directory (and local header) set to `declared`."""
    out = bytearray(data)
    encoded = name.encode()
    # Local header: signature, ..., uncompressed size at offset 22, name length at 26, name at 30.
    start = 0
    while (start := out.find(b"PK\x03\x04", start)) != -1:
        length = struct.unpack_from("<H", out, start + 26)[0]
        if out[start + 30 : start + 30 + length] == encoded:
            struct.pack_into("<I", out, start + 22, declared)
        start += 4
    # Central directory: uncompressed size at offset 24, name length at 28, name at 46; zip64 extra after the name.
    start = 0
    while (start := out.find(b"PK\x01\x02", start)) != -1:
        length, extra = struct.unpack_from("<HH", out, start + 28)
        if out[start + 46 : start + 46 + length] == encoded:
            struct.pack_into("<I", out, start + 24, declared)
            offset = start + 46 + length
            end = offset + extra
            while offset + 4 <= end:  # a zip64 extra field carries the real sizes: lie there too
                tag, size = struct.unpack_from("<HH", out, offset)
                if tag == 1 and size >= 8:
                    struct.pack_into("<Q", out, offset + 4, declared)
                offset += 4 + size
        start += 4
    return bytes(out)


def lying_sizes(megabytes: int = 64) -> bytes:
    """A huge cell whose zip directory says the shared strings are 1 KB: declared sizes can lie."""
    return _lie_about_sizes(huge_cell(megabytes), "xl/sharedStrings.xml", 1024)


_LAUGHS = (
    '<!DOCTYPE sst [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)


def billion_laughs() -> bytes:
    """Entities that expand to 10^9 "lol"s in the shared strings."""
    shared = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{_LAUGHS}'
        f'<sst xmlns="{MAIN_NS}"><si><t>&lol9;</t></si></sst>'
    )
    return workbook(sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), shared)


def external_entity(path: str = "/etc/passwd") -> bytes:
    """A shared string that would be the contents of a file on the server (XXE)."""
    shared = (
        f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file://{path}">]>'
        f'<sst xmlns="{MAIN_NS}"><si><t>&xxe;</t></si></sst>'
    )
    return workbook(sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), shared)


def wide_row(cells: int = 1_000_000) -> bytes:
    """One row of a million empty-valued cells: a parser that builds the row first holds a million dicts."""
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN_NS}"><sheetData><row>'
    return workbook(_repeat(head.encode(), b"<c><v>1</v></c>", cells * 15, b"</row></sheetData></worksheet>"))


def many_rows(rows: int = 20_000) -> bytes:
    """More rows with values than the import takes."""
    lines = [inline_row(1, HEADER)] + [inline_row(n, (f"Zorg {n}", *GOOD_ROW[1:])) for n in range(2, rows + 2)]
    return workbook(sheet_xml("".join(lines)))


def far_row() -> bytes:
    """A header, then one row said to be row 1,000,000,000: a reader fills the gap with empty rows."""
    rows = inline_row(1, HEADER) + '<row r="1000000000"><c r="A1000000000" t="inlineStr"><is><t>x</t></is></c></row>'
    return workbook(sheet_xml(rows))


def many_parts(parts: int = 60_000) -> bytes:
    """A zip with tens of thousands of tiny members: its directory alone costs a reader tens of MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        for i in range(parts):
            archive.writestr(f"{i}", b"")
    return buffer.getvalue()


def blank_lines_csv(lines: int = 4_000_000) -> bytes:
    """A CSV of a header and four million blank lines: a reader that keeps every row holds four million lists."""
    return (",".join(HEADER) + "\n").encode() + b"\n" * lines


def long_cell_csv(size: int = 4_000_000) -> bytes:
    """A CSV whose one cell is 4 MB: longer than Python's csv field limit."""
    return (",".join(HEADER) + "\n").encode() + b'"' + b"A" * size + b'",care,BE254,2026-01-05,2,3,2\n'


def wide_csv(cells: int = 2_000_000) -> bytes:
    """A CSV header of two million empty column names."""
    return b"," * cells + b"\n" + (",".join(GOOD_ROW) + "\n").encode()


# --- translation files ----------------------------------------------------------------------------------------------

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"


def xliff_billion_laughs(locale: str = "nl") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        + _LAUGHS.replace("sst", "xliff")
        + f'<xliff xmlns="{XLIFF_NS}" version="1.2"><file original="x" source-language="en" target-language="{locale}"'
        ' datatype="plaintext"><body><trans-unit id="step/1/title"><source>Talents</source>'
        "<target>&lol9;</target></trans-unit></body></file></xliff>"
    ).encode()


def xliff_external_entity(locale: str = "nl", path: str = "/etc/passwd") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file://{path}">]>'
        f'<xliff xmlns="{XLIFF_NS}" version="1.2"><file original="x" source-language="en" target-language="{locale}"'
        ' datatype="plaintext"><body><trans-unit id="step/1/title"><source>Talents</source>'
        "<target>&xxe;</target></trans-unit></body></file></xliff>"
    ).encode()


def xliff_many_elements(size: int = 4_900_000, locale: str = "nl") -> bytes:
    """Just under 5 MB of empty elements: parsed into a tree, over a million elements."""
    head = (
        f'<?xml version="1.0" encoding="UTF-8"?><xliff xmlns="{XLIFF_NS}" version="1.2"><file original="x" '
        f'source-language="en" target-language="{locale}" datatype="plaintext"><body>'
    ).encode()
    tail = b"</body></file></xliff>"
    return head + b"<x/>" * ((size - len(head) - len(tail)) // 4) + tail


def po_many_entries(size: int = 4_900_000, locale: str = "nl") -> bytes:
    """Just under 5 MB of tiny PO entries: parsed into a catalogue, about 170,000 messages."""
    head = f'msgid ""\nmsgstr ""\n"Language: {locale}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'.encode()
    out = bytearray(head)
    i = 0
    while len(out) < size - 64:
        out += f'msgctxt "k{i}"\nmsgid "s"\nmsgstr "t"\n\n'.encode()
        i += 1
    return bytes(out)
