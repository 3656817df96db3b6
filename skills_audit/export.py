"""The report as a table, written as CSV or XLSX, with exactly the report's suppression.

One row per place and competence: every partner region (the cross-border comparison) and every centre of the
chosen region, for the chosen sector. A hidden figure is written as its label in the reader's language ("hidden
(fewer than 5)" or "hidden (to protect another figure)", each only where it is true), never as a number; the
employers' names are never written. Shares are whole percentages.

Every spreadsheet written here goes through `to_csv` / `to_xlsx`, which make two promises for partners' Excel:
- the CSV uses the separator Excel expects in the reader's language: where the decimal mark is a comma (nl, fr),
  Excel's list separator is the semicolon, and a comma-separated file would open as one column;
- no text cell is ever read as a formula: names and labels come from editors' content, and a cell starting with
  = + - @ (or a tab or carriage return) is neutralised as OWASP advises for CSV injection: a leading apostrophe
  in CSV, a plain text cell with Excel's quote prefix in XLSX.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeGuard

from babel.numbers import get_decimal_symbol

from guide.core.i18n import N_, translations
from guide.core.timeutil import as_utc
from skills_audit.framework import Framework
from skills_audit.report import (
    PROTECT,
    SHARE_SMALL,
    SMALL,
    CompetenceFigures,
    Report,
    competence_figures,
    hidden_label,
    name_resolver,
    sentence,
    whole_percent,
)

FORMATS = ("csv", "xlsx")
HEADERS = (
    N_("Period"),
    N_("Region"),
    N_("Centre"),
    N_("Sector"),
    N_("Competence"),
    N_("Level employers ask"),
    N_("Importance (1-3)"),
    N_("Employers surveyed"),
    N_("Job seekers"),
)
TAIL_HEADERS = (
    N_("Not enough answers"),
    N_("At or above the level employers ask"),
    N_("Share at or above the level (%)"),
    N_("Gap"),
    N_("In words"),
)


def table(report: Report, framework: Framework, locale: str) -> list[list[object]]:
    """The header and the rows; hidden figures as the localised word, missing ones (no requirement) empty."""
    cube = report.cube
    places = cube.places
    gettext = translations(locale).gettext
    names = name_resolver(places, framework)
    header: list[object] = [gettext(h) for h in HEADERS]
    header += [framework.scale_label(level, locale) for level in cube.scale]
    header += [gettext(h) for h in TAIL_HEADERS]
    out: list[list[object]] = [header]
    period = period_words(report, gettext)

    def cell(value: object, is_hidden: bool, reason: str | None = None) -> object:
        return hidden_label(reason, cube.k, gettext) if is_hidden else ("" if value is None else value)

    def row(region: str, centre: str, figures: CompetenceFigures, with_sentence: bool) -> list[object]:
        survey = cube.surveys.get((region, report.sector))
        required = figures.required
        shown = [
            period,
            places.region_name(region, locale),
            places.centre_name(centre, locale) if centre else "",
            places.sector_name(report.sector, locale),
            framework.competence_name(figures.competence, locale),
            required.level if required else "",
            required.importance if required else "",
            survey.employers if survey and not centre else "",
            cell(figures.respondents, figures.respondents is None, figures.reason("respondents")),
        ]
        shown += [
            cell(figures.levels[level], figures.levels[level] is None, figures.reason(level)) for level in cube.scale
        ]
        shown.append(cell(figures.no_level, figures.no_level is None, figures.reason("no_level")))
        if required:
            shown.append(cell(figures.at_or_above, figures.at_or_above is None, figures.reason("at_or_above")))
            share_reason = SHARE_SMALL if figures.share_reason == SMALL else PROTECT
            shown.append(cell(whole_percent(figures.share), figures.share is None, share_reason))
            gap_words = figures.gap_words
            shown.append(gettext(gap_words.msgid) if gap_words else hidden_label(share_reason, cube.k, gettext))
        else:
            shown += ["", "", ""]
        message = sentence(figures, region, report.sector) if with_sentence and required else None
        shown.append(message.render(locale, names) if message else "")
        return shown

    for region in places.regions():
        for comp in cube.competences:
            figures = competence_figures(cube, ("region", region), report.sector, comp)
            out.append(row(region, "", figures, with_sentence=region == report.region))
    for centre in places.centres_in_region(report.region):
        for comp in cube.competences:
            figures = competence_figures(cube, ("centre", centre), report.sector, comp)
            out.append(row(report.region, centre, figures, with_sentence=False))
    return out


def period_words(report: Report, gettext: Callable[[str], str]) -> str:
    """The period column: the period alone while it has one release, else which release of it and its date (a
    file names the release it was cut from, as the page does)."""
    release = report.release
    if release is None or release.newest == 1:
        return report.period_label
    return gettext("%(period)s, release %(number)s of %(newest)s, made on %(date)s") % {
        "period": report.period_label, "number": release.number, "newest": release.newest,
        "date": as_utc(release.made_at).date().isoformat()}


def export_suffix(report: Report) -> str:
    """What a file's name adds for a period with more than one release: "-release-2"."""
    release = report.release
    return "" if release is None or release.newest == 1 else f"-release-{release.number}"


# What a spreadsheet takes as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and value.lstrip(" ")[:1] in FORMULA_STARTS


def neutralised(value: object) -> object:
    """A text that a spreadsheet would run as a formula, made plain text with a leading apostrophe."""
    return "'" + value if is_formula_like(value) else value


@dataclass(frozen=True)
class CsvStyle:
    delimiter: str
    decimal: str


def csv_style(locale: str) -> CsvStyle:
    """The separators Excel uses for a language's regional settings: ";" wherever the decimal mark is ","."""
    decimal = get_decimal_symbol(locale)
    return CsvStyle(delimiter=";" if decimal == "," else ",", decimal=decimal)


def _csv_value(value: object, style: CsvStyle) -> object:
    if isinstance(value, float):
        return str(value).replace(".", style.decimal)
    return neutralised(value)


def to_csv(rows: list[list[object]], locale: str) -> bytes:
    """UTF-8 with a byte order mark (so that Excel opens accents right), in the language's CSV style."""
    style = csv_style(locale)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=style.delimiter)
    writer.writerows([_csv_value(v, style) for v in r] for r in rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[list[object]], sheet_title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for r in rows:
        cells: list[object] = []
        for value in r:
            if is_formula_like(value):
                # openpyxl writes any text starting with "=" as a formula: a text cell with the quote prefix is
                # shown as typed and stays text when someone edits it in Excel
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                cell.quotePrefix = True
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export(report: Report, framework: Framework, locale: str, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    rows = table(report, framework, locale)
    if fmt == "csv":
        return to_csv(rows, locale)
    return to_xlsx(rows, f"{report.region} {report.sector} {report.period_label}")
